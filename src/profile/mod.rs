//! Per-column accumulators, fed cell by cell. Memory per column is bounded:
//! distinct values are counted exactly up to [`DISTINCT_CAP`] (then the count
//! is a lower bound), examples are capped, and detector statistics are
//! fixed-size.
//!
//! Every detector runs on the first [`SAMPLE`] non-empty cells of a column;
//! after that only the detectors that matched there stay active (their
//! counts stay exact), and every [`RECHECK_EVERY`]-th cell still runs all of
//! them, so a detector that starts matching later in the file is revived
//! (its count is then a lower bound, and the report says so).

use crate::detect::registry::{all_mask, checksum_mask, embedded_mask, DETECTORS};
use crate::detect::text::{is_texty, scan_embedded};
pub mod codes;
mod engine;
use engine::Outcome;
#[cfg(not(target_arch = "wasm32"))]
mod crew;
pub mod encode;
mod relay;
pub mod table;
use encode::Encoder;

use crate::cell::{clean_cell, looks_masked, looks_scientific};
use crate::detect::{run, Cell, Level};
use crate::entity::Entity;
use std::hash::BuildHasher;

/// Non-empty cells on which every detector runs.
pub const SAMPLE: u64 = 2000;
/// After the sample, every this-many-th cell runs every detector.
pub const RECHECK_EVERY: u64 = 128;
/// Slots of the per-column memo of vocabulary lookups (direct-mapped by
/// the cell's hash; categorical columns repeat a few values endlessly).
const VOCAB_MEMO: usize = 64;
/// Exact distinct counting up to this many values per column; past it the
/// count is a lower bound. Kept small on purpose: a large set per column
/// misses the cache on every insert and was half the cost of a scan.
pub const DISTINCT_CAP: usize = 16_384;
/// Raw examples kept per detector (masked before they leave the core).
pub const EXAMPLES: usize = 3;
/// Slots of the per-column memo of detector outcomes for repeated values,
/// at first; the memo grows to four times the column's distinct values (up to
/// [`OUTCOME_MEMO_MAX`]), as a direct-mapped table with more values than
/// slots mostly misses (a column of 700 first names hit half the time).
const OUTCOME_MEMO: usize = 512;
/// The largest memo: 8,192 slots of 40 bytes.
const OUTCOME_MEMO_MAX: usize = 8192;
/// Hits one memo entry holds; a value matching more detectors is not kept.
const OUTCOME_HITS: usize = 4;

/// What one detector saw in one column.
#[derive(Clone, Debug, Default)]
pub struct DetectorStats {
    /// Cells that validated.
    pub valid: u64,
    /// Cells that matched by structure or dictionary.
    pub weak: u64,
    /// Cells with the shape that did not validate.
    pub shape: u64,
    /// Cells whose hit carried the detector's flag.
    pub flagged: u64,
    /// Histogram of `num` (clamped to 0..=255 after subtracting `base`).
    pub hist: Vec<u32>,
    /// Up to [`EXAMPLES`] raw matching values.
    pub examples: Vec<String>,
    /// The count is a lower bound (the detector was pruned for a while).
    pub partial: bool,
    /// Sample cells where this detector matched but a check-digit detector
    /// validated the same cell (an ID from Gansu, 62…, is also card-shaped).
    pub shadowed: u64,
    /// Matching cells of people under 14 at the reference date
    /// ([`crate::detect::Detector::minor`]).
    pub minors: u64,
}

impl DetectorStats {
    /// Valid plus weak matches.
    pub fn matched(&self) -> u64 {
        self.valid + self.weak
    }

    /// The value below which `share` of the histogram lies.
    pub fn quantile(&self, share: f64) -> Option<usize> {
        crate::detect::hist_quantile(&self.hist, share)
    }

    /// Share of the most common histogram bucket.
    pub fn mode_share(&self) -> f64 {
        crate::detect::hist_mode_share(&self.hist)
    }
}

/// Per-detector statistics of one column, allocated only for detectors that
/// matched at least once (a 100,000-column table would otherwise hold forty
/// of them per column).
#[derive(Clone, Debug, Default)]
pub struct DetectorTable(Vec<Option<Box<DetectorStats>>>);

static NO_STATS: DetectorStats = DetectorStats {
    valid: 0,
    weak: 0,
    shape: 0,
    flagged: 0,
    hist: Vec::new(),
    examples: Vec::new(),
    partial: false,
    shadowed: 0,
    minors: 0,
};

