//! The Python binding: the core's scan, scan of columns and mask, with the
//! GIL released while they run. Options and reports cross as JSON text;
//! `python/privscan/__init__.py` is the Python face of it.

use privscan::mask::apply::MaskOptions;
use privscan::mask::optimize::OptimizeOptions;
use privscan::pipeline::{ScanOptions, Scanner};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

create_exception!(
    _privscan,
    PrivScanError,
    PyValueError,
    "A scan or a mask that failed: args are (code, message)."
);

fn core_error(e: privscan::Error) -> PyErr {
    PrivScanError::new_err((e.code().to_string(), e.to_string()))
}

fn options(json: &str) -> PyResult<ScanOptions> {
    let opts: ScanOptions = serde_json::from_str(json)
        .map_err(|e| PrivScanError::new_err(("options".to_string(), format!("bad option: {e}"))))?;
    opts.validate().map_err(core_error)?;
    Ok(opts)
}

fn to_json<T: serde::Serialize>(v: &T) -> PyResult<String> {
    serde_json::to_string(v)
        .map_err(|e| PrivScanError::new_err(("internal".to_string(), e.to_string())))
}

/// A scanner fed `data` (CSV text or a workbook), finished.
fn scanned(
    data: &[u8],
    opts: ScanOptions,
) -> privscan::Result<(Scanner, privscan::Report, Vec<u8>)> {
    if privscan::input::excel::looks_like_workbook(data) {
        return privscan::pipeline::scan_workbook(data, opts);
    }
    let mut s = Scanner::new(opts)?;
    s.feed(data)?;
    let report = s.finish()?;
    Ok((s, report, Vec::new()))
}

/// Scans the bytes of a table; returns the report as JSON.
#[pyfunction]
fn scan_bytes(py: Python<'_>, data: Vec<u8>, options_json: &str) -> PyResult<String> {
    let opts = options(options_json)?;
    let report = py
        .detach(move || scanned(&data, opts).map(|r| r.1))
        .map_err(core_error)?;
    to_json(&report)
}

/// Scans named columns of text (`None`: missing); returns the report as
/// JSON.
#[pyfunction]
fn scan_columns(
    py: Python<'_>,
    names: Vec<String>,
    columns: Vec<Vec<Option<String>>>,
    options_json: &str,
) -> PyResult<String> {
    let opts = options(options_json)?;
    let report = py
        .detach(move || privscan::pipeline::scan_columns(&names, &columns, opts))
        .map_err(core_error)?;
    to_json(&report)
}

/// Masks the bytes of a table with a plan (JSON; the suggested plan when
/// `None`) and a key (hex; needed when the plan pseudonymises): returns
/// (the report after masking as JSON, the masked CSV, the plan as JSON).
#[pyfunction]
#[pyo3(signature = (data, options_json, plan_json=None, key_hex=None, encoding_out=None))]
fn mask_bytes(
    py: Python<'_>,
    data: Vec<u8>,
    options_json: &str,
    plan_json: Option<String>,
    key_hex: Option<String>,
    encoding_out: Option<String>,
) -> PyResult<(String, Vec<u8>, String)> {
    let opts = options(options_json)?;
    let run = move || -> privscan::Result<(privscan::Report, Vec<u8>, Vec<privscan::mask::plan::Step>)> {
        let plan = plan_json
            .as_deref()
            .map(privscan::mask::plan::parse_plan)
            .transpose()?;
        let k = opts.k_target();
        let name = opts.name.clone();
        let (scanner, _, csv) = scanned(&data, opts)?;
        let steps = match plan {
            Some(p) => p,
            None => {
                privscan::pipeline::suggested_plan(
                    &scanner,
                    None,
                    &OptimizeOptions {
                        k,
                        ..OptimizeOptions::default()
                    },
                )?
                .steps
            }
        };
        let key = key_hex
            .as_deref()
            .map(privscan::key::Key::from_hex)
            .transpose()?;
        if privscan::pipeline::needs_key(&steps) && key.is_none() {
            return Err(privscan::Error::new(privscan::ErrorKind::Options(
                "the plan pseudonymises: give key= (hex, at least 16 bytes)".into(),
            )));
        }
        let mut masker = scanner.masker(
            &steps,
            key.as_ref().map(|k| k.bytes()),
            &MaskOptions {
                encoding_out,
                name: name.map(|n| format!("{}.masked.csv", n.trim_end_matches(".csv"))),
                ..MaskOptions::default()
            },
        )?;
        let source = if csv.is_empty() { &data } else { &csv };
        let mut out = Vec::new();
        for chunk in source.chunks(1 << 20) {
            masker.feed(chunk, &mut out)?;
        }
        let report = masker.finish(&mut out)?;
        Ok((report, out, steps))
    };
    let (report, out, steps) = py.detach(run).map_err(core_error)?;
    Ok((to_json(&report)?, out, to_json(&steps)?))
}

/// The native module behind `privscan`.
#[pymodule]
fn _privscan(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(scan_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(scan_columns, m)?)?;
    m.add_function(wrap_pyfunction!(mask_bytes, m)?)?;
    m.add("PrivScanError", m.py().get_type::<PrivScanError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
