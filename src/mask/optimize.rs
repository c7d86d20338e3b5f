//! The generalisation search: for a target k (and optionally l), find the
//! levels of the quasi-identifiers' hierarchies that reach it with the
//! least information lost, suppressing at most a set share of records
//! (their quasi-identifier cells become `*`).
//!
//! Every column's hierarchy ([`hierarchy`]) runs from the original values
//! (level 0) to `*`. A transformation is one level per column; together
//! they form a lattice, in which generalising never makes a class smaller,
//! so if a node meets k, every node above it does (monotonicity, which
//! ARX's FLASH and El Emam's OLA exploit). The search is best-first on a
//! lower bound of the loss — the generalisation loss alone, which grows up
//! the lattice and is computed without building any class — so it stops as
//! soon as no unevaluated node can beat the best found, and it skips nodes
//! below a node known to fail (they fail too). The result is the optimum,
//! not a heuristic one, within the evaluation budget (`optimal` says so).
//!
//! Information loss is the normalised certainty penalty (NCP, Xu et al.
//! 2006) over the distinct values: a cell generalised to a value that
//! covers m of the column's M distinct values loses (m − 1)/(M − 1); a
//! suppressed cell loses 1. The loss is the average over all
//! quasi-identifier cells, from 0 (nothing changed) to 1.

use super::operators::{self, Built, CellOp, Context};
use crate::entity::Entity;
use crate::error::{Error, ErrorKind, Result};
use crate::profile::codes::{Code, CodeSlice};
use crate::profile::encode::EncodedColumn;
use crate::risk::classes::Classes;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::HashMap;

/// Default share of records that may be suppressed.
pub const MAX_SUPPRESSION: f64 = 0.05;
/// Default number of transformations evaluated before giving up on
/// proving the optimum.
pub const MAX_EVALUATIONS: usize = 2_000;
/// Largest lattice searched: its nodes are listed and sorted up front.
pub const MAX_LATTICE: u64 = 200_000;

/// One level of a hierarchy: the operator (and its parameters) that
/// produces it from the original values; `None` for the originals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Level {
    /// Operator name, or `None` at level 0.
    pub operator: Option<&'static str>,
    /// Its parameters.
    pub params: Value,
    /// A short label (`"year"`, `"band 10"`, `"*"`).
    pub label: &'static str,
}

/// The generalisation hierarchy for a column holding `entity`: the
/// original values, then the levels the operators declare for that entity
/// ([`operators::Operator::levels`]), then `*`. A direct identifier that
/// has levels (a street address) never goes out whole: its hierarchy
/// starts at the first level.
pub fn hierarchy(entity: Entity) -> Vec<Level> {
    let levels: Vec<Level> = operators::OPERATORS
        .iter()
        .flat_map(|op| {
            op.levels(entity).iter().map(|c| Level {
                operator: Some(op.name()),
                params: c.params(),
                label: c.label,
            })
        })
        .collect();
    let mut h = Vec::new();
    if levels.is_empty() || entity.kind() != crate::entity::Kind::Direct {
        h.push(Level {
            operator: None,
            params: json!({}),
            label: "original",
        });
    }
    h.extend(levels);
    h.push(Level {
        operator: Some("redact"),
        params: json!({"token": "*"}),
        label: "*",
    });
    h
}

/// A column's dictionary mapped through a cell operator: a code per
/// original code (0, the empty value, stays 0) and the number of codes.
pub fn map_dictionary(col: &EncodedColumn, op: Option<&dyn CellOp>) -> (Vec<u32>, usize) {
    let card = col.cardinality();
    let Some(op) = op else {
        return ((0..card as u32).collect(), card.max(1));
    };
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut out = String::new();
    let map = (0..card as u32)
        .map(|code| {
            if code == 0 {
                return 0;
            }
            op.apply(col.value(code), &mut out);
            let next = ids.len() as u32 + 1;
            *ids.entry(std::mem::take(&mut out)).or_insert(next)
        })
        .collect();
    (map, ids.len() + 1)
}

