//! Masking plans: a list of steps, each an operator on a column, in the
//! shape of the report's `suggestions` block (so a report's suggestions,
//! edited or not, are a plan). A column may have several steps, applied in
//! order (`generalize_date` then `local_suppression`); a column without a
//! step is kept as it is. The leak lint ([`lint`]) checks a plan for what
//! it still gives away.

use crate::entity::{Entity, Kind};
use crate::error::{Error, ErrorKind, Result};
use crate::mask::operators::{effect_of, Effect, Params};
use crate::message::Message;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A column by 0-based index or by header name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ColumnRef {
    /// 0-based index.
    Index(usize),
    /// Header name (or `column_N`).
    Name(String),
}

/// One step of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The column.
    pub column: ColumnRef,
    /// Operator name (see [`crate::mask::operators::OPERATORS`]).
    pub operator: String,
    /// Its parameters.
    #[serde(default)]
    pub params: Params,
    /// Why: a coded reason for suggested steps, or a note of the plan's
    /// author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<Why>,
}

/// The reason given for a step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Why {
    /// A reason of the suggestions, coded.
    Coded(Message),
    /// Free text written by a person editing a plan.
    Note(String),
}

/// Reads a plan: a JSON array of steps, or an object with a `suggestions`
/// or `steps` array (a whole report is a plan of its suggestions).
pub fn parse_plan(json: &str) -> Result<Vec<Step>> {
    let value: serde_json::Value = serde_json::from_str(json)
        .map_err(|e| Error::new(ErrorKind::Options(format!("the plan is not JSON: {e}"))))?;
    plan_from_value(value)
}

/// A plan from a JSON value (as [`parse_plan`] reads text; the bindings
/// hand over JavaScript objects).
pub fn plan_from_value(value: serde_json::Value) -> Result<Vec<Step>> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Shape {
        Steps(Vec<Step>),
        Report { suggestions: Vec<Step> },
        Object { steps: Vec<Step> },
    }
    match Shape::deserialize(&value) {
        Ok(Shape::Steps(s) | Shape::Report { suggestions: s } | Shape::Object { steps: s }) => {
            Ok(s)
        }
        Err(_) => {
            // Say what is wrong with the most likely shape.
            let e = Vec::<Step>::deserialize(&value).err();
            Err(Error::new(ErrorKind::Options(format!(
                "the plan is not a list of steps ({{\"column\", \"operator\", \"params\"}}): {}",
                e.map_or_else(|| "unexpected shape".to_string(), |e| e.to_string())
            ))))
        }
    }
}

/// A warning about what a plan still leaks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lint {
    /// The column it is about.
    pub column: usize,
    /// What leaks, coded.
    #[serde(flatten)]
    pub message: Message,
}

/// The lint's codes.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum LintCode {
    /// A direct identifier goes out unchanged.
    DirectKept {
        /// Column name.
        column: String,
        /// Its entity.
        entity: Entity,
    },
    /// Kept digits of resident ID numbers still reveal these parts.
    IdDigitsShown {
        /// Column name.
        column: String,
        /// `county_code`, `province_code`, `birth_date`, `sex_digit`.
        parts: Vec<&'static str>,
    },
    /// Free text still holding identifiers.
    FreeTextKept {
        /// Column name.
        column: String,
        /// Entity name → cells.
        counts: BTreeMap<String, u64>,
    },
    /// An age beside a birth date.
    AgeBirthPair {
        /// The age column.
        age: String,
        /// The birth-date column.
        birth: String,
    },
    /// Full addresses beside a postal code.
    AddressPostal {
        /// The address column.
        address: String,
        /// The postal-code column.
        postal: String,
    },
}

/// What masking (the suggestions, the operators and the lint) needs to
/// know of each column, in file order.
pub struct LintColumn<'a> {
    /// Header name.
    pub name: &'a str,
    /// Entity found.
    pub entity: Entity,
    /// Its kind.
    pub kind: Kind,
    /// Identifiers found inside free text, by entity name.
    pub embedded: Vec<(String, u64)>,
}

