//! The bad-input matrix, through the CLI as a user runs it: every case ends
//! in exit code 0 with its counts in the report, or 2 with a message that
//! says what is wrong and where — never a panic (101), a signal, a hang or
//! lost rows. Large inputs are streamed through standard input, never
//! written to disk. `scan` and `mask` both.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a run ended in.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `privscan ARGS` with `input` streamed to its standard input by
/// `feed` (so that hundreds of megabytes need no file), within `limit`.
fn run(args: &[&str], feed: impl FnOnce(&mut dyn Write) + Send + 'static, limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_privscan"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        feed(&mut stdin);
        // A broken pipe is fine: the scanner may stop early on an error.
    });
    // Output is collected while the child runs (a large report would fill
    // the pipe and block it otherwise); the wait has a deadline.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let start = Instant::now();
    let out = match rx.recv_timeout(limit) {
        Ok(out) => out.unwrap(),
        Err(_) => panic!(
            "{args:?}: still running after {:?} (a hang)",
            start.elapsed()
        ),
    };
    let _ = writer.join();
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("{args:?}: killed by a signal"));
    // Bad input is a clean report (0) or "the input cannot be read as a
    // table" (3), never a panic (101) or a usage error.
    assert!(
        code == 0 || code == 3,
        "{args:?}: exit code {code}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Run {
        code,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn bytes(b: Vec<u8>) -> impl FnOnce(&mut dyn Write) + Send + 'static {
    move |w| {
        let _ = w.write_all(&b);
    }
}

/// Scans `input`; returns the report (exit 0) or the message (exit 3).
fn scan(input: Vec<u8>) -> Result<serde_json::Value, String> {
    let r = run(
        &["scan", "--json", "-"],
        bytes(input),
        Duration::from_secs(120),
    );
    if r.code == 0 {
        let v = serde_json::from_str(&r.stdout).unwrap();
        support::assert_valid_report(&v);
        Ok(v)
    } else {
        assert!(!r.stderr.trim().is_empty(), "exit 3 without a message");
        Err(r.stderr)
    }
}

