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

/// What the active detectors made of one value. Low-cardinality columns
/// (sex, region, occupation, status …) repeat a few values millions of
/// times; past the sample, a repeat replays the stored outcome instead of
/// measuring the cell and running the detectors again. Detectors are pure
/// functions of the cell, so the replay is exact.
#[derive(Clone, Copy, Debug)]
struct Outcome {
    hash: u64,
    /// The active set it was computed under; `u64::MAX` marks an empty slot.
    active: u64,
    n: u8,
    sequence_key: bool,
    texty: bool,
    /// Searched for identifiers as a comment (see `comments`).
    comment: bool,
    hits: [(u8, Level, bool, u8); OUTCOME_HITS],
}

impl Outcome {
    const EMPTY: Outcome = Outcome {
        hash: 0,
        active: u64::MAX,
        n: 0,
        sequence_key: false,
        texty: false,
        comment: false,
        hits: [(0, Level::No, false, 0); OUTCOME_HITS],
    };
}

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

    /// Counts a missing cell (a short row).
    pub fn feed_missing(&mut self) {
        self.cells += 1;
        self.encoder.push_empty();
    }

    /// Feeds one raw cell.
    pub fn feed(&mut self, raw: &str) {
        self.feed_clean(clean_cell(raw));
    }

    /// Feeds one cell as [`clean_cell`] left it (the table cleans cells
    /// where it batches them, on the parsing side).
    pub fn feed_clean(&mut self, t: &str) {
        self.cells += 1;
        if t.is_empty() {
            self.encoder.push_empty();
            return;
        }
        self.non_empty += 1;
        if self.first_values.len() < EXAMPLES {
            self.first_values.push(t.to_string());
        }
        // Past the distinct cap the column is high-cardinality: no set to
        // fill, and a memo of repeated values would not hit, so the hash is
        // not needed.
        let mut repeat = false;
        let h = if self.distinct_capped {
            None
        } else {
            let h = foldhash::fast::FixedState::with_seed(7).hash_one(t.as_bytes());
            repeat = !self.distinct.insert(h);
            if self.distinct.len() >= DISTINCT_CAP {
                self.distinct_capped = true;
            }
            Some(h)
        };
        if self.encoder.active() {
            let h = h
                .unwrap_or_else(|| foldhash::fast::FixedState::with_seed(7).hash_one(t.as_bytes()));
            self.encoder.push(h, t);
        }
        let sampling = self.non_empty <= SAMPLE;
        if sampling {
            if looks_masked(t) {
                self.masked += 1;
            } else if looks_scientific(t) {
                self.scientific += 1;
            }
        }
        let full = sampling || self.non_empty % RECHECK_EVERY == 0;
        // Past the sample, a value seen before replays its outcome.
        let memo_slot = match h {
            Some(h) if !full => {
                let slots = self.outcomes.len();
                if (slots == 0
                    && repeat
                    && self.distinct.len() * 4 < self.non_empty as usize
                    && self.memo_allowed())
                    || (slots > 0 && slots < OUTCOME_MEMO_MAX && self.distinct.len() * 4 > slots)
                {
                    // Sized anew (and emptied) as the distinct values grow:
                    // a few times per column at most.
                    let want = (self.distinct.len() * 4)
                        .next_power_of_two()
                        .clamp(OUTCOME_MEMO, OUTCOME_MEMO_MAX);
                    self.outcomes = vec![Outcome::EMPTY; want];
                }
                let slots = self.outcomes.len();
                (slots > 0).then(|| ((h >> 32) as usize) & (slots - 1))
            }
            _ => None,
        };
        if let (Some(slot), Some(h)) = (memo_slot, h) {
            let o = self.outcomes[slot];
            if o.hash == h && o.active == self.active {
                self.replay(&o, t);
                return;
            }
        }
        let mut cell = Cell::new(t);
        // Full-width digits and letters are read as their ASCII forms (the
        // memo still keys on the cell as written: folding is a function
        // of it).
        let folded: String;
        if cell.shape.marks & crate::detect::mark::FULLWIDTH != 0 {
            folded = crate::detect::fold_fullwidth(t);
            cell = Cell::new(&folded);
        }
        let t = cell.text;
        let slot = h.map(|h| (h % VOCAB_MEMO as u64) as usize);
        if let (Some(h), Some(slot)) = (h, slot) {
            let (memo_hash, memo_bits) =
                self.vocab_memo.get(slot).copied().unwrap_or((0, u64::MAX));
            if memo_hash == h && memo_bits != u64::MAX {
                cell.set_vocab(memo_bits);
            }
        }
        let sequence_key = cell.shape.all_digits() && cell.shape.len <= 19;
        if sequence_key {
            self.sequence.push(t);
        }

        let texty = is_texty(&cell.shape);
        let comment = !texty && self.comments(&cell.shape);
        let mut memo = memo_slot.map(|_| Outcome {
            hash: h.unwrap_or(0),
            active: self.active,
            sequence_key,
            texty,
            comment,
            ..Outcome::EMPTY
        });
        let mask = if full { all_mask() } else { self.active };
        let mut hit_bits = 0u64;
        let mut checker: Option<usize> = None;
        let mut bits = mask;
        while bits != 0 {
            let k = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let d = DETECTORS[k];
            let hit = run(d, &cell);
            if hit.level == Level::No {
                continue;
            }
            if self.active & (1 << k) == 0 {
                // Not on a cell a check-digit detector already validated
                // (the same reason it was pruned).
                if !self.counts(k, hit.level) || checker.is_some() {
                    continue;
                }
                // A pruned detector matched on a recheck: revive it.
                self.active |= 1 << k;
                self.detectors.get_mut(k).partial = true;
            }
            hit_bits |= 1 << k;
            if full
                && checker.is_none()
                && hit.level == Level::Valid
                && checksum_mask() & (1 << k) != 0
            {
                checker = Some(k);
            }
            let b = bucket(d, hit.fact.number()) as u8;
            if let Some(m) = &mut memo {
                if usize::from(m.n) < OUTCOME_HITS {
                    m.hits[usize::from(m.n)] = (k as u8, hit.level, hit.fact.flagged(), b);
                }
                m.n = m.n.saturating_add(1);
            }
            self.count_hit(k, hit.level, hit.fact.flagged(), b, t);
        }
        if let (Some(m), Some(slot)) = (memo, memo_slot) {
            if usize::from(m.n) <= OUTCOME_HITS {
                self.outcomes[slot] = m;
            }
        }
        if let (true, Some(c)) = (sampling, checker) {
            let mut others = hit_bits & !(1 << c);
            while others != 0 {
                let k = others.trailing_zeros() as usize;
                others &= others - 1;
                self.detectors.get_mut(k).shadowed += 1;
            }
        }
        if let (Some(bits), Some(h), Some(slot)) = (cell.vocab_if_known(), h, slot) {
            if self.vocab_memo.is_empty() {
                // Allocated on first use: most columns never look words up.
                self.vocab_memo = vec![(0, u64::MAX); VOCAB_MEMO];
            }
            self.vocab_memo[slot] = (h, bits);
        }
        if self.non_empty == SAMPLE {
            self.prune();
        }

        self.read_text(texty, comment, t);
    }

    /// Prose is counted and searched for identifiers; a short message
    /// (see [`Self::comments`]) is only searched.
    fn read_text(&mut self, texty: bool, comment: bool, t: &str) {
        self.texty += u64::from(texty);
        if texty || comment {
            self.scan_embedded(t);
        }
    }

    /// A cell too short to read as prose that is searched for identifiers
    /// all the same: any under a comment header (留言, Notes), and words
    /// with a long run of digits anywhere ("到了打电话138…", "call me on
    /// 555…").
    fn comments(&self, shape: &crate::detect::Shape) -> bool {
        (self.header == Some(Entity::FreeText) && shape.chars >= 6)
            || (shape.digits >= 7 && (shape.cjk >= 2 || (shape.letters >= 3 && shape.spaces >= 1)))
    }

    #[cfg(not(test))]
    fn memo_allowed(&self) -> bool {
        true
    }

    #[cfg(test)]
    fn memo_allowed(&self) -> bool {
        !self.no_memo
    }

    /// Adds one detector hit to the column's statistics.
    fn count_hit(&mut self, k: usize, level: Level, flag: bool, bucket: u8, t: &str) {
        let st = self.detectors.get_mut(k);
        match level {
            Level::Valid => st.valid += 1,
            Level::Weak => st.weak += 1,
            _ => st.shape += 1,
        }
        if flag {
            st.flagged += 1;
        }
        if DETECTORS[k].meta().histogram && (level >= Level::Weak || st.valid + st.weak == 0) {
            if st.hist.is_empty() {
                st.hist = vec![0; 256];
            }
            st.hist[usize::from(bucket)] += 1;
        }
        if level >= Level::Weak && st.examples.len() < EXAMPLES {
            st.examples.push(t.to_string());
        }
    }

    /// A repeated value: the stored outcome counts again, without
    /// measuring the cell or running a detector.
    fn replay(&mut self, o: &Outcome, t: &str) {
        if o.sequence_key {
            self.sequence.push(t);
        }
        for &(k, level, flag, b) in &o.hits[..usize::from(o.n)] {
            self.count_hit(usize::from(k), level, flag, b, t);
        }
        self.read_text(o.texty, o.comment, t);
    }

    fn scan_embedded(&mut self, t: &str) {
        let mut found = false;
        let emb = &mut self.embedded;
        scan_embedded(t, embedded_mask(), |k| {
            emb[k] += 1;
            found = true;
        });
        self.embedded_cells += u64::from(found);
    }

    /// Keeps only the detectors whose countable matches reached 1 % of the
    /// sample (and the postal-code shape when most of the column has it,
    /// for the table-level postal code rule).
    fn prune(&mut self) {
        let min = (SAMPLE / 100).max(1);
        let mut address = false;
        let mut keep = 0u64;
        for (k, st) in self.detectors.iter().enumerate() {
            let mut counted = 0;
            for (level, n) in [
                (Level::Valid, st.valid),
                (Level::Weak, st.weak),
                (Level::Shape, st.shape),
            ] {
                if self.counts(k, level) {
                    counted += n;
                }
            }
            let postal =
                DETECTORS[k].entity() == Entity::PostalCode && st.shape * 2 >= self.non_empty;
            // Every match was on a cell a check-digit detector validated:
            // this detector cannot win the column (unless the header names it).
            let named = self
                .header
                .is_some_and(|h| h.compatible(DETECTORS[k].entity()));
            let shadowed =
                st.shadowed > 0 && st.shadowed >= st.valid + st.weak + st.shape && !named;
            if (counted >= min || postal) && !shadowed {
                keep |= 1 << k;
            }
            // Most of the sample validates as a direct identifier (names,
            // phones, IDs, e-mails, addresses …): not a quasi-identifier,
            // so its encoded copy for risk is not worth the memory.
            let mostly = (st.valid + st.weak) * 2 >= self.non_empty;
            if mostly && DETECTORS[k].entity() == Entity::StreetAddress {
                // Addresses are kept as their districts, which masking
                // generalises them to at least.
                self.encoder.transform_to(crate::dict::places::district_of);
                address = true;
            } else if mostly && DETECTORS[k].entity().kind() == crate::entity::Kind::Direct {
                self.encoder.disable();
            }
        }
        if self.texty * 2 >= self.non_empty && !address {
            self.encoder.disable();
        }
        // Nothing in the sample (values or header) reads as a
        // quasi-identifier or a sensitive attribute: order numbers, prices,
        // product codes, statuses. Their copy would cost 4 bytes a row for
        // nothing (a user who picks one later is offered a rescan, and
        // `--qi` keeps it).
        let personal = |e: Entity| {
            matches!(
                e.kind(),
                crate::entity::Kind::Quasi | crate::entity::Kind::Sensitive
            )
        };
        let any_personal = (0..DETECTORS.len())
            .filter(|&k| keep & (1 << k) != 0)
            .any(|k| personal(DETECTORS[k].entity()))
            || self.header.is_some_and(personal);
        if !any_personal && !address {
            self.encoder.disable();
        }
        self.active = keep;
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
