//! `generalize_age`: ages into bands (`30-34`), with top-coding (`90+`):
//! few people are 97, so the exact old ages single them out.

use super::{params, Built, CellOp, Context, Operator, Params};
use crate::error::{Error, ErrorKind, Result};
use serde::Deserialize;

/// Age bands.
pub struct GeneralizeAge;

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct P {
    /// Band width in years.
    band: u32,
    /// Ages from here up become `90+` (0: no top-coding).
    top: u32,
}

impl Default for P {
    fn default() -> Self {
        P { band: 10, top: 90 }
    }
}

struct Bands(P);

/// The leading whole number of a cell (`35`, `35岁`, `35.5`, `35 years`).
pub fn leading_number(v: &str) -> Option<u32> {
    let digits: &str = &v[..v.bytes().take_while(u8::is_ascii_digit).count()];
    digits.parse().ok()
}

impl CellOp for Bands {
    fn apply(&self, cell: &str, out: &mut String) {
        out.clear();
        let Some(age) = leading_number(cell.trim()) else {
            // Not an age: suppressed rather than passed through.
            out.push('*');
            return;
        };
        let P { band, top } = self.0;
        if top > 0 && age >= top {
            out.push_str(&format!("{top}+"));
        } else if band <= 1 {
            out.push_str(&age.to_string());
        } else {
            let lo = age / band * band;
            let hi = (lo + band - 1).min(if top > 0 { top - 1 } else { u32::MAX });
            out.push_str(&format!("{lo}-{hi}"));
        }
    }
}

/// The bands, finest first.
const LEVELS: &[super::Choice] = &[
    super::Choice::new(r#"{"band": 5}"#, "band 5"),
    super::Choice::new(r#"{"band": 10}"#, "band 10"),
    super::Choice::new(r#"{"band": 20}"#, "band 20"),
];

impl Operator for GeneralizeAge {
    fn name(&self) -> &'static str {
        "generalize_age"
    }
    fn describe(&self) -> &'static str {
        "ages into bands of `band` years, `top`+ above (30-34, 90+)"
    }
    fn effect(&self) -> super::Effect {
        super::Effect::Generalise
    }
    fn choices(&self) -> &'static [super::Choice] {
        LEVELS
    }
    fn generalises(&self) -> &'static [crate::entity::Entity] {
        &[crate::entity::Entity::Age]
    }
    fn build(&self, p: &Params, _: &Context<'_>) -> Result<Built> {
        let p: P = params(self.name(), p)?;
        if p.band == 0 || p.band > 200 {
            return Err(Error::new(ErrorKind::Options(format!(
                "generalize_age: band is 1 to 200 years, not {}",
                p.band
            ))));
        }
        Ok(Built::Cells(Box::new(Bands(p))))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::table;
    use crate::entity::Entity;
    use serde_json::json;

    #[test]
    fn bands() {
        table(
            "generalize_age",
            json!({"band": 5}),
            Entity::Age,
            &[
                ("34", "30-34"),
                ("35岁", "35-39"),
                ("0", "0-4"),
                ("89", "85-89"),
                ("90", "90+"),
                ("103", "90+"),
                ("unknown", "*"),
            ],
        );
        table(
            "generalize_age",
            json!({"band": 20, "top": 0}),
            Entity::Age,
            &[("97", "80-99")],
        );
        // A band cut short by the top code.
        table(
            "generalize_age",
            json!({"band": 20, "top": 90}),
            Entity::Age,
            &[("85", "80-89")],
        );
    }
}
