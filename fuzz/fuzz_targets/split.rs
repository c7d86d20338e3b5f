//! Arbitrary bytes cut at arbitrary points, scanned in parts on several
//! threads and merged (`scan_in_parts`), must give the whole scan's
//! report, or the same error. The first two bytes choose the options and
//! how many cuts; the next bytes place them.

#![no_main]

use libfuzzer_sys::fuzz_target;
use privscan::pipeline::{scan_bytes, scan_in_parts, ScanOptions};

fuzz_target!(|data: &[u8]| {
    let [mode, cuts, rest @ ..] = data else {
        return;
    };
    let ncuts = usize::from(cuts % 5);
    if rest.len() < ncuts * 2 {
        return;
    }
    let (places, bytes) = rest.split_at(ncuts * 2);
    let mut nominal: Vec<u64> = places
        .chunks(2)
        .map(|p| u64::from(u16::from_le_bytes([p[0], p[1]])) % (bytes.len() as u64 + 1))
        .collect();
    nominal.sort_unstable();
    let opts = ScanOptions {
        encoding: match mode & 3 {
            1 => Some("gbk".into()),
            2 => Some("utf-16le".into()),
            _ => None,
        },
        has_header: match (mode >> 2) & 3 {
            1 => Some(true),
            2 => Some(false),
            _ => None,
        },
        field_cap: Some(if mode & 16 != 0 { 1024 } else { 4096 }),
        as_of: Some("2026-12-03".into()),
        ..ScanOptions::default()
    };
    let whole = scan_bytes(bytes, opts.clone());
    let split = scan_in_parts(bytes, opts, &nominal, |_| {});
    match (whole, split) {
        (Ok(a), Ok(b)) => assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap(),
            "cut at {nominal:?}"
        ),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "cut at {nominal:?}"),
        (a, b) => panic!(
            "cut at {nominal:?}: whole {:?}, split {:?}",
            a.map(|_| ()).map_err(|e| e.to_string()),
            b.map(|_| ()).map_err(|e| e.to_string())
        ),
    }
});
