//! Scans in parts: a file cut into byte ranges and scanned on several
//! threads (`scan_in_parts`), and a table's parts profiled on their own,
//! saved as `.pstate` states and merged (`profile_reader`, `merge_states`),
//! must give the report of one scan of the whole. Bad input stays as safe:
//! the same error, naming the same row, whatever the split.

mod support;

use privscan::pipeline::{
    merge_states, profile_reader, scan_bytes, scan_in_parts, ScanOptions, ScanPart,
};
use privscan::synth::{mixed_columns, personal_columns, Headers, Rng, Table};
use privscan::Report;
use proptest::prelude::*;

fn opts() -> ScanOptions {
    ScanOptions {
        as_of: Some("2026-12-03".into()),
        ..ScanOptions::default()
    }
}

fn json(r: &Report) -> serde_json::Value {
    serde_json::to_value(r).unwrap()
}

/// Every cut of `bytes` at the given share points (and a few fixed
/// points) gives the whole scan's report, or the same error.
fn assert_splits_agree(bytes: &[u8], o: ScanOptions, label: &str) {
    let whole = scan_bytes(bytes, o.clone());
    let n = bytes.len() as u64;
    let mut cuts: Vec<Vec<u64>> = vec![vec![n / 2], vec![n / 3, 2 * n / 3], vec![1, 2, 3]];
    cuts.push((1..8).map(|i| n * i / 8).collect());
    for c in cuts {
        let split = scan_in_parts(bytes, o.clone(), &c, |_| {});
        match (&whole, &split) {
            (Ok(a), Ok(b)) => {
                support::assert_valid(b);
                assert_eq!(json(a), json(b), "{label}: cut at {c:?}");
            }
            (Err(a), Err(b)) => assert_eq!(
                (a.code(), a.to_string()),
                (b.code(), b.to_string()),
                "{label}: cut at {c:?}"
            ),
            (a, b) => panic!(
                "{label}: cut at {c:?}: whole {:?}, split {:?}",
                a.as_ref().map(|_| "report").map_err(|e| e.to_string()),
                b.as_ref().map(|_| "report").map_err(|e| e.to_string())
            ),
        }
    }
}

#[test]
fn a_file_cut_into_ranges_gives_the_whole_report() {
    let t = Table::generate(&personal_columns(), 3000, Headers::Chinese, 7);
    let csv = t.to_csv(b',');
    assert_splits_agree(csv.as_bytes(), opts(), "utf-8");
    assert_splits_agree(csv.replace('\n', "\r\n").as_bytes(), opts(), "crlf");
    let (gbk, _, _) = encoding_rs::GBK.encode(&csv);
    assert_splits_agree(&gbk, opts(), "gbk");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(csv.as_bytes());
    assert_splits_agree(&bom, opts(), "bom");
    let semi = Table::generate(&mixed_columns(), 2000, Headers::English, 8).to_csv(b';');
    assert_splits_agree(semi.as_bytes(), opts(), "semicolons");
}

#[test]
fn quoted_line_breaks_across_the_cuts_are_read_on() {
    // Every other record holds a quoted note of many lines: most cut
    // points fall inside one, so the range after them does not start on
    // a record and the part before reads on.
    let mut csv = String::from("id,email,note\n");
    let mut rng = Rng::new(5);
    for i in 0..4000 {
        let note = if i % 2 == 0 {
            let lines: Vec<String> = (0..rng.below(30) + 1)
                .map(|l| format!("line {l}, call 138{:08}", rng.below(100_000_000)))
                .collect();
            format!("\"{}\"", lines.join("\n"))
        } else {
            "\"short, \"\"quoted\"\"\"".to_string()
        };
        csv.push_str(&format!("{i},user{i}@example.com,{note}\n"));
    }
    assert_splits_agree(csv.as_bytes(), opts(), "multi-line fields");
    // Headerless, ragged and with title lines above the header.
    let ragged: String = (0..5000)
        .map(|i| match i % 7 {
            0 => format!("{i},x\n"),
            _ => format!("{i},user{i}@example.com,13812345678,extra\n"),
        })
        .collect();
    assert_splits_agree(
        ragged.as_bytes(),
        ScanOptions {
            has_header: Some(false),
            ..opts()
        },
        "headerless, ragged",
    );
    let titled = format!("Customer export 2026\n\n{csv}");
    assert_splits_agree(titled.as_bytes(), opts(), "title lines");
}

