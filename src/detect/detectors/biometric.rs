//! Biometric references: fingerprint / face / iris templates are long
//! opaque blobs (base64 or hex) or image file references; only a header
//! can say that a blob is biometric, so values are shape only.

use crate::detect::{Cell, Detector, Hit, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The biometric detector.
pub struct Biometric;

const EXT: &[&str] = &[
    ".jpg", ".jpeg", ".png", ".bmp", ".wsq", ".tif", ".tiff", ".iso", ".ansi", ".fmr",
];

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "指纹|人脸|面部|虹膜|声纹|人脸照片|生物识别|照片|fingerprint|face|facial|iris|voiceprint|biometric\
     |face template|photo|face image";

const META: Meta = Meta::new("biometric", Entity::Biometric)
    .needs_header()
    .headers(HEADERS)
    .pi(PiCategory::Biometric, true);

impl Detector for Biometric {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.spaces == 0 && s.len >= 5 && s.ascii()
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let t = cell.text;
        let lower = t.to_ascii_lowercase();
        if EXT.iter().any(|e| lower.ends_with(e)) {
            return Hit::SHAPE;
        }
        let b64 = t.len() >= 64
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
        if b64 {
            Hit::SHAPE
        } else {
            Hit::NO
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        check_table(
            &Biometric,
            &[
                ("fp_0001.wsq", Level::Shape),
                (&"QUJD".repeat(20), Level::Shape),
                ("hello", Level::No),
            ],
        );
    }
}
