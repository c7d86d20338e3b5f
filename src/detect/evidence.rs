//! The evidence codes of a column verdict (`docs/report.schema.json`,
//! family `evidence`): what the detectors' column rules and the verdict
//! say, worded by the `msg.<code>` entries of the dictionaries.

use crate::entity::Entity;
use crate::message::Message;
use serde::Serialize;
use std::collections::BTreeMap;

/// Why a column got its verdict: the evidence codes of the report
/// (`docs/report.schema.json`), worded by the `msg.<code>` entries of the
/// dictionaries.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum Evidence {
    /// The header names an entity (`word` when the matching lexicon word
    /// differs from the header text).
    Header {
        /// The header text.
        header: String,
        /// The lexicon word that matched.
        word: Option<String>,
        /// A weak word (a customer may be a company).
        weak: bool,
    },
    /// No cell has a value.
    ColumnEmpty,
    /// Most sampled values are masked (a file PrivScan masked, scanned again).
    ValuesMasked {
        /// Masked values.
        masked: u64,
        /// Values sampled.
        sampled: u64,
    },
    /// A spreadsheet wrote the numbers in scientific notation.
    ScientificNotation {
        /// Values in scientific notation.
        count: u64,
        /// Values sampled.
        sampled: u64,
    },
    /// 400/800 business numbers.
    Hotlines,
    /// Bare integers distributed like ages.
    AgesSpread {
        /// Median value.
        median: usize,
        /// Largest value.
        max: usize,
    },
    /// Dates with a time of day.
    Timestamps,
    /// Years spread as birth dates are.
    BirthYears {
        /// 5th percentile year.
        from: usize,
        /// 95th percentile year.
        to: usize,
    },
    /// Links into one shared site.
    OneSite,
    /// Few distinct "names": a category.
    NameCategory {
        /// Distinct values.
        distinct: u64,
    },
    /// Too few ethnic groups for an ethnicity column without a header.
    EthnicityCategory {
        /// Values that are ethnic groups.
        matched: u64,
        /// Non-empty values.
        of: u64,
    },
    /// Cells passed the detector's validation.
    CellsValid {
        /// Cells.
        matched: u64,
        /// Non-empty cells.
        of: u64,
        /// The detector id (its check is `check.<id>`).
        detector: &'static str,
        /// Estimated from the column's sample of values (it has more
        /// distinct values than the sample holds).
        estimated: bool,
    },
    /// Cells matched the detector's structure without a check.
    CellsStructure {
        /// Cells.
        matched: u64,
        /// Non-empty cells.
        of: u64,
        /// The detector id.
        detector: &'static str,
        /// Estimated from the column's sample of values.
        estimated: bool,
    },
    /// Cells have the shape, and the header decides.
    CellsShapeHeader {
        /// Cells.
        matched: u64,
        /// Non-empty cells.
        of: u64,
    },
    /// Cells have the shape but do not validate.
    CellsShapeInvalid {
        /// Cells.
        matched: u64,
        /// Non-empty cells.
        of: u64,
    },
    /// Another direct identifier in the same column.
    AlsoEntity {
        /// Cells.
        matched: u64,
        /// Non-empty cells.
        of: u64,
        /// The other entity.
        entity: Entity,
    },
    /// Consecutive integers.
    RowKey,
    /// A header decided alone.
    HeaderDecides,
    /// The table's rows are animals (a column of species): one-word names
    /// are theirs.
    AnimalNames,
    /// The table's rows are animals and nothing in it points to a person:
    /// ages, sexes and birth dates are theirs.
    DescribesAnimals,
    /// Most values cannot be what the header names (flags, codes, places).
    HeaderContradicted {
        /// Cells that cannot be the entity.
        matched: u64,
        /// Non-empty cells.
        of: u64,
        /// The entity the header names.
        entity: Entity,
    },
    /// Cells read as prose.
    FreeText {
        /// Cells.
        matched: u64,
        /// Non-empty cells.
        of: u64,
    },
    /// Short messages carrying identifiers.
    ShortMessages,
    /// Identifiers found inside free text, per entity.
    IdentifiersInside {
        /// Entity name → cells.
        counts: BTreeMap<String, u64>,
    },
    /// The best candidate counted too few cells.
    TooFew {
        /// Cells.
        matched: u64,
        /// Non-empty cells.
        of: u64,
        /// Its entity.
        entity: Entity,
    },
    /// Nothing matched.
    NoDetector,
    /// Six-digit values beside a region column.
    PostalForm {
        /// Cells.
        matched: u64,
        /// Non-empty cells.
        of: u64,
    },
    /// The table has a region or address column.
    HasPlaceColumn,
}

impl Evidence {
    /// As a report message.
    pub fn message(&self) -> Message {
        Message::of(self)
    }
}
