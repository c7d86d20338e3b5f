//! A scan run by another engine (`privscan-lake`'s aggregate functions):
//! column states fed row by row in any partition, merged in any order,
//! and the risk columns grouped with counts, must give the report of one
//! scan of the table — its columns, summary, risk and suggestions.

mod support;

use privscan::pipeline::{
    column_report, column_specs, scan_bytes, ColumnSpec, ColumnState, Grouped, Relayed,
    ScanOptions, Scanner, TableStates,
};
use privscan::profile::table::row_hash;
use privscan::synth::{mixed_columns, personal_columns, Headers, Rng, Table};
use privscan::Report;
use std::collections::HashMap;

/// The report an engine makes of `csv`: its rows dealt to `parts`
/// partitions at random, each partition's states merged in a random
/// order, and the risk columns grouped.
fn engine_report(csv: &str, o: &ScanOptions, parts: usize, seed: u64) -> Report {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(csv.as_bytes());
    let names: Vec<String> = rdr
        .headers()
        .unwrap()
        .iter()
        .map(|h| privscan::cell::trim_cell(h).to_string())
        .collect();
    let rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let specs = column_specs(o, &names).unwrap();
    let mut rng = Rng::new(seed);
    let mut partitions: Vec<Vec<ColumnState>> = (0..parts)
        .map(|_| specs.iter().map(|s| ColumnState::new(s).unwrap()).collect())
        .collect();
    for row in &rows {
        let h = row_hash(row.iter().map(String::as_str));
        let p = &mut partitions[rng.below(parts as u64) as usize];
        for (c, cell) in p.iter_mut().zip(row) {
            c.feed(Some(cell), h);
        }
    }
    // Each state goes through its saved form, as between workers.
    rng.shuffle(&mut partitions);
    let mut merged: Vec<ColumnState> = specs.iter().map(|s| ColumnState::new(s).unwrap()).collect();
    for p in partitions {
        for ((m, c), spec) in merged.iter_mut().zip(p).zip(&specs) {
            let (back_spec, back) = ColumnState::decode(&c.encode(spec).unwrap()).unwrap();
            assert_eq!(&back_spec, spec);
            m.merge(back);
        }
    }
    let forms: Vec<_> = merged.iter().map(ColumnState::risk_form).collect();
    let mut s = Scanner::of_states(
        o.clone(),
        TableStates {
            names,
            rows: rows.len() as u64,
            columns: merged,
            input: Relayed {
                bytes: csv.len() as u64,
                sha256: "0".repeat(64),
                encoding: "UTF-8".into(),
                encoding_confidence: "valid_utf8".into(),
                delimiter: b',',
                ..Relayed::default()
            },
            parts: None,
        },
    )
    .unwrap();
    let cols = s.risk_columns(&forms).unwrap();
    let mut groups: HashMap<Vec<Option<String>>, u64> = HashMap::new();
    for row in &rows {
        let key = cols
            .iter()
            .map(|&(i, form)| privscan::pipeline::risk_value(Some(&row[i]), form))
            .collect();
        *groups.entry(key).or_insert(0) += 1;
    }
    let mut tuples: Vec<_> = groups.into_iter().collect();
    rng.shuffle(&mut tuples);
    let grouped = Grouped {
        columns: cols.iter().map(|c| c.0).collect(),
        values: (0..cols.len())
            .map(|j| tuples.iter().map(|t| t.0[j].clone()).collect())
            .collect(),
        counts: tuples.iter().map(|t| t.1).collect(),
    };
    let report = s.finish_grouped(grouped).unwrap();
    support::assert_valid(&report);
    report
}

/// Asserts two reports' findings agree (floating-point sums within 1e-9
/// relative).
fn assert_same(whole: &Report, engine: &Report, label: &str) {
    let d = privscan::report::compare::differences(
        &serde_json::to_value(whole).unwrap(),
        &serde_json::to_value(engine).unwrap(),
        8,
    );
    assert!(d.is_empty(), "{label}:\n{}", d.join("\n"));
}

fn opts() -> ScanOptions {
    ScanOptions {
        as_of: Some("2026-12-03".into()),
        ..ScanOptions::default()
    }
}

