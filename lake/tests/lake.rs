//! `privscan-lake` against the single-file CLI: the same report for a
//! table in one file, in parts, in Parquet, on 1 to 4 partitions, on
//! Ballista in process and on a real scheduler with two executors; bad
//! files named and left out; the same masking.

use privscan::pipeline::{scan_bytes, ScanOptions};
use privscan::report::compare::differences;
use privscan::synth::{mixed_columns, personal_columns, Headers, Rng, Table};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

const AS_OF: &str = "2026-12-03";

fn lake() -> Command {
    Command::new(env!("CARGO_BIN_EXE_privscan-lake"))
}

/// The single-file CLI, built beside these tests (`make lake-test` builds
/// it; `PRIVSCAN_BIN` names another).
fn privscan_cli() -> PathBuf {
    if let Some(p) = std::env::var_os("PRIVSCAN_BIN") {
        return p.into();
    }
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(Path::parent).unwrap();
    let p = dir.join("privscan");
    assert!(
        p.exists(),
        "{} is not built: run cargo build --bin privscan first (make lake-test does)",
        p.display()
    );
    p
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("privscan-lake-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn json_of(out: &Output, what: &str) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{what} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{what}: not JSON: {e}"))
}

/// The report of one scan of `csv`, as `privscan scan` makes it.
fn whole(csv: &str, o: ScanOptions) -> serde_json::Value {
    serde_json::to_value(scan_bytes(csv.as_bytes(), o).unwrap()).unwrap()
}

fn opts() -> ScanOptions {
    ScanOptions {
        as_of: Some(AS_OF.into()),
        ..ScanOptions::default()
    }
}

fn assert_same(a: &serde_json::Value, b: &serde_json::Value, label: &str) {
    let d = differences(a, b, 8);
    assert!(d.is_empty(), "{label}:\n{}", d.join("\n"));
}

fn scan_json(args: &[&str]) -> serde_json::Value {
    let out = lake()
        .arg("scan")
        .args(args)
        .args(["--json", "--as-of", AS_OF])
        .output()
        .unwrap();
    json_of(&out, &format!("privscan-lake scan {args:?}"))
}

/// The rows of `csv` dealt into `n` part files (each with the header).
fn write_parts(csv: &str, dir: &Path, n: usize, seed: u64) -> Vec<PathBuf> {
    let mut lines = csv.split_inclusive("\r\n");
    let header = lines.next().unwrap();
    let mut parts = vec![header.to_string(); n];
    let mut rng = Rng::new(seed);
    for l in lines {
        parts[rng.below(n as u64) as usize].push_str(l);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let path = dir.join(format!("part-{i}.csv"));
            std::fs::write(&path, p).unwrap();
            path
        })
        .collect()
}

/// A generated mixed table of `rows` rows (`seed`), written whole to
/// `dir/file` and dealt into `n` parts under `dir/parts` (`deal`): its
/// CSV, the file and the parts' directory.
fn file_and_parts(
    dir: &Path,
    file: &str,
    (rows, seed): (usize, u64),
    (n, deal): (usize, u64),
) -> (String, PathBuf, PathBuf) {
    let csv = Table::generate(&mixed_columns(), rows, Headers::English, seed).to_csv(b',');
    let path = dir.join(file);
    std::fs::write(&path, &csv).unwrap();
    let parts = dir.join("parts");
    std::fs::create_dir_all(&parts).unwrap();
    write_parts(&csv, &parts, n, deal);
    (csv, path, parts)
}