#[test]
fn the_encoding_is_decided_on_the_whole_input() {
    // ASCII for most of the file, then Chinese in GBK: a part that saw
    // only the end would guess on its own.
    let mut csv = String::from("name,city\n");
    for i in 0..20_000 {
        csv.push_str(&format!("user{i},city{}\n", i % 50));
    }
    for i in 0..300 {
        csv.push_str(&format!("张{i},北京市\n"));
    }
    let (gbk, _, _) = encoding_rs::GBK.encode(&csv);
    assert_splits_agree(&gbk, opts(), "late gbk");
    assert_splits_agree(csv.as_bytes(), opts(), "late utf-8");
    // A later range on its own would read its bytes as UTF-8: the input's
    // decision (GBK, at its first non-ASCII byte) wins, and that range is
    // read again in it.
    let mut mixed = gbk.to_vec();
    for i in 0..20_000 {
        mixed.extend_from_slice(format!("later{i},town{}\n", i % 50).as_bytes());
    }
    // "€" in UTF-8 ends in a GBK lead byte: before a line break, one
    // byte GBK replaces.
    for i in 0..300 {
        mixed.extend_from_slice(format!("price{i},\u{20ac}\n").as_bytes());
    }
    let whole = scan_bytes(&mixed, opts()).unwrap();
    assert_eq!(whole.input.encoding, "GBK");
    assert_eq!(whole.input.anomalies.replaced_bytes, 300);
    assert_splits_agree(&mixed, opts(), "gbk, then bytes that are also UTF-8");
    // UTF-16 cannot start mid-stream: it is read whole.
    let mut utf16 = vec![0xFF, 0xFE];
    for u in csv.encode_utf16().take(100_000) {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    assert_splits_agree(&utf16, opts(), "utf-16");
    // Replaced bytes and NULs are counted the same.
    let mut broken = csv.clone().into_bytes();
    for i in (1000..broken.len()).step_by(9973) {
        if broken[i].is_ascii_alphanumeric() {
            broken[i] = if i % 2 == 0 { 0xFF } else { 0 };
        }
    }
    assert_splits_agree(&broken, opts(), "replaced bytes and NULs");
}

#[test]
fn bad_input_fails_the_same_way_and_names_the_same_row() {
    let mut csv = String::from("id,email\n");
    for i in 0..6000 {
        csv.push_str(&format!("{i},user{i}@example.com\n"));
    }
    // An unclosed quote late in the file swallows the rest.
    let late = csv.replacen("5000,user5000", "5000,\"user5000", 1);
    assert_splits_agree(late.as_bytes(), opts(), "unclosed quote");
    let err = scan_in_parts(late.as_bytes(), opts(), &[100, 50_000], |_| {}).unwrap_err();
    assert_eq!(err.code(), "unclosed_quote");
    assert!(err.to_string().starts_with("row 5002, line 5002"), "{err}");
    // A field over the cap in a later part is placed in the whole file.
    let long = csv.replacen("4000,user4000", &format!("4000,{}", "x".repeat(5000)), 1);
    let capped = ScanOptions {
        field_cap: Some(1024),
        ..opts()
    };
    assert_splits_agree(long.as_bytes(), capped.clone(), "field too large");
    let err = scan_in_parts(long.as_bytes(), capped, &[30_000], |_| {}).unwrap_err();
    assert_eq!(err.code(), "field_too_large");
    assert!(err.to_string().starts_with("row 4002, line 4002"), "{err}");
}

/// A table's rows cut at `cuts`, each part with the header line.
fn parts_of(t: &Table, cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(t.rows.len());
    bounds
        .windows(2)
        .map(|w| {
            let part = Table {
                header: t.header.clone(),
                expected: t.expected.clone(),
                rows: t.rows[w[0]..w[1]].to_vec(),
            };
            part.to_csv(b',').into_bytes()
        })
        .collect()
}

/// The states of the parts, saved and read back.
fn states(parts: &[Vec<u8>], o: &ScanOptions) -> Vec<(String, Vec<u8>)> {
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let part = profile_reader(p.as_slice(), o.clone(), |_| {}).unwrap();
            (format!("part{i}.pstate"), part.encode().unwrap())
        })
        .collect()
}

