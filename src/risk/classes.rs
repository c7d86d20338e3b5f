//! Equivalence classes: rows with the same values in the chosen columns.
//! Built once per choice of columns by relabelling (each column refines the
//! classes of the columns before it into dense ids), then summarised as a
//! class-size histogram, as ARX does; every measure is a small function of
//! that histogram.
//!
//! A row may stand for several records (`weights`): a table grouped by
//! every column of interest into distinct tuples with counts, as a
//! distributed engine's GROUP BY returns it, gives the classes, sizes and
//! uniques of the table itself. A row whose weight is more than one is
//! never alone in a class, so the rows that are unique are single records
//! in either form.

use crate::profile::codes::{Code, CodeSlice};
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

/// Dense pair tables up to this many cells; larger products use a hash map.
const DENSE_LIMIT: usize = 1 << 22;

/// The pairs of rows [`Within`] may compare, on average a row.
const PAIRS_PER_ROW: u64 = 8;

/// `n` zeros, written: a buffer that is read before it is written (a
/// count, a bit set) must not start as the calloc'd pages `vec![0; n]`
/// gives, which the kernel maps to its zero page on the first read and
/// copies on the first write: two faults a page and, with other threads
/// running, a TLB shootdown on every core.
pub(crate) fn zeros<T: Copy + Default>(n: usize) -> Vec<T> {
    let mut v = Vec::with_capacity(n);
    v.resize(n, T::default());
    // Opaque, so that the optimiser, seeing the system allocator's malloc
    // followed by a zero fill after inlining, cannot fold them back into
    // the calloc this avoids.
    std::hint::black_box(v)
}

/// Scratch tables up to this many bytes are kept for the next
/// refinement, at most `SCRATCH_TABLES` of each kind.
const SCRATCH_KEPT: usize = 8 << 20;
const SCRATCH_TABLES: usize = 4;

/// Scratch tables kept between uses, whichever thread used them: the
/// drivers count tens of combinations in a row, on threads started for
/// each round, and a fresh table each time cost more in page faults (and,
/// with other threads running, TLB shootdowns) than filling one.
struct Scratch<T>(Mutex<Vec<Vec<T>>>);

/// The (class, value) tables of `refine`.
static IDS: Scratch<u32> = Scratch(Mutex::new(Vec::new()));
/// The (class, value) counters of `uniques_after`, and the combination
/// counters of `uniques_on`.
static COUNTS: Scratch<u8> = Scratch(Mutex::new(Vec::new()));
/// Each row's combination of values in `uniques_on`.
static KEYS: Scratch<u32> = Scratch(Mutex::new(Vec::new()));

/// `f` over a table of `len` cells set to `fill`, reusing a kept one.
fn with_scratch<T: Copy, R>(
    kept: &'static Scratch<T>,
    len: usize,
    fill: T,
    f: impl FnOnce(&mut [T]) -> R,
) -> R {
    let pool = || kept.0.lock().unwrap_or_else(PoisonError::into_inner);
    let mut table = pool().pop().unwrap_or_default();
    table.clear();
    table.resize(len, fill);
    let out = f(&mut table);
    if table.capacity() * std::mem::size_of::<T>() <= SCRATCH_KEPT {
        let mut pool = pool();
        if pool.len() < SCRATCH_TABLES {
            pool.push(table);
        }
    }
    out
}

/// Byte counters `uniques_on` may take per row, and in all. The counting
/// pass misses the cache on large tables whatever their size, while
/// clearing them costs a fraction of the pass; past these, building
/// classes column by column is cheaper.
const COUNTERS_PER_ROW: usize = 16;
const COUNTERS_MAX: usize = 1 << 24;

