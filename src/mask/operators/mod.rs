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
pub use mask::{mask_by_convention, scrub_line};

use crate::entity::Entity;
use crate::error::{Error, ErrorKind, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;
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

/// What an operator does to its column, as the lint, the search, the
/// CLI and the page need to know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// The values go out as they are.
    Keep,
    /// The values are gone: dropped, replaced by a token or a pseudonym.
    Remove,
    /// The values are coarsened or partly hidden.
    Generalise,
    /// Cells or records are suppressed where a class is smaller than k.
    Suppress,
}

/// One setting of an operator: its parameters (a JSON object) and a short
/// label, for menus and generalisation hierarchies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Parameters, as JSON.
    pub params: &'static str,
    /// A label (`"year"`, `"band 10"`); the dictionaries word it as
    /// `level.<label>`.
    pub label: &'static str,
}

impl Choice {
    /// `params` with `label`.
    pub const fn new(params: &'static str, label: &'static str) -> Choice {
        Choice { params, label }
    }

    /// The parameters as a JSON value.
    pub fn params(&self) -> Value {
        serde_json::from_str(self.params).unwrap_or_else(|_| Value::Object(Map::new()))
    }
}

/// The default settings: no parameters.
const DEFAULT_CHOICE: &[Choice] = &[Choice::new("{}", "")];

/// A masking operator: what it is (its effect, whether it needs a key, the
/// settings it offers and its generalisation levels per entity) and how it
/// masks.
pub trait Operator: Sync {
    /// The name a plan uses (`"generalize_date"`).
    fn name(&self) -> &'static str;
    /// What it does, in one line.
    fn describe(&self) -> &'static str;
    /// What it does to its column.
    fn effect(&self) -> Effect;
    /// Whether it needs the pseudonymisation key.
    fn needs_key(&self) -> bool {
        false
    }
    /// The settings a menu offers.
    fn choices(&self) -> &'static [Choice] {
        DEFAULT_CHOICE
    }
    /// The entities whose values it generalises.
    fn generalises(&self) -> &'static [Entity] {
        &[]
    }
    /// Its generalisation levels for a column of `entity`, finest first
    /// (none when it does not generalise that entity): the search's
    /// hierarchy is built from these. By default its menu settings.
    fn levels(&self, entity: Entity) -> &'static [Choice] {
        if self.generalises().contains(&entity) {
            self.choices()
        } else {
            &[]
        }
    }
    /// Checks the parameters and builds the transform.
    fn build(&self, params: &Params, ctx: &Context<'_>) -> Result<Built>;
}

/// An operator as the page's menus and other programs see it.
#[derive(Clone, Debug, Serialize)]
pub struct CatalogueEntry {
    /// Its name.
    pub name: &'static str,
    /// What it does to its column.
    pub effect: Effect,
    /// Whether it needs the key.
    pub needs_key: bool,
    /// The settings it offers: `{params, label}`.
    pub choices: Vec<Value>,
}

/// Every operator, for menus (the page builds its operator menu from this).
pub fn catalogue() -> Vec<CatalogueEntry> {
    OPERATORS
        .iter()
        .map(|o| CatalogueEntry {
            name: o.name(),
            effect: o.effect(),
            needs_key: o.needs_key(),
            choices: o
                .choices()
                .iter()
                .map(|c| serde_json::json!({"params": c.params(), "label": c.label}))
                .collect(),
        })
        .collect()
}

/// The effect of the operator called `name` (`None` when unknown).
pub fn effect_of(name: &str) -> Option<Effect> {
    OPERATORS
        .iter()
        .find(|o| o.name() == name)
        .map(|o| o.effect())
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
