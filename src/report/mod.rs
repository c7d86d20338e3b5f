//! The one serialisable report: what `privscan scan --json` prints and what
//! the page receives from the worker. The contract is
//! `docs/report.schema.json`, with a guide in `docs/report.md`. It never holds a
//! raw identifier value: examples are masked by [`crate::mask::ops`].

pub mod compliance;
pub mod html;

use crate::entity::{Entity, Kind};
use crate::message::Message;
use serde::Serialize;
use std::collections::BTreeMap;

/// The schema id of this report format.
pub const SCHEMA: &str = "privscan.report/2";

/// The scan report.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// `privscan.report/2`.
    pub schema: &'static str,
    /// The tool that wrote it.
    pub tool: Tool,
    /// What was read.
    pub input: InputInfo,
    /// One verdict per column, in file order.
    pub columns: Vec<ColumnReport>,
    /// Counts for the one-line summary.
    pub summary: Summary,
    /// Re-identification risk over the quasi-identifiers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<crate::risk::RiskReport>,
    /// The columns the purpose of processing does not need (`--purpose`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimisation: Option<compliance::Minimisation>,
    /// The policy preset in force (`--policy`): each column's rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<crate::mask::policy::PolicyCheck>,
    /// Suggested masking: a plan for `privscan mask --plan`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<crate::mask::plan::Step>,
    /// After masking: what was done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub masking: Option<crate::mask::apply::Masking>,
}

/// Tool name and version.
#[derive(Clone, Debug, Serialize)]
pub struct Tool {
    /// `privscan`.
    pub name: &'static str,
    /// Crate version.
    pub version: &'static str,
}

impl Default for Tool {
    fn default() -> Self {
        Tool {
            name: "privscan",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// How the input was read.
#[derive(Clone, Debug, Serialize)]
pub struct InputInfo {
    /// File name, if known.
    pub name: Option<String>,
    /// Input size in bytes.
    pub bytes: u64,
    /// SHA-256 of the input bytes (hex), computed in the same pass.
    pub sha256: String,
    /// WHATWG name of the encoding decoded.
    pub encoding: String,
    /// `bom | valid_utf8 | guessed | forced`.
    pub encoding_confidence: &'static str,
    /// The field delimiter (`"\t"` for tab).
    pub delimiter: String,
    /// The quote character.
    pub quote: String,
    /// Whether the first row was read as a header.
    pub has_header: bool,
    /// Data rows (header excluded).
    pub rows: u64,
    /// Columns (the widest row decides).
    pub columns: usize,
    /// What was tolerated on the way.
    pub anomalies: Anomalies,
    /// For a workbook: its format and sheets (the table is the sheet read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workbook: Option<crate::input::WorkbookInfo>,
    /// For a report merged from the saved states of a table's parts
    /// (`privscan merge`): each part, in order. `bytes` is then their
    /// sum and `sha256` the SHA-256 of their SHA-256s (hex, in order).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parts: Option<Vec<PartInfo>>,
}

/// One part of a table whose report was merged from its parts' states.
#[derive(Clone, Debug, Serialize)]
pub struct PartInfo {
    /// The part's file name.
    pub name: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// SHA-256 of its bytes (hex).
    pub sha256: String,
    /// Its data rows.
    pub rows: u64,
}

/// Irregularities that were tolerated and counted.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Anomalies {
    /// Rows whose field count differs from the header's (or the first row's).
    pub ragged_rows: u64,
    /// Input bytes that could not be decoded and were replaced by U+FFFD.
    pub replaced_bytes: u64,
    /// NUL characters in the text.
    pub nul_bytes: u64,
    /// Title lines above the header (a spreadsheet's caption row), skipped
    /// by the scan and left out of the masked file. Absent when none.
    #[serde(skip_serializing_if = "is_zero")]
    pub title_rows: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The verdict for one column.
#[derive(Clone, Debug, Serialize)]
pub struct ColumnReport {
    /// 0-based position.
    pub index: usize,
    /// Header text, or `column_N` (1-based) without a header.
    pub name: String,
    /// Entity name (see [`crate::entity`]).
    pub entity: Entity,
    /// `direct | quasi | sensitive | none`.
    pub kind: Kind,
    /// The PI category (GB/T 35273-2020 Annex A) of a personal column;
    /// `null` when the column is not personal.
    pub pi_category: Option<crate::detect::PiCategory>,
    /// Sensitive personal information (PIPL Art. 28, GB/T 35273 Annex B).
    pub sensitive_pi: bool,
    /// 0..1.
    pub confidence: f64,
    /// Cells with a value.
    pub non_empty: u64,
    /// Cells that matched `entity`.
    pub matched: u64,
    /// Distinct values (a lower bound when `distinct_capped`).
    pub distinct: u64,
    /// The distinct count stopped at its cap.
    pub distinct_capped: bool,
    /// Why: coded evidence (`docs/report.schema.json`).
    pub evidence: Vec<Message>,
    /// Masked examples.
    pub examples: Vec<String>,
    /// For free text: identifiers found inside cells, per entity.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub embedded: BTreeMap<String, u64>,
}

/// Column counts by kind, and a one-line verdict.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// Direct-identifier columns.
    pub direct: usize,
    /// Quasi-identifier columns.
    pub quasi: usize,
    /// Sensitive-attribute columns.
    pub sensitive: usize,
    /// Columns found not personal.
    pub none: usize,
    /// Columns holding sensitive personal information (PIPL Art. 28).
    pub sensitive_pi_columns: usize,
    /// How many people the file covers.
    pub individuals: compliance::Individuals,
    /// Records of people under 14 at the reference date (absent without
    /// an age, birth-date or resident-ID column, or without a date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minors: Option<compliance::Minors>,
    /// The cross-border route for this file's counts.
    pub cross_border: compliance::CrossBorder,
    /// The verdict, coded (`identifies_people`, `combinable`,
    /// `little_identifying`, `not_about_people`, `no_personal_data`).
    pub verdict: Message,
}

/// What the summary needs beyond the columns.
#[derive(Clone, Copy, Debug, Default)]
pub struct SummaryFacts<'a> {
    /// Data rows.
    pub rows: u64,
    /// Per column, the minors its winning detector counted.
    pub minors: &'a [Option<u64>],
    /// The reference date for minors (`YYYY-MM-DD`), when there is one.
    pub as_of: Option<&'a str>,
    /// A critical information infrastructure operator, or important data.
    pub cii_or_important: bool,
}

/// The summary verdicts: one rule for the CLI, the page and the printable
/// report.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum Verdict {
    /// Direct identifiers are present.
    IdentifiesPeople {
        /// Direct-identifier columns.
        direct: usize,
        /// Quasi-identifier columns.
        quasi: usize,
    },
    /// Two or more quasi-identifiers and no direct identifier.
    Combinable {
        /// Quasi-identifier columns.
        quasi: usize,
    },
    /// One quasi-identifier or sensitive columns only.
    LittleIdentifying {
        /// Quasi-identifier columns.
        quasi: usize,
        /// Sensitive columns.
        sensitive: usize,
    },
    /// Quasi-identifier-like columns of place and time only (regions,
    /// postal codes, dates), and nothing that points to a person: the rows
    /// appear to describe places or events (weather days, flights,
    /// airports), not people.
    NotAboutPeople {
        /// Quasi-identifier columns.
        quasi: usize,
        /// Columns of coordinates (the places' own).
        coordinates: usize,
    },
    /// Nothing personal.
    NoPersonalData,
}