/// Which of `rows` rows are alone on the values of `columns` (codes with
/// their cardinality), one bit per row as [`Classes::uniques_after`]
/// gives them, by counting every combination of values in a table of
/// byte counters, without building classes; `None` when the combinations
/// are too many for such a table (see `COUNTERS_MAX`).
pub fn uniques_on(
    columns: &[(CodeSlice<'_>, usize)],
    rows: usize,
    weights: &Weights,
) -> Option<Vec<u64>> {
    let cells = counters_for(columns.iter().map(|&(_, card)| card), rows)?;
    if columns.iter().any(|&(codes, _)| codes.len() < rows) {
        return None;
    }
    let mut words = zeros::<u64>(rows.div_ceil(64));
    with_scratch(&KEYS, rows, 0u32, |keys| {
        // Below `cells`, which fits in a u32: each column's code is one
        // more mixed-radix digit of the row's key.
        for &(codes, card) in columns {
            let card = card.max(1) as u32;
            crate::with_codes!(codes, |v| {
                for (k, c) in keys.iter_mut().zip(v) {
                    *k = *k * card + c.wide();
                }
            });
        }
        with_scratch(&COUNTS, cells, 0u8, |seen| {
            let key = |r: usize| keys[r] as usize;
            match weights {
                None => count_uniques(rows, key, seen, &mut words, |_| 1),
                Some(w) => count_uniques(rows, key, seen, &mut words, |r| w[r]),
            }
        });
    });
    Some(words)
}

/// The counters [`uniques_on`] takes for columns of cardinalities
/// `cards` over `rows` rows, if it takes them.
pub fn counters_for(cards: impl IntoIterator<Item = usize>, rows: usize) -> Option<usize> {
    let cells = cards
        .into_iter()
        .try_fold(1usize, |n, card| n.checked_mul(card.max(1)))?;
    (cells <= COUNTERS_MAX && cells <= rows.saturating_mul(COUNTERS_PER_ROW).max(1 << 16))
        .then_some(cells)
}

/// One more record of `weight` in a saturating counter: a key is unique
/// when exactly one record has it, so counting past two tells nothing.
#[inline]
fn add_records(n: &mut u8, weight: u64) {
    *n = n.saturating_add(weight.min(2) as u8);
}

/// Counts the records of each of `rows` rows' counter (`key`), then sets
/// the bits of the rows whose counter holds exactly one.
fn count_uniques(
    rows: usize,
    key: impl Fn(usize) -> usize,
    seen: &mut [u8],
    words: &mut [u64],
    weight: impl Fn(usize) -> u64,
) {
    for r in 0..rows {
        add_records(&mut seen[key(r)], weight(r));
    }
    for r in 0..rows {
        if seen[key(r)] == 1 {
            words[r / 64] |= 1 << (r % 64);
        }
    }
}

/// Every combination of columns holding one column, the anchor, at once:
/// which rows are alone on each, found by comparing pair by pair the rows
/// that share the anchor's value. One pass instead of one a combination,
/// when the anchor's values are shared by few rows (a date of birth's
/// over a customer table, not a sex's).
pub struct Within<'a> {
    anchor: CodeSlice<'a>,
    others: Vec<CodeSlice<'a>>,
    /// Where the rows of each anchor value start when rows are sorted by
    /// it, and where the last ends.
    start: Vec<u32>,
    /// Each other column's place in a row's word: shift and mask.
    fields: Vec<(u32, u64)>,
    rows: usize,
}

impl<'a> Within<'a> {
    /// Combinations one pass can take (one bit each in a row's word).
    pub const MAX_SUBSETS: usize = 64;

    /// The pass over `rows` rows around `anchor` (codes, cardinality)
    /// with `others`: `None` when the anchor's values are shared by too
    /// many rows (more than `PAIRS_PER_ROW` pairs of rows a row, on
    /// average), or the others' codes take more than 64 bits a row.
    pub fn plan(
        anchor: (CodeSlice<'a>, usize),
        others: &[(CodeSlice<'a>, usize)],
        rows: usize,
    ) -> Option<Within<'a>> {
        let (codes, card) = anchor;
        if u32::try_from(rows).is_err()
            || codes.len() < rows
            || others.iter().any(|c| c.0.len() < rows)
        {
            return None;
        }
        let mut shift = 0u32;
        let mut fields = Vec::with_capacity(others.len());
        for &(_, card) in others {
            let bits = usize::BITS - card.saturating_sub(1).leading_zeros();
            let mask = u64::MAX.checked_shr(u64::BITS - bits).unwrap_or(0);
            fields.push((shift, mask.checked_shl(shift).unwrap_or(0)));
            shift += bits;
            if shift > u64::BITS {
                return None;
            }
        }
        let mut start = zeros::<u32>(card.max(1) + 1);
        crate::with_codes!(codes, |v| {
            for c in &v[..rows] {
                *start.get_mut(c.wide() as usize + 1)? += 1;
            }
        });
        let pairs = start
            .iter()
            .map(|&m| u64::from(m) * u64::from(m.saturating_sub(1)) / 2)
            .sum::<u64>();
        if pairs > (rows as u64).saturating_mul(PAIRS_PER_ROW) {
            return None;
        }
        for c in 1..start.len() {
            start[c] += start[c - 1];
        }
        Some(Within {
            anchor: codes,
            others: others.iter().map(|c| c.0).collect(),
            start,
            fields,
            rows,
        })
    }

    /// For each of `subsets` (bit `i`: the `i`th of the other columns;
    /// at most [`Within::MAX_SUBSETS`], the rest are left out), which rows
    /// are alone on the anchor and those columns, one bit per row as
    /// [`Classes::uniques_after`] gives them.
    pub fn uniques(&self, subsets: &[u32], weights: &Weights) -> Vec<Vec<u64>> {
        let rows = self.rows;
        let subsets = &subsets[..subsets.len().min(Self::MAX_SUBSETS)];
        // Each row's codes of the other columns side by side in one word:
        // two rows agree on a subset when their words do under its mask.
        let mut words = zeros::<u64>(rows);
        for (&codes, &(shift, mask)) in self.others.iter().zip(&self.fields) {
            if mask == 0 {
                continue;
            }
            crate::with_codes!(codes, |v| {
                for (w, c) in words.iter_mut().zip(v) {
                    *w |= u64::from(c.wide()) << shift;
                }
            });
        }
        let masks: Vec<u64> = subsets
            .iter()
            .map(|&s| {
                self.fields
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| s >> i & 1 == 1)
                    .fold(0, |m, (_, &(_, f))| m | f)
            })
            .collect();
        // The rows and their words sorted by the anchor's value, so that
        // each value's rows are read side by side.
        let mut fill = self.start.clone();
        let mut row_at = zeros::<u32>(rows);
        let mut word_at = zeros::<u64>(rows);
        crate::with_codes!(self.anchor, |v| {
            for (r, (c, &w)) in v.iter().zip(&words).enumerate() {
                let at = &mut fill[c.wide() as usize];
                row_at[*at as usize] = r as u32;
                word_at[*at as usize] = w;
                *at += 1;
            }
        });
        drop(words);
        let every = u64::MAX >> (64 - subsets.len().max(1));
        let weight = |r: u32| weights.as_ref().map_or(1, |w| w[r as usize]);
        // Each row's subsets on which it shares its values with another
        // row, then (in place) those on which it is alone. A row standing
        // for several records shares with itself.
        let mut shared: Vec<u64> = Vec::new();
        for span in self.start.windows(2) {
            let (from, to) = (span[0] as usize, span[1] as usize);
            let group = &mut word_at[from..to];
            shared.clear();
            shared.extend(
                row_at[from..to]
                    .iter()
                    .map(|&r| if weight(r) > 1 { every } else { 0 }),
            );
            for i in 0..group.len() {
                for j in i + 1..group.len() {
                    let differ = group[i] ^ group[j];
                    let agree = masks
                        .iter()
                        .enumerate()
                        .filter(|&(_, &m)| differ & m == 0)
                        .fold(0u64, |a, (s, _)| a | 1 << s);
                    shared[i] |= agree;
                    shared[j] |= agree;
                }
            }
            for (w, &s) in group.iter_mut().zip(&shared) {
                *w = every & !s;
            }
        }
        let mut out = vec![zeros::<u64>(rows.div_ceil(64)); subsets.len()];
        for (&r, &alone) in row_at.iter().zip(&word_at) {
            let mut a = alone;
            while a != 0 {
                let s = a.trailing_zeros() as usize;
                a &= a - 1;
                out[s][r as usize / 64] |= 1 << (r % 64);
            }
        }
        out
    }
}

/// The records the first `rows` rows stand for.
pub fn total_records(rows: usize, weights: &Weights) -> u64 {
    match weights {
        Some(w) => w.iter().take(rows).sum(),
        None => rows as u64,
    }
}

/// The records each row stands for, when rows are distinct tuples with
/// counts (`None`: one record per row).
pub type Weights = Option<std::sync::Arc<[u64]>>;

/// The class of every row and the size of every class. Read, never
/// changed once built: refinements keep the rows sorted by class.
#[derive(Clone, Debug, Default)]
pub struct Classes {
    /// `of_row[r]`: the class of row `r`.
    pub of_row: Vec<u32>,
    /// `sizes[c]`: how many records class `c` holds.
    pub sizes: Vec<u64>,
    /// The records each row stands for.
    pub weights: Weights,
    /// The rows of each class, when a class-by-class pass has needed them:
    /// further refinements of the same classes (the drivers refine one
    /// column's classes by every other) reuse them.
    by_class: std::sync::OnceLock<ByClass>,
}

/// The rows sorted by class: class `c`'s rows are
/// `order[start[c]..start[c + 1]]`.
#[derive(Clone, Debug, Default)]
struct ByClass {
    start: Vec<u32>,
    order: Vec<u32>,
}

impl Classes {
    /// Everything in one class (no columns chosen).
    pub fn single(rows: usize) -> Classes {
        Classes::single_weighted(rows, &None)
    }

    /// Every row in one class, each row standing for its weight's records.
    pub fn single_weighted(rows: usize, weights: &Weights) -> Classes {
        let total = total_records(rows, weights);
        Classes {
            of_row: vec![0; rows],
            sizes: if rows == 0 { Vec::new() } else { vec![total] },
            weights: weights.clone(),
            by_class: Default::default(),
        }
    }

    /// The records row `r` stands for.
    #[inline]
    pub fn weight(&self, r: usize) -> u64 {
        self.weights
            .as_ref()
            .map_or(1, |w| w.get(r).copied().unwrap_or(0))
    }

    /// Records in all.
    pub fn records(&self) -> u64 {
        self.sizes.iter().sum()
    }

    /// Classes of `rows` rows over columns given as codes with their
    /// cardinality (codes are below it).
    pub fn build(columns: &[(CodeSlice<'_>, usize)], rows: usize) -> Classes {
        Classes::build_weighted(columns, rows, &None)
    }

    /// [`Classes::build`] over rows that stand for `weights` records each.
    pub fn build_weighted(
        columns: &[(CodeSlice<'_>, usize)],
        rows: usize,
        weights: &Weights,
    ) -> Classes {
        // The classes do not depend on the order the columns are taken in,
        // but the cost does: few-valued columns first keep the early
        // steps in small dense tables.
        let mut columns = columns.to_vec();
        columns.sort_by_key(|&(_, card)| card);
        let mut c = Classes::single_weighted(rows, weights);
        for (codes, card) in columns {
            c = c.refine(codes, card);
        }
        c
    }

    /// These classes split further by one more column.
    pub fn refine(&self, codes: CodeSlice<'_>, card: usize) -> Classes {
        crate::with_codes!(codes, |v| self.refine_by(v, card))
    }

    fn refine_by<C: Code>(&self, codes: &[C], card: usize) -> Classes {
        match &self.weights {
            None => self.refine_weighted(codes, card, |_| 1),
            Some(w) => self.refine_weighted(codes, card, |r| w[r]),
        }
    }

    fn refine_weighted<C: Code>(
        &self,
        codes: &[C],
        card: usize,
        weight: impl Fn(usize) -> u64,
    ) -> Classes {
        let rows = self.of_row.len();
        let card = card.max(1);
        let mut of_row = Vec::with_capacity(rows);
        // Sized once: growing it by doubling copied and faulted in pages
        // that cost more than the pass itself on large tables.
        let mut sizes: Vec<u64> = Vec::with_capacity(rows.min(self.cells(card)));
        if self.dense(card, 1) {
            with_scratch(&IDS, self.cells(card), u32::MAX, |map| {
                for (r, (&class, &code)) in self.of_row.iter().zip(codes).enumerate() {
                    let slot = &mut map[class as usize * card + code.wide() as usize];
                    if *slot == u32::MAX {
                        *slot = sizes.len() as u32;
                        sizes.push(0);
                    }
                    sizes[*slot as usize] += weight(r);
                    of_row.push(*slot);
                }
            });
        } else {
            // Too many (class, value) pairs for a table: visit the rows
            // class by class, so one array over the values, stamped with
            // the class being split, does the work of a hash map.
            of_row.resize(rows, 0);
            let mut stamp = vec![u32::MAX; card];
            let mut id_of = vec![0u32; card];
            self.each_class(|class, members| {
                for &r in members {
                    let code = codes[r as usize].wide() as usize;
                    if stamp[code] != class {
                        stamp[code] = class;
                        id_of[code] = sizes.len() as u32;
                        sizes.push(0);
                    }
                    let id = id_of[code];
                    sizes[id as usize] += weight(r as usize);
                    of_row[r as usize] = id;
                }
            });
        }
        Classes {
            of_row,
            sizes,
            weights: self.weights.clone(),
            by_class: Default::default(),
        }
    }

    /// Which rows these classes split by one more column leave alone in
    /// their class, one bit per row (row `r` is bit `r % 64` of word
    /// `r / 64`), without building the classes: what the drivers need of
    /// their largest combinations.
    pub fn uniques_after(&self, codes: CodeSlice<'_>, card: usize) -> Vec<u64> {
        crate::with_codes!(codes, |v| match &self.weights {
            None => self.uniques_after_weighted(v, card, |_| 1),
            Some(w) => self.uniques_after_weighted(v, card, |r| w[r]),
        })
    }

    fn uniques_after_weighted<C: Code>(
        &self,
        codes: &[C],
        card: usize,
        weight: impl Fn(usize) -> u64,
    ) -> Vec<u64> {
        let rows = self.of_row.len();
        let card = card.max(1);
        let mut words = zeros::<u64>(rows.div_ceil(64));
        // A byte a cell: a table four times the size of `refine`'s costs
        // the same to clear.
        if self.dense(card, 4) {
            let key = |r: usize| self.of_row[r] as usize * card + codes[r].wide() as usize;
            with_scratch(&COUNTS, self.cells(card), 0, |seen| {
                count_uniques(rows, key, seen, &mut words, weight);
            });
        } else {
            let mut stamp = vec![u32::MAX; card];
            let mut seen = vec![0u8; card];
            self.each_class(|class, members| {
                for &r in members {
                    let code = codes[r as usize].wide() as usize;
                    if stamp[code] != class {
                        stamp[code] = class;
                        seen[code] = 0;
                    }
                    add_records(&mut seen[code], weight(r as usize));
                }
                for &r in members {
                    if seen[codes[r as usize].wide() as usize] == 1 {
                        words[r as usize / 64] |= 1 << (r % 64);
                    }
                }
            });
        }
        words
    }

    /// (class, value) pairs a refinement by a column of `card` values can
    /// meet.
    fn cells(&self, card: usize) -> usize {
        self.sizes.len().saturating_mul(card)
    }

    /// Whether a table over every (class, value) pair is cheaper than the
    /// class-by-class pass: a table much larger than the rows costs more
    /// to clear than the pass costs. `per_row` scales the bound for
    /// narrower cells.
    fn dense(&self, card: usize, per_row: usize) -> bool {
        let cells = self.cells(card);
        cells <= DENSE_LIMIT * per_row
            && cells <= self.of_row.len().saturating_mul(8 * per_row).max(4096)
    }

    /// Calls `f` with each class and its rows, in class order (a counting
    /// sort of the rows by class, made once).
    fn each_class(&self, mut f: impl FnMut(u32, &[u32])) {
        let ByClass { start, order } = self.by_class.get_or_init(|| {
            let count = self.sizes.len();
            let mut start = zeros::<u32>(count + 1);
            for &class in &self.of_row {
                start[class as usize + 1] += 1;
            }
            for c in 0..count {
                start[c + 1] += start[c];
            }
            let mut fill = start.clone();
            let mut order = vec![0u32; self.of_row.len()];
            for (r, &class) in self.of_row.iter().enumerate() {
                order[fill[class as usize] as usize] = r as u32;
                fill[class as usize] += 1;
            }
            ByClass { start, order }
        });
        for (class, span) in start.windows(2).enumerate() {
            f(class as u32, &order[span[0] as usize..span[1] as usize]);
        }
    }

    /// Number of classes.
    pub fn count(&self) -> usize {
        self.sizes.len()
    }

    /// Records in classes of size 1.
    pub fn uniques(&self) -> u64 {
        self.sizes.iter().filter(|&&s| s == 1).count() as u64
    }

    /// Class size → number of classes of that size.
    pub fn histogram(&self) -> BTreeMap<u64, u64> {
        let mut h = BTreeMap::new();
        for &s in &self.sizes {
            *h.entry(s).or_insert(0) += 1;
        }
        h
    }

    /// Whether row `r` is alone in its class.
    pub fn is_unique(&self, r: usize) -> bool {
        self.sizes[self.of_row[r] as usize] == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed() {
        // sex, age band: (M,30) ×2, (F,30), (F,40) ×3
        let sex = [1, 1, 2, 2, 2, 2];
        let age = [1, 1, 1, 2, 2, 2];
        let c = Classes::build(&[((&sex[..]).into(), 3), ((&age[..]).into(), 3)], 6);
        assert_eq!(c.count(), 3);
        assert_eq!(c.uniques(), 1);
        assert_eq!(c.histogram(), BTreeMap::from([(1, 1), (2, 1), (3, 1)]));
        assert!(c.is_unique(2));
        assert!(!c.is_unique(0));
        // The class-by-class path gives the same classes (numbered in
        // class order rather than row order).
        let big = Classes::single(6)
            .refine((&sex[..]).into(), DENSE_LIMIT + 1)
            .refine(CodeSlice::U8(&[1, 1, 1, 2, 2, 2]), 3);
        assert_eq!(big.histogram(), c.histogram());
        for r in 0..6 {
            for q in 0..6 {
                assert_eq!(big.of_row[r] == big.of_row[q], c.of_row[r] == c.of_row[q]);
            }
        }
    }

    #[test]
    fn every_code_width_gives_the_same_classes() {
        // A second column stored one, two or four bytes wide.
        let first: Vec<u8> = (0..500u32).map(|r| (r * 7 % 13) as u8).collect();
        let narrow: Vec<u8> = (0..500u32).map(|r| (r * 31 % 97) as u8).collect();
        let mid: Vec<u16> = narrow.iter().map(|&c| u16::from(c)).collect();
        let wide: Vec<u32> = narrow.iter().map(|&c| u32::from(c)).collect();
        let base = Classes::single(500).refine(CodeSlice::U8(&first), 13);
        let a = base.refine(CodeSlice::U8(&narrow), 97);
        let b = base.refine(CodeSlice::U16(&mid), 97);
        let c = base.refine(CodeSlice::U32(&wide), 97);
        assert_eq!((&a.of_row, &a.sizes), (&b.of_row, &b.sizes));
        assert_eq!((&a.of_row, &a.sizes), (&c.of_row, &c.sizes));
        assert!(a.count() > 13);
    }

    #[test]
    fn classes_are_the_groups_of_equal_rows_in_any_column_order() {
        // Three columns of very different cardinality, so that both the
        // dense and the class-by-class paths run, compared with grouping
        // the rows' value tuples directly.
        let rows = 20_000u32;
        let a: Vec<u32> = (0..rows)
            .map(|r| r.wrapping_mul(2_654_435_761) % 9_000)
            .collect();
        let b: Vec<u8> = (0..rows).map(|r| (r % 3) as u8).collect();
        let c: Vec<u16> = (0..rows).map(|r| (r / 7 % 40) as u16).collect();
        let mut groups: std::collections::HashMap<(u32, u8, u16), u64> = Default::default();
        for r in 0..rows as usize {
            *groups.entry((a[r], b[r], c[r])).or_default() += 1;
        }
        let mut want = BTreeMap::new();
        for &size in groups.values() {
            *want.entry(size).or_insert(0u64) += 1;
        }
        let cols = [
            (CodeSlice::U32(&a), 9_000),
            (CodeSlice::U8(&b), 3),
            (CodeSlice::U16(&c), 40),
        ];
        for order in [[0, 1, 2], [2, 1, 0], [1, 0, 2]] {
            let chosen: Vec<_> = order.iter().map(|&i| cols[i]).collect();
            let got = Classes::build(&chosen, rows as usize);
            assert_eq!(got.histogram(), want);
            for r in (0..rows as usize).step_by(97) {
                let same = |q: usize| (a[q], b[q], c[q]) == (a[r], b[r], c[r]);
                for q in (0..rows as usize).step_by(89) {
                    assert_eq!(got.of_row[q] == got.of_row[r], same(q));
                }
            }
        }
    }

    #[test]
    fn counted_uniques_are_the_uniques_of_the_built_classes() {
        // One to three columns of every code width, with and without
        // weights; and `None` once the combinations pass the counters.
        let rows = 6_000u32;
        let a: Vec<u16> = (0..rows)
            .map(|r| (r.wrapping_mul(40_503) % 900) as u16)
            .collect();
        let b: Vec<u8> = (0..rows).map(|r| (r * 7 % 11) as u8).collect();
        let c: Vec<u32> = (0..rows)
            .map(|r| (r ^ r >> 3).wrapping_mul(0x9E37_79B1) >> 30)
            .collect();
        let cols = [
            (CodeSlice::U16(&a), 900),
            (CodeSlice::U8(&b), 11),
            (CodeSlice::U32(&c), 4),
        ];
        let weights: Weights = Some((0..rows).map(|r| u64::from(r % 7 == 0) + 1).collect());
        for w in [None, weights] {
            for pick in [&[0][..], &[1], &[0, 1], &[1, 2], &[0, 1, 2], &[2, 0, 1]] {
                let chosen: Vec<_> = pick.iter().map(|&i| cols[i]).collect();
                let got = uniques_on(&chosen, rows as usize, &w).expect("fits");
                let classes = Classes::build_weighted(&chosen, rows as usize, &w);
                for r in 0..rows as usize {
                    let bit = got[r / 64] >> (r % 64) & 1 == 1;
                    assert_eq!(bit, classes.is_unique(r), "{pick:?} row {r}");
                }
            }
        }
        let many = [(CodeSlice::U16(&a), COUNTERS_MAX), (CodeSlice::U8(&b), 11)];
        assert!(uniques_on(&many, rows as usize, &None).is_none());
        // Fewer codes than rows: not counted (and not a panic).
        assert!(uniques_on(&cols[..1], rows as usize + 1, &None).is_none());
    }

    #[test]
    fn uniques_after_are_the_uniques_of_the_refined_classes() {
        // Both paths (a table over the pairs, and class by class), with
        // and without weights: the bits equal those of building the
        // classes and asking each row.
        let rows = 5_000u32;
        let a: Vec<u16> = (0..rows)
            .map(|r| (r.wrapping_mul(40_503) % 700) as u16)
            .collect();
        let b: Vec<u32> = (0..rows)
            .map(|r| (r ^ r >> 3).wrapping_mul(0x9E37_79B1) >> 29)
            .collect();
        let weights: Weights = Some((0..rows).map(|r| u64::from(r % 5 == 0) + 1).collect());
        for w in [None, weights] {
            for a_card in [700, DENSE_LIMIT + 1] {
                let base =
                    Classes::single_weighted(rows as usize, &w).refine(CodeSlice::U16(&a), a_card);
                for b_card in [8, DENSE_LIMIT * 8] {
                    let got = base.uniques_after(CodeSlice::U32(&b), b_card);
                    let full = base.refine(CodeSlice::U32(&b), b_card);
                    let mut uniques = 0;
                    for r in 0..rows as usize {
                        let bit = got[r / 64] >> (r % 64) & 1 == 1;
                        assert_eq!(bit, full.is_unique(r), "row {r}");
                        uniques += u64::from(bit);
                    }
                    assert_eq!(uniques, full.uniques());
                    assert!(uniques > 100 && uniques < u64::from(rows), "{uniques}");
                }
            }
        }
    }
}
