//! Dictionary-encoded copies of the columns, kept while scanning so that
//! re-identification risk can be computed for any choice of columns from
//! memory, without reading the file again (see [`crate::risk`]).
//!
//! Each row's value becomes a `u32` code; code 0 is the empty value (an
//! empty cell, a null token such as `NULL` or `-`, or a cell missing from a
//! short row), so empty cells are one value of their own, consistently.
//! Values are told apart by a 64-bit hash of the trimmed text. A column
//! with more than [`DISTINCT_CAP`] values is high-cardinality: its copy is
//! dropped (which is itself a finding: such a column singles people out
//! almost by itself).

use super::codes::Codes;
use std::collections::HashMap;

/// Distinct non-empty values a column may have and still be encoded (a
/// birth-date column written in four formats over a few hundred thousand
/// people has about 100,000).
pub const DISTINCT_CAP: usize = 1 << 20;

/// What an encoder keeps of each value instead of the value (borrowed
/// when it is a part of it).
pub type Transform = fn(&str) -> std::borrow::Cow<'_, str>;
/// Past this many distinct values, a column whose values are 99 in 100
/// distinct is an identifier, not a quasi-identifier: its copy is dropped
/// early rather than grown to the cap (phones, IDs, e-mails and event
/// timestamps would otherwise hold a million values each before giving up).
/// Quasi-identifiers with many possible values stay: 16,384 birth dates
/// drawn from 24,000 days in four formats are about 91 % distinct.
const EARLY_DISTINCT: usize = 1 << 14;

/// Rows encoded per column. Risk (and masking with suppression, which
/// needs the class of every row) covers at most this many rows, which
/// bounds memory for files of any length: 1, 2 or 4 bytes per row and kept
/// column (see [`Codes`]), so a 5 GB export of 18.5 M rows with six kept
/// columns holds about 150 MB natively. The browser stops at 4 M rows.
#[cfg(not(target_arch = "wasm32"))]
pub const ROW_CAP: usize = 64 << 20;
/// Rows encoded per column (the browser has less memory to spare).
#[cfg(target_arch = "wasm32")]
pub const ROW_CAP: usize = 4 << 20;

/// Whether a copy of `distinct` values over `rows` rows is kept: not
/// past [`DISTINCT_CAP`], nor once past [`EARLY_DISTINCT`] with 99 in 100
/// values distinct.
pub fn copy_fits(distinct: usize, rows: usize) -> bool {
    !(distinct > DISTINCT_CAP || (distinct > EARLY_DISTINCT && distinct * 100 > rows * 99))
}

fn hash(v: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(11).hash_one(v.as_bytes())
}

/// One column's codes and dictionary.
#[derive(Clone, Debug, Default)]
pub struct Encoder {
    codes: Codes,
    /// Value hash → code; the hashes key the map as they are.
    dict: nohash_hasher::IntMap<u64, u32>,
    /// The first text seen with each code, end to end (code 0, the empty
    /// value, has none): one allocation instead of one per value.
    text: Vec<u8>,
    ends: Vec<u32>,
    high_cardinality: bool,
    /// Keep the copy whatever the column holds (see [`Encoder::keeping_all`]).
    keep_all: bool,
    /// Values are encoded in this form (street addresses: their district).
    transform: Option<Transform>,
    /// Rows offered after the row cap.
    dropped_rows: u64,
    /// Rows the input is expected to have (0: unknown), so that the codes
    /// are allocated once instead of doubling: in WebAssembly, whose memory
    /// never shrinks, each doubling also left the old block behind.
    planned: usize,
    /// Only the choice of a copy is kept (whether, and in which form), no
    /// codes: for an engine that groups the values itself (see
    /// [`Encoder::choosing_only`]).
    choice_only: bool,
}

impl Encoder {
    /// An encoder that keeps its copy whatever the column holds:
    /// identifiers, free text and any number of distinct values (the row
    /// cap still bounds it). For columns the user chose for risk by name,
    /// whose numbers must be exact, and for the second table of a linkage,
    /// whose names are what an attacker learns.
    pub fn keeping_all() -> Encoder {
        Encoder {
            keep_all: true,
            ..Encoder::default()
        }
    }

    /// This encoder, keeping no codes and no values from now on: only
    /// whether the column would keep a copy, and in which form (street
    /// addresses as districts). An engine that groups the values itself
    /// (a SQL GROUP BY) needs no more, and a column's state stays small
    /// however many rows it has; the caps on distinct values are then
    /// the grouping side's to apply ([`copy_fits`]).
    pub fn choosing_only(mut self) -> Encoder {
        self.choice_only = true;
        self.codes = Codes::default();
        self.dict = HashMap::default();
        self.text = Vec::new();
        self.ends = Vec::new();
        self
    }

