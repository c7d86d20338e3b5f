//! # PrivScan
//!
//! Finds personal data in a table before it is shared. The same core runs
//! natively (the `privscan` command) and as WebAssembly in a Web Worker.
//!
//! ```text
//! bytes ─► decode ─► records ─► column profiles ─► verdicts ─► risk ─► masking ─► report
//!         (input)   (input)     (profile, with     (verdict)   (risk)  (mask)     (report)
//!                                the detectors)
//! ```
//!
//! ## Stages, in order
//!
//! Data flows one way. A module uses only modules on its own line or
//! earlier lines (`tests/architecture.rs` reads this list and fails on a
//! back edge); when a stage needs something later, it is passed in.
//!
//! ```text
//! leaves:    cell calendar entity error i18n message key checksum dict
//! input:     input
//! detection: detect
//! profiles:  profile
//! verdicts:  verdict
//! risk:      risk
//! masking:   mask
//! report:    report
//! pipeline:  pipeline
//! tools:     synth
//! shells:    wasm
//! ```
//!
//! * [`cell`]: cleaning a cell (trim, null tokens, masked values).
//! * [`message`] and [`i18n`]: what the engine says is a code with typed
//!   parameters ([`message::Message`]); words come from one dictionary per
//!   language (`www/i18n/*.json`), shared with the page.
//! * [`key`]: the pseudonymisation key and its one rule.
//! * [`dict`]: word lists and places (GB/T 2260 regions, address cutting).
//! * [`input`]: streaming decoding (BOM, UTF-16 parity, UTF-8, chardetng
//!   for GBK/Big5/Shift_JIS/windows-1252), delimiter sniffing, chunked CSV
//!   parsing with a field cap.
//! * [`detect`]: a shape census per cell, then the detectors of
//!   [`detect::registry`] (prefilter → parse → validate), header evidence
//!   from the zh/en lexicon, and whether the first row is a header.
//! * [`profile`]: one bounded accumulator per column, fed by the detectors,
//!   and a dictionary-encoded copy of the columns that could be
//!   quasi-identifiers.
//! * [`verdict`]: a column's entity, kind, confidence and coded evidence
//!   from its profile.
//! * [`risk`]: equivalence classes over the quasi-identifiers, k, uniques,
//!   prosecutor and marketer risk, l-diversity, drivers, a population
//!   estimate — recomputable for any choice of columns without rereading.
//! * [`mask`]: operators, plans and their lint, suggestions, the
//!   generalisation search, and the streaming applier.
//! * [`report`]: the serialisable [`report::Report`], whose contract is
//!   `docs/report.schema.json` (guide: `docs/report.md`), and its
//!   printable form.
//! * [`pipeline`]: the only orchestrator; [`pipeline::Scanner`] is the push
//!   API (`feed` chunks, then `finish`) used by both the CLI and the page,
//!   and [`pipeline::Masker`] the mask job (second pass, scan of the
//!   output, report after).
//!
//! ```
//! use privscan::pipeline::{scan_bytes, ScanOptions};
//! let csv = "姓名,手机\n张伟,13812345678\n李娜,13912345678\n";
//! let report = scan_bytes(csv.as_bytes(), ScanOptions::default()).unwrap();
//! assert_eq!(report.columns[1].entity.name(), "PHONE_NUMBER");
//! ```

#![warn(missing_docs)]

pub mod calendar;
pub mod cell;
pub mod checksum;
pub mod detect;
pub mod dict;
pub mod entity;
pub mod error;
pub mod i18n;
pub mod input;
pub mod key;
pub mod mask;
pub mod message;
mod par;
pub mod pipeline;
pub mod profile;
pub mod report;
pub mod risk;
pub mod synth;
pub mod verdict;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use entity::{Entity, Kind};
pub use error::{Error, ErrorKind, Result};
pub use pipeline::{ScanOptions, Scanner};
pub use report::Report;
