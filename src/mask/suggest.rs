//! Suggested masking: an operator per column from what the scan found in
//! it, each with a one-line reason, and for the quasi-identifiers the
//! generalisation levels the search ([`super::optimize`]) finds for the
//! target k, followed by local suppression.

use super::optimize::{optimize, OptimizeOptions, Optimum};
use super::plan::LintColumn;
use super::plan::{ColumnRef, Step, Why};
use super::policy::{Action, Assigned};
use crate::entity::{Entity, Kind};
use crate::message::Message;
use crate::profile::encode::EncodedColumn;
use serde::Serialize;
use serde_json::{json, Value};

/// Suggestions and how the quasi-identifiers were chosen.
#[derive(Clone, Debug, Serialize)]
pub struct Suggestions {
    /// The plan (the report's `suggestions` block).
    pub steps: Vec<Step>,
    /// The generalisation search's result, when there were
    /// quasi-identifiers to generalise.
    pub optimum: Option<Optimum>,
    /// The columns dropped because the purpose does not need them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unneeded: Vec<usize>,
    /// The policy in force: every column's rule, those kept included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<super::policy::PolicyCheck>,
}

/// Why a step was suggested: the reason codes of the report.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum Reason {
    /// Names keep the surname.
    MaskName,
    /// Phones keep 3 + 4 digits.
    MaskPhone,
    /// E-mails keep the first letter and the domain.
    MaskEmail,
    /// Account numbers keep the last 4 digits.
    MaskAccount,
    /// Addresses are cut to the district.
    AddressDistrict,
    /// Precise location or biometrics are removed.
    RemovePrecise,
    /// Free text with identifiers is replaced.
    RedactFreeText,
    /// Personal URLs are replaced.
    RedactUrl,
    /// Identifiers become keyed pseudonyms.
    PseudonymizeId,
    /// A quasi-identifier generalised to the level the search chose.
    QiOptimised {
        /// The hierarchy level's label.
        level: &'static str,
        /// The target k.
        k: u32,
        /// k after the whole plan.
        k_after: u64,
    },
    /// A quasi-identifier generalised to a default level (no search).
    QiDefaultLevel {
        /// The hierarchy level's label.
        level: &'static str,
    },
    /// Local suppression below k.
    QiSuppressSmall {
        /// The target k.
        k: u32,
    },
    /// A quasi-identifier without an encoded copy: suppressed.
    QiTooManyValues,
    /// A sensitive attribute kept.
    SensitiveKeep,
    /// The purpose of processing does not need the column (PIPL Art. 6).
    PurposeNotNeeded {
        /// The purpose's code (`mask/purposes.json`).
        purpose: String,
    },
    /// The rule of a policy preset (`mask/policies.json`).
    PolicyRule {
        /// The policy's code.
        policy: String,
        /// The rule, `POLICY.ID`.
        rule: String,
        /// The clause it follows.
        clause: String,
    },
}

/// Columns the purpose of processing does not need: dropped by the plan.
#[derive(Clone, Copy, Debug)]
pub struct Minimise<'a> {
    /// The purpose's code.
    pub purpose: &'a str,
    /// The columns it does not need.
    pub unneeded: &'a [usize],
}

fn step(column: usize, operator: &str, params: Value, why: Reason) -> Step {
    Step {
        column: ColumnRef::Index(column),
        operator: operator.to_string(),
        params: params.as_object().cloned().unwrap_or_default(),
        why: Some(Why::Coded(Message::of(&why))),
    }
}

/// The operator for a direct identifier, and why.
fn for_direct(c: &LintColumn<'_>) -> (&'static str, Value, Reason) {
    match c.entity {
        Entity::PersonName => ("mask", json!({}), Reason::MaskName),
        Entity::PhoneNumber => ("mask", json!({}), Reason::MaskPhone),
        Entity::EmailAddress => ("mask", json!({}), Reason::MaskEmail),
        Entity::BankCard | Entity::Iban => ("mask", json!({}), Reason::MaskAccount),
        Entity::StreetAddress => (
            "generalize_address",
            json!({"to": "district"}),
            Reason::AddressDistrict,
        ),
        Entity::GpsCoordinates | Entity::Biometric => ("drop", json!({}), Reason::RemovePrecise),
        Entity::FreeText => ("redact", json!({}), Reason::RedactFreeText),
        Entity::Url => ("redact", json!({}), Reason::RedactUrl),
        _ => ("pseudonymize", json!({}), Reason::PseudonymizeId),
    }
}

/// The middle of each hierarchy, without a search (large tables in a
/// scan's own report).
fn default_levels(quasi: &[(usize, Entity)]) -> Optimum {
    use super::optimize::{hierarchy, ChosenLevel};
    let levels = quasi
        .iter()
        .map(|&(column, e)| {
            let h = hierarchy(e);
            // Below `*`: keep categories, coarsen the rest halfway.
            let level = (h.len() - 1) / 2;
            ChosenLevel {
                column,
                level,
                label: h[level].label,
                operator: h[level].operator,
                params: h[level].params.clone(),
            }
        })
        .collect();
    Optimum {
        levels,
        information_loss: f64::NAN,
        suppressed_records: 0,
        k_after: 0,
        classes_after: 0,
        feasible: false,
        optimal: false,
        evaluated: 0,
        lattice_size: 0,
    }
}

