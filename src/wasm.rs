//! WebAssembly bindings: thin, as the CLI is. Each call deserialises its
//! input (a JavaScript object, through serde-wasm-bindgen), makes one call
//! into [`crate::pipeline`] and returns a JavaScript object; errors become
//! one JS `Error` whose message is the core's message and whose `name` is
//! the error code.

use crate::pipeline::{InputHasher, ScanOptions, Scanner};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn into_error(e: crate::Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name(e.code());
    err.into()
}

/// A value of the core as a JavaScript object: the same shape as its JSON
/// (maps as plain objects, `None` as `null`, numbers as numbers).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(options_error)
}

/// A JavaScript object as a value of the core; `undefined` and `null` are
/// the defaults. It goes through a `serde_json::Value` (not text) because
/// serde-wasm-bindgen reads only the fields a struct declares, and an
/// option the core does not know must be an error, as it is in the CLI.
fn from_js<T: DeserializeOwned + Default>(value: JsValue) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    let value: serde_json::Value = serde_wasm_bindgen::from_value(value).map_err(options_error)?;
    serde_json::from_value(value).map_err(options_error)
}

/// The streaming scanner for the page's worker.
#[wasm_bindgen]
pub struct WasmScanner {
    inner: Scanner,
}

#[wasm_bindgen]
impl WasmScanner {
    /// Creates a scanner from a [`ScanOptions`] object (`undefined` or
    /// `{}` for the defaults).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<WasmScanner, JsValue> {
        Scanner::new(from_js(options)?)
            .map(|inner| WasmScanner { inner })
            .map_err(into_error)
    }

    /// Profiles a frame from a [`WasmRelay`] in another worker.
    pub fn absorb(&mut self, frame: &[u8]) -> Result<(), JsValue> {
        self.inner.absorb(frame).map_err(into_error)
    }

    /// Ends a split scan once every frame is absorbed: `input` is what
    /// the relay's `finish` returned. Returns the report as `finish` does.
    #[wasm_bindgen(js_name = finishRelayed)]
    pub fn finish_relayed(&mut self, input: JsValue) -> Result<JsValue, JsValue> {
        let input = serde_wasm_bindgen::from_value(input).map_err(options_error)?;
        let report = self.inner.finish_relayed(input).map_err(into_error)?;
        to_js(&report)
    }

    /// Feeds the next chunk of the file.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        self.inner.feed(chunk).map_err(into_error)
    }

    /// Bytes fed so far.
    #[wasm_bindgen(js_name = bytesFed)]
    pub fn bytes_fed(&self) -> f64 {
        self.inner.bytes_fed() as f64
    }

    /// Hands over the SHA-256 of the input, computed in parallel by a
    /// [`WasmHasher`] (for a scanner made with `sha256_by_caller`).
    #[wasm_bindgen(js_name = setSha256)]
    pub fn set_sha256(&mut self, hex: &str) -> Result<(), JsValue> {
        self.inner.set_sha256(hex).map_err(into_error)
    }

    /// After `finish`: the `risk` block for another choice of columns, from
    /// the encoded copy kept in memory (no second pass over the file).
    /// `options` is a [`crate::risk::RiskOptions`] object.
    pub fn risk(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let opts: crate::risk::RiskOptions = from_js(options)?;
        to_js(&self.inner.risk(&opts).map_err(into_error)?)
    }

    /// After `finish`, on both: links this table to `public` (a table
    /// scanned with `keep_all_columns`) on their shared quasi-identifiers.
    /// `options` is a [`crate::risk::linkage::LinkOptions`] object; returns
    /// a [`crate::risk::linkage::LinkReport`].
    pub fn link(&self, public: &WasmScanner, options: JsValue) -> Result<JsValue, JsValue> {
        let opts: crate::risk::linkage::LinkOptions = from_js(options)?;
        to_js(&self.inner.link(&public.inner, &opts).map_err(into_error)?)
    }

    /// After `finish`: suggested masking with a search of the
    /// generalisation levels. `options` is an
    /// [`crate::mask::optimize::OptimizeOptions`] object (its
    /// `quasi_identifiers`, when not empty, choose the columns); returns
    /// [`crate::mask::suggest::Suggestions`].
    pub fn suggest(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let opts: crate::mask::optimize::OptimizeOptions = from_js(options)?;
        let quasi = (!opts.quasi_identifiers.is_empty()).then(|| opts.quasi_identifiers.clone());
        let s = self
            .inner
            .suggest(quasi.as_deref(), &opts)
            .map_err(into_error)?;
        to_js(&s)
    }

    /// After `finish`: the mask job for a plan (a list of steps, or a
    /// report whose suggestions are the plan), with the pseudonymisation key
    /// as hex (`""` for none) and [`crate::mask::apply::MaskOptions`]. Feed
    /// it the same file again.
    pub fn masker(
        &self,
        plan: JsValue,
        key_hex: &str,
        options: JsValue,
    ) -> Result<WasmMasker, JsValue> {
        let plan: serde_json::Value = from_js(plan)?;
        let steps = crate::mask::plan::plan_from_value(plan).map_err(into_error)?;
        let key = parse_hex(key_hex)?;
        let opts: crate::mask::apply::MaskOptions = from_js(options)?;
        let inner = self
            .inner
            .masker(&steps, key.as_deref(), &opts)
            .map_err(into_error)?;
        Ok(WasmMasker {
            inner,
            report: None,
        })
    }

    /// The report of a finished scan (`null` before it finished).
    pub fn report(&self) -> Result<JsValue, JsValue> {
        match self.inner.finished_report() {
            Ok(r) => to_js(r),
            Err(_) => Ok(JsValue::NULL),
        }
    }

    /// Ends the input; returns the report (the same object as
    /// `privscan scan --json` prints).
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.finish().map_err(into_error)?)
    }
}

