//! 统一社会信用代码 (GB 32100-2015): 18 characters without I O S V Z; the
//! last is a mod-31 check over the first 17.

use crate::checksum::gb32100;
use crate::detect::{Cell, Detector, Hit, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The USCC detector.
pub struct CnUscc;

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "统一社会信用代码|社会信用代码|信用代码|纳税人识别号|税号|组织机构代码|uscc|unified social credit code\
     |credit code|tax id|taxpayer id";

const META: Meta = Meta::new("cn_uscc", Entity::CnUscc)
    .overrules_header()
    .embedded()
    .headers(HEADERS)
    .pi(PiCategory::Identity, false);

impl Detector for CnUscc {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.chars == 18 && s.alnum() && s.letters >= 1 && s.digits >= 8
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let b = cell.text.as_bytes();
        // Registration authority (1-9, A-G, Y) then entity type digit.
        if !(b[0].is_ascii_digit() && b[0] != b'0' || matches!(b[0], b'A'..=b'G' | b'Y')) {
            return Hit::NO;
        }
        Hit::valid_or_shape(gb32100(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        check_table(
            &CnUscc,
            &[
                ("91350100M000100Y43", Level::Valid),
                ("91110000600037341L", Level::Valid),
                ("91350100M000100Y44", Level::Shape),
                ("91350100M000100Y4", Level::No),
                ("0135010XM000100Y43", Level::No),
            ],
        );
    }
}
