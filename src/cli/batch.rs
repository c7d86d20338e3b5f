//! `privscan scan DIR_OR_FILES…`: many files at once — directories walked
//! for CSV and workbook files, the files scanned in parallel, one line per
//! file and a total, or one JSON document (`privscan.batch/1`); the
//! findings gate applies to the whole batch.

use super::Failure;
use privscan::pipeline::ScanOptions;
use privscan::report::Report;
use privscan::Kind;
use serde::Serialize;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The schema a batch document carries.
pub const BATCH_SCHEMA: &str = "privscan.batch/1";

use privscan::input::TABLE_EXTENSIONS as EXTENSIONS;

/// A file that could not be scanned.
#[derive(Serialize)]
struct FileError {
    file: String,
    /// The exit code a scan of this file alone would have ended with.
    exit_code: i32,
    message: String,
}

/// Counts over the batch: files, and files with a column of each kind.
#[derive(Serialize, Default)]
struct BatchSummary {
    files: usize,
    scanned: usize,
    failed: usize,
    direct: usize,
    quasi: usize,
    sensitive: usize,
    /// Files with no personal column.
    clean: usize,
}

#[derive(Serialize)]
struct Batch<'a> {
    schema: &'static str,
    reports: Vec<&'a Report>,
    errors: Vec<FileError>,
    summary: BatchSummary,
}

/// The files the arguments name: files as given, directories walked (in
/// name order, hidden entries skipped) for the known endings.
fn expand(args: &[String]) -> Result<Vec<PathBuf>, Failure> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Failure> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| Failure::Io(format!("cannot read the directory {}: {e}", dir.display())))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out)?;
            } else if p.extension().is_some_and(|e| {
                EXTENSIONS
                    .iter()
                    .any(|x| e.to_string_lossy().eq_ignore_ascii_case(x))
            }) {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    for a in args {
        if a == "-" {
            return Err(Failure::Usage(
                "standard input (-) cannot be one file of several".into(),
            ));
        }
        let p = PathBuf::from(a);
        if p.is_dir() {
            let before = files.len();
            walk(&p, &mut files)?;
            if files.len() == before {
                eprintln!(
                    "privscan: no CSV or workbook files in {} ({})",
                    p.display(),
                    EXTENSIONS.join(", ")
                );
            }
        } else {
            files.push(p);
        }
    }
    if files.is_empty() {
        return Err(Failure::Usage("no files to scan".into()));
    }
    Ok(files)
}

/// Scans every file the arguments name and prints the batch.
pub fn run(
    args: &[String],
    opts: ScanOptions,
    json: bool,
    gate: &[Kind],
    lang: &str,
) -> Result<(), Failure> {
    opts.validate()?;
    let files = expand(args)?;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len())
        .max(1);
    let results: Vec<Mutex<Option<Result<Report, Failure>>>> =
        files.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let bar = super::progress_count(files.len() as u64);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else {
                    return;
                };
                let file = path.to_string_lossy().into_owned();
                let mut o = opts.clone();
                o.name = Some(file.clone());
                let r = super::scan_report(&file, o, false);
                if let Ok(mut slot) = results[i].lock() {
                    *slot = Some(r);
                }
                if let Some(b) = &bar {
                    b.inc(1);
                }
            });
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let results: Vec<Result<Report, Failure>> = results
        .into_iter()
        .map(|m| {
            m.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Err(Failure::Io("the scan did not finish".into())))
        })
        .collect();

    let mut summary = BatchSummary {
        files: files.len(),
        ..BatchSummary::default()
    };
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    let mut tripped: Vec<String> = Vec::new();
    for (path, r) in files.iter().zip(&results) {
        let file = path.to_string_lossy().into_owned();
        match r {
            Ok(report) => {
                summary.scanned += 1;
                let has = |k: Kind| report.columns.iter().any(|c| c.kind == k);
                summary.direct += usize::from(has(Kind::Direct));
                summary.quasi += usize::from(has(Kind::Quasi));
                summary.sensitive += usize::from(has(Kind::Sensitive));
                summary.clean +=
                    usize::from(!has(Kind::Direct) && !has(Kind::Quasi) && !has(Kind::Sensitive));
                if report.columns.iter().any(|c| gate.contains(&c.kind)) {
                    tripped.push(file.clone());
                }
                reports.push(report);
            }
            Err(e) => {
                summary.failed += 1;
                errors.push(FileError {
                    file,
                    exit_code: e.exit_code(),
                    message: e.to_string(),
                });
            }
        }
    }

    let d = privscan::i18n::dictionary(lang);
    let mut out = io::BufWriter::new(io::stdout().lock());
    if json {
        let doc = Batch {
            schema: BATCH_SCHEMA,
            reports,
            errors,
            summary,
        };
        serde_json::to_writer_pretty(&mut out, &doc)
            .map_err(|e| Failure::from(io::Error::from(e)))?;
        writeln!(out)?;
        out.flush()?;
        return finish(&tripped, doc_errors_code(&results), lang);
    }
    for (path, r) in files.iter().zip(&results) {
        let file = path.to_string_lossy();
        match r {
            Ok(report) => writeln!(out, "{file}: {}", report.summary.verdict.render(lang))?,
            Err(e) => {
                // The message names the file already at its start.
                let message = e.to_string();
                let message = message
                    .strip_prefix(&format!("{file}: "))
                    .unwrap_or(&message);
                let p = privscan::i18n::params(serde_json::json!({"message": message}));
                writeln!(out, "{file}: {}", d.render("cli.batch.error", &p))?
            }
        }
    }
    let p = privscan::i18n::params(serde_json::json!({
        "files": summary.files,
        "direct": summary.direct,
        "quasi": summary.quasi,
        "sensitive": summary.sensitive,
        "clean": summary.clean,
        "failed": summary.failed,
    }));
    writeln!(out, "{}", d.render("cli.batch.total", &p))?;
    out.flush()?;
    finish(&tripped, doc_errors_code(&results), lang)
}

/// The exit code of the first file that could not be scanned, and a
/// line saying how many were not, if any.
fn doc_errors_code(results: &[Result<Report, Failure>]) -> Option<(i32, String)> {
    let failed = results.iter().filter(|r| r.is_err()).count();
    results.iter().find_map(|r| {
        r.as_ref().err().map(|e| {
            (
                e.exit_code(),
                format!(
                    "{failed} of {} files could not be scanned; the first: {e}",
                    results.len()
                ),
            )
        })
    })
}

/// The batch's exit: the gate first (1), then an unreadable file (its
/// own code), else 0.
fn finish(tripped: &[String], error: Option<(i32, String)>, lang: &str) -> Result<(), Failure> {
    if !tripped.is_empty() {
        let p = privscan::i18n::params(serde_json::json!({
            "n": tripped.len(),
            "files": tripped.join(", "),
        }));
        return Err(Failure::Gate(
            privscan::i18n::dictionary(lang).render("cli.batch.gate", &p),
        ));
    }
    match error {
        Some((code, message)) => Err(Failure::Batch(code, message)),
        None => Ok(()),
    }
}
