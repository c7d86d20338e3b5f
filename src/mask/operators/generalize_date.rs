//! `generalize_date`: dates in any common form to the month (`1990-05`),
//! the year (`1990`), five years (`1990-1994`) or the decade (`1990s`).

use super::{one_of, params, Built, CellOp, Context, Operator, Params};
use crate::detect::detectors::date;
use crate::error::Result;
use serde::Deserialize;

/// Coarser dates.
pub struct GeneralizeDate;

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct P {
    to: String,
}

impl Default for P {
    fn default() -> Self {
        P { to: "year".into() }
    }
}

#[derive(Clone, Copy)]
enum To {
    Month,
    Year,
    FiveYears,
    Decade,
}

struct Coarser(To);

impl CellOp for Coarser {
    fn apply(&self, cell: &str, out: &mut String) {
        out.clear();
        let Some(d) = date::parse(cell.trim()) else {
            out.push('*');
            return;
        };
        let y = d.year;
        let s = match self.0 {
            To::Month => format!("{y:04}-{:02}", d.month),
            To::Year => format!("{y:04}"),
            To::FiveYears => format!("{:04}-{:04}", y / 5 * 5, y / 5 * 5 + 4),
            To::Decade => format!("{:04}s", y / 10 * 10),
        };
        out.push_str(&s);
    }
}

/// The levels, finest first.
const LEVELS: &[super::Choice] = &[
    super::Choice::new(r#"{"to": "month"}"#, "month"),
    super::Choice::new(r#"{"to": "year"}"#, "year"),
    super::Choice::new(r#"{"to": "5year"}"#, "5 years"),
    super::Choice::new(r#"{"to": "decade"}"#, "decade"),
];

impl Operator for GeneralizeDate {
    fn name(&self) -> &'static str {
        "generalize_date"
    }
    fn describe(&self) -> &'static str {
        "dates to the month, year, 5 years or decade"
    }
    fn effect(&self) -> super::Effect {
        super::Effect::Generalise
    }
    fn choices(&self) -> &'static [super::Choice] {
        LEVELS
    }
    fn generalises(&self) -> &'static [crate::entity::Entity] {
        &[
            crate::entity::Entity::DateOfBirth,
            crate::entity::Entity::Date,
        ]
    }
    fn build(&self, p: &Params, _: &Context<'_>) -> Result<Built> {
        let p: P = params(self.name(), p)?;
        let to = one_of(
            self.name(),
            "to",
            &p.to,
            &[
                ("month", To::Month),
                ("year", To::Year),
                ("5year", To::FiveYears),
                ("5years", To::FiveYears),
                ("decade", To::Decade),
            ],
        )?;
        Ok(Built::Cells(Box::new(Coarser(to))))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::table;
    use crate::entity::Entity;
    use serde_json::json;

    #[test]
    fn forms() {
        let cases = [
            ("1990-05-17", "1990"),
            ("1990/5/17", "1990"),
            ("19900517", "1990"),
            ("1990年5月17日", "1990"),
            ("17/05/1990", "1990"),
            ("soon", "*"),
        ];
        table(
            "generalize_date",
            json!({"to": "year"}),
            Entity::DateOfBirth,
            &cases,
        );
        table(
            "generalize_date",
            json!({"to": "month"}),
            Entity::DateOfBirth,
            &[("1990年5月17日", "1990-05")],
        );
        table(
            "generalize_date",
            json!({"to": "5year"}),
            Entity::DateOfBirth,
            &[("1993-01-02", "1990-1994"), ("1995-12-31", "1995-1999")],
        );
        table(
            "generalize_date",
            json!({"to": "decade"}),
            Entity::Date,
            &[("2024-09-22 10:30", "2020s")],
        );
    }
}