#[test]
fn a_table_in_one_file_or_in_parts_gives_the_cli_report_on_any_partitions() {
    let dir = temp("parts");
    let (csv, file, parts) = file_and_parts(&dir, "table.csv", (3000, 3), (4, 9));
    let expected = whole(&csv, opts());
    let f = file.to_str().unwrap();
    let p = parts.to_str().unwrap();
    for (args, label) in [
        (vec![f, "--partitions", "1"], "one file, 1 partition"),
        (vec![f, "--partitions", "3"], "one file, 3 partitions"),
        (vec![p, "--partitions", "1"], "4 parts, 1 partition"),
        (vec![p, "--partitions", "4"], "4 parts, 4 partitions"),
        (
            vec![p, "--standalone", "--partitions", "2"],
            "4 parts on Ballista in process",
        ),
    ] {
        let got = scan_json(&args);
        privscan_lake_test_support::assert_valid(&got);
        assert_same(&expected, &got, label);
    }
    // The parts are listed, each with its rows and hash.
    let got = scan_json(&[p]);
    let listed = got["input"]["parts"].as_array().unwrap();
    assert_eq!(listed.len(), 4);
    let rows: u64 = listed.iter().map(|x| x["rows"].as_u64().unwrap()).sum();
    assert_eq!(rows, 3000);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn quoted_line_breaks_byte_order_marks_and_chosen_columns() {
    let dir = temp("quoted");
    let t = Table::generate(&personal_columns(), 800, Headers::Chinese, 4);
    let csv = t.to_csv(b';');
    // A comment with a line break and a quote, as exports of notes have.
    let mut with_notes = String::new();
    for (i, line) in csv.split_inclusive("\r\n").enumerate() {
        let line = line.trim_end_matches("\r\n");
        if i == 0 {
            with_notes.push_str(&format!("{line};备注\r\n"));
        } else {
            with_notes.push_str(&format!("{line};\"第{i}行\r\n说明 \"\"引用\"\"\"\r\n"));
        }
    }
    let file = dir.join("t.csv");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(with_notes.as_bytes());
    std::fs::write(&file, &bytes).unwrap();
    let names: Vec<&str> = with_notes.lines().next().unwrap().split(';').collect();
    let qi = format!("{},{}", names[0], names[3]);
    let expected = whole(
        &with_notes,
        ScanOptions {
            qi: Some(vec![names[0].into(), names[3].into()]),
            k: Some(3),
            ..opts()
        },
    );
    let got = scan_json(&[file.to_str().unwrap(), "--qi", &qi, "--k", "3"]);
    assert_same(&expected, &got, "quoted line breaks, BOM, --qi");
    assert_eq!(got["input"]["encoding_confidence"], "bom");
    assert_eq!(got["input"]["delimiter"], ";");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn parquet_columns_of_any_type_are_read_as_text() {
    use datafusion::arrow::array::{ArrayRef, Date32Array, Float64Array, Int64Array, StringArray};
    use datafusion::arrow::record_batch::RecordBatch;
    use datafusion::parquet::arrow::ArrowWriter;
    use std::sync::Arc;
    let dir = temp("parquet");
    let t = Table::generate(&mixed_columns(), 1200, Headers::English, 5);
    let header = t.header.clone().unwrap();
    // Text columns as generated, and three typed ones written as the
    // engine's cast writes them.
    let ages: Vec<i64> = (0..t.rows.len() as i64)
        .map(|i| 18 + (i * 7919) % 70)
        .collect();
    let scores: Vec<f64> = (0..t.rows.len()).map(|i| (i % 40) as f64 * 0.5).collect();
    let days: Vec<i32> = (0..t.rows.len() as i32)
        .map(|i| 7000 + (i * 37) % 9000)
        .collect();
    let mut cols: Vec<(String, ArrayRef)> = header
        .iter()
        .enumerate()
        .map(|(j, h)| {
            let a: ArrayRef = Arc::new(StringArray::from(
                t.rows.iter().map(|r| r[j].as_str()).collect::<Vec<_>>(),
            ));
            (h.clone(), a)
        })
        .collect();
    cols.push(("age".into(), Arc::new(Int64Array::from(ages.clone()))));
    cols.push(("score".into(), Arc::new(Float64Array::from(scores.clone()))));
    cols.push((
        "visit_date".into(),
        Arc::new(Date32Array::from(days.clone())),
    ));
    let batch = RecordBatch::try_from_iter(cols).unwrap();
    // Two Parquet parts.
    for (i, range) in [(0usize, 0..600usize), (1, 600..1200)] {
        let f = std::fs::File::create(dir.join(format!("p{i}.parquet"))).unwrap();
        let mut w = ArrowWriter::try_new(f, batch.schema(), None).unwrap();
        w.write(&batch.slice(range.start, range.len())).unwrap();
        w.close().unwrap();
    }
    // The same table as CSV text.
    let mut csv_table = Table::generate(&mixed_columns(), 1200, Headers::English, 5);
    csv_table
        .header
        .as_mut()
        .unwrap()
        .extend(["age".into(), "score".into(), "visit_date".into()]);
    for (i, row) in csv_table.rows.iter_mut().enumerate() {
        row.push(ages[i].to_string());
        row.push(format!("{:?}", scores[i]));
        let (y, m, d) = privscan::calendar::civil_from_days(i64::from(days[i]));
        row.push(format!("{y:04}-{m:02}-{d:02}"));
    }
    let expected = whole(&csv_table.to_csv(b','), opts());
    let got = scan_json(&[dir.to_str().unwrap(), "--partitions", "2"]);
    assert_same(&expected, &got, "two Parquet parts");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_files_are_named_and_left_out_and_the_others_are_read() {
    let dir = temp("bad");
    let csv = Table::generate(&mixed_columns(), 1500, Headers::English, 6).to_csv(b',');
    let parts = write_parts(&csv, &dir, 2, 3);
    let good: String = {
        let a = std::fs::read_to_string(&parts[0]).unwrap();
        let b = std::fs::read_to_string(&parts[1]).unwrap();
        let body = b.split_once("\r\n").unwrap().1.to_string();
        a + &body
    };
    // GBK text, a binary file named .csv, another table, a row too wide.
    let gbk = privscan::synth::encode(&csv, "gbk").unwrap();
    std::fs::write(dir.join("gbk.csv"), gbk).unwrap();
    std::fs::write(
        dir.join("image.csv"),
        [0x89u8, b'P', b'N', b'G', 0, 0, 1, 2, 3],
    )
    .unwrap();
    std::fs::write(dir.join("other.csv"), "a,b\r\n1,2\r\n").unwrap();
    let mut wide = csv.clone();
    wide.push_str("x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x\r\n");
    std::fs::write(dir.join("wide.csv"), wide).unwrap();
    // GBK only past the first megabyte, which is checked before reading.
    let body = csv.split_once("\r\n").unwrap().1;
    let mut late = csv.clone();
    while late.len() < 1_200_000 {
        late.push_str(body);
    }
    let mut late = late.into_bytes();
    late.extend(
        privscan::synth::encode("张三,1,2,3,4,5,6,7,8,9,10,11,12,13,14\r\n", "gbk").unwrap(),
    );
    std::fs::write(dir.join("late_gbk.csv"), late).unwrap();
    let out = lake()
        .args(["scan", dir.to_str().unwrap(), "--json", "--as-of", AS_OF])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "files left out: exit 2");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (file, says) in [
        ("gbk.csv", "is not UTF-8"),
        ("late_gbk.csv", "is not UTF-8"),
        ("image.csv", "NUL"),
        ("other.csv", "another table"),
        ("wide.csv", "cannot be read as a table"),
    ] {
        assert!(
            stderr.lines().any(|l| l.contains(file) && l.contains(says)),
            "{file} is named with {says:?}: {stderr}"
        );
    }
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_same(&whole(&good, opts()), &got, "the good parts");
    // Nothing readable at all is an error that lists every file.
    let out = lake()
        .args(["scan", dir.join("image.csv").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no table to read"));
    let _ = std::fs::remove_dir_all(dir);
}

/// The rows of the CSV parts in `dir` (headers once).
fn rows_of(dir: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    let mut header = Vec::new();
    let mut rows = Vec::new();
    for f in files {
        let mut r = csv::Reader::from_path(&f).unwrap();
        header = r.headers().unwrap().iter().map(str::to_string).collect();
        rows.extend(
            r.records()
                .map(|x| x.unwrap().iter().map(str::to_string).collect::<Vec<_>>()),
        );
    }
    (header, rows)
}

/// Masks `parts` with `engine` args and checks the output against
/// `privscan mask` of the whole file: the same cells, the same records
/// suppressed (the records a top-up takes from a larger class may be
/// others of that class), and k reached after.
fn check_mask(csv_file: &Path, parts: &Path, engine: &[&str], work: &Path) {
    let key = work.join("key");
    let cli_out = work.join("cli.csv");
    let cli_report = work.join("cli.json");
    let st = Command::new(privscan_cli())
        .args([
            "mask",
            csv_file.to_str().unwrap(),
            "--out",
            cli_out.to_str().unwrap(),
        ])
        .args([
            "--key-file",
            key.to_str().unwrap(),
            "--report",
            cli_report.to_str().unwrap(),
        ])
        .args(["--as-of", AS_OF])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(st.success());
    let out_dir = work.join("masked");
    let out = lake()
        .args([
            "mask",
            parts.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ])
        .args(["--key-file", key.to_str().unwrap(), "--as-of", AS_OF])
        .args(engine)
        .output()
        .unwrap();
    let summary = json_of(&out, "privscan-lake mask");
    let cli: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&cli_report).unwrap()).unwrap();
    assert_eq!(
        summary["masking"]["records_suppressed"],
        cli["masking"]["records_locally_suppressed"]
    );
    assert_eq!(summary["masking"]["plan"], cli["masking"]["plan"]);
    assert_eq!(summary["after"]["risk"]["k"], cli["risk"]["k"]);
    let (lake_header, mut lake_rows) = rows_of(&out_dir);
    let mut r = csv::Reader::from_path(&cli_out).unwrap();
    let cli_header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let mut cli_rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(lake_header, cli_header);
    assert_eq!(lake_rows.len(), cli_rows.len());
    // Suppressed records aside, the same rows.
    let suppressed = |row: &Vec<String>| row.iter().filter(|c| *c == "*").count() >= 2;
    lake_rows.retain(|r| !suppressed(r));
    cli_rows.retain(|r| !suppressed(r));
    lake_rows.sort();
    cli_rows.sort();
    let differ = lake_rows
        .iter()
        .zip(&cli_rows)
        .filter(|(a, b)| a != b)
        .count();
    let k = summary["masking"]["k"].as_u64().unwrap_or(0) as usize;
    assert!(
        differ <= k && lake_rows.len().abs_diff(cli_rows.len()) <= k,
        "{differ} rows differ beyond the top-up of the suppressed class"
    );
}

#[test]
fn mask_applies_the_plan_privscan_mask_applies() {
    let dir = temp("mask");
    let (_, file, parts) = file_and_parts(&dir, "t.csv", (2000, 8), (3, 4));
    check_mask(&file, &parts, &["--partitions", "3"], &dir);
    // Parquet parts: read back as a table of the same rows.
    let pq = dir.join("masked-parquet");
    let out = lake()
        .args([
            "mask",
            parts.to_str().unwrap(),
            "--out",
            pq.to_str().unwrap(),
        ])
        .args([
            "--key-file",
            dir.join("key").to_str().unwrap(),
            "--format",
            "parquet",
        ])
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    let summary = json_of(&out, "privscan-lake mask --format parquet");
    assert!(summary["masking"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f.as_str().unwrap().ends_with(".parquet")));
    let back = scan_json(&[pq.to_str().unwrap()]);
    assert_eq!(back["input"]["rows"], 2000);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_functions_in_plain_sql() {
    use datafusion::prelude::{CsvReadOptions, SessionContext};
    let dir = temp("sql");
    let csv = Table::generate(&mixed_columns(), 500, Headers::English, 12).to_csv(b',');
    let file = dir.join("customers.csv");
    std::fs::write(&file, &csv).unwrap();
    let ctx = SessionContext::new();
    privscan_lake::functions::register(&ctx);
    ctx.register_csv("customers", file.to_str().unwrap(), CsvReadOptions::new())
        .await
        .unwrap();
    let columns = csv.lines().next().unwrap().replace(',', ", ");
    let sql = r#"SELECT privscan_verdict(CAST(email AS VARCHAR), h, '{"name":"email"}') AS v,
        privscan_verdict(CAST(sex AS VARCHAR), h, '{"name":"sex"}') AS s,
        count(DISTINCT privscan_qi(CAST(province AS VARCHAR), 'values')) AS provinces,
        max(privscan_mask(CAST(phone AS VARCHAR), '{"entity":"PHONE_NUMBER","steps":[{"operator":"mask"}]}')) AS masked
        FROM (SELECT *, privscan_row_hash(COLUMNS) AS h FROM customers)"#
        .replace("COLUMNS", &columns);
    let df = ctx.sql(&sql).await.unwrap();
    let batches = df.collect().await.unwrap();
    let b = &batches[0];
    use datafusion::arrow::array::AsArray;
    let v: serde_json::Value =
        serde_json::from_str(b.column(0).as_string::<i32>().value(0)).unwrap();
    assert_eq!(v["entity"], "EMAIL_ADDRESS");
    assert_eq!(v["non_empty"], 500);
    let s: serde_json::Value =
        serde_json::from_str(b.column(1).as_string::<i32>().value(0)).unwrap();
    assert_eq!(s["entity"], "GENDER");
    let masked = b.column(3).as_string::<i32>().value(0);
    assert!(masked.contains("****"), "{masked}");
    let _ = std::fs::remove_dir_all(dir);
}

/// Every process a test starts, stopped when it ends (or fails).
struct Processes(Vec<Child>);

impl Drop for Processes {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_listening(port: u16) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "nothing listens on 127.0.0.1:{port}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

fn files_under(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() {
                        files_under(&p)
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

#[test]
fn a_ballista_cluster_of_one_scheduler_and_two_executors() {
    let dir = temp("cluster");
    let (csv, file, parts) = file_and_parts(&dir, "t.csv", (3000, 10), (4, 5));

    let mut procs = Processes(Vec::new());
    let sched = free_port();
    procs.0.push(
        Command::new(env!("CARGO_BIN_EXE_privscan-scheduler"))
            .args([
                "--bind-host",
                "127.0.0.1",
                "--bind-port",
                &sched.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_listening(sched);
    let mut work = Vec::new();
    for i in 0..2 {
        let w = dir.join(format!("executor-{i}"));
        std::fs::create_dir_all(&w).unwrap();
        let (flight, grpc) = (free_port(), free_port());
        procs.0.push(
            Command::new(env!("CARGO_BIN_EXE_privscan-executor"))
                .args([
                    "--scheduler-host",
                    "127.0.0.1",
                    "--scheduler-port",
                    &sched.to_string(),
                ])
                .args(["--bind-host", "127.0.0.1", "--external-host", "127.0.0.1"])
                .args([
                    "--port",
                    &flight.to_string(),
                    "--grpc-port",
                    &grpc.to_string(),
                ])
                .args(["--work-dir", w.to_str().unwrap(), "--concurrent-tasks", "1"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        wait_listening(grpc);
        work.push(w);
    }
    let url = format!("df://127.0.0.1:{sched}");
    let got = scan_json(&[
        parts.to_str().unwrap(),
        "--ballista",
        &url,
        "--partitions",
        "4",
    ]);
    assert_same(&whole(&csv, opts()), &got, "on the cluster");
    for w in &work {
        assert!(files_under(w) > 0, "{} ran no task", w.display());
    }
    check_mask(
        &file,
        &parts,
        &["--ballista", &url, "--partitions", "4"],
        &dir,
    );
    drop(procs);
    let _ = std::fs::remove_dir_all(dir);
}

mod privscan_lake_test_support {
    /// Panics unless `report` follows `docs/report.schema.json`.
    pub fn assert_valid(report: &serde_json::Value) {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/report.schema.json");
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let v = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = v
            .iter_errors(report)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .take(10)
            .collect();
        assert!(
            errors.is_empty(),
            "the report breaks docs/report.schema.json: {errors:#?}"
        );
    }
}
