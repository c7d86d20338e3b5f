//! A column's values as a bottom-k sample: the [`SKETCH`] distinct values
//! with the smallest keyed hash, each with how often it occurs and what
//! the detectors made of it.
//!
//! The sample is a function of the column's values alone: the same
//! whatever the row order or where a file was split, and two sketches of
//! parts of a column merge into the sketch of the whole (the k smallest
//! hashes of a union are among the k smallest of each part, and a value
//! kept at its first occurrence is never evicted later, so its count is
//! exact). A column with at most [`SKETCH`] distinct values is held whole,
//! and its statistics are exact; past that they are estimated from a
//! uniform sample of its distinct values, weighted by their counts.
//!
//! Detectors run once per sampled value, not once per cell: a value whose
//! hash is above the current threshold costs a hash and a comparison.

use crate::detect::Level;

/// Distinct values a column's sample holds whole: a column with no more
/// has exact statistics.
pub const SKETCH: usize = 2048;
/// Values kept past that, for examples (the matching values with the
/// smallest keyed hash).
pub const SKETCH_EXAMPLES: usize = 64;
/// Rows in a column's sample of rows, which its statistics are estimated
/// from when it has more than [`SKETCH`] distinct values.
pub const ROWS: usize = 1024;

/// The keyed hash of a cleaned cell: stable across platforms and
/// versions (XXH3), so that the page, the CLI and saved profile states
/// choose the same sample.
pub fn value_hash(t: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(t.as_bytes(), 0x5052_4956_5343_414e)
}

/// Longest text kept per sampled value (examples are masked and short).
const TEXT_CAP: usize = 256;

/// Longest value a sampled row waits with for the detectors
/// ([`Sketch::insert_pending`]); a longer one is read at once, so that a
/// sample of rows holds no more text than a sample of values.
pub const PENDING_CAP: usize = TEXT_CAP;

/// One detector's finding on a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueHit {
    /// The detector's index in the registry.
    pub k: u8,
    /// How well it matched.
    pub level: Level,
    /// The hit carried the detector's flag.
    pub flagged: bool,
    /// Its number's histogram bucket.
    pub bucket: u8,
    /// The value is a person under 14 at the reference date.
    pub minor: bool,
    /// A check-digit detector validated the same value.
    pub shadowed: bool,
}

/// A list shared by the samples that hold a value (its value's and its
/// row's), free to clone while empty: most values match nothing, and one
/// shared empty list, cloned and dropped from both threads, made each
/// wait on its reference count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shared<T>(Option<std::sync::Arc<[T]>>);

impl<T> Default for Shared<T> {
    fn default() -> Self {
        Shared(None)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.0.as_deref().unwrap_or(&[])
    }
}

impl<T> From<Vec<T>> for Shared<T> {
    fn from(v: Vec<T>) -> Self {
        Shared((!v.is_empty()).then(|| v.into()))
    }
}

/// What the detectors made of one value: a pure function of the value
/// and the column's header (and reference date).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// The detectors that matched.
    pub hits: Shared<ValueHit>,
    /// Identifiers found inside it as prose: a detector index per find.
    pub embedded: Shared<u8>,
    /// It reads as prose.
    pub texty: bool,
    /// It looks masked (`138****5678`, a hex pseudonym).
    pub masked: bool,
    /// It is in scientific notation (`4.40106E+17`).
    pub scientific: bool,
    /// Its value, when it is a whole number of up to 19 digits.
    pub integer: Option<u64>,
    /// It cannot be of the entity the column's header names
    /// ([`crate::detect::Detector::plausible`]).
    pub implausible: bool,
}

/// A sampled value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its keyed hash.
    pub hash: u64,
    /// Cells holding it.
    pub count: u64,
    /// The value (cut at 256 bytes).
    pub text: Box<str>,
    /// What the detectors made of it.
    pub facts: Facts,
    /// `facts` are not made yet and `text` is the whole value: a sample
    /// of rows takes most of its rows only to drop them again, so their
    /// values are read by the detectors once kept ([`Sketch::resolve`]).
    pub pending: bool,
}

