//! Workbook input: the same synthetic table as .xlsx, .xls and .ods
//! (tests/fixtures, made by tools/make_workbooks.py) gives the verdicts of
//! its CSV; sheets are chosen by name or index; and the limits checked
//! before calamine sees the bytes refuse zip bombs and giant declared
//! sheets with a message, through the library and the CLI.

#![cfg(all(not(target_arch = "wasm32"), feature = "excel"))]

mod support;

use privscan::pipeline::{scan_bytes, scan_workbook, ScanOptions};
use std::io::Write;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn verdicts(r: &privscan::Report) -> Vec<(String, String)> {
    r.columns
        .iter()
        .map(|c| (c.name.clone(), c.entity.name().to_string()))
        .collect()
}

#[test]
fn every_format_gives_the_csv_verdicts() {
    let csv = scan_bytes(&fixture("people.csv"), ScanOptions::default()).unwrap();
    for (name, format) in [
        ("people.xlsx", "xlsx"),
        ("people.xls", "xls"),
        ("people.ods", "ods"),
    ] {
        let bytes = fixture(name);
        let (_, r, _) = scan_workbook(&bytes, ScanOptions::default()).unwrap();
        assert_eq!(verdicts(&r), verdicts(&csv), "{name}");
        assert_eq!(r.input.rows, csv.input.rows, "{name}");
        let w = r.input.workbook.as_ref().unwrap();
        assert_eq!(
            (w.format.as_str(), w.sheet.as_str(), w.bytes),
            (format, "客户", bytes.len() as u64)
        );
        // The digest is of the workbook's bytes.
        use sha2::Digest;
        let want: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(r.input.sha256, want);
    }
}

#[test]
fn sheets_by_name_and_index() {
    let bytes = fixture("people.xlsx");
    for sel in ["订单", "1"] {
        let (_, r, _) = scan_workbook(
            &bytes,
            ScanOptions {
                sheet: Some(sel.into()),
                ..ScanOptions::default()
            },
        )
        .unwrap();
        assert_eq!((r.input.rows, r.input.columns), (20, 2), "{sel}");
        assert_eq!(r.input.workbook.unwrap().sheets, ["客户", "订单"]);
    }
    let err = scan_workbook(
        &bytes,
        ScanOptions {
            sheet: Some("Sheet9".into()),
            ..ScanOptions::default()
        },
    )
    .err()
    .unwrap();
    assert!(err.to_string().contains("客户, 订单"), "{err}");
}

fn zip_with(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn zip_bombs_and_giant_sheets_are_refused_before_reading() {
    let refused = |bytes: Vec<u8>, want: &str| {
        let err = scan_workbook(&bytes, ScanOptions::default()).err().unwrap();
        assert_eq!(err.code(), "workbook");
        assert!(err.to_string().contains(want), "{want}: {err}");
    };
    // 64 MiB of zeros deflate to about 64 KiB: a ratio of about 1000:1.
    refused(
        zip_with(&[
            ("xl/workbook.xml", b"<workbook/>".to_vec()),
            ("xl/worksheets/sheet1.xml", vec![0; 64 << 20]),
        ]),
        "zip bomb",
    );
    // Too many entries.
    let many: Vec<(String, Vec<u8>)> = (0..10_001)
        .map(|i| (format!("x/{i}"), Vec::new()))
        .collect();
    let many: Vec<(&str, Vec<u8>)> = many.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
    refused(zip_with(&many), "entries");
    // A sheet that declares every cell Excel allows.
    let sheet = br#"<?xml version="1.0"?><worksheet><dimension ref="A1:XFD1048576"/><sheetData/></worksheet>"#.to_vec();
    refused(
        zip_with(&[
            ("xl/workbook.xml", b"<workbook/>".to_vec()),
            ("xl/worksheets/sheet1.xml", sheet),
        ]),
        "declares",
    );
    // A ZIP that is not a workbook.
    refused(
        zip_with(&[("readme.txt", b"hello".to_vec())]),
        "not an Excel",
    );
}

#[test]
fn the_cli_reads_workbooks_and_masks_them_to_csv() {
    let dir = std::env::temp_dir().join(format!("privscan-wb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let xlsx = format!("{}/tests/fixtures/people.xlsx", env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_privscan"))
        .args(["scan", "--json", "--sheet", "订单", &xlsx])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    support::assert_valid_report(&r);
    assert_eq!(r["input"]["workbook"]["sheet"], "订单");
    let masked = dir.join("m.csv");
    // `privscan mask` of the workbook with `args`, then a scan of its output.
    let mask = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_privscan"))
            .args(["mask", &xlsx, "--out", masked.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        scan_bytes(&std::fs::read(&masked).unwrap(), ScanOptions::default()).unwrap()
    };
    let rescan = mask(&["--k", "2"]);
    assert_eq!(rescan.input.rows, 60);
    assert_eq!(rescan.summary.direct, 0);
    // Another sheet, by name.
    let rescan = mask(&["--sheet", "订单"]);
    assert_eq!((rescan.input.rows, rescan.input.columns), (20, 2));
    // A bomb through the CLI: exit 2 with the reason.
    let bomb = dir.join("bomb.xlsx");
    std::fs::write(
        &bomb,
        zip_with(&[
            ("xl/workbook.xml", b"<workbook/>".to_vec()),
            ("xl/worksheets/sheet1.xml", vec![0; 64 << 20]),
        ]),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_privscan"))
        .args(["scan", bomb.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("zip bomb"));
    std::fs::remove_dir_all(&dir).unwrap();
}
