//! `keep`: the column goes out unchanged (a plan may say so explicitly).

use super::{Built, CellOp, Context, Operator, Params};
use crate::error::Result;

/// The identity operator.
pub struct Keep;

struct Same;

impl CellOp for Same {
    fn apply(&self, cell: &str, out: &mut String) {
        out.clear();
        out.push_str(cell);
    }
}

impl Operator for Keep {
    fn name(&self) -> &'static str {
        "keep"
    }
    fn describe(&self) -> &'static str {
        "keep the column unchanged"
    }
    fn effect(&self) -> super::Effect {
        super::Effect::Keep
    }
    fn build(&self, _: &Params, _: &Context<'_>) -> Result<Built> {
        Ok(Built::Cells(Box::new(Same)))
    }
}
