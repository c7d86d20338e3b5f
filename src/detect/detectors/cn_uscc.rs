//! 统一社会信用代码 (GB 32100-2015): 18 characters without I O S V Z; the
//! last is a mod-31 check over the first 17. About a quarter of real codes
//! are digits only, and so the length of a resident ID: those count only
//! when their region is a province, their organisation code (characters
//! 9–17, GB 11714) checks as well, and they are not a valid resident ID —
//! together about one random 18-digit number in a thousand.

use super::cn_province_code;
use crate::checksum::{gb11643, gb11714, gb32100};
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
        s.chars == 18 && s.alnum() && (s.letters >= 1 && s.digits >= 8 || s.digits == 18)
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let b = cell.text.as_bytes();
        // Registration authority (1-9, A-G, Y) then entity type digit.
        if !(b[0].is_ascii_digit() && b[0] != b'0' || matches!(b[0], b'A'..=b'G' | b'Y')) {
            return Hit::NO;
        }
        if b.iter().all(u8::is_ascii_digit) {
            let usccs = cn_province_code(b[2], b[3]) && gb11714(&b[8..17]) && gb32100(b);
            return if usccs && !gb11643(b) {
                Hit::valid_or_shape(true)
            } else {
                Hit::NO
            };
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
                // Digits only: region 11 (Beijing), organisation code
                // 10000002-4 and the USCC check all hold.
                ("911100001000000248", Level::Valid),
                ("911100001000000249", Level::No),
                // The organisation code's check fails.
                ("911100001000000328", Level::No),
                // A resident ID is not read as one.
                ("110105194912310021", Level::No),
            ],
        );
    }
}