    /// Whether the copy is kept as districts (street addresses).
    pub fn districts(&self) -> bool {
        self.transform.is_some()
    }

    /// Whether the encoder still takes values (it stops when the column
    /// turns out to be high-cardinality).
    pub fn active(&self) -> bool {
        !self.high_cardinality
    }

    /// Stops encoding: the column is not worth keeping for risk (it reads
    /// as a direct identifier or free text); it counts as high-cardinality.
    pub fn disable(&mut self) {
        if self.keep_all {
            return;
        }
        self.drop_copy();
    }

    fn drop_copy(&mut self) {
        self.high_cardinality = true;
        self.codes = Codes::default();
        self.dict = HashMap::default();
        self.text = Vec::new();
        self.ends = Vec::new();
    }

    fn room(&mut self) -> bool {
        if self.choice_only {
            return false;
        }
        if self.codes.len() < ROW_CAP {
            return true;
        }
        self.dropped_rows += 1;
        false
    }

    /// An empty or missing cell.
    pub fn push_empty(&mut self) {
        if self.active() && self.room() {
            self.push_code(0);
        }
    }

    /// From now on, and for the values already taken, encodes `f(value)`
    /// instead of the value: a street-address column keeps its districts
    /// (a region, and a quasi-identifier), not its unique addresses.
    pub fn transform_to(&mut self, f: Transform) {
        if !self.active() || self.transform.is_some() {
            return;
        }
        let (keep_all, planned, choice_only) = (self.keep_all, self.planned, self.choice_only);
        let old = std::mem::take(self).finish();
        let mut fresh = Encoder {
            transform: Some(f),
            keep_all,
            choice_only,
            ..Encoder::default()
        };
        let mut remap = vec![0u32; old.cardinality().max(1)];
        for (code, slot) in remap.iter_mut().enumerate().skip(1) {
            let v = f(old.value(code as u32));
            let h = hash(&v);
            let next = fresh.ends.len() as u32 + 1;
            let c = *fresh.dict.entry(h).or_insert(next);
            if c == next {
                fresh.text.extend_from_slice(v.as_bytes());
                fresh.ends.push(fresh.text.len() as u32);
            }
            *slot = c;
        }
        for c in old
            .codes
            .as_ref()
            .map(Codes::as_slice)
            .into_iter()
            .flat_map(|s| s.iter())
        {
            fresh.codes.push(remap[c as usize]);
        }
        fresh.plan_rows(planned);
        *self = fresh;
    }

    /// A non-empty value with its hash.
    pub fn push(&mut self, hash_of_value: u64, value: &str) {
        if !self.active() || !self.room() {
            return;
        }
        let transformed;
        let (hash, value) = match self.transform {
            Some(f) => {
                transformed = f(value);
                (hash(&transformed), &*transformed)
            }
            None => (hash_of_value, value),
        };
        let next = self.ends.len() as u32 + 1;
        let code = *self.dict.entry(hash).or_insert(next);
        if code == next {
            let distinct = self.ends.len() + 1;
            if !self.keep_all && !copy_fits(distinct, self.codes.len() + 1) {
                self.drop_copy();
                return;
            }
            self.text.extend_from_slice(value.as_bytes());
            self.ends.push(self.text.len() as u32);
        }
        self.push_code(code);
    }

    /// Appends the copy of the rows that follow this one's (the same
    /// column, the next part of the file): the result is the copy one
    /// encoder fed both parts would hold, or no copy when either part
    /// dropped its own or the merged one is past the caps.
    pub fn append(&mut self, mut other: Encoder) {
        self.keep_all |= other.keep_all;
        self.choice_only |= other.choice_only;
        self.dropped_rows += other.dropped_rows;
        if !self.active() || !other.active() {
            self.drop_copy();
            return;
        }
        // A part that kept street addresses as their districts makes the
        // other keep them so too.
        match (self.transform, other.transform) {
            (Some(f), None) => other.transform_to(f),
            (None, Some(f)) => self.transform_to(f),
            _ => {}
        }
        let old = other.finish();
        let mut remap = vec![0u32; old.cardinality().max(1)];
        for (code, slot) in remap.iter_mut().enumerate().skip(1) {
            let v = old.value(code as u32);
            // The keys the dictionary was built with: the cells' keyed
            // hashes, or the transformed values' own.
            let h = if self.transform.is_some() {
                hash(v)
            } else {
                super::sketch::value_hash(v)
            };
            let next = self.ends.len() as u32 + 1;
            let c = *self.dict.entry(h).or_insert(next);
            if c == next {
                self.text.extend_from_slice(v.as_bytes());
                self.ends.push(self.text.len() as u32);
            }
            *slot = c;
        }
        let distinct = self.ends.len();
        let rows = self.codes.len() + old.codes.as_ref().map_or(0, Codes::len);
        if !self.keep_all && !copy_fits(distinct, rows.max(1)) {
            self.drop_copy();
            return;
        }
        if let Some(codes) = &old.codes {
            use super::codes::Code;
            crate::with_codes!(codes.as_slice(), |v| {
                for &c in v.iter() {
                    if self.room() {
                        self.push_code(remap[c.wide() as usize]);
                    }
                }
            });
        }
    }

