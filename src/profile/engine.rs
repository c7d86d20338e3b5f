//! The scan engine of a column: every cell counted and hashed; the values
//! of the column's sample ([`super::sketch`]) run every detector once, and
//! their repeats only add to a count; at the end the column's statistics
//! are summed from the sample ([`ColumnProfile::settle`]), exactly when it
//! holds every distinct value and scaled to the column otherwise. Nothing
//! depends on the order of the rows or on where the file was split.

use super::sketch::{value_hash, Facts, ValueHit};
#[allow(unused_imports)]
use super::*;

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

    /// Feeds one cell as [`clean_cell`] left it, as the only cell of its
    /// row.
    pub fn feed_clean(&mut self, t: &str) {
        let h = value_hash(t);
        self.feed_hashed(t, h, h);
    }

    /// Feeds one cell as [`clean_cell`] left it (the table cleans cells
    /// where it batches them, on the parsing side), with its keyed hash
    /// and its row's.
    pub fn feed_hashed(&mut self, t: &str, h: u64, row: u64) {
        self.cells += 1;
        if t.is_empty() {
            self.encoder.push_empty();
            return;
        }
        self.non_empty += 1;
        // While the sample holds every distinct value it is the distinct
        // count; the set takes over from it when it overflows.
        let whole = self.sketch.complete();
        if !whole && !self.distinct_capped {
            self.distinct.insert(h);
            if self.distinct.len() >= DISTINCT_CAP {
                self.distinct_capped = true;
            }
        }
        if self.encoder.active() {
            self.encoder.push(h, t);
        }
        let new_value = self.sketch.bump(h).is_none();
        if new_value && whole && self.sketch.len() == sketch::SKETCH {
            self.distinct
                .extend(self.sketch.entries().iter().map(|e| e.hash));
            self.distinct.insert(h);
        }
        let new_row = self.rows.bump(row).is_none();
        if new_value {
            // Examples are kept as the detectors read them (full-width
            // digits as ASCII).
            let (facts, folded) = self.facts(t);
            if new_row {
                self.rows.insert(row, "", 1, facts.clone());
            }
            self.sketch
                .insert(h, folded.as_deref().unwrap_or(t), 1, facts);
        } else if new_row {
            // The value's facts when its sample has them, or when it is
            // too long to wait for them.
            let known = self.sketch.facts_of(h).cloned();
            match known.or_else(|| (t.len() > sketch::PENDING_CAP).then(|| self.facts(t).0)) {
                Some(facts) => self.rows.insert(row, "", 1, facts),
                None => self.rows.insert_pending(row, t, 1),
            }
        }
        if self.non_empty == SAMPLE {
            self.choose_copy();
        }
    }

    /// Makes the facts of the rows sampled whose values were not read yet.
    pub(super) fn resolve_rows(&mut self) {
        let mut rows = std::mem::take(&mut self.rows);
        rows.resolve(|t| self.facts(t).0);
        self.rows = rows;
    }

    /// What every detector makes of a value, and the value as they read
    /// it when that differs (full-width digits and letters folded).
    pub(super) fn facts(&self, t: &str) -> (Facts, Option<String>) {
        let mut cell = Cell::new(t);
        let folded = (cell.shape.marks & crate::detect::mark::FULLWIDTH != 0)
            .then(|| crate::detect::fold_fullwidth(t));
        if let Some(f) = &folded {
            cell = Cell::new(f);
        }
        let text = cell.text;
        let integer = (cell.shape.all_digits() && cell.shape.len <= 19)
            .then(|| text.parse().ok())
            .flatten();
        let texty = is_texty(&cell.shape);
        let comment = !texty && self.comments(&cell.shape);
        let mut hits: Vec<ValueHit> = Vec::new();
        let mut checker: Option<usize> = None;
        for (k, &d) in DETECTORS.iter().enumerate() {
            let hit = run(d, &cell);
            if hit.level == Level::No {
                continue;
            }
            if checker.is_none() && hit.level == Level::Valid && checksum_mask() & (1 << k) != 0 {
                checker = Some(k);
            }
            let minor = hit.level >= Level::Weak
                && self
                    .minor_cutoff
                    .is_some_and(|cutoff| d.minor(text, cutoff) == Some(true));
            hits.push(ValueHit {
                k: k as u8,
                level: hit.level,
                flagged: hit.fact.flagged(),
                bucket: bucket(d, hit.fact.number()) as u8,
                minor,
                shadowed: false,
            });
        }
        if let Some(c) = checker {
            // The other matches are on a value a check-digit detector
            // validated (an ID from Gansu, 62…, is also card-shaped).
            for h in hits.iter_mut().filter(|h| usize::from(h.k) != c) {
                h.shadowed = true;
            }
        }
        let mut embedded = Vec::new();
        if texty || comment {
            scan_embedded(text, embedded_mask(), |k| embedded.push(k as u8));
        }
        let facts = Facts {
            hits: hits.into(),
            embedded: embedded.into(),
            texty,
            masked: looks_masked(t),
            scientific: !looks_masked(t) && looks_scientific(t),
            integer,
            implausible: !self.plausible(&cell),
        };
        (facts, folded)
    }

    /// Whether a value could be of the entity the header names: true
    /// without a personal header, or when no detector reads that entity.
    fn plausible(&self, cell: &Cell<'_>) -> bool {
        let readers = self.readers();
        readers == 0
            || DETECTORS
                .iter()
                .enumerate()
                .any(|(k, d)| readers & (1 << k) != 0 && d.plausible(cell))
    }

    /// The detectors that read the entity the header names (a bit per
    /// detector): those of exactly that entity, or of its family when it
    /// has none of its own (DATE_OF_BIRTH is read by the date detector);
    /// none without a personal header. Found once per column.
    fn readers(&self) -> u64 {
        *self.readers.get_or_init(|| {
            let Some(h) = self
                .header
                .filter(|h| h.kind() != crate::entity::Kind::None)
            else {
                return 0;
            };
            let exact = DETECTORS.iter().any(|d| d.entity() == h);
            DETECTORS
                .iter()
                .enumerate()
                .filter(|(_, d)| {
                    if exact {
                        d.entity() == h
                    } else {
                        h.compatible(d.entity())
                    }
                })
                .fold(0, |m, (k, _)| m | 1 << k)
        })
    }

    /// A cell too short to read as prose that is searched for identifiers
    /// all the same: any under a comment header (留言, Notes), and words
    /// with a long run of digits anywhere ("到了打电话138…", "call me on
    /// 555…").
    pub(super) fn comments(&self, shape: &crate::detect::Shape) -> bool {
        (self.header == Some(Entity::FreeText) && shape.chars >= 6)
            || (shape.digits >= 7 && (shape.cjk >= 2 || (shape.letters >= 3 && shape.spaces >= 1)))
    }

    /// Whether a hit of `level` from detector `k` can count towards a
    /// verdict in this column: shape-only hits count only when the header
    /// agrees, and detectors that need a header count only validated forms
    /// without one.
    pub(super) fn counts(&self, k: usize, level: Level) -> bool {
        let d = DETECTORS[k];
        let agrees = self.header.is_some_and(|h| h.compatible(d.entity()));
        match level {
            Level::No => false,
            Level::Shape => agrees,
            Level::Weak => agrees || d.values_decide(),
            Level::Valid => true,
        }
    }

    /// Sums the sample into the column's statistics (the detectors'
    /// counts, prose, embedded identifiers, masked and scientific cells,
    /// the row-key test, examples): exact when the sample holds every
    /// distinct value, scaled to the column otherwise. Called once the
    /// column is complete; calling it again recomputes the same.
    pub fn settle(&mut self) {
        self.resolve_rows();
        let values = self.sketch.sorted();
        let estimated = !self.sketch.complete();
        // A column with more distinct values than the sample holds is
        // measured on its sample of rows: a uniform sample of its cells,
        // where a frequent value counts as often as it occurs (a sample of
        // distinct values would weigh "pending" as one e-mail address).
        let entries = if estimated {
            self.rows.sorted()
        } else {
            values.clone()
        };
        let covered: u64 = entries.iter().map(|e| e.count).sum();
        let factor = if covered == 0 {
            1.0
        } else {
            self.non_empty as f64 / covered as f64
        };
        let scale = |x: u64| {
            if estimated {
                (x as f64 * factor).round() as u64
            } else {
                x
            }
        };
        let n = DETECTORS.len();
        let mut table = DetectorTable::new();
        // Histograms of the weak-or-better hits and of the shape-only ones,
        // allocated for the detectors that have them.
        let mut strong: Vec<Vec<u64>> = vec![Vec::new(); n];
        let mut weakest: Vec<Vec<u64>> = vec![Vec::new(); n];
        let mut embedded = vec![0u64; n];
        let (mut texty, mut embedded_cells, mut masked, mut scientific) = (0, 0, 0, 0);
        let mut implausible = 0;
        let mut ints: Vec<(u64, u64)> = Vec::new();
        for e in &entries {
            let c = e.count;
            let f = &e.facts;
            texty += c * u64::from(f.texty);
            masked += c * u64::from(f.masked);
            scientific += c * u64::from(f.scientific);
            implausible += c * u64::from(f.implausible);
            if !f.embedded.is_empty() {
                embedded_cells += c;
                for &k in f.embedded.iter() {
                    embedded[usize::from(k)] += c;
                }
            }
            if let Some(v) = f.integer {
                ints.push((v, c));
            }
            for h in f.hits.iter() {
                let k = usize::from(h.k);
                let st = table.get_mut(k);
                match h.level {
                    Level::Valid => st.valid += c,
                    Level::Weak => st.weak += c,
                    _ => st.shape += c,
                }
                st.flagged += c * u64::from(h.flagged);
                st.minors += c * u64::from(h.minor);
                st.shadowed += c * u64::from(h.shadowed);
                if DETECTORS[k].meta().histogram {
                    let hist = if h.level >= Level::Weak {
                        &mut strong[k]
                    } else {
                        &mut weakest[k]
                    };
                    if hist.is_empty() {
                        hist.resize(256, 0);
                    }
                    hist[usize::from(h.bucket)] += c;
                }
            }
        }
        // Examples: the matching values with the smallest keyed hash.
        for e in &values {
            for h in e.facts.hits.iter().filter(|h| h.level >= Level::Weak) {
                let st = table.get_mut(usize::from(h.k));
                if st.examples.len() < EXAMPLES {
                    st.examples.push(e.text.to_string());
                }
            }
        }
        for k in 0..n {
            let Some(st) = table.0[k].as_deref_mut() else {
                continue;
            };
            // The histogram of the strongest matches there are.
            let hist = if st.valid + st.weak > 0 {
                &strong[k]
            } else {
                &weakest[k]
            };
            st.hist = hist
                .iter()
                .map(|&x| u32::try_from(scale(x)).unwrap_or(u32::MAX))
                .collect();
            for x in [
                &mut st.valid,
                &mut st.weak,
                &mut st.shape,
                &mut st.flagged,
                &mut st.minors,
                &mut st.shadowed,
            ] {
                *x = scale(*x);
            }
            st.estimated = estimated;
        }
        self.detectors = table;
        self.embedded = embedded.into_iter().map(scale).collect();
        self.texty = scale(texty);
        self.embedded_cells = scale(embedded_cells);
        self.masked = scale(masked);
        self.scientific = scale(scientific);
        self.implausible = scale(implausible);
        self.first_values = values
            .iter()
            .take(EXAMPLES)
            .map(|e| e.text.to_string())
            .collect();
        self.sequence = Sequence::of(&ints, scale, self.sketch.complete());
    }

    /// Decides, once [`SAMPLE`] values are in, whether the column keeps
    /// its encoded copy for risk: not for direct identifiers (names,
    /// phones, IDs, e-mails … their classes are all of size one), prose,
    /// or values that nothing reads as personal (order numbers, prices,
    /// product codes). Street addresses are kept as their districts, which
    /// masking generalises them to at least. It saves memory only: a user
    /// who picks such a column later is offered a rescan, and `--qi`
    /// keeps it.
    fn choose_copy(&mut self) {
        self.copy_chosen = true;
        let mut seen = self.clone_stats();
        seen.settle();
        let n = seen.non_empty.max(1);
        let mut address = false;
        let mut personal = self.header.is_some_and(|h| {
            matches!(
                h.kind(),
                crate::entity::Kind::Quasi | crate::entity::Kind::Sensitive
            )
        });
        for (k, st) in seen.detectors.iter().enumerate() {
            let e = DETECTORS[k].entity();
            let counted: u64 = [
                (Level::Valid, st.valid),
                (Level::Weak, st.weak),
                (Level::Shape, st.shape),
            ]
            .into_iter()
            .filter(|&(level, _)| self.counts(k, level))
            .map(|(_, c)| c)
            .sum();
            if counted * 100 >= n
                && matches!(
                    e.kind(),
                    crate::entity::Kind::Quasi | crate::entity::Kind::Sensitive
                )
            {
                personal = true;
            }
            let mostly = (st.valid + st.weak) * 2 >= n;
            if mostly && e == Entity::StreetAddress {
                self.encoder.transform_to(crate::dict::places::district_cut);
                address = true;
            } else if mostly && e.kind() == crate::entity::Kind::Direct {
                self.encoder.disable();
            }
        }
        if !address && (seen.texty * 2 >= n || !personal) {
            self.encoder.disable();
        }
    }

    /// Adds the profile of another part of the same column (the same
    /// header, other rows): the findings [`ColumnProfile::settle`] then
    /// gives are those of one profile fed both parts, in any order and
    /// however the rows were split. The encoded copy for risk appends
    /// `other`'s rows after this one's (a part that dropped its copy drops
    /// the merged one); a column that has not yet chosen whether to keep
    /// one chooses once the merged column has [`SAMPLE`] values.
    pub fn merge(&mut self, other: ColumnProfile) {
        // The distinct values each side knows: its sample while whole,
        // its set once the sample overflowed.
        let known = |p: &ColumnProfile| -> Vec<u64> {
            if p.sketch.complete() {
                p.sketch.entries().iter().map(|e| e.hash).collect()
            } else {
                p.distinct.iter().copied().collect()
            }
        };
        let mine = known(self);
        let theirs = known(&other);
        self.cells += other.cells;
        self.non_empty += other.non_empty;
        self.sketch.merge(&other.sketch);
        self.rows.merge(&other.rows);
        self.distinct_capped |= other.distinct_capped;
        self.distinct.clear();
        if !self.sketch.complete() {
            for h in mine.into_iter().chain(theirs) {
                if self.distinct.len() >= DISTINCT_CAP {
                    self.distinct_capped = true;
                    break;
                }
                self.distinct.insert(h);
            }
            if self.distinct.len() >= DISTINCT_CAP {
                self.distinct_capped = true;
            }
        }
        self.encoder.append(other.encoder);
        self.copy_chosen |= other.copy_chosen;
        if !self.copy_chosen && self.non_empty >= SAMPLE {
            self.choose_copy();
        }
    }

    /// A copy of the counts and the sample, without the encoded copy.
    fn clone_stats(&self) -> ColumnProfile {
        ColumnProfile {
            cells: self.cells,
            non_empty: self.non_empty,
            header: self.header,
            sketch: self.sketch.clone(),
            rows: self.rows.clone(),
            minor_cutoff: self.minor_cutoff,
            ..ColumnProfile::default()
        }
    }
}

impl Sequence {
    /// The row-key test from the whole numbers of a column (value and
    /// cells each): a column counts up like a row key when its numbers are
    /// all different and fill at least 90 % of the run from the smallest
    /// to the largest (gaps where rows were deleted are fine), whatever
    /// order the rows are in.
    fn of(ints: &[(u64, u64)], scale: impl Fn(u64) -> u64, complete: bool) -> Sequence {
        let cells: u64 = ints.iter().map(|i| i.1).sum();
        let numeric = scale(cells);
        let unique = ints.iter().all(|i| i.1 == 1);
        let (lo, hi) = ints
            .iter()
            .fold((u64::MAX, 0), |(lo, hi), &(v, _)| (lo.min(v), hi.max(v)));
        // Distinct numbers: all of them when the sample is whole, else as
        // many as the cells scale to (each once).
        let distinct = if complete { ints.len() as u64 } else { numeric };
        let span = hi.saturating_sub(lo).saturating_add(1);
        let sequential =
            !ints.is_empty() && unique && distinct >= 10 && distinct as f64 >= 0.9 * span as f64;
        Sequence {
            numeric,
            sequential,
        }
    }
}
