//! `drop`: the column is removed from the output, header included.

use super::{Built, Context, Operator, Params};
use crate::error::Result;

/// Removes the column.
pub struct Drop;

impl Operator for Drop {
    fn name(&self) -> &'static str {
        "drop"
    }
    fn describe(&self) -> &'static str {
        "remove the column"
    }
    fn effect(&self) -> super::Effect {
        super::Effect::Remove
    }
    fn build(&self, _: &Params, _: &Context<'_>) -> Result<Built> {
        Ok(Built::Drop)
    }
}
