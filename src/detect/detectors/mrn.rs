//! Medical record numbers (MRN, 病历号, 住院号, 门诊号): formats are local to
//! each hospital, so any 5–20 character alphanumeric code has the shape and
//! the header decides; the column rule also wants one value per patient.

use crate::detect::{mark, Cell, Detector, Hit, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The MRN detector.
pub struct Mrn;

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "病历号|病案号|住院号|门诊号|就诊卡号|就诊号|病历编号|住院编号|患者编号|病人编号|医保卡号|mrn|medical record\
     |medical record number|medical record no|patient id|patient number|patient no\
     |chart number|hospital number|health record number|record number|insurance id\
     |insurance number|health plan id|beneficiary number|社保卡号|医保号|chart no\
     |patient nbr|patient num|patient key|pat id|subject id|subject number";

const META: Meta = Meta::new("mrn", Entity::MedicalRecordNumber)
    .needs_header()
    .headers(HEADERS)
    .pi(PiCategory::Health, true);

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
