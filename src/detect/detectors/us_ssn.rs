//! US social security numbers: AAA-GG-SSSS with area not 000, 666 or 9xx,
//! group not 00, serial not 0000. Dashed numbers match on their own; bare
//! nine-digit numbers need a header (they are everywhere).

use super::num;
use crate::detect::{mark, Cell, Detector, Hit, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The SSN detector.
pub struct UsSsn;

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "ssn|social security|social security number|social security no|ss number";

const META: Meta = Meta::new("us_ssn", Entity::UsSsn)
    .embedded()
    .headers(HEADERS)
    .pi(PiCategory::Identity, true);

impl Detector for UsSsn {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.digits == 9
            && s.chars <= 11
            && s.letters == 0
            && s.marks & !mark::DASH == 0
            && s.spaces <= 2
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let b = cell.text.as_bytes();
        let (a, g, s, dashed) = match b.len() {
            11 if (b[3] == b'-' && b[6] == b'-') || (b[3] == b' ' && b[6] == b' ') => {
                (&b[0..3], &b[4..6], &b[7..11], true)
            }
            9 => (&b[0..3], &b[3..5], &b[5..9], false),
            _ => return Hit::NO,
        };
        let (Some(a), Some(g), Some(s)) = (num(a), num(g), num(s)) else {
            return Hit::NO;
        };
        let ok = a != 0 && a != 666 && a < 900 && g != 0 && s != 0;
        match (ok, dashed) {
            (true, true) => Hit::VALID,
            (true, false) => Hit::SHAPE,
            (false, _) => Hit::NO,
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
            &UsSsn,
            &[
                ("123-45-6789", Level::Valid),
                ("123 45 6789", Level::Valid),
                ("123456789", Level::Shape),
                ("000-45-6789", Level::No),
                ("666-45-6789", Level::No),
                ("923-45-6789", Level::No),
                ("123-00-6789", Level::No),
                ("123-45-0000", Level::No),
                ("123-456-789", Level::No),
            ],
        );
    }
}