#[test]
fn an_engine_scan_equals_one_scan_in_any_partitioning() {
    for (specs, rows, seed) in [
        (personal_columns(), 3000, 1u64),
        (mixed_columns(), 2500, 2),
        (personal_columns(), 40, 3),
    ] {
        for headers in [Headers::English, Headers::Chinese, Headers::Meaningless] {
            let csv = Table::generate(&specs, rows, headers, seed).to_csv(b',');
            let whole = scan_bytes(csv.as_bytes(), opts()).unwrap();
            for parts in [1, 3, 8] {
                let engine = engine_report(&csv, &opts(), parts, seed * 31 + parts as u64);
                assert_same(
                    &whole,
                    &engine,
                    &format!("{rows} rows, {headers:?} headers, {parts} partitions"),
                );
            }
        }
    }
}

#[test]
fn chosen_risk_columns_are_grouped_whatever_they_hold() {
    let csv = Table::generate(&personal_columns(), 1500, Headers::English, 9).to_csv(b',');
    let names: Vec<String> = csv
        .lines()
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    let o = ScanOptions {
        qi: Some(vec![names[0].clone(), names[1].clone()]),
        k: Some(5),
        ..opts()
    };
    let whole = scan_bytes(csv.as_bytes(), o.clone()).unwrap();
    let engine = engine_report(&csv, &o, 4, 77);
    assert_same(&whole, &engine, "--qi");
    assert_eq!(engine.risk.as_ref().unwrap().quasi_identifiers, vec![0, 1]);
}

#[test]
fn classes_of_many_records_measure_as_one_scan_does() {
    // Few-valued quasi-identifiers: large classes, uniques, drivers and
    // l-diversity that a table of unique records cannot tell apart.
    let csv = Table::generate(&mixed_columns(), 4000, Headers::English, 5).to_csv(b',');
    for (qi, sensitive) in [
        (vec!["sex", "province"], vec!["occupation"]),
        (vec!["sex", "province", "occupation"], vec![]),
        (vec!["province", "status"], vec!["sex"]),
    ] {
        let o = ScanOptions {
            qi: Some(qi.iter().map(|c| c.to_string()).collect()),
            sensitive: (!sensitive.is_empty())
                .then(|| sensitive.iter().map(|c| c.to_string()).collect()),
            ..opts()
        };
        let whole = scan_bytes(csv.as_bytes(), o.clone()).unwrap();
        let risk = whole.risk.as_ref().unwrap();
        assert!(
            risk.classes > 1 && risk.classes < risk.records,
            "{qi:?}: the table must have classes of several records"
        );
        for parts in [1, 5] {
            let engine = engine_report(&csv, &o, parts, 11 + parts as u64);
            assert_same(&whole, &engine, &format!("{qi:?}, {parts} partitions"));
        }
    }
}

#[test]
fn a_column_verdict_alone_names_its_entity() {
    let spec = ColumnSpec {
        name: "email".into(),
        ..ColumnSpec::default()
    };
    let mut s = ColumnState::new(&spec).unwrap();
    for i in 0..200 {
        let v = format!("person{i}@example.org");
        s.feed(Some(&v), i);
    }
    s.feed(None, 999);
    let c = column_report(&spec, &s).unwrap();
    assert_eq!(c.entity, privscan::Entity::EmailAddress);
    assert_eq!(c.non_empty, 200);
}

#[test]
fn damaged_and_foreign_states_are_errors_that_say_so() {
    let spec = ColumnSpec {
        name: "a".into(),
        ..ColumnSpec::default()
    };
    let mut s = ColumnState::new(&spec).unwrap();
    s.feed(Some("x"), 1);
    let mut bytes = s.encode(&spec).unwrap();
    assert!(ColumnState::decode(&bytes[..10])
        .unwrap_err()
        .to_string()
        .contains("not a column profile state"));
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    assert!(ColumnState::decode(&bytes)
        .unwrap_err()
        .to_string()
        .contains("damaged"));
    assert!(
        ColumnState::decode(b"PSCSTATE-and-more-bytes-than-a-preamble-has")
            .unwrap_err()
            .to_string()
            .contains("not a column profile state")
    );
}
