//! Per-column accumulators, fed cell by cell. Memory per column is bounded:
//! distinct values are counted exactly up to [`DISTINCT_CAP`] (then the count
//! is a lower bound), and the detectors' findings come from a bottom-k
//! sample of the column's distinct values ([`sketch`]), which holds every
//! distinct value of a column with up to [`sketch::SKETCH`] of them (the
//! statistics are then exact) and is a uniform sample of them otherwise
//! (the statistics are estimated, and the report says so). Either way they
//! depend on the column's values only, not on the order of the rows or on
//! where a file was split.

use crate::detect::registry::{checksum_mask, embedded_mask, DETECTORS};
use crate::detect::text::{is_texty, scan_embedded};
pub mod codes;
#[cfg(not(target_arch = "wasm32"))]
mod crew;
pub mod encode;
mod engine;
mod relay;
pub mod sketch;
pub(crate) mod state;
pub mod table;
use encode::Encoder;

use crate::cell::{clean_cell, looks_masked, looks_scientific};
use crate::detect::{run, Cell, Level};
use crate::entity::Entity;

/// Non-empty cells after which a column decides whether it keeps an
/// encoded copy for risk.
pub const SAMPLE: u64 = 2000;
/// Exact distinct counting up to this many values per column; past it the
/// count is a lower bound. Kept small on purpose: a large set per column
/// misses the cache on every insert and was half the cost of a scan.
pub const DISTINCT_CAP: usize = 16_384;
/// Examples kept per detector: the matching values with the smallest keyed
/// hash (masked before they leave the core).
pub const EXAMPLES: usize = 3;

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
    /// The counts are estimated from the column's sample of values.
    pub estimated: bool,
    /// Cells where this detector matched but a check-digit detector
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
    estimated: false,
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

/// The row-key test: whether a column's whole numbers count up like a row
/// key (see `Sequence::of` in the engine).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sequence {
    /// Cells that were whole numbers.
    pub numeric: u64,
    sequential: bool,
}

impl Sequence {
    /// Whether the column counts up like a row key.
    pub fn is_sequential(&self) -> bool {
        self.sequential
    }
}

/// Everything known about one column after the scan. The statistics below
/// `detectors` are filled by [`ColumnProfile::settle`] from the sample.
#[derive(Clone, Debug)]
pub struct ColumnProfile {
    /// Cells seen (including empty ones and missing cells of short rows).
    pub cells: u64,
    /// Cells with a value (after trimming, and not a null token).
    pub non_empty: u64,
    /// The sample of the column's distinct values.
    pub sketch: sketch::Sketch,
    /// The sample of its rows (by the hash of their content), for
    /// columns with more distinct values than `sketch` holds.
    pub rows: sketch::Sketch,
    /// Per-detector statistics, indexed like [`DETECTORS`].
    pub detectors: DetectorTable,
    /// Cells that read as prose.
    pub texty: u64,
    /// Identifiers found inside free text, per detector index.
    pub embedded: Vec<u64>,
    /// Cells holding at least one embedded identifier.
    pub embedded_cells: u64,
    /// The row-key test.
    pub sequence: Sequence,
    /// Exactly counted distinct values (as their keyed hashes).
    distinct: nohash_hasher::IntSet<u64>,
    /// The distinct count hit the cap.
    pub distinct_capped: bool,
    /// The values with the smallest keyed hash (masked before output).
    pub first_values: Vec<String>,
    /// The entity the column's header names, if any.
    pub header: Option<Entity>,
    /// The dictionary-encoded copy of the column, for risk.
    pub encoder: Encoder,
    /// Cells that look masked (`138****5678`, `*`, a hex pseudonym): a
    /// masked column is not the identifier its header names.
    pub masked: u64,
    /// Cells in scientific notation (`4.40106E+17`): long numbers a
    /// spreadsheet has already cut short.
    pub scientific: u64,
    /// Cells that cannot be of the entity the header names
    /// ([`crate::detect::Detector::plausible`]): the header alone does not
    /// decide a column of them.
    pub implausible: u64,
    /// The detectors that read the entity the header names (see
    /// `ColumnProfile::readers`).
    readers: std::sync::OnceLock<u64>,
    /// Whether the column has chosen to keep its encoded copy or not
    /// (once it had [`SAMPLE`] values).
    copy_chosen: bool,
    /// People born after this date are minors (the reference date less 14
    /// years); `None`: minors are not counted.
    pub(crate) minor_cutoff: Option<crate::detect::detectors::date::Ymd>,
}