/// Quasi-identifiers that describe a place or a time as well as a person
/// (a country is an airport's as much as a nationality): alone, they do
/// not show that the rows are about people.
const PLACE_OR_TIME: &[Entity] = &[
    Entity::Region,
    Entity::PostalCode,
    Entity::Date,
    Entity::Nationality,
];

impl Summary {
    /// The summary of a report's columns: counts by kind, the verdict,
    /// and what a provider must state (people, minors, the cross-border
    /// route).
    pub fn of(columns: &[ColumnReport], facts: &SummaryFacts<'_>) -> Summary {
        let individuals = compliance::individuals(columns, facts.rows);
        let minors = facts
            .as_of
            .and_then(|d| compliance::minors(columns, facts.minors, d));
        let cross_border = compliance::cross_border(
            columns,
            &individuals,
            minors.as_ref(),
            facts.cii_or_important,
        );
        let mut s = Summary {
            direct: 0,
            quasi: 0,
            sensitive: 0,
            none: 0,
            sensitive_pi_columns: columns.iter().filter(|c| c.sensitive_pi).count(),
            individuals,
            minors,
            cross_border,
            verdict: Message::of(&Verdict::NoPersonalData),
        };
        for c in columns {
            match c.kind {
                Kind::Direct => s.direct += 1,
                Kind::Quasi => s.quasi += 1,
                Kind::Sensitive => s.sensitive += 1,
                Kind::None => s.none += 1,
            }
        }
        let place_or_time_only = columns
            .iter()
            .filter(|c| c.kind == Kind::Quasi)
            .all(|c| PLACE_OR_TIME.contains(&c.entity));
        // Coordinates beside places and times only are the places' own
        // (airports, stations); beside anything about a person they are
        // where that person was.
        let coordinates = columns
            .iter()
            .filter(|c| c.entity == Entity::GpsCoordinates)
            .count();
        let verdict = if s.direct == coordinates
            && s.quasi + coordinates > 0
            && s.sensitive == 0
            && place_or_time_only
        {
            Verdict::NotAboutPeople {
                quasi: s.quasi,
                coordinates,
            }
        } else if s.direct > 0 {
            Verdict::IdentifiesPeople {
                direct: s.direct,
                quasi: s.quasi,
            }
        } else if s.quasi >= 2 {
            Verdict::Combinable { quasi: s.quasi }
        } else if s.quasi + s.sensitive > 0 {
            Verdict::LittleIdentifying {
                quasi: s.quasi,
                sensitive: s.sensitive,
            }
        } else {
            Verdict::NoPersonalData
        };
        s.verdict = Message::of(&verdict);
        s
    }
}
