//! Column verdicts: cell-level counts plus header evidence become one
//! entity, a kind, a confidence and the evidence behind them.
//!
//! The rules, in order:
//! 1. Each detector's score is the share of non-empty cells it matched
//!    (validated cells count 1, structural 0.85, shape-only 0.6 — and
//!    shape-only cells count only when the header agrees).
//! 2. Detectors that cannot decide from values (`values_decide() == false`)
//!    need a header that names their entity.
//! 3. Each detector's column rule ([`crate::detect::Detector::column_rule`],
//!    in the detector's own file) reads the column's distribution: ages
//!    must look like ages, dates become DATE_OF_BIRTH, DATE or NONE (event
//!    timestamps), a URL column of one shared site is not personal. Two
//!    rules span detectors and stay here: business hotlines refute phones
//!    and accounts, and row keys are not personal.
//! 4. A header that names the entity adds to the score; a header known to
//!    be non-personal (订单号, price …) lets only checksum-backed values
//!    through.
//! 5. No detector wins: a header that names a personal entity decides on
//!    its own (with lower confidence), prose becomes FREE_TEXT, else NONE.

pub use crate::detect::evidence::Evidence;
use crate::detect::header::{HeaderEvidence, Strength};
use crate::detect::registry::{detector_index, DETECTORS};
use crate::detect::ColumnView;
use crate::entity::{Entity, Kind};
use crate::profile::{ColumnProfile, DetectorStats};
use std::collections::BTreeMap;

/// The verdict for one column.
#[derive(Clone, Debug)]
pub struct Verdict {
    /// The entity.
    pub entity: Entity,
    /// Its kind (FREE_TEXT is direct when identifiers were found inside).
    pub kind: Kind,
    /// 0..1.
    pub confidence: f64,
    /// Cells that matched the entity.
    pub matched: u64,
    /// The winning detector, if a detector decided.
    pub detector: Option<usize>,
    /// Why, as evidence codes.
    pub evidence: Vec<Evidence>,
}

impl Verdict {
    /// The entity a header names, decided by the header alone: a weak
    /// finding (confidence 0.6), no cell counted.
    fn by_header(entity: Entity, mut evidence: Vec<Evidence>) -> Verdict {
        evidence.push(Evidence::HeaderDecides);
        Verdict {
            entity,
            kind: entity.kind(),
            confidence: 0.6,
            matched: 0,
            detector: None,
            evidence,
        }
    }

    /// Nothing personal, with this confidence and these reasons.
    fn none(confidence: f64, evidence: Vec<Evidence>) -> Verdict {
        Verdict {
            entity: Entity::None,
            kind: Kind::None,
            confidence,
            matched: 0,
            detector: None,
            evidence,
        }
    }
}

struct Candidate {
    k: usize,
    entity: Entity,
    score: f64,
    matched: u64,
    note: Option<Evidence>,
}

/// Business hotlines (400/800 numbers, flagged by the phone detector) in
/// most cells: a shop's or a bank's numbers, no one's phone or account.
fn hotlines(p: &ColumnProfile) -> bool {
    detector_index("phone").is_some_and(|k| {
        let ph = &p.detectors[k];
        let seen = ph.valid + ph.weak + ph.shape;
        ph.flagged * 2 > seen && seen * 2 >= p.non_empty
    })
}

