//! Policy presets (`--policy pipl | hipaa-safe-harbor | gdpr`): which
//! columns count under a law or standard, what each must become, and the
//! target k. The presets are data, in `policies.json` beside this file;
//! this module reads them, gives each column its rule ([`Policy::assign`])
//! and checks after masking that the plan applied met it ([`verify`]).

use super::operators::{effect_of, Effect, Params};
use super::plan::{ColumnRef, LintColumn, Step};
use super::suggest::Reason;
use crate::entity::{Entity, Kind};
use crate::error::{Error, ErrorKind, Result};
use crate::message::Message;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A policy: its default target k and its rules, first match wins.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The target k it sets (none: the tool's default, or none needed).
    #[serde(default)]
    k: Option<u32>,
    /// The rules, tried in order; the last one matches every column.
    rules: Vec<Rule>,
}

/// One rule of a policy.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Its name within the policy (`names`, `zip3`).
    id: String,
    /// The entities it covers (any when empty).
    #[serde(default)]
    entities: Vec<String>,
    /// The kinds it covers (any when empty).
    #[serde(default)]
    kinds: Vec<String>,
    /// A masking operator, or `convention`, `search`, `keep`.
    operator: String,
    /// The operator's parameters; `"{as_of}"` is the reference date.
    #[serde(default)]
    params: Params,
    /// The clause it follows, as cited in the report.
    clause: String,
}

/// What a rule does to its column.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The detector's masking convention for a direct identifier.
    Convention,
    /// Generalised to the target k by the search, then local suppression.
    Search,
    /// Left as it is.
    Keep,
    /// This operator with these parameters.
    Step {
        /// The operator's name.
        operator: String,
        /// Its parameters, the reference date filled in.
        params: Params,
    },
}

/// A column's rule under a policy, ready for the plan.
#[derive(Clone, Debug)]
pub struct Assigned {
    /// What the rule does.
    pub action: Action,
    /// The rule, coded (`policy_rule`), for the plan's `why` and the report.
    pub why: Message,
}

impl Rule {
    fn covers(&self, entity: Entity, kind: Kind) -> bool {
        (self.entities.is_empty() || self.entities.iter().any(|e| e == entity.name()))
            && (self.kinds.is_empty() || self.kinds.iter().any(|k| k == kind.as_str()))
    }

    fn action(&self, as_of: Option<&str>) -> Result<Action> {
        Ok(match self.operator.as_str() {
            "convention" => Action::Convention,
            "search" => Action::Search,
            "keep" => Action::Keep,
            op => {
                let mut params = self.params.clone();
                for v in params.values_mut() {
                    if v.as_str() == Some("{as_of}") {
                        let date = as_of.ok_or_else(|| {
                            Error::new(ErrorKind::Options(format!(
                                "the rule {:?} needs a reference date (--as-of)",
                                self.id
                            )))
                        })?;
                        *v = Value::String(date.to_string());
                    }
                }
                Action::Step {
                    operator: op.to_string(),
                    params,
                }
            }
        })
    }
}

impl Policy {
    /// The target k the policy sets, if any.
    pub fn k(&self) -> Option<u32> {
        self.k
    }

    fn rule(&self, entity: Entity, kind: Kind) -> Option<&Rule> {
        self.rules.iter().find(|r| r.covers(entity, kind))
    }

    /// Each column's rule under the policy `code` (this policy), with the
    /// reference date `as_of` for the rules that need one.
    pub fn assign(
        &self,
        code: &str,
        columns: &[LintColumn<'_>],
        as_of: Option<&str>,
    ) -> Result<Vec<Assigned>> {
        columns
            .iter()
            .map(|c| {
                let rule = self.rule(c.entity, c.kind).ok_or_else(|| {
                    Error::new(ErrorKind::Options(format!(
                        "the policy {code:?} has no rule for {}",
                        c.entity.name()
                    )))
                })?;
                Ok(Assigned {
                    action: rule.action(as_of)?,
                    why: Message::of(&Reason::PolicyRule {
                        policy: code.to_string(),
                        rule: format!("{code}.{}", rule.id),
                        clause: rule.clause.clone(),
                    }),
                })
            })
            .collect()
    }
}

fn all() -> &'static BTreeMap<String, Policy> {
    static ALL: OnceLock<BTreeMap<String, Policy>> = OnceLock::new();
    ALL.get_or_init(|| super::presets(include_str!("policies.json")))
}

