//! Other passport numbers: ICAO 9303 allows up to 9 alphanumerics and the
//! forms vary by country, so the shape alone (6–9 characters, at least one
//! digit) is never enough: a header must say "passport".

use crate::detect::{Cell, Detector, Hit, MaskStyle, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The generic passport detector.
pub struct Passport;

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str =
    "护照|护照号|护照号码|passport|passport no|passport number|passport num|passport id";

const META: Meta = Meta::new("passport", Entity::Passport)
    .needs_header()
    .headers(HEADERS)
    .pi(PiCategory::Identity, true)
    .mask(MaskStyle::AlnumEnds(1, 1));

impl Detector for Passport {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        (6..=9).contains(&s.chars) && s.alnum() && s.digits >= 5
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let _ = cell;
        Hit::SHAPE
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        check_table(
            &Passport,
            &[
                ("123456789", Level::Shape),
                ("X1234567", Level::Shape),
                ("AB12", Level::No),
                ("张三", Level::No),
            ],
        );
    }
}
