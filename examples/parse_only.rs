//! The parse-only floor for the scan benchmark: the csv crate reading every
//! record of a file as bytes, doing nothing else. `bench/scan.sh` times this
//! whole process next to `privscan scan` on the same file.

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: parse_only FILE");
    let t = Instant::now();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(&path)
        .expect("open");
    let mut rec = csv::ByteRecord::new();
    let (mut rows, mut fields) = (0u64, 0u64);
    while rdr.read_byte_record(&mut rec).expect("read") {
        rows += 1;
        fields += rec.len() as u64;
    }
    let secs = t.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "parse-only: {rows} rows, {fields} fields, {:.1} MB/s",
        bytes as f64 / 1e6 / secs
    );
}