/// One byte range of a file scanned by several workers at once (see
/// [`crate::pipeline::Split`]): the first range (`start` 0) reads the header
/// and sniffs the dialect; the others start on a record after it. Errors
/// in the data are kept for [`WasmRange::end`], so that `feed` throws only
/// for a broken instance.
#[wasm_bindgen]
pub struct WasmRange {
    inner: Scanner,
    failed: Option<crate::Error>,
}

#[wasm_bindgen]
impl WasmRange {
    /// A range's scanner: the scan's options, where the range starts, how
    /// the first range read the file (`null` for the first), and the
    /// encoding an earlier range decided (`null`, or `{name, source}`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        options: JsValue,
        start: f64,
        reading: JsValue,
        encoding: JsValue,
    ) -> Result<WasmRange, JsValue> {
        let reading: Option<crate::pipeline::Reading> =
            if reading.is_null() || reading.is_undefined() {
                None
            } else {
                Some(serde_wasm_bindgen::from_value(reading).map_err(options_error)?)
            };
        let encoding = decided_encoding(encoding)?;
        Scanner::for_range(from_js(options)?, start as u64, reading.as_ref(), encoding)
            .map(|inner| WasmRange {
                inner,
                failed: None,
            })
            .map_err(into_error)
    }

    /// Feeds the next chunk of the range.
    pub fn feed(&mut self, chunk: &[u8]) {
        if self.failed.is_none() {
            if let Err(e) = self.inner.feed(chunk) {
                self.failed = Some(e);
            }
        }
    }

    /// How the first range reads the file, once it knows (`null` before).
    pub fn reading(&self) -> Result<JsValue, JsValue> {
        match self.inner.reading() {
            Some(r) => to_js(&r),
            None => Ok(JsValue::NULL),
        }
    }

    /// What a range that could not be scanned in its worker (its file
    /// unreadable there) came to: the coordinating worker scans it again.
    #[wasm_bindgen(js_name = failedElsewhere)]
    pub fn failed_elsewhere() -> Result<Vec<u8>, JsValue> {
        crate::pipeline::RangeEnd::FailedElsewhere
            .encode()
            .map_err(into_error)
    }

    /// Ends the range (`last`: it ends the file): what it came to, as
    /// bytes for [`WasmSplit::set`].
    pub fn end(&mut self, last: bool) -> Result<Vec<u8>, JsValue> {
        let end = match self.failed.take() {
            Some(e) => crate::pipeline::RangeEnd::Failed(e),
            None => self.inner.end_range(last),
        };
        end.encode().map_err(into_error)
    }
}

