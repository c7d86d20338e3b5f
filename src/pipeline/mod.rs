//! The only orchestrator: bytes → decode → dialect → records → column
//! profiles → verdicts → report. The CLI and the WebAssembly bindings both
//! drive this one [`Scanner`] with the same push API.
//!
//! * [`options`](ScanOptions): what the caller may set, checked once;
//! * `scanner`: the streaming part — feed, split scans, finish;
//! * `assemble`: the report from the profiles and verdicts;
//! * `session`: what a finished scan answers without rereading (risk for
//!   other columns, links, suggestions, the mask job);
//! * `masking`: the mask job (second pass, scan of the output);
//! * [`settings`](Settings): settings profiles applied to every file.

use crate::detect::header_row::{header_block, sniff_header, title_rows};
use crate::entity::Kind;
use crate::error::{Error, ErrorKind, Result};
use crate::input::decode::{encoding_for_label, Source, StreamDecoder};
use crate::input::dialect::excel_sep_line;
use crate::input::dialect::{parse_sample, sniff_delimiter, Dialect};
use crate::input::records::{RecordParser, DEFAULT_FIELD_CAP};
pub use crate::input::WorkbookInfo;
use crate::verdict::{cross_column, decide, Verdict};
pub use external::{
    column_report, column_specs, risk_value, ColumnMask, ColumnSpec, ColumnState, EnginePlan,
    Grouped, RiskForm, TableStates, MAX_TUPLES,
};
pub use masking::{mask_job_qi, needs_key, suggested_plan, Masker};
pub use options::{parse_delimiter, ScanOptions};
#[cfg(not(target_arch = "wasm32"))]
pub use parallel::{default_threads, scan_file, scan_in_parts, SplitInput};
pub use parts::{merge_parts, merge_states, parts_sha256, Profiling, ScanPart, STATE_FORMAT};
pub use scanner::{
    profile_file_handle, profile_reader, scan_bytes, scan_columns, scan_file_handle, scan_reader,
    InputHasher,
};
#[cfg(feature = "excel")]
pub use scanner::{scan_workbook, workbook_csv};
pub use settings::{ColumnSetting, Settings, SETTINGS_SCHEMA};
pub use split::{Cuts, RangeEnd, Reading, Split, Step, PARALLEL_MIN_BYTES};

mod assemble;
mod external;
mod masking;
mod options;
#[cfg(not(target_arch = "wasm32"))]
mod parallel;
mod parts;
mod scanner;
mod session;
mod settings;
mod split;
use crate::cell::clean_cell;
use crate::mask::ops;
use crate::profile::encode::EncodedColumn;
use crate::profile::table::{resolve_column, Keep, Table};
use crate::report::{Anomalies, ColumnReport, InputInfo, PartInfo, Report, Summary, Tool, SCHEMA};
use crate::risk::RiskOptions;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Tables up to this many rows get the generalisation search in the
/// scan's own suggestions; larger ones get the default levels.
const SUGGEST_SEARCH_ROWS: usize = 50_000;

/// Decoded text gathered before the dialect is sniffed.
const SNIFF_TEXT: usize = 64 * 1024;
/// If the sniffing sample does not yet hold a few whole rows (very wide
/// tables), more text is gathered, up to this much.
const SNIFF_TEXT_MAX: usize = 16 << 20;

/// The streaming scanner: `feed` chunks of any size, then `finish`.
pub struct Scanner {
    opts: ScanOptions,
    forced_delim: Option<u8>,
    /// None when the caller hashes (`sha256_by_caller`).
    sha: Option<InputHasher>,
    given_sha: Option<String>,
    bytes: u64,
    decoder: StreamDecoder,
    text: Vec<u8>,
    parser: Option<RecordParser>,
    dialect: Option<Dialect>,
    table: Table,
    finished: bool,
    /// The dictionary-encoded columns, kept after `finish` so that risk can
    /// be recomputed for other columns without reading the file again.
    encoded: Vec<EncodedColumn>,
    names: Vec<String>,
    /// What each column was judged to hold (kept for linkage).
    entities: Vec<(crate::entity::Entity, Kind)>,
    /// The finished report (masking needs its verdicts).
    report: Option<Report>,
    /// How the parsing side of a split scan decoded the input (this
    /// scanner's own decoder saw none of it).
    relayed: Option<Decoding>,
    /// The records each row of `encoded` stands for, when an engine
    /// grouped the rows into distinct tuples (see [`external`]).
    grouped: crate::risk::classes::Weights,
}

/// How the input was decoded.
#[derive(Clone, Copy)]
struct Decoding {
    encoding: &'static encoding_rs::Encoding,
    source: Source,
    replaced_bytes: u64,
    nul_bytes: u64,
}

/// What the parsing side of a split scan knows at its end (see
/// [`Scanner::relay`]): everything the report's `input` block says that
/// the profiling side cannot know.
#[derive(Clone, Debug, Default, serde::Serialize, Deserialize)]
pub struct Relayed {
    /// SHA-256 of the input bytes.
    pub sha256: String,
    /// Input bytes.
    pub bytes: u64,
    /// Encoding name.
    pub encoding: String,
    /// How it was decided (`bom`, `valid_utf8`, `guessed`, `forced`).
    pub encoding_confidence: String,
    /// The delimiter.
    pub delimiter: u8,
    /// Data rows.
    pub rows: u64,
    /// Rows of another width than the first.
    pub ragged: u64,
    /// Title lines skipped above the header.
    #[serde(default)]
    pub title_rows: u64,
    /// Footer lines left out below the data.
    #[serde(default)]
    pub footer_rows: u64,
    /// Undecodable bytes replaced.
    pub replaced_bytes: u64,
    /// NUL characters.
    pub nul_bytes: u64,
    /// Something in the input decided `encoding` (a byte order mark,
    /// non-ASCII bytes, or the caller): false for input that was ASCII to
    /// its end, whatever the encoding (see [`Split`]).
    #[serde(default)]
    pub decided: bool,
}
