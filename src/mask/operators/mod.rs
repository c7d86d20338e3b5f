//! Masking operators: one file each plus one line in [`OPERATORS`], as
//! detectors are. An operator checks its parameters once ([`Operator::build`])
//! and returns a [`CellOp`] that masks one cell at a time while the file
//! streams. Empty cells and null tokens (`NULL`, `-`, `N/A` …) stay as they
//! are: a mask never invents a value.

mod drop;
mod generalize_address;
mod generalize_age;
mod generalize_date;
mod generalize_postal;
mod generalize_region;
mod keep;
mod local_suppression;
mod mask;
mod pseudonymize;
mod redact;
mod round;

pub use crate::dict::places::{district_of, province_of};

use crate::entity::Entity;
use crate::error::{Error, ErrorKind, Result};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Operator parameters, as a plan writes them.
pub type Params = Map<String, Value>;

/// What an operator may know about its column.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// What the scan found in the column.
    pub entity: Entity,
    /// The pseudonymisation key (32 bytes), when one was given.
    pub key: Option<&'a [u8]>,
}

/// One cell's transform.
pub trait CellOp: Send + Sync {
    /// Writes the masked form of a non-empty cell to `out` (cleared first).
    fn apply(&self, cell: &str, out: &mut String);
}

/// How an operator acts on its column.
pub enum Built {
    /// Masks each cell.
    Cells(Box<dyn CellOp>),
    /// Removes the column from the output.
    Drop,
    /// Leaves the cells for the masker: local suppression or record
    /// suppression of records in classes smaller than `k`.
    Suppress {
        /// The class size below which records are suppressed.
        k: u32,
        /// Whole records (rows dropped) rather than cells (`*`).
        records: bool,
    },
}

/// A masking operator.
pub trait Operator: Sync {
    /// The name a plan uses (`"generalize_date"`).
    fn name(&self) -> &'static str;
    /// What it does, in one line.
    fn describe(&self) -> &'static str;
    /// Checks the parameters and builds the transform.
    fn build(&self, params: &Params, ctx: &Context<'_>) -> Result<Built>;
}

/// Every operator.
pub static OPERATORS: &[&dyn Operator] = &[
    &keep::Keep,
    &drop::Drop,
    &redact::Redact,
    &mask::Mask,
    &pseudonymize::Pseudonymize,
    &generalize_age::GeneralizeAge,
    &generalize_date::GeneralizeDate,
    &generalize_postal::GeneralizePostal,
    &generalize_region::GeneralizeRegion,
    &generalize_address::GeneralizeAddress,
    &round::Round,
    &local_suppression::LocalSuppression,
    &local_suppression::SuppressRecords,
];

/// The operator called `name`.
pub fn operator(name: &str) -> Result<&'static dyn Operator> {
    OPERATORS
        .iter()
        .copied()
        .find(|o| o.name() == name)
        .ok_or_else(|| {
            let known: Vec<&str> = OPERATORS.iter().map(|o| o.name()).collect();
            Error::new(ErrorKind::Options(format!(
                "unknown masking operator {name:?} (known: {})",
                known.join(", ")
            )))
        })
}

/// Reads an operator's parameters into its own type (unknown fields are an
/// error naming the operator).
fn params<T: DeserializeOwned>(op: &str, p: &Params) -> Result<T> {
    serde_json::from_value(Value::Object(p.clone()))
        .map_err(|e| Error::new(ErrorKind::Options(format!("bad parameters for {op}: {e}"))))
}

/// A parameter that takes one of a few words (`to: "year"`), as the
/// operator's own value; an error listing the words otherwise.
fn one_of<T: Copy>(op: &str, key: &str, value: &str, choices: &[(&str, T)]) -> Result<T> {
    choices
        .iter()
        .find(|(w, _)| *w == value)
        .map(|&(_, t)| t)
        .ok_or_else(|| {
            let words: Vec<&str> = choices.iter().map(|c| c.0).collect();
            Error::new(ErrorKind::Options(format!(
                "{op}: `{key}` is {}, not {value:?}",
                words.join(", ")
            )))
        })
}

/// Builds an operator by name (for tests and simple callers).
pub fn build(name: &str, params: Value, ctx: &Context<'_>) -> Result<Built> {
    let Value::Object(p) = params else {
        return Err(Error::new(ErrorKind::Options(format!(
            "the parameters of {name} must be an object"
        ))));
    };
    operator(name)?.build(&p, ctx)
}

/// Runs a built cell operator on one value (tests, previews).
pub fn apply_one(op: &dyn CellOp, cell: &str) -> String {
    let mut out = String::new();
    op.apply(cell, &mut out);
    out
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// Applies `name` with `params` to each input and compares.
    pub fn table(name: &str, params: Value, entity: Entity, cases: &[(&str, &str)]) {
        let key = [7u8; 32];
        let ctx = Context {
            entity,
            key: Some(&key),
        };
        let Built::Cells(op) = build(name, params, &ctx).unwrap() else {
            panic!("{name} is not a cell operator");
        };
        for (input, want) in cases {
            assert_eq!(apply_one(op.as_ref(), input), *want, "{name}({input:?})");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_unknown_ones_are_errors() {
        let mut names: Vec<&str> = OPERATORS.iter().map(|o| o.name()).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n);
        let err = operator("shred").err().unwrap();
        assert!(err.to_string().contains("generalize_date"));
        let ctx = Context {
            entity: Entity::None,
            key: None,
        };
        let err = build("redact", serde_json::json!({"tokn": "x"}), &ctx)
            .err()
            .unwrap();
        assert!(err.to_string().contains("redact"), "{err}");
    }
}
