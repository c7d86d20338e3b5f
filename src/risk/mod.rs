//! Re-identification risk from the dictionary-encoded columns kept while
//! scanning ([`crate::profile::encode`]): equivalence classes over the
//! chosen quasi-identifiers, built once into a class-size histogram, and
//! every measure a few lines over it.
//!
//! * **k-anonymity** (Sweeney 2002): `k` is the smallest class; records in
//!   classes below the target `k` are at risk. GB/T 42460-2023 evaluates
//!   de-identified data this way.
//! * **Prosecutor risk** (El Emam): a record in a class of size *f* is
//!   re-identified with probability 1/*f*; the maximum is 1/`k`, the
//!   average over records is classes / records.
//! * **Marketer risk**: the expected share of records an attacker linking
//!   every record re-identifies, classes / records when the file is the
//!   population the attacker links against.
//! * **l-diversity** (Machanavajjhala et al. 2007) per sensitive column:
//!   the fewest distinct sensitive values in any class, and the entropy
//!   variant (exp of the smallest class entropy).
//! * **Population uniques, estimated** with Zayatz's model (1991, as ARX
//!   implements it), which needs the sampling fraction; see
//!   [`PopulationEstimate`].
//! * **Drivers** ([`drivers`]): which combinations of up to three columns
//!   single people out.

pub mod classes;
pub mod drivers;
pub mod linkage;

use crate::profile::codes::CodeSlice;
use crate::profile::encode::EncodedColumn;
use classes::Classes;
pub use drivers::{Contribution, Driver};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Default target k.
pub const K_TARGET: u32 = 5;

/// The smallest target k for measuring: k = 1 asks only that every
/// record exists.
pub const K_MIN_MEASURING: u32 = 1;
/// The smallest target k for masking: every record hidden among at least
/// one other.
pub const K_MIN_MASKING: u32 = 2;

/// A target k for measuring risk: at least [`K_MIN_MEASURING`].
pub fn k_for_measuring(k: u32) -> crate::error::Result<u32> {
    if k >= K_MIN_MEASURING {
        Ok(k)
    } else {
        Err(crate::error::Error::new(crate::error::ErrorKind::Options(
            "k must be at least 1 to measure risk".into(),
        )))
    }
}

/// A target k for masking: at least [`K_MIN_MASKING`].
pub fn k_for_masking(k: u32) -> crate::error::Result<u32> {
    if k >= K_MIN_MASKING {
        Ok(k)
    } else {
        Err(crate::error::Error::new(crate::error::ErrorKind::Options(
            format!("k must be at least 2 to mask, not {k}"),
        )))
    }
}
/// Default sampling fraction for the population estimate.
pub const SAMPLING_FRACTION: f64 = 0.01;
/// Drivers are computed over at most this many quasi-identifiers (all
/// combinations of three of 16 columns are 696 passes over the rows).
pub const MAX_DRIVER_COLUMNS: usize = 16;
/// Drivers listed in the report (the strongest first).
pub const MAX_DRIVERS: usize = 50;
/// Default driver budget: 25 M row-combinations (about 0.3 s natively, so
/// a scan's report is not held up; all combinations of three of ten
/// columns up to 140,000 rows, pairs up to 450,000).
pub const DRIVER_BUDGET: u64 = 25_000_000;

/// What to measure (JSON for the page: every field optional).
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RiskOptions {
    /// Quasi-identifier column indexes.
    pub quasi_identifiers: Vec<usize>,
    /// Sensitive column indexes.
    pub sensitive: Vec<usize>,
    /// Target k.
    pub k_target: u32,
    /// Share of the population the file is assumed to hold (0 < f ≤ 1).
    pub sampling_fraction: f64,
    /// Largest driver combination (0 turns drivers off).
    pub max_driver_size: usize,
    /// Work allowed for drivers, in rows × combinations: past it the
    /// largest combinations are left out (`drivers_max_size` says which
    /// size was reached). About 12 ns per row and combination natively.
    pub driver_budget: u64,
    /// Unique records to return as examples (their quasi-identifier values
    /// only; the page shows a few, the report none).
    pub examples: usize,
    /// The records each row stands for, when the columns hold distinct
    /// tuples with counts (see [`classes::Weights`]): the measures, drivers
    /// and contributions are those of the records. Examples then name
    /// tuples, not rows.
    #[serde(skip)]
    pub weights: classes::Weights,
}

