//! Decode + parse + scan + risk on arbitrary bytes, fed in chunks whose
//! sizes come from the input itself, with options chosen by its first byte.
//! Any panic is a bug: bad input must end in a typed error.

#![no_main]

use libfuzzer_sys::fuzz_target;
use privscan::pipeline::{ScanOptions, Scanner};
use privscan::risk::RiskOptions;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let encoding = match mode & 7 {
        1 => Some("gbk".to_string()),
        2 => Some("utf-16le".to_string()),
        3 => Some("big5".to_string()),
        4 => Some("utf-8".to_string()),
        _ => None,
    };
    let delimiter = match (mode >> 3) & 3 {
        1 => Some(";".to_string()),
        2 => Some("tab".to_string()),
        _ => None,
    };
    let opts = ScanOptions {
        encoding,
        delimiter,
        has_header: match mode >> 6 {
            1 => Some(true),
            2 => Some(false),
            _ => None,
        },
        field_cap: Some(4096),
        qi: (mode & 32 != 0).then(|| vec!["0".into(), "1".into()]),
        ..ScanOptions::default()
    };
    let Ok(mut s) = Scanner::new(opts) else {
        return;
    };
    // Chunk sizes from the data: 1 to 64 bytes, so that every boundary
    // (inside a UTF-8 sequence, a quote, a CRLF) is crossed somewhere.
    let mut i = 0;
    while i < rest.len() {
        let n = 1 + (rest[i] as usize % 64);
        let end = (i + n).min(rest.len());
        if s.feed(&rest[i..end]).is_err() {
            return;
        }
        i = end;
    }
    let Ok(report) = s.finish() else {
        return;
    };
    let _ = serde_json::to_string(&report);
    let width = report.columns.len();
    let _ = s.risk(&RiskOptions {
        quasi_identifiers: (0..width.min(4)).collect(),
        sensitive: (width > 4).then_some(4).into_iter().collect(),
        examples: 3,
        ..RiskOptions::default()
    });
});
