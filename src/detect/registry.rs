//! THE list of detectors. Adding a detector is one file in `detectors/`
//! and one line here. Order matters only for ties: more specific first.

use super::detectors::*;
use super::{Detector, MaskStyle, PiCategory};
use crate::entity::Entity;

/// Every detector, most specific first.
pub static DETECTORS: &[&dyn Detector] = &[
    &cn_resident_id::CnResidentId,
    &cn_uscc::CnUscc,
    &iban::Iban,
    &hk_id::HkId,
    &tw_national_id::TwNationalId,
    &vin::Vin,
    &imei::Imei,
    &bank_card::BankCard,
    &phone::Phone,
    &email::Email,
    &us_ssn::UsSsn,
    &ip::IpAddress,
    &mac::MacAddress,
    &url::Url,
    &license_plate::LicensePlate,
    &cn_passport::CnPassport,
    &cn_travel_permit::CnTravelPermit,
    &passport::Passport,
    &gps::Gps,
    &address::StreetAddress,
    &person_name::PersonName,
    &account_id::AccountId,
    &mrn::Mrn,
    &date::Date,
    &age::Age,
    &gender::Gender,
    &postal_code::PostalCode,
    &region::Region,
    &vocab::Vocab::new(Entity::Ethnicity, "ethnicity").pi(PiCategory::Basic, false),
    &vocab::Vocab::new(Entity::Nationality, "nationality").pi(PiCategory::Basic, false),
    &occupation::Occupation,
    &vocab::Vocab::new(Entity::Education, "education").pi(PiCategory::EducationWork, false),
    &vocab::Vocab::new(Entity::MaritalStatus, "marital_status").pi(PiCategory::Other, false),
    &employer::Employer,
    &health::Health,
    &financial::Financial,
    &vocab::Vocab::new(Entity::Religion, "religion").pi(PiCategory::Other, true),
    &vocab::Vocab::new(Entity::Political, "political").pi(PiCategory::Other, true),
    &vocab::Vocab::new(Entity::SexualOrientation, "sexual_orientation").pi(PiCategory::Other, true),
    &vocab::Vocab::new(Entity::CriminalRecord, "criminal_record").pi(PiCategory::Other, true),
    &biometric::Biometric,
];

/// The PI category of a column of `entity` and whether it is sensitive PI,
/// as the detector of that entity declares them; `None` for NONE. Birth
/// dates are the date detector's; free text is communication (messages
/// and their content).
pub fn pi_of(entity: Entity) -> Option<(PiCategory, bool)> {
    let owner = match entity {
        Entity::None => return None,
        Entity::FreeText => return Some((PiCategory::Communication, false)),
        Entity::DateOfBirth => Entity::Date,
        e => e,
    };
    DETECTORS
        .iter()
        .find(|d| d.entity() == owner)
        .map(|d| (d.meta().pi_category, d.meta().sensitive_pi))
}

/// How the `mask` operator hides values of `entity`: its detector's
/// convention, or the first and last character.
pub fn mask_style_of(entity: Entity) -> MaskStyle {
    DETECTORS
        .iter()
        .find(|d| d.entity() == entity)
        .map_or(MaskStyle::Ends(1, 1), |d| d.meta().mask)
}

/// Bit mask with every detector set.
pub fn all_mask() -> u64 {
    if DETECTORS.len() >= 64 {
        u64::MAX
    } else {
        (1u64 << DETECTORS.len()) - 1
    }
}

/// Indexes of the detectors whose validation is a check digit or a strict
/// syntax, strong enough to overrule a header and to shadow other
/// detectors matching the same cell (computed once).
pub fn checksum_mask() -> u64 {
    static MASK: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *MASK.get_or_init(|| {
        DETECTORS
            .iter()
            .enumerate()
            .filter(|(_, d)| d.meta().overrules_header)
            .fold(0, |m, (i, _)| m | 1 << i)
    })
}

/// The index of the detector with this id.
pub fn detector_index(id: &str) -> Option<usize> {
    DETECTORS.iter().position(|d| d.id() == id)
}

/// Indexes of the detectors that also search inside free text (computed
/// once: it is asked for every free-text cell).
pub fn embedded_mask() -> u64 {
    static MASK: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *MASK.get_or_init(|| {
        DETECTORS
            .iter()
            .enumerate()
            .filter(|(_, d)| d.embedded())
            .fold(0, |m, (i, _)| m | 1 << i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_personal_entity_has_a_pi_category() {
        for &e in Entity::ALL {
            assert_eq!(pi_of(e).is_none(), e == Entity::None, "{}", e.name());
        }
        // PIPL Art. 28 / GB/T 35273 Annex B.
        for e in [
            Entity::CnResidentId,
            Entity::BankCard,
            Entity::GpsCoordinates,
            Entity::Health,
            Entity::Biometric,
            Entity::Religion,
            Entity::CriminalRecord,
        ] {
            assert_eq!(pi_of(e).map(|p| p.1), Some(true), "{}", e.name());
        }
        for e in [Entity::PersonName, Entity::PhoneNumber, Entity::Gender] {
            assert_eq!(pi_of(e).map(|p| p.1), Some(false), "{}", e.name());
        }
        assert_eq!(
            pi_of(Entity::DateOfBirth).map(|p| p.0),
            Some(PiCategory::Basic)
        );
    }

    #[test]
    fn every_detector_and_entity_is_worded_in_every_language() {
        for &(tag, _) in crate::i18n::LANGS {
            let d = crate::i18n::dictionary(tag);
            let has = |k: &str| d.keys().any(|x| x == k);
            for det in DETECTORS {
                for key in [
                    format!("check.{}", det.id()),
                    format!("detector.{}", det.id()),
                ] {
                    assert!(has(&key), "{tag} lacks {key}");
                }
            }
            for e in Entity::ALL {
                let key = format!("entity.{}", e.name());
                assert!(has(&key), "{tag} lacks {key}");
            }
        }
    }

    #[test]
    fn registry_is_sane() {
        assert!(DETECTORS.len() < 64, "masks are u64");
        let mut ids: Vec<_> = DETECTORS.iter().map(|d| d.id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), DETECTORS.len(), "detector ids are unique");
        // Every personal entity of the spec has a detector (FREE_TEXT is
        // column-level, NONE is the absence of one).
        for &e in Entity::ALL {
            if matches!(e, Entity::FreeText | Entity::None | Entity::DateOfBirth) {
                continue;
            }
            assert!(
                DETECTORS.iter().any(|d| d.entity() == e),
                "no detector for {}",
                e.name()
            );
        }
    }
}