impl Default for ColumnProfile {
    fn default() -> Self {
        ColumnProfile {
            cells: 0,
            non_empty: 0,
            sketch: sketch::Sketch::default(),
            rows: sketch::Sketch::rows(),
            detectors: DetectorTable::new(),
            texty: 0,
            embedded: vec![0; DETECTORS.len()],
            embedded_cells: 0,
            sequence: Sequence::default(),
            distinct: nohash_hasher::IntSet::default(),
            distinct_capped: false,
            first_values: Vec::new(),
            header: None,
            encoder: Encoder::default(),
            masked: 0,
            scientific: 0,
            implausible: 0,
            readers: std::sync::OnceLock::new(),
            copy_chosen: false,
            minor_cutoff: None,
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

    /// The profile of a column before its first cell: `header` is the
    /// entity its header names, people born after `minor_cutoff` are
    /// minors, and `keep` keeps its encoded copy whatever it holds.
    pub fn starting(
        header: Option<Entity>,
        minor_cutoff: Option<crate::detect::detectors::date::Ymd>,
        keep: bool,
    ) -> Self {
        let mut p = ColumnProfile::new(header);
        p.minor_cutoff = minor_cutoff;
        if keep {
            p.encoder = Encoder::keeping_all();
        }
        p
    }

    /// Everything [`ColumnProfile::settle`] found, as text to compare: two
    /// profiles of the same column, however its rows were ordered, split
    /// and merged, must give the same (the tests and the `merge` fuzz
    /// target check it).
    pub fn findings(&self) -> String {
        format!(
            "{:?}",
            (
                self.cells,
                self.non_empty,
                self.distinct(),
                self.distinct_capped,
                &self.detectors,
                self.texty,
                &self.embedded,
                self.embedded_cells,
                (self.masked, self.scientific, self.implausible),
                &self.sequence,
                &self.first_values,
            )
        )
    }

    /// Distinct non-empty values (a lower bound when capped).
    pub fn distinct(&self) -> u64 {
        if self.sketch.complete() {
            self.sketch.len() as u64
        } else {
            self.distinct.len() as u64
        }
    }
}

impl ColumnProfile {
    /// The saved form of a profile not yet settled.
    pub(crate) fn to_wire(&self) -> state::ColumnWire {
        let mut rows = self.rows.clone();
        rows.resolve(|t| self.facts(t).0);
        let mut distinct: Vec<u64> = self.distinct.iter().copied().collect();
        distinct.sort_unstable();
        state::ColumnWire {
            cells: self.cells,
            non_empty: self.non_empty,
            sketch: self.sketch.to_wire(),
            rows: rows.to_wire(),
            distinct,
            distinct_capped: self.distinct_capped,
            header: self.header.map(|e| e.name().to_string()),
            encoder: self.encoder.to_wire(),
            copy_chosen: self.copy_chosen,
        }
    }

    /// A profile from its saved form, checked. Its values' findings are
    /// in the state (minors among them, counted at the state's reference
    /// date), so it takes no new cells.
    pub(crate) fn from_wire(w: state::ColumnWire) -> crate::error::Result<ColumnProfile> {
        if w.distinct.len() > DISTINCT_CAP || w.non_empty > w.cells {
            return Err(state::damaged("a column's counts do not add up"));
        }
        let header = match &w.header {
            None => None,
            Some(name) => Some(
                Entity::from_name(name)
                    .ok_or_else(|| state::damaged(format!("unknown entity {name:?}")))?,
            ),
        };
        Ok(ColumnProfile {
            cells: w.cells,
            non_empty: w.non_empty,
            sketch: sketch::Sketch::values().filled_from(w.sketch)?,
            rows: sketch::Sketch::rows().filled_from(w.rows)?,
            distinct: w.distinct.into_iter().collect(),
            distinct_capped: w.distinct_capped,
            header,
            encoder: Encoder::from_wire(w.encoder)?,
            copy_chosen: w.copy_chosen,
            ..ColumnProfile::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_nulls() {
        let mut p = ColumnProfile::default();
        for v in ["13812345678", " 13912345678 ", "", "NULL", "13812345678"] {
            p.feed(v);
        }
        p.settle();
        assert_eq!(p.cells, 5);
        assert_eq!(p.non_empty, 3);
        assert_eq!(p.distinct(), 2);
        let phone = crate::detect::registry::detector_index("phone").unwrap();
        assert_eq!(p.detectors[phone].valid, 3);
    }

    fn settled(values: &[String]) -> ColumnProfile {
        let mut p = ColumnProfile::default();
        for v in values {
            p.feed(v);
        }
        p.settle();
        p
    }

    #[test]
    fn long_and_short_prose_reads_the_same_in_any_order() {
        // Past the value sample (more than 2,048 distinct notes), so the
        // findings come from the sample of rows, whose values wait for the
        // detectors when short and are read at once when long.
        let mut notes: Vec<String> = (0..6_000)
            .map(|i| {
                let words = "please call back after the delivery window closes ";
                let pad = words.repeat(if i % 3 == 0 { 7 } else { 1 });
                format!("{pad}note {i} contact user{i}@example.com")
            })
            .collect();
        assert!(notes[0].len() > sketch::PENDING_CAP && notes[1].len() < sketch::PENDING_CAP);
        let a = settled(&notes);
        crate::synth::Rng::new(11).shuffle(&mut notes);
        let b = settled(&notes);
        assert_eq!(a.findings(), b.findings());
        assert!(a.embedded_cells >= 5_900, "{}", a.embedded_cells);
    }

    #[test]
    fn row_keys_in_any_order() {
        let mut keys: Vec<String> = (1000..1100).map(|i| i.to_string()).collect();
        assert!(settled(&keys).sequence.is_sequential());
        crate::synth::Rng::new(9).shuffle(&mut keys);
        assert!(settled(&keys).sequence.is_sequential());
        // Deleted rows leave gaps; phone numbers are nothing like a run.
        let gaps: Vec<String> = (0..200)
            .filter(|i| i % 13 != 0)
            .map(|i| i.to_string())
            .collect();
        assert!(settled(&gaps).sequence.is_sequential());
        let phones: Vec<String> = (0..200).map(|i| format!("138{:08}", i * 7919)).collect();
        assert!(!settled(&phones).sequence.is_sequential());
        // A large key column, sampled.
        let big: Vec<String> = (1..=50_000).map(|i: u64| i.to_string()).collect();
        let p = settled(&big);
        assert!(!p.sketch.complete());
        assert!(p.sequence.is_sequential());
    }

    /// A column cut into parts at random points, each part profiled on
    /// its own and the parts merged in a random order, gives the findings
    /// of the whole column.
    #[test]
    fn parts_merge_into_the_whole() {
        let mut rng = crate::synth::Rng::new(21);
        for case in 0..12 {
            let n = [50, 1500, 2048, 2049, 6000, 20_000][case % 6];
            let cells: Vec<String> = (0..n)
                .map(|_| match rng.below(4) {
                    0 => format!("user{}@example.com", rng.below(n as u64)),
                    1 => "pending".to_string(),
                    2 => format!("138{:08}", rng.below(100_000_000)),
                    _ => String::new(),
                })
                .collect();
            let whole = settled(&cells);
            let mut cuts: Vec<usize> = (0..rng.below(5))
                .map(|_| rng.below(n as u64 + 1) as usize)
                .collect();
            cuts.push(0);
            cuts.push(n);
            cuts.sort_unstable();
            let mut parts: Vec<ColumnProfile> = cuts
                .windows(2)
                .map(|w| {
                    let mut p = ColumnProfile::default();
                    for c in &cells[w[0]..w[1]] {
                        p.feed(c);
                    }
                    p
                })
                .collect();
            rng.shuffle(&mut parts);
            let mut merged = parts.remove(0);
            for p in parts {
                merged.merge(p);
            }
            merged.settle();
            assert_eq!(
                merged.findings(),
                whole.findings(),
                "case {case}: {n} cells cut at {cuts:?}"
            );
        }
    }

    /// The late e-mails of a column that starts with something else are
    /// counted as those of a column that starts with them: the findings
    /// depend on the values, not on their order (a pruned detector used
    /// to miss them).
    #[test]
    fn late_values_count_as_early_ones() {
        let mut cells: Vec<String> = (0..5000).map(|i| format!("pending {i}")).collect();
        cells.extend((0..15_000).map(|i| format!("user{i}@example.com")));
        let email = crate::detect::registry::detector_index("email").unwrap();
        let a = settled(&cells);
        cells.reverse();
        let b = settled(&cells);
        assert_eq!(a.detectors[email].valid, b.detectors[email].valid);
        assert_eq!(a.detectors[email].examples, b.detectors[email].examples);
        assert_eq!(a.first_values, b.first_values);
        let v = a.detectors[email].valid as f64;
        assert!((v - 15_000.0).abs() < 15_000.0 * 0.05, "{v}");
        assert!(a.detectors[email].estimated);
    }
}
