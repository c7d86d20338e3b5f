//! The scan of a table in a lake: one aggregate query builds every
//! column's profile state per file (`privscan_profile`, partial states
//! merged by the engine across partitions and machines), the states are
//! merged here and judged as one scan judges them, and a second query
//! groups the risk columns' values with counts for the risk measures and
//! the masking search.

use crate::functions::{PROFILE, QI, ROW_HASH};
use crate::sources::{column_name, discover, inspect, read, Format, Skipped, Source};
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{Int64Type, UInt32Type};
use datafusion::execution::FunctionRegistry;
use datafusion::functions_aggregate::expr_fn::count;
use datafusion::prelude::{col, lit, DataFrame, Expr, SessionContext};
use privscan::pipeline::{
    column_specs, ColumnState, Grouped, Relayed, RiskForm, ScanOptions, Scanner, TableStates,
};
use privscan::report::PartInfo;
use privscan::Report;
use std::path::PathBuf;

/// Errors are sentences that name the file, column or option at fault.
pub type Result<T> = std::result::Result<T, String>;

/// A finished scan of a lake's table.
pub struct Scanned {
    /// The report.
    pub report: Report,
    /// The finished scan (masking plans are made on it).
    pub scanner: Scanner,
    /// The files read.
    pub sources: Vec<Source>,
    /// The table's column names.
    pub names: Vec<String>,
    /// Files left out, and why.
    pub skipped: Vec<Skipped>,
}

fn df_error(e: datafusion::error::DataFusionError) -> String {
    // The engine's own error text names the line or the function at fault.
    e.to_string()
}

/// What a scan is doing, for a progress line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Profiling `files` files of `bytes` bytes in all.
    Profiling {
        /// Files read.
        files: usize,
        /// Their bytes.
        bytes: u64,
    },
    /// Grouping the risk columns' values.
    Grouping,
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stage::Profiling { files, bytes } => write!(
                f,
                "profiling {files} file{} ({:.1} MB)",
                if *files == 1 { "" } else { "s" },
                *bytes as f64 / 1e6
            ),
            Stage::Grouping => write!(f, "grouping the risk columns' values"),
        }
    }
}

