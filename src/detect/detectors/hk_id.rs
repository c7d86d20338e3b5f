//! Hong Kong identity card: one or two letters, six digits and a check
//! character, usually written `A123456(3)`.

use crate::checksum::hkid;
use crate::detect::{mark, Cell, Detector, Hit, MaskStyle, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The HKID detector.
pub struct HkId;

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "香港身份证|香港身分证|hkid|hong kong id|hk id";

const META: Meta = Meta::new("hk_id", Entity::HkId)
    .overrules_header()
    .embedded()
    .headers(HEADERS)
    .pi(PiCategory::Identity, true)
    .mask(MaskStyle::AlnumEnds(1, 1));

impl Detector for HkId {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        (8..=11).contains(&s.chars)
            && s.digits >= 6
            && (1..=3).contains(&s.letters)
            && s.marks & !mark::PAREN == 0
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let mut v = [0u8; 12];
        let mut n = 0;
        for &b in cell.text.as_bytes() {
            if b == b'(' || b == b')' || b == b' ' {
                continue;
            }
            if n == v.len() {
                return Hit::NO;
            }
            v[n] = b;
            n += 1;
        }
        let v = &v[..n];
        let plen = v.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        if !(1..=2).contains(&plen) || v.len() != plen + 7 {
            return Hit::NO;
        }
        let digits = &v[plen..plen + 6];
        if !digits.iter().all(u8::is_ascii_digit) {
            return Hit::NO;
        }
        Hit::valid_or_shape(hkid(&v[..plen], digits, v[plen + 6]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        check_table(
            &HkId,
            &[
                ("A123456(3)", Level::Valid),
                ("A1234563", Level::Valid),
                ("A123456(4)", Level::Shape),
                ("A12345(3)", Level::No),
                ("AB1234567", Level::Shape),
            ],
        );
    }
}