/// `{name, source}` as an encoding decided by a range, or `null`.
fn decided_encoding(
    v: JsValue,
) -> Result<Option<(&'static encoding_rs::Encoding, crate::input::decode::Source)>, JsValue> {
    if v.is_null() || v.is_undefined() {
        return Ok(None);
    }
    #[derive(serde::Deserialize)]
    struct Decided {
        name: String,
        source: String,
    }
    let d: Decided = serde_wasm_bindgen::from_value(v).map_err(options_error)?;
    let e = crate::input::decode::encoding_for_label(&d.name).map_err(into_error)?;
    Ok(Some((e, crate::input::decode::Source::parse(&d.source))))
}

/// Where the ranges of a split scan start: `want()` says where to read a
/// window of the file, `window(bytes)` takes it, until `want()` is
/// `undefined`; then `starts()`.
#[wasm_bindgen]
pub struct WasmCuts {
    inner: crate::pipeline::Cuts,
}

#[wasm_bindgen]
impl WasmCuts {
    /// Cuts of a file of `size` bytes into `parts` ranges.
    #[wasm_bindgen(constructor)]
    pub fn new(size: f64, parts: usize) -> WasmCuts {
        let size = size as u64;
        let nominal: Vec<u64> = (1..parts as u64)
            .map(|i| (u128::from(size) * u128::from(i) / parts.max(1) as u128) as u64)
            .collect();
        WasmCuts {
            inner: crate::pipeline::Cuts::new(size, &nominal),
        }
    }

    /// Where to read the next window.
    pub fn want(&self) -> Option<f64> {
        self.inner.want().map(|a| a as f64)
    }

    /// The window read there (empty at the end of the file).
    pub fn window(&mut self, bytes: &[u8]) {
        self.inner.window(bytes);
    }

    /// The ranges' starts.
    pub fn starts(&self) -> Vec<f64> {
        self.inner.starts().iter().map(|&s| s as f64).collect()
    }
}

/// The ranges of a split scan, what each came to, and the next step (see
/// [`crate::pipeline::Split`]).
#[wasm_bindgen]
pub struct WasmSplit {
    split: crate::pipeline::Split,
    options: ScanOptions,
    merged: Option<Vec<crate::pipeline::ScanPart>>,
}

#[wasm_bindgen]
impl WasmSplit {
    /// Ranges from `starts` to the file's `size`, for a scan with `options`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue, starts: Vec<f64>, size: f64) -> Result<WasmSplit, JsValue> {
        let starts: Vec<u64> = starts.iter().map(|&s| s as u64).collect();
        Ok(WasmSplit {
            split: crate::pipeline::Split::new(&starts, size as u64),
            options: from_js(options)?,
            merged: None,
        })
    }

    /// Where range `i` starts and ends.
    pub fn range(&self, i: usize) -> Vec<f64> {
        self.split
            .ranges
            .get(i)
            .map_or_else(Vec::new, |&(a, b)| vec![a as f64, b as f64])
    }

    /// Whether range `i` ends the file.
    #[wasm_bindgen(js_name = isLast)]
    pub fn is_last(&self, i: usize) -> bool {
        self.split.is_last(i)
    }

    /// What range `i` came to ([`WasmRange::end`]).
    pub fn set(&mut self, i: usize, end: &[u8]) -> Result<(), JsValue> {
        let end = crate::pipeline::RangeEnd::decode(end).map_err(into_error)?;
        self.split.set(i, end);
        Ok(())
    }

    /// Makes ranges `from..=to` one, which came to `end`.
    pub fn join(&mut self, from: usize, to: usize, end: &[u8]) -> Result<(), JsValue> {
        let end = crate::pipeline::RangeEnd::decode(end).map_err(into_error)?;
        self.split.join(from, to, end).map_err(into_error)
    }

    /// The next step: `{type: 'merge'}`, `{type: 'rescan', from, to,
    /// encoding}`, `{type: 'whole'}`, or an error thrown (the scan's).
    #[wasm_bindgen(js_name = nextStep)]
    pub fn next_step(&mut self) -> Result<JsValue, JsValue> {
        use crate::pipeline::Step;
        let step = match self.split.next_step() {
            Step::Merge(parts) => {
                self.merged = Some(parts);
                serde_json::json!({"type": "merge"})
            }
            Step::Rescan { from, to, encoding } => serde_json::json!({
                "type": "rescan",
                "from": from,
                "to": to,
                "encoding": encoding.map(|(e, s)| serde_json::json!({"name": e.name(), "source": s.as_str()})),
            }),
            Step::Whole => serde_json::json!({"type": "whole"}),
            Step::Fail(e) => return Err(into_error(e)),
        };
        to_js(&step)
    }

    /// Merges the parts once the step is `merge`, with the file's SHA-256:
    /// the finished scan, as one scanner of the whole file leaves it.
    pub fn merge(&mut self, sha256: &str) -> Result<WasmScanner, JsValue> {
        let parts = self.merged.take().ok_or_else(|| {
            options_error("the ranges are not settled: ask nextStep() until it says merge")
        })?;
        crate::pipeline::merge_parts(
            self.options.clone(),
            parts,
            Some(sha256.to_ascii_lowercase()),
        )
        .map(|(inner, _)| WasmScanner { inner })
        .map_err(into_error)
    }
}

