//! Vehicle identification numbers (ISO 3779): 17 characters without I, O,
//! Q. North America and China (GB 16735) require the check digit in
//! position 9; elsewhere it is optional, so a failed check is shape only.

use crate::checksum::vin;
use crate::detect::{Cell, Detector, Hit, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The VIN detector.
pub struct Vin;

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str =
    "车架号|车辆识别代号|车辆识别码|车辆识别代码|vin|vin number|vin no|chassis number|chassis no";

const META: Meta = Meta::new("vin", Entity::Vin)
    .overrules_header()
    .embedded()
    .headers(HEADERS)
    .pi(PiCategory::Other, false);

impl Detector for Vin {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.chars == 17 && s.alnum() && s.letters >= 2 && s.digits >= 5
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let b = cell.text.as_bytes();
        if b.iter()
            .any(|c| matches!(c.to_ascii_uppercase(), b'I' | b'O' | b'Q'))
        {
            return Hit::NO;
        }
        // The last four characters of a VIN are always digits (serial).
        if !b[13..].iter().all(u8::is_ascii_digit) {
            return Hit::NO;
        }
        Hit::valid_or_shape(vin(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        check_table(
            &Vin,
            &[
                ("1M8GDM9AXKP042788", Level::Valid),
                ("LSVAU2180N2183294", Level::Shape),
                ("1M8GDM9A1KP042788", Level::Shape),
                ("1M8GDM9AXKP04278O", Level::No),
                ("ABCDEFGHJKLMNPRST", Level::No),
            ],
        );
    }
}
