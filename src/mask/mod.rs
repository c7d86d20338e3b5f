//! Masking: operators ([`operators`], one file each), the partial masks
//! used for report examples ([`ops`]), plans and suggestions ([`plan`],
//! [`suggest`]), policy presets ([`policy`]), the generalisation search ([`optimize`]) and the streaming
//! apply ([`apply`]).

pub mod apply;
pub mod operators;
pub mod ops;
pub mod optimize;
pub mod plan;
pub mod policy;
pub mod purpose;
pub mod suggest;

/// Presets that are data (`purposes.json`, `policies.json`): a JSON object
/// of entries by code, keys starting with `_` being documentation. An
/// entry that does not read is left out (the presets' tests read every
/// one).
fn presets<T: serde::de::DeserializeOwned>(json: &str) -> std::collections::BTreeMap<String, T> {
    let raw: std::collections::BTreeMap<String, serde_json::Value> =
        serde_json::from_str(json).unwrap_or_default();
    raw.into_iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .filter_map(|(k, v)| Some((k, serde_json::from_value(v).ok()?)))
        .collect()
}

/// The preset called `code` of `what` (a purpose, a policy), or an error
/// listing the known ones.
fn preset<'a, T>(
    all: &'a std::collections::BTreeMap<String, T>,
    what: &str,
    code: &str,
) -> crate::error::Result<&'a T> {
    all.get(code).ok_or_else(|| {
        let known: Vec<&str> = all.keys().map(String::as_str).collect();
        crate::error::Error::new(crate::error::ErrorKind::Options(format!(
            "unknown {what} {code:?} (known: {})",
            known.join(", ")
        )))
    })
}