impl DetectorTable {
    fn new() -> Self {
        DetectorTable(vec![None; DETECTORS.len()])
    }

    /// The statistics of detector `k`, allocated on first write.
    pub fn get_mut(&mut self, k: usize) -> &mut DetectorStats {
        self.0[k].get_or_insert_with(Box::default)
    }

    /// Every detector's statistics, in registry order.
    pub fn iter(&self) -> impl Iterator<Item = &DetectorStats> {
        self.0.iter().map(|s| s.as_deref().unwrap_or(&NO_STATS))
    }
}

impl std::ops::Index<usize> for DetectorTable {
    type Output = DetectorStats;
    fn index(&self, k: usize) -> &DetectorStats {
        self.0[k].as_deref().unwrap_or(&NO_STATS)
    }
}

/// The number a hit carries, mapped into a 256-bucket histogram.
fn bucket(d: &dyn crate::detect::Detector, num: u16) -> usize {
    usize::from(num.saturating_sub(d.num_base()).min(255))
}

/// Consecutive-integer tracking, to tell row keys from identifiers.
#[derive(Clone, Debug, Default)]
pub struct Sequence {
    prev: Option<u64>,
    /// Cells that were integers.
    pub numeric: u64,
    /// Cells equal to the previous integer plus one.
    pub steps: u64,
    given_up: bool,
}

impl Sequence {
    fn push(&mut self, t: &str) {
        self.numeric += 1;
        if self.given_up {
            return;
        }
        let v: u64 = t.parse().unwrap_or(0);
        if self.prev.is_some_and(|p| p.checked_add(1) == Some(v)) {
            self.steps += 1;
        }
        self.prev = Some(v);
        // Far from a run of +1 steps: stop parsing (ID and phone columns
        // would otherwise pay for it on every cell).
        let misses = self.numeric - 1 - self.steps;
        if misses > 1000 && misses > self.steps {
            self.given_up = true;
        }
    }

    /// Whether the column counts up like a row key.
    pub fn is_sequential(&self) -> bool {
        self.numeric >= 10 && self.steps as f64 >= 0.9 * (self.numeric - 1) as f64
    }
}

/// Everything known about one column after the scan.
#[derive(Clone, Debug)]
pub struct ColumnProfile {
    /// Cells seen (including empty ones and missing cells of short rows).
    pub cells: u64,
    /// Cells with a value (after trimming, and not a null token).
    pub non_empty: u64,
    /// Cells that read as prose.
    pub texty: u64,
    /// Per-detector statistics, indexed like [`DETECTORS`].
    pub detectors: DetectorTable,
    /// Identifiers found inside free text, per detector index.
    pub embedded: Vec<u64>,
    /// Cells holding at least one embedded identifier.
    pub embedded_cells: u64,
    /// Integer-sequence tracking.
    pub sequence: Sequence,
    /// Exactly counted distinct values (as 64-bit hashes, which key the
    /// set as they are: hashing them again cost a 128-bit multiply per
    /// cell, emulated in WebAssembly).
    distinct: nohash_hasher::IntSet<u64>,
    /// The distinct count hit the cap.
    pub distinct_capped: bool,
    /// The first few non-empty raw values (masked before output).
    pub first_values: Vec<String>,
    /// The entity the column's header names, if any (decides which
    /// shape-only detectors stay active after the sample).
    pub header: Option<Entity>,
    active: u64,
    vocab_memo: Vec<(u64, u64)>,
    /// Allocated once a column is seen to repeat its values.
    outcomes: Vec<Outcome>,
    /// The dictionary-encoded copy of the column, for risk.
    pub encoder: Encoder,
    /// Tests compare the memo against the plain path.
    /// Cells of the sample that look masked (`138****5678`, `*`, a hex
    /// pseudonym): a masked column is not the identifier its header names.
    pub masked: u64,
    /// Cells of the sample in scientific notation (`4.40106E+17`): long
    /// numbers a spreadsheet has already cut short.
    pub scientific: u64,
    #[cfg(test)]
    no_memo: bool,
    /// People born after this date are minors (the reference date less 14
    /// years); `None`: minors are not counted.
    pub(crate) minor_cutoff: Option<crate::detect::detectors::date::Ymd>,
}

