//! Linkage of a table without names to a "public" one with names, checked
//! against a brute-force join written here: over the demo pair (dates
//! written differently on each side) and over small random tables
//! (property tests). Also the unique-record examples of the risk block.

#![cfg(not(target_arch = "wasm32"))]

use privscan::pipeline::{ScanOptions, Scanner};
use privscan::risk::linkage::{LinkOptions, MatchedBy};
use privscan::risk::RiskOptions;
use privscan::synth::{linkage_tables, Headers, Table};
use proptest::prelude::*;

fn scanned(csv: &str, keep_all: bool) -> Scanner {
    let mut s = Scanner::new(ScanOptions {
        keep_all_columns: keep_all,
        ..ScanOptions::default()
    })
    .unwrap();
    s.feed(csv.as_bytes()).unwrap();
    s.finish().unwrap();
    s
}

/// (linked, linked_unique, matched): for each record, the public rows with
/// equal keys, and the records with equal keys, by comparing every pair.
fn brute(first: &[Vec<String>], public: &[Vec<String>]) -> (u64, u64, u64) {
    let (mut linked, mut unique, mut matched) = (0, 0, 0);
    for a in first {
        let hits = public.iter().filter(|b| *b == a).count();
        let twins = first.iter().filter(|b| *b == a).count();
        matched += u64::from(hits > 0);
        linked += u64::from(hits == 1);
        unique += u64::from(hits == 1 && twins == 1);
    }
    (linked, unique, matched)
}

#[test]
fn demo_pair_matches_a_brute_force_join() {
    let (clinic, register) = linkage_tables(300, Headers::Chinese, 5);
    let a = scanned(&clinic.to_csv(b','), false);
    let b = scanned(&register.to_csv(b','), true);
    let r = a.link(&b, &LinkOptions::default()).unwrap();
    // Sex, birth date and postal code pair up; ethnicity and the visit date
    // have no partner in the register.
    let pairs: Vec<(usize, usize)> = r
        .shared
        .iter()
        .map(|s| (s.column, s.public_column))
        .collect();
    assert_eq!(pairs, vec![(0, 1), (1, 2), (2, 3)]);
    assert_eq!(r.shared[2].matched_by, MatchedBy::Entity, "邮编 ~ 邮政编码");
    assert_eq!(
        (r.records, r.public_records),
        (300, register.rows.len() as u64)
    );

    // The register writes 1972年11月7日 where the clinic writes 1972-11-07.
    let iso = |d: &str| {
        let p: Vec<u32> = d
            .split(['年', '月', '日'])
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        format!("{:04}-{:02}-{:02}", p[0], p[1], p[2])
    };
    let first: Vec<Vec<String>> = clinic.rows.iter().map(|r| r[..3].to_vec()).collect();
    let public: Vec<Vec<String>> = register
        .rows
        .iter()
        .map(|r| vec![r[1].clone(), iso(&r[2]), r[3].clone()])
        .collect();
    let (linked, unique, matched) = brute(&first, &public);
    assert_eq!(
        (r.linked, r.linked_unique, r.matched),
        (linked, unique, matched)
    );
    assert!(r.linked_unique > 150, "most patients are named: {r:?}");

    // Each example names the register's person with the clinic's diagnosis.
    assert_eq!(r.examples.len(), 5);
    for e in &r.examples {
        let row = &clinic.rows[e.row as usize - 1];
        let person = &register.rows[e.public_row as usize - 1];
        assert_eq!(e.shared, row[..3].to_vec());
        assert_eq!(e.identity[0], ["姓名".to_string(), person[0].clone()]);
        assert_eq!(e.disclosed, vec![["诊断".to_string(), row[4].clone()]]);
    }
}

#[test]
fn nothing_shared_links_nothing() {
    let (clinic, _) = linkage_tables(50, Headers::Chinese, 1);
    let other = "城市,颜色\n杭州,红\n上海,蓝\n";
    let r = scanned(&clinic.to_csv(b','), false)
        .link(&scanned(other, true), &LinkOptions::default())
        .unwrap();
    assert!(r.shared.is_empty());
    assert_eq!((r.linked, r.matched, r.examples.len()), (0, 0, 0));
}

#[test]
fn given_pairs_are_checked() {
    let (clinic, register) = linkage_tables(20, Headers::English, 2);
    let a = scanned(&clinic.to_csv(b','), false);
    let b = scanned(&register.to_csv(b','), true);
    let bad = LinkOptions {
        pairs: Some(vec![[0, 99]]),
        ..LinkOptions::default()
    };
    assert!(a.link(&b, &bad).is_err());
}

#[test]
fn unique_examples_show_quasi_identifier_values() {
    let csv = "sex,age,city\nM,30,A\nM,30,A\nF,41,B\nM,52,A\n";
    let s = scanned(csv, false);
    let r = s
        .risk(&RiskOptions {
            quasi_identifiers: vec![0, 1],
            examples: 10,
            ..RiskOptions::default()
        })
        .unwrap();
    let got: Vec<(u64, Vec<String>)> = r
        .examples
        .iter()
        .map(|e| (e.row, e.values.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (3, vec!["F".to_string(), "41".to_string()]),
            (4, vec!["M".to_string(), "52".to_string()]),
        ]
    );
}

fn table(rows: usize, seed: Vec<u8>) -> Vec<Vec<String>> {
    (0..rows)
        .map(|i| {
            (0..2)
                .map(|c| format!("v{}", seed[(i * 2 + c) % seed.len()] % 3))
                .collect()
        })
        .collect()
}

fn to_table(header: &[&str], rows: Vec<Vec<String>>) -> Table {
    Table {
        header: Some(header.iter().map(|s| s.to_string()).collect()),
        expected: Vec::new(),
        rows,
    }
}

proptest! {
    #[test]
    fn random_tables_match_brute_force(
        a in 1usize..40, b in 1usize..40,
        sa in prop::collection::vec(any::<u8>(), 1..80),
        sb in prop::collection::vec(any::<u8>(), 1..80),
    ) {
        let first = table(a, sa);
        let public = table(b, sb);
        let fa = scanned(&to_table(&["x", "y"], first.clone()).to_csv(b','), false);
        let pb: Vec<Vec<String>> = public.iter().map(|r| vec![format!("n{}", r[0]), r[0].clone(), r[1].clone()]).collect();
        let fb = scanned(&to_table(&["name", "X", "Y"], pb).to_csv(b','), true);
        let r = fa.link(&fb, &LinkOptions { quasi_identifiers: Some(vec![0, 1]), ..LinkOptions::default() }).unwrap();
        prop_assert_eq!(r.shared.len(), 2);
        prop_assert_eq!((r.linked, r.linked_unique, r.matched), brute(&first, &public));
    }
}