/// What to search for.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OptimizeOptions {
    /// Quasi-identifier column indexes.
    pub quasi_identifiers: Vec<usize>,
    /// Target k.
    pub k: u32,
    /// Optional distinct l-diversity of `sensitive`.
    pub l: Option<u32>,
    /// The sensitive column for `l`.
    pub sensitive: Option<usize>,
    /// Largest share of records whose quasi-identifiers may be suppressed.
    pub max_suppression: f64,
    /// Evaluation budget.
    pub max_evaluations: usize,
    /// Largest lattice to search (larger ones are an error).
    pub max_lattice: u64,
    /// A purpose of processing (`src/mask/purposes.json`) whose unneeded
    /// columns the suggested plan drops instead of masking (the scan's own
    /// `--purpose` when not given).
    pub purpose: Option<String>,
    /// A policy preset (`src/mask/policies.json`) whose rules the suggested
    /// plan follows (the scan's own `policy` when not given).
    pub policy: Option<String>,
    /// The records each row stands for, when the columns hold distinct
    /// tuples with counts: the search and its outcome are those of the
    /// records (see [`crate::risk::classes::Weights`]).
    #[serde(skip)]
    pub weights: crate::risk::classes::Weights,
}

impl Default for OptimizeOptions {
    fn default() -> Self {
        OptimizeOptions {
            quasi_identifiers: Vec::new(),
            k: crate::risk::K_TARGET,
            l: None,
            sensitive: None,
            max_suppression: MAX_SUPPRESSION,
            max_evaluations: MAX_EVALUATIONS,
            max_lattice: MAX_LATTICE,
            purpose: None,
            policy: None,
            weights: None,
        }
    }
}

/// The chosen transformation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Optimum {
    /// Per quasi-identifier: column, chosen level and its label.
    pub levels: Vec<ChosenLevel>,
    /// Normalised certainty penalty of the result, suppression included (0–1).
    pub information_loss: f64,
    /// Records whose quasi-identifiers are suppressed.
    pub suppressed_records: u64,
    /// Smallest class among the records kept (0 when none is kept).
    pub k_after: u64,
    /// Classes among the records kept.
    pub classes_after: u64,
    /// Whether the target could be met at all within the suppression limit
    /// (when not, the levels are all `*`).
    pub feasible: bool,
    /// Whether the search proved this the least loss (it stops proving
    /// after `max_evaluations`).
    pub optimal: bool,
    /// Transformations evaluated, and in the lattice.
    pub evaluated: usize,
    /// Nodes in the lattice.
    pub lattice_size: u64,
}

/// One column's place in the result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChosenLevel {
    /// Column index.
    pub column: usize,
    /// Level in [`hierarchy`] (0 = unchanged).
    pub level: usize,
    /// Its label.
    pub label: &'static str,
    /// The operator producing it (none at level 0).
    pub operator: Option<&'static str>,
    /// Its parameters.
    pub params: Value,
}

/// One quasi-identifier, prepared: every level's code map and NCP.
struct Prepared<'a> {
    codes: CodeSlice<'a>,
    maps: Vec<(Vec<u32>, usize)>,
    /// Average NCP of the column's cells at each level.
    ncp: Vec<f64>,
    /// NCP of each generalised code, per level.
    ncp_of: Vec<Vec<f64>>,
}

