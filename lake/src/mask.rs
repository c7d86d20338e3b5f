//! A masking plan applied by the engine: each column's cell operators as
//! `privscan_mask` calls, local suppression as a window count over the
//! suppressed columns' masked values (`count(*) OVER (PARTITION BY …)`),
//! written as CSV or Parquet parts. The pseudonymisation key never
//! travels in the plan: each worker reads it from the key file the step
//! names.

use crate::functions::{MASK, ROW_HASH};
use crate::scan::{Result, Scanned};
use crate::sources::column_name;
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::execution::FunctionRegistry;
use datafusion::functions_aggregate::count::count_all_window;
use datafusion::functions_aggregate::expr_fn::count;
use datafusion::functions_window::expr_fn::row_number;
use datafusion::logical_expr::{when, ExprFunctionExt};
use datafusion::prelude::{col, lit, Expr, SessionContext};
use privscan::mask::apply::{masked_cell, neutralised, Chain};
use privscan::mask::operators::{Built, Context, Params};
use privscan::mask::optimize::small_classes_weighted;
use privscan::mask::plan::{Lint, Step};
use privscan::profile::codes::CodeSlice;
use privscan::profile::encode::EncodedColumn;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

/// One operator and its parameters.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpStep {
    /// Operator name.
    pub operator: String,
    /// Its parameters.
    #[serde(default)]
    pub params: Params,
}

/// The argument of `privscan_mask`: a column's cell operators and how the
/// cell is written.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellStep {
    /// The entity the column holds (operators mask by it).
    pub entity: String,
    /// The operators, applied in order.
    #[serde(default)]
    pub steps: Vec<OpStep>,
    /// The pseudonymisation key's file, read by each worker.
    #[serde(default)]
    pub key_file: Option<String>,
    /// A cell a spreadsheet would run as a formula gets a leading `'`.
    #[serde(default)]
    pub neutralise: bool,
    /// The value the classes of local suppression see (NULL for an empty
    /// cell), not the cell as written.
    #[serde(default)]
    pub class_key: bool,
}

/// A built [`CellStep`].
pub struct CellOp {
    chain: Option<Chain>,
    neutralise: bool,
    class_key: bool,
}

impl CellOp {
    /// The cell as written (or as the classes see it) into `out`; false
    /// for a NULL.
    pub fn apply(&self, raw: &str, out: &mut String) -> bool {
        if self.class_key {
            let t = privscan::cell::clean_cell(raw);
            if t.is_empty() {
                return false;
            }
            match &self.chain {
                Some(c) => privscan::mask::operators::CellOp::apply(c, t, out),
                None => {
                    out.clear();
                    out.push_str(t);
                }
            }
            return true;
        }
        match &self.chain {
            Some(c) => {
                masked_cell(c, raw, out);
            }
            None => {
                out.clear();
                out.push_str(raw);
            }
        }
        if self.neutralise {
            if let Some(q) = neutralised(out) {
                *out = q;
            }
        }
        true
    }
}

/// Keys read by this process, by file: read once, not once per batch.
fn key_from(path: &str) -> Result<Arc<Vec<u8>>> {
    static KEYS: OnceLock<Mutex<HashMap<String, Arc<Vec<u8>>>>> = OnceLock::new();
    let keys = KEYS.get_or_init(Default::default);
    let mut keys = keys
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(k) = keys.get(path) {
        return Ok(k.clone());
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("the key file {path} cannot be read here: {e}"))?;
    let key = privscan::key::Key::from_hex(&text).map_err(|e| format!("{path}: {e}"))?;
    let key = Arc::new(key.bytes().to_vec());
    keys.insert(path.to_string(), key.clone());
    Ok(key)
}

/// Builds the step `json` describes.
pub fn cell_op(json: &str) -> Result<CellOp> {
    let step: CellStep = serde_json::from_str(json)
        .map_err(|e| format!("privscan_mask's step is not a cell step: {e}"))?;
    let entity = privscan::Entity::from_name(&step.entity)
        .ok_or_else(|| format!("privscan_mask: unknown entity {:?}", step.entity))?;
    let key = step.key_file.as_deref().map(key_from).transpose()?;
    let ctx = Context {
        entity,
        key: key.as_ref().map(|k| k.as_slice()),
    };
    let mut ops = Vec::new();
    for s in &step.steps {
        let built = privscan::mask::operators::operator(&s.operator)
            .and_then(|o| o.build(&s.params, &ctx))
            .map_err(|e| e.to_string())?;
        match built {
            Built::Cells(op) => ops.push(op),
            _ => {
                return Err(format!(
                "privscan_mask applies operators cell by cell; {} acts on the column or on records",
                s.operator
            ))
            }
        }
    }
    Ok(CellOp {
        chain: (!ops.is_empty()).then(|| Chain(ops)),
        neutralise: step.neutralise,
        class_key: step.class_key,
    })
}