/// The codes of every policy.
pub fn codes() -> Vec<&'static str> {
    all().keys().map(String::as_str).collect()
}

/// The policy called `code`, or an error listing the known ones.
pub fn policy(code: &str) -> Result<&'static Policy> {
    super::preset(all(), "policy", code)
}

/// The report's `policy` block (and, after masking, `masking.policy`):
/// the rule each column falls under and, after masking, whether it met it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolicyCheck {
    /// The policy's code.
    pub policy: String,
    /// The target k in force.
    pub k: u32,
    /// One entry per input column.
    pub columns: Vec<PolicyColumn>,
    /// After masking: whether every column met its rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met: Option<bool>,
}

/// One column under a policy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolicyColumn {
    /// The input column (0-based).
    pub column: usize,
    /// Its header name.
    pub name: String,
    /// Its rule, coded (`policy_rule`: the policy, the rule, the clause).
    pub rule: Message,
    /// After masking: whether the plan applied met the rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met: Option<bool>,
}

/// The rules of `assigned` as the report's block, before masking.
pub fn check(code: &str, k: u32, columns: &[LintColumn<'_>], assigned: &[Assigned]) -> PolicyCheck {
    PolicyCheck {
        policy: code.to_string(),
        k,
        columns: columns
            .iter()
            .zip(assigned)
            .enumerate()
            .map(|(i, (c, a))| PolicyColumn {
                column: i,
                name: c.name.to_string(),
                rule: a.why.clone(),
                met: None,
            })
            .collect(),
        met: None,
    }
}

/// What the output says of one input column, for [`verify`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The column was removed.
    Dropped,
    /// The column went out; the scan of the output judged it of this kind.
    Kept(Kind),
}

