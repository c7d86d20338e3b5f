//! `generalize_postal`: postal codes cut to a prefix (`310***`): a Chinese
//! code's first two digits are the province, four the area; a US ZIP's
//! first three the sectional centre.

use super::{params, Built, CellOp, Context, Operator, Params};
use crate::error::Result;
use serde::Deserialize;

/// Postal code prefixes.
pub struct GeneralizePostal;

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct P {
    /// Leading characters kept.
    keep: usize,
}

impl Default for P {
    fn default() -> Self {
        P { keep: 3 }
    }
}

struct Prefix(usize);

impl CellOp for Prefix {
    fn apply(&self, cell: &str, out: &mut String) {
        out.clear();
        let v = cell.trim();
        let n = v.chars().count();
        out.extend(v.chars().take(self.0));
        out.push_str(&"*".repeat(n.saturating_sub(self.0)));
    }
}

/// The prefixes kept, finest first.
const LEVELS: &[super::Choice] = &[
    super::Choice::new(r#"{"keep": 4}"#, "4 digits"),
    super::Choice::new(r#"{"keep": 3}"#, "3 digits"),
    super::Choice::new(r#"{"keep": 2}"#, "2 digits"),
];

impl Operator for GeneralizePostal {
    fn name(&self) -> &'static str {
        "generalize_postal"
    }
    fn describe(&self) -> &'static str {
        "postal codes cut to their first `keep` characters (310***)"
    }
    fn effect(&self) -> super::Effect {
        super::Effect::Generalise
    }
    fn choices(&self) -> &'static [super::Choice] {
        LEVELS
    }
    fn generalises(&self) -> &'static [crate::entity::Entity] {
        &[crate::entity::Entity::PostalCode]
    }
    fn build(&self, p: &Params, _: &Context<'_>) -> Result<Built> {
        let p: P = params(self.name(), p)?;
        Ok(Built::Cells(Box::new(Prefix(p.keep))))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::table;
    use crate::entity::Entity;
    use serde_json::json;

    #[test]
    fn prefixes() {
        table(
            "generalize_postal",
            json!({}),
            Entity::PostalCode,
            &[("310014", "310***"), ("02139", "021**")],
        );
        table(
            "generalize_postal",
            json!({"keep": 2}),
            Entity::PostalCode,
            &[("310014", "31****")],
        );
        table(
            "generalize_postal",
            json!({"keep": 0}),
            Entity::PostalCode,
            &[("310014", "******")],
        );
    }
}
