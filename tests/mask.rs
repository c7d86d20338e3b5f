//! Masking end to end: the suggested plan on generated tables keeps every
//! row, leaves untouched columns identical, and gives a file in which a
//! fresh scan finds no direct identifier and k ≥ the target; plans,
//! record suppression, formula cells, output encodings, keys, standard
//! input and the CLI's report.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use privscan::mask::apply::MaskOptions;
use privscan::mask::optimize::OptimizeOptions;
use privscan::mask::plan::{parse_plan, ColumnRef};
use privscan::pipeline::{scan_bytes, ScanOptions, Scanner};
use privscan::report::Report;
use privscan::synth::{mixed_columns, personal_columns, Headers, Table};
use privscan::Kind;
use proptest::prelude::*;
use std::io::Write;
use std::process::{Command, Stdio};

fn scanned(bytes: &[u8], opts: ScanOptions) -> (Scanner, Report) {
    let mut s = Scanner::new(opts).unwrap();
    s.feed(bytes).unwrap();
    let r = s.finish().unwrap();
    (s, r)
}

/// Masks `bytes` with the suggested plan for k; returns the output and its
/// report. Feeds the second pass in small chunks, as the page does.
fn mask_suggested(bytes: &[u8], k: u32, opts: &MaskOptions) -> (Vec<u8>, Report, Report) {
    let (scanner, before) = scanned(
        bytes,
        ScanOptions {
            k: Some(k),
            ..ScanOptions::default()
        },
    );
    let plan = scanner
        .suggest(
            None,
            &OptimizeOptions {
                k,
                ..OptimizeOptions::default()
            },
        )
        .unwrap()
        .steps;
    let mut m = scanner.masker(&plan, Some(&[9u8; 32]), opts).unwrap();
    let mut out = Vec::new();
    for chunk in bytes.chunks(777) {
        m.feed(chunk, &mut out).unwrap();
    }
    let after = m.finish(&mut out).unwrap();
    (out, before, after)
}

fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    #[test]
    fn suggested_masking_keeps_rows_and_reaches_k(seed in 0u64..1000, n in 50usize..1500, wide in any::<bool>(), k in 2u32..6) {
        let specs = if wide { personal_columns() } else { mixed_columns() };
        let table = Table::generate(&specs, n, Headers::Chinese, seed);
        let input = table.to_csv(b',');
        let (out, before, after) = mask_suggested(input.as_bytes(), k, &MaskOptions::default());
        let m = after.masking.as_ref().unwrap();
        // Rows out = rows in (no record suppression in a suggested plan).
        prop_assert_eq!((m.rows_in, m.rows_out, m.rows_suppressed), (n as u64, n as u64, 0));
        let (a, b) = (rows(input.as_bytes()), rows(&out));
        prop_assert_eq!(a.len(), b.len());
        // Columns without a step are identical, cell for cell.
        let touched: Vec<usize> = m.plan.iter().filter_map(|s| match s.column { ColumnRef::Index(i) => Some(i), _ => None }).collect();
        // Dropped columns shift the others left.
        let out_index = |c: usize| c - m.dropped_columns.iter().filter(|&&d| d < c).count();
        prop_assert_eq!(b[0].len(), a[0].len() - m.dropped_columns.len());
        for c in (0..a[0].len()).filter(|c| !touched.contains(c)) {
            for (ra, rb) in a.iter().zip(&b) {
                prop_assert_eq!(&ra[c], &rb[out_index(c)], "column {} changed", c);
            }
        }
        // A fresh scan of the output: no direct identifier, and k ≥ target
        // on the quasi-identifiers it finds.
        let rescan = scan_bytes(&out, ScanOptions { k: Some(k), ..ScanOptions::default() }).unwrap();
        let direct: Vec<&str> = rescan.columns.iter().filter(|c| c.kind == Kind::Direct).map(|c| c.name.as_str()).collect();
        prop_assert!(direct.is_empty(), "direct identifiers left: {:?} (before: {})", direct, before.summary.direct);
        let r = rescan.risk.unwrap();
        prop_assert!(r.k >= u64::from(k) || r.quasi_identifiers.is_empty(), "k = {} on {:?}", r.k, r.quasi_identifiers);
        // The masking report measured the same.
        prop_assert!(after.risk.as_ref().unwrap().k >= u64::from(k) || after.risk.as_ref().unwrap().records == 0);
        prop_assert_eq!(&m.input_sha256, &before.input.sha256);
    }
}