/// Decides a column.
pub fn decide(p: &ColumnProfile, header: Option<&HeaderEvidence>) -> Verdict {
    let n = p.non_empty;
    let mut evidence = Vec::new();
    if let Some(h) = header {
        evidence.push(Evidence::Header {
            header: h.text.clone(),
            word: (!h.text.eq_ignore_ascii_case(&h.word)).then(|| h.word.clone()),
            weak: h.strength == Strength::Weak,
        });
    }
    if n == 0 {
        evidence.push(Evidence::ColumnEmpty);
        return Verdict::none(0.9, evidence);
    }
    // Masked values (a file PrivScan masked, scanned again) are not the
    // identifier their header or shape suggests.
    let sampled = n;
    if p.masked * 10 >= sampled * 9 {
        evidence.push(Evidence::ValuesMasked {
            masked: p.masked,
            sampled,
        });
        return Verdict::none(0.9, evidence);
    }
    if p.scientific * 2 > sampled {
        evidence.push(Evidence::ScientificNotation {
            count: p.scientific,
            sampled,
        });
    }
    let header_none =
        header.is_some_and(|h| h.entity == Entity::None && h.strength == Strength::Strong);
    let sequential = p.sequence.is_sequential() && p.sequence.numeric * 10 >= n * 9;

    let mut cands: Vec<Candidate> = Vec::new();
    let mut refuted = false;
    for (k, st) in p.detectors.iter().enumerate() {
        let d = DETECTORS[k];
        let total = st.valid + st.weak + st.shape;
        if total == 0 {
            continue;
        }
        let e = d.entity();
        let agrees = header.is_some_and(|h| {
            h.entity.compatible(e) || (e == Entity::Date && h.entity == Entity::DateOfBirth)
        });
        let strong_agree = agrees && header.is_some_and(|h| h.strength == Strength::Strong);
        // The header names exactly this detector's entity.
        let named_here = header.is_some_and(|h| h.entity == e);
        // Without a header, a detector that needs one counts only its
        // distinctive (validated) forms, such as wxid_… for accounts.
        let st_owned;
        let st = if !d.values_decide() && !agrees {
            if st.valid == 0 {
                continue;
            }
            st_owned = DetectorStats {
                weak: 0,
                shape: 0,
                ..st.clone()
            };
            &st_owned
        } else {
            st
        };
        if header_none && !(d.meta().overrules_header && st.valid * 10 >= n * 8) {
            continue;
        }
        if sequential && !d.meta().overrules_header {
            continue;
        }
        // Shape-only cells need a header that names this entity, or names
        // a compatible one strongly: a weak word (…号码) under which the
        // digits fit some other entity's shape decides nothing.
        let shape_counts = strong_agree || named_here;
        let matched = st.valid + st.weak + if shape_counts { st.shape } else { 0 };
        let mut score = (st.valid as f64
            + 0.85 * st.weak as f64
            + if shape_counts {
                0.6 * st.shape as f64
            } else {
                0.0
            })
            / n as f64;
        if strong_agree {
            score += 0.25;
        } else if agrees {
            score += 0.1;
        }
        // The entity the header names beats one it merely allows when the
        // values fit both equally (a bare 07… number under "Mobile No." is
        // a phone, not a user name).
        if named_here {
            score += 0.05;
        }
        // Business hotlines refute phones and accounts, whatever the
        // detector; every other distribution rule is the detector's own.
        let (rule, note) = if matches!(e, Entity::PhoneNumber | Entity::AccountId) && hotlines(p) {
            (None, Some(Evidence::Hotlines))
        } else {
            d.column_rule(&ColumnView {
                header: header.map(|h| h.entity),
                non_empty: p.non_empty,
                distinct: p.distinct(),
                sequential: p.sequence.is_sequential(),
                valid: st.valid,
                weak: st.weak,
                flagged: st.flagged,
                hist: &st.hist,
            })
        };
        let Some(entity) = rule else {
            if let Some(note) = note {
                if st.matched() * 2 > n {
                    evidence.push(note);
                    // The values say what the header's entity is not
                    // (links into one shop under "Product URL").
                    refuted |= named_here;
                }
            }
            continue;
        };
        cands.push(Candidate {
            k,
            entity,
            score,
            matched,
            note,
        });
    }
    cands.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.k.cmp(&b.k))
    });

    let threshold = |c: &Candidate| {
        let agrees = header.is_some_and(|h| h.entity.compatible(c.entity));
        if agrees {
            0.45
        } else {
            0.5
        }
    };
    // Two attributes that read alike (`F`/`M` is a sex, and a charge's
    // degree; `M`/`S` a sex, and a marital status): the header that names
    // one, over values plausible for it, decides.
    let attribute = |e: Entity| matches!(e.kind(), Kind::Quasi | Kind::Sensitive);
    let header_attribute = header.filter(|h| {
        h.strength == Strength::Strong
            && attribute(h.entity)
            && p.implausible * 2 <= n
            && !sequential
            && !refuted
    });
    let best = cands.iter().find(|c| c.score >= threshold(c));
    if let (Some(h), Some(b)) = (header_attribute, best) {
        if attribute(b.entity)
            && !h.entity.compatible(b.entity)
            && !DETECTORS[b.k].meta().overrules_header
        {
            return Verdict::by_header(h.entity, evidence);
        }
    }
    if let Some(best) = best {
        let d = DETECTORS[best.k];
        let st = &p.detectors[best.k];
        if st.valid > 0 {
            evidence.push(Evidence::CellsValid {
                matched: st.valid,
                of: n,
                detector: d.id(),
                estimated: st.estimated,
            });
        }
        if st.weak > 0 {
            evidence.push(Evidence::CellsStructure {
                matched: st.weak,
                of: n,
                detector: d.id(),
                estimated: st.estimated,
            });
        }
        if st.shape > 0 {
            evidence.push(if best.matched > st.valid + st.weak {
                Evidence::CellsShapeHeader {
                    matched: st.shape,
                    of: n,
                }
            } else {
                Evidence::CellsShapeInvalid {
                    matched: st.shape,
                    of: n,
                }
            });
        }
        if let Some(note) = &best.note {
            evidence.push(note.clone());
        }
        // A contact column often mixes phones and e-mails: say so.
        for other in cands
            .iter()
            .filter(|c| c.entity != best.entity && c.entity.kind() == Kind::Direct)
        {
            let st = &p.detectors[other.k];
            if st.valid * 10 >= n {
                evidence.push(Evidence::AlsoEntity {
                    matched: st.valid,
                    of: n,
                    entity: other.entity,
                });
            }
        }
        let header_bonus = if header.is_some_and(|h| h.entity.compatible(best.entity)) {
            0.05
        } else {
            0.0
        };
        // Confidence says how much the values confirm: validated cells
        // most; shape-only cells, counted because the header names the
        // entity, as much as structure when the entity has no check (a
        // postal code, a record number), little when they failed a check
        // digit the entity has.
        let shape = best.matched.saturating_sub(st.valid + st.weak);
        let share = |c: u64| (c as f64 / n as f64).min(1.0);
        let failed_check = d.meta().overrules_header;
        let shape_weight = if failed_check { 0.15 } else { 0.38 };
        let confirmed =
            (0.45 * share(st.valid) + 0.38 * share(st.weak) + shape_weight * share(shape))
                .min(0.45);
        let confidence = round2((0.5 + confirmed + header_bonus).min(0.99));
        return Verdict {
            entity: best.entity,
            kind: best.entity.kind(),
            confidence,
            matched: best.matched,
            detector: Some(best.k),
            evidence,
        };
    }

    if sequential {
        evidence.push(Evidence::RowKey);
    }
    // A header naming a personal entity decides on its own.
    if let Some(h) = header {
        let personal = !matches!(h.entity, Entity::None | Entity::FreeText);
        // Unless the values plainly belong elsewhere: flags under
        // `email_verified`, country codes under `geo_country`, airports
        // under `Name`.
        let contradicted = personal && p.implausible * 2 > n;
        if contradicted {
            evidence.push(Evidence::HeaderContradicted {
                matched: p.implausible,
                of: n,
                entity: h.entity,
            });
        }
        if personal && h.strength == Strength::Strong && !sequential && !refuted && !contradicted {
            return Verdict::by_header(h.entity, evidence);
        }
    }
    let texty_share = p.texty as f64 / n as f64;
    let header_text = header.is_some_and(|h| h.entity == Entity::FreeText);
    // Short messages, a tenth of them with an identifier inside, leak as
    // much as prose does.
    let messages = p.embedded_cells * 10 >= n && p.embedded_cells >= 3;
    // A few phrases over every row (supplier names, user agents, status
    // texts) are a category, not free text, unless they carry identifiers.
    let phrases = p.non_empty >= 200
        && p.distinct() <= 30
        && p.distinct() * 20 <= p.non_empty
        && p.embedded_cells == 0;
    if (texty_share >= 0.5 && !phrases)
        || messages
        || (header_text && (texty_share >= 0.2 || p.embedded_cells > 0))
    {
        let found: u64 = p.embedded.iter().sum();
        if texty_share >= 0.2 {
            evidence.push(Evidence::FreeText {
                matched: p.texty,
                of: n,
            });
        } else {
            evidence.push(Evidence::ShortMessages);
        }
        let kind = if found > 0 {
            let mut counts = BTreeMap::new();
            for (k, &c) in p.embedded.iter().enumerate() {
                if c > 0 {
                    *counts
                        .entry(DETECTORS[k].entity().name().to_string())
                        .or_insert(0) += c;
                }
            }
            evidence.push(Evidence::IdentifiersInside { counts });
            Kind::Direct
        } else {
            Kind::None
        };
        return Verdict {
            entity: Entity::FreeText,
            kind,
            confidence: round2(0.5 + 0.4 * texty_share.max(p.embedded_cells as f64 / n as f64)),
            matched: p.embedded_cells,
            detector: None,
            evidence,
        };
    }
    // Only candidates that counted some cells are worth naming.
    cands.retain(|c| c.matched > 0);
    let best_other = cands.first().map_or(0.0, |c| c.score.min(1.0));
    if let Some(c) = cands.first() {
        evidence.push(Evidence::TooFew {
            matched: c.matched.min(n),
            of: n,
            entity: c.entity,
        });
    } else if !sequential {
        evidence.push(Evidence::NoDetector);
    }
    Verdict::none(round2((1.0 - best_other).clamp(0.5, 0.95)), evidence)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Whether a column holds kinds of animal (`Dog`, `Cat`, 猫) in most of
