//! `generalize_date`: dates in any common form to the month (`1990-05`),
//! the year (`1990`), five years (`1990-1994`) or the decade (`1990s`).
//! Birth dates of the very old can be top-coded too (`top_age`, `as_of`):
//! every year in which someone born may be `top_age` or older on the
//! reference date becomes one category, `≤1936` (the HIPAA Safe Harbor
//! rule for "elements of dates indicative of" ages over 89).

use super::{one_of, params, Built, CellOp, Context, Operator, Params};
use crate::detect::detectors::date;
use crate::error::{Error, ErrorKind, Result};
use serde::Deserialize;

/// Coarser dates.
pub struct GeneralizeDate;

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct P {
    to: String,
    /// Years of birth of people this old or older become one category.
    top_age: Option<i32>,
    /// The reference date of `top_age` (`YYYY-MM-DD`).
    as_of: Option<String>,
}

impl Default for P {
    fn default() -> Self {
        P {
            to: "year".into(),
            top_age: None,
            as_of: None,
        }
    }
}

#[derive(Clone, Copy)]
enum To {
    Month,
    Year,
    FiveYears,
    Decade,
}

struct Coarser {
    to: To,
    /// Years up to this one are written `≤YEAR`.
    floor: Option<i32>,
}

impl CellOp for Coarser {
    fn apply(&self, cell: &str, out: &mut String) {
        out.clear();
        let Some(d) = date::parse(cell.trim()) else {
            out.push('*');
            return;
        };
        let y = d.year;
        if let Some(floor) = self.floor.filter(|&f| i64::from(y) <= i64::from(f)) {
            out.push_str(&format!("≤{floor:04}"));
            return;
        }
        let s = match self.to {
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
        let floor = match (p.top_age, p.as_of.as_deref()) {
            (None, None) => None,
            (Some(age), Some(as_of)) if (1..=150).contains(&age) => {
                let d = date::parse(as_of.trim()).ok_or_else(|| {
                    Error::new(ErrorKind::Options(format!(
                        "generalize_date: as_of {as_of:?} is not a date"
                    )))
                })?;
                // Born in that year, one may already be `age` on the
                // reference date: the whole year joins the category.
                Some(i32::try_from(d.year).unwrap_or(i32::MAX) - age)
            }
            _ => return Err(Error::new(ErrorKind::Options(
                "generalize_date: top_age (1 to 150) and as_of (the reference date) go together"
                    .into(),
            ))),
        };
        Ok(Built::Cells(Box::new(Coarser { to, floor })))
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

    /// HIPAA Safe Harbor, 45 CFR 164.514(b)(2)(i)(C): dates to the year,
    /// and the years of birth that may mean an age over 89 in one
    /// category.
    #[test]
    fn the_very_old_share_one_category() {
        table(
            "generalize_date",
            json!({"to": "year", "top_age": 90, "as_of": "2026-12-03"}),
            Entity::DateOfBirth,
            &[
                ("1937-01-01", "1937"),
                // Born in 1936, one may be 90 on 3 December 2026.
                ("1936-12-31", "≤1936"),
                ("1901/2/3", "≤1936"),
                ("1990-05-17", "1990"),
                ("unknown", "*"),
            ],
        );
        let ctx = super::super::Context {
            entity: Entity::DateOfBirth,
            key: None,
        };
        for bad in [
            json!({"top_age": 90}),
            json!({"top_age": 90, "as_of": "soon"}),
            json!({"top_age": 0, "as_of": "2026-12-03"}),
        ] {
            assert!(super::super::build("generalize_date", bad, &ctx).is_err());
        }
    }
}