    /// Expects about `rows` rows in all (capped at [`ROW_CAP`]).
    pub fn plan_rows(&mut self, rows: usize) {
        if !self.active() {
            return;
        }
        self.planned = rows.min(ROW_CAP);
        self.codes.reserve_total(self.planned);
    }

    fn push_code(&mut self, code: u32) {
        let width = self.codes.width();
        if self.planned > 0 && self.codes.len() >= self.planned {
            // More rows than planned: grow by an eighth, not by doubling.
            self.planned = (self.planned + self.planned / 8).min(ROW_CAP);
            self.codes.reserve_total(self.planned);
        }
        self.codes.push(code);
        if self.planned > 0 && self.codes.width() != width {
            self.codes.reserve_total(self.planned);
        }
    }

    /// Backfills `n` empty rows (a column first seen in a long row).
    pub fn push_empties(&mut self, n: u64) {
        for _ in 0..n {
            self.push_empty();
        }
    }

    /// The finished column.
    pub fn finish(self) -> EncodedColumn {
        EncodedColumn {
            codes: (!self.high_cardinality).then_some(self.codes),
            text: self.text,
            ends: self.ends,
        }
    }
}

impl Encoder {
    /// The saved form.
    pub(crate) fn to_wire(&self) -> super::state::EncoderWire {
        let column = EncodedColumn {
            codes: None,
            text: self.text.clone(),
            ends: self.ends.clone(),
        };
        let (width, codes) = match &self.codes {
            Codes::U8(v) => (1, v.clone()),
            Codes::U16(v) => (2, v.iter().flat_map(|c| c.to_le_bytes()).collect()),
            Codes::U32(v) => (4, v.iter().flat_map(|c| c.to_le_bytes()).collect()),
        };
        super::state::EncoderWire {
            dropped: self.high_cardinality,
            keep_all: self.keep_all,
            districts: self.transform.is_some(),
            dropped_rows: self.dropped_rows,
            width,
            codes,
            values: (1..=self.ends.len())
                .map(|c| column.value(c as u32).to_string())
                .collect(),
        }
    }

    /// An encoder from its saved form, checked.
    pub(crate) fn from_wire(w: super::state::EncoderWire) -> crate::error::Result<Encoder> {
        use super::state::damaged;
        let mut e = Encoder {
            keep_all: w.keep_all,
            dropped_rows: w.dropped_rows,
            transform: w
                .districts
                .then_some(crate::dict::places::district_cut as Transform),
            ..Encoder::default()
        };
        if w.dropped {
            e.drop_copy();
            return Ok(e);
        }
        if w.values.len() > DISTINCT_CAP.max(ROW_CAP) {
            return Err(damaged("an encoded column has too many values"));
        }
        for v in &w.values {
            let h = if e.transform.is_some() {
                hash(v)
            } else {
                super::sketch::value_hash(v)
            };
            let code = e.ends.len() as u32 + 1;
            if e.dict.insert(h, code).is_some() {
                return Err(damaged("an encoded column repeats a value"));
            }
            e.text.extend_from_slice(v.as_bytes());
            let end = u32::try_from(e.text.len())
                .map_err(|_| damaged("an encoded column's values are too long"))?;
            e.ends.push(end);
        }
        let width = usize::from(w.width);
        if !matches!(width, 1 | 2 | 4) || w.codes.len() % width != 0 {
            return Err(damaged("an encoded column's codes are cut short"));
        }
        if w.codes.len() / width > ROW_CAP {
            return Err(damaged("an encoded column has too many rows"));
        }
        let limit = e.ends.len() as u32;
        for c in w.codes.chunks_exact(width) {
            let mut b = [0u8; 4];
            b[..width].copy_from_slice(c);
            let code = u32::from_le_bytes(b);
            if code > limit {
                return Err(damaged("an encoded row has no value"));
            }
            e.codes.push(code);
        }
        Ok(e)
    }
}

