//! Linkage: the attack behind Sweeney's result that 87 % of Americans are
//! unique on ZIP code, sex and birth date. A file without names is joined
//! to a second, "public" table that has names (a voter roll, a membership
//! list, a leaked customer file) on the quasi-identifiers both hold; every
//! record whose values match exactly one person there is re-identified,
//! and whatever else the file says about it (a diagnosis, an income) is
//! disclosed.
//!
//! Columns are paired by header name, then by what the scan found in them
//! (a `出生日期` column pairs with a `DOB` column). Values are compared
//! after light normalisation, as an attacker would do: dates in any form
//! become `YYYY-MM-DD`, sexes become one letter, case and spaces are
//! ignored. An empty cell is a value of its own, as in the risk measures.

use super::classes::Classes;
use crate::detect::detectors::date;
use crate::entity::{Entity, Kind};
use crate::error::{Error, ErrorKind, Result};
use crate::profile::codes::CodeSlice;
use crate::profile::encode::EncodedColumn;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Example links returned by default.
pub const EXAMPLES: usize = 5;

/// One table of a linkage, as the scanner keeps it after `finish`.
pub struct Side<'a> {
    /// Encoded columns (`codes` is `None` where no copy was kept).
    pub columns: &'a [EncodedColumn],
    /// Header names.
    pub names: &'a [String],
    /// What each column was judged to hold.
    pub entities: &'a [(Entity, Kind)],
    /// Rows covered by the encoded copies.
    pub records: usize,
}

/// What to link (JSON for the page: every field optional).
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinkOptions {
    /// Columns of the first table that may be shared (default: those
    /// judged quasi-identifiers).
    pub quasi_identifiers: Option<Vec<usize>>,
    /// Explicit `[column, public column]` pairs; when given, no pairing by
    /// name or entity is done.
    pub pairs: Option<Vec<[usize; 2]>>,
    /// Example links to return.
    pub examples: usize,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            quasi_identifiers: None,
            pairs: None,
            examples: EXAMPLES,
        }
    }
}

/// How a shared column was paired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// The caller named the pair.
    Given,
    /// Same header, ignoring case, spaces and punctuation.
    Header,
    /// Same entity found in both.
    Entity,
}

/// A column both tables hold.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SharedColumn {
    /// Index in the first table.
    pub column: usize,
    /// Index in the public table.
    pub public_column: usize,
    /// Header in the first table.
    pub name: String,
    /// Header in the public table.
    pub public_name: String,
    /// How the two were paired.
    pub matched_by: MatchedBy,
}

/// One re-identified record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkExample {
    /// Data row in the first table (1 = the first row after the header).
    pub row: u64,
    /// Data row in the public table.
    pub public_row: u64,
    /// The shared values, as the first table writes them.
    pub shared: Vec<String>,
    /// What the public table adds: `[header, value]` of its identifying
    /// columns (names, phones, addresses …), or of all its other columns
    /// when none reads as identifying.
    pub identity: Vec<[String; 2]>,
    /// What the first table then discloses: `[header, value]` of its
    /// sensitive columns.
    pub disclosed: Vec<[String; 2]>,
}

/// The result of a linkage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkReport {
    /// Columns both tables hold, used as the join key.
    pub shared: Vec<SharedColumn>,
    /// Shared columns left out: one side kept no copy (too many distinct
    /// values), as first-table indexes.
    pub unusable: Vec<usize>,
    /// Records in the first table.
    pub records: u64,
    /// Records in the public table.
    pub public_records: u64,
    /// Records whose shared values occur in the public table at all.
    pub matched: u64,
    /// Records whose shared values match exactly one public record: that
    /// person is named.
    pub linked: u64,
    /// Of those, records also alone in the first table on the shared
    /// columns: the link is certain, not one of several candidates.
    pub linked_unique: u64,
    /// Distinct public records (people) some record links to.
    pub people_named: u64,
    /// A few of the certain links, first rows first.
    pub examples: Vec<LinkExample>,
}

