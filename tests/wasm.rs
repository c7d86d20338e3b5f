//! The WebAssembly bindings, run by `wasm-bindgen-test-runner` in headless
//! Chromium (`make test` sets it up): the binding the page's worker calls
//! gives the same report as the core, in any chunking, and its errors reach
//! JavaScript as `Error`s whose `name` is the error code.

#![cfg(target_arch = "wasm32")]

use privscan::pipeline::{scan_bytes, ScanOptions};
use privscan::synth::{encode, personal_columns, Headers, Table};
use privscan::wasm::{WasmRelay, WasmScanner};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn table() -> Vec<u8> {
    let t = Table::generate(&personal_columns(), 300, Headers::Chinese, 11);
    encode(&t.to_csv(b','), "GBK").expect("GBK encodes the synthetic table")
}

/// Options as the page passes them: a JavaScript object.
fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

/// A JavaScript value from the bindings as JSON, to compare with the core
/// (through JSON text: JavaScript has one number type, so 1.0 reads 1).
fn value(v: JsValue) -> serde_json::Value {
    let text: String = js_sys::JSON::stringify(&v).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

/// A report of the core as the page would see it.
fn as_js<T: serde::Serialize>(report: &T) -> serde_json::Value {
    value(js(&serde_json::to_string(report).unwrap()))
}

fn through_binding(
    bytes: &[u8],
    chunk: usize,
    options: &str,
) -> Result<serde_json::Value, JsValue> {
    let mut s = WasmScanner::new(js(options))?;
    for c in bytes.chunks(chunk) {
        s.feed(c)?;
    }
    assert_eq!(s.bytes_fed() as usize, bytes.len());
    s.finish().map(value)
}

#[wasm_bindgen_test]
fn binding_report_equals_core_report() {
    let bytes = table();
    let opts = ScanOptions {
        name: Some("people.csv".into()),
        ..ScanOptions::default()
    };
    let core = as_js(&scan_bytes(&bytes, opts).unwrap());
    assert_eq!(core["input"]["encoding"], "GBK");
    for chunk in [1, 7, 4096, 1 << 20] {
        let got = through_binding(&bytes, chunk, r#"{"name":"people.csv"}"#).unwrap();
        assert_eq!(got, core, "chunk size {chunk}");
    }
}

#[wasm_bindgen_test]
fn errors_carry_their_code() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let err = through_binding(png, 4, "{}").unwrap_err();
    let name = js_sys::Reflect::get(&err, &JsValue::from_str("name")).unwrap();
    assert_eq!(name.as_string().as_deref(), Some("not_text"));
    let msg = js_sys::Reflect::get(&err, &JsValue::from_str("message")).unwrap();
    assert!(msg.as_string().unwrap().contains("PNG"), "{msg:?}");

    // Options are checked as strictly as the CLI's: a wrong type, or an
    // option the core does not know.
    for bad in [
        r#"{"k": "five"}"#,
        r#"{"no_such_option": 1}"#,
        r#"{"k": 0}"#,
    ] {
        let err = WasmScanner::new(js(bad)).err().expect("bad options fail");
        let name = js_sys::Reflect::get(&err, &JsValue::from_str("name")).unwrap();
        assert_eq!(name.as_string().as_deref(), Some("options"), "{bad}");
    }
    assert!(WasmScanner::new(js(r#"{"k": 3, "name": "x.csv"}"#)).is_ok());
    let err = WasmScanner::new(js(r#"{"k": "five"}"#))
        .err()
        .expect("bad options fail");
    let name = js_sys::Reflect::get(&err, &JsValue::from_str("name")).unwrap();
    assert_eq!(name.as_string().as_deref(), Some("options"));
}

#[wasm_bindgen_test]
fn a_hash_from_the_other_worker_gives_the_same_report() {
    let bytes = table();
    let plain = through_binding(&bytes, 8192, "{}").unwrap();

    let mut hasher = privscan::wasm::WasmHasher::new();
    for c in bytes.chunks(5000) {
        hasher.update(c);
    }
    let mut s = WasmScanner::new(js(r#"{"sha256_by_caller":true}"#)).unwrap();
    for c in bytes.chunks(8192) {
        s.feed(c).unwrap();
    }
    s.set_sha256(&hasher.finish()).unwrap();
    assert_eq!(value(s.finish().unwrap()), plain);

    let mut s = WasmScanner::new(js(r#"{"sha256_by_caller":true}"#)).unwrap();
    s.feed(&bytes).unwrap();
    let err = s.finish().unwrap_err();
    let name = js_sys::Reflect::get(&err, &JsValue::from_str("name")).unwrap();
    assert_eq!(name.as_string().as_deref(), Some("options"));
}

/// The page's split scan: a relay in one worker parses into frames (taken
/// into reused buffers, as the page does), a scanner in the other absorbs
/// them; the report equals the core's.
#[wasm_bindgen_test]
fn a_split_scan_equals_the_core_report() {
    let bytes = table();
    let core = as_js(&scan_bytes(&bytes, ScanOptions::default()).unwrap());
    for chunk in [7, 4096, 1 << 20] {
        let mut relay = WasmRelay::new(js("{}")).unwrap();
        let mut scanner =
            WasmScanner::new(js(r#"{"sha256_by_caller":true,"size_hint":1}"#)).unwrap();
        let mut buffer = Vec::new();
        let mut pass = |relay: &mut WasmRelay, scanner: &mut WasmScanner| {
            while let Some(n) = relay.frame_length() {
                buffer.resize(n, 0);
                assert!(relay.take_frame_into(&mut buffer));
                scanner.absorb(&buffer).unwrap();
            }
        };
        for c in bytes.chunks(chunk) {
            relay.feed(c).unwrap();
            pass(&mut relay, &mut scanner);
        }
        let input = relay.finish().unwrap();
        pass(&mut relay, &mut scanner);
        let got = value(scanner.finish_relayed(input).unwrap());
        assert_eq!(got, core, "chunk size {chunk}");
    }
    // A wrongly sized buffer takes nothing.
    let mut relay = WasmRelay::new(JsValue::UNDEFINED).unwrap();
    relay.feed(&bytes).unwrap();
    relay.finish().unwrap();
    let n = relay.frame_length().unwrap();
    assert!(!relay.take_frame_into(&mut vec![0; n + 1]));
    assert_eq!(relay.frame_length(), Some(n));
}
