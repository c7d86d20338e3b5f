//! Risk measures against an independent brute-force computation written
//! here, over small random tables (property tests), through the whole
//! pipeline: the table is written as CSV, scanned with chosen
//! quasi-identifiers and sensitive column, and every number of the `risk`
//! block is recomputed from the cells by comparing every record with every
//! other one.

#![cfg(not(target_arch = "wasm32"))]

use privscan::pipeline::{scan_bytes, ScanOptions};
use proptest::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A table of `cols` columns; cells are drawn from small alphabets (with
/// empty cells, which are a value of their own).
fn table() -> impl Strategy<Value = (Vec<Vec<String>>, usize)> {
    (2usize..5, 1usize..60).prop_flat_map(|(cols, rows)| {
        let cell = prop_oneof![
            3 => (0u8..4).prop_map(|v| format!("v{v}")),
            1 => Just(String::new()),
        ];
        (
            prop::collection::vec(prop::collection::vec(cell, cols), rows),
            Just(cols),
        )
    })
}

fn csv(rows: &[Vec<String>], cols: usize) -> String {
    let mut s: Vec<String> = vec![(0..cols)
        .map(|c| format!("c{c}"))
        .collect::<Vec<_>>()
        .join(",")];
    s.extend(rows.iter().map(|r| r.join(",")));
    s.join("\n") + "\n"
}

struct Brute {
    k: u64,
    classes: u64,
    unique: u64,
    at_risk: u64,
    avg: f64,
    l: u64,
    l_entropy: f64,
}

fn brute(rows: &[Vec<String>], qi: &[usize], sens: usize, k_target: u64) -> Brute {
    let key =
        |r: &Vec<String>, cols: &[usize]| cols.iter().map(|&c| r[c].clone()).collect::<Vec<_>>();
    let n = rows.len();
    let size = |i: usize| {
        rows.iter()
            .filter(|r| key(r, qi) == key(&rows[i], qi))
            .count() as u64
    };
    let sizes: Vec<u64> = (0..n).map(size).collect();
    let classes: HashSet<Vec<String>> = rows.iter().map(|r| key(r, qi)).collect();
    let mut l = u64::MAX;
    let mut l_entropy = f64::INFINITY;
    for class in &classes {
        let mut counts: HashMap<&str, u64> = HashMap::new();
        for r in rows.iter().filter(|r| &key(r, qi) == class) {
            *counts.entry(r[sens].as_str()).or_default() += 1;
        }
        let total: u64 = counts.values().sum();
        l = l.min(counts.len() as u64);
        let h: f64 = counts
            .values()
            .map(|&c| c as f64 / total as f64)
            .map(|p| -p * p.ln())
            .sum();
        l_entropy = l_entropy.min(h.exp());
    }
    Brute {
        k: sizes.iter().copied().min().unwrap_or(0),
        classes: classes.len() as u64,
        unique: sizes.iter().filter(|&&s| s == 1).count() as u64,
        at_risk: sizes.iter().filter(|&&s| s < k_target).count() as u64,
        avg: sizes.iter().map(|&s| 1.0 / s as f64).sum::<f64>() / n as f64,
        l,
        l_entropy,
    }
}

/// Records unique on `cols` and on none of its proper subsets.
fn brute_minimal(rows: &[Vec<String>], cols: &[usize]) -> (u64, u64) {
    let unique_on = |i: usize, cols: &[usize]| {
        let key = |r: &Vec<String>| cols.iter().map(|&c| r[c].clone()).collect::<Vec<_>>();
        rows.iter().filter(|r| key(r) == key(&rows[i])).count() == 1
    };
    let subsets: Vec<Vec<usize>> = (1..(1u32 << cols.len()) - 1)
        .map(|m| {
            cols.iter()
                .enumerate()
                .filter(|(b, _)| m & (1 << b) != 0)
                .map(|(_, &c)| c)
                .collect()
        })
        .collect();
    let unique = (0..rows.len()).filter(|&i| unique_on(i, cols)).count() as u64;
    let minimal = (0..rows.len())
        .filter(|&i| unique_on(i, cols) && !subsets.iter().any(|s| unique_on(i, s)))
        .count() as u64;
    (unique, minimal)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn risk_equals_brute_force((rows, cols) in table(), k_target in 1u32..6) {
        let qi: Vec<usize> = (0..cols - 1).collect();
        let sens = cols - 1;
        let opts = ScanOptions {
            has_header: Some(true),
            delimiter: Some(",".into()),
            qi: Some(qi.iter().map(|c| format!("c{c}")).collect()),
            sensitive: Some(vec![sens.to_string()]),
            k: Some(k_target),
            ..ScanOptions::default()
        };
        let report = scan_bytes(csv(&rows, cols).as_bytes(), opts).unwrap();
        let risk = report.risk.unwrap();
        let b = brute(&rows, &qi, sens, u64::from(k_target));
        prop_assert_eq!(risk.records, rows.len() as u64);
        prop_assert_eq!(&risk.quasi_identifiers, &qi);
        prop_assert_eq!(risk.k, b.k);
        prop_assert_eq!(risk.classes, b.classes);
        prop_assert_eq!(risk.unique_records, b.unique);
        prop_assert_eq!(risk.records_at_risk, b.at_risk);
        prop_assert!((risk.prosecutor_risk_avg - b.avg).abs() < 1e-9);
        prop_assert!((risk.prosecutor_risk_max - 1.0 / b.k as f64).abs() < 1e-9);
        prop_assert_eq!(risk.l_diversity[&sens.to_string()], b.l);
        prop_assert!((risk.l_diversity_entropy[&sens.to_string()] - b.l_entropy).abs() < 1e-9);
        let sizes: BTreeMap<u64, u64> = risk.class_sizes.iter().map(|&[s, c]| (s, c)).collect();
        prop_assert_eq!(sizes.iter().map(|(s, c)| s * c).sum::<u64>(), rows.len() as u64);

        // Every listed driver, and every combination left out has no
        // minimal uniques.
        let listed: HashMap<Vec<usize>, (u64, u64)> = risk
            .drivers
            .iter()
            .map(|d| (d.columns.clone(), (d.unique_records, d.minimal_unique_records)))
            .collect();
        let mut combos: Vec<Vec<usize>> = Vec::new();
        for a in 0..qi.len() {
            combos.push(vec![qi[a]]);
            for b in a + 1..qi.len() {
                combos.push(vec![qi[a], qi[b]]);
                for c in b + 1..qi.len() {
                    combos.push(vec![qi[a], qi[b], qi[c]]);
                }
            }
        }
        for combo in combos {
            let (unique, minimal) = brute_minimal(&rows, &combo);
            match listed.get(&combo) {
                Some(&got) => prop_assert_eq!(got, (unique, minimal), "{:?}", combo),
                None => prop_assert_eq!(minimal, 0, "{:?} missing", combo),
            }
        }
    }
}

#[test]
fn hand_computed_file() {
    // sex, age, diagnosis: classes (M,30)×2 (F,30)×1 (F,40)×3.
    let csv = "sex,age,dx\nM,30,flu\nM,30,flu\nF,30,cold\nF,40,flu\nF,40,flu\nF,40,cold\n";
    let opts = ScanOptions {
        qi: Some(vec!["sex".into(), "1".into()]),
        sensitive: Some(vec!["dx".into()]),
        k: Some(2),
        ..ScanOptions::default()
    };
    let r = scan_bytes(csv.as_bytes(), opts).unwrap().risk.unwrap();
    assert_eq!(
        (r.k, r.classes, r.unique_records, r.records_at_risk),
        (1, 3, 1, 1)
    );
    assert_eq!(r.l_diversity["2"], 1);
    assert_eq!(r.class_sizes, vec![[1, 1], [2, 1], [3, 1]]);
    assert_eq!(r.drivers[0].columns, vec![0, 1]);
    assert_eq!(
        (
            r.drivers[0].unique_records,
            r.drivers[0].minimal_unique_records
        ),
        (1, 1)
    );
}

#[test]
fn unknown_columns_are_errors() {
    let opts = ScanOptions {
        qi: Some(vec!["nope".into()]),
        ..ScanOptions::default()
    };
    let err = scan_bytes(b"a,b\n1,2\n3,4\n", opts).unwrap_err();
    assert_eq!(err.code(), "unknown_column");
    assert!(err.to_string().contains("nope"));
}

#[test]
fn identifiers_chosen_by_name_are_measured_not_dropped() {
    // 20,000 distinct phone numbers and e-mails beside a sex column: left
    // to the defaults they are direct identifiers and not kept for risk;
    // chosen as quasi-identifiers they make every record unique, as an
    // independent count says.
    let mut csv = String::from("phone,email,sex\n");
    for i in 0..20_000u32 {
        csv.push_str(&format!(
            "138{:08},u{i}@example.com,{}\n",
            i * 7,
            if i % 2 == 0 { "男" } else { "女" }
        ));
    }
    let chosen = |qi: &[&str]| {
        scan_bytes(
            csv.as_bytes(),
            ScanOptions {
                qi: Some(qi.iter().map(|s| s.to_string()).collect()),
                ..ScanOptions::default()
            },
        )
        .unwrap()
        .risk
        .unwrap()
    };
    let r = chosen(&["phone", "sex"]);
    assert!(r.high_cardinality.is_empty(), "{:?}", r.high_cardinality);
    assert_eq!((r.k, r.unique_records, r.classes), (1, 20_000, 20_000));
    // By index, and a headerless column by its generated name.
    assert_eq!(chosen(&["1"]).unique_records, 20_000);
    let headerless = csv.split_once('\n').unwrap().1;
    let r = scan_bytes(
        headerless.as_bytes(),
        ScanOptions {
            qi: Some(vec!["column_1".into()]),
            has_header: Some(false),
            ..ScanOptions::default()
        },
    )
    .unwrap()
    .risk
    .unwrap();
    assert_eq!(
        (r.quasi_identifiers.clone(), r.unique_records),
        (vec![0], 20_000)
    );
}