/// Warnings for a plan resolved to column indexes (`ops[i]` lists the
/// operators of column i, with their parameters).
pub fn lint(columns: &[LintColumn<'_>], ops: &[Vec<(&str, &Params)>]) -> Vec<Lint> {
    let mut out = Vec::new();
    let none: Vec<(&str, &Params)> = Vec::new();
    let ops_of = |i: usize| ops.get(i).unwrap_or(&none);
    // What each column's operators do, as the operators declare it.
    let effects = |i: usize| {
        ops_of(i)
            .iter()
            .filter_map(|(n, _)| effect_of(n))
            .collect::<Vec<_>>()
    };
    let removed = |i: usize| effects(i).contains(&Effect::Remove);
    let generalised = |i: usize| removed(i) || effects(i).contains(&Effect::Generalise);
    let find = |e: Entity| columns.iter().position(|c| c.entity == e);
    for (i, c) in columns.iter().enumerate() {
        let mut warn = |m: LintCode| {
            out.push(Lint {
                column: i,
                message: Message::of(&m),
            })
        };
        // A direct identifier that goes out as it is.
        if c.kind == Kind::Direct
            && c.entity != Entity::FreeText
            && effects(i).iter().all(|e| *e == Effect::Keep)
        {
            warn(LintCode::DirectKept {
                column: c.name.to_string(),
                entity: c.entity,
            });
        }
        if c.entity == Entity::CnResidentId && !removed(i) {
            let mask = ops_of(i)
                .iter()
                .find(|(n, _)| *n == "mask")
                .map(|(_, p)| *p);
            let (start, end) = match mask {
                Some(p) => (
                    p.get("keep_start").and_then(|v| v.as_u64()),
                    p.get("keep_end").and_then(|v| v.as_u64()),
                ),
                None => (Some(18), Some(0)),
            };
            let (start, end) = if mask.is_some() && start.is_none() && end.is_none() {
                (Some(1), Some(1))
            } else {
                (start, end)
            };
            let (start, end) = (start.unwrap_or(0), end.unwrap_or(0));
            let mut parts = Vec::new();
            if start >= 2 {
                parts.push(if start >= 6 {
                    "county_code"
                } else {
                    "province_code"
                });
            }
            if start >= 10 {
                parts.push("birth_date");
            }
            if end >= 2 || start >= 17 {
                parts.push("sex_digit");
            }
            if !parts.is_empty() {
                warn(LintCode::IdDigitsShown {
                    column: c.name.to_string(),
                    parts,
                });
            }
        }
        if c.entity == Entity::FreeText && !removed(i) && !c.embedded.is_empty() {
            warn(LintCode::FreeTextKept {
                column: c.name.to_string(),
                counts: c.embedded.iter().cloned().collect(),
            });
        }
    }
    // Pairs that give each other away.
    if let (Some(age), Some(dob)) = (find(Entity::Age), find(Entity::DateOfBirth)) {
        if !removed(age) && !removed(dob) && (!generalised(age) || !generalised(dob)) {
            out.push(Lint {
                column: if generalised(age) { dob } else { age },
                message: Message::of(&LintCode::AgeBirthPair {
                    age: columns[age].name.to_string(),
                    birth: columns[dob].name.to_string(),
                }),
            });
        }
    }
    if let (Some(addr), Some(zip)) = (find(Entity::StreetAddress), find(Entity::PostalCode)) {
        if !removed(addr) && !removed(zip) && !generalised(addr) {
            out.push(Lint {
                column: addr,
                message: Message::of(&LintCode::AddressPostal {
                    address: columns[addr].name.to_string(),
                    postal: columns[zip].name.to_string(),
                }),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn col(name: &str, entity: Entity) -> LintColumn<'_> {
        LintColumn {
            name,
            entity,
            kind: entity.kind(),
            embedded: Vec::new(),
        }
    }

    fn p(v: serde_json::Value) -> Params {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn id_masks_that_keep_the_sex_digit_are_flagged() {
        let cols = [col("身份证号", Entity::CnResidentId)];
        let keep_last4 = p(json!({"keep_start": 6, "keep_end": 4}));
        let l = lint(&cols, &[vec![("mask", &keep_last4)]]);
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].message.code, "id_digits_shown");
        assert_eq!(
            l[0].message.params["parts"],
            json!(["county_code", "sex_digit"]),
            "{l:?}"
        );
        let default = p(json!({}));
        assert!(lint(&cols, &[vec![("mask", &default)]]).is_empty());
        assert!(lint(&cols, &[vec![("pseudonymize", &default)]]).is_empty());
        let kept = lint(&cols, &[vec![]]);
        assert!(kept.iter().any(|l| l.message.code == "direct_kept"));
        assert!(kept.iter().any(|l| l.message.text.contains("birth date")));
    }

    #[test]
    fn pairs_and_free_text() {
        let mut notes = col("备注", Entity::FreeText);
        notes.kind = Kind::Direct;
        notes.embedded = vec![("PHONE_NUMBER".into(), 12)];
        let cols = [
            col("年龄", Entity::Age),
            col("出生日期", Entity::DateOfBirth),
            col("地址", Entity::StreetAddress),
            col("邮编", Entity::PostalCode),
            notes,
        ];
        let year = p(json!({"to": "year"}));
        let band = p(json!({"band": 10}));
        let l = lint(
            &cols,
            &[
                vec![],
                vec![("generalize_date", &year)],
                vec![],
                vec![],
                vec![],
            ],
        );
        let of = |code: &str| l.iter().find(|l| l.message.code == code);
        assert!(of("age_birth_pair").is_some(), "{l:?}");
        assert!(of("address_postal").is_some(), "{l:?}");
        let free = of("free_text_kept").map(|l| &l.message.params["counts"]);
        assert_eq!(free, Some(&json!({"PHONE_NUMBER": 12})));
        let none = p(json!({}));
        let district = p(json!({"to": "district"}));
        let l = lint(
            &cols,
            &[
                vec![("generalize_age", &band)],
                vec![("generalize_date", &year)],
                vec![("generalize_address", &district)],
                vec![],
                vec![("redact", &none)],
            ],
        );
        assert!(
            l.iter().all(|x| x.message.code != "age_birth_pair"),
            "{l:?}"
        );
        assert!(l.is_empty(), "{l:?}");
    }

    #[test]
    fn plans_parse_in_every_shape() {
        let steps = r#"[{"column": 1, "operator": "pseudonymize"}, {"column": "出生日期", "operator": "generalize_date", "params": {"to": "year"}, "why": "quasi"}]"#;
        let s = parse_plan(steps).unwrap();
        assert_eq!(s[1].column, ColumnRef::Name("出生日期".into()));
        assert_eq!(
            parse_plan(&format!(r#"{{"suggestions": {steps}, "schema": "x"}}"#)).unwrap(),
            s
        );
        let err = parse_plan(r#"[{"col": 1}]"#).unwrap_err();
        assert!(err.to_string().contains("column"), "{err}");
    }
}