impl Default for RiskOptions {
    fn default() -> Self {
        RiskOptions {
            quasi_identifiers: Vec::new(),
            sensitive: Vec::new(),
            k_target: K_TARGET,
            sampling_fraction: SAMPLING_FRACTION,
            max_driver_size: 3,
            driver_budget: DRIVER_BUDGET,
            examples: 0,
            weights: None,
        }
    }
}

/// The report's `risk` block.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RiskReport {
    /// Quasi-identifier columns measured (0-based indexes).
    pub quasi_identifiers: Vec<usize>,
    /// Sensitive columns.
    pub sensitive: Vec<usize>,
    /// Records measured (the first rows, up to the encoding cap).
    pub records: u64,
    /// Smallest equivalence class (0 for an empty file).
    pub k: u64,
    /// Records alone in their class.
    pub unique_records: u64,
    /// Records in classes smaller than `k_target`.
    pub records_at_risk: u64,
    /// Target k.
    pub k_target: u32,
    /// Number of equivalence classes.
    pub classes: u64,
    /// 1 / k.
    pub prosecutor_risk_max: f64,
    /// Classes / records: the average of 1 / class size over records.
    pub prosecutor_risk_avg: f64,
    /// Expected share of records re-identified by linking every record.
    pub marketer_risk: f64,
    /// Per sensitive column: the fewest distinct values in a class.
    pub l_diversity: BTreeMap<String, u64>,
    /// Per sensitive column: exp of the smallest entropy of a class.
    pub l_diversity_entropy: BTreeMap<String, f64>,
    /// `[size, classes of that size]`, by size.
    pub class_sizes: Vec<[u64; 2]>,
    /// Combinations of up to three quasi-identifiers that single people
    /// out (minimal uniques first).
    pub drivers: Vec<Driver>,
    /// The largest combination size examined for drivers (0: none).
    pub drivers_max_size: usize,
    /// Each quasi-identifier's part in the minimal uniques.
    pub contributions: Vec<Contribution>,
    /// Population uniqueness, estimated.
    pub population: Option<PopulationEstimate>,
    /// Chosen columns with too many distinct values to encode: left out of
    /// the measures above (each nearly identifies people on its own).
    pub high_cardinality: Vec<usize>,
    /// Records alone in their class, first rows first, when asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<UniqueRecord>,
}

/// A record alone in its class, shown by its quasi-identifier values only.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UniqueRecord {
    /// Data row (1 = the first row after the header).
    pub row: u64,
    /// Its values of the quasi-identifiers, in `quasi_identifiers` order.
    pub values: Vec<String>,
}

/// Population uniques estimated with Zayatz's model (1991).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PopulationEstimate {
    /// `"zayatz"`.
    pub model: &'static str,
    /// The assumed share of the population in the file.
    pub sampling_fraction: f64,
    /// Estimated number of people unique in the population on the
    /// quasi-identifiers.
    pub population_uniques: f64,
    /// The same as a share of the population.
    pub population_uniques_share: f64,
    /// What the estimate assumes.
    pub assumptions: &'static str,
}

const ZAYATZ_ASSUMPTIONS: &str = "an estimate, not a count: assumes the file is a simple random sample holding `sampling_fraction` of the population, and that classes in the population are distributed like those in the file (Zayatz 1991, as in ARX)";

