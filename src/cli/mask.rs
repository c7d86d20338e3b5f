//! `privscan mask`: scan, plan (given or suggested), then a second pass
//! that writes the masked file and the report after masking.

use super::Failure;
use privscan::mask::apply::MaskOptions;
use privscan::mask::optimize::OptimizeOptions;
use privscan::mask::plan::{parse_plan, Step};
use privscan::pipeline::{ScanOptions, Scanner};
use std::io::{self, Read, Write};

/// `privscan mask`'s arguments.
#[derive(clap::Args)]
pub struct Args {
    /// The file to mask, or `-` for standard input (spooled to a
    /// temporary file for the second pass).
    pub file: String,
    /// Where to write the masked CSV (`-` for standard output).
    #[arg(long, value_name = "OUT")]
    pub out: String,
    /// The plan: a JSON list of steps, or a report whose
    /// `suggestions` are the plan.
    #[arg(long, value_name = "PLAN.json", conflicts_with = "suggested")]
    pub plan: Option<String>,
    /// Use the suggested plan, searching the generalisation levels of
    /// the quasi-identifiers for the target k (the default without --plan).
    #[arg(long)]
    pub suggested: bool,
    /// The purpose of processing (as for `scan --purpose`): the suggested
    /// plan drops the personal columns it does not need.
    #[arg(long, value_name = "CODE")]
    pub purpose: Option<String>,
    /// A policy preset (as for `scan --policy`): the suggested plan
    /// follows its rules, and the report after masking says which rule
    /// each column met.
    #[arg(long, value_name = "POLICY")]
    pub policy: Option<String>,
    /// Target k for the suggested plan (at least 2; default: the
    /// policy's, else 5).
    #[arg(long, value_name = "N")]
    pub k: Option<u32>,
    /// Also reach distinct l-diversity of the (first) sensitive column.
    #[arg(long, value_name = "N")]
    pub l: Option<u32>,
    /// Largest share of records whose quasi-identifiers the suggested
    /// plan may suppress.
    #[arg(long, value_name = "F", default_value_t = 0.05)]
    pub max_suppression: f64,
    /// Quasi-identifiers (comma-separated names or indexes; default:
    /// the columns judged quasi).
    #[arg(long, value_name = "COLS")]
    pub qi: Option<String>,
    /// The reference date of the rules that need one (HIPAA's ages over
    /// 89 from a birth date) and of the minors count, YYYY-MM-DD
    /// (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Write the report after masking (JSON) here.
    #[arg(long, value_name = "REPORT.json")]
    pub report: Option<String>,
    /// Write the printable report (HTML) here.
    #[arg(long, value_name = "REPORT.html")]
    pub report_html: Option<String>,
    /// Language of the printable report and the messages: en, zh or zh-Hant.
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = super::parse_lang)]
    pub lang: String,
    /// Write the plan that was applied here.
    #[arg(long, value_name = "PLAN.json")]
    pub write_plan: Option<String>,
    /// The pseudonymisation key: read if the file exists, else made
    /// from the OS random generator and written there (hex).
    #[arg(long, value_name = "KEY")]
    pub key_file: Option<String>,
    /// Output encoding: utf-8 (the default), utf-8-bom (for Excel) or
    /// gb18030.
    #[arg(long, value_name = "LABEL")]
    pub encoding_out: Option<String>,
    /// A settings profile (JSON, `privscan.profile/1`, as the page exports
    /// it): its policy, k, purpose, columns, operators per column name and
    /// output encoding, where these options do not say otherwise.
    #[arg(long, value_name = "PROFILE.json")]
    pub profile: Option<String>,
    /// Force the input encoding.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Force the delimiter (`,` `;` `|` `tab`).
    #[arg(long, value_name = "C")]
    pub delimiter: Option<String>,
    /// The first row is data, not a header.
    #[arg(long)]
    pub no_header: bool,
    /// The sheet of a workbook (.xlsx, .xls, .ods) to mask: a name or a
    /// 0-based index (default: the first).
    #[arg(long, value_name = "SHEET")]
    pub sheet: Option<String>,
}