/// Masks `input` with the suggested plan; returns (rows in, rows out) or
/// the message.
fn mask(input: Vec<u8>) -> Result<(u64, u64), String> {
    let dir = std::env::temp_dir().join(format!(
        "privscan-bad-{}-{}",
        std::process::id(),
        input.len()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("r.json");
    let r = run(
        &[
            "mask",
            "-",
            "--out",
            dir.join("out.csv").to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ],
        bytes(input),
        Duration::from_secs(120),
    );
    let out = if r.code == 0 {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        support::assert_valid_report(&v);
        Ok((
            v["masking"]["rows_in"].as_u64().unwrap(),
            v["masking"]["rows_out"].as_u64().unwrap(),
        ))
    } else {
        Err(r.stderr)
    };
    std::fs::remove_dir_all(&dir).unwrap();
    out
}

fn people(rows: usize) -> String {
    let mut s = String::from("姓名,手机,城市\n");
    for i in 0..rows {
        s.push_str(&format!(
            "张伟{i},138{:08},杭州\n",
            (i * 7919 + 13) % 100_000_000
        ));
    }
    s
}

#[test]
fn empty_header_only_and_one_byte() {
    let e = scan(Vec::new()).unwrap_err();
    assert!(e.contains("empty"), "{e}");
    assert!(mask(Vec::new()).unwrap_err().contains("empty"));
    let r = scan(b"name,phone\n".to_vec()).unwrap();
    assert_eq!(
        (r["input"]["rows"].as_u64(), r["input"]["columns"].as_u64()),
        (Some(0), Some(2))
    );
    assert_eq!(mask(b"name,phone\n".to_vec()).unwrap(), (0, 0));
    let r = scan(b"a".to_vec()).unwrap();
    assert!(r["input"]["rows"].as_u64().unwrap() <= 1);
    let (i, o) = mask(b"a".to_vec()).unwrap();
    assert_eq!(i, o);
}

#[test]
fn ragged_rows_are_counted_and_kept() {
    let text = "a,b,c\n1,2\n3,4,5,6\n7,8,9\n".as_bytes().to_vec();
    let r = scan(text.clone()).unwrap();
    assert_eq!(
        (
            r["input"]["rows"].as_u64(),
            r["input"]["anomalies"]["ragged_rows"].as_u64()
        ),
        (Some(3), Some(2))
    );
    assert_eq!(mask(text).unwrap(), (3, 3));
}

#[test]
fn an_unbalanced_quote_at_the_start_of_a_large_file_names_row_and_byte() {
    // 40 MB after a quote that never closes: the field cap (16 MiB) stops it.
    let feed = |w: &mut dyn Write| {
        let _ = w.write_all(b"name,note\n\xe5\xbc\xa0\xe4\xbc\x9f,\"never closed\n");
        let line = "李娜,an ordinary line of text that goes on\n".repeat(1000);
        for _ in 0..1000 {
            if w.write_all(line.as_bytes()).is_err() {
                return;
            }
        }
    };
    let r = run(&["scan", "-"], feed, Duration::from_secs(120));
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("row 2") && r.stderr.contains("byte") && r.stderr.contains("quote"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_quote_left_open_in_a_small_file_is_an_error_not_lost_rows() {
    // Under the field cap, the rest of the file would silently become one
    // cell: twenty rows gone from every count.
    let feed = |w: &mut dyn Write| {
        let mut text = String::from("name,note\n张伟,ok\n李娜,\"never closed\n");
        text.push_str(&"王芳,fine\n".repeat(20));
        let _ = w.write_all(text.as_bytes());
    };
    for cmd in [&["scan", "-"][..], &["mask", "-", "--out", "-"][..]] {
        let r = run(cmd, feed, Duration::from_secs(60));
        assert_eq!(r.code, 3, "{cmd:?}");
        assert!(
            r.stderr.contains("row 3")
                && r.stderr.contains("never closed")
                && r.stderr.contains("21 more lines"),
            "{cmd:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn a_single_200_mb_field_is_a_clear_error() {
    let feed = |w: &mut dyn Write| {
        let _ = w.write_all(b"id,blob\n1,");
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..200 {
            if w.write_all(&chunk).is_err() {
                return;
            }
        }
        let _ = w.write_all(b"\n");
    };
    let r = run(&["scan", "-"], feed, Duration::from_secs(120));
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("row 2") && r.stderr.contains("MiB"),
        "{}",
        r.stderr
    );
}

#[test]
fn nul_bytes_early_and_late() {
    let mut early = vec![0u8; 64];
    early.extend_from_slice(people(10).as_bytes());
    let e = scan(early).unwrap_err();
    assert!(e.contains("binary") || e.contains("NUL"), "{e}");
    let mut late = people(200).into_bytes();
    let at = late.len() - 20;
    late[at] = 0;
    let r = scan(late.clone()).unwrap();
    assert_eq!(r["input"]["anomalies"]["nul_bytes"].as_u64(), Some(1));
    assert_eq!(r["input"]["rows"].as_u64(), Some(200));
    assert_eq!(mask(late).unwrap(), (200, 200));
}

#[test]
fn utf16_without_a_bom() {
    let text = people(50);
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let r = scan(le.clone()).unwrap();
    assert_eq!(r["input"]["encoding"], "UTF-16LE");
    assert_eq!(r["input"]["rows"].as_u64(), Some(50));
    assert_eq!(mask(le).unwrap(), (50, 50));
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    assert_eq!(scan(be).unwrap()["input"]["encoding"], "UTF-16BE");
}

#[test]
fn other_formats_renamed_csv_say_what_they_are() {
    for (magic, word) in [
        (&b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..], "PNG"),
        (&b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"[..], "PDF"),
        (&b"PK\x03\x04\x14\x00\x06\x00\x08\x00"[..], "Excel"),
        (&b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0"[..], "Excel"),
    ] {
        let mut b = magic.to_vec();
        b.extend_from_slice(&[7u8; 4000]);
        let e = scan(b.clone()).unwrap_err();
        assert!(e.contains(word), "{word}: {e}");
        assert!(mask(b).unwrap_err().contains(word));
    }
}

#[test]
fn invalid_utf8_in_a_utf8_file_is_counted_not_lost() {
    let mut b = people(300).into_bytes();
    let at = b.len() / 2;
    b.splice(at..at, [0xff, 0xfe, 0xc3]);
    let r = scan(b.clone()).unwrap();
    assert_eq!(r["input"]["rows"].as_u64(), Some(300));
    assert!(
        r["input"]["anomalies"]["replaced_bytes"].as_u64().unwrap() > 0
            || r["input"]["encoding"] != "UTF-8"
    );
    assert_eq!(mask(b).unwrap(), (300, 300));
}

#[test]
fn one_hundred_thousand_columns() {
    let header: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    let row: Vec<String> = (0..100_000).map(|i| (i % 7).to_string()).collect();
    let text = format!(
        "{}\n{}\n{}\n",
        header.join(","),
        row.join(","),
        row.join(",")
    );
    let r = scan(text.into_bytes()).unwrap();
    assert_eq!(r["input"]["columns"].as_u64(), Some(100_000));
    assert_eq!(r["input"]["rows"].as_u64(), Some(2));
}

#[test]
fn ten_million_tiny_rows() {
    let feed = |w: &mut dyn Write| {
        let _ = w.write_all(b"n\n");
        let block = "1\n".repeat(100_000);
        for _ in 0..100 {
            if w.write_all(block.as_bytes()).is_err() {
                return;
            }
        }
    };
    let r = run(&["scan", "--json", "-"], feed, Duration::from_secs(300));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["input"]["rows"].as_u64(), Some(10_000_000));
}

#[test]
fn cr_lf_and_crlf_line_ends_read_alike() {
    let lf = people(100);
    let reports: Vec<serde_json::Value> =
        [lf.clone(), lf.replace('\n', "\r\n"), lf.replace('\n', "\r")]
            .into_iter()
            .map(|t| scan(t.into_bytes()).unwrap())
            .collect();
    for r in &reports {
        assert_eq!(r["input"]["rows"].as_u64(), Some(100));
        let got: Vec<&str> = r["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["entity"].as_str().unwrap())
            .collect();
        assert_eq!(got, ["PERSON_NAME", "PHONE_NUMBER", "REGION"]);
    }
    assert_eq!(
        mask(lf.replace('\n', "\r").into_bytes()).unwrap(),
        (100, 100)
    );
}

#[test]
fn formula_cells_are_scanned_and_neutralised_when_masked() {
    let text = "name,note\n张伟,=HYPERLINK(\"http://x\")\n李娜,@SUM(A1)\n王芳,-42\n"
        .as_bytes()
        .to_vec();
    let r = scan(text.clone()).unwrap();
    assert_eq!(r["input"]["rows"].as_u64(), Some(3));
    let dir = std::env::temp_dir().join(format!("privscan-formula-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rep = dir.join("r.json");
    let r = run(
        &["mask", "-", "--out", "-", "--report", rep.to_str().unwrap()],
        bytes(text),
        Duration::from_secs(60),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("\"'=HYPERLINK")
            && r.stdout.contains("'@SUM(A1)")
            && r.stdout.contains(",-42"),
        "{}",
        r.stdout
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&rep).unwrap()).unwrap();
    assert_eq!(v["masking"]["formula_cells_neutralised"].as_u64(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Found by the `merge` fuzz target: an address-like cell whose last word
/// has ten bytes but not ten ASCII characters (`… fa fare\u{e7}mr_`), a
/// web host starting with a multi-byte character, and a medicine dose
/// whose amount follows a Han character (`司马5967mg`), are values, not
/// panics.
#[test]
fn multi_byte_characters_where_ascii_is_expected() {
    for cell in [
        "131   fa fare\u{e7}mr_",
        "12 Main St CA 9\u{4e2d}\u{6587}12",
        "http://\u{4e2d}\u{6587}\u{7f51}.com/x",
        "www.\u{4e2d}\u{6587}",
        "司马5967mg",
        "阿莫西林 250毫克",
    ] {
        let mut p = privscan::profile::ColumnProfile::default();
        for _ in 0..3 {
            p.feed(cell);
        }
        p.settle();
        assert_eq!(p.non_empty, 3, "{cell}");
    }
    for crash in [
        &include_bytes!("fixtures/fuzz-merge-address.bin")[..],
        &include_bytes!("fixtures/fuzz-merge-dose.bin")[..],
    ] {
        let text = String::from_utf8_lossy(crash);
        let mut p = privscan::profile::ColumnProfile::default();
        for c in text.split('\n') {
            p.feed(c);
        }
        p.settle();
    }
}