/// How the masked parts are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutFormat {
    /// CSV with a header line.
    Csv,
    /// Parquet, every column text.
    Parquet,
}

/// What a mask job did.
#[derive(Debug, Serialize)]
pub struct MaskSummary {
    /// The quasi-identifiers the scan of the output measures (names).
    #[serde(skip)]
    pub after_qi: Vec<String>,
    /// The sensitive columns it measures (names).
    #[serde(skip)]
    pub after_sensitive: Vec<String>,
    /// The plan applied (columns as indexes of the input).
    pub plan: Vec<Step>,
    /// What the plan still leaks.
    pub warnings: Vec<Lint>,
    /// Rows read.
    pub rows_in: u64,
    /// Rows written.
    pub rows_out: u64,
    /// Records whose quasi-identifiers were suppressed (`*`), or dropped
    /// with record suppression.
    pub records_suppressed: u64,
    /// The class size below which records were suppressed.
    pub k: Option<u32>,
    /// Columns removed (indexes of the input).
    pub dropped_columns: Vec<usize>,
    /// The directory written.
    pub out: String,
    /// Its files.
    pub files: Vec<String>,
}

/// Options of a mask job.
pub struct MaskJob<'a> {
    /// The steps (a plan, or the suggestions).
    pub steps: &'a [Step],
    /// The key file, when the plan pseudonymises.
    pub key_file: Option<&'a Path>,
    /// The directory to write.
    pub out: &'a Path,
    /// CSV or Parquet.
    pub format: OutFormat,
    /// Keep cells that spreadsheets would run as formulas as they are.
    pub keep_formulas: bool,
}

fn step_json(s: &CellStep) -> Result<String> {
    serde_json::to_string(s).map_err(|e| e.to_string())
}