/// its sampled cells.
fn species(p: &ColumnProfile) -> bool {
    let entries = p.sketch.entries();
    let total: u64 = entries.iter().map(|e| e.count).sum();
    let animals: u64 = entries
        .iter()
        .filter(|e| crate::dict::is_animal(&e.text))
        .map(|e| e.count)
        .sum();
    p.non_empty >= 10 && animals * 5 >= total * 4
}

/// A table with a column of species describes animals: names of one word
/// are theirs (an owner's full names stay a person's), and when nothing
/// then points to a person, so are ages, sexes and birth dates.
fn animals(verdicts: &mut [Verdict], profiles: &[ColumnProfile]) {
    if !verdicts
        .iter()
        .zip(profiles)
        .any(|(v, p)| v.entity == Entity::None && species(p))
    {
        return;
    }
    let became = |v: &mut Verdict, why: Evidence| {
        v.entity = Entity::None;
        v.kind = Kind::None;
        v.confidence = 0.8;
        v.matched = 0;
        v.detector = None;
        v.evidence.retain(|e| matches!(e, Evidence::Header { .. }));
        v.evidence.push(why);
    };
    let name = detector_index("person_name");
    for (v, p) in verdicts.iter_mut().zip(profiles) {
        let full = name.map_or(0, |k| p.detectors[k].valid);
        if v.entity == Entity::PersonName && full * 2 < p.non_empty.max(1) {
            became(v, Evidence::AnimalNames);
        }
    }
    if verdicts.iter().any(|v| v.kind == Kind::Direct) {
        return;
    }
    for v in verdicts.iter_mut() {
        if matches!(v.entity, Entity::Age | Entity::Gender | Entity::DateOfBirth) {
            became(v, Evidence::DescribesAnimals);
        }
    }
}