fn options_error(e: impl std::fmt::Display) -> JsValue {
    into_error(crate::Error::new(crate::ErrorKind::Options(e.to_string())))
}

/// The parsing side of a scan split across two workers (see
/// [`Scanner::relay`]): it hashes, decodes and parses the file into frames
/// that a [`WasmScanner`] in the other worker absorbs, so that parsing and
/// profiling run at the same time.
#[wasm_bindgen]
pub struct WasmRelay {
    inner: Scanner,
}

#[wasm_bindgen]
impl WasmRelay {
    /// A relay with the scan's options (as for [`WasmScanner::new`]).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<WasmRelay, JsValue> {
        Scanner::relay(from_js(options)?)
            .map(|inner| WasmRelay { inner })
            .map_err(into_error)
    }

    /// Feeds the next chunk of the file.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        self.inner.feed(chunk).map_err(into_error)
    }

    /// The length of the next frame, if one is ready.
    #[wasm_bindgen(js_name = frameLength)]
    pub fn frame_length(&self) -> Option<usize> {
        self.inner.frame_len()
    }

    /// Writes the next frame into `out`, which must be exactly
    /// `frameLength()` long, so that the page reuses a few buffers instead
    /// of leaving one per batch to the garbage collector. Returns whether a
    /// frame was written.
    #[wasm_bindgen(js_name = takeFrameInto)]
    pub fn take_frame_into(&mut self, out: &mut [u8]) -> bool {
        match self.inner.frame_len() {
            Some(n) if n == out.len() => {
                if let Some(f) = self.inner.take_frame() {
                    out.copy_from_slice(&f);
                }
                true
            }
            _ => false,
        }
    }

    /// Ends the input: the last frames become ready, and what the report
    /// needs from this side is returned for `finishRelayed`.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.finish_relay().map_err(into_error)?)
    }
}

fn parse_hex(hex: &str) -> Result<Option<Vec<u8>>, JsValue> {
    if hex.trim().is_empty() {
        return Ok(None);
    }
    crate::key::Key::from_hex(hex)
        .map(|k| Some(k.bytes().to_vec()))
        .map_err(into_error)
}

/// The second pass of masking: feed the file again, collect the output.
#[wasm_bindgen]
pub struct WasmMasker {
    inner: crate::pipeline::Masker,
    report: Option<crate::report::Report>,
}

#[wasm_bindgen]
impl WasmMasker {
    /// Keeps the first `rows` records, input and output, for a preview.
    pub fn capture(&mut self, rows: usize) {
        self.inner.capture(rows);
    }

    /// The captured records: `[[input fields], [output fields]]` each.
    pub fn preview(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.preview())
    }

    /// Feeds the next chunk; returns the output bytes it made.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Vec<u8>, JsValue> {
        let mut out = Vec::new();
        self.inner.feed(chunk, &mut out).map_err(into_error)?;
        Ok(out)
    }

    /// Ends the input; returns the last output bytes. The report follows
    /// from [`WasmMasker::report`].
    pub fn finish(&mut self) -> Result<Vec<u8>, JsValue> {
        let mut out = Vec::new();
        self.report = Some(self.inner.finish(&mut out).map_err(into_error)?);
        Ok(out)
    }

    /// After `finish`: the printable report as HTML, in `lang` (`en`, `zh`,
    /// `zh-Hant`).
    pub fn html(&self, lang: &str) -> Option<String> {
        self.inner.html(lang)
    }

    /// After `finish`: the report of the output, with its `masking` block.
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_js(&self.report)
    }
}