/// Found by the property test above: two records locally suppressed made a
/// class of two `*` records, below k = 3. The suppressed records are now
/// topped up to k.
#[test]
fn suppressed_records_are_a_class_of_at_least_k() {
    let table = Table::generate(&mixed_columns(), 140, Headers::Chinese, 43);
    let (out, _, after) = mask_suggested(table.to_csv(b',').as_bytes(), 3, &MaskOptions::default());
    let m = after.masking.unwrap();
    assert!(m.records_locally_suppressed == 0 || m.records_locally_suppressed >= 3);
    let rescan = scan_bytes(
        &out,
        ScanOptions {
            k: Some(3),
            ..ScanOptions::default()
        },
    )
    .unwrap();
    assert!(rescan.risk.unwrap().k >= 3);
}

fn mask_with(input: &str, plan: &str, opts: &MaskOptions) -> (String, Report) {
    let steps = parse_plan(plan).unwrap();
    let qi: Vec<String> = steps
        .iter()
        .filter(|s| s.operator.contains("suppress"))
        .map(|s| match &s.column {
            ColumnRef::Index(i) => i.to_string(),
            ColumnRef::Name(n) => n.clone(),
        })
        .collect();
    let (scanner, _) = scanned(
        input.as_bytes(),
        ScanOptions {
            qi: Some(qi),
            ..ScanOptions::default()
        },
    );
    let mut m = scanner
        .masker(&steps, Some(b"0123456789abcdef0123456789abcdef"), opts)
        .unwrap();
    let mut out = Vec::new();
    m.feed(input.as_bytes(), &mut out).unwrap();
    let r = m.finish(&mut out).unwrap();
    (String::from_utf8(out).unwrap(), r)
}

#[test]
fn record_suppression_is_counted() {
    let input = "sex,age,dx\nM,30,flu\nM,30,cold\nM,30,flu\nF,41,flu\nF,52,cold\n";
    let plan = r#"[{"column": "sex", "operator": "suppress_records", "params": {"k": 3}}, {"column": "age", "operator": "suppress_records", "params": {"k": 3}}]"#;
    let (out, r) = mask_with(input, plan, &MaskOptions::default());
    let m = r.masking.unwrap();
    assert_eq!((m.rows_in, m.rows_out, m.rows_suppressed), (5, 3, 2));
    assert_eq!(out, "sex,age,dx\r\nM,30,flu\r\nM,30,cold\r\nM,30,flu\r\n");
    assert_eq!(r.risk.unwrap().k, 3);
}

#[test]
fn local_suppression_stars_only_small_classes() {
    let input = "sex,age,dx\nM,31,flu\nM,34,cold\nM,38,flu\nF,41,flu\nF,52,cold\n";
    let plan = r#"[{"column": 1, "operator": "generalize_age", "params": {"band": 10}},
                   {"column": 0, "operator": "local_suppression", "params": {"k": 2}},
                   {"column": 1, "operator": "local_suppression", "params": {"k": 2}}]"#;
    let (out, r) = mask_with(input, plan, &MaskOptions::default());
    assert_eq!(
        out,
        "sex,age,dx\r\nM,30-39,flu\r\nM,30-39,cold\r\nM,30-39,flu\r\n*,*,flu\r\n*,*,cold\r\n"
    );
    let m = r.masking.unwrap();
    assert_eq!((m.cells_suppressed, m.records_locally_suppressed), (4, 2));
    // Two of the five ages became * instead.
    assert_eq!(
        m.applied
            .iter()
            .find(|a| a.operator == "generalize_age")
            .unwrap()
            .cells_changed,
        3
    );
}

#[test]
fn formula_cells_are_neutralised_but_numbers_are_not() {
    let input = "note,amount\n=HYPERLINK(\"x\"),-12.5\n@SUM(A1),+3\nplain,7\n";
    let (out, r) = mask_with(input, "[]", &MaskOptions::default());
    assert_eq!(
        out,
        "note,amount\r\n'=HYPERLINK(\"\"x\"\"),-12.5\r\n'@SUM(A1),+3\r\nplain,7\r\n"
            .replace("'=HYPERLINK(\"\"x\"\")", "\"'=HYPERLINK(\"\"x\"\")\"")
    );
    assert_eq!(r.masking.unwrap().formula_cells_neutralised, 2);
}

