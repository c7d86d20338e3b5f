//! Passports of the People's Republic of China: ordinary e-passports
//! `E` + 8 digits or `E` + letter + 7 digits, older `G` + 8 digits; service
//! and diplomatic `D`/`S`/`P` + 7–8 digits are ambiguous without a header.

use crate::detect::{Cell, Detector, Hit, MaskStyle, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The CN passport detector.
pub struct CnPassport;

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "中国护照";

const META: Meta = Meta::new("cn_passport", Entity::CnPassport)
    .headers(HEADERS)
    .pi(PiCategory::Identity, true)
    .mask(MaskStyle::AlnumEnds(1, 1));

impl Detector for CnPassport {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        (8..=9).contains(&s.chars) && s.alnum() && (1..=2).contains(&s.letters)
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let b = cell.text.as_bytes();
        let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
        match (b[0], b.len()) {
            (b'E' | b'G', 9) if digits(&b[1..]) => Hit::WEAK,
            (b'E', 9)
                if b[1].is_ascii_uppercase() && !matches!(b[1], b'I' | b'O') && digits(&b[2..]) =>
            {
                Hit::WEAK
            }
            (b'D' | b'S' | b'P', 8 | 9) if digits(&b[1..]) => Hit::SHAPE,
            _ => Hit::NO,
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
            &CnPassport,
            &[
                ("E12345678", Level::Weak),
                ("EA1234567", Level::Weak),
                ("G12345678", Level::Weak),
                ("P1234567", Level::Shape),
                ("E1234567", Level::No),
                ("EI1234567", Level::No),
                ("X12345678", Level::No),
            ],
        );
    }
}
