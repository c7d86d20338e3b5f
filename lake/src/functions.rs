//! PrivScan's functions for a DataFusion session (and every Ballista
//! scheduler and executor, which resolve them by name):
//!
//! * `privscan_row_hash(c1, …, cn)` — a row's hash from all its cells,
//!   the key the column samples pick rows by (UInt64);
//! * `privscan_profile(cell, row_hash, spec)` — aggregate: one column's
//!   mergeable profile state (Binary; partial states merge in any order);
//! * `privscan_verdict(cell, row_hash, spec)` — aggregate: the column's
//!   verdict on its own, as the report's column object (JSON text);
//! * `privscan_qi(cell, form)` — a cell's value as risk groups it (NULL
//!   for an empty cell);
//! * `privscan_mask(cell, step)` — one masking step applied to a cell.
//!
//! `spec` and `step` are JSON text literals ([`privscan::pipeline::ColumnSpec`],
//! [`crate::mask::CellStep`]).

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BinaryArray, StringArray, StringBuilder, UInt64Array,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{exec_err, plan_err, DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, ColumnarValue, ScalarFunctionArgs, ScalarUDF,
    ScalarUDFImpl, Signature, Volatility,
};
use datafusion::physical_expr::expressions::Literal;
use privscan::pipeline::{self, ColumnSpec, ColumnState, RiskForm};
use std::sync::Arc;

/// The names of the functions, as SQL calls them.
pub const ROW_HASH: &str = "privscan_row_hash";
/// See the module's documentation.
pub const PROFILE: &str = "privscan_profile";
/// See the module's documentation.
pub const VERDICT: &str = "privscan_verdict";
/// See the module's documentation.
pub const QI: &str = "privscan_qi";
/// See the module's documentation.
pub const MASK: &str = "privscan_mask";

/// The scalar functions.
pub fn scalar_functions() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::new(ScalarUDF::from(RowHash::new())),
        Arc::new(ScalarUDF::from(TextFunction::new(
            QI,
            "the form of privscan_qi",
            qi_function,
        ))),
        Arc::new(ScalarUDF::from(TextFunction::new(
            MASK,
            "the step of privscan_mask",
            mask_function,
        ))),
    ]
}

/// The aggregate functions.
pub fn aggregate_functions() -> Vec<Arc<AggregateUDF>> {
    vec![
        Arc::new(AggregateUDF::from(Profile::new(Output::State))),
        Arc::new(AggregateUDF::from(Profile::new(Output::Verdict))),
    ]
}

/// Registers every function in a session.
pub fn register(ctx: &datafusion::prelude::SessionContext) {
    for f in scalar_functions() {
        ctx.register_udf(f.as_ref().clone());
    }
    for f in aggregate_functions() {
        ctx.register_udaf(f.as_ref().clone());
    }
}

/// Registers every function in a session state (a Ballista scheduler's
/// or executor's).
pub fn register_state(state: &mut datafusion::execution::SessionState) -> Result<()> {
    use datafusion::execution::FunctionRegistry;
    for f in scalar_functions() {
        state.register_udf(f)?;
    }
    for f in aggregate_functions() {
        state.register_udaf(f)?;
    }
    Ok(())
}

fn error(e: privscan::Error) -> DataFusionError {
    DataFusionError::Execution(e.to_string())
}

/// A column of any type as text.
fn as_text(a: &ArrayRef) -> Result<ArrayRef> {
    if a.data_type() == &DataType::Utf8 {
        Ok(a.clone())
    } else {
        Ok(cast(a, &DataType::Utf8)?)
    }
}

/// The text of a literal argument (a constant column's first value).
fn literal_text(v: &ColumnarValue, what: &str) -> Result<String> {
    let s = match v {
        ColumnarValue::Scalar(s) => s.clone(),
        ColumnarValue::Array(a) if !a.is_empty() => ScalarValue::try_from_array(a, 0)?,
        ColumnarValue::Array(_) => return exec_err!("{what} is missing"),
    };
    match s {
        ScalarValue::Utf8(Some(t))
        | ScalarValue::LargeUtf8(Some(t))
        | ScalarValue::Utf8View(Some(t)) => Ok(t),
        other => exec_err!("{what} must be a text literal, not {other:?}"),
    }
}

/// `privscan_row_hash(c1, …, cn)`.
#[derive(Debug, PartialEq, Eq, Hash)]
struct RowHash {
    signature: Signature,
}