impl Default for ColumnProfile {
    fn default() -> Self {
        ColumnProfile {
            cells: 0,
            non_empty: 0,
            texty: 0,
            detectors: DetectorTable::new(),
            embedded: vec![0; DETECTORS.len()],
            embedded_cells: 0,
            sequence: Sequence::default(),
            distinct: nohash_hasher::IntSet::default(),
            distinct_capped: false,
            first_values: Vec::new(),
            header: None,
            active: all_mask(),
            vocab_memo: Vec::new(),
            outcomes: Vec::new(),
            encoder: Encoder::default(),
            masked: 0,
            scientific: 0,
            minor_cutoff: None,
            #[cfg(test)]
            no_memo: false,
        }
    }
}

impl ColumnProfile {
    /// A profile for a column whose header names `header`.
    pub fn new(header: Option<Entity>) -> Self {
        ColumnProfile {
            header,
            ..ColumnProfile::default()
        }
    }

    /// Whether a hit of `level` from detector `k` can count towards a
    /// verdict in this column: shape-only hits count only when the header
    /// agrees, and detectors that need a header count only validated forms
    /// without one.
    fn counts(&self, k: usize, level: Level) -> bool {
        let d = DETECTORS[k];
        let agrees = self.header.is_some_and(|h| h.compatible(d.entity()));
        match level {
            Level::No => false,
            Level::Shape => agrees,
            Level::Weak => agrees || d.values_decide(),
            Level::Valid => true,
        }
    }

    /// Distinct non-empty values (a lower bound when capped).
    pub fn distinct(&self) -> u64 {
        self.distinct.len() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replayed_outcomes_equal_running_the_detectors() {
        // Repeated values of every kind (words, codes, dates, digits, prose
        // with a phone inside) well past the sample and the rechecks.
        let values = [
            "男",
            "女",
            "北京市",
            "上海市",
            "教师",
            "1990-05-17",
            "110105194912310021",
            "13812345678",
            "已电话联系客户 13812345678",
            "42",
            "2023-01-01 12:00:00",
            "M",
            "F",
            "汉族",
            "NULL",
            "",
            "Software engineer",
            "100080",
            "user@example.com",
            "京A12345",
        ];
        let mut rng = crate::synth::Rng::new(5);
        let cells: Vec<&str> = (0..30_000).map(|_| *rng.pick(&values)).collect();
        let mut with = ColumnProfile::default();
        let mut without = ColumnProfile {
            no_memo: true,
            ..ColumnProfile::default()
        };
        for c in &cells {
            with.feed(c);
            without.feed(c);
        }
        assert!(!with.outcomes.is_empty(), "the memo was used");
        assert!(without.outcomes.is_empty());
        assert_eq!(
            format!("{:?}", with.detectors),
            format!("{:?}", without.detectors)
        );
        assert_eq!(
            format!("{:?}", with.sequence),
            format!("{:?}", without.sequence)
        );
        assert_eq!(with.embedded, without.embedded);
        assert_eq!(
            (
                with.cells,
                with.non_empty,
                with.texty,
                with.embedded_cells,
                with.distinct()
            ),
            (
                without.cells,
                without.non_empty,
                without.texty,
                without.embedded_cells,
                without.distinct()
            )
        );
        assert_eq!(with.active, without.active);
    }

    #[test]
    fn counts_and_nulls() {
        let mut p = ColumnProfile::default();
        for v in ["13812345678", " 13912345678 ", "", "NULL", "13812345678"] {
            p.feed(v);
        }
        assert_eq!(p.cells, 5);
        assert_eq!(p.non_empty, 3);
        assert_eq!(p.distinct(), 2);
        let phone = crate::detect::registry::detector_index("phone").unwrap();
        assert_eq!(p.detectors[phone].valid, 3);
    }

    #[test]
    fn sequence() {
        let mut p = ColumnProfile::default();
        for i in 1000..1100 {
            p.feed(&i.to_string());
        }
        assert!(p.sequence.is_sequential());
    }

    #[test]
    fn pruned_detector_revives() {
        let mut p = ColumnProfile::default();
        for i in 0..SAMPLE {
            p.feed(&format!("item {i}"));
        }
        let email = crate::detect::registry::detector_index("email").unwrap();
        for i in 0..10 * RECHECK_EVERY {
            p.feed(&format!("user{i}@example.com"));
        }
        assert!(p.detectors[email].valid > 0);
        assert!(p.detectors[email].partial);
        // After revival every later cell counts.
        let before = p.detectors[email].valid;
        for i in 0..100 {
            p.feed(&format!("late{i}@example.com"));
        }
        assert_eq!(p.detectors[email].valid, before + 100);
    }
}
