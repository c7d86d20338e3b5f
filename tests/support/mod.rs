//! Shared by the integration tests: the report contract.

#![allow(dead_code)]

use std::sync::OnceLock;

/// The published schema, `docs/report.schema.json`.
pub fn schema() -> &'static serde_json::Value {
    static S: OnceLock<serde_json::Value> = OnceLock::new();
    S.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/report.schema.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    })
}

/// Panics, naming every violation, unless `report` follows the schema.
pub fn assert_valid_report(report: &serde_json::Value) {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    let v = V.get_or_init(|| jsonschema::validator_for(schema()).expect("the schema compiles"));
    assert_follows(v, report, "docs/report.schema.json");
}

/// Panics, naming the first ten violations, unless `value` follows `v`.
fn assert_follows(v: &jsonschema::Validator, value: &serde_json::Value, schema: &str) {
    let errors: Vec<String> = v
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(10)
        .collect();
    assert!(errors.is_empty(), "{schema} is violated: {errors:#?}");
}

/// The same for a report value of the library.
pub fn assert_valid<T: serde::Serialize>(report: &T) {
    assert_valid_report(&serde_json::to_value(report).unwrap());
}

/// Panics, naming every violation, unless `batch` follows
/// `docs/batch.schema.json` (its reports checked against the report
/// schema it refers to).
pub fn assert_valid_batch(batch: &serde_json::Value) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/batch.schema.json");
    let batch_schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let v = jsonschema::options()
        .with_resource(
            "https://privscan.invalid/report.schema.json",
            jsonschema::Resource::from_contents(schema().clone()),
        )
        .build(&batch_schema)
        .expect("the batch schema compiles");
    assert_follows(&v, batch, "docs/batch.schema.json");
}
