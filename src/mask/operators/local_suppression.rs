//! `local_suppression` and `suppress_records`: the column is one of the
//! quasi-identifiers whose equivalence classes (after the column's other
//! operators) are measured; where a record's class is smaller than `k`,
//! its cell becomes `*` (local suppression) or the whole record is left out
//! (record suppression, only when asked, and counted).

use super::{params, Built, Context, Operator, Params};
use crate::error::{Error, ErrorKind, Result};
use serde::Deserialize;

/// Cells of records in small classes become `*`.
pub struct LocalSuppression;
/// Records in small classes are left out.
pub struct SuppressRecords;

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct P {
    k: u32,
}

impl Default for P {
    fn default() -> Self {
        P {
            k: crate::risk::K_TARGET,
        }
    }
}

fn k(op: &str, p: &Params) -> Result<u32> {
    let p: P = params(op, p)?;
    crate::risk::k_for_masking(p.k)
        .map_err(|e| Error::new(ErrorKind::Options(format!("{op}: {e}"))))
}

impl Operator for LocalSuppression {
    fn name(&self) -> &'static str {
        "local_suppression"
    }
    fn describe(&self) -> &'static str {
        "a quasi-identifier: its cell becomes * where the record's class is smaller than k"
    }
    fn effect(&self) -> super::Effect {
        super::Effect::Suppress
    }
    fn build(&self, p: &Params, _: &Context<'_>) -> Result<Built> {
        Ok(Built::Suppress {
            k: k(self.name(), p)?,
            records: false,
        })
    }
}

impl Operator for SuppressRecords {
    fn name(&self) -> &'static str {
        "suppress_records"
    }
    fn describe(&self) -> &'static str {
        "a quasi-identifier: records in classes smaller than k are left out of the output"
    }
    fn effect(&self) -> super::Effect {
        super::Effect::Suppress
    }
    fn build(&self, p: &Params, _: &Context<'_>) -> Result<Built> {
        Ok(Built::Suppress {
            k: k(self.name(), p)?,
            records: true,
        })
    }
}
