//! Risk benchmark (not a test): a synthetic table of 1 M rows with ten
//! quasi-identifiers of realistic cardinalities (sex 2 … postal code 2,000)
//! and one sensitive column is written to `bench/out/risk.csv`, scanned,
//! and then timed: the class-size histogram and measures over six
//! quasi-identifiers, and the drivers of all combinations of up to three
//! of the ten. `bench/wasm_node.cjs` times the same calls in WebAssembly on
//! the same file.
//!
//!   cargo run --release --example risk_bench [ROWS]

use privscan::pipeline::{ScanOptions, Scanner};
use privscan::risk::RiskOptions;
use privscan::synth::Rng;
use std::io::Write;
use std::time::Instant;

/// Columns and their number of distinct values.
const QI: [(&str, u64); 10] = [
    ("sex", 2),
    ("age", 90),
    ("province", 34),
    ("ethnicity", 56),
    ("education", 7),
    ("marital", 5),
    ("occupation", 300),
    ("postal", 2000),
    ("birth_month", 12),
    ("birth_year", 80),
];

fn main() -> std::io::Result<()> {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/out");
    std::fs::create_dir_all(&out)?;
    let path = out.join("risk.csv");
    let mut rng = Rng::new(42);
    let mut csv = Vec::with_capacity(rows * 48);
    let header: Vec<&str> = QI.iter().map(|q| q.0).chain(["diagnosis"]).collect();
    writeln!(csv, "{}", header.join(","))?;
    for _ in 0..rows {
        for (i, &(_, card)) in QI.iter().enumerate() {
            // Skewed: low values are more common, as in real populations.
            let v = rng.below(card).min(rng.below(card));
            write!(csv, "{}{v},", &QI[i].0[..1])?;
        }
        writeln!(csv, "d{}", rng.below(20))?;
    }
    std::fs::write(&path, &csv)?;

    let t = Instant::now();
    let mut s = Scanner::new(ScanOptions::default()).expect("default options");
    for chunk in csv.chunks(1 << 20) {
        s.feed(chunk).expect("synthetic CSV scans");
    }
    s.finish().expect("synthetic CSV scans");
    let scan = t.elapsed().as_secs_f64();

    let time = |opts: &RiskOptions| {
        let t = Instant::now();
        let r = s.risk(opts).expect("columns exist");
        (t.elapsed().as_secs_f64(), r)
    };
    let six = RiskOptions {
        quasi_identifiers: (0..6).collect(),
        sensitive: vec![10],
        max_driver_size: 0,
        ..RiskOptions::default()
    };
    let (hist, r6) = time(&six);
    let ten = RiskOptions {
        quasi_identifiers: (0..10).collect(),
        max_driver_size: 3,
        driver_budget: u64::MAX,
        ..RiskOptions::default()
    };
    let (drivers, r10) = time(&ten);
    println!(
        "{} ({rows} rows, {:.1} MB): scanned in {scan:.2} s",
        path.display(),
        csv.len() as f64 / 1e6
    );
    println!(
        "native  histogram + measures, 6 QIs: {:.3} s  (k = {}, {} classes, {} unique)",
        hist, r6.k, r6.classes, r6.unique_records
    );
    println!(
        "native  with drivers, 10 QIs (175 combinations): {:.3} s  ({} drivers listed)",
        drivers,
        r10.drivers.len()
    );
    Ok(())
}