/// The bottom-k sample of a column's distinct values.
///
/// Up to twice [`SKETCH`] values are held between compactions, which keep
/// the [`SKETCH`] smallest (an eviction per insert, with a heap, cost a
/// fifth of a scan). Every value held was counted from its first cell:
/// the threshold only falls, and a value at or below it was at or below
/// it whenever it came.
#[derive(Clone, Debug)]
pub struct Sketch {
    entries: Vec<Entry>,
    /// Hash → index in `entries`.
    index: nohash_hasher::IntMap<u64, u32>,
    /// Values above this hash were dropped by a compaction (and are not
    /// sampled any more); `None` while every distinct value is held.
    threshold: Option<u64>,
    /// Entries held whole (before the first compaction).
    whole: usize,
    /// Entries kept after it.
    kept: usize,
}

impl Default for Sketch {
    fn default() -> Self {
        Sketch::values()
    }
}

impl Sketch {
    /// A sample of a column's distinct values: whole up to [`SKETCH`],
    /// then the [`SKETCH_EXAMPLES`] smallest.
    pub fn values() -> Sketch {
        Sketch::sized(SKETCH, SKETCH_EXAMPLES)
    }

    /// A sample of a column's rows (keyed by the rows' hashes): the
    /// [`ROWS`] smallest.
    pub fn rows() -> Sketch {
        Sketch::sized(ROWS, ROWS)
    }

    fn sized(whole: usize, kept: usize) -> Sketch {
        Sketch {
            entries: Vec::new(),
            index: nohash_hasher::IntMap::default(),
            threshold: None,
            whole,
            kept,
        }
    }

    /// How many entries trigger a compaction: one past the whole sample
    /// at first, then a quarter more than is kept (the threshold stays
    /// close to the kept sample's largest hash, and values above it are
    /// not measured for nothing).
    fn limit(&self) -> usize {
        if self.threshold.is_none() {
            self.whole + 1
        } else {
            self.kept + self.kept / 4 + 1
        }
    }

    /// The entries the sample is made of now.
    fn size(&self) -> usize {
        if self.complete() {
            self.entries.len()
        } else {
            self.kept
        }
    }

    /// Counts one more cell of `hash` if the value is sampled; `None`
    /// when it is new and sampled (the caller computes its facts and calls
    /// [`Sketch::insert`]), `Some(())` otherwise.
    #[inline]
    pub fn bump(&mut self, hash: u64) -> Option<()> {
        if self.threshold.is_some_and(|t| hash > t) {
            return Some(());
        }
        match self.index.get(&hash) {
            Some(&i) => {
                self.entries[i as usize].count += 1;
                Some(())
            }
            None => None,
        }
    }

    /// Adds a new sampled value seen `count` times.
    pub fn insert(&mut self, hash: u64, text: &str, count: u64, facts: Facts) {
        let mut cut = text.len().min(TEXT_CAP);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        self.add(Entry {
            hash,
            count,
            text: text[..cut].into(),
            facts,
            pending: false,
        });
    }

    /// Adds a new sampled row whose value `text` the detectors read only
    /// if the row is still held when the sample is used.
    pub fn insert_pending(&mut self, hash: u64, text: &str, count: u64) {
        self.add(Entry {
            hash,
            count,
            text: text.into(),
            facts: Facts::default(),
            pending: true,
        });
    }

    fn add(&mut self, entry: Entry) {
        if self.threshold.is_some_and(|t| entry.hash > t) || self.index.contains_key(&entry.hash) {
            return;
        }
        self.index.insert(entry.hash, self.entries.len() as u32);
        self.entries.push(entry);
        if self.entries.len() >= self.limit() {
            self.compact();
        }
    }

    /// Makes the facts of the pending entries held (see
    /// [`Sketch::insert_pending`]) from their values, and drops the values
    /// (a sample of rows keeps none).
    pub fn resolve(&mut self, facts: impl Fn(&str) -> Facts) {
        let made: Vec<Facts> = self.pending().map(facts).collect();
        self.fill(made);
    }

    /// The values of the pending entries held.
    pub(crate) fn pending(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().filter(|e| e.pending).map(|e| &*e.text)
    }

