//! `redact`: every non-empty cell becomes one fixed token.

use super::{params, Built, CellOp, Context, Operator, Params};
use crate::error::Result;
use serde::Deserialize;

/// Replaces values by a token.
pub struct Redact;

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct P {
    token: String,
}

impl Default for P {
    fn default() -> Self {
        P {
            token: "***".into(),
        }
    }
}

struct Token(String);

impl CellOp for Token {
    fn apply(&self, _: &str, out: &mut String) {
        out.clear();
        out.push_str(&self.0);
    }
}

/// The menu settings: the default token, and `*` as suppression writes it.
const CHOICES: &[super::Choice] = &[
    super::Choice::new("{}", "***"),
    super::Choice::new(r#"{"token": "*"}"#, "*"),
];

impl Operator for Redact {
    fn name(&self) -> &'static str {
        "redact"
    }
    fn describe(&self) -> &'static str {
        "replace every value by a fixed token (default ***)"
    }
    fn effect(&self) -> super::Effect {
        super::Effect::Remove
    }
    fn choices(&self) -> &'static [super::Choice] {
        CHOICES
    }
    fn build(&self, p: &Params, _: &Context<'_>) -> Result<Built> {
        let p: P = params(self.name(), p)?;
        Ok(Built::Cells(Box::new(Token(p.token))))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::table;
    use crate::entity::Entity;
    use serde_json::json;

    #[test]
    fn cases() {
        table(
            "redact",
            json!({}),
            Entity::FreeText,
            &[("call 13812345678", "***")],
        );
        table(
            "redact",
            json!({"token": "[已删除]"}),
            Entity::None,
            &[("x", "[已删除]")],
        );
    }
}
