//! What drives uniqueness: for every combination of up to three
//! quasi-identifiers, how many records it makes unique, and for how many it
//! is a *minimal* sample unique — unique on the combination but on none of
//! its smaller parts (the idea of SUDA, Elliot et al. 2002, limited to three
//! columns). A column's contribution is the share of records with a minimal
//! unique combination that includes it.

use super::classes::Classes;
use serde::Serialize;

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

/// Drivers and contributions for columns `cols` (index, codes,
/// cardinality) over `rows` rows, combinations of at most `max_size`.
pub fn drivers(
    cols: &[(usize, &[u32], usize)],
    rows: usize,
    max_size: usize,
) -> (Vec<Driver>, Vec<Contribution>) {
    let n = cols.len();
    let mut out = Vec::new();
    // Per row: which columns take part in one of its minimal uniques.
    let mut involved = vec![0u64; if n <= 64 { rows } else { 0 }];
    let mut singles: Vec<Vec<bool>> = Vec::with_capacity(n);
    for (i, &(idx, codes, card)) in cols.iter().enumerate() {
        let c = Classes::single(rows).refine(codes, card);
        let unique: Vec<bool> = (0..rows).map(|r| c.is_unique(r)).collect();
        let minimal = mark(&unique, &[], &mut involved, 1 << i);
        out.push(Driver {
            columns: vec![idx],
            unique_records: c.uniques(),
            minimal_unique_records: minimal,
        });
        singles.push(unique);
    }
    // Per pair (a < b): which rows it makes unique, kept for the triples.
    let mut pairs: Vec<Vec<bool>> = vec![Vec::new(); n * n];
    if max_size >= 2 {
        for a in 0..n {
            for b in a + 1..n {
                let ab = pair_classes(cols, a, b, rows);
                let unique_ab: Vec<bool> = (0..rows).map(|r| ab.is_unique(r)).collect();
                let minimal = mark(
                    &unique_ab,
                    &[&singles[a], &singles[b]],
                    &mut involved,
                    (1 << a) | (1 << b),
                );
                out.push(Driver {
                    columns: vec![cols[a].0, cols[b].0],
                    unique_records: ab.uniques(),
                    minimal_unique_records: minimal,
                });
                pairs[a * n + b] = unique_ab;
            }
        }
    }
    if max_size >= 3 {
        for a in 0..n {
            for b in a + 1..n {
                let ab = pair_classes(cols, a, b, rows);
                for c in b + 1..n {
                    let abc = ab.refine(cols[c].1, cols[c].2);
                    let unique_abc: Vec<bool> = (0..rows).map(|r| abc.is_unique(r)).collect();
                    let parts = [&pairs[a * n + b], &pairs[a * n + c], &pairs[b * n + c]];
                    let minimal = mark(
                        &unique_abc,
                        &parts,
                        &mut involved,
                        (1 << a) | (1 << b) | (1 << c),
                    );
                    out.push(Driver {
                        columns: vec![cols[a].0, cols[b].0, cols[c].0],
                        unique_records: abc.uniques(),
                        minimal_unique_records: minimal,
                    });
                }
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

fn pair_classes(cols: &[(usize, &[u32], usize)], a: usize, b: usize, rows: usize) -> Classes {
    Classes::single(rows)
        .refine(cols[a].1, cols[a].2)
        .refine(cols[b].1, cols[b].2)
}

/// Counts rows unique here but in none of the parts, and records which
/// columns they involve.
fn mark(unique: &[bool], parts: &[&Vec<bool>], involved: &mut [u64], bits: u64) -> u64 {
    let mut n = 0;
    for (r, &u) in unique.iter().enumerate() {
        if u && !parts.iter().any(|p| p[r]) {
            n += 1;
            if let Some(m) = involved.get_mut(r) {
                *m |= bits;
            }
        }
    }
    n
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
        let cols = [(0, &sex[..], 4), (1, &age[..], 3), (2, &zip[..], 2)];
        let (d, c) = drivers(&cols, 6, 3);
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
