//! `round`: amounts rounded to a step (4,321.50 → 4,300), with top and
//! bottom coding (`50000+`, `<1000`): the few very large or very small
//! values single their owners out.

use super::{params, Built, CellOp, Context, Operator, Params};
use crate::error::{Error, ErrorKind, Result};
use serde::Deserialize;

/// Rounding and top/bottom coding.
pub struct Round;

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct P {
    /// Step to round to.
    to: f64,
    /// Values at or above become `{max}+`.
    max: Option<f64>,
    /// Values below become `<{min}`.
    min: Option<f64>,
}

impl Default for P {
    fn default() -> Self {
        P {
            to: 100.0,
            max: None,
            min: None,
        }
    }
}

struct Rounder(P);

/// A number as written in exports: `4321.5`, `4,321.50`, `¥4321`, `-12`.
pub fn parse_amount(v: &str) -> Option<f64> {
    let t: String = v
        .trim()
        .trim_start_matches(['¥', '$', '€', '£', '￥'])
        .trim_end_matches(['元', '円'])
        .chars()
        .filter(|&c| c != ',' && c != ' ')
        .collect();
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

fn fmt(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

impl CellOp for Rounder {
    fn apply(&self, cell: &str, out: &mut String) {
        out.clear();
        let Some(x) = parse_amount(cell) else {
            out.push('*');
            return;
        };
        let P { to, max, min } = self.0;
        let s = match (max, min) {
            (Some(m), _) if x >= m => format!("{}+", fmt(m)),
            (_, Some(m)) if x < m => format!("<{}", fmt(m)),
            _ => fmt((x / to).round() * to),
        };
        out.push_str(&s);
    }
}

/// The menu settings, finest first.
const CHOICES: &[super::Choice] = &[
    super::Choice::new(r#"{"to": 100}"#, "100"),
    super::Choice::new(r#"{"to": 1000}"#, "1,000"),
    super::Choice::new(r#"{"to": 10000}"#, "10,000"),
];

impl Operator for Round {
    fn name(&self) -> &'static str {
        "round"
    }
    fn describe(&self) -> &'static str {
        "amounts rounded to `to`, top-coded at `max` and bottom-coded at `min`"
    }
    fn effect(&self) -> super::Effect {
        super::Effect::Generalise
    }
    fn choices(&self) -> &'static [super::Choice] {
        CHOICES
    }
    fn generalises(&self) -> &'static [crate::entity::Entity] {
        &[crate::entity::Entity::Financial]
    }
    fn levels(&self, entity: crate::entity::Entity) -> &'static [super::Choice] {
        // The search uses the coarser settings only (the menu offers all).
        if self.generalises().contains(&entity) {
            &CHOICES[1..]
        } else {
            &[]
        }
    }
    fn build(&self, p: &Params, _: &Context<'_>) -> Result<Built> {
        let p: P = params(self.name(), p)?;
        if !(p.to > 0.0 && p.to.is_finite()) {
            return Err(Error::new(ErrorKind::Options(format!(
                "round: `to` must be a positive number, not {}",
                p.to
            ))));
        }
        Ok(Built::Cells(Box::new(Rounder(p))))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::table;
    use crate::entity::Entity;
    use serde_json::json;

    #[test]
    fn amounts() {
        table(
            "round",
            json!({}),
            Entity::Financial,
            &[
                ("4321.50", "4300"),
                ("4,350", "4400"),
                ("¥99", "100"),
                ("-149", "-100"),
                ("n/a", "*"),
            ],
        );
        table(
            "round",
            json!({"to": 1000, "max": 50000, "min": 1000}),
            Entity::Financial,
            &[("72000", "50000+"), ("999.99", "<1000"), ("12345", "12000")],
        );
        table(
            "round",
            json!({"to": 0.5}),
            Entity::Financial,
            &[("3.26", "3.5")],
        );
    }
}