/// The report without its input block (the bytes and hashes of parts
/// differ from the whole file's by the repeated header lines).
fn findings(r: &Report) -> serde_json::Value {
    let mut v = json(r);
    v.as_object_mut().unwrap().remove("input");
    v
}

#[test]
fn merged_states_report_the_whole_table() {
    let t = Table::generate(&personal_columns(), 5000, Headers::Chinese, 11);
    let whole = scan_bytes(t.to_csv(b',').as_bytes(), opts()).unwrap();
    let saved = states(&parts_of(&t, &[1200, 1201, 3900]), &opts());
    let (_, merged) = merge_states(opts(), &saved).unwrap();
    support::assert_valid(&merged);
    assert_eq!(findings(&merged), findings(&whole));
    assert_eq!(merged.input.rows, whole.input.rows);
    assert_eq!(merged.input.columns, whole.input.columns);
    let listed = merged.input.parts.as_ref().unwrap();
    assert_eq!(listed.len(), 4);
    assert_eq!(listed.iter().map(|p| p.rows).sum::<u64>(), 5000);
    assert_eq!(listed[0].name, "part0.pstate");
    // Risk on other columns: the merge takes the scan's options.
    let o = ScanOptions {
        qi: Some(vec!["性别".into(), "出生日期".into()]),
        k: Some(3),
        ..opts()
    };
    let whole = scan_bytes(t.to_csv(b',').as_bytes(), o.clone()).unwrap();
    let (_, merged) = merge_states(o.clone(), &states(&parts_of(&t, &[2500]), &o)).unwrap();
    assert_eq!(findings(&merged), findings(&whole));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Random tables, random split points, random merge orders and
    /// shuffled rows: the same report (the input block aside).
    #[test]
    fn any_split_in_any_order_gives_the_same_report(
        seed in 0u64..1000,
        rows in prop_oneof![Just(300usize), Just(3000usize)],
        ncuts in 1usize..5,
    ) {
        let mut rng = Rng::new(seed);
        let specs: Vec<_> = personal_columns().into_iter().chain(mixed_columns()).collect();
        let mut t = Table::generate(&specs, rows, Headers::English, seed);
        let whole = scan_bytes(t.to_csv(b',').as_bytes(), opts()).unwrap();
        let mut cuts: Vec<usize> = (0..ncuts).map(|_| rng.below(rows as u64 + 1) as usize).collect();
        cuts.sort_unstable();
        let mut saved = states(&parts_of(&t, &cuts), &opts());
        let (_, merged) = merge_states(opts(), &saved).unwrap();
        prop_assert_eq!(findings(&merged), findings(&whole));
        rng.shuffle(&mut saved);
        let (_, reordered) = merge_states(opts(), &saved).unwrap();
        prop_assert_eq!(findings(&reordered), findings(&whole));
        rng.shuffle(&mut t.rows);
        let shuffled = scan_bytes(t.to_csv(b',').as_bytes(), opts()).unwrap();
        prop_assert_eq!(findings(&shuffled), findings(&whole));
    }
}

