//! Words for people, in one dictionary per language (`www/i18n/*.json`),
//! shared by the page, the printable report and the CLI's human output.
//! The report itself speaks in codes ([`crate::message::Message`]); this
//! module turns a code and its parameters into a sentence.
//!
//! Adding a language is its dictionary file plus one line in [`LANGS`];
//! `tests` below check that every key of the English dictionary is
//! translated in every language.
//!
//! Templates fill `{name}` from the parameters, and three forms read the
//! dictionary again, so that a parameter which is itself a code is
//! translated too:
//! * `{name@prefix}`: the entry `prefix.VALUE` (lists and maps of codes
//!   are translated item by item and joined with `list.sep`);
//! * `{name?key}`: the template `key` when the parameter is set (true,
//!   non-zero, non-empty), else nothing;
//! * `{name#key}`: the template `key.one` or `key.other` by the count,
//!   with `#` standing for the number.

use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Every language: its BCP 47 tag and its dictionary. The first is the
/// fallback for a missing entry.
pub static LANGS: &[(&str, &str)] = &[
    ("en", include_str!("../www/i18n/en.json")),
    ("zh", include_str!("../www/i18n/zh.json")),
    ("zh-Hant", include_str!("../www/i18n/zh-Hant.json")),
];

/// A language's dictionary, parsed once.
pub struct Dictionary {
    tag: &'static str,
    entries: HashMap<String, String>,
}

fn all() -> &'static [Dictionary] {
    static ALL: OnceLock<Vec<Dictionary>> = OnceLock::new();
    ALL.get_or_init(|| {
        LANGS
            .iter()
            .map(|&(tag, json)| {
                // The dictionaries are compiled in and checked by the tests;
                // a broken one would leave only the keys visible, not panic.
                let entries = serde_json::from_str(json).unwrap_or_default();
                Dictionary { tag, entries }
            })
            .collect()
    })
}

/// The dictionary for a language tag. `zh-TW`, `zh-HK` and `zh-Hant-*`
/// read Traditional Chinese, other `zh…` Simplified; anything unknown
/// English.
pub fn dictionary(tag: &str) -> &'static Dictionary {
    let dicts = all();
    let lower = tag.trim().to_ascii_lowercase().replace('_', "-");
    let want = if lower.starts_with("zh-hant")
        || lower.starts_with("zh-tw")
        || lower.starts_with("zh-hk")
        || lower.starts_with("zh-mo")
    {
        "zh-hant"
    } else if lower.starts_with("zh") {
        "zh"
    } else {
        lower.as_str()
    };
    dicts
        .iter()
        .find(|d| d.tag.eq_ignore_ascii_case(want))
        .unwrap_or(&dicts[0])
}

/// Whether a tag names a language of [`LANGS`] (after the aliases of
/// [`dictionary`]).
pub fn known(tag: &str) -> bool {
    let d = dictionary(tag);
    d.tag != "en" || tag.trim().to_ascii_lowercase().starts_with("en")
}

