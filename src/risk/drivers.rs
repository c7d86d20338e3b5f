//! What drives uniqueness: for every combination of up to three
//! quasi-identifiers, how many records it makes unique, and for how many it
//! is a *minimal* sample unique — unique on the combination but on none of
//! its smaller parts (the idea of SUDA, Elliot et al. 2002, limited to three
//! columns). A column's contribution is the share of records with a minimal
//! unique combination that includes it.

use super::classes::{self, Classes};
use crate::par::par_map;
use crate::profile::codes::CodeSlice;
use serde::Serialize;
use std::borrow::Cow;
use std::sync::OnceLock;

/// One combination of quasi-identifiers and the records it singles out.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Driver {
    /// Column indexes (0-based, as in the file).
    pub columns: Vec<usize>,
    /// Records alone in their class on these columns.
    pub unique_records: u64,
    /// Records for which this combination is a minimal sample unique.
    pub minimal_unique_records: u64,
}

/// How much one quasi-identifier takes part in singling people out.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Contribution {
    /// Column index.
    pub column: usize,
    /// Records with a minimal unique combination (of up to three columns)
    /// that includes this column.
    pub records: u64,
    /// `records` over the records that have any minimal unique combination.
    pub share: f64,
}

/// The classes of single columns, and of pairs for the triples, are kept
/// while each set takes at most this many bytes; otherwise each is
/// computed again when needed. Large tables (millions of rows, in the
/// browser's memory, which never shrinks) trade a few passes for a peak of
/// about two class arrays instead of one per column and pair.
const KEPT_MEMORY: usize = 32 << 20;

/// Rows from which the combinations are spread over threads (natively).
#[cfg(not(target_arch = "wasm32"))]
const PARALLEL_ROWS: usize = 50_000;