/// Measures risk over the first `records` rows of encoded columns.
pub fn assess(columns: &[EncodedColumn], records: usize, opts: &RiskOptions) -> RiskReport {
    // Every encoded column holds a code per row up to the row cap.
    let records = columns
        .iter()
        .filter_map(|c| c.codes().map(CodeSlice::len))
        .fold(records, usize::min);
    let mut high_cardinality = Vec::new();
    let mut qi: Vec<(usize, CodeSlice<'_>, usize)> = Vec::new();
    for &i in &opts.quasi_identifiers {
        match columns
            .get(i)
            .and_then(|c| c.codes().map(|codes| (codes, c.cardinality())))
        {
            Some((codes, card)) => qi.push((i, codes.prefix(records), card)),
            None => high_cardinality.push(i),
        }
    }
    let cols: Vec<(CodeSlice<'_>, usize)> = qi.iter().map(|&(_, c, k)| (c, k)).collect();
    let rows = records;
    let records = classes::total_records(rows, &opts.weights);

    let mut size = if qi.len() <= MAX_DRIVER_COLUMNS {
        opts.max_driver_size.min(3).min(qi.len())
    } else {
        0
    };
    while size > 0 && combinations(qi.len(), size).saturating_mul(records) > opts.driver_budget {
        size -= 1;
    }
    // The classes of every quasi-identifier (and l-diversity over them)
    // and the drivers share nothing: natively they are measured at once.
    let ((classes, l_diversity, l_diversity_entropy, unmeasured), (mut drivers, contributions)) =
        drivers::join(
            rows,
            || {
                let classes = Classes::build_weighted(&cols, rows, &opts.weights);
                let mut l_diversity = BTreeMap::new();
                let mut l_diversity_entropy = BTreeMap::new();
                let mut unmeasured = Vec::new();
                for &s in &opts.sensitive {
                    if let Some((codes, card)) = columns
                        .get(s)
                        .and_then(|c| c.codes().map(|codes| (codes, c.cardinality())))
                    {
                        let (l, le) = l_diversity_of(&classes, codes.prefix(rows), card);
                        l_diversity.insert(s.to_string(), l);
                        l_diversity_entropy.insert(s.to_string(), le);
                    } else {
                        unmeasured.push(s);
                    }
                }
                (classes, l_diversity, l_diversity_entropy, unmeasured)
            },
            || {
                if size > 0 {
                    drivers::drivers(&qi, rows, size, &opts.weights)
                } else {
                    (Vec::new(), Vec::new())
                }
            },
        );
    high_cardinality.extend(unmeasured);
    let hist = classes.histogram();
    let n = records as f64;
    let k = hist.keys().next().copied().unwrap_or(0);
    let count = classes.count() as u64;
    let records_at_risk = hist
        .range(..u64::from(opts.k_target.max(1)))
        .map(|(&size, &c)| size * c)
        .sum();
    drivers.retain(|d| d.minimal_unique_records > 0);
    drivers.sort_by(|a, b| {
        b.minimal_unique_records
            .cmp(&a.minimal_unique_records)
            .then(a.columns.len().cmp(&b.columns.len()))
            .then(a.columns.cmp(&b.columns))
    });
    drivers.truncate(MAX_DRIVERS);

    RiskReport {
        quasi_identifiers: qi.iter().map(|q| q.0).collect(),
        sensitive: opts.sensitive.clone(),
        records,
        k,
        unique_records: hist.get(&1).copied().unwrap_or(0),
        records_at_risk,
        k_target: opts.k_target,
        classes: count,
        prosecutor_risk_max: if k == 0 { 0.0 } else { 1.0 / k as f64 },
        prosecutor_risk_avg: if records == 0 { 0.0 } else { count as f64 / n },
        marketer_risk: if records == 0 { 0.0 } else { count as f64 / n },
        l_diversity,
        l_diversity_entropy,
        class_sizes: hist.iter().map(|(&s, &c)| [s, c]).collect(),
        drivers,
        drivers_max_size: size,
        contributions,
        population: zayatz(&hist, records, count, opts.sampling_fraction),
        high_cardinality,
        examples: (0..rows)
            .filter(|&r| classes.is_unique(r))
            .take(opts.examples)
            .map(|r| UniqueRecord {
                row: r as u64 + 1,
                values: qi
                    .iter()
                    .map(|&(i, codes, _)| columns[i].value(codes.get(r).unwrap_or(0)).to_string())
                    .collect(),
            })
            .collect(),
    }
}

/// The first `records` rows of `columns` grouped by the values of the
/// columns `by` (quasi-identifiers and sensitive columns): one row per
/// distinct tuple, in the order they first occur, with the number of
/// records it stands for. The other columns have no copy in the result.
/// [`assess`] and the masking search given these rows and their weights
/// (`RiskOptions::weights`, `OptimizeOptions::weights`) measure the same
/// as on the rows themselves — what a GROUP BY with counts on a
/// distributed engine hands back.
pub fn group(
    columns: &[EncodedColumn],
    by: &[usize],
    records: usize,
) -> (Vec<EncodedColumn>, std::sync::Arc<[u64]>) {
    let records = by
        .iter()
        .filter_map(|&i| columns.get(i)?.codes().map(CodeSlice::len))
        .fold(records, usize::min);
    let cols: Vec<(CodeSlice<'_>, usize)> = by
        .iter()
        .filter_map(|&i| {
            let c = columns.get(i)?;
            Some((c.codes()?.prefix(records), c.cardinality()))
        })
        .collect();
    let classes = Classes::build(&cols, records);
    // Each class's first row stands for it.
    let mut first = vec![usize::MAX; classes.count()];
    let mut order = Vec::with_capacity(classes.count());
    for (r, &c) in classes.of_row.iter().enumerate() {
        if first[c as usize] == usize::MAX {
            first[c as usize] = r;
            order.push(c as usize);
        }
    }
    let grouped = columns
        .iter()
        .enumerate()
        .map(|(i, col)| match col.codes() {
            Some(codes) if by.contains(&i) => col.with_codes(
                order
                    .iter()
                    .map(|&c| codes.get(first[c]).unwrap_or(0))
                    .collect(),
            ),
            _ => EncodedColumn::default(),
        })
        .collect();
    let weights = order.iter().map(|&c| classes.sizes[c]).collect();
    (grouped, weights)
}

/// Combinations of 1 to `size` of `n` columns.
fn combinations(n: usize, size: usize) -> u64 {
    let n = n as u64;
    let mut total = 0;
    let mut c = 1u64;
    for k in 1..=size as u64 {
        c = c * (n + 1 - k) / k;
        total += c;
    }
    total
}

/// Distinct and entropy l-diversity of one sensitive column.
fn l_diversity_of(classes: &Classes, sensitive: CodeSlice<'_>, card: usize) -> (u64, f64) {
    if classes.count() == 0 {
        return (0, 0.0);
    }
    // The classes split by the sensitive value: each part is one value of
    // one class, its size that value's records there.
    let parts = classes.refine(sensitive, card);
    let mut class_of = vec![0u32; parts.count()];
    for (&c, &p) in classes.of_row.iter().zip(&parts.of_row) {
        class_of[p as usize] = c;
    }
    let mut distinct = classes::zeros::<u64>(classes.count());
    let mut entropy = classes::zeros::<f64>(classes.count());
    for (&c, &f) in class_of.iter().zip(&parts.sizes) {
        let c = c as usize;
        distinct[c] += 1;
        let p = f as f64 / classes.sizes[c] as f64;
        entropy[c] -= p * p.ln();
    }
    let l = distinct.iter().copied().min().unwrap_or(0);
    let le = entropy.iter().copied().fold(f64::INFINITY, f64::min).exp();
    (l, le)
}

/// Zayatz's estimate of population uniques: the share of sample uniques
/// that are population uniques, from the class-size distribution, scaled
/// up by the sampling fraction. The hypergeometric probability of drawing
/// exactly one member of a class of size `i` is taken in its binomial form,
/// `i·π·(1−π)^(i−1)`, which it approaches for large populations.
fn zayatz(
    hist: &BTreeMap<u64, u64>,
    records: u64,
    classes: u64,
    pi: f64,
) -> Option<PopulationEstimate> {
    if records == 0 || !(pi > 0.0 && pi <= 1.0) {
        return None;
    }
    let uniques = hist.get(&1).copied().unwrap_or(0) as f64;
    let population = records as f64 / pi;
    // powi, not powf: integer powers come out the same natively and in wasm.
    let p1 = |size: u64| size as f64 * pi * (1.0 - pi).powi(size.min(i32::MAX as u64) as i32 - 1);
    let denom: f64 = hist
        .iter()
        .map(|(&s, &c)| c as f64 / classes as f64 * p1(s))
        .sum();
    let conditional = if denom > 0.0 {
        (uniques / classes as f64) * p1(1) / denom
    } else {
        0.0
    };
    let population_uniques = uniques * conditional / pi;
    Some(PopulationEstimate {
        model: "zayatz",
        sampling_fraction: pi,
        population_uniques,
        population_uniques_share: population_uniques / population,
        assumptions: ZAYATZ_ASSUMPTIONS,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(codes: &[u32]) -> EncodedColumn {
        let card = codes.iter().copied().max().unwrap_or(0) as usize;
        let names: Vec<String> = (1..=card).map(|i| i.to_string()).collect();
        EncodedColumn::new(
            codes.to_vec(),
            &names.iter().map(String::as_str).collect::<Vec<_>>(),
        )
    }

    #[test]
    fn hand_computed_table() {
        // Classes on (sex, age): {0,1}, {2}, {3,4,5}; diagnosis is sensitive.
        let sex = col(&[1, 1, 2, 2, 2, 2]);
        let age = col(&[1, 1, 1, 2, 2, 2]);
        let dx = col(&[1, 2, 3, 1, 1, 2]);
        let r = assess(
            &[sex, age, dx],
            6,
            &RiskOptions {
                quasi_identifiers: vec![0, 1],
                sensitive: vec![2],
                ..RiskOptions::default()
            },
        );
        assert_eq!(
            (r.k, r.classes, r.unique_records, r.records_at_risk),
            (1, 3, 1, 6)
        );
        assert_eq!(r.prosecutor_risk_max, 1.0);
        assert!((r.prosecutor_risk_avg - 0.5).abs() < 1e-12);
        assert_eq!(r.l_diversity["2"], 1);
        assert!((r.l_diversity_entropy["2"] - 1.0).abs() < 1e-12);
        assert_eq!(r.class_sizes, vec![[1, 1], [2, 1], [3, 1]]);
    }

    #[test]
    fn no_quasi_identifiers_is_one_class() {
        let r = assess(&[col(&[1, 2, 3])], 3, &RiskOptions::default());
        assert_eq!((r.k, r.classes, r.unique_records, r.records), (3, 1, 0, 3));
        assert_eq!(r.records_at_risk, 3);
    }

    #[test]
    fn combination_counts() {
        assert_eq!(combinations(10, 3), 10 + 45 + 120);
        assert_eq!(combinations(4, 2), 4 + 6);
        assert_eq!(combinations(2, 3), 2 + 1);
    }

    #[test]
    fn zayatz_limits() {
        // A census (π = 1): every sample unique is a population unique.
        let hist = BTreeMap::from([(1, 10), (2, 5)]);
        let e = zayatz(&hist, 20, 15, 1.0).unwrap();
        assert!((e.population_uniques - 10.0).abs() < 1e-9);
        // A small sample: fewer than uniques / π population uniques.
        let e = zayatz(&hist, 20, 15, 0.01).unwrap();
        assert!(e.population_uniques < 10.0 / 0.01);
        assert!(e.population_uniques > 0.0);
    }
}
