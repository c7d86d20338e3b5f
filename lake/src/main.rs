//! `privscan-lake`: PrivScan's scan and masking of a table of CSV and
//! Parquet files on Apache DataFusion (every core here) or an Apache
//! Ballista cluster.

use clap::{Args, Parser, Subcommand};
use privscan::mask::optimize::OptimizeOptions;
use privscan::pipeline::ScanOptions;
use privscan_lake::cluster::{session, Engine};
use privscan_lake::mask::{mask, MaskJob, OutFormat};
use privscan_lake::scan::{scan, Scanned};
use std::io::Write;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "privscan-lake",
    version,
    about = "Finds personal data in a table of CSV and Parquet files on DataFusion or Ballista, measures re-identification risk and masks it",
    after_help = "Every file under the paths is a part of one table: CSV files (UTF-8, a header line) and Parquet files with the same columns. A file that cannot be read, or holds another table, is named on stderr and left out; the report covers the others, and the exit code is 2."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The report of the table: columns, summary, risk, suggestions.
    Scan(ScanArgs),
    /// Applies a plan (the suggestions by default) and writes masked parts.
    Mask(MaskArgs),
}

#[derive(Args)]
struct EngineArgs {
    /// Target partitions of the engine's plans (default: the cores here).
    #[arg(long, value_name = "N")]
    partitions: Option<usize>,
    /// Run on a Ballista scheduler and executor started in this process.
    #[arg(long, conflicts_with = "ballista")]
    standalone: bool,
    /// Run on the Ballista scheduler at this address (df://HOST:PORT),
    /// whose scheduler and executors are privscan-scheduler and
    /// privscan-executor.
    #[arg(long, value_name = "df://HOST:PORT")]
    ballista: Option<String>,
}

impl EngineArgs {
    fn engine(&self) -> Engine {
        match (&self.ballista, self.standalone) {
            (Some(url), _) => Engine::Remote(url.clone()),
            (None, true) => Engine::Standalone,
            (None, false) => Engine::Local,
        }
    }
}

#[derive(Args)]
struct TableArgs {
    /// CSV and Parquet files, or directories of them.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The CSV delimiter (one character, or `tab`; default: sniffed).
    #[arg(long, value_name = "C")]
    delimiter: Option<String>,
    /// Quasi-identifiers (comma-separated names or 0-based indexes;
    /// default: the columns judged quasi).
    #[arg(long, value_name = "COLS")]
    qi: Option<String>,
    /// Sensitive columns (default: the columns judged sensitive).
    #[arg(long, value_name = "COLS")]
    sensitive: Option<String>,
    /// Target k.
    #[arg(long, value_name = "N")]
    k: Option<u32>,
    /// The date minors are counted at (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    #[command(flatten)]
    engine: EngineArgs,
}

#[derive(Args)]
struct ScanArgs {
    #[command(flatten)]
    table: TableArgs,
    /// Print the report (report/2 JSON).
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct MaskArgs {
    #[command(flatten)]
    table: TableArgs,
    /// The directory to write the masked parts to.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The plan (a JSON array of steps, or a report whose suggestions are
    /// the plan).
    #[arg(long, value_name = "PLAN.json", conflicts_with = "suggested")]
    plan: Option<PathBuf>,
    /// Apply the suggested plan, searched for k (the default).
    #[arg(long)]
    suggested: bool,
    /// The pseudonymisation key (hex) every worker reads; written there
    /// when it does not exist.
    #[arg(long, value_name = "KEY")]
    key_file: Option<PathBuf>,
    /// Parts written as csv or parquet.
    #[arg(long, value_name = "FORMAT", default_value = "csv")]
    format: String,
    /// Keep cells that spreadsheets would run as formulas as they are.
    #[arg(long)]
    keep_formulas: bool,
    /// Writes the report of the masked parts here (its scan).
    #[arg(long, value_name = "REPORT.json")]
    report: Option<PathBuf>,
}

fn list(v: &Option<String>) -> Option<Vec<String>> {
    v.as_ref().map(|s| {
        s.split(',')
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    })
}

fn scan_options(t: &TableArgs) -> ScanOptions {
    ScanOptions {
        qi: list(&t.qi),
        sensitive: list(&t.sensitive),
        k: t.k,
        as_of: t
            .as_of
            .clone()
            .or_else(|| Some(privscan::calendar::today())),
        ..ScanOptions::default()
    }
}

fn delimiter(t: &TableArgs) -> Result<Option<u8>, String> {
    t.delimiter
        .as_deref()
        .map(privscan::pipeline::parse_delimiter)
        .transpose()
        .map_err(|e| e.to_string())
}

fn warn_skipped(s: &Scanned) -> bool {
    for k in &s.skipped {
        eprintln!("privscan-lake: left out {}: {}", k.path.display(), k.reason);
    }
    !s.skipped.is_empty()
}

/// A line on stderr of what is being done, when stderr is a terminal
/// (a script reading stderr gets only the warnings and errors).
fn progress_line(what: &str) {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        eprintln!("privscan-lake: {what}…");
    }
}

fn progress(stage: privscan_lake::scan::Stage) {
    progress_line(&stage.to_string());
}

fn print_json(v: &impl serde::Serialize) -> Result<(), String> {
    let text = serde_json::to_string_pretty(v).map_err(|e| e.to_string())?;
    let mut out = std::io::stdout().lock();
    // A closed pipe (| head) is not an error.
    let _ = writeln!(out, "{text}");
    Ok(())
}