/// Drivers and contributions for columns `cols` (index, codes,
/// cardinality) over `rows` rows standing for `weights` records each,
/// combinations of at most `max_size`. A unique row is one record in
/// either form (see [`super::classes`]), so rows are counted as records.
pub fn drivers(
    cols: &[(usize, CodeSlice<'_>, usize)],
    rows: usize,
    max_size: usize,
    weights: &super::classes::Weights,
) -> (Vec<Driver>, Vec<Contribution>) {
    let n = cols.len();
    let threads = threads_for(rows);
    let mut out = Vec::new();
    // Per column: the rows with a minimal unique that it takes part in.
    let words = rows.div_ceil(64);
    let mut involved: Vec<Bits> = (0..n).map(|_| Bits(classes::zeros::<u64>(words))).collect();
    let mut record = |columns: &[usize], unique: &Bits, parts: &[&Bits]| {
        let minimal = unique.mark_minimal(parts, &mut involved, columns);
        out.push(Driver {
            columns: columns.iter().map(|&i| cols[i].0).collect(),
            unique_records: unique.count(),
            minimal_unique_records: minimal,
        });
    };

    // Every combination, in order: single columns, pairs (a < b), then
    // triples.
    let mut combos: Vec<Vec<usize>> = (0..n).map(|a| vec![a]).collect();
    if max_size >= 2 {
        for a in 0..n {
            combos.extend((a + 1..n).map(|b| vec![a, b]));
        }
    }
    if max_size >= 3 {
        for a in 0..n {
            for b in a + 1..n {
                combos.extend((b + 1..n).map(|c| vec![a, b, c]));
            }
        }
    }

    // Each combination's uniques come from counting its combinations of
    // values in a table of byte counters where that fits, or else from
    // classes built column by column: the classes of single columns, and
    // of the pairs that the triples past the counters extend, are then
    // kept for reuse while they fit in `KEPT_MEMORY`.
    let fits =
        |combo: &[usize]| classes::counters_for(combo.iter().map(|&i| cols[i].2), rows).is_some();
    let counted = |combo: &[usize]| {
        let picked: Vec<(CodeSlice<'_>, usize)> =
            combo.iter().map(|&i| (cols[i].1, cols[i].2)).collect();
        classes::uniques_on(&picked, rows, weights).map(Bits)
    };
    // A combination holding column `a` as a subset of the others.
    let subset = |a: usize, c: &[usize]| {
        c.iter()
            .filter(|&&i| i != a)
            .fold(0u32, |m, &i| m | 1 << if i < a { i } else { i - 1 })
    };
    // The column with the most values, when the rows sharing each of its
    // values are few (a date of birth's): the uniques of every
    // combination holding it come from one pass over those rows
    // (`classes::Within`), with the subsets of the others they hold.
    let anchor = (0..n)
        .max_by_key(|&i| cols[i].2)
        .filter(|_| n > 1)
        .and_then(|a| {
            let subsets: Vec<u32> = combos
                .iter()
                .filter(|c| c.contains(&a))
                .map(|c| subset(a, c))
                .collect();
            if subsets.len() > classes::Within::MAX_SUBSETS {
                return None;
            }
            let others: Vec<(CodeSlice<'_>, usize)> = (0..n)
                .filter(|&i| i != a)
                .map(|i| (cols[i].1, cols[i].2))
                .collect();
            let plan = classes::Within::plan((cols[a].1, cols[a].2), &others, rows)?;
            Some((a, plan, subsets))
        });
    let anchored = |c: &[usize]| anchor.as_ref().is_some_and(|(a, ..)| c.contains(a));
    let within: OnceLock<Vec<Bits>> = OnceLock::new();
    let from_anchor = |c: &[usize]| -> Option<Bits> {
        let (a, plan, subsets) = anchor.as_ref().filter(|(a, ..)| c.contains(a))?;
        let all = within.get_or_init(|| {
            plan.uniques(subsets, weights)
                .into_iter()
                .map(Bits)
                .collect()
        });
        let at = subsets.iter().position(|&m| m == subset(*a, c))?;
        all.get(at).cloned()
    };
    // The pairs whose classes a triple past the counters refines.
    let mut extended = vec![false; n * n];
    for c in combos.iter().filter(|c| c.len() == 3) {
        if !fits(c) && !anchored(c) {
            extended[c[0] * n + c[1]] = true;
        }
    }
    let keep_singles = n.saturating_mul(rows * 4) <= KEPT_MEMORY;
    let keep_pairs = extended
        .iter()
        .filter(|&&e| e)
        .count()
        .saturating_mul(rows * 4)
        <= KEPT_MEMORY;
    let single = |i: usize| Classes::single_weighted(rows, weights).refine(cols[i].1, cols[i].2);
    let singles: Vec<OnceLock<Classes>> = (0..n).map(|_| OnceLock::new()).collect();
    // Column `a`'s classes: kept, or made again.
    let single_of = |a: usize| match keep_singles {
        true => Cow::Borrowed(singles[a].get_or_init(|| single(a))),
        false => Cow::Owned(single(a)),
    };
    let pair = |a: usize, b: usize| single_of(a).refine(cols[b].1, cols[b].2);
    let pairs: Vec<OnceLock<Classes>> = (0..n * n).map(|_| OnceLock::new()).collect();
    // Column `a`'s classes refined by column `b`: kept when a triple
    // extends them, or made again.
    let pair_of = |a: usize, b: usize| match keep_pairs && extended[a * n + b] {
        true => Cow::Borrowed(pairs[a * n + b].get_or_init(|| pair(a, b))),
        false => Cow::Owned(pair(a, b)),
    };
    let built = |c: &[usize]| c.len() == 2 && keep_pairs && extended[c[0] * n + c[1]];
    let uniques = |c: &[usize]| -> Bits {
        if let Some(u) = from_anchor(c) {
            return u;
        }
        if built(c) {
            return Bits::uniques_of(&pair_of(c[0], c[1]));
        }
        counted(c).unwrap_or_else(|| match *c {
            [a] => Bits::uniques_of(&single_of(a)),
            [a, b] => Bits(single_of(a).uniques_after(cols[b].1, cols[b].2)),
            [a, b, c, ..] => Bits(pair_of(a, b).uniques_after(cols[c].1, cols[c].2)),
            [] => Bits::default(),
        })
    };
    // Costliest first (the anchor's pass, built classes, then the most
    // counters), so that no thread is left with a long one at the end;
    // the other combinations holding the anchor only read its pass.
    let cost = |c: &[usize]| {
        if anchored(c) {
            return if c.len() == 1 { (2, 0) } else { (0, 0) };
        }
        let cells = c
            .iter()
            .fold(1usize, |m, &i| m.saturating_mul(cols[i].2.max(1)));
        (u8::from(built(c) || !fits(c)), cells)
    };

    // All singles and pairs in the first round (their uniques are the
    // parts of the larger ones) with the first triples; the other
    // triples in rounds, so that only a round's uniques are held.
    let mut single_u: Vec<Bits> = Vec::with_capacity(n);
    let mut pair_u: Vec<Bits> = vec![Bits::default(); n * n];
    let mut from = 0;
    while from < combos.len() {
        let round = if from == 0 {
            combos.iter().take_while(|c| c.len() < 3).count() + threads * 8
        } else {
            threads * 8
        };
        let chunk = &combos[from..(from + round).min(combos.len())];
        from += chunk.len();
        let mut order: Vec<usize> = (0..chunk.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(cost(&chunk[i])));
        let mut done: Vec<Option<Bits>> = vec![None; chunk.len()];
        for (i, u) in order
            .iter()
            .zip(par_map(threads, &order, |&i| uniques(&chunk[i])))
        {
            done[*i] = Some(u);
        }
        for (c, u) in chunk.iter().zip(done) {
            let u = u.unwrap_or_default();
            match *c.as_slice() {
                [_] => {
                    record(c, &u, &[]);
                    single_u.push(u);
                }
                [a, b] => {
                    record(c, &u, &[&single_u[a], &single_u[b]]);
                    pair_u[a * n + b] = u;
                }
                [a, b, d] => {
                    let parts = [&pair_u[a * n + b], &pair_u[a * n + d], &pair_u[b * n + d]];
                    record(c, &u, &parts);
                }
                _ => {}
            }
        }
    }
    let with_any: u64 = (0..words)
        .map(|w| u64::from(involved.iter().fold(0, |m, b| m | b.0[w]).count_ones()))
        .sum();
    let contributions = cols
        .iter()
        .zip(&involved)
        .map(|(&(idx, _, _), rows_of)| {
            let records = rows_of.count();
            Contribution {
                column: idx,
                records,
                share: if with_any == 0 {
                    0.0
                } else {
                    records as f64 / with_any as f64
                },
            }
        })
        .collect();
    (out, contributions)
}

/// One bit per row: whether it is alone in its class.
#[derive(Clone, Debug, Default)]
struct Bits(Vec<u64>);

impl Bits {
    fn uniques_of(c: &Classes) -> Bits {
        let mut words = super::classes::zeros::<u64>(c.of_row.len().div_ceil(64));
        for (r, &class) in c.of_row.iter().enumerate() {
            if c.sizes[class as usize] == 1 {
                words[r / 64] |= 1 << (r % 64);
            }
        }
        Bits(words)
    }

    fn count(&self) -> u64 {
        self.0.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    /// Counts rows unique here but in none of the parts, and marks them
    /// in the `involved` rows of each of `columns`.
    fn mark_minimal(&self, parts: &[&Bits], involved: &mut [Bits], columns: &[usize]) -> u64 {
        let mut n = 0;
        for (w, &word) in self.0.iter().enumerate() {
            let m = parts.iter().fold(word, |m, p| m & !p.0[w]);
            n += u64::from(m.count_ones());
            for &i in columns {
                involved[i].0[w] |= m;
            }
        }
        n
    }
}

/// Threads to spread the combinations over: one in the browser (and for
/// small tables, where starting threads costs more than it saves).
fn threads_for(rows: usize) -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    if rows >= PARALLEL_ROWS {
        return std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    }
    let _ = rows;
    1
}

/// `a()` and `b()`, natively at once on two threads for tables of
/// `rows` rows large enough to pay for a thread.
pub(super) fn join<A: Send, B: Send>(
    rows: usize,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    if threads_for(rows) > 1 {
        return std::thread::scope(|s| {
            let first = s.spawn(a);
            let second = b();
            let first = first
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (first, second)
        });
    }
    let _ = rows;
    (a(), b())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Drivers and contributions of `rows` rows of skewed random codes
    /// over `cards`, each row standing for `weight(r)` records, checked
    /// against grouping every combination's value tuples directly.
    /// `anchored`: whether the column with the most values leaves few
    /// enough rows a value to be compared pair by pair.
    fn agree_with_grouping(
        cards: &[u64],
        rows: usize,
        weight: impl Fn(usize) -> u64,
        anchored: bool,
    ) {
        let mut rng = crate::synth::Rng::new(7);
        let data: Vec<Vec<u16>> = cards
            .iter()
            .map(|&k| {
                (0..rows)
                    .map(|_| rng.below(k).min(rng.below(k)) as u16)
                    .collect()
            })
            .collect();
        let cols: Vec<(usize, CodeSlice<'_>, usize)> = data
            .iter()
            .zip(cards)
            .enumerate()
            .map(|(i, (d, &k))| (i, CodeSlice::U16(d), k as usize))
            .collect();
        let most = (0..cards.len()).max_by_key(|&i| cards[i]).unwrap_or(0);
        let others: Vec<(CodeSlice<'_>, usize)> = (0..cards.len())
            .filter(|&i| i != most)
            .map(|i| (cols[i].1, cols[i].2))
            .collect();
        assert_eq!(
            classes::Within::plan((cols[most].1, cols[most].2), &others, rows).is_some(),
            anchored
        );
        let weights: classes::Weights = Some((0..rows).map(&weight).collect());
        let (got, contributions) = drivers(&cols, rows, 3, &weights);
        let n = cards.len();
        let unique = |combo: &[usize]| -> Vec<bool> {
            let mut records: std::collections::HashMap<Vec<u16>, u64> = Default::default();
            let key = |r: usize| combo.iter().map(|&i| data[i][r]).collect::<Vec<_>>();
            for r in 0..rows {
                *records.entry(key(r)).or_default() += weight(r);
            }
            (0..rows).map(|r| records[&key(r)] == 1).collect()
        };
        let mut involved = vec![vec![false; n]; rows];
        let mut combos: Vec<Vec<usize>> = (0..n).map(|a| vec![a]).collect();
        for a in 0..n {
            for b in a + 1..n {
                combos.push(vec![a, b]);
                for c in b + 1..n {
                    combos.push(vec![a, b, c]);
                }
            }
        }
        let mut want = Vec::new();
        for combo in &combos {
            let u = unique(combo);
            let parts: Vec<Vec<bool>> = match combo.len() {
                1 => Vec::new(),
                _ => (0..combo.len())
                    .map(|skip| {
                        let part: Vec<usize> = combo
                            .iter()
                            .enumerate()
                            .filter(|&(j, _)| j != skip)
                            .map(|(_, &i)| i)
                            .collect();
                        unique(&part)
                    })
                    .collect(),
            };
            let mut minimal = 0;
            for r in 0..rows {
                if u[r] && parts.iter().all(|p| !p[r]) {
                    minimal += 1;
                    for &i in combo {
                        involved[r][i] = true;
                    }
                }
            }
            if minimal > 0 {
                want.push((
                    combo.clone(),
                    u.iter().filter(|&&x| x).count() as u64,
                    minimal,
                ));
            }
        }
        let mut got: Vec<_> = got
            .iter()
            .filter(|d| d.minimal_unique_records > 0)
            .map(|d| {
                (
                    d.columns.clone(),
                    d.unique_records,
                    d.minimal_unique_records,
                )
            })
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want);
        assert!(want.iter().any(|w| w.0.len() == 3), "{want:?}");
        for (i, c) in contributions.iter().enumerate() {
            let records = involved.iter().filter(|r| r[i]).count() as u64;
            assert_eq!(c.records, records, "column {i}");
        }
    }

    #[test]
    fn counted_and_built_combinations_agree_with_grouping_the_rows() {
        // Cardinalities such that some triples pass the byte counters
        // and take the classes' path, and the column with the most values
        // shares them among too many rows to compare them pair by pair.
        let rows = 5_000;
        assert!(classes::counters_for([300, 40], rows).is_some());
        assert!(classes::counters_for([300, 40, 7], rows).is_none());
        agree_with_grouping(&[300, 40, 7, 3], rows, |_| 1, false);
        agree_with_grouping(&[300, 40, 7, 3], rows, |r| 1 + (r % 5 == 0) as u64, false);
    }

    #[test]
    fn combinations_around_a_column_of_few_rows_a_value_agree_with_grouping_the_rows() {
        // The column of 2,500 values (not the first) leaves a few rows a
        // value: every combination holding it is found in one pass over
        // them, with and without rows standing for several records.
        let rows = 5_000;
        agree_with_grouping(&[40, 2_500, 7, 3, 2], rows, |_| 1, true);
        agree_with_grouping(
            &[40, 2_500, 7, 3, 2],
            rows,
            |r| 1 + (r % 7 == 0) as u64,
            true,
        );
    }

    #[test]
    fn hand_computed() {
        // Row 0 is unique on sex alone; row 1 only on (sex, age); nobody
        // else is unique on anything.
        let sex = [1, 2, 2, 3, 3, 2];
        let age = [1, 1, 2, 1, 1, 2];
        let zip = [1, 1, 1, 1, 1, 1];
        let cols = [
            (0, CodeSlice::U8(&sex), 4),
            (1, CodeSlice::U8(&age), 3),
            (2, CodeSlice::U8(&zip), 2),
        ];
        let (d, c) = drivers(&cols, 6, 3, &None);
        let get = |cols: &[usize]| d.iter().find(|x| x.columns == cols).unwrap().clone();
        assert_eq!(get(&[0]).unique_records, 1);
        assert_eq!(get(&[0]).minimal_unique_records, 1);
        assert_eq!(get(&[0, 1]).unique_records, 2);
        assert_eq!(get(&[0, 1]).minimal_unique_records, 1);
        assert_eq!(get(&[0, 1, 2]).minimal_unique_records, 0);
        assert_eq!(get(&[1]).unique_records, 0);
        assert_eq!(
            c[0],
            Contribution {
                column: 0,
                records: 2,
                share: 1.0
            }
        );
        assert_eq!(
            c[1],
            Contribution {
                column: 1,
                records: 1,
                share: 0.5
            }
        );
        assert_eq!(c[2].records, 0);
    }
}