/// Marks each column of `check` met or not, from the plan applied
/// (`steps`, columns as input indexes), what the output's scan found in
/// each column and the k the output reached. A rule that asks for a change
/// is met when the plan made that change (the rule's operator and
/// parameters, or for `convention` and `search` any change of that nature)
/// and the output's scan finds no direct identifier left in the column;
/// `search` needs the target k reached too.
pub fn verify(
    check: &mut PolicyCheck,
    assigned: &[Assigned],
    steps: &[Step],
    outcome: impl Fn(usize) -> Outcome,
    k_after: Option<u64>,
) {
    let on = |i: usize| {
        steps
            .iter()
            .filter(move |s| matches!(s.column, ColumnRef::Index(c) if c == i))
    };
    for (col, a) in check.columns.iter_mut().zip(assigned) {
        let i = col.column;
        let out = outcome(i);
        let clean = !matches!(out, Outcome::Kept(Kind::Direct));
        let effects = || on(i).filter_map(|s| effect_of(&s.operator));
        let met = match &a.action {
            Action::Keep => true,
            _ if out == Outcome::Dropped => true,
            Action::Step { operator, params } => {
                clean
                    && on(i).any(|s| {
                        &s.operator == operator
                            && params.iter().all(|(k, v)| s.params.get(k) == Some(v))
                    })
            }
            Action::Convention => {
                clean && effects().any(|e| matches!(e, Effect::Remove | Effect::Generalise))
            }
            Action::Search => {
                clean
                    && effects().any(|e| e != Effect::Keep)
                    && k_after.is_some_and(|k| k >= u64::from(check.k))
            }
        };
        col.met = Some(met);
    }
    check.met = Some(check.columns.iter().all(|c| c.met == Some(true)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mask::operators::{build, Built, Context};

    fn col(entity: Entity) -> LintColumn<'static> {
        LintColumn {
            name: entity.name(),
            entity,
            kind: entity.kind(),
            embedded: Vec::new(),
        }
    }

    fn rule_of(code: &str, entity: Entity, kind: Kind) -> (String, String, Action) {
        let a = &policy(code)
            .unwrap()
            .assign(
                code,
                &[LintColumn {
                    kind,
                    ..col(entity)
                }],
                Some("2026-12-03"),
            )
            .unwrap()[0];
        let p = &a.why.params;
        (
            p["rule"].as_str().unwrap().to_string(),
            p["clause"].as_str().unwrap().to_string(),
            a.action.clone(),
        )
    }

    #[test]
    fn every_policy_reads_covers_every_column_and_builds_its_operators() {
        let raw: BTreeMap<String, Value> =
            serde_json::from_str(include_str!("policies.json")).unwrap();
        assert_eq!(all().len(), raw.len() - 1, "every policy parses");
        for (code, p) in all() {
            let last = p.rules.last().unwrap();
            assert!(
                last.entities.is_empty() && last.kinds.is_empty(),
                "{code}: the last rule covers every column"
            );
            for r in &p.rules {
                for e in &r.entities {
                    assert!(Entity::from_name(e).is_some(), "{code}.{}: {e}", r.id);
                }
                if let Action::Step { operator, params } = r.action(Some("2026-12-03")).unwrap() {
                    for e in Entity::ALL.iter().filter(|e| r.covers(**e, e.kind())) {
                        let ctx = Context {
                            entity: *e,
                            key: Some(&[7; 32]),
                        };
                        let built = build(&operator, Value::Object(params.clone()), &ctx);
                        assert!(
                            matches!(built, Ok(Built::Cells(_) | Built::Drop)),
                            "{code}.{} on {}",
                            r.id,
                            e.name()
                        );
                    }
                }
            }
        }
        assert!(policy("ccpa").is_err());
    }

    /// 45 CFR 164.514(b)(2)(i): each of the 18 identifiers our entities
    /// stand for is removed, and the rest is what (A)–(R) allow.
    #[test]
    fn hipaa_safe_harbor_removes_the_eighteen_identifiers() {
        let hipaa = |e: Entity| rule_of("hipaa-safe-harbor", e, e.kind());
        let dropped = [
            (Entity::PersonName, "(A)"),
            (Entity::StreetAddress, "(B)"),
            (Entity::GpsCoordinates, "(B)"),
            (Entity::PhoneNumber, "(D)-(E)"),
            (Entity::EmailAddress, "(F)"),
            (Entity::UsSsn, "(G)"),
            (Entity::MedicalRecordNumber, "(H)"),
            (Entity::AccountId, "(I)-(J)"),
            (Entity::BankCard, "(I)-(J)"),
            (Entity::Iban, "(I)-(J)"),
            (Entity::Passport, "(K)"),
            (Entity::LicensePlate, "(L)"),
            (Entity::Vin, "(L)"),
            (Entity::MacAddress, "(M)"),
            (Entity::Imei, "(M)"),
            (Entity::Url, "(N)"),
            (Entity::IpAddress, "(O)"),
            (Entity::Biometric, "(P)"),
            (Entity::CnResidentId, "(R)"),
        ];
        for (e, clause) in dropped {
            let (_, c, action) = hipaa(e);
            assert!(c.ends_with(clause), "{}: {c}", e.name());
            assert_eq!(
                action,
                Action::Step {
                    operator: "drop".into(),
                    params: Params::new()
                },
                "{}",
                e.name()
            );
        }
        // Every direct identifier goes, whichever entity it is.
        for e in Entity::ALL.iter().filter(|e| e.kind() == Kind::Direct) {
            let (_, _, action) = hipaa(*e);
            assert!(
                matches!(&action, Action::Step { operator, .. } if operator == "drop" || operator == "redact"),
                "{}",
                e.name()
            );
        }
        // (C): dates to the year, the very old in one category.
        let (_, c, action) = hipaa(Entity::DateOfBirth);
        assert!(c.ends_with("(C)"));
        let Action::Step { params, .. } = action else {
            panic!()
        };
        assert_eq!(params["as_of"], "2026-12-03");
        assert_eq!(params["top_age"], 90);
        let (_, _, action) = hipaa(Entity::Age);
        assert!(matches!(action, Action::Step { params, .. } if params["top"] == 90));
        // (B)(1)-(2): ZIP codes to three digits, the 17 small areas 000.
        let (rule, _, action) = hipaa(Entity::PostalCode);
        assert_eq!(rule, "hipaa-safe-harbor.zip3");
        let Action::Step { params, .. } = action else {
            panic!()
        };
        assert_eq!(params["us_zip_zero"].as_array().unwrap().len(), 17);
        // Not among the 18: kept.
        for e in [
            Entity::Gender,
            Entity::Health,
            Entity::Occupation,
            Entity::None,
        ] {
            assert_eq!(hipaa(e).2, Action::Keep, "{}", e.name());
        }
        // Free text without identifiers stays; with them it is replaced.
        assert_eq!(
            rule_of("hipaa-safe-harbor", Entity::FreeText, Kind::None).2,
            Action::Keep
        );
        assert!(matches!(
            rule_of("hipaa-safe-harbor", Entity::FreeText, Kind::Direct).2,
            Action::Step { operator, .. } if operator == "redact"
        ));
        // The birth-date rule needs the reference date.
        assert!(policy("hipaa-safe-harbor")
            .unwrap()
            .assign("hipaa-safe-harbor", &[col(Entity::DateOfBirth)], None)
            .is_err());
    }

    /// GB/T 37964-2019: direct identifiers by suppression, pseudonyms or
    /// masking (A.3, A.4), quasi-identifiers generalised to k = 5 (A.5,
    /// B.1); GDPR: pseudonymisation (Art. 4(5)) and generalisation.
    #[test]
    fn pipl_and_gdpr() {
        assert_eq!(policy("pipl").unwrap().k(), Some(5));
        assert_eq!(
            rule_of("pipl", Entity::PersonName, Kind::Direct).2,
            Action::Convention
        );
        let (rule, clause, action) = rule_of("pipl", Entity::Age, Kind::Quasi);
        assert_eq!((rule.as_str(), action), ("pipl.quasi", Action::Search));
        assert!(clause.contains("GB/T 37964"));
        let (_, clause, action) = rule_of("gdpr", Entity::PhoneNumber, Kind::Direct);
        assert!(clause.contains("Art. 4(5)"));
        assert!(matches!(action, Action::Step { operator, .. } if operator == "pseudonymize"));
        assert_eq!(
            rule_of("gdpr", Entity::Region, Kind::Quasi).2,
            Action::Search
        );
        assert_eq!(
            rule_of("gdpr", Entity::Health, Kind::Sensitive).2,
            Action::Keep
        );
    }

    #[test]
    fn verification_needs_the_rule_applied_and_nothing_direct_left() {
        let code = "hipaa-safe-harbor";
        let cols = [
            col(Entity::PersonName),
            col(Entity::Age),
            col(Entity::Gender),
        ];
        let assigned = policy(code)
            .unwrap()
            .assign(code, &cols, Some("2026-12-03"))
            .unwrap();
        let run = |steps: Vec<Step>, out: &dyn Fn(usize) -> Outcome| {
            let mut c = check(code, 5, &cols, &assigned);
            verify(&mut c, &assigned, &steps, out, Some(1));
            c.columns.iter().map(|c| c.met.unwrap()).collect::<Vec<_>>()
        };
        let step = |column, operator: &str, params: Value| Step {
            column: ColumnRef::Index(column),
            operator: operator.into(),
            params: params.as_object().cloned().unwrap(),
            why: None,
        };
        let good = vec![
            step(0, "drop", serde_json::json!({})),
            step(
                1,
                "generalize_age",
                serde_json::json!({"band": 1, "top": 90}),
            ),
        ];
        let outcome = |i| match i {
            0 => Outcome::Dropped,
            _ => Outcome::Kept(Kind::Quasi),
        };
        assert_eq!(run(good, &outcome), [true, true, true]);
        // Names masked instead of removed, ages in bands without the top.
        let bad = vec![
            step(0, "mask", serde_json::json!({})),
            step(
                1,
                "generalize_age",
                serde_json::json!({"band": 5, "top": 0}),
            ),
        ];
        let outcome = |i| match i {
            0 => Outcome::Kept(Kind::Direct),
            _ => Outcome::Kept(Kind::Quasi),
        };
        assert_eq!(run(bad, &outcome), [false, false, true]);
    }
}
