//! Two reports of the same table compared: where their findings differ.
//! A scan run elsewhere (on an engine, in parts, on another build) is
//! checked against a scan of the whole file this way.

use serde_json::Value;

/// The findings of a report: the blocks that depend on the table's rows,
/// not on how its bytes were read (the input block's name, bytes, hash
/// and encoding are left out; its rows and columns are kept).
pub fn findings(report: &Value) -> Value {
    serde_json::json!({
        "rows": report["input"]["rows"],
        "width": report["input"]["columns"],
        "columns": report["columns"],
        "summary": report["summary"],
        "risk": report["risk"],
        "suggestions": report["suggestions"],
        "minimisation": report["minimisation"],
        "policy": report["policy"],
    })
}

/// Where two reports' findings differ, as `path: left ≠ right` lines
/// (the first `max`); numbers within 1e-9 relative are equal, as sums
/// taken in another order may differ in their last bits.
pub fn differences(a: &Value, b: &Value, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    walk(&findings(a), &findings(b), String::new(), &mut out, max);
    out
}

fn walk(a: &Value, b: &Value, at: String, out: &mut Vec<String>, max: usize) {
    if out.len() >= max {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let null = Value::Null;
                let (p, q) = (x.get(k).unwrap_or(&null), y.get(k).unwrap_or(&null));
                walk(p, q, format!("{at}.{k}"), out, max);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                walk(p, q, format!("{at}[{i}]"), out, max);
            }
        }
        (Value::Number(x), Value::Number(y))
            if x.as_f64()
                .zip(y.as_f64())
                .is_some_and(|(p, q)| p == q || (p - q).abs() <= 1e-9 * p.abs().max(q.abs())) => {}
        _ if a == b => {}
        _ => out.push(format!("{at}: {a} ≠ {b}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_in_another_order_are_equal_and_other_changes_are_named() {
        let a = serde_json::json!({"input": {"rows": 3}, "risk": {"avg": 0.1 + 0.2, "k": 2}});
        let b = serde_json::json!({"input": {"rows": 3}, "risk": {"avg": 0.3, "k": 3}});
        assert_eq!(differences(&a, &b, 10), vec![".risk.k: 2 ≠ 3".to_string()]);
        assert!(differences(&a, &a, 10).is_empty());
    }
}
