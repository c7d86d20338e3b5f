//! Other passport numbers: ICAO 9303 allows up to 9 alphanumerics and the
//! forms vary by country, so the shape alone (6–9 characters, at least one
//! digit) is never enough: a header must say "passport".

use crate::detect::{Cell, Detector, Hit, Shape};
use crate::entity::Entity;

/// The generic passport detector.
pub struct Passport;

impl Detector for Passport {
    fn id(&self) -> &'static str {
        "passport"
    }
    fn entity(&self) -> Entity {
        Entity::Passport
    }
    fn check_name(&self) -> &'static str {
        "have the form of a passport number"
    }
    fn prefilter(&self, s: &Shape) -> bool {
        (6..=9).contains(&s.chars) && s.alnum() && s.digits >= 5
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let _ = cell;
        Hit::SHAPE
    }
    fn values_decide(&self) -> bool {
        false
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