/// A workbook's sheet as CSV, for the scanner.
#[cfg(feature = "excel")]
#[wasm_bindgen]
pub struct WasmSheet {
    csv: Vec<u8>,
    options: ScanOptions,
}

#[cfg(feature = "excel")]
#[wasm_bindgen]
impl WasmSheet {
    /// The sheet as UTF-8 CSV.
    #[wasm_bindgen(getter)]
    pub fn csv(&self) -> Vec<u8> {
        self.csv.clone()
    }

    /// The scan options that make the report describe the workbook.
    #[wasm_bindgen(getter)]
    pub fn options(&self) -> Result<JsValue, JsValue> {
        to_js(&self.options)
    }
}

/// Reads one sheet of an `.xlsx`, `.xls` or `.ods` workbook (`sheet`: a
/// name or index, `""` for the first) after checking its limits.
/// `options` are the scan options; the result's `options` are them
/// completed for the CSV it holds.
#[cfg(feature = "excel")]
#[wasm_bindgen(js_name = workbookToCsv)]
pub fn workbook_to_csv(bytes: &[u8], options: JsValue) -> Result<WasmSheet, JsValue> {
    let mut options: ScanOptions = from_js(options)?;
    let csv = crate::pipeline::workbook_csv(bytes, &mut options).map_err(into_error)?;
    Ok(WasmSheet { csv, options })
}

/// Whether the bytes start like a workbook.
#[wasm_bindgen(js_name = looksLikeWorkbook)]
pub fn looks_like_workbook(head: &[u8]) -> bool {
    #[cfg(feature = "excel")]
    return crate::input::excel::looks_like_workbook(head);
    #[cfg(not(feature = "excel"))]
    return {
        let _ = head;
        false
    };
}

/// SHA-256 of a stream, for hashing the file in a second worker while the
/// first one scans.
#[wasm_bindgen]
#[derive(Default)]
pub struct WasmHasher {
    inner: InputHasher,
}

#[wasm_bindgen]
impl WasmHasher {
    /// A hasher over no bytes yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmHasher {
        WasmHasher::default()
    }

    /// Adds the next chunk.
    pub fn update(&mut self, chunk: &[u8]) {
        self.inner.update(chunk);
    }

    /// The digest in lower-case hex; the hasher starts over.
    pub fn finish(&mut self) -> String {
        std::mem::take(&mut self.inner).finish_hex()
    }
}

/// The masking operators as the page's menus need them: name, effect,
/// whether it needs the key, and its settings.
#[wasm_bindgen(js_name = operatorCatalogue)]
pub fn operator_catalogue() -> Result<JsValue, JsValue> {
    to_js(&crate::mask::operators::catalogue())
}

/// The defaults and limits the page's forms use: the target k, the
/// smallest k for masking, the fewest bytes a key may have, the purposes
/// of processing and the policy presets (with the k each sets) it offers.
#[wasm_bindgen]
pub fn defaults() -> Result<JsValue, JsValue> {
    to_js(&serde_json::json!({
        "k_target": crate::risk::K_TARGET,
        "k_min_masking": crate::risk::K_MIN_MASKING,
        "key_min_bytes": crate::key::Key::MIN_BYTES,
        "purposes": crate::mask::purpose::codes(),
        "settings_schema": crate::pipeline::SETTINGS_SCHEMA,
        "table_extensions": crate::input::TABLE_EXTENSIONS,
        "split_min_bytes": crate::pipeline::PARALLEL_MIN_BYTES,
        "policies": crate::mask::policy::codes()
            .into_iter()
            .map(|code| serde_json::json!({
                "code": code,
                "k": crate::mask::policy::policy(code).ok().and_then(|p| p.k()),
            }))
            .collect::<Vec<_>>(),
    }))
}

/// Panics inside the instance, which traps it as a real bug would. The
/// page's end-to-end tests use it to prove that the client throws the
/// poisoned worker away, starts a fresh one and tells the user.
#[wasm_bindgen(js_name = crashForTesting)]
pub fn crash_for_testing() {
    panic!("crash requested by a test");
}