/// Placeholders are missing values in the masked file too: a lone `-`
/// is not a formula, and a re-scan reads the column as empty, not as
/// `'-` values under a user-name header.
#[test]
fn placeholders_stay_missing_values() {
    let mut input = String::from("username,note\n");
    for i in 0..40 {
        let name = if i % 4 == 0 { "-" } else { "--" };
        input.push_str(&format!(
            "{name},{}\n",
            ["暂无", "N/A", "\\N", "-12"][i % 4]
        ));
    }
    let (out, r) = mask_with(&input, "[]", &MaskOptions::default());
    assert_eq!(r.masking.as_ref().unwrap().formula_cells_neutralised, 0);
    assert!(!out.contains('\''), "{out}");
    assert!(out.lines().skip(1).all(|l| l.starts_with('-')));
    // The re-scan finds nothing in either column.
    let again = scanned(out.as_bytes(), ScanOptions::default()).1;
    for c in &again.columns {
        assert_eq!(c.kind, Kind::None, "{}", c.name);
    }
    assert_eq!(again.columns[0].non_empty, 0);
}

#[test]
fn output_encodings() {
    let input = "姓名,城市\n张伟,杭州\n";
    let plan = r#"[{"column": 0, "operator": "mask"}]"#;
    let steps = parse_plan(plan).unwrap();
    for (label, check) in [("utf-8-bom", 0usize), ("gb18030", 1)] {
        let (scanner, _) = scanned(input.as_bytes(), ScanOptions::default());
        let mut m = scanner
            .masker(
                &steps,
                None,
                &MaskOptions {
                    encoding_out: Some(label.into()),
                    ..MaskOptions::default()
                },
            )
            .unwrap();
        let mut out = Vec::new();
        m.feed(input.as_bytes(), &mut out).unwrap();
        let r = m.finish(&mut out).unwrap();
        let text = if check == 0 {
            assert!(out.starts_with(b"\xEF\xBB\xBF"));
            String::from_utf8(out[3..].to_vec()).unwrap()
        } else {
            let (t, _, bad) = encoding_rs::GB18030.decode(&out);
            assert!(!bad);
            assert_ne!(out, t.as_bytes(), "not UTF-8");
            t.into_owned()
        };
        assert_eq!(text, "姓名,城市\r\n张*,杭州\r\n");
        // The report's digest is of the bytes written.
        use sha2::Digest;
        let digest: String = sha2::Sha256::digest(&out)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(r.masking.unwrap().output_sha256, digest);
    }
}

/// Found in review: GB18030 output went into a buffer sized for the UTF-8
/// text, and characters that grow (é: 2 bytes in UTF-8, 4 in GB18030) were
/// cut off at its end.
#[test]
fn gb18030_output_keeps_text_that_grows() {
    let mut input = String::from("name,city\n");
    for i in 0..2000 {
        input.push_str(&format!("José Müller {i},Besançon-élève\n"));
    }
    let (scanner, _) = scanned(input.as_bytes(), ScanOptions::default());
    let mut m = scanner
        .masker(
            &[],
            None,
            &MaskOptions {
                encoding_out: Some("gb18030".into()),
                ..MaskOptions::default()
            },
        )
        .unwrap();
    let mut out = Vec::new();
    for chunk in input.as_bytes().chunks(4096) {
        m.feed(chunk, &mut out).unwrap();
    }
    let r = m.finish(&mut out).unwrap();
    let (text, _, bad) = encoding_rs::GB18030.decode(&out);
    assert!(!bad);
    assert_eq!(text.replace("\r\n", "\n"), input);
    assert_eq!(r.masking.unwrap().rows_out, 2000);
}

#[test]
fn a_sep_line_and_a_bom_are_read_as_the_scan_read_them() {
    let input = "\u{feff}sep=;\nname;phone\n张伟;13812345678\n";
    let (out, r) = mask_with(
        input,
        r#"[{"column": "phone", "operator": "mask"}]"#,
        &MaskOptions::default(),
    );
    assert_eq!(out, "name;phone\r\n张伟;138****5678\r\n");
    assert_eq!(r.masking.unwrap().rows_out, 1);
}

