//! The scan engine of a column: each cell measured once, the active
//! detectors run on a sample of the first cells, detectors that never
//! matched pruned (and revived when a later value needs them), repeats of
//! a value replayed from a memo of outcomes, prose searched for embedded
//! identifiers. The profile it fills is [`super::ColumnProfile`].

#[allow(unused_imports)]
use super::*;

/// What the active detectors made of one value. Low-cardinality columns
/// (sex, region, occupation, status …) repeat a few values millions of
/// times; past the sample, a repeat replays the stored outcome instead of
/// measuring the cell and running the detectors again. Detectors are pure
/// functions of the cell, so the replay is exact.
#[derive(Clone, Copy, Debug)]
pub(super) struct Outcome {
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
    pub(super) const EMPTY: Outcome = Outcome {
        hash: 0,
        active: u64::MAX,
        n: 0,
        sequence_key: false,
        texty: false,
        comment: false,
        hits: [(0, Level::No, false, 0); OUTCOME_HITS],
    };
}

impl ColumnProfile {
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
    pub(super) fn read_text(&mut self, texty: bool, comment: bool, t: &str) {
        self.texty += u64::from(texty);
        if texty || comment {
            self.scan_embedded(t);
        }
    }

    /// A cell too short to read as prose that is searched for identifiers
    /// all the same: any under a comment header (留言, Notes), and words
    /// with a long run of digits anywhere ("到了打电话138…", "call me on
    /// 555…").
    pub(super) fn comments(&self, shape: &crate::detect::Shape) -> bool {
        (self.header == Some(Entity::FreeText) && shape.chars >= 6)
            || (shape.digits >= 7 && (shape.cjk >= 2 || (shape.letters >= 3 && shape.spaces >= 1)))
    }

    #[cfg(not(test))]
    pub(super) fn memo_allowed(&self) -> bool {
        true
    }

    #[cfg(test)]
    pub(super) fn memo_allowed(&self) -> bool {
        !self.no_memo
    }

    /// Adds one detector hit to the column's statistics.
    pub(super) fn count_hit(&mut self, k: usize, level: Level, flag: bool, bucket: u8, t: &str) {
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
        if let Some(cutoff) = self.minor_cutoff.filter(|_| level >= Level::Weak) {
            if DETECTORS[k].minor(t, cutoff) == Some(true) {
                st.minors += 1;
            }
        }
    }

    /// A repeated value: the stored outcome counts again, without
    /// measuring the cell or running a detector.
    pub(super) fn replay(&mut self, o: &Outcome, t: &str) {
        if o.sequence_key {
            self.sequence.push(t);
        }
        for &(k, level, flag, b) in &o.hits[..usize::from(o.n)] {
            self.count_hit(usize::from(k), level, flag, b, t);
        }
        self.read_text(o.texty, o.comment, t);
    }

    pub(super) fn scan_embedded(&mut self, t: &str) {
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
    pub(super) fn prune(&mut self) {
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