/// Scans the table whose files are under `paths`; `on_stage` hears what
/// it is doing.
pub async fn scan(
    ctx: &SessionContext,
    paths: &[PathBuf],
    opts: &ScanOptions,
    delimiter: Option<u8>,
    on_stage: &(dyn Fn(Stage) + Sync),
) -> Result<Scanned> {
    let (files, mut skipped) = discover(paths);
    let mut sources: Vec<Source> = Vec::new();
    for f in files {
        match inspect(&f, delimiter) {
            Ok(s) => sources.push(s),
            Err(reason) => skipped.push(Skipped { path: f, reason }),
        }
    }
    // The table is the one most files hold (then the most bytes): a
    // stray file of another table is the one left out, wherever it sorts.
    let mut tables: Vec<(&Vec<String>, usize, u64)> = Vec::new();
    for s in &sources {
        match tables.iter_mut().find(|t| same_columns(t.0, s)) {
            Some(t) => {
                t.1 += 1;
                t.2 += s.bytes;
            }
            None => tables.push((&s.names, 1, s.bytes)),
        }
    }
    let Some(&(names, _, _)) = tables.iter().rev().max_by_key(|t| (t.1, t.2)) else {
        return Err(no_table(paths, &skipped));
    };
    let names = names.clone();
    let first_path = sources
        .iter()
        .find(|s| s.names == names)
        .map_or_else(String::new, |s| s.path.display().to_string());
    sources.retain(|s| {
        let fits = same_columns(&names, s);
        if !fits {
            skipped.push(Skipped {
                path: s.path.clone(),
                reason: format!(
                    "has the columns {:?}, and the table's are {:?} (from {first_path}): a file of another table",
                    s.names, names
                ),
            });
        }
        fits
    });
    // The hashes of the files are taken while the engine reads them.
    let hashing = {
        let paths: Vec<PathBuf> = sources.iter().map(|s| s.path.clone()).collect();
        tokio::task::spawn_blocking(move || hash_files(&paths))
    };
    let specs = column_specs(opts, &names).map_err(|e| e.to_string())?;
    on_stage(Stage::Profiling {
        files: sources.len(),
        bytes: sources.iter().map(|s| s.bytes).sum(),
    });
    let (batches, sources) = loop {
        let table = table(ctx, &sources, &names).await?;
        match profile_query(ctx, table, &specs)?.collect().await {
            Ok(b) => break (b, sources),
            Err(e) => {
                let bad = find_bad(ctx, &sources, &names).await;
                if bad.is_empty() {
                    return Err(df_error(e));
                }
                sources = sources
                    .into_iter()
                    .enumerate()
                    .filter_map(|(i, s)| match bad.iter().find(|b| b.0 == i) {
                        Some((_, reason)) => {
                            skipped.push(Skipped {
                                path: s.path,
                                reason: reason.clone(),
                            });
                            None
                        }
                        None => Some(s),
                    })
                    .collect();
                if sources.is_empty() {
                    return Err(no_table(paths, &skipped));
                }
            }
        }
    };
    let hashes: std::collections::HashMap<PathBuf, String> = hashing
        .await
        .map_err(|e| e.to_string())??
        .into_iter()
        .collect();

    // Per file its rows; per column one state, merged here.
    let mut rows_of = vec![0u64; sources.len()];
    let mut merged: Vec<ColumnState> = specs
        .iter()
        .map(ColumnState::new)
        .collect::<privscan::Result<_>>()
        .map_err(|e| e.to_string())?;
    for b in &batches {
        let f = b.column(0).as_primitive::<UInt32Type>();
        let n = b.column(1).as_primitive::<Int64Type>();
        for r in 0..b.num_rows() {
            if let Some(rows) = rows_of.get_mut(f.value(r) as usize) {
                *rows += n.value(r) as u64;
            }
            for (j, m) in merged.iter_mut().enumerate() {
                let bin = b.column(2 + j).as_binary::<i32>();
                if bin.is_null(r) {
                    continue;
                }
                let (spec, state) = ColumnState::decode(bin.value(r)).map_err(|e| e.to_string())?;
                if spec != specs[j] {
                    return Err(format!(
                        "the engine returned a state of column {:?} for column {:?}",
                        spec.name, specs[j].name
                    ));
                }
                m.merge(state);
            }
        }
    }
    let parts: Vec<PartInfo> = sources
        .iter()
        .zip(&rows_of)
        .map(|(s, &rows)| PartInfo {
            name: s.path.display().to_string(),
            bytes: s.bytes,
            sha256: hashes.get(&s.path).cloned().unwrap_or_default(),
            rows,
        })
        .collect();
    let total_rows: u64 = rows_of.iter().sum();
    let first = &sources[0];
    let input = Relayed {
        sha256: match &parts[..] {
            [one] => one.sha256.clone(),
            many => privscan::pipeline::parts_sha256(many),
        },
        bytes: sources.iter().map(|s| s.bytes).sum(),
        encoding: "UTF-8".into(),
        encoding_confidence: if first.bom { "bom" } else { "valid_utf8" }.into(),
        delimiter: first.delimiter,
        rows: total_rows,
        ..Relayed::default()
    };
    let mut opts = opts.clone();
    if opts.name.is_none() {
        opts.name = match paths {
            [one] => Some(one.display().to_string()),
            _ => None,
        };
    }
    let forms: Vec<Option<RiskForm>> = merged.iter().map(ColumnState::risk_form).collect();
    let mut scanner = Scanner::of_states(
        opts,
        TableStates {
            names: names.clone(),
            rows: total_rows,
            columns: merged,
            input,
            parts: (parts.len() > 1).then_some(parts),
        },
    )
    .map_err(|e| e.to_string())?;
    let risk = scanner.risk_columns(&forms).map_err(|e| e.to_string())?;
    on_stage(Stage::Grouping);
    let grouped = group_query(ctx, table(ctx, &sources, &names).await?, &risk).await?;
    let report = scanner.finish_grouped(grouped).map_err(|e| e.to_string())?;
    Ok(Scanned {
        report,
        scanner,
        sources,
        names,
        skipped,
    })
}

/// The risk columns' values, grouped with counts.
async fn group_query(
    ctx: &SessionContext,
    table: DataFrame,
    risk: &[(usize, RiskForm)],
) -> Result<Grouped> {
    let qi = ctx.udf(QI).map_err(df_error)?;
    let keys: Vec<Expr> = risk
        .iter()
        .enumerate()
        .map(|(k, &(i, form))| {
            qi.call(vec![col(column_name(i)), lit(form.as_str())])
                .alias(format!("q{k}"))
        })
        .collect();
    let batches = table
        .aggregate(keys, vec![count(lit(1)).alias("n")])
        .map_err(df_error)?
        .collect()
        .await
        .map_err(df_error)?;
    let (values, counts) = tuples(&batches, risk.len())?;
    if counts.len() > privscan::pipeline::MAX_TUPLES {
        // Past the cap the measures are left out, as a scan leaves out a
        // column with too many values.
        return Ok(Grouped {
            columns: Vec::new(),
            values: Vec::new(),
            counts: vec![counts.iter().sum()],
        });
    }
    Ok(Grouped {
        columns: risk.iter().map(|r| r.0).collect(),
        values,
        counts,
    })
}

/// Per key column its values (`None`: NULL), and per tuple its count.
pub(crate) type Tuples = (Vec<Vec<Option<String>>>, Vec<u64>);