fn prepare<'a>(
    col: &'a EncodedColumn,
    entity: Entity,
    records: usize,
    weights: &crate::risk::classes::Weights,
) -> Result<(Prepared<'a>, Vec<Level>)> {
    let codes = col
        .codes()
        .ok_or_else(|| Error::new(ErrorKind::Options("a quasi-identifier has no encoded copy (too many distinct values): choose it explicitly so it is kept".into())))?
        .prefix(records);
    let levels = hierarchy(entity);
    let mut freq = vec![0u64; col.cardinality().max(1)];
    crate::with_codes!(codes, |v| {
        for (r, &c) in v.iter().enumerate() {
            freq[c.wide() as usize] += weights.as_ref().map_or(1, |w| w[r]);
        }
    });
    let total_records: u64 = freq.iter().sum();
    let distinct = freq.iter().skip(1).filter(|&&f| f > 0).count();
    let ctx = Context { entity, key: None };
    let mut maps = Vec::new();
    let mut ncp = Vec::new();
    let mut ncp_of = Vec::new();
    for l in &levels {
        let built = match l.operator {
            None => None,
            Some(name) => match operators::build(name, l.params.clone(), &ctx)? {
                Built::Cells(op) => Some(op),
                _ => None,
            },
        };
        let (map, card) = map_dictionary(col, built.as_deref());
        // How many distinct originals each generalised value covers.
        let mut cover = vec![0u64; card];
        for (code, &g) in map.iter().enumerate().skip(1) {
            if freq[code] > 0 {
                cover[g as usize] += 1;
            }
        }
        let per: Vec<f64> = cover
            .iter()
            .enumerate()
            .map(|(g, &m)| {
                if g == 0 || distinct <= 1 {
                    0.0
                } else {
                    (m.saturating_sub(1)) as f64 / (distinct - 1) as f64
                }
            })
            .collect();
        let total: f64 = map
            .iter()
            .enumerate()
            .map(|(code, &g)| freq[code] as f64 * per[g as usize])
            .sum();
        ncp.push(if total_records == 0 {
            0.0
        } else {
            total / total_records as f64
        });
        ncp_of.push(per);
        maps.push((map, card));
    }
    Ok((
        Prepared {
            codes,
            maps,
            ncp,
            ncp_of,
        },
        levels,
    ))
}

/// The outcome of one transformation.
struct Outcome {
    suppressed: u64,
    loss: f64,
    k_after: u64,
    classes_after: u64,
}