    /// Gives the pending entries, in the order [`Sketch::pending`] lists
    /// them, their facts.
    pub(crate) fn fill(&mut self, facts: impl IntoIterator<Item = Facts>) {
        let pending = self.entries.iter_mut().filter(|e| e.pending);
        for (e, f) in pending.zip(facts) {
            e.facts = f;
            e.text = "".into();
            e.pending = false;
        }
    }

    /// Keeps the smallest hashes.
    fn compact(&mut self) {
        let keep = self.kept;
        if self.entries.len() <= keep {
            return;
        }
        // The cut is found among the hashes alone: selecting among the
        // entries themselves moved far more bytes.
        let mut hashes: Vec<u64> = self.entries.iter().map(|e| e.hash).collect();
        let (_, &mut cut, _) = hashes.select_nth_unstable(keep - 1);
        self.entries.retain(|e| e.hash <= cut);
        self.threshold = Some(cut);
        self.index.clear();
        for (i, e) in self.entries.iter().enumerate() {
            self.index.insert(e.hash, i as u32);
        }
    }

    /// Entries held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries held, in no order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The facts of a sampled value, if it is held.
    pub fn facts_of(&self, hash: u64) -> Option<&Facts> {
        self.index
            .get(&hash)
            .map(|&i| &self.entries[i as usize].facts)
    }

    /// Whether every distinct value of the column is in the sample (its
    /// statistics are then exact).
    pub fn complete(&self) -> bool {
        self.threshold.is_none() && self.entries.len() <= self.whole
    }

    /// The sample, smallest hash first: every value while complete, else
    /// the smallest hashes kept.
    pub fn sorted(&self) -> Vec<&Entry> {
        let mut v: Vec<&Entry> = self.entries.iter().collect();
        v.sort_unstable_by_key(|e| e.hash);
        v.truncate(self.size());
        v
    }

    /// Adds another sketch of the same column (another part of its rows):
    /// the result samples both parts' cells together, as one sketch fed
    /// all of them would.
    pub fn merge(&mut self, other: &Sketch) {
        // Each side holds every value up to its threshold.
        let limit = match (self.threshold, other.threshold) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let mut all: Vec<Entry> = std::mem::take(&mut self.entries);
        all.extend(other.entries.iter().cloned());
        all.sort_unstable_by_key(|e| e.hash);
        let mut merged: Vec<Entry> = Vec::with_capacity(all.len());
        for e in all {
            if limit.is_some_and(|t| e.hash > t) {
                continue;
            }
            match merged.last_mut() {
                Some(last) if last.hash == e.hash => last.count += e.count,
                _ => merged.push(e),
            }
        }
        *self = Sketch {
            threshold: limit,
            ..Sketch::sized(self.whole, self.kept)
        };
        for e in merged {
            self.index.insert(e.hash, self.entries.len() as u32);
            self.entries.push(e);
        }
        if self.entries.len() >= self.limit() {
            self.compact();
        }
    }
}

impl Sketch {
    /// The saved form (of a sample with no pending entry: see
    /// [`Sketch::resolve`]).
    pub(crate) fn to_wire(&self) -> super::state::SketchWire {
        debug_assert!(self.entries.iter().all(|e| !e.pending));
        use super::state::{EntryWire, HitWire};
        let level = |l: Level| match l {
            Level::No => 0,
            Level::Shape => 1,
            Level::Weak => 2,
            Level::Valid => 3,
        };
        super::state::SketchWire {
            threshold: self.threshold,
            entries: self
                .entries
                .iter()
                .map(|e| EntryWire {
                    hash: e.hash,
                    count: e.count,
                    text: e.text.to_string(),
                    hits: e
                        .facts
                        .hits
                        .iter()
                        .map(|h| HitWire {
                            k: h.k,
                            level: level(h.level),
                            bucket: h.bucket,
                            flags: u8::from(h.flagged)
                                | u8::from(h.minor) << 1
                                | u8::from(h.shadowed) << 2,
                        })
                        .collect(),
                    embedded: e.facts.embedded.to_vec(),
                    flags: u8::from(e.facts.texty)
                        | u8::from(e.facts.masked) << 1
                        | u8::from(e.facts.scientific) << 2
                        | u8::from(e.facts.implausible) << 3,
                    integer: e.facts.integer,
                })
                .collect(),
        }
    }

