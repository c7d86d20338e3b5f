//! Travel permits: 往来港澳通行证 (`C` + 8 digits, `C` + letter + 7 digits,
//! older `W` + 8 digits), 港澳居民来往内地通行证 (`H`/`M` + 8 or 10 digits),
//! 台湾居民来往大陆通行证 (8 digits, needs a header), 大陆居民往来台湾通行证
//! (`L` + 8 digits).

use crate::detect::{Cell, Detector, Hit, MaskStyle, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The travel permit detector.
pub struct CnTravelPermit;

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "通行证|港澳通行证|往来港澳通行证|台胞证|回乡证|来往内地通行证|港澳居民来往内地通行证|台湾居民来往大陆通行证|travel permit\
     |home return permit|exit entry permit|hk macau permit";

const META: Meta = Meta::new("cn_travel_permit", Entity::CnTravelPermit)
    .headers(HEADERS)
    .pi(PiCategory::Identity, true)
    .mask(MaskStyle::AlnumEnds(1, 1));

impl Detector for CnTravelPermit {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        (8..=11).contains(&s.chars) && s.alnum() && s.letters <= 2
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let b = cell.text.as_bytes();
        let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
        match (b[0], b.len()) {
            (b'C' | b'W' | b'L', 9) if digits(&b[1..]) => Hit::WEAK,
            (b'C', 9) if b[1].is_ascii_uppercase() && digits(&b[2..]) => Hit::WEAK,
            (b'H' | b'M', 9 | 11) if digits(&b[1..]) => Hit::WEAK,
            (b'0'..=b'9', 8) if digits(b) => Hit::SHAPE,
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
            &CnTravelPermit,
            &[
                ("C12345678", Level::Weak),
                ("CA1234567", Level::Weak),
                ("H1234567801", Level::Weak),
                ("M12345678", Level::Weak),
                ("12345678", Level::Shape),
                ("C1234567", Level::No),
                ("Z12345678", Level::No),
            ],
        );
    }
}