/// Applies `job` to the scanned table; the parts go to `job.out`.
pub async fn mask(
    ctx: &SessionContext,
    scanned: &Scanned,
    job: &MaskJob<'_>,
) -> Result<MaskSummary> {
    let plan = scanned
        .scanner
        .engine_plan(job.steps)
        .map_err(|e| e.to_string())?;
    if privscan::pipeline::needs_key(job.steps) && job.key_file.is_none() {
        return Err("this plan pseudonymises: give --key-file PATH (every worker reads the key from that path; a new key is written there when it does not exist)".into());
    }
    let key_file = job.key_file.map(|p| p.display().to_string());
    let names = &scanned.names;
    let width = names.len();
    let mask_fn = ctx.udf(MASK).map_err(|e| e.to_string())?;
    let row_hash = ctx.udf(ROW_HASH).map_err(|e| e.to_string())?;
    let table = crate::scan::table(ctx, &scanned.sources, names).await?;
    let cell_step = |i: usize, class_key: bool| CellStep {
        entity: plan.columns[i].entity.name().to_string(),
        steps: plan.columns[i]
            .steps
            .iter()
            .map(|(operator, params)| OpStep {
                operator: operator.clone(),
                params: params.clone(),
            })
            .collect(),
        key_file: key_file.clone(),
        neutralise: !job.keep_formulas && !class_key,
        class_key,
    };
    let suppressed: Vec<usize> = (0..width).filter(|&i| plan.columns[i].suppress).collect();
    let rows_in = scanned.report.input.rows;

    // The classes of the suppressed columns after their operators.
    let mut small = lit(false);
    let mut records_suppressed = 0u64;
    let mut df = table;
    if let (Some(k), false) = (plan.k, suppressed.is_empty()) {
        let mut keys = Vec::new();
        for (n, &i) in suppressed.iter().enumerate() {
            let s = step_json(&cell_step(i, true))?;
            keys.push(
                mask_fn
                    .call(vec![col(column_name(i)), lit(s)])
                    .alias(format!("k{n}")),
            );
        }
        let mut sel: Vec<Expr> = (0..width).map(|j| col(column_name(j))).collect();
        sel.push(
            row_hash
                .call((0..width).map(|j| col(column_name(j))).collect())
                .alias("h"),
        );
        sel.extend(keys);
        df = df.select(sel).map_err(|e| e.to_string())?;
        let key_cols: Vec<Expr> = (0..suppressed.len())
            .map(|n| col(format!("k{n}")))
            .collect();
        let tuples = df
            .clone()
            .aggregate(key_cols.clone(), vec![count(lit(1)).alias("n")])
            .map_err(|e| e.to_string())?
            .collect()
            .await
            .map_err(|e| e.to_string())?;
        let (values, counts) = crate::scan::tuples(&tuples, suppressed.len())?;
        let small_of = small_of(&values, &counts, k, !plan.drop_records);
        records_suppressed = small_of.iter().map(|s| s.take).sum();
        // Classes below k by their window count; the records a top-up
        // takes from larger classes by their keys (few, if any).
        let window_n = count_all_window()
            .partition_by(key_cols.clone())
            .build()
            .map_err(|e| e.to_string())?
            .alias("wn");
        let rn = row_number()
            .partition_by(key_cols.clone())
            .order_by(vec![col("h").sort(true, true)])
            .build()
            .map_err(|e| e.to_string())?
            .alias("rn");
        // One window per call: the planner wants one sort order per window
        // node.
        df = df
            .window(vec![window_n])
            .and_then(|d| d.window(vec![rn]))
            .map_err(|e| e.to_string())?;
        small = col("wn").lt(lit(i64::from(k)));
        for s in small_of
            .iter()
            .filter(|s| s.take > 0 && s.size >= u64::from(k))
        {
            let mut cond = lit(true);
            for (n, v) in values.iter().map(|v| &v[s.tuple]).enumerate() {
                let c = col(format!("k{n}"));
                cond = cond.and(match v {
                    Some(v) => c.eq(lit(v.clone())),
                    None => c.is_null(),
                });
            }
            if s.take < s.size {
                cond = cond.and(col("rn").lt_eq(lit(s.take as i64)));
            }
            small = small.or(cond);
        }
        if plan.drop_records {
            df = df
                .filter(datafusion::prelude::not(small.clone()))
                .map_err(|e| e.to_string())?;
            small = lit(false);
        }
    }
    let mut out_cols = Vec::new();
    for i in 0..width {
        if plan.columns[i].drop {
            continue;
        }
        let s = step_json(&cell_step(i, false))?;
        let masked = mask_fn.call(vec![col(column_name(i)), lit(s)]);
        let e = if plan.columns[i].suppress {
            when(small.clone(), lit("*"))
                .otherwise(masked)
                .map_err(|e| e.to_string())?
        } else {
            masked
        };
        out_cols.push(e.alias(out_name(names, i)));
    }
    let df = df.select(out_cols).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(job.out)
        .map_err(|e| format!("cannot create {}: {e}", job.out.display()))?;
    let out = job.out.display().to_string();
    let written = match job.format {
        OutFormat::Csv => df.write_csv(&out, DataFrameWriteOptions::new(), None).await,
        OutFormat::Parquet => {
            df.write_parquet(&out, DataFrameWriteOptions::new(), None)
                .await
        }
    }
    .map_err(|e| format!("cannot write the masked parts to {out}: {e}"))?;
    let rows_out: u64 = written
        .iter()
        .filter_map(|b| {
            b.column(0)
                .as_any()
                .downcast_ref::<datafusion::arrow::array::UInt64Array>()
                .map(|a| a.iter().flatten().sum::<u64>())
        })
        .sum();
    let mut files: Vec<String> = std::fs::read_dir(job.out)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .map(|p| p.display().to_string())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    Ok(MaskSummary {
        after_qi: plan.after_qi.clone(),
        after_sensitive: plan.after_sensitive.clone(),
        plan: plan.plan.clone(),
        warnings: plan.warnings.clone(),
        rows_in,
        rows_out,
        records_suppressed,
        k: plan.k,
        dropped_columns: (0..width).filter(|&i| plan.columns[i].drop).collect(),
        out,
        files,
    })
}

/// The output name of column `i`: its header, or `column_N` as the report
/// names a column without one.
fn out_name(names: &[String], i: usize) -> String {
    match names.get(i) {
        Some(n) if !n.is_empty() => n.clone(),
        _ => format!("column_{}", i + 1),
    }
}

/// A tuple of the suppressed columns' classes and the records of it to
/// suppress.
struct SmallTuple {
    tuple: usize,
    size: u64,
    take: u64,
}

/// Which records of each tuple the masker suppresses: the same rule as
/// `privscan mask` ([`small_classes_weighted`], on the tuples with their
/// counts).
fn small_of(
    values: &[Vec<Option<String>>],
    counts: &[u64],
    k: u32,
    local: bool,
) -> Vec<SmallTuple> {
    let tuples = counts.len();
    let coded: Vec<EncodedColumn> = values
        .iter()
        .map(|v| EncodedColumn::from_values(v))
        .collect();
    let cols: Vec<(CodeSlice<'_>, usize)> = coded
        .iter()
        .filter_map(|c| Some((c.codes()?, c.cardinality())))
        .collect();
    let weights: privscan::risk::classes::Weights = Some(Arc::from(counts.to_vec()));
    let small = small_classes_weighted(&cols, tuples, k, None, local, &weights);
    (0..tuples)
        .map(|t| SmallTuple {
            tuple: t,
            size: counts[t],
            take: small.rows[t],
        })
        .collect()
}