/// The tuples of a GROUP BY over `k` text columns with a count after
/// them: per column its values (`None`: NULL), and the counts.
pub(crate) fn tuples(batches: &[RecordBatch], k: usize) -> Result<Tuples> {
    let mut values: Vec<Vec<Option<String>>> = vec![Vec::new(); k];
    let mut counts = Vec::new();
    for b in batches {
        if b.num_columns() != k + 1 {
            return Err(format!(
                "the engine returned {} columns for {} keys and a count",
                b.num_columns(),
                k
            ));
        }
        let n = b.column(k).as_primitive::<Int64Type>();
        for (j, v) in values.iter_mut().enumerate() {
            let a = b.column(j).as_string::<i32>();
            v.extend((0..b.num_rows()).map(|r| (!a.is_null(r)).then(|| a.value(r).to_string())));
        }
        counts.extend(n.values().iter().map(|&c| c as u64));
    }
    Ok((values, counts))
}

/// The SHA-256 of each file, read on every core at once.
fn hash_files(paths: &[PathBuf]) -> Result<Vec<(PathBuf, String)>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per = paths.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .chunks(per)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|p| match crate::sources::sha256(p) {
                            Ok(h) => Ok((p.clone(), h)),
                            Err(e) => Err(format!("{}: {e}", p.display())),
                        })
                        .collect::<Result<Vec<_>>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(paths.len());
        for h in handles {
            out.extend(
                h.join()
                    .map_err(|_| "a hashing thread failed".to_string())??,
            );
        }
        Ok(out)
    })
}

/// Whether a file holds the columns `names`: a CSV file in that order,
/// a Parquet file in any order (its columns are read by name).
fn same_columns(names: &[String], s: &Source) -> bool {
    match s.format {
        Format::Csv => s.names == names,
        Format::Parquet => {
            s.names.len() == names.len() && names.iter().all(|n| s.names.contains(n))
        }
    }
}

fn no_table(paths: &[PathBuf], skipped: &[Skipped]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut m = format!("no table to read under {}", shown.join(", "));
    for s in skipped {
        m.push_str(&format!("\n  {}: {}", s.path.display(), s.reason));
    }
    m
}

/// The files as one table.
pub(crate) async fn table(
    ctx: &SessionContext,
    sources: &[Source],
    names: &[String],
) -> Result<DataFrame> {
    let mut out: Option<DataFrame> = None;
    for (i, s) in sources.iter().enumerate() {
        let df = read(ctx, s, i as u32, names)
            .await
            .map_err(|e| format!("{}: {}", s.path.display(), df_error(e)))?;
        out = Some(match out {
            None => df,
            Some(t) => t.union(df).map_err(df_error)?,
        });
    }
    out.ok_or_else(|| "no files".to_string())
}

/// The columns as expressions.
fn columns(n: usize) -> Vec<Expr> {
    (0..n).map(|j| col(column_name(j))).collect()
}

/// Per file: its rows and every column's profile state.
fn profile_query(
    ctx: &SessionContext,
    table: DataFrame,
    specs: &[privscan::pipeline::ColumnSpec],
) -> Result<DataFrame> {
    let row_hash = ctx.udf(ROW_HASH).map_err(df_error)?;
    let profile = ctx.udaf(PROFILE).map_err(df_error)?;
    let n = specs.len();
    let mut sel = vec![col("f")];
    sel.extend(columns(n));
    sel.push(row_hash.call(columns(n)).alias("h"));
    let mut aggs = vec![count(lit(1)).alias("n")];
    for (j, spec) in specs.iter().enumerate() {
        let spec = serde_json::to_string(spec).map_err(|e| e.to_string())?;
        aggs.push(
            profile
                .call(vec![col(column_name(j)), col("h"), lit(spec)])
                .alias(format!("p{j}")),
        );
    }
    table
        .select(sel)
        .and_then(|t| t.aggregate(vec![col("f")], aggs))
        .map_err(df_error)
}

/// The files the engine cannot read, each with the engine's error: each
/// file is read whole on its own.
async fn find_bad(
    ctx: &SessionContext,
    sources: &[Source],
    names: &[String],
) -> Vec<(usize, String)> {
    let Ok(row_hash) = ctx.udf(ROW_HASH) else {
        return Vec::new();
    };
    let mut bad = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        let check = async {
            read(ctx, s, i as u32, names)
                .await?
                .aggregate(vec![], vec![count(row_hash.call(columns(names.len())))])?
                .collect()
                .await
        };
        if let Err(e) = check.await {
            let said = df_error(e);
            let reason = if said.to_ascii_lowercase().contains("utf-8")
                || said.to_ascii_lowercase().contains("utf8")
            {
                format!(
                    "is not UTF-8 past the part checked before reading ({said}): convert it to UTF-8, or scan it with privscan, which reads GBK, GB18030 and UTF-16"
                )
            } else {
                format!("cannot be read as a table: {said}")
            };
            bad.push((i, reason));
        }
    }
    bad
}
