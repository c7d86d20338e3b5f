//! The `privscan` binary: exit codes, output formats, standard input and
//! broken pipes, on generated files.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::io::{Read, Write};
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_privscan"))
}

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn generate(rows: usize, headers: &str, path: &std::path::Path) {
    let st = bin()
        .args([
            "generate",
            "--rows",
            &rows.to_string(),
            "--headers",
            headers,
            "--decoys",
            "--out",
        ])
        .arg(path)
        .status()
        .unwrap();
    assert!(st.success());
}

/// Runs `privscan ARGS… FILE`, expects exit `code` and stderr saying `says`.
fn fails_with(args: &[&str], file: &std::path::Path, code: i32, says: &str) {
    let out = bin().args(args).arg(file).output().unwrap();
    assert_eq!(out.status.code(), Some(code), "{args:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(says), "{args:?}: {err}");
}

/// Runs `privscan ARGS…`, expects exit `code` (stderr shown if not) and
/// returns the output.
fn run<S: AsRef<std::ffi::OsStr>>(args: &[S], code: i32) -> std::process::Output {
    let out = bin().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs `privscan scan FILE --json ARGS…`, expects exit 0 and returns the report.
fn scan_json(file: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let out = bin()
        .arg("scan")
        .arg(file)
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let v = serde_json::from_slice(&out.stdout).unwrap();
    support::assert_valid_report(&v);
    v
}

#[test]
fn scan_json_matches_the_report_contract() {
    let f = tmp("contract.csv");
    generate(200, "zh", &f);
    let v = scan_json(&f, &[]);
    assert_eq!(v["schema"], "privscan.report/2");
    assert_eq!(v["tool"]["name"], "privscan");
    for key in [
        "name",
        "bytes",
        "sha256",
        "encoding",
        "encoding_confidence",
        "delimiter",
        "has_header",
        "rows",
        "columns",
        "anomalies",
    ] {
        assert!(!v["input"][key].is_null(), "input.{key}");
    }
    for key in ["ragged_rows", "replaced_bytes", "nul_bytes"] {
        assert!(v["input"]["anomalies"][key].is_u64(), "anomalies.{key}");
    }
    assert_eq!(v["input"]["rows"], 200);
    assert_eq!(v["input"]["bytes"], std::fs::metadata(&f).unwrap().len());
    let cols = v["columns"].as_array().unwrap();
    for c in cols {
        for key in [
            "index",
            "name",
            "entity",
            "kind",
            "confidence",
            "non_empty",
            "matched",
            "distinct",
            "evidence",
            "examples",
        ] {
            assert!(!c[key].is_null(), "column.{key}");
        }
        let kind = c["kind"].as_str().unwrap();
        assert!(["direct", "quasi", "sensitive", "none"].contains(&kind));
    }
    assert_eq!(cols[2]["entity"], "CN_RESIDENT_ID");
    // GB/T 35273 Annex A categories; PIPL Art. 28 sensitive PI.
    assert_eq!(cols[2]["pi_category"], "identity");
    assert_eq!(cols[2]["sensitive_pi"], true);
    assert_eq!(cols[0]["pi_category"], "basic");
    assert_eq!(cols[0]["sensitive_pi"], false);
    for c in cols.iter().filter(|c| c["kind"] == "none") {
        assert!(
            c["pi_category"].is_null() && c["sensitive_pi"] == false,
            "{c}"
        );
    }
    let sensitive = cols.iter().filter(|c| c["sensitive_pi"] == true).count();
    assert_eq!(v["summary"]["sensitive_pi_columns"], sensitive);
}

#[test]
fn table_output_and_stdin() {
    let f = tmp("stdin.csv");
    generate(50, "en", &f);
    let mut child = bin()
        .args(["scan", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let data = std::fs::read(&f).unwrap();
    child.stdin.take().unwrap().write_all(&data).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("<stdin>: 50 rows"), "{text}");
    assert!(text.contains("CN_RESIDENT_ID"));
    assert!(text.contains("this file identifies people"));
}

#[test]
fn options_reach_the_scanner() {
    let f = tmp("opts.csv");
    std::fs::write(&f, "张伟|13812345678\n李娜|13912345678\n").unwrap();
    let v = scan_json(
        &f,
        &["--delimiter", "|", "--no-header", "--encoding", "utf-8"],
    );
    assert_eq!(v["input"]["delimiter"], "|");
    assert_eq!(v["input"]["has_header"], false);
    assert_eq!(v["input"]["encoding_confidence"], "forced");
    assert_eq!(v["columns"][1]["entity"], "PHONE_NUMBER");
}

/// Errors keep their kind to the exit code: 2 wrong arguments, 3 an input
/// that cannot be read as a table, 4 a file that cannot be opened or
/// written.
#[test]
fn errors_exit_by_kind_with_a_message() {
    let out = bin().args(["scan", "/no/such/file.csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open"));

    let f = tmp("book.xlsx.csv");
    std::fs::write(&f, b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00").unwrap();
    let out = bin().arg("scan").arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Excel") && err.contains("Save As"), "{err}");

    let f = tmp("empty.csv");
    std::fs::write(&f, b"").unwrap();
    let out = bin().arg("scan").arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty"));

    let out = bin()
        .args(["scan", "x.csv", "--encoding", "klingon"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin().args(["scan"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // A masked file that cannot be written.
    let ok = tmp("ok.csv");
    generate(10, "en", &ok);
    fails_with(
        &["mask", "--out", "/no/such/dir/out.csv"],
        &ok,
        4,
        "cannot create /no/such/dir/out.csv",
    );
}

#[test]
fn findings_gate_exits_1() {
    let f = tmp("gate.csv");
    generate(100, "zh", &f);
    let out = bin()
        .arg("scan")
        .arg(&f)
        .args(["--fail-on", "direct"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("身份证号"));
    let clean = tmp("gate_clean.csv");
    std::fs::write(&clean, "sku,price\nA-1,3.50\nA-2,4.00\nA-3,1.25\n").unwrap();
    let out = bin()
        .arg("scan")
        .arg(&clean)
        .args(["--fail-on", "personal"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = bin()
        .arg("scan")
        .arg(&clean)
        .args(["--fail-on", "everything"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn generated_fixtures_in_every_encoding_scan_alike() {
    let mut verdicts = Vec::new();
    for (enc, delim, want) in [
        ("utf-8", ",", "UTF-8"),
        ("utf-8-bom", ",", "UTF-8"),
        ("gbk", ",", "GBK"),
        ("utf-16le", ",", "UTF-16LE"),
        ("utf-8", ";", "UTF-8"),
    ] {
        let f = tmp(&format!("fixture_{enc}_{}.csv", delim.as_bytes()[0]));
        let st = bin()
            .args([
                "generate",
                "--rows",
                "10500",
                "--profile",
                "mixed",
                "--encoding",
                enc,
                "--delimiter",
                delim,
                "--out",
            ])
            .arg(&f)
            .status()
            .unwrap();
        assert!(st.success());
        let v = scan_json(&f, &[]);
        assert_eq!(v["input"]["encoding"], want, "{enc}");
        assert_eq!(v["input"]["delimiter"], delim, "{enc}");
        // More than one generated block (10,000 rows) and several batches.
        assert_eq!(v["input"]["rows"], 10500, "{enc}");
        let ents: Vec<String> = v["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["entity"].as_str().unwrap().to_string())
            .collect();
        verdicts.push(ents);
    }
    assert!(verdicts.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn broken_pipe_exits_quietly() {
    let mut child = bin()
        .args(["generate", "--rows", "200000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut buf = [0u8; 1024];
    child.stdout.as_mut().unwrap().read_exact(&mut buf).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Two threads share the profiling of each batch, column by column; the
/// report must be exactly the one a single thread makes, including for
/// columns that first appear in a long row in the middle of the file.
#[test]
fn two_threads_give_the_report_of_one() {
    let f = tmp("threads.csv");
    generate(30_000, "zh", &f);
    let mut text = std::fs::read_to_string(&f).unwrap();
    // A row with two extra columns after several batches (4,096 rows each).
    let at = text.match_indices('\n').nth(20_000).unwrap().0 + 1;
    let row = text[at..].lines().next().unwrap().to_string();
    text.insert_str(at, &format!("{row},extra 1,13800138000\n"));
    std::fs::write(&f, text).unwrap();
    let scan = |threads: &str| {
        let out = bin()
            .arg("scan")
            .arg(&f)
            .arg("--json")
            .env("PRIVSCAN_THREADS", threads)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let one = scan("1");
    let two = scan("2");
    assert_eq!(one["input"]["anomalies"]["ragged_rows"], 1);
    assert!(one["columns"].as_array().unwrap().len() > 20);
    assert_eq!(one, two);
}

/// From four threads a file of 8 MiB or more is cut into parts at
/// record boundaries and the parts are merged: the report is the one a
/// single thread makes.
#[test]
fn every_core_gives_the_report_of_one() {
    let f = tmp("cores.csv");
    let st = bin()
        .args(["generate", "--profile", "mixed", "--rows", "40000", "--out"])
        .arg(&f)
        .status()
        .unwrap();
    assert!(st.success());
    assert!(std::fs::metadata(&f).unwrap().len() >= privscan::pipeline::PARALLEL_MIN_BYTES);
    let one = scan_json(&f, &["--threads", "1", "--as-of", "2026-12-03"]);
    for threads in ["2", "4", "7"] {
        let many = scan_json(&f, &["--threads", threads, "--as-of", "2026-12-03"]);
        assert_eq!(one, many, "--threads {threads}");
    }
    fails_with(&["scan", "--threads", "0"], &f, 2, "--threads");
}

/// `privscan profile` on each part of a table (each with the header
/// line) and `privscan merge` of their states give the report `privscan
/// scan` gives of the whole table; the input block lists the parts.
#[test]
fn profile_parts_and_merge_by_hand() {
    let f = tmp("whole.csv");
    generate(3000, "zh", &f);
    let text = std::fs::read_to_string(&f).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let mut states = Vec::new();
    for (i, chunk) in rows.chunks(1100).enumerate() {
        let part = tmp(&format!("part{i}.csv"));
        std::fs::write(&part, format!("{header}\n{}\n", chunk.join("\n"))).unwrap();
        let state = tmp(&format!("part{i}.pstate"));
        let args = ["profile", "--as-of", "2026-12-03", "--state"];
        let mut args: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
        args.extend([state.clone().into(), part.into()]);
        run(&args, 0);
        states.push(state);
    }
    let whole = scan_json(&f, &["--as-of", "2026-12-03", "--k", "3"]);
    let merge = |extra: &[&str], code: i32| {
        let mut args: Vec<std::ffi::OsString> = vec!["merge".into()];
        args.extend(states.iter().map(Into::into));
        args.extend(extra.iter().map(Into::into));
        run(&args, code)
    };
    let out = merge(&["--json", "--k", "3"], 0);
    let mut merged: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    support::assert_valid_report(&merged);
    let parts = merged["input"]["parts"].as_array().unwrap().clone();
    assert_eq!(parts.len(), 3);
    assert_eq!(parts[2]["rows"], 800);
    let (mut a, b) = (whole.clone(), &mut merged);
    a.as_object_mut().unwrap().remove("input");
    b.as_object_mut().unwrap().remove("input");
    assert_eq!(&a, b);
    // The gate and the printed table work on a merge as on a scan.
    let out = merge(&["--fail-on", "direct"], 1);
    assert!(String::from_utf8_lossy(&out.stdout).contains("3000 rows"));
    // A file that is not a state, and parts of different tables.
    fails_with(&["merge"], &f, 3, "whole.csv: this is not a profile state");
    let other = tmp("other.csv");
    generate(50, "en", &other);
    let other_state = tmp("other.pstate");
    run(
        &[
            "profile".as_ref(),
            "--state".as_ref(),
            other_state.as_os_str(),
            other.as_os_str(),
        ],
        0,
    );
    let out = run(
        &[
            "merge".as_ref(),
            states[0].as_os_str(),
            other_state.as_os_str(),
        ],
        3,
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("have different header rows"));
}

#[test]
fn the_schema_rejects_what_breaks_the_contract() {
    let f = tmp("schema.csv");
    generate(30, "en", &f);
    let good = scan_json(&f, &[]);
    let mut bad = good.clone();
    bad["columns"][0]["evidence"][0]["code"] = "a_sentence_in_prose".into();
    assert!(std::panic::catch_unwind(|| support::assert_valid_report(&bad)).is_err());
    let mut bad = good.clone();
    bad["summary"]["verdict"] = "6 direct identifiers".into();
    assert!(std::panic::catch_unwind(|| support::assert_valid_report(&bad)).is_err());
    let mut bad = good;
    bad["columns"][0]["evidence"][0]["params"]["header"] = 3.into();
    assert!(std::panic::catch_unwind(|| support::assert_valid_report(&bad)).is_err());
}

/// Every code the contract lists is worded in every language, and every
/// worded code is in the contract: adding a code means adding both.
#[test]
fn every_code_of_the_schema_is_worded_in_every_language() {
    let defs = &support::schema()["$defs"];
    let mut codes = Vec::new();
    for family in ["evidence", "reason", "lint_message", "verdict", "guidance"] {
        for c in defs[family]["properties"]["code"]["enum"]
            .as_array()
            .unwrap()
        {
            codes.push(c.as_str().unwrap().to_string());
        }
    }
    assert!(codes.len() > 40);
    for &(tag, json) in privscan::i18n::LANGS {
        let dict: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json).unwrap();
        for c in &codes {
            assert!(
                dict.contains_key(&format!("msg.{c}")),
                "{tag} lacks msg.{c}"
            );
        }
        for key in dict.keys().filter_map(|k| k.strip_prefix("msg.")) {
            // Sub-templates (msg.header.word) belong to their code.
            let code = key.split('.').next().unwrap();
            assert!(
                codes.iter().any(|c| c == code) || code == "estimated",
                "{tag}: msg.{key} is not a code of the schema"
            );
        }
    }
}

#[test]
fn table_in_every_language() {
    let f = tmp("langs.csv");
    generate(40, "zh", &f);
    for (lang, verdict) in [
        ("en", "this file identifies people"),
        ("zh", "此文件可识别个人"),
        ("zh-Hant", "此文件可識別個人"),
        ("zh-TW", "此文件可識別個人"),
    ] {
        let out = bin()
            .args(["scan", "--lang", lang])
            .arg(&f)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(verdict), "{lang}: {text}");
    }
    fails_with(&["scan", "--lang", "xx"], &f, 2, "unknown language");
}

/// A Taiwan national ID column is found by its check digit, under any
/// header and inside free text.
#[test]
fn taiwan_national_ids() {
    // Valid numbers made from the check rule (synthetic, no real person).
    fn with_check(stem: &str) -> String {
        const L: [u32; 26] = [
            10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29,
            32, 30, 31, 33,
        ];
        let b = stem.as_bytes();
        let v = L[usize::from(b[0] - b'A')];
        let mut sum = v / 10 + (v % 10) * 9;
        for (i, d) in b[1..9].iter().enumerate() {
            sum += u32::from(d - b'0') * (8 - i as u32);
        }
        format!("{stem}{}", (10 - sum % 10) % 10)
    }
    let mut csv = String::from("col1,備註\n");
    for i in 0..40u32 {
        let letter = (b'A' + (i % 26) as u8) as char;
        let second = ["1", "2", "8", "9"][i as usize % 4];
        let id = with_check(&format!("{letter}{second}{:07}", i * 7919 % 10_000_000));
        csv.push_str(&format!("{id},客戶證號 {id} 已核對\n"));
    }
    let f = tmp("tw.csv");
    std::fs::write(&f, csv).unwrap();
    let v = scan_json(&f, &[]);
    assert_eq!(
        v["columns"][0]["entity"], "TW_NATIONAL_ID",
        "{:#}",
        v["columns"][0]
    );
    assert_eq!(v["columns"][0]["evidence"][0]["code"], "cells_valid");
    assert_eq!(
        v["columns"][0]["evidence"][0]["params"]["detector"],
        "tw_national_id"
    );
    assert_eq!(
        v["columns"][1]["embedded"]["TW_NATIONAL_ID"], 40,
        "{:#}",
        v["columns"][1]
    );
    // Examples are masked by the detector's convention.
    let ex = v["columns"][0]["examples"][0].as_str().unwrap();
    assert!(ex.contains("******"), "{ex}");
}

/// k is checked once, by the core: at least 1 to measure, at least 2 to
/// mask; anything less is an argument error, not silently clamped.
#[test]
fn k_is_validated_by_one_rule() {
    let f = tmp("k.csv");
    generate(20, "en", &f);
    let out = bin().args(["scan", "--k", "0"]).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 1"));
    assert_eq!(scan_json(&f, &["--k", "1"])["risk"]["k_target"], 1);
    let masked = tmp("k.masked.csv");
    let out = bin()
        .args(["mask", "--k", "1", "--out"])
        .arg(&masked)
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("at least 2"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A short key file is refused by the same rule as the page's import.
    let key = tmp("short.key");
    std::fs::write(&key, "abcd\n").unwrap();
    let out = bin()
        .args(["mask", "--out"])
        .arg(&masked)
        .arg("--key-file")
        .arg(&key)
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 16 bytes"));
}

/// What a provider must state: people covered, minors at the reference
/// date (from a birth date, the birth date inside a resident ID, or an
/// age), and the cross-border route with the article it rests on.
#[test]
fn people_minors_and_the_cross_border_route() {
    // Resident IDs made valid by their GB 11643 check character (made-up
    // numbers of no one): region 110105, then the birth date.
    fn id(birth: &str, seq: u32) -> String {
        let body = format!("110105{birth}{seq:03}");
        let check = privscan::checksum::gb11643_check_char(body.as_bytes()) as char;
        format!("{body}{check}")
    }
    // As of 2026-12-03 a minor was born after 2012-12-03.
    let births = [
        "19800101", "19951231", "20121203", "20121204", "20150606", "20200229", "19700707",
        "20001010", "20130101", "19881111",
    ];
    let mut csv = String::from("身份证号,出生日期,年龄,性别\n");
    for (i, b) in births.iter().enumerate() {
        let date = format!("{}-{}-{}", &b[..4], &b[4..6], &b[6..]);
        let age = 2026 - b[..4].parse::<u32>().unwrap();
        let sex = ["男", "女"][i % 2];
        csv.push_str(&format!("{},{date},{age},{sex}\n", id(b, i as u32 + 1)));
    }
    let f = tmp("minors.csv");
    std::fs::write(&f, csv).unwrap();
    let v = scan_json(&f, &["--as-of", "2026-12-03"]);
    let s = &v["summary"];
    // Born 2012-12-04, 2015, 2020 and 2013: four people under 14.
    assert_eq!(s["minors"]["records"], 4, "{s:#}");
    assert_eq!(s["minors"]["as_of"], "2026-12-03");
    assert_eq!(s["minors"]["note"]["code"], "minors_consent");
    assert!(["CN_RESIDENT_ID", "DATE_OF_BIRTH"].contains(&s["minors"]["entity"].as_str().unwrap()));
    assert_eq!(s["individuals"]["estimate"], 10);
    assert_eq!(s["individuals"]["basis"]["entity"], "CN_RESIDENT_ID");
    // Sensitive PI (identity numbers, minors) of fewer than 10,000 people:
    // a standard contract or certification (Art. 8).
    assert_eq!(
        s["cross_border"]["route"],
        "standard_contract_or_certification"
    );
    assert_eq!(s["cross_border"]["reason"]["code"], "cross_border_contract");
    assert_eq!(s["cross_border"]["note"]["code"], "cross_border_cumulative");
    // A critical information infrastructure operator: always assessed (Art. 7).
    let v = scan_json(&f, &["--as-of", "2026-12-03", "--cii"]);
    assert_eq!(v["summary"]["cross_border"]["route"], "security_assessment");
    // An age alone counts too, as written.
    let ages = tmp("ages.csv");
    std::fs::write(&ages, "年龄,性别\n5,男\n13,女\n14,男\n40,女\n13.0,男\n").unwrap();
    let v = scan_json(&ages, &["--as-of", "2026-12-03"]);
    assert_eq!(v["summary"]["minors"]["records"], 3, "{:#}", v["summary"]);
    // No direct identifier: at most one person per row, said so.
    assert_eq!(v["summary"]["individuals"]["basis"]["code"], "rows");
    assert_eq!(v["summary"]["individuals"]["estimate"], 5);
    // Non-sensitive personal data of few people: exempt (Art. 5(4)).
    assert_eq!(
        v["summary"]["cross_border"]["route"],
        "standard_contract_or_certification"
    );
    let plain = tmp("plain.csv");
    std::fs::write(&plain, "年龄,性别\n35,男\n41,女\n52,男\n").unwrap();
    let v = scan_json(&plain, &["--as-of", "2026-12-03"]);
    assert_eq!(v["summary"]["minors"]["records"], 0);
    assert_eq!(v["summary"]["cross_border"]["route"], "exempt");
    // A reference date that is not a date is an argument error.
    fails_with(&["scan", "--as-of", "03/12/2026"], &plain, 2, "--as-of");
}

/// A purpose of processing lists the personal columns it does not need,
/// and the suggested plan drops them (PIPL Art. 6).
#[test]
fn purposes_drop_what_they_do_not_need() {
    let f = tmp("purpose.csv");
    let st = bin()
        .args([
            "generate",
            "--profile",
            "mixed",
            "--rows",
            "200",
            "--seed",
            "4",
            "--out",
        ])
        .arg(&f)
        .status()
        .unwrap();
    assert!(st.success());
    let v = scan_json(&f, &["--purpose", "statistics"]);
    let m = &v["minimisation"];
    assert_eq!(m["purpose"], "statistics");
    let unneeded: Vec<u64> = m["unneeded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect();
    // Statistics needs no direct identifier, and every quasi-identifier.
    for c in v["columns"].as_array().unwrap() {
        let i = c["index"].as_u64().unwrap();
        let direct = c["kind"] == "direct";
        assert_eq!(unneeded.contains(&i), direct, "{c}");
        if direct {
            let step = v["suggestions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["column"] == i)
                .unwrap();
            assert_eq!(step["operator"], "drop");
            assert_eq!(step["why"]["code"], "purpose_not_needed");
        }
    }
    // Marketing contact keeps the phone and drops the birth date.
    let v = scan_json(&f, &["--purpose", "marketing_contact"]);
    let unneeded = v["minimisation"]["unneeded"].as_array().unwrap();
    let index_of = |e: &str| {
        v["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["entity"] == e)
            .unwrap()["index"]
            .clone()
    };
    assert!(!unneeded.contains(&index_of("PHONE_NUMBER")));
    assert!(unneeded.contains(&index_of("DATE_OF_BIRTH")));
    // The mask job applies it: the columns are gone from the output.
    let out = tmp("purpose.masked.csv");
    let st = bin()
        .args(["mask", "--purpose", "statistics", "--out"])
        .arg(&out)
        .arg(&f)
        .status()
        .unwrap();
    assert!(st.success());
    let header = std::fs::read_to_string(&out).unwrap();
    let header = header.lines().next().unwrap();
    let kept = v["columns"].as_array().unwrap().len()
        - scan_json(&f, &["--purpose", "statistics"])["minimisation"]["unneeded"]
            .as_array()
            .unwrap()
            .len();
    assert_eq!(header.split(',').count(), kept, "{header}");
    let out = bin()
        .args(["scan", "--purpose", "surveillance"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown purpose"));
}

/// A small patient table with every value the Safe Harbor rules turn on.
fn patients(path: &std::path::Path) {
    let mut t = String::from("name,phone,birth_date,age,gender,zip,diagnosis,admitted\n");
    let names = [
        "Alice Moore",
        "Brian Hall",
        "Chen Wei",
        "Dana Reed",
        "Evan Cole",
    ];
    for i in 0..60 {
        let (dob, age) = if i % 10 == 0 {
            ("1900-03-04", 95)
        } else {
            ("1990-05-17", 30 + i % 50)
        };
        let zip = ["02139", "03601", "89301", "10001", "60614"][i % 5];
        t += &format!(
            "{},617-555-{:04},{dob},{age},{},{zip},{},2023-0{}-1{}\n",
            names[i % 5],
            1000 + i,
            ["F", "M"][i % 2],
            ["asthma", "diabetes", "flu"][i % 3],
            1 + i % 9,
            i % 10
        );
    }
    std::fs::write(path, t).unwrap();
}

/// 45 CFR 164.514(b)(2): `--policy hipaa-safe-harbor` removes the
/// identifiers, cuts dates to the year and ZIP codes to three digits (000
/// for the small areas), groups ages over 89, and the report after masking
/// says which rule each column met; a plan that misses a rule fails the
/// gate (exit 1).
#[test]
fn hipaa_safe_harbor_policy() {
    let f = tmp("patients.csv");
    patients(&f);
    let v = scan_json(&f, &["--policy", "hipaa-safe-harbor"]);
    let p = &v["policy"];
    assert_eq!(p["policy"], "hipaa-safe-harbor");
    let rule = |c: usize| p["columns"][c]["rule"]["params"]["rule"].clone();
    assert_eq!(rule(0), "hipaa-safe-harbor.names");
    assert_eq!(rule(5), "hipaa-safe-harbor.zip3");
    assert_eq!(
        p["columns"][0]["rule"]["params"]["clause"],
        "45 CFR 164.514(b)(2)(i)(A)"
    );
    assert!(
        p["columns"][0].get("met").is_none(),
        "met only after masking"
    );

    let out = tmp("patients.hipaa.csv");
    let report = tmp("patients.hipaa.json");
    let o = bin()
        .args([
            "mask",
            "--policy",
            "hipaa-safe-harbor",
            "--as-of",
            "2026-12-03",
        ])
        .arg("--out")
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "birth_date,age,gender,zip,diagnosis,admitted"
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 60);
    for (i, r) in rows.iter().enumerate() {
        let old = i % 10 == 0;
        assert_eq!(r[0], if old { "≤1936" } else { "1990" }, "row {i}");
        assert_eq!(
            r[1],
            if old {
                "90+".to_string()
            } else {
                (30 + i % 50).to_string()
            }
        );
        assert_eq!(r[3], ["021**", "000**", "000**", "100**", "606**"][i % 5]);
        assert_eq!(r[5], "2023");
    }
    let after: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    support::assert_valid_report(&after);
    let check = &after["masking"]["policy"];
    assert_eq!(check["met"], true, "{check}");
    assert_eq!(check["columns"].as_array().unwrap().len(), 8);
    assert!(check["columns"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["met"] == true && c["rule"]["code"] == "policy_rule"));

    // A plan that masks the names instead of removing them misses (A).
    let plan = tmp("patients.plan.json");
    std::fs::write(
        &plan,
        r#"[{"column": "name", "operator": "mask"}, {"column": "phone", "operator": "drop"}]"#,
    )
    .unwrap();
    let o = bin()
        .args(["mask", "--policy", "hipaa-safe-harbor", "--plan"])
        .arg(&plan)
        .arg("--out")
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("column name does not meet its rule"),
        "{stderr}"
    );
    let after: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let check = &after["masking"]["policy"];
    assert_eq!(check["met"], false);
    let met: Vec<bool> = check["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["met"].as_bool().unwrap())
        .collect();
    // name, phone, birth_date, age, gender, zip, diagnosis, admitted.
    assert_eq!(met, [false, true, false, false, true, false, true, false]);
}

/// `--policy pipl` targets k = 5 (GB/T 37964) unless `--k` says
/// otherwise; `gdpr` pseudonymises the direct identifiers.
#[test]
fn pipl_and_gdpr_policies() {
    let f = tmp("patients-eu.csv");
    patients(&f);
    let v = scan_json(&f, &["--policy", "pipl"]);
    assert_eq!(v["risk"]["k_target"], 5);
    assert_eq!(v["policy"]["k"], 5);
    let v = scan_json(&f, &["--policy", "pipl", "--k", "3"]);
    assert_eq!(v["risk"]["k_target"], 3);
    let v = scan_json(&f, &["--policy", "gdpr"]);
    let step = |col: u64| {
        v["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["column"] == col)
            .cloned()
            .unwrap()
    };
    assert_eq!(step(0)["operator"], "pseudonymize");
    assert_eq!(step(0)["why"]["params"]["rule"], "gdpr.direct");
    fails_with(&["scan", "--policy", "ccpa"], &f, 2, "unknown policy");
}

/// A settings profile fixes the choices once: the scan takes its policy
/// and k (the command line wins), the mask job its operators per column
/// name and its output encoding; a bad profile is a usage error naming
/// the file.
#[test]
fn settings_profiles() {
    let f = tmp("profiled.csv");
    patients(&f);
    let profile = tmp("settings.json");
    std::fs::write(
        &profile,
        r#"{"schema": "privscan.profile/1", "policy": "pipl", "k": 3,
            "operators": {"phone": {"operator": "drop"}, "diagnosis": {"operator": "redact", "params": {"token": "[x]"}},
                          "not_in_this_file": {"operator": "drop"}},
            "encoding_out": "gb18030"}"#,
    )
    .unwrap();
    let p = profile.to_str().unwrap();
    let v = scan_json(&f, &["--profile", p]);
    assert_eq!(v["policy"]["policy"], "pipl");
    assert_eq!(v["risk"]["k_target"], 3);
    let v = scan_json(&f, &["--profile", p, "--k", "4"]);
    assert_eq!(v["risk"]["k_target"], 4);

    let out = tmp("profiled.masked.csv");
    let o = bin()
        .args(["mask", "--profile", p, "--as-of", "2026-12-03", "--out"])
        .arg(&out)
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("not_in_this_file"));
    let bytes = std::fs::read(&out).unwrap();
    let (text, _, bad) = encoding_rs::GB18030.decode(&bytes);
    assert!(!bad);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert!(!header.contains(&"phone"), "{header:?}");
    let diagnosis = header.iter().position(|h| *h == "diagnosis").unwrap();
    assert!(lines.all(|l| l.split(',').nth(diagnosis) == Some("[x]")));

    std::fs::write(
        &profile,
        r#"{"schema": "privscan.profile/1", "policy": "ccpa"}"#,
    )
    .unwrap();
    fails_with(&["scan", "--profile", p], &f, 2, "unknown policy");
    fails_with(&["scan", "--profile", p], &f, 2, "settings.json");
}

/// `privscan scan DIR FILE…`: directories walked for CSV and workbook
/// files (hidden ones and other endings skipped), each file scanned as it
/// would be alone, a line per file and a total, `privscan.batch/1` with
/// --json; an unreadable file is reported and the rest kept (exit 3), the
/// gate covers the whole batch (exit 1).
#[test]
fn batches_of_files() {
    let dir = tmp("batch");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::create_dir_all(dir.join(".hidden")).unwrap();
    generate(80, "en", &dir.join("people.csv"));
    std::fs::write(
        dir.join("sub/prices.tsv"),
        "sku\tprice\nA1\t3\nB2\t4\nC3\t5\n",
    )
    .unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/people.xlsx"),
        dir.join("sub/people.xlsx"),
    )
    .unwrap();
    std::fs::write(dir.join("sub/broken.csv"), "a,\"b\n1,2\n").unwrap();
    std::fs::write(dir.join(".hidden/skip.csv"), "x\n1\n").unwrap();
    std::fs::write(dir.join("notes.md"), "not a table").unwrap();

    let out = bin().arg("scan").arg(&dir).arg("--json").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    support::assert_valid_batch(&v);
    let names: Vec<String> = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["input"]["name"].as_str().unwrap().to_string())
        .collect();
    let d = dir.to_str().unwrap();
    assert_eq!(
        names,
        [
            format!("{d}/people.csv"),
            format!("{d}/sub/people.xlsx"),
            format!("{d}/sub/prices.tsv")
        ]
    );
    assert_eq!(v["errors"][0]["file"], format!("{d}/sub/broken.csv"));
    assert_eq!(v["errors"][0]["exit_code"], 3);
    let s = &v["summary"];
    assert_eq!(
        [
            &s["files"],
            &s["scanned"],
            &s["failed"],
            &s["direct"],
            &s["clean"]
        ],
        [4, 3, 1, 2, 1]
    );
    // Each report is the file's own.
    for r in v["reports"].as_array().unwrap() {
        let name = r["input"]["name"].as_str().unwrap();
        let alone = bin().args(["scan", name, "--json"]).output().unwrap();
        let mut alone: serde_json::Value = serde_json::from_slice(&alone.stdout).unwrap();
        alone["input"]["name"] = r["input"]["name"].clone();
        assert_eq!(&alone, r, "{name}");
    }

    // Lines and a total; the gate over the batch.
    let people = dir.join("people.csv");
    let prices = dir.join("sub/prices.tsv");
    let out = bin()
        .arg("scan")
        .arg(&people)
        .arg(&prices)
        .args(["--fail-on", "direct"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].contains("people.csv: ") && lines[0].contains("direct identifier"));
    assert!(
        lines[1].ends_with("prices.tsv: no personal data found"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("2 files: 1 with direct identifiers"),
        "{text}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("people.csv"));
    let out = bin().args(["scan", "-", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Header and footer blocks (#17): the lines of a survey's header block
/// come out of `mask` as they went in, above their columns; the footer
/// lines come out with the person they name masked; a scan of the
/// masked file reads the same blocks again.
#[test]
fn header_and_footer_blocks_survive_masking() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/classes");
    for (file, header_rows, footer_rows) in [
        ("survey_header_block.csv", 2, 0),
        ("grouped_header.csv", 1, 2),
    ] {
        let input = std::fs::read_to_string(src.join(file)).unwrap();
        let out = tmp(&format!("blocks-{file}"));
        run(
            &[
                "mask",
                src.join(file).to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
            0,
        );
        let masked = std::fs::read_to_string(&out).unwrap();
        let masked = masked.trim_start_matches('\u{feff}');
        let lines: Vec<&str> = input.lines().collect();
        let got: Vec<&str> = masked.lines().collect();
        // The block and the names, unchanged.
        assert_eq!(got[..=header_rows], lines[..=header_rows], "{file}");
        if footer_rows > 0 {
            let tail = &got[got.len() - footer_rows..];
            assert!(
                tail[0].starts_with("Report generated by M. H"),
                "{file}: {tail:?}"
            );
            assert!(!masked.contains("Margaret Holloway"), "{file}");
            assert_eq!(tail[1], *lines.last().unwrap(), "{file}");
        }
        let again = scan_json(&out, &[]);
        let anomalies = &again["input"]["anomalies"];
        assert_eq!(
            anomalies["header_rows"].as_u64(),
            Some(header_rows as u64),
            "{file}"
        );
        assert_eq!(
            anomalies["footer_rows"].as_u64().unwrap_or(0),
            footer_rows as u64,
            "{file}"
        );
        assert_eq!(again["input"]["rows"].as_u64(), Some(300), "{file}");
    }
}
