//! What a data provider must state about a file, worded as guidance (not
//! legal advice), each rule citing its clause:
//!
//! * how many people the file covers ([`Individuals`]): the distinct values
//!   of its strongest direct identifier, or the rows;
//! * minors ([`Minors`]): records of people under 14 at the reference date
//!   (PIPL Art. 28: their information is sensitive; Art. 31: processing it
//!   needs the consent of a parent or guardian);
//! * the cross-border route ([`CrossBorder`]) by the thresholds of the 2024
//!   Provisions on Promoting and Regulating Cross-border Data Flows
//!   (促进和规范数据跨境流动规定), Articles 5, 7 and 8.

use super::ColumnReport;
use crate::entity::{Entity, Kind};
use crate::message::Message;
use serde::Serialize;

/// How many people a file covers.
#[derive(Clone, Debug, Serialize)]
pub struct Individuals {
    /// The estimate.
    pub estimate: u64,
    /// How it was made.
    pub basis: Basis,
}

/// What an estimate rests on.
#[derive(Clone, Debug, Serialize)]
pub struct Basis {
    /// `distinct_values` (of a column) or `rows`.
    pub code: &'static str,
    /// The column, for `distinct_values`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// Its entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<Entity>,
    /// The distinct count stopped at its cap: at least this many.
    pub at_least: bool,
}

/// Records of people under 14.
#[derive(Clone, Debug, Serialize)]
pub struct Minors {
    /// Records.
    pub records: u64,
    /// The column counted (an age, a birth date, a resident ID).
    pub column: usize,
    /// Its entity.
    pub entity: Entity,
    /// The reference date (`YYYY-MM-DD`).
    pub as_of: String,
    /// What that requires (coded guidance).
    pub note: Message,
}

/// The cross-border route and the counts it rests on.
#[derive(Clone, Debug, Serialize)]
pub struct CrossBorder {
    /// People whose personal information the file holds.
    pub pi_individuals: u64,
    /// People whose sensitive personal information it holds.
    pub sensitive_individuals: u64,
    /// `exempt`, `standard_contract_or_certification` or
    /// `security_assessment`.
    pub route: &'static str,
    /// Why, citing the article (coded guidance).
    pub reason: Message,
    /// The counts are cumulative since 1 January (coded guidance).
    pub note: Message,
}

/// Data minimisation for a purpose of processing (PIPL Art. 6: the
/// minimum scope the purpose needs): the personal columns it does not need,
/// which the suggested plan drops.
#[derive(Clone, Debug, Serialize)]
pub struct Minimisation {
    /// The purpose's code (`src/mask/purposes.json`).
    pub purpose: String,
    /// Personal columns the purpose does not need.
    pub unneeded: Vec<usize>,
}

/// The coded guidance of this module.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum Guidance {
    /// Minors' information needs a guardian's consent.
    MinorsConsent {
        /// Records of minors.
        records: u64,
    },
    /// Art. 5(4): under 100,000 people, no sensitive PI.
    CrossBorderExempt,
    /// Art. 8: 100,000 to under 1,000,000 people, or sensitive PI of
    /// under 10,000.
    CrossBorderContract,
    /// Art. 7: 1,000,000 people or more, or sensitive PI of 10,000 or more.
    CrossBorderAssessment,
    /// Art. 7: a critical information infrastructure operator, or
    /// important data.
    CrossBorderAssessmentAlways,
    /// The thresholds count people cumulatively since 1 January.
    CrossBorderCumulative,
}

/// Thresholds of the 2024 Provisions (人, counted since 1 January):
/// "不满10万人" is exempt (Art. 5(4)); "10万人以上、不满100万人" needs a
/// standard contract or certification (Art. 8); "100万人以上" needs a
/// security assessment (Art. 7); for sensitive PI "不满1万人" needs a
/// contract or certification and "1万人以上" an assessment. 以上 includes the
/// number itself.
pub const EXEMPT_BELOW: u64 = 100_000;
/// See [`EXEMPT_BELOW`].
pub const ASSESSMENT_FROM: u64 = 1_000_000;
/// See [`EXEMPT_BELOW`].
pub const SENSITIVE_ASSESSMENT_FROM: u64 = 10_000;

/// The strength order of direct identifiers for counting people: an
/// identity document names one person, a phone or an account nearly so,
/// a name may be shared.
fn strength(e: Entity) -> u8 {
    match e {
        e if e.is_identity_document() => 4,
        Entity::UsSsn | Entity::MedicalRecordNumber => 4,
        Entity::PhoneNumber
        | Entity::EmailAddress
        | Entity::AccountId
        | Entity::BankCard
        | Entity::Iban => 3,
        Entity::PersonName => 1,
        _ => 2,
    }
}

