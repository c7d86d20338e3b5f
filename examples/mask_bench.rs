//! Masking benchmark (not a test): a synthetic table with six typed
//! quasi-identifiers (sex, age, birth date, postal code, province,
//! ethnicity), a sensitive column and two direct identifiers is written to
//! `bench/out/mask-ROWS.csv` for 100,000 and 1,000,000 rows, scanned, and
//! then timed: the generalisation search for k = 5 over the six, and the
//! second pass that applies the suggested plan (the output is scanned as it
//! is written, for the report after masking). `bench/wasm_node.cjs` times
//! the same calls in WebAssembly on the same files.
//!
//!   cargo run --release --example mask_bench [ROWS …]

use privscan::mask::apply::MaskOptions;
use privscan::mask::optimize::OptimizeOptions;
use privscan::pipeline::{ScanOptions, Scanner};
use privscan::synth::{Person, Rng};
use std::io::Write;
use std::time::Instant;

const PROVINCES: &[&str] = &[
    "北京市",
    "上海市",
    "广东省",
    "浙江省",
    "江苏省",
    "四川省",
    "湖北省",
    "河南省",
    "山东省",
    "陕西省",
    "福建省",
    "湖南省",
];
const ETHNIC: &[&str] = &[
    "汉族", "汉族", "汉族", "汉族", "汉族", "汉族", "回族", "满族", "壮族", "苗族",
];
const DX: &[&str] = &[
    "高血压",
    "糖尿病",
    "冠心病",
    "哮喘",
    "慢性胃炎",
    "骨折",
    "肺炎",
    "抑郁症",
];

/// Writes the table (if missing) and returns its path.
pub fn table(rows: usize) -> std::io::Result<std::path::PathBuf> {
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/out");
    std::fs::create_dir_all(&out)?;
    let path = out.join(format!("mask-{rows}.csv"));
    if path.exists() {
        return Ok(path);
    }
    let mut people = Rng::new(7);
    let mut r = Rng::new(8);
    let mut w = std::io::BufWriter::new(std::fs::File::create(&path)?);
    writeln!(w, "姓名,手机,性别,年龄,出生日期,邮编,省份,民族,诊断")?;
    for _ in 0..rows {
        let p = Person::new(&mut people);
        let (y, m, d) = p.birth;
        writeln!(
            w,
            "{},{},{},{},{y}-{m:02}-{d:02},{}{:04},{},{},{}",
            p.name_zh,
            p.mobile,
            if p.male { "男" } else { "女" },
            2024 - y,
            10 + r.below(70),
            r.below(40) * 25,
            r.pick(PROVINCES),
            r.pick(ETHNIC),
            r.pick(DX)
        )?;
    }
    w.flush()?;
    Ok(path)
}

fn main() -> std::io::Result<()> {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|s| s.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100_000, 1_000_000]
    } else {
        sizes
    };
    for rows in sizes {
        let path = table(rows)?;
        let data = std::fs::read(&path)?;
        let mb = data.len() as f64 / 1e6;
        let t = Instant::now();
        let mut s = Scanner::new(ScanOptions::default()).expect("options");
        for chunk in data.chunks(1 << 20) {
            s.feed(chunk).expect("synthetic CSV scans");
        }
        let before = s.finish().expect("synthetic CSV scans");
        let scan = t.elapsed().as_secs_f64();

        let quasi: Vec<usize> = (2..8).collect();
        let t = Instant::now();
        let sug = s
            .suggest(
                Some(&quasi),
                &OptimizeOptions {
                    k: 5,
                    ..OptimizeOptions::default()
                },
            )
            .expect("suggestions");
        let search = t.elapsed().as_secs_f64();
        let o = sug.optimum.as_ref().expect("an optimum");

        let t = Instant::now();
        let mut m = s
            .masker(&sug.steps, Some(&[5u8; 32]), &MaskOptions::default())
            .expect("plan applies");
        let mut out = Vec::with_capacity(data.len());
        for chunk in data.chunks(1 << 20) {
            m.feed(chunk, &mut out).expect("apply");
        }
        let after = m.finish(&mut out).expect("apply");
        let apply = t.elapsed().as_secs_f64();
        let levels: Vec<String> = o
            .levels
            .iter()
            .map(|l| format!("{}={}", before.columns[l.column].name, l.label))
            .collect();
        println!(
            "{rows} rows, {mb:.1} MB: scan {scan:.2} s ({:.1} MB/s); search k=5 over 6 QIs {search:.2} s ({} of {} transformations evaluated, optimal {}, loss {:.3}, {} records suppressed: {}); apply {apply:.2} s ({:.1} MB/s, output scanned too), k {} -> {}",
            mb / scan,
            o.evaluated,
            o.lattice_size,
            o.optimal,
            o.information_loss,
            o.suppressed_records,
            levels.join(" "),
            mb / apply,
            before.risk.as_ref().map_or(0, |r| r.k),
            after.risk.as_ref().map_or(0, |r| r.k),
        );
    }
    Ok(())
}
