//! What the engine says, as data: a stable snake_case `code`, typed
//! parameters, and an English `text` rendered from them for people who
//! read raw JSON. Evidence, masking reasons, lint warnings and the summary
//! verdict all leave the core in this shape (`docs/report.schema.json`);
//! the page, the printable report and the CLI word them from the
//! dictionaries of [`crate::i18n`] — nothing downstream parses prose.
//!
//! Each stage keeps its own typed enum of codes (serialised with
//! `#[serde(tag = "code", content = "params", rename_all = "snake_case")]`)
//! and turns a value into a `Message` with [`Message::of`].

use crate::i18n;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One coded statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Stable snake_case code; the dictionary key is `msg.<code>`.
    pub code: String,
    /// Typed parameters (counts, detector ids, header words, entities …).
    #[serde(default)]
    pub params: Map<String, Value>,
    /// The English sentence, rendered from `code` and `params`.
    #[serde(default)]
    pub text: String,
}

impl Message {
    /// The message of a typed code (an enum serialised adjacently as
    /// `code` and `params`).
    pub fn of<T: Serialize>(typed: &T) -> Message {
        let (code, params) = match serde_json::to_value(typed) {
            Ok(Value::Object(mut m)) => {
                let code = match m.remove("code") {
                    Some(Value::String(s)) => s,
                    _ => String::new(),
                };
                let params = match m.remove("params") {
                    Some(Value::Object(p)) => p,
                    _ => Map::new(),
                };
                (code, params)
            }
            Ok(Value::String(code)) => (code, Map::new()),
            _ => (String::new(), Map::new()),
        };
        let mut m = Message {
            code,
            params,
            text: String::new(),
        };
        m.text = m.render("en");
        m
    }

    /// The dictionary key of this message.
    pub fn key(&self) -> String {
        format!("msg.{}", self.code)
    }

    /// The sentence in a language (see [`i18n::dictionary`]).
    pub fn render(&self, lang: &str) -> String {
        i18n::dictionary(lang).render(&self.key(), &self.params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    #[serde(tag = "code", content = "params", rename_all = "snake_case")]
    enum Sample {
        NoPersonalData,
        IdentifiesPeople { direct: usize, quasi: usize },
    }

    #[test]
    fn typed_codes_become_messages() {
        let m = Message::of(&Sample::IdentifiesPeople {
            direct: 2,
            quasi: 1,
        });
        assert_eq!(m.code, "identifies_people");
        assert_eq!(m.params["direct"], 2);
        assert_eq!(
            m.text,
            "2 direct identifiers, 1 quasi-identifier: this file identifies people"
        );
        let m = Message::of(&Sample::NoPersonalData);
        assert_eq!(m.code, "no_personal_data");
        assert!(m.params.is_empty());
        assert_eq!(m.text, "no personal data found");
        assert_eq!(m.render("zh"), "未发现个人信息");
    }
}
