//! Settings profiles (`--profile FILE`, the page's "Export settings"): the
//! choices a provider fixes once — policy, target k, purpose, the
//! quasi-identifier and sensitive columns, an operator per column name,
//! the output encoding — and applies to every file. Values given on the
//! command line win over the profile's.

use super::ScanOptions;
use crate::error::{Error, ErrorKind, Result};
use crate::mask::operators::Params;
use crate::mask::plan::{ColumnRef, Step, Why};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `schema` a settings profile carries.
pub const SETTINGS_SCHEMA: &str = "privscan.profile/1";

/// An operator fixed for a column name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSetting {
    /// The operator's name.
    pub operator: String,
    /// Its parameters.
    #[serde(default, skip_serializing_if = "Params::is_empty")]
    pub params: Params,
}

/// A settings profile.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Always [`SETTINGS_SCHEMA`].
    pub schema: String,
    /// A policy preset (`src/mask/policies.json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// The target k.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<u32>,
    /// The purpose of processing (`src/mask/purposes.json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// Quasi-identifier columns, by header name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qi: Option<Vec<String>>,
    /// Sensitive columns, by header name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive: Option<Vec<String>>,
    /// An operator per column name, in place of the suggested one.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub operators: BTreeMap<String, ColumnSetting>,
    /// The masked file's encoding: utf-8, utf-8-bom or gb18030.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_out: Option<String>,
}

impl Settings {
    /// Reads a profile, checking its schema, its policy and purpose, k and
    /// its operators; the error says what is wrong.
    pub fn parse(json: &str) -> Result<Settings> {
        let bad = |m: String| Error::new(ErrorKind::Options(format!("the settings profile {m}")));
        let s: Settings =
            serde_json::from_str(json).map_err(|e| bad(format!("is not readable: {e}")))?;
        if s.schema != SETTINGS_SCHEMA {
            return Err(bad(format!(
                "has schema {:?}, not {SETTINGS_SCHEMA:?}",
                s.schema
            )));
        }
        if let Some(p) = &s.policy {
            crate::mask::policy::policy(p)?;
        }
        if let Some(p) = &s.purpose {
            crate::mask::purpose::purpose(p)?;
        }
        if let Some(k) = s.k {
            crate::risk::k_for_measuring(k)?;
        }
        for (column, o) in &s.operators {
            crate::mask::operators::operator(&o.operator)
                .map_err(|e| bad(format!("names an operator for {column:?} that {e}")))?;
        }
        Ok(s)
    }

    /// Fills what the caller left unset in `opts` from the profile.
    pub fn fill(&self, opts: &mut ScanOptions) {
        opts.policy = opts.policy.take().or_else(|| self.policy.clone());
        opts.k = opts.k.or(self.k);
        opts.purpose = opts.purpose.take().or_else(|| self.purpose.clone());
        opts.qi = opts.qi.take().or_else(|| self.qi.clone());
        opts.sensitive = opts.sensitive.take().or_else(|| self.sensitive.clone());
    }

    /// `steps` with the profile's operators in place of the steps of the
    /// columns it names (`names`: the file's header names); the profile's
    /// column names the file does not have are returned too.
    pub fn apply_operators(&self, steps: Vec<Step>, names: &[String]) -> (Vec<Step>, Vec<String>) {
        let index = |name: &str| names.iter().position(|n| n == name);
        let mut missing = Vec::new();
        let mut fixed: BTreeMap<usize, &ColumnSetting> = BTreeMap::new();
        for (name, o) in &self.operators {
            match index(name) {
                Some(i) => {
                    fixed.insert(i, o);
                }
                None => missing.push(name.clone()),
            }
        }
        let column_of = |s: &Step| match &s.column {
            ColumnRef::Index(i) => Some(*i),
            ColumnRef::Name(n) => index(n),
        };
        let mut out: Vec<Step> = steps
            .into_iter()
            .filter(|s| column_of(s).is_none_or(|i| !fixed.contains_key(&i)))
            .collect();
        for (i, o) in fixed {
            out.push(Step {
                column: ColumnRef::Index(i),
                operator: o.operator.clone(),
                params: o.params.clone(),
                why: Some(Why::Note("settings profile".into())),
            });
        }
        out.sort_by_key(|s| column_of(s).unwrap_or(usize::MAX));
        (out, missing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_read_fill_and_replace_steps() {
        let s = Settings::parse(
            r#"{"schema": "privscan.profile/1", "policy": "pipl", "k": 7,
                "qi": ["age"], "operators": {"phone": {"operator": "drop"},
                "notes": {"operator": "redact"}}, "encoding_out": "gb18030"}"#,
        )
        .unwrap();
        let mut opts = ScanOptions {
            k: Some(3),
            ..ScanOptions::default()
        };
        s.fill(&mut opts);
        // The command line's k wins; the rest comes from the profile.
        assert_eq!(opts.k, Some(3));
        assert_eq!(opts.policy.as_deref(), Some("pipl"));
        assert_eq!(opts.qi, Some(vec!["age".to_string()]));
        let names: Vec<String> = ["name", "phone", "age"].map(String::from).to_vec();
        let steps = vec![
            Step {
                column: ColumnRef::Index(0),
                operator: "mask".into(),
                params: Params::new(),
                why: None,
            },
            Step {
                column: ColumnRef::Name("phone".into()),
                operator: "mask".into(),
                params: Params::new(),
                why: None,
            },
        ];
        let (steps, missing) = s.apply_operators(steps, &names);
        assert_eq!(missing, ["notes"]);
        let ops: Vec<(&ColumnRef, &str)> = steps
            .iter()
            .map(|s| (&s.column, s.operator.as_str()))
            .collect();
        assert_eq!(
            ops,
            [
                (&ColumnRef::Index(0), "mask"),
                (&ColumnRef::Index(1), "drop")
            ]
        );
        // Round trip.
        let again = Settings::parse(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(again, s);
    }

    #[test]
    fn bad_profiles_say_what_is_wrong() {
        for (json, says) in [
            (r#"{"schema": "privscan.profile/9"}"#, "schema"),
            (
                r#"{"schema": "privscan.profile/1", "policy": "ccpa"}"#,
                "unknown policy",
            ),
            (r#"{"schema": "privscan.profile/1", "k": 0}"#, "k"),
            (
                r#"{"schema": "privscan.profile/1", "operators": {"a": {"operator": "shred"}}}"#,
                "unknown masking operator",
            ),
            (
                r#"{"schema": "privscan.profile/1", "colour": "red"}"#,
                "colour",
            ),
            ("not json", "not readable"),
        ] {
            let e = Settings::parse(json).unwrap_err().to_string();
            assert!(e.contains(says), "{json}: {e}");
        }
    }
}
