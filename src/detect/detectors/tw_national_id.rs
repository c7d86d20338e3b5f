//! Taiwan national identification number (中華民國國民身分證統一編號) and
//! the resident certificate number of the 2021 format (新式統一證號): a
//! letter for the place of first registration, then `1`/`2` (sex) or
//! `8`/`9` (resident certificates), seven digits and a check digit.
//!
//! The check: the letter becomes a two-digit number (A = 10 … with the
//! historical I = 34, O = 35, W = 32, X = 30, Y = 31, Z = 33); its tens
//! digit counts once, its units digit 9 times, the next eight digits
//! 8, 7 … 1 times and the check digit once; the sum is a multiple of 10.

use crate::detect::{Cell, Detector, Hit, MaskStyle, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The Taiwan ID detector.
pub struct TwNationalId;

const META: Meta = Meta::new("tw_national_id", Entity::TwNationalId)
    .overrules_header()
    .embedded()
    // Simplified forms: headers are looked up after conversion from
    // traditional characters. 身分证字号 itself is in the resident-ID
    // lexicon; both entities are identity documents, so values decide.
    .headers(
        "国民身分证统一编号|统一证号|居留证号|台湾身份证|台湾身分证|台湾身分证号|~统一编号\
         |taiwan id|tw id|roc id|arc number|resident certificate number",
    )
    .pi(PiCategory::Identity, true)
    .mask(MaskStyle::AlnumEnds(1, 1));

/// The two-digit values of the letters, A to Z.
const LETTER_VALUES: [u8; 26] = [
    10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30,
    31, 33,
];

/// Whether `id` (10 ASCII characters) passes the letter-weighted check.
pub fn valid(id: &[u8]) -> bool {
    if id.len() != 10 || !id[0].is_ascii_alphabetic() {
        return false;
    }
    if !id[1..].iter().all(u8::is_ascii_digit) || !matches!(id[1], b'1' | b'2' | b'8' | b'9') {
        return false;
    }
    let v = u32::from(LETTER_VALUES[usize::from(id[0].to_ascii_uppercase() - b'A')]);
    let mut sum = v / 10 + (v % 10) * 9;
    for (i, d) in id[1..9].iter().enumerate() {
        sum += u32::from(d - b'0') * (8 - i as u32);
    }
    sum += u32::from(id[9] - b'0');
    sum % 10 == 0
}

impl Detector for TwNationalId {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.chars == 10 && s.letters == 1 && s.digits == 9
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let b = cell.text.as_bytes();
        if b.len() != 10
            || !b[0].is_ascii_alphabetic()
            || !matches!(b[1], b'1' | b'2' | b'8' | b'9')
        {
            return Hit::NO;
        }
        Hit::valid_or_shape(valid(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        check_table(
            &TwNationalId,
            &[
                // The Ministry of the Interior's published sample.
                ("A123456789", Level::Valid),
                ("a123456789", Level::Valid),
                // One digit off: the check fails.
                ("A123456788", Level::Shape),
                ("A123456780", Level::Shape),
                // A resident certificate of the 2021 format.
                ("A800000014", Level::Valid),
                // Second character neither 1/2 nor 8/9.
                ("A323456789", Level::No),
                // Near misses: length, position of the letter.
                ("A12345678", Level::No),
                ("1A23456789", Level::No),
                ("AB12345678", Level::No),
            ],
        );
    }

    #[test]
    fn every_letter_has_a_value() {
        // The I, O, W … values are out of alphabetical order on purpose.
        let mut seen = LETTER_VALUES.to_vec();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 26);
        assert!(valid(b"Z100000002"));
        assert!(!valid(b"Z100000003"));
    }
}