/// Suggests a plan for a scanned table: `columns` what the scan found (in
/// file order), the
/// encoded copies for the search, `quasi` the quasi-identifiers to
/// generalise (by default those judged `quasi`), `k` the target, the
/// columns the purpose does not need, and each column's rule when a policy
/// preset is in force ([`super::policy`]).
pub fn suggest(
    columns: &[LintColumn<'_>],
    encoded: &[EncodedColumn],
    records: usize,
    quasi: &[usize],
    opts: &OptimizeOptions,
    minimise: Option<Minimise<'_>>,
    policy: Option<&[Assigned]>,
) -> Suggestions {
    let mut steps = Vec::new();
    let unneeded = |i: usize| minimise.is_some_and(|m| m.unneeded.contains(&i));
    let rule = |i: usize| policy.and_then(|p| p.get(i));
    // Under a policy, only the columns its rules generalise to k (or mask
    // by convention, as addresses cut to their district are) are searched.
    let searched =
        |i: usize| rule(i).is_none_or(|a| matches!(a.action, Action::Search | Action::Convention));
    // The search runs over the quasi-identifiers that have an encoded copy;
    // the others are suppressed to `*` (they nearly identify on their own).
    // Street addresses are cut to their district at least, which leaves a
    // region, a quasi-identifier: they join the search when their copy
    // was kept.
    let quasi: Vec<usize> = quasi
        .iter()
        .copied()
        .filter(|&i| !unneeded(i) && searched(i))
        .chain(
            columns
                .iter()
                .enumerate()
                .filter(|(_, c)| c.entity == Entity::StreetAddress && c.kind == Kind::Direct)
                .filter(|&(i, _)| encoded.get(i).is_some_and(|e| e.codes.is_some()))
                .map(|(i, _)| i)
                .filter(|&i| !unneeded(i) && searched(i)),
        )
        .collect();
    let quasi = &quasi[..];
    let searchable: Vec<(usize, Entity)> = quasi
        .iter()
        .filter(|&&i| encoded.get(i).is_some_and(|e| e.codes.is_some()))
        .filter_map(|&i| columns.get(i).map(|c| (i, c.entity)))
        .collect();
    let optimum = if searchable.is_empty() {
        None
    } else if opts.max_evaluations == 0 {
        Some(default_levels(&searchable))
    } else {
        // Too many columns for the search: default levels, said in `why`.
        Some(
            optimize(
                encoded,
                records,
                &searchable,
                &OptimizeOptions {
                    quasi_identifiers: searchable.iter().map(|q| q.0).collect(),
                    ..opts.clone()
                },
            )
            .unwrap_or_else(|_| default_levels(&searchable)),
        )
    };
    for (i, c) in columns.iter().enumerate() {
        if let Some(m) = minimise.filter(|_| unneeded(i)) {
            steps.push(step(
                i,
                "drop",
                json!({}),
                Reason::PurposeNotNeeded {
                    purpose: m.purpose.to_string(),
                },
            ));
            continue;
        }
        if quasi.contains(&i) {
            let chosen = optimum
                .as_ref()
                .and_then(|o| o.levels.iter().find(|l| l.column == i));
            match chosen {
                Some(l) => {
                    if let Some(op) = l.operator {
                        let why = match optimum.as_ref().filter(|o| o.evaluated > 0) {
                            Some(o) => Reason::QiOptimised {
                                level: l.label,
                                k: opts.k,
                                k_after: o.k_after,
                            },
                            None => Reason::QiDefaultLevel { level: l.label },
                        };
                        steps.push(step(i, op, l.params.clone(), why));
                    }
                    steps.push(step(
                        i,
                        "local_suppression",
                        json!({"k": opts.k}),
                        Reason::QiSuppressSmall { k: opts.k },
                    ));
                }
                None => steps.push(step(
                    i,
                    "redact",
                    json!({"token": "*"}),
                    Reason::QiTooManyValues,
                )),
            }
            continue;
        }
        match rule(i).map(|a| (&a.action, &a.why)) {
            Some((Action::Step { operator, params }, why)) => {
                steps.push(Step {
                    column: ColumnRef::Index(i),
                    operator: operator.clone(),
                    params: params.clone(),
                    why: Some(Why::Coded(why.clone())),
                });
                continue;
            }
            Some((Action::Keep, why)) => {
                if c.kind == Kind::Sensitive {
                    steps.push(Step {
                        column: ColumnRef::Index(i),
                        operator: "keep".into(),
                        params: Default::default(),
                        why: Some(Why::Coded(why.clone())),
                    });
                }
                continue;
            }
            Some((Action::Search, _)) => continue,
            Some((Action::Convention, _)) | None => {}
        }
        match c.kind {
            Kind::Direct => {
                let (op, params, why) = for_direct(c);
                steps.push(step(i, op, params, why));
            }
            Kind::Sensitive => steps.push(step(i, "keep", json!({}), Reason::SensitiveKeep)),
            Kind::Quasi | Kind::None => {}
        }
    }
    Suggestions {
        steps,
        optimum,
        unneeded: minimise.map_or_else(Vec::new, |m| m.unneeded.to_vec()),
        policy: None,
    }
}
