//! `generalize_postal`: postal codes cut to a prefix (`310***`): a Chinese
//! code's first two digits are the province, four the area; a US ZIP's
//! first three the sectional centre. US ZIP codes whose three-digit area is
//! too small to hide in can be written `000` instead (`us_zip_zero`, as the
//! HIPAA Safe Harbor rule, 45 CFR 164.514(b)(2)(i)(B)(2), requires).

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
    /// Kept prefixes of US ZIP codes (5 digits, or ZIP+4) written as
    /// zeros: the areas of 20,000 people or fewer.
    us_zip_zero: Vec<String>,
}

impl Default for P {
    fn default() -> Self {
        P {
            keep: 3,
            us_zip_zero: Vec::new(),
        }
    }
}

struct Prefix(P);

/// Whether a value is written as a US ZIP code: `02139` or `02139-4307`.
fn us_zip(v: &str) -> bool {
    let b = v.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    match b.len() {
        5 => digits(b),
        10 => digits(&b[..5]) && b[5] == b'-' && digits(&b[6..]),
        _ => false,
    }
}

impl CellOp for Prefix {
    fn apply(&self, cell: &str, out: &mut String) {
        out.clear();
        let v = cell.trim();
        let keep = self.0.keep;
        let n = v.chars().count();
        let zero = us_zip(v)
            && !self.0.us_zip_zero.is_empty()
            && v.get(..keep.min(5))
                .is_some_and(|p| self.0.us_zip_zero.iter().any(|z| z == p));
        if zero {
            out.extend(std::iter::repeat_n('0', keep.min(n)));
        } else {
            out.extend(v.chars().take(keep));
        }
        out.push_str(&"*".repeat(n.saturating_sub(keep)));
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
        if let Some(z) = p.us_zip_zero.iter().find(|z| z.len() != p.keep) {
            return Err(crate::error::Error::new(crate::error::ErrorKind::Options(
                format!(
                "generalize_postal: us_zip_zero holds prefixes of the {} digits kept, not {z:?}",
                p.keep
            ),
            )));
        }
        Ok(Built::Cells(Box::new(Prefix(p))))
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

    /// HIPAA Safe Harbor, 45 CFR 164.514(b)(2)(i)(B): the first three
    /// digits of a ZIP code are kept where their area holds more than
    /// 20,000 people, and written 000 where it does not; Chinese codes and
    /// other shapes are only cut.
    #[test]
    fn small_us_zip_areas_become_zeros() {
        table(
            "generalize_postal",
            json!({"keep": 3, "us_zip_zero": ["036", "059", "893"]}),
            Entity::PostalCode,
            &[
                ("02139", "021**"),
                ("03601", "000**"),
                ("05901-1234", "000*******"),
                ("89301", "000**"),
                // A Chinese code starting 036 (Shanxi) is not a ZIP code.
                ("036000", "036***"),
                ("0360", "036*"),
            ],
        );
        assert!(super::super::build(
            "generalize_postal",
            json!({"keep": 3, "us_zip_zero": ["03"]}),
            &super::super::Context {
                entity: Entity::PostalCode,
                key: None
            }
        )
        .is_err());
    }
}
