//! The class tables of `tests/classes/` (#17): one synthetic table per
//! failure class of real data, written by `tools/class_tables.py`, with
//! the verdicts they must get in `tests/classes/expect.json`. Every
//! mismatch of every table is listed before the test fails.

mod support;

use privscan::pipeline::{scan_bytes, ScanOptions};
use serde_json::Value;
use std::path::Path;

fn scan(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap();
    let report = scan_bytes(&bytes, ScanOptions::default()).unwrap();
    support::assert_valid(&report);
    serde_json::to_value(&report).unwrap()
}

fn accepts(spec: &Value, entity: &str, confidence: f64) -> bool {
    match spec {
        Value::String(s) => s == entity,
        Value::Array(list) => list.iter().any(|s| s == entity),
        Value::Object(o) => {
            accepts(&o["entity"], entity, confidence)
                && o.get("min_confidence")
                    .and_then(Value::as_f64)
                    .is_none_or(|m| confidence >= m)
                && o.get("max_confidence")
                    .and_then(Value::as_f64)
                    .is_none_or(|m| confidence <= m)
        }
        _ => false,
    }
}

#[test]
fn class_tables_get_their_verdicts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/classes");
    let expect: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expect.json")).unwrap()).unwrap();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (file, want) in expect.as_object().unwrap() {
        if file.starts_with('_') {
            continue;
        }
        let r = scan(&dir.join(file));
        if let Some(v) = want.get("verdict") {
            let got = &r["summary"]["verdict"]["code"];
            if got != v {
                wrong.push(format!("{file}: verdict {got}, want {v}"));
            }
            // A table of places counts no sensitive information of people.
            let sensitive = &r["summary"]["cross_border"]["sensitive_individuals"];
            if v == "not_about_people"
                && (sensitive != 0 || r["summary"]["sensitive_pi_columns"] != 0)
            {
                wrong.push(format!(
                    "{file}: places counted as people's sensitive information"
                ));
            }
        }
        for (k, v) in want
            .get("input")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let got = r["input"].get(k).unwrap_or(&r["input"]["anomalies"][k]);
            if got != v {
                wrong.push(format!("{file}: input.{k} {got}, want {v}"));
            }
        }
        for (name, spec) in want["columns"].as_object().unwrap() {
            checked += 1;
            let Some(col) = r["columns"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["name"] == name.as_str())
            else {
                wrong.push(format!("{file}: no column {name}"));
                continue;
            };
            let entity = col["entity"].as_str().unwrap();
            let confidence = col["confidence"].as_f64().unwrap();
            if !accepts(spec, entity, confidence) {
                wrong.push(format!(
                    "{file}: {name} is {entity} ({confidence}), want {spec}"
                ));
            }
        }
    }
    assert!(checked >= 35, "only {checked} columns checked");
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
