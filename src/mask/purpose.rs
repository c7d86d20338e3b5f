//! Purposes of processing and the columns each needs (PIPL Art. 6: a
//! specific purpose and the minimum scope; GB/T 35273-2020 5.2). The
//! templates are data, in `purposes.json` beside this file.

use crate::entity::{Entity, Kind};
use crate::error::Result;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A purpose: the kinds and entities it needs.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Purpose {
    /// Every column of these kinds is needed.
    #[serde(default)]
    kinds: Vec<String>,
    /// And columns of these entities.
    #[serde(default)]
    entities: Vec<String>,
}

impl Purpose {
    /// Whether a personal column of `entity` and `kind` is needed.
    pub fn needs(&self, entity: Entity, kind: Kind) -> bool {
        kind == Kind::None
            || self.kinds.iter().any(|k| k == kind.as_str())
            || self.entities.iter().any(|e| e == entity.name())
    }
}

fn all() -> &'static BTreeMap<String, Purpose> {
    static ALL: OnceLock<BTreeMap<String, Purpose>> = OnceLock::new();
    ALL.get_or_init(|| super::presets(include_str!("purposes.json")))
}

/// The codes of every purpose.
pub fn codes() -> Vec<&'static str> {
    all().keys().map(String::as_str).collect()
}

/// The purpose called `code`, or an error listing the known ones.
pub fn purpose(code: &str) -> Result<&'static Purpose> {
    super::preset(all(), "purpose", code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_read_and_name_real_entities() {
        let raw: BTreeMap<String, serde_json::Value> =
            serde_json::from_str(include_str!("purposes.json")).unwrap();
        assert_eq!(all().len(), raw.len() - 1, "every template parses");
        for p in all().values() {
            for e in &p.entities {
                assert!(Entity::from_name(e).is_some(), "{e}");
            }
            for k in &p.kinds {
                assert!(
                    ["direct", "quasi", "sensitive"].contains(&k.as_str()),
                    "{k}"
                );
            }
        }
        let stats = purpose("statistics").unwrap();
        assert!(!stats.needs(Entity::PersonName, Kind::Direct));
        assert!(stats.needs(Entity::Age, Kind::Quasi));
        assert!(stats.needs(Entity::None, Kind::None));
        let marketing = purpose("marketing_contact").unwrap();
        assert!(marketing.needs(Entity::PhoneNumber, Kind::Direct));
        assert!(!marketing.needs(Entity::Health, Kind::Sensitive));
        assert!(purpose("surveillance").is_err());
    }
}