#[test]
fn title_lines_are_left_out_of_the_masked_file() {
    let body = "姓名,手机,性别\n张伟,13812345678,男\n李娜,13912345678,女\n王芳,13712345678,女\n";
    let plan = r#"[{"column": "手机", "operator": "mask"}]"#;
    let (plain, _) = mask_with(body, plan, &MaskOptions::default());
    let (out, r) = mask_with(
        &format!("2024年客户信息表,,\n{body}"),
        plan,
        &MaskOptions::default(),
    );
    assert_eq!(out, plain);
    assert!(out.starts_with("姓名,手机,性别\r\n张伟,138****5678,男"));
    assert_eq!(r.masking.unwrap().rows_out, 3);
}

#[test]
fn plan_errors_name_the_problem() {
    let (scanner, _) = scanned(b"a,b\n1,2\n", ScanOptions::default());
    for (plan, want) in [
        (r#"[{"column": "zz", "operator": "mask"}]"#, "zz"),
        (r#"[{"column": 0, "operator": "shred"}]"#, "shred"),
        (
            r#"[{"column": 0, "operator": "generalize_date", "params": {"to": "week"}}]"#,
            "week",
        ),
        (r#"[{"column": 0, "operator": "pseudonymize"}]"#, "key"),
    ] {
        let steps = parse_plan(plan).unwrap();
        let err = scanner
            .masker(&steps, None, &MaskOptions::default())
            .err()
            .unwrap();
        assert!(err.to_string().contains(want), "{plan}: {err}");
    }
}

fn privscan(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_privscan"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(b) = stdin {
        c.stdin.take().unwrap().write_all(b).unwrap();
    }
    drop(c.stdin.take());
    let o = c.wait_with_output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

#[test]
fn cli_masks_standard_input_with_a_kept_key() {
    let dir = std::env::temp_dir().join(format!("privscan-mask-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let input = Table::generate(&mixed_columns(), 300, Headers::Chinese, 4).to_csv(b',');
    let (code, _, err) = privscan(
        &[
            "mask",
            "-",
            "--out",
            &p("a.csv"),
            "--report",
            &p("a.json"),
            "--report-html",
            &p("a.html"),
            "--lang",
            "zh",
            "--key-file",
            &p("key"),
            "--k",
            "3",
        ],
        Some(input.as_bytes()),
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote a new pseudonymisation key"), "{err}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p("a.json")).unwrap()).unwrap();
    support::assert_valid_report(&report);
    assert_eq!(report["masking"]["rows_out"], 300);
    assert!(report["risk"]["k"].as_u64().unwrap() >= 3);
    // The printable report: Chinese, both digests, no raw identifier.
    let html = std::fs::read_to_string(p("a.html")).unwrap();
    assert!(html.contains("PrivScan 脱敏报告") && html.contains("GB/T 42460"));
    // The filing summary comes first: PI held, sensitive PI, people, what
    // was done, risk before and after, the cross-border route, the hashes.
    let filing = html.find("备案摘要").expect("a filing summary");
    assert!(filing < html.find("<h2>文件").unwrap());
    for part in [
        "个人身份信息",
        "敏感个人信息",
        "涉及人数",
        "数据出境",
        "《促进和规范数据跨境流动规定》",
    ] {
        assert!(html[filing..].contains(part), "{part}");
    }
    assert!(html.contains(report["masking"]["input_sha256"].as_str().unwrap()));
    assert!(html.contains(report["input"]["sha256"].as_str().unwrap()));
    let first_phone = input.lines().nth(1).unwrap().split(',').nth(2).unwrap();
    assert!(
        !html.contains(first_phone),
        "a raw phone number in the report"
    );
    assert!(!html.contains("<script"));
    // The same key, the same pseudonyms, in a second run from a file.
    std::fs::write(p("in.csv"), &input).unwrap();
    let (code, out, err) = privscan(
        &[
            "mask",
            &p("in.csv"),
            "--out",
            "-",
            "--key-file",
            &p("key"),
            "--k",
            "3",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, std::fs::read_to_string(p("a.csv")).unwrap());
    // A bad plan is exit code 2 with the reason.
    std::fs::write(
        p("plan.json"),
        r#"[{"column": "nope", "operator": "mask"}]"#,
    )
    .unwrap();
    let (code, _, err) = privscan(
        &[
            "mask",
            &p("in.csv"),
            "--out",
            &p("b.csv"),
            "--plan",
            &p("plan.json"),
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("nope"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