    /// A sample of values ([`Sketch::values`]) or rows ([`Sketch::rows`])
    /// from its saved form, checked.
    pub(crate) fn filled_from(
        mut self,
        w: super::state::SketchWire,
    ) -> crate::error::Result<Sketch> {
        use super::state::damaged;
        let detectors = crate::detect::registry::DETECTORS.len();
        self.threshold = w.threshold;
        if w.entries.len() >= self.limit() {
            return Err(damaged("a sample holds more values than it may"));
        }
        for e in w.entries {
            if self.threshold.is_some_and(|t| e.hash > t) || self.index.contains_key(&e.hash) {
                return Err(damaged("a sampled value is out of place"));
            }
            if e.text.len() > TEXT_CAP || e.count == 0 {
                return Err(damaged("a sampled value is malformed"));
            }
            let mut hits = Vec::with_capacity(e.hits.len());
            for h in e.hits {
                let level = match h.level {
                    1 => Level::Shape,
                    2 => Level::Weak,
                    3 => Level::Valid,
                    _ => return Err(damaged("a finding has no level")),
                };
                if usize::from(h.k) >= detectors {
                    return Err(damaged("a finding names no detector"));
                }
                hits.push(ValueHit {
                    k: h.k,
                    level,
                    flagged: h.flags & 1 != 0,
                    bucket: h.bucket,
                    minor: h.flags & 2 != 0,
                    shadowed: h.flags & 4 != 0,
                });
            }
            if e.embedded.iter().any(|&k| usize::from(k) >= detectors) {
                return Err(damaged("a finding names no detector"));
            }
            self.index.insert(e.hash, self.entries.len() as u32);
            self.entries.push(Entry {
                hash: e.hash,
                count: e.count,
                text: e.text.into(),
                facts: Facts {
                    hits: hits.into(),
                    embedded: e.embedded.into(),
                    texty: e.flags & 1 != 0,
                    masked: e.flags & 2 != 0,
                    scientific: e.flags & 4 != 0,
                    integer: e.integer,
                    implausible: e.flags & 8 != 0,
                },
                pending: false,
            });
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(values: &[String]) -> Sketch {
        let mut s = Sketch::default();
        for v in values {
            let h = value_hash(v);
            if s.bump(h).is_none() {
                s.insert(h, v, 1, Facts::default());
            }
        }
        s
    }

    fn key(s: &Sketch) -> (bool, Vec<(u64, u64)>) {
        (
            s.complete(),
            s.sorted().iter().map(|e| (e.hash, e.count)).collect(),
        )
    }

    #[test]
    fn order_and_splits_do_not_matter() {
        let mut rng = crate::synth::Rng::new(3);
        let values: Vec<String> = (0..20_000)
            .map(|_| format!("v{}", rng.below(6000)))
            .collect();
        let whole = fill(&values);
        assert!(!whole.complete());
        assert_eq!(whole.sorted().len(), SKETCH_EXAMPLES);
        let mut shuffled = values.clone();
        rng.shuffle(&mut shuffled);
        assert_eq!(key(&fill(&shuffled)), key(&whole));
        for cut in [0, 1, 777, 10_000, 19_999, 20_000] {
            let mut a = fill(&values[..cut]);
            let b = fill(&values[cut..]);
            a.merge(&b);
            assert_eq!(key(&a), key(&whole), "cut at {cut}");
            let mut b = fill(&values[cut..]);
            b.merge(&fill(&values[..cut]));
            assert_eq!(key(&b), key(&whole), "merged the other way, cut at {cut}");
        }
    }

    #[test]
    fn small_columns_are_held_whole() {
        let values: Vec<String> = (0..5000).map(|i| format!("x{}", i % 40)).collect();
        let s = fill(&values);
        assert!(s.complete());
        assert_eq!(s.sorted().iter().map(|e| e.count).sum::<u64>(), 5000);
        assert_eq!(s.len(), 40);
    }
}