impl Dictionary {
    /// The language tag.
    pub fn tag(&self) -> &'static str {
        self.tag
    }

    /// The entry for `key`, falling back to English, then to the key.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.lookup(key).unwrap_or(key)
    }

    fn lookup(&self, key: &str) -> Option<&str> {
        self.entries
            .get(key)
            .or_else(|| all()[0].entries.get(key))
            .map(String::as_str)
    }

    /// Every key of this dictionary.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// The template `key` filled with `params`.
    pub fn render(&self, key: &str, params: &Map<String, Value>) -> String {
        let mut out = String::new();
        self.fill(self.get(key), params, &mut out, 0);
        out
    }

    /// `template` filled with `params`.
    pub fn fill_template(&self, template: &str, params: &Map<String, Value>) -> String {
        let mut out = String::new();
        self.fill(template, params, &mut out, 0);
        out
    }

    fn fill(&self, template: &str, params: &Map<String, Value>, out: &mut String, depth: u8) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(len) = rest[open..].find('}') else {
                out.push_str(&rest[open..]);
                return;
            };
            let inner = &rest[open + 1..open + len];
            rest = &rest[open + len + 1..];
            let (name, op, arg) = match inner.find(['@', '?', '#']) {
                Some(i) => (&inner[..i], inner.as_bytes()[i], &inner[i + 1..]),
                None => (inner, 0, ""),
            };
            let Some(v) = params.get(name) else {
                out.push('{');
                out.push_str(inner);
                out.push('}');
                continue;
            };
            match op {
                b'@' => out.push_str(&self.label(v, arg)),
                b'?' => {
                    if truthy(v) && depth < 4 {
                        self.fill(self.get(arg), params, out, depth + 1);
                    }
                }
                b'#' => {
                    let n = v.as_f64().unwrap_or(0.0);
                    let form = if n == 1.0 { "one" } else { "other" };
                    let key = format!("{arg}.{form}");
                    let text = self.get(&key).replace('#', &plain(v));
                    if depth < 4 {
                        self.fill(&text, params, out, depth + 1);
                    }
                }
                _ => out.push_str(&self.label(v, "")),
            }
        }
        out.push_str(rest);
    }

    /// A parameter as words: codes looked up under `prefix.` when a prefix
    /// is given, lists joined, maps written `label count`.
    fn label(&self, v: &Value, prefix: &str) -> String {
        let one = |s: &str| -> String {
            if prefix.is_empty() {
                s.to_string()
            } else {
                let key = format!("{prefix}.{s}");
                self.lookup(&key).unwrap_or(s).to_string()
            }
        };
        let sep = self.get("list.sep");
        match v {
            Value::Array(items) => items
                .iter()
                .map(|i| one(&plain(i)))
                .collect::<Vec<_>>()
                .join(sep),
            Value::Object(m) => m
                .iter()
                .map(|(k, n)| format!("{} {}", one(k), plain(n)))
                .collect::<Vec<_>>()
                .join(sep),
            other => one(&plain(other)),
        }
    }
}

/// Template parameters from a JSON object (`json!({...})`); anything else
/// gives none.
pub fn params(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_language_has_every_key() {
        let en = dictionary("en");
        for &(tag, json) in LANGS {
            let parsed: Result<HashMap<String, String>, _> = serde_json::from_str(json);
            assert!(parsed.is_ok(), "{tag}.json does not parse: {parsed:?}");
            let d = dictionary(tag);
            assert_eq!(d.tag(), tag);
            let missing: Vec<&str> = en.keys().filter(|k| d.lookup_own(k).is_none()).collect();
            assert!(missing.is_empty(), "{tag} lacks {missing:?}");
            let extra: Vec<&str> = d.keys().filter(|k| en.lookup_own(k).is_none()).collect();
            assert!(extra.is_empty(), "{tag} has keys English lacks: {extra:?}");
        }
    }

    /// Every dictionary file is registered, and every registration has its
    /// file (the page reads every file of the directory).
    #[test]
    fn every_dictionary_file_is_registered() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/www/i18n");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|f| f.strip_suffix(".json").map(str::to_string))
            .collect();
        files.sort();
        let mut tags: Vec<String> = LANGS.iter().map(|l| l.0.to_string()).collect();
        tags.sort();
        assert_eq!(files, tags);
    }

    #[test]
    fn templates() {
        let en = dictionary("en");
        let p = params(json!({"direct": 1, "quasi": 2}));
        assert_eq!(
            en.render("msg.identifies_people", &p),
            "1 direct identifier, 2 quasi-identifiers: this file identifies people"
        );
        let p = params(json!({"header": "Tel", "word": "tel", "weak": true}));
        assert_eq!(en.render("msg.header", &p), "header: Tel (\"tel\") (weak)");
        let zh = dictionary("zh-CN");
        assert_eq!(zh.tag(), "zh");
        let p = params(json!({"matched": 3, "of": 4, "entity": "PHONE_NUMBER"}));
        assert!(zh.render("msg.also_entity", &p).contains("电话"));
        assert_eq!(dictionary("zh-TW").tag(), "zh-Hant");
        assert_eq!(dictionary("fr").tag(), "en");
        // A missing parameter stays visible rather than vanishing.
        assert_eq!(en.fill_template("a {x} b", &Map::new()), "a {x} b");
    }

    impl Dictionary {
        fn lookup_own(&self, key: &str) -> Option<&String> {
            self.entries.get(key)
        }
    }
}