const CHUNK: usize = 1 << 20;

/// Standard input copied to a temporary file, removed when dropped: the
/// second pass needs the same bytes again, and memory must stay flat.
struct Spool(std::path::PathBuf);

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn key(path: Option<&str>) -> Result<Vec<u8>, Failure> {
    let fresh = || -> Result<Vec<u8>, Failure> {
        let mut k = vec![0u8; privscan::key::Key::NEW_BYTES];
        getrandom::getrandom(&mut k)
            .map_err(|e| Failure::Io(format!("no random numbers for a key: {e}")))?;
        Ok(k)
    };
    let Some(path) = path else {
        eprintln!("privscan: pseudonyms use a one-off key; give --key-file to keep it and pseudonymise other files the same way");
        return fresh();
    };
    match std::fs::read_to_string(path) {
        Ok(text) => privscan::key::Key::from_hex(&text)
            .map(|k| k.bytes().to_vec())
            .map_err(Failure::about(path)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let k = fresh()?;
            let hex: String = k.iter().map(|b| format!("{b:02x}")).collect();
            write_private(path, &(hex + "\n"))
                .map_err(|e| Failure::Io(format!("cannot write {path}: {e}")))?;
            eprintln!("privscan: wrote a new pseudonymisation key to {path}: keep it secret");
            Ok(k)
        }
        Err(e) => Err(Failure::Io(format!("cannot read {path}: {e}"))),
    }
}

fn write_private(path: &str, text: &str) -> io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)?.write_all(text.as_bytes())
}

fn read_all(
    mut r: impl Read,
    mut each: impl FnMut(&[u8]) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Failure::Io(format!("read error: {e}"))),
        };
        each(&buf[..n])?;
    }
}