/// Per row: whether its class (over `cols`, as code slices with their
/// cardinalities) is smaller than `k` or, with `l`, holds fewer than `l`
/// distinct values of `sensitive`. The masker suppresses those rows. With
/// `local` (the rows stay in the output, their cells `*`), the suppressed
/// rows are topped up to at least k, as they form a class of their own.
pub fn small_classes(
    cols: &[(CodeSlice<'_>, usize)],
    rows: usize,
    k: u32,
    l: Option<(u32, CodeSlice<'_>)>,
    local: bool,
) -> Small {
    small_classes_weighted(cols, rows, k, l, local, &None)
}

/// [`small_classes`] over rows that stand for `weights` records each:
/// `Small::rows` counts each row's suppressed records (a top-up may take
/// some of a row's records and leave the others).
pub fn small_classes_weighted(
    cols: &[(CodeSlice<'_>, usize)],
    rows: usize,
    k: u32,
    l: Option<(u32, CodeSlice<'_>)>,
    local: bool,
    weights: &crate::risk::classes::Weights,
) -> Small {
    let classes = Classes::build_weighted(cols, rows, weights);
    let k = u64::from(k);
    let mut bad: Vec<bool> = classes.sizes.iter().map(|&s| s < k).collect();
    if let Some((l, sens)) = l {
        let mut seen: HashMap<u64, ()> = HashMap::new();
        let mut distinct = vec![0u32; classes.count()];
        crate::with_codes!(sens, |sens| {
            for (&c, &v) in classes.of_row.iter().zip(sens) {
                let key = (u64::from(c) << 32) | u64::from(v.wide());
                if seen.insert(key, ()).is_none() {
                    distinct[c as usize] += 1;
                }
            }
        });
        for (c, d) in distinct.into_iter().enumerate() {
            bad[c] |= d < l;
        }
    }
    let weight = |r: usize| classes.weight(r);
    let mut rows: Vec<u64> = classes
        .of_row
        .iter()
        .enumerate()
        .map(|(r, &c)| if bad[c as usize] { weight(r) } else { 0 })
        .collect();
    let mut sizes = classes.sizes.clone();
    // The suppressed records (every quasi-identifier `*`) form a class of
    // their own in the output: it too must reach k. Top it up from the
    // largest class that stays at k or more, else take whole classes.
    let mut suppressed: u64 = sizes
        .iter()
        .zip(&bad)
        .filter(|(_, &b)| b)
        .map(|(&s, _)| s)
        .sum();
    while local && suppressed > 0 && suppressed < k {
        let need = k - suppressed;
        let largest = (0..sizes.len())
            .filter(|&c| !bad[c])
            .max_by_key(|&c| (sizes[c], std::cmp::Reverse(c)));
        let Some(c) = largest else { break };
        if sizes[c] >= k + need {
            let mut left = need;
            for (r, &of) in classes.of_row.iter().enumerate() {
                if left == 0 {
                    break;
                }
                if of as usize == c && rows[r] < weight(r) {
                    let take = (weight(r) - rows[r]).min(left);
                    rows[r] += take;
                    left -= take;
                }
            }
            sizes[c] -= need;
            suppressed += need;
        } else {
            // Smallest first: the least lost.
            let smallest = (0..sizes.len())
                .filter(|&c| !bad[c])
                .min_by_key(|&c| (sizes[c], c))
                .unwrap_or(c);
            bad[smallest] = true;
            suppressed += sizes[smallest];
            for (r, &of) in classes.of_row.iter().enumerate() {
                if of as usize == smallest {
                    rows[r] = weight(r);
                }
            }
        }
    }
    Small {
        rows,
        classes: bad,
        sizes,
    }
}

/// Which records and classes are too small.
pub struct Small {
    /// Per row: its records suppressed (0 or 1 for rows of one record).
    pub rows: Vec<u64>,
    /// Per class: suppressed.
    pub classes: Vec<bool>,
    /// Class sizes, in records.
    pub sizes: Vec<u64>,
}

/// Fixed-point scale of the loss sums: integers add up the same in any
/// order, so a table and its distinct tuples with counts give the same
/// loss to the last bit (and so the same choice between transformations).
const LOSS_SCALE: f64 = (1u64 << 40) as f64;

fn evaluate(
    prep: &[Prepared<'_>],
    node: &[usize],
    rows: usize,
    opts: &OptimizeOptions,
    sens: Option<CodeSlice<'_>>,
) -> Outcome {
    let mapped: Vec<Vec<u32>> = prep
        .iter()
        .zip(node)
        .map(|(p, &lv)| {
            let map = &p.maps[lv].0;
            crate::with_codes!(p.codes, |v| v
                .iter()
                .map(|&c| map[c.wide() as usize])
                .collect())
        })
        .collect();
    let cols: Vec<(CodeSlice<'_>, usize)> = mapped
        .iter()
        .zip(prep.iter().zip(node))
        .map(|(m, (p, &lv))| (CodeSlice::U32(m), p.maps[lv].1))
        .collect();
    let small = small_classes_weighted(&cols, rows, opts.k, opts.l.zip(sens), true, &opts.weights);
    let n = prep.len().max(1) as f64;
    let mut kept_loss: u128 = 0;
    let mut suppressed = 0u64;
    let mut records = 0u64;
    for (r, &gone) in small.rows.iter().enumerate() {
        let w = opts.weights.as_ref().map_or(1, |w| w[r]);
        records += w;
        suppressed += gone;
        if w > gone {
            let cell: f64 = prep
                .iter()
                .zip(node)
                .zip(&mapped)
                .map(|((p, &lv), m)| p.ncp_of[lv][m[r] as usize])
                .sum();
            kept_loss += ((cell / n * LOSS_SCALE).round() as u128) * u128::from(w - gone);
        }
    }
    // A suppressed record loses 1.
    let loss = suppressed as f64 + kept_loss as f64 / LOSS_SCALE;
    let mut k_after = u64::MAX;
    let mut classes_after = 0;
    for (&size, &bad) in small.sizes.iter().zip(&small.classes) {
        if !bad {
            k_after = k_after.min(size);
            classes_after += 1;
        }
    }
    Outcome {
        suppressed,
        loss: if records == 0 {
            0.0
        } else {
            loss / records as f64
        },
        k_after: if classes_after == 0 { 0 } else { k_after },
        classes_after,
    }
}

/// Searches the lattice of `quasi` (column index, entity).
pub fn optimize(
    columns: &[EncodedColumn],
    records: usize,
    quasi: &[(usize, Entity)],
    opts: &OptimizeOptions,
) -> Result<Optimum> {
    let records = quasi
        .iter()
        .filter_map(|&(i, _)| columns.get(i)?.codes().map(CodeSlice::len))
        .fold(records, usize::min);
    let mut prep = Vec::new();
    let mut hier = Vec::new();
    for &(i, entity) in quasi {
        let col = columns
            .get(i)
            .ok_or_else(|| Error::new(ErrorKind::UnknownColumn(i.to_string())))?;
        let (p, h) = prepare(col, entity, records, &opts.weights)?;
        prep.push(p);
        hier.push(h);
    }
    let sens = match (opts.l, opts.sensitive) {
        (Some(_), Some(s)) => Some(
            columns
                .get(s)
                .and_then(EncodedColumn::codes)
                .ok_or_else(|| Error::new(ErrorKind::UnknownColumn(s.to_string())))?
                .prefix(records),
        ),
        (Some(_), None) => {
            return Err(Error::new(ErrorKind::Options(
                "l-diversity needs a sensitive column".into(),
            )))
        }
        _ => None,
    };
    let heights: Vec<usize> = hier.iter().map(Vec::len).collect();
    let lattice_size = heights
        .iter()
        .fold(1u64, |acc, &h| acc.saturating_mul(h as u64));
    // Every node with its lower bound: the generalisation loss alone.
    let n = prep.len().max(1) as f64;
    let bound = |node: &[usize]| node.iter().zip(&prep).map(|(&l, p)| p.ncp[l]).sum::<f64>() / n;
    let mut nodes: Vec<Vec<usize>> = Vec::new();
    if lattice_size <= opts.max_lattice.min(MAX_LATTICE) {
        let mut node = vec![0usize; heights.len()];
        loop {
            nodes.push(node.clone());
            if !next_node(&mut node, &heights) {
                break;
            }
        }
    } else {
        return Err(Error::new(ErrorKind::Options(format!(
            "{} quasi-identifiers make a lattice of {lattice_size} transformations (at most {} are searched): choose fewer",
            quasi.len(),
            opts.max_lattice.min(MAX_LATTICE)
        ))));
    }
    let mut order: Vec<(f64, usize)> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (bound(n), i))
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));

    let total_records = match &opts.weights {
        Some(w) => w.iter().take(records).sum(),
        None => records as u64,
    };
    let limit = (opts.max_suppression.clamp(0.0, 1.0) * total_records as f64).floor() as u64;
    let mut failed: Vec<Vec<usize>> = Vec::new();
    let mut best: Option<(f64, usize, Outcome)> = None;
    let mut evaluated = 0;
    let mut optimal = true;
    for &(lb, i) in &order {
        if best.as_ref().is_some_and(|b| lb >= b.0) {
            break;
        }
        let node = &nodes[i];
        // Below a node that fails: fails too (monotonicity).
        if failed
            .iter()
            .any(|f| node.iter().zip(f).all(|(a, b)| a <= b))
        {
            continue;
        }
        if evaluated >= opts.max_evaluations {
            optimal = false;
            break;
        }
        evaluated += 1;
        let out = evaluate(&prep, node, records, opts, sens);
        if out.suppressed > limit {
            failed.retain(|f| !f.iter().zip(node).all(|(a, b)| a <= b));
            failed.push(node.clone());
            continue;
        }
        if best.as_ref().is_none_or(|b| out.loss < b.0) {
            best = Some((out.loss, i, out));
        }
    }
    let (feasible, node, out) = match best {
        Some((_, i, out)) => (true, nodes[i].clone(), out),
        None => {
            // Everything suppressed to `*`: always k-anonymous.
            let top: Vec<usize> = heights.iter().map(|h| h - 1).collect();
            let out = evaluate(&prep, &top, records, opts, sens);
            (false, top, out)
        }
    };
    Ok(Optimum {
        levels: quasi
            .iter()
            .zip(&node)
            .zip(&hier)
            .map(|((&(column, _), &level), h)| ChosenLevel {
                column,
                level,
                label: h[level].label,
                operator: h[level].operator,
                params: h[level].params.clone(),
            })
            .collect(),
        information_loss: out.loss,
        suppressed_records: out.suppressed,
        k_after: out.k_after,
        classes_after: out.classes_after,
        feasible,
        optimal,
        evaluated,
        lattice_size,
    })
}

/// Brute force over the whole lattice, for tests: the least loss among
/// transformations within the suppression limit.
#[doc(hidden)]
pub fn brute_force_loss(
    columns: &[EncodedColumn],
    records: usize,
    quasi: &[(usize, Entity)],
    opts: &OptimizeOptions,
) -> Option<f64> {
    let prep: Vec<Prepared<'_>> = quasi
        .iter()
        .map(|&(i, e)| prepare(&columns[i], e, records, &opts.weights).unwrap().0)
        .collect();
    let heights: Vec<usize> = prep.iter().map(|p| p.maps.len()).collect();
    let limit = (opts.max_suppression * records as f64).floor() as u64;
    let mut best: Option<f64> = None;
    let mut node = vec![0usize; heights.len()];
    loop {
        let out = evaluate(&prep, &node, records, opts, None);
        if out.suppressed <= limit && best.is_none_or(|b| out.loss < b) {
            best = Some(out.loss);
        }
        if !next_node(&mut node, &heights) {
            return best;
        }
    }
}

/// Steps `node` to the next node of the lattice (an odometer over the
/// levels); false once every node has been visited.
fn next_node(node: &mut [usize], heights: &[usize]) -> bool {
    for (l, &h) in node.iter_mut().zip(heights) {
        *l += 1;
        if *l < h {
            return true;
        }
        *l = 0;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hierarchies_come_from_the_operators() {
        let labels = |e: Entity| hierarchy(e).iter().map(|l| l.label).collect::<Vec<_>>();
        assert_eq!(
            labels(Entity::Age),
            ["original", "band 5", "band 10", "band 20", "*"]
        );
        assert_eq!(
            labels(Entity::DateOfBirth),
            ["original", "month", "year", "5 years", "decade", "*"]
        );
        assert_eq!(
            labels(Entity::StreetAddress),
            ["district", "city", "province", "*"]
        );
        assert_eq!(labels(Entity::Region), ["original", "province", "*"]);
        assert_eq!(
            labels(Entity::Financial),
            ["original", "1,000", "10,000", "*"]
        );
        // A direct identifier chosen as a quasi-identifier may stay as it is.
        assert_eq!(labels(Entity::PhoneNumber), ["original", "*"]);
    }

    #[test]
    fn the_catalogue_declares_every_operator() {
        let cat = operators::catalogue();
        assert_eq!(cat.len(), operators::OPERATORS.len());
        let pseudo = cat.iter().find(|c| c.name == "pseudonymize").unwrap();
        assert!(pseudo.needs_key);
        assert!(cat.iter().filter(|c| c.needs_key).count() == 1);
        for c in &cat {
            assert!(!c.choices.is_empty(), "{}", c.name);
            // Every menu setting builds.
            for ch in &c.choices {
                let ctx = operators::Context {
                    entity: Entity::None,
                    key: Some(&[1; 32]),
                };
                assert!(
                    operators::build(c.name, ch["params"].clone(), &ctx).is_ok(),
                    "{} {}",
                    c.name,
                    ch
                );
            }
        }
    }
}