/// A column as dictionary codes, or `None` when it was high-cardinality.
#[derive(Clone, Debug, Default)]
pub struct EncodedColumn {
    /// One code per row (the first [`ROW_CAP`] rows).
    pub codes: Option<Codes>,
    text: Vec<u8>,
    ends: Vec<u32>,
}

impl EncodedColumn {
    /// A column from codes and the text of codes 1, 2 … (code 0 is empty).
    pub fn new(codes: Vec<u32>, values: &[&str]) -> EncodedColumn {
        let mut e = EncodedColumn {
            codes: Some(Codes::from(codes)),
            ..EncodedColumn::default()
        };
        for v in values {
            e.text.extend_from_slice(v.as_bytes());
            e.ends.push(e.text.len() as u32);
        }
        e
    }

    /// A column from its values row by row (`None`: empty), its
    /// dictionary the distinct values in sorted order: the copy an engine's
    /// grouped tuples give, whatever order they came back in.
    pub fn from_values(values: &[Option<String>]) -> EncodedColumn {
        // The distinct values are few beside the tuples: sorted once, then
        // each tuple's code is one hash lookup.
        let distinct: std::collections::HashSet<&str> =
            values.iter().flatten().map(String::as_str).collect();
        let mut dict: Vec<&str> = distinct.into_iter().collect();
        dict.sort_unstable();
        let code: HashMap<&str, u32> = dict
            .iter()
            .enumerate()
            .map(|(i, v)| (*v, i as u32 + 1))
            .collect();
        let codes = values
            .iter()
            .map(|v| v.as_deref().and_then(|v| code.get(v).copied()).unwrap_or(0))
            .collect();
        EncodedColumn::new(codes, &dict)
    }

    /// The same dictionary over other rows (`codes` below its cardinality).
    pub fn with_codes(&self, codes: Vec<u32>) -> EncodedColumn {
        EncodedColumn {
            codes: Some(Codes::from(codes)),
            text: self.text.clone(),
            ends: self.ends.clone(),
        }
    }

    /// The codes, unless the column was high-cardinality.
    pub fn codes(&self) -> Option<super::codes::CodeSlice<'_>> {
        self.codes.as_ref().map(Codes::as_slice)
    }

    /// Distinct values including the empty one (0 for a high-cardinality column).
    pub fn cardinality(&self) -> usize {
        if self.codes.is_some() {
            self.ends.len() + 1
        } else {
            0
        }
    }

    /// The text of a code ("" for code 0, the empty value).
    pub fn value(&self, code: u32) -> &str {
        let Some(i) = (code as usize).checked_sub(1) else {
            return "";
        };
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).copied().unwrap_or(0) as usize
        };
        let end = self.ends.get(i).copied().unwrap_or(0) as usize;
        // The text was pushed from &str slices on these boundaries.
        std::str::from_utf8(self.text.get(start..end).unwrap_or_default()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_values_and_empties() {
        let mut e = Encoder::default();
        e.push(1, "男");
        e.push_empty();
        e.push(2, "女");
        e.push(1, "男");
        let c = e.finish();
        assert_eq!(c.codes().map(|c| c.to_vec()), Some(vec![1, 0, 2, 1]));
        assert_eq!(
            [c.value(0), c.value(1), c.value(2), c.value(9)],
            ["", "男", "女", ""]
        );
        assert_eq!(c.cardinality(), 3);
    }

    #[test]
    fn transformed_columns_keep_their_codes_consistent() {
        let mut e = Encoder::default();
        e.push(1, "Ab");
        e.push(2, "ab");
        e.push_empty();
        e.transform_to(|v| v.to_lowercase().into());
        e.push(3, "AB");
        e.push(4, "cd");
        let c = e.finish();
        assert_eq!([c.value(1), c.value(2)], ["ab", "cd"]);
        assert_eq!(c.codes().map(|c| c.to_vec()), Some(vec![1, 1, 0, 1, 2]));
    }

    #[test]
    fn identifier_columns_are_dropped_early() {
        let mut e = Encoder::default();
        for i in 0..=EARLY_DISTINCT as u64 {
            e.push(i, "x");
        }
        assert!(!e.active());
    }

    #[test]
    fn high_cardinality_drops_the_copy() {
        let mut e = Encoder::default();
        // Every value twice: not an identifier, but too many values.
        for i in 0..=DISTINCT_CAP as u64 {
            e.push(i, "x");
            e.push(i, "x");
        }
        assert!(!e.active());
        let c = e.finish();
        assert!(c.codes.is_none());
        assert_eq!(c.cardinality(), 0);
    }
}
