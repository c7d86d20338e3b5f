//! IMEI (3GPP TS 23.003): 14 digits and a Luhn check digit, 15 in all,
//! sometimes written with dashes or spaces.

use crate::checksum::luhn;
use crate::detect::{compact, mark, Cell, Detector, Hit, MaskStyle, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The IMEI detector.
pub struct Imei;

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "串号|手机串号|imei|imei号|meid|imei number|device imei|~设备号|~device id";

const META: Meta = Meta::new("imei", Entity::Imei)
    .embedded()
    .headers(HEADERS)
    .pi(PiCategory::Device, false)
    .mask(MaskStyle::LastFour);

impl Detector for Imei {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.digits == 15
            && s.letters == 0
            && s.marks & !(mark::DASH | mark::SLASH) == 0
            && s.chars <= 19
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let mut buf = [0u8; 64];
        let Some(d) = compact(cell.text, &mut buf) else {
            return Hit::NO;
        };
        if d.len() != 15 || !d.iter().all(u8::is_ascii_digit) {
            return Hit::NO;
        }
        // Amex numbers are 15 digits with Luhn too; they belong to bank_card.
        if d.starts_with(b"34") || d.starts_with(b"37") {
            return Hit::SHAPE;
        }
        Hit::valid_or_shape(luhn(d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        check_table(
            &Imei,
            &[
                ("490154203237518", Level::Valid),
                ("49-015420-323751-8", Level::Valid),
                ("490154203237519", Level::Shape),
                ("49015420323751", Level::No),
            ],
        );
    }
}
