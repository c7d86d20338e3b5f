//! Medical record numbers (MRN, 病历号, 住院号, 门诊号): formats are local to
//! each hospital, so any 5–20 character alphanumeric code has the shape and
//! the header decides; the column rule also wants one value per patient.

use crate::detect::{mark, Cell, Detector, Hit, Meta, Shape};
use crate::entity::Entity;

/// The MRN detector.
pub struct Mrn;

const META: Meta = Meta::new("mrn", Entity::MedicalRecordNumber).needs_header();

impl Detector for Mrn {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        (4..=20).contains(&s.chars)
            && s.digits >= 4
            && s.ascii()
            && s.spaces == 0
            && s.marks & !(mark::DASH | mark::UNDERSCORE) == 0
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
            &Mrn,
            &[
                ("MRN-0012345", Level::Shape),
                ("ZY20230001", Level::Shape),
                ("abc", Level::No),
            ],
        );
    }
}