fn print_text(s: &Scanned) {
    let r = &s.report;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{} files, {} rows, {} columns",
        s.sources.len(),
        r.input.rows,
        r.columns.len()
    );
    for c in &r.columns {
        let _ = writeln!(
            out,
            "  {:<28} {:<20} {:<10} {:.2}",
            c.name,
            c.entity.name(),
            format!("{:?}", c.kind).to_lowercase(),
            c.confidence
        );
    }
    let _ = writeln!(out, "{}", r.summary.verdict.text);
    if let Some(risk) = &r.risk {
        let _ = writeln!(
            out,
            "risk: {} of {} records unique on the quasi-identifiers; k = {}",
            risk.unique_records, risk.records, risk.k
        );
    }
}

async fn run(cli: Cli) -> Result<bool, String> {
    match cli.command {
        Command::Scan(a) => {
            let ctx = session(&a.table.engine.engine(), a.table.engine.partitions).await?;
            let s = scan(
                &ctx,
                &a.table.paths,
                &scan_options(&a.table),
                delimiter(&a.table)?,
                &progress,
            )
            .await?;
            if a.json {
                print_json(&s.report)?;
            } else {
                print_text(&s);
            }
            Ok(warn_skipped(&s))
        }
        Command::Mask(a) => {
            let plan = match &a.plan {
                Some(p) => Some(
                    std::fs::read_to_string(p)
                        .map_err(|e| format!("cannot read {}: {e}", p.display()))
                        .and_then(|t| {
                            privscan::mask::plan::parse_plan(&t)
                                .map_err(|e| format!("{}: {e}", p.display()))
                        })?,
                ),
                None => None,
            };
            let format = match a.format.as_str() {
                "csv" => OutFormat::Csv,
                "parquet" => OutFormat::Parquet,
                other => return Err(format!("--format is csv or parquet, not {other:?}")),
            };
            let mut opts = scan_options(&a.table);
            opts.qi = privscan::pipeline::mask_job_qi(opts.qi.take(), plan.as_deref());
            let ctx = session(&a.table.engine.engine(), a.table.engine.partitions).await?;
            let s = scan(&ctx, &a.table.paths, &opts, delimiter(&a.table)?, &progress).await?;
            let steps = match plan {
                Some(p) => p,
                None => {
                    let k = opts.k_target();
                    privscan::pipeline::suggested_plan(
                        &s.scanner,
                        list(&a.table.qi).as_deref(),
                        &OptimizeOptions {
                            k,
                            ..OptimizeOptions::default()
                        },
                    )
                    .map_err(|e| e.to_string())?
                    .steps
                }
            };
            if privscan::pipeline::needs_key(&steps) {
                if let Some(k) = &a.key_file {
                    ensure_key(k)?;
                }
            }
            progress_line("masking");
            let summary = mask(
                &ctx,
                &s,
                &MaskJob {
                    steps: &steps,
                    key_file: a.key_file.as_deref(),
                    out: &a.out,
                    format,
                    keep_formulas: a.keep_formulas,
                },
            )
            .await?;
            let skipped = warn_skipped(&s);
            // The masked parts, scanned as a table of their own.
            let after_opts = ScanOptions {
                qi: Some(summary.after_qi.clone()),
                sensitive: Some(summary.after_sensitive.clone()),
                // As privscan mask measures its output: k of the plan's
                // suppression.
                k: summary.k,
                as_of: opts.as_of.clone(),
                ..ScanOptions::default()
            };
            progress_line("scanning the masked parts");
            let after = scan(
                &ctx,
                std::slice::from_ref(&a.out),
                &after_opts,
                None,
                &|_| {},
            )
            .await?;
            if let Some(p) = &a.report {
                let text =
                    serde_json::to_string_pretty(&after.report).map_err(|e| e.to_string())?;
                std::fs::write(p, text)
                    .map_err(|e| format!("cannot write {}: {e}", p.display()))?;
            }
            print_json(&serde_json::json!({
                "masking": summary,
                "after": {
                    "rows": after.report.input.rows,
                    "summary": after.report.summary,
                    "risk": after.report.risk,
                },
            }))?;
            Ok(skipped)
        }
    }
}

/// A key file that does not exist yet gets a new key (as `privscan mask
/// --key-file` writes one), readable by its owner only.
fn ensure_key(path: &std::path::Path) -> Result<(), String> {
    if path.exists() {
        return Ok(());
    }
    let mut k = vec![0u8; privscan::key::Key::NEW_BYTES];
    getrandom::getrandom(&mut k).map_err(|e| format!("no random numbers for a key: {e}"))?;
    let hex: String = k.iter().map(|b| format!("{b:02x}")).collect();
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)
        .and_then(|mut f| f.write_all(format!("{hex}\n").as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!(
        "privscan-lake: wrote a new pseudonymisation key to {}: keep it secret, and give every worker the same file",
        path.display()
    );
    Ok(())
}

fn main() {
    let cli = Cli::parse();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("privscan-lake: {e}");
            std::process::exit(2);
        }
    };
    match rt.block_on(run(cli)) {
        Ok(false) => {}
        Ok(true) => std::process::exit(2),
        Err(e) => {
            eprintln!("privscan-lake: {e}");
            std::process::exit(2);
        }
    }
}