impl RowHash {
    fn new() -> Self {
        RowHash {
            signature: Signature::variadic_any(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for RowHash {
    fn name(&self) -> &str {
        ROW_HASH
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::UInt64)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let n = args.number_rows;
        let cols = args
            .args
            .iter()
            .map(|a| as_text(&a.to_array(n)?))
            .collect::<Result<Vec<_>>>()?;
        let cols: Vec<&StringArray> = cols.iter().map(|a| a.as_string::<i32>()).collect();
        let out: UInt64Array = (0..n)
            .map(|r| {
                Some(privscan::profile::table::row_hash(cols.iter().map(|c| {
                    if c.is_null(r) {
                        ""
                    } else {
                        c.value(r)
                    }
                })))
            })
            .collect();
        Ok(ColumnarValue::Array(Arc::new(out)))
    }
}

/// A cell's text through a function that a text literal (the second
/// argument) configures once per batch; `None` from it is a NULL.
type CellFn = Box<dyn Fn(&str, &mut String) -> bool>;

/// `privscan_qi(cell, form)` and `privscan_mask(cell, step)`.
#[derive(Debug)]
struct TextFunction {
    name: &'static str,
    /// What the literal is, for messages.
    literal: &'static str,
    build: fn(&str) -> std::result::Result<CellFn, String>,
    signature: Signature,
}

impl TextFunction {
    fn new(
        name: &'static str,
        literal: &'static str,
        build: fn(&str) -> std::result::Result<CellFn, String>,
    ) -> Self {
        TextFunction {
            name,
            literal,
            build,
            signature: Signature::any(2, Volatility::Immutable),
        }
    }
}

// A function is known by its name (two with one name would clash in a
// session anyway).
impl PartialEq for TextFunction {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for TextFunction {}

impl std::hash::Hash for TextFunction {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

fn qi_function(form: &str) -> std::result::Result<CellFn, String> {
    let Some(form) = RiskForm::parse(form) else {
        return Err(format!(
            "privscan_qi's form is 'values' or 'districts', not {form:?}"
        ));
    };
    Ok(Box::new(
        move |cell: &str, out: &mut String| match pipeline::risk_value(Some(cell), form) {
            Some(v) => {
                *out = v;
                true
            }
            None => false,
        },
    ))
}

fn mask_function(step: &str) -> std::result::Result<CellFn, String> {
    let op = crate::mask::cell_op(step)?;
    Ok(Box::new(move |cell: &str, out: &mut String| {
        op.apply(cell, out)
    }))
}

impl ScalarUDFImpl for TextFunction {
    fn name(&self) -> &str {
        self.name
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let n = args.number_rows;
        let literal = literal_text(&args.args[1], self.literal)?;
        let f = (self.build)(&literal).map_err(DataFusionError::Execution)?;
        let cells = as_text(&args.args[0].to_array(n)?)?;
        let cells = cells.as_string::<i32>();
        let mut out = StringBuilder::with_capacity(n, cells.value_data().len() + n);
        let mut buf = String::new();
        for r in 0..n {
            // A NULL cell is an empty one: risk groups it as empty, and
            // the masker writes it as it was.
            if !cells.is_null(r) && f(cells.value(r), &mut buf) {
                out.append_value(&buf);
            } else {
                out.append_null();
            }
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

/// What a profile aggregate returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Output {
    /// The merged state (Binary).
    State,
    /// The column's verdict (JSON text).
    Verdict,
}

/// `privscan_profile` and `privscan_verdict`.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Profile {
    output: Output,
    signature: Signature,
}

impl Profile {
    fn new(output: Output) -> Self {
        Profile {
            output,
            signature: Signature::any(3, Volatility::Immutable),
        }
    }
}

impl AggregateUDFImpl for Profile {
    fn name(&self) -> &str {
        match self.output {
            Output::State => PROFILE,
            Output::Verdict => VERDICT,
        }
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(match self.output {
            Output::State => DataType::Binary,
            Output::Verdict => DataType::Utf8,
        })
    }
    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(vec![Arc::new(Field::new(
            format!("{}[state]", args.name),
            DataType::Binary,
            true,
        ))])
    }
    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        let Some(spec) = args
            .exprs
            .get(2)
            .and_then(|e| e.downcast_ref::<Literal>())
            .map(|l| l.value().clone())
        else {
            return plan_err!(
                "{}'s third argument must be the column's spec, a JSON text literal",
                self.name()
            );
        };
        let text = match spec {
            ScalarValue::Utf8(Some(t))
            | ScalarValue::LargeUtf8(Some(t))
            | ScalarValue::Utf8View(Some(t)) => t,
            other => return plan_err!("{}'s spec must be JSON text, not {other:?}", self.name()),
        };
        let spec: ColumnSpec = serde_json::from_str(&text).map_err(|e| {
            DataFusionError::Plan(format!("{}'s spec is not a column spec: {e}", self.name()))
        })?;
        let state = ColumnState::new(&spec).map_err(error)?;
        Ok(Box::new(ProfileAcc {
            output: self.output,
            spec,
            state,
        }))
    }
}

#[derive(Debug)]
struct ProfileAcc {
    output: Output,
    spec: ColumnSpec,
    state: ColumnState,
}

impl ProfileAcc {
    fn encoded(&self) -> Result<Vec<u8>> {
        self.state.encode(&self.spec).map_err(error)
    }
}

impl Accumulator for ProfileAcc {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let cells = as_text(&values[0])?;
        let cells = cells.as_string::<i32>();
        let rows = cast(&values[1], &DataType::UInt64)?;
        let rows = rows.as_primitive::<datafusion::arrow::datatypes::UInt64Type>();
        for r in 0..cells.len() {
            let cell = (!cells.is_null(r)).then(|| cells.value(r));
            self.state.feed(cell, rows.value(r));
        }
        Ok(())
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let bin: &BinaryArray = states[0].as_binary::<i32>();
        for r in 0..bin.len() {
            if bin.is_null(r) {
                continue;
            }
            let (spec, other) = ColumnState::decode(bin.value(r)).map_err(error)?;
            if spec != self.spec {
                return exec_err!(
                    "a profile state of column {:?} cannot merge into column {:?}'s",
                    spec.name,
                    self.spec.name
                );
            }
            self.state.merge(other);
        }
        Ok(())
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![ScalarValue::Binary(Some(self.encoded()?))])
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        match self.output {
            Output::State => Ok(ScalarValue::Binary(Some(self.encoded()?))),
            Output::Verdict => {
                let column = pipeline::column_report(&self.spec, &self.state).map_err(error)?;
                let json = serde_json::to_string(&column)
                    .map_err(|e| DataFusionError::Execution(e.to_string()))?;
                Ok(ScalarValue::Utf8(Some(json)))
            }
        }
    }

    fn size(&self) -> usize {
        // The state's own estimate is its saved size: close enough for the
        // memory pool, and it is bounded by the samples' sizes.
        std::mem::size_of::<Self>() + 64 * 1024
    }
}
