//! What drives uniqueness: for every combination of up to three
//! quasi-identifiers, how many records it makes unique, and for how many it
//! is a *minimal* sample unique — unique on the combination but on none of
//! its smaller parts (the idea of SUDA, Elliot et al. 2002, limited to three
//! columns). A column's contribution is the share of records with a minimal
//! unique combination that includes it.

use super::classes::Classes;
use crate::profile::codes::CodeSlice;
use serde::Serialize;
use std::borrow::Cow;

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
    // Per row: which columns take part in one of its minimal uniques.
    let mut involved = super::classes::zeros::<u64>(if n <= 64 { rows } else { 0 });
    let mut record = |columns: &[usize], unique: &Bits, parts: &[&Bits]| {
        let bits = columns
            .iter()
            .fold(0u64, |m, &i| m | 1u64.checked_shl(i as u32).unwrap_or(0));
        let minimal = unique.mark_minimal(parts, &mut involved, bits);
        out.push(Driver {
            columns: columns.iter().map(|&i| cols[i].0).collect(),
            unique_records: unique.count(),
            minimal_unique_records: minimal,
        });
    };

    let single = |i: usize| Classes::single_weighted(rows, weights).refine(cols[i].1, cols[i].2);
    let keep_singles = n.saturating_mul(rows * 4) <= KEPT_MEMORY;
    let (single_u, singles): (Vec<Bits>, Vec<Option<Classes>>) =
        par_map(threads, &(0..n).collect::<Vec<_>>(), |&i| {
            let c = single(i);
            (Bits::uniques_of(&c), keep_singles.then_some(c))
        })
        .into_iter()
        .unzip();
    // Column `a`'s classes: kept, or made again.
    let single_of = |a: usize| match &singles[a] {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(single(a)),
    };
    // Column `a`'s classes refined by column `b`.
    let pair = |a: usize, b: usize| single_of(a).refine(cols[b].1, cols[b].2);
    for (i, u) in single_u.iter().enumerate() {
        record(&[i], u, &[]);
    }

    // Pairs (a < b), in order; their uniques are kept for the triples.
    let pair_list: Vec<(usize, usize)> = (0..n)
        .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
        .collect();
    let keep_pairs = max_size >= 3 && pair_list.len().saturating_mul(rows * 4) <= KEPT_MEMORY;
    let mut pair_u: Vec<Bits> = vec![Bits::default(); n * n];
    let mut pair_c: Vec<Option<Classes>> = vec![None; n * n];
    if max_size >= 2 {
        for chunk in pair_list.chunks(threads * 8) {
            let done = par_map(threads, chunk, |&(a, b)| {
                if keep_pairs {
                    let ab = pair(a, b);
                    (Bits::uniques_of(&ab), Some(ab))
                } else {
                    (Bits(single_of(a).uniques_after(cols[b].1, cols[b].2)), None)
                }
            });
            for (&(a, b), (u, c)) in chunk.iter().zip(done) {
                record(&[a, b], &u, &[&single_u[a], &single_u[b]]);
                pair_u[a * n + b] = u;
                pair_c[a * n + b] = c;
            }
        }
    }
    if max_size >= 3 {
        let triples: Vec<(usize, usize, usize)> = pair_list
            .iter()
            .flat_map(|&(a, b)| (b + 1..n).map(move |c| (a, b, c)))
            .collect();
        for chunk in triples.chunks(threads * 8) {
            let done = par_map(threads, chunk, |&(a, b, c)| {
                Bits(match &pair_c[a * n + b] {
                    Some(ab) => ab.uniques_after(cols[c].1, cols[c].2),
                    None => pair(a, b).uniques_after(cols[c].1, cols[c].2),
                })
            });
            for (&(a, b, c), u) in chunk.iter().zip(done) {
                let parts = [&pair_u[a * n + b], &pair_u[a * n + c], &pair_u[b * n + c]];
                record(&[a, b, c], &u, &parts);
            }
        }
    }
    let with_any = involved.iter().filter(|&&m| m != 0).count() as u64;
    let contributions = cols
        .iter()
        .enumerate()
        .map(|(i, &(idx, _, _))| {
            let records = if n <= 64 {
                involved.iter().filter(|&&m| m & (1 << i) != 0).count() as u64
            } else {
                0
            };
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

    /// Counts rows unique here but in none of the parts, and records in
    /// `involved` that they involve the columns `bits`.
    fn mark_minimal(&self, parts: &[&Bits], involved: &mut [u64], bits: u64) -> u64 {
        let mut n = 0;
        for (w, &word) in self.0.iter().enumerate() {
            let mut m = parts.iter().fold(word, |m, p| m & !p.0[w]);
            n += u64::from(m.count_ones());
            while m != 0 {
                let r = w * 64 + m.trailing_zeros() as usize;
                if let Some(slot) = involved.get_mut(r) {
                    *slot |= bits;
                }
                m &= m - 1;
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

/// `f` over `items`, spread over up to `threads` scoped threads, results in
/// order. Items are claimed one at a time, so a thread that drew cheap
/// combinations takes more of them.
fn par_map<T: Sync, R: Send>(threads: usize, items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    if threads > 1 && items.len() > 1 {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let next = AtomicUsize::new(0);
        let work = || {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else {
                    return done;
                };
                done.push((i, f(item)));
            }
        };
        let mut all: Vec<(usize, R)> = std::thread::scope(|s| {
            let handles: Vec<_> = (1..threads.min(items.len()))
                .map(|_| s.spawn(work))
                .collect();
            let mut all = work();
            for h in handles {
                all.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            }
            all
        });
        all.sort_unstable_by_key(|&(i, _)| i);
        return all.into_iter().map(|(_, r)| r).collect();
    }
    let _ = threads;
    items.iter().map(f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