#[test]
fn damaged_and_foreign_states_are_clear_errors() {
    let t = Table::generate(&personal_columns(), 400, Headers::English, 3);
    let saved = states(&parts_of(&t, &[200]), &opts());
    let good = saved[0].1.clone();
    let err_of = |bytes: Vec<u8>| {
        let e = merge_states(opts(), &[("a.pstate".into(), bytes)])
            .map(|_| ())
            .unwrap_err();
        assert_eq!(e.code(), "state");
        assert_eq!(e.exit_code(), 3);
        e.to_string()
    };
    assert!(err_of(b"id,name\n1,x\n".to_vec()).contains("a.pstate: this is not a profile state"));
    let mut v = good.clone();
    v[8] = 9;
    assert!(err_of(v).contains("format is version 9"));
    let mut v = good.clone();
    v[12] ^= 1;
    assert!(err_of(v).contains("another version of privscan"));
    assert!(err_of(good[..good.len() - 7].to_vec()).contains("cut short"));
    // Every flipped byte and every cut is an error, never a panic.
    let mut rng = Rng::new(1);
    for _ in 0..300 {
        let mut v = good.clone();
        let i = rng.below(v.len() as u64) as usize;
        v[i] ^= 1 + rng.below(255) as u8;
        let _ = merge_states(opts(), &[("a.pstate".into(), v)]);
        let cut = rng.below(good.len() as u64) as usize;
        assert!(merge_states(opts(), &[("a.pstate".into(), good[..cut].to_vec())]).is_err());
    }
    // Parts of different tables, or profiled differently, do not merge.
    let other = Table::generate(&mixed_columns(), 100, Headers::English, 3);
    let mut mixed = saved.clone();
    mixed.extend(states(&parts_of(&other, &[]), &opts()));
    let e = merge_states(opts(), &mixed).map(|_| ()).unwrap_err();
    assert!(e.to_string().contains("have different header rows"), "{e}");
    let later = ScanOptions {
        as_of: Some("2027-01-01".into()),
        ..opts()
    };
    let e = merge_states(later, &saved).map(|_| ()).unwrap_err();
    assert!(e.to_string().contains("as of 2026-12-03"), "{e}");
    let qi = ScanOptions {
        qi: Some(vec!["Email".into()]),
        ..opts()
    };
    let e = merge_states(qi, &saved).map(|_| ()).unwrap_err();
    assert!(e.to_string().contains("give them --qi"), "{e}");
    // A state survives its round trip unchanged.
    let part = ScanPart::decode(&good).unwrap();
    assert_eq!(part.encode().unwrap(), good);
}

/// Found by the `split` fuzz target: whether the input is binary (NUL
/// bytes) was judged on the whole first chunk fed, so a split scan whose
/// first range was shorter than the file judged other bytes than one
/// scan did. It is judged on exactly the first 1,024 bytes now.
#[test]
fn the_first_bytes_are_judged_the_same_however_they_come() {
    let data = include_bytes!("fixtures/fuzz-split-nul-head.bin");
    // The fuzz target's layout: mode, number of cuts, cut places, bytes.
    let ncuts = usize::from(data[1] % 5);
    let (places, bytes) = data[2..].split_at(ncuts * 2);
    let mut nominal: Vec<u64> = places
        .chunks(2)
        .map(|p| u64::from(u16::from_le_bytes([p[0], p[1]])) % (bytes.len() as u64 + 1))
        .collect();
    nominal.sort_unstable();
    let o = ScanOptions {
        field_cap: Some(1024),
        ..opts()
    };
    let whole = scan_bytes(bytes, o.clone())
        .map(|r| json(&r))
        .map_err(|e| e.to_string());
    let split = scan_in_parts(bytes, o, &nominal, |_| {})
        .map(|r| json(&r))
        .map_err(|e| e.to_string());
    assert_eq!(whole, split);
    // Fed in one piece or byte by byte, the same verdict on the head.
    let mut s = privscan::pipeline::Scanner::new(opts()).unwrap();
    let by_bytes = bytes
        .iter()
        .try_for_each(|b| s.feed(std::slice::from_ref(b)))
        .and_then(|()| s.finish());
    assert_eq!(
        scan_bytes(bytes, opts())
            .map(|r| r.input.rows)
            .map_err(|e| e.to_string()),
        by_bytes.map(|r| r.input.rows).map_err(|e| e.to_string())
    );
}