/// People covered: the distinct values of the strongest direct identifier
/// (the one with most distinct values among equals), or the rows.
pub fn individuals(columns: &[ColumnReport], rows: u64) -> Individuals {
    let best = columns
        .iter()
        .filter(|c| c.kind == Kind::Direct && c.entity != Entity::FreeText && c.distinct > 0)
        .max_by_key(|c| (strength(c.entity), c.distinct, std::cmp::Reverse(c.index)));
    match best {
        Some(c) => Individuals {
            estimate: c.distinct,
            basis: Basis {
                code: "distinct_values",
                column: Some(c.index),
                entity: Some(c.entity),
                at_least: c.distinct_capped,
            },
        },
        None => Individuals {
            estimate: rows,
            basis: Basis {
                code: "rows",
                column: None,
                entity: None,
                at_least: false,
            },
        },
    }
}

/// Minors from the counts of a column judged a birth date, a resident ID
/// (its digits 7–14) or an age; a full date beats an age (an age was true
/// when the file was made, not on the reference date). `minors[i]` is the
/// count of column i's winning detector.
pub fn minors(columns: &[ColumnReport], minors: &[Option<u64>], as_of: &str) -> Option<Minors> {
    let rank = |e: Entity| match e {
        Entity::DateOfBirth | Entity::CnResidentId => 2,
        Entity::Age => 1,
        _ => 0,
    };
    let (c, records) = columns
        .iter()
        .filter(|c| rank(c.entity) > 0)
        .filter_map(|c| Some((c, minors.get(c.index).copied().flatten()?)))
        .max_by_key(|(c, _)| (rank(c.entity), c.non_empty, std::cmp::Reverse(c.index)))?;
    Some(Minors {
        records,
        column: c.index,
        entity: c.entity,
        as_of: as_of.to_string(),
        note: Message::of(&Guidance::MinorsConsent { records }),
    })
}

/// The cross-border route for a file (its own counts: the thresholds are
/// cumulative over the year, which the note says).
pub fn cross_border(
    columns: &[ColumnReport],
    people: &Individuals,
    minors: Option<&Minors>,
    cii_or_important: bool,
) -> CrossBorder {
    let personal = columns.iter().any(|c| c.kind != Kind::None);
    // Minors' information is sensitive PI too (PIPL Art. 28).
    let sensitive = columns.iter().any(|c| c.sensitive_pi) || minors.is_some_and(|m| m.records > 0);
    let pi = if personal { people.estimate } else { 0 };
    let sensitive_people = if sensitive { people.estimate } else { 0 };
    let (route, reason) = route(pi, sensitive_people, cii_or_important);
    CrossBorder {
        pi_individuals: pi,
        sensitive_individuals: sensitive_people,
        route,
        reason: Message::of(&reason),
        note: Message::of(&Guidance::CrossBorderCumulative),
    }
}

/// The route for counts of people (the table of Articles 5, 7 and 8).
pub fn route(pi: u64, sensitive: u64, cii_or_important: bool) -> (&'static str, Guidance) {
    const ASSESSMENT: &str = "security_assessment";
    const CONTRACT: &str = "standard_contract_or_certification";
    if cii_or_important {
        (ASSESSMENT, Guidance::CrossBorderAssessmentAlways)
    } else if pi >= ASSESSMENT_FROM || sensitive >= SENSITIVE_ASSESSMENT_FROM {
        (ASSESSMENT, Guidance::CrossBorderAssessment)
    } else if pi >= EXEMPT_BELOW || sensitive > 0 {
        (CONTRACT, Guidance::CrossBorderContract)
    } else {
        ("exempt", Guidance::CrossBorderExempt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The thresholds of the 2024 Provisions, at and around each boundary.
    #[test]
    fn cross_border_routes_cite_their_article() {
        let cases: &[(u64, u64, bool, &str, &str)] = &[
            // Art. 5(4): fewer than 100,000, no sensitive PI.
            (0, 0, false, "exempt", "cross_border_exempt"),
            (99_999, 0, false, "exempt", "cross_border_exempt"),
            // Art. 8: 100,000 (以上 includes it) to under 1,000,000.
            (
                100_000,
                0,
                false,
                "standard_contract_or_certification",
                "cross_border_contract",
            ),
            (
                999_999,
                0,
                false,
                "standard_contract_or_certification",
                "cross_border_contract",
            ),
            // Art. 8: sensitive PI of fewer than 10,000.
            (
                50,
                1,
                false,
                "standard_contract_or_certification",
                "cross_border_contract",
            ),
            (
                9_999,
                9_999,
                false,
                "standard_contract_or_certification",
                "cross_border_contract",
            ),
            // Art. 7: 1,000,000 or more; sensitive PI of 10,000 or more.
            (
                1_000_000,
                0,
                false,
                "security_assessment",
                "cross_border_assessment",
            ),
            (
                10_000,
                10_000,
                false,
                "security_assessment",
                "cross_border_assessment",
            ),
            // Art. 7: a CII operator or important data, whatever the counts.
            (
                1,
                0,
                true,
                "security_assessment",
                "cross_border_assessment_always",
            ),
        ];
        for &(pi, sensitive, cii, want, code) in cases {
            let (route, reason) = route(pi, sensitive, cii);
            assert_eq!(route, want, "{pi} {sensitive} {cii}");
            assert_eq!(Message::of(&reason).code, code);
        }
    }
}