pub fn run(a: Args) -> Result<(), Failure> {
    let plan = match &a.plan {
        Some(p) => Some(
            parse_plan(
                &std::fs::read_to_string(p)
                    .map_err(|e| Failure::Io(format!("cannot read {p}: {e}")))?,
            )
            .map_err(Failure::about(p))?,
        ),
        None => None,
    };
    // `--suggested` is the default without `--plan` (clap refuses both).
    let _ = a.suggested;
    let settings = a.profile.as_deref().map(super::read_settings).transpose()?;
    let selectors: Option<Vec<String>> =
        a.qi.as_deref()
            .map(|s| s.split(',').map(|c| c.trim().to_string()).collect())
            .or_else(|| settings.as_ref().and_then(|s| s.qi.clone()));
    let encoding_out = a
        .encoding_out
        .clone()
        .or_else(|| settings.as_ref().and_then(|s| s.encoding_out.clone()))
        .unwrap_or_else(|| "utf-8".into());
    let qi = privscan::pipeline::mask_job_qi(selectors.clone(), plan.as_deref());
    let mut opts = ScanOptions {
        name: (a.file != "-").then(|| super::display_name(&a.file)),
        encoding: a.encoding.clone(),
        delimiter: a.delimiter.clone(),
        has_header: a.no_header.then_some(false),
        qi: qi.clone(),
        k: a.k,
        as_of: Some(a.as_of.clone().unwrap_or_else(super::today)),
        purpose: a.purpose.clone(),
        policy: a.policy.clone(),
        sheet: a.sheet.clone(),
        ..ScanOptions::default()
    };
    if let Some(s) = &settings {
        s.fill(&mut opts);
    }

    opts.validate()?;
    let k = opts.k_target();
    privscan::risk::k_for_masking(k).map_err(Failure::about("--k"))?;
    // Pass 1: scan. Standard input is spooled first (the second pass
    // needs the same bytes); a workbook's sheet becomes CSV, spooled too.
    let mut spools = Vec::new();
    let mut source = a.file.clone();
    if a.file == "-" {
        let path = std::env::temp_dir().join(format!("privscan-stdin-{}.csv", std::process::id()));
        spools.push(Spool(path.clone()));
        let mut f = io::BufWriter::new(std::fs::File::create(&path).map_err(|e| {
            Failure::Io(format!(
                "cannot spool standard input to {}: {e}",
                path.display()
            ))
        })?);
        read_all(io::stdin().lock(), |chunk| {
            f.write_all(chunk)
                .map_err(|e| Failure::Io(format!("cannot spool standard input: {e}")))
        })?;
        f.flush()
            .map_err(|e| Failure::Io(format!("cannot spool standard input: {e}")))?;
        source = path.to_string_lossy().into_owned();
    }
    let mut file = std::fs::File::open(&source)
        .map_err(|e| Failure::Io(format!("cannot open {}: {e}", a.file)))?;
    let head =
        super::peek(&mut file).map_err(|e| Failure::Io(format!("cannot read {}: {e}", a.file)))?;
    let (scanner, before) = if super::workbook(&head) {
        #[cfg(feature = "excel")]
        {
            let bytes = super::read_workbook(head, file)
                .map_err(|e| Failure::Io(format!("cannot read {}: {e}", a.file)))?;
            let (scanner, before, csv) =
                privscan::pipeline::scan_workbook(&bytes, opts).map_err(Failure::from)?;
            let path =
                std::env::temp_dir().join(format!("privscan-sheet-{}.csv", std::process::id()));
            std::fs::write(&path, &csv)
                .map_err(|e| Failure::Io(format!("cannot spool the sheet: {e}")))?;
            spools.push(Spool(path.clone()));
            source = path.to_string_lossy().into_owned();
            (scanner, before)
        }
        #[cfg(not(feature = "excel"))]
        unreachable!("workbooks are not read by this build")
    } else {
        let mut scanner = Scanner::new(opts)?;
        let size = file.metadata().ok().map(|m| m.len());
        let bar = super::progress_bar(size);
        scanner.feed(&head)?;
        read_all(file, |chunk| {
            if let Some(b) = &bar {
                b.inc(chunk.len() as u64);
            }
            Ok(scanner.feed(chunk)?)
        })?;
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        let before = scanner.finish()?;
        (scanner, before)
    };
    let size = std::fs::metadata(&source).ok().map(|m| m.len());

    // The plan.
    let steps: Vec<Step> = match plan {
        Some(p) => p,
        None => {
            let s = privscan::pipeline::suggested_plan(
                &scanner,
                selectors.as_deref(),
                &OptimizeOptions {
                    k,
                    l: a.l,
                    max_suppression: a.max_suppression,
                    ..OptimizeOptions::default()
                },
            )?;
            if s.optimum.as_ref().is_some_and(|o| !o.feasible) {
                eprintln!("privscan: k = {k} cannot be reached within {:.0} % suppression: the quasi-identifiers are suppressed to *", a.max_suppression * 100.0);
            }
            s.steps
        }
    };
    // The profile's operators replace the steps of the columns it names.
    let steps = match &settings {
        Some(s) if !s.operators.is_empty() => {
            let names: Vec<String> = before.columns.iter().map(|c| c.name.clone()).collect();
            let (steps, missing) = s.apply_operators(steps, &names);
            if !missing.is_empty() {
                eprintln!(
                    "privscan: the settings profile names columns this file does not have: {}",
                    missing.join(", ")
                );
            }
            steps
        }
        _ => steps,
    };
    if let Some(p) = &a.write_plan {
        std::fs::write(
            p,
            serde_json::to_string_pretty(&steps).unwrap_or_default() + "\n",
        )
        .map_err(|e| Failure::Io(format!("cannot write {p}: {e}")))?;
    }
    let needs_key = privscan::pipeline::needs_key(&steps);
    let key = if needs_key {
        Some(key(a.key_file.as_deref())?)
    } else {
        None
    };

    // Pass 2: apply.
    let mut masker = scanner.masker(
        &steps,
        key.as_deref(),
        &MaskOptions {
            encoding_out: Some(encoding_out.clone()),
            name: (a.out != "-").then(|| super::display_name(&a.out)),
            keep_formulas: false,
            policy: None,
        },
    )?;
    let mut out: Box<dyn Write> = if a.out == "-" {
        Box::new(io::BufWriter::with_capacity(CHUNK, io::stdout().lock()))
    } else {
        Box::new(io::BufWriter::with_capacity(
            CHUNK,
            std::fs::File::create(&a.out)
                .map_err(|e| Failure::Io(format!("cannot create {}: {e}", a.out)))?,
        ))
    };
    let mut buf = Vec::with_capacity(CHUNK * 2);
    let f = std::fs::File::open(&source)
        .map_err(|e| Failure::Io(format!("cannot reopen {source}: {e}")))?;
    let bar = super::progress_bar(size);
    let write_err = |e: io::Error| Failure::Io(format!("cannot write {}: {e}", a.out));
    read_all(f, |chunk| {
        if let Some(b) = &bar {
            b.inc(chunk.len() as u64);
        }
        masker.feed(chunk, &mut buf)?;
        out.write_all(&buf).map_err(write_err)?;
        buf.clear();
        Ok(())
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let after = masker.finish(&mut buf)?;
    out.write_all(&buf).map_err(write_err)?;
    out.flush().map_err(write_err)?;

    if let Some(r) = &a.report {
        let json = serde_json::to_string_pretty(&after).unwrap_or_default() + "\n";
        std::fs::write(r, json).map_err(|e| Failure::Io(format!("cannot write {r}: {e}")))?;
    }
    if let Some(h) = &a.report_html {
        let html = masker.html(&a.lang).unwrap_or_default();
        std::fs::write(h, html).map_err(|e| Failure::Io(format!("cannot write {h}: {e}")))?;
    }
    // A short account on stderr (stdout may be the masked file).
    if let Some(m) = &after.masking {
        let k_before = before.risk.as_ref().map(|r| r.k);
        let k_after = after.risk.as_ref().map(|r| r.k);
        let d = privscan::i18n::dictionary(&a.lang);
        let p = privscan::i18n::params(serde_json::json!({
            "rows_in": m.rows_in,
            "rows_out": m.rows_out,
            "suppressed": m.rows_suppressed,
            "cells": m.cells_suppressed,
            "records": m.records_locally_suppressed,
            "formulas": m.formula_cells_neutralised,
            "k_before": k_before.map_or("-".into(), |k| k.to_string()),
            "k_after": k_after.map_or("-".into(), |k| k.to_string()),
        }));
        eprintln!("privscan: {}", d.render("cli.mask.summary", &p));
        for w in &m.warnings {
            let p = privscan::i18n::params(serde_json::json!({"text": w.message.render(&a.lang)}));
            eprintln!("privscan: {}", d.render("cli.warning", &p));
        }
        if let Some(check) = &m.policy {
            let met = check.columns.iter().filter(|c| c.met == Some(true)).count();
            let p = privscan::i18n::params(serde_json::json!({
                "policy": check.policy,
                "met": met,
                "total": check.columns.len(),
            }));
            eprintln!("privscan: {}", d.render("cli.mask.policy", &p));
            for c in check.columns.iter().filter(|c| c.met == Some(false)) {
                let p = privscan::i18n::params(serde_json::json!({
                    "name": c.name,
                    "rule": c.rule.render(&a.lang),
                }));
                eprintln!("privscan: {}", d.render("cli.mask.policy_unmet", &p));
            }
        }
        let direct: Vec<&str> = after
            .columns
            .iter()
            .filter(|c| c.kind == privscan::Kind::Direct)
            .map(|c| c.name.as_str())
            .collect();
        if !direct.is_empty() {
            eprintln!(
                "privscan: warning: the masked file still has direct identifiers in {}",
                direct.join(", ")
            );
        }
        // A policy not met is a failed gate, as `scan --fail-on` is: the
        // files are written for inspection, the exit code says no.
        if let Some(check) = m.policy.as_ref().filter(|c| c.met == Some(false)) {
            return Err(Failure::Gate(format!(
                "the masked file does not meet the policy {}",
                check.policy
            )));
        }
    }
    Ok(())
}