/// Table-level rules that need several columns: a six-digit column is a
/// postal code when the table also has a region or address column; a
/// column of species makes the rows animals.
pub fn cross_column(verdicts: &mut [Verdict], profiles: &[ColumnProfile]) {
    animals(verdicts, profiles);
    let has_place = verdicts
        .iter()
        .any(|v| matches!(v.entity, Entity::Region | Entity::StreetAddress));
    if !has_place {
        return;
    }
    let Some(k) = detector_index("postal_code") else {
        return;
    };
    for (v, p) in verdicts.iter_mut().zip(profiles) {
        if v.entity != Entity::None || p.non_empty == 0 || p.sequence.is_sequential() {
            continue;
        }
        let st = &p.detectors[k];
        let shortest = st.quantile(0.05);
        let one_length = shortest.is_some() && shortest == st.quantile(0.95);
        let round = st.flagged * 10 >= st.shape * 9;
        if st.shape * 10 >= p.non_empty * 9 && p.distinct() > 1 && one_length && !round {
            v.entity = Entity::PostalCode;
            v.kind = Kind::Quasi;
            v.confidence = 0.7;
            v.matched = st.shape;
            v.detector = Some(k);
            v.evidence.retain(|e| matches!(e, Evidence::Header { .. }));
            v.evidence.push(Evidence::PostalForm {
                matched: st.shape,
                of: p.non_empty,
            });
            v.evidence.push(Evidence::HasPlaceColumn);
        }
    }
}