/// Joins `first` to `public` on their shared quasi-identifiers.
pub fn link(first: &Side<'_>, public: &Side<'_>, opts: &LinkOptions) -> Result<LinkReport> {
    let pairs = match &opts.pairs {
        Some(p) => {
            for &[a, b] in p {
                if a >= first.columns.len() {
                    return Err(Error::new(ErrorKind::UnknownColumn(a.to_string())));
                }
                if b >= public.columns.len() {
                    return Err(Error::new(ErrorKind::UnknownColumn(b.to_string())));
                }
            }
            p.iter().map(|&[a, b]| (a, b, MatchedBy::Given)).collect()
        }
        None => pair_columns(first, public, opts.quasi_identifiers.as_deref()),
    };
    let mut shared = Vec::new();
    let mut unusable = Vec::new();
    // Per usable pair: both sides' codes translated to shared join ids.
    let mut keys: Vec<(Vec<u32>, Vec<u32>, usize)> = Vec::new();
    for (a, b, by) in pairs {
        let (ca, cb) = (&first.columns[a], &public.columns[b]);
        let (Some(codes_a), Some(codes_b)) = (ca.codes(), cb.codes()) else {
            unusable.push(a);
            continue;
        };
        let entity = join_entity(first.entities.get(a), public.entities.get(b));
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut id_of = |col: &EncodedColumn| -> Vec<u32> {
            (0..col.cardinality() as u32)
                .map(|code| {
                    if code == 0 {
                        return 0;
                    }
                    let next = ids.len() as u32 + 1;
                    *ids.entry(normalize(entity, col.value(code)))
                        .or_insert(next)
                })
                .collect()
        };
        let (map_a, map_b) = (id_of(ca), id_of(cb));
        let card = ids.len() + 1;
        let rows_a = codes_a
            .prefix(first.records)
            .iter()
            .map(|c| map_a[c as usize])
            .collect();
        let rows_b = codes_b
            .prefix(public.records)
            .iter()
            .map(|c| map_b[c as usize])
            .collect();
        keys.push((rows_a, rows_b, card));
        shared.push(SharedColumn {
            column: a,
            public_column: b,
            name: first.names.get(a).cloned().unwrap_or_default(),
            public_name: public.names.get(b).cloned().unwrap_or_default(),
            matched_by: by,
        });
    }
    let records = keys
        .iter()
        .map(|k| k.0.len())
        .fold(first.records, usize::min);
    let public_records = keys
        .iter()
        .map(|k| k.1.len())
        .fold(public.records, usize::min);
    let mut report = LinkReport {
        shared,
        unusable,
        records: records as u64,
        public_records: public_records as u64,
        matched: 0,
        linked: 0,
        linked_unique: 0,
        people_named: 0,
        examples: Vec::new(),
    };
    if keys.is_empty() {
        return Ok(report);
    }

    // Public records per key, and the first of them.
    let mut public_keys: HashMap<Vec<u32>, (u32, u32)> = HashMap::new();
    for r in 0..public_records {
        let key: Vec<u32> = keys.iter().map(|k| k.1[r]).collect();
        let e = public_keys.entry(key).or_insert((0, r as u32));
        e.0 += 1;
    }
    // Classes of the first table on the shared columns; each class is one
    // key, looked up once.
    let cols: Vec<(CodeSlice<'_>, usize)> = keys
        .iter()
        .map(|k| (CodeSlice::U32(&k.0[..records]), k.2))
        .collect();
    let classes = Classes::build(&cols, records);
    // Per class: the public row it names, if exactly one.
    let mut named: Vec<Option<Option<u32>>> = vec![None; classes.count()];
    for r in 0..records {
        let c = classes.of_row[r] as usize;
        if named[c].is_some() {
            continue;
        }
        let key: Vec<u32> = keys.iter().map(|k| k.0[r]).collect();
        let hit = public_keys.get(&key).copied();
        named[c] = Some(hit.filter(|&(n, _)| n == 1).map(|(_, row)| row));
        if hit.is_some() {
            report.matched += classes.sizes[c];
        }
        if let Some(Some(_)) = named[c] {
            report.people_named += 1;
            report.linked += classes.sizes[c];
            if classes.sizes[c] == 1 {
                report.linked_unique += 1;
            }
        }
    }
    for r in 0..records {
        if report.examples.len() >= opts.examples {
            break;
        }
        let c = classes.of_row[r] as usize;
        if classes.sizes[c] != 1 {
            continue;
        }
        if let Some(Some(p)) = named[c] {
            report
                .examples
                .push(example(first, public, &report.shared, r, p as usize));
        }
    }
    Ok(report)
}

/// Pairs the first table's quasi-identifiers with the public table's
/// columns: by header first, then by entity; each public column once.
fn pair_columns(
    first: &Side<'_>,
    public: &Side<'_>,
    quasi: Option<&[usize]>,
) -> Vec<(usize, usize, MatchedBy)> {
    let candidates: Vec<usize> = match quasi {
        Some(q) => q
            .iter()
            .copied()
            .filter(|&i| i < first.columns.len())
            .collect(),
        None => (0..first.columns.len())
            .filter(|&i| first.entities.get(i).is_some_and(|e| e.1 == Kind::Quasi))
            .collect(),
    };
    let mut taken = vec![false; public.columns.len()];
    let mut out = Vec::new();
    let mut rest = Vec::new();
    for &a in &candidates {
        let name = header_key(first.names.get(a).map_or("", String::as_str));
        let found = (!name.is_empty())
            .then(|| {
                (0..public.columns.len())
                    .find(|&b| !taken[b] && header_key(&public.names[b]) == name)
            })
            .flatten();
        match found {
            Some(b) => {
                taken[b] = true;
                out.push((a, b, MatchedBy::Header));
            }
            None => rest.push(a),
        }
    }
    for a in rest {
        let Some(&(entity, _)) = first.entities.get(a) else {
            continue;
        };
        if entity == Entity::None {
            continue;
        }
        if let Some(b) = (0..public.columns.len())
            .find(|&b| !taken[b] && public.entities.get(b).is_some_and(|e| e.0 == entity))
        {
            taken[b] = true;
            out.push((a, b, MatchedBy::Entity));
        }
    }
    out.sort_by_key(|p| p.0);
    out
}

fn header_key(h: &str) -> String {
    h.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The entity whose normalisation applies to a pair: a date or a sex on
/// either side makes both sides compared as such.
fn join_entity(a: Option<&(Entity, Kind)>, b: Option<&(Entity, Kind)>) -> Entity {
    let is_special = |e: Entity| matches!(e, Entity::DateOfBirth | Entity::Date | Entity::Gender);
    [a, b]
        .into_iter()
        .flatten()
        .map(|e| e.0)
        .find(|&e| is_special(e))
        .unwrap_or(Entity::None)
}

/// The text two equal values share, however each table writes it.
pub fn normalize(entity: Entity, value: &str) -> String {
    let t = value.trim();
    match entity {
        Entity::DateOfBirth | Entity::Date => {
            if let Some(d) = date::parse(t) {
                return format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
            }
        }
        Entity::Gender => {
            let l = t.to_lowercase();
            // GB/T 2261.1 codes 1 and 2 as well as the words.
            match l.as_str() {
                "男" | "男性" | "m" | "male" | "man" | "1" => return "m".into(),
                "女" | "女性" | "f" | "female" | "woman" | "2" => return "f".into(),
                _ => {}
            }
        }
        _ => {}
    }
    t.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn example(
    first: &Side<'_>,
    public: &Side<'_>,
    shared: &[SharedColumn],
    row: usize,
    public_row: usize,
) -> LinkExample {
    let value = |side: &Side<'_>, col: usize, r: usize| -> Option<String> {
        let c = side.columns.get(col)?;
        Some(c.value(c.codes()?.get(r)?).to_string())
    };
    let shared_public: Vec<usize> = shared.iter().map(|s| s.public_column).collect();
    let others: Vec<usize> = (0..public.columns.len())
        .filter(|b| !shared_public.contains(b))
        .collect();
    let direct: Vec<usize> = others
        .iter()
        .copied()
        .filter(|&b| public.entities.get(b).is_some_and(|e| e.1 == Kind::Direct))
        .collect();
    let identity = if direct.is_empty() { others } else { direct };
    let named = |side: &Side<'_>, cols: &[usize], r: usize| -> Vec<[String; 2]> {
        cols.iter()
            .filter_map(|&c| Some([side.names.get(c)?.clone(), value(side, c, r)?]))
            .collect()
    };
    let sensitive: Vec<usize> = (0..first.columns.len())
        .filter(|&a| {
            first
                .entities
                .get(a)
                .is_some_and(|e| e.1 == Kind::Sensitive)
        })
        .collect();
    LinkExample {
        row: row as u64 + 1,
        public_row: public_row as u64 + 1,
        shared: shared
            .iter()
            .map(|s| value(first, s.column, row).unwrap_or_default())
            .collect(),
        identity: named(public, &identity, public_row),
        disclosed: named(first, &sensitive, row),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_sexes_compare_however_written() {
        let d = |v| normalize(Entity::DateOfBirth, v);
        assert_eq!(d("1990-05-17"), d("1990年5月17日"));
        assert_eq!(d("1990/5/17"), d("19900517"));
        let g = |v| normalize(Entity::Gender, v);
        assert_eq!(g("男"), g("M"));
        assert_eq!(g("Female"), g("女"));
        assert_ne!(g("男"), g("女"));
        assert_eq!(normalize(Entity::None, " Ab C "), "abc");
    }

    #[test]
    fn headers_pair_ignoring_case_and_punctuation() {
        assert_eq!(header_key("Birth_Date"), header_key("birth date"));
        assert_eq!(header_key("出生日期"), "出生日期");
    }
}
