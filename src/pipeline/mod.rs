//! The only orchestrator: bytes → decode → dialect → records → column
//! profiles → verdicts → report. The CLI and the WebAssembly bindings both
//! drive this one [`Scanner`] with the same push API.

use crate::detect::header_row::{sniff_header, title_rows};
use crate::entity::Kind;
use crate::error::{Error, ErrorKind, Result};
use crate::input::decode::{encoding_for_label, Source, StreamDecoder};
use crate::input::dialect::excel_sep_line;
use crate::input::dialect::{parse_sample, sniff_delimiter, Dialect};
use crate::input::records::{RecordParser, DEFAULT_FIELD_CAP};
pub use crate::input::WorkbookInfo;
use crate::verdict::{cross_column, decide, Verdict};
pub use masking::{mask_job_qi, needs_key, suggested_plan, Masker};

mod masking;
use crate::mask::ops;
use crate::profile::encode::EncodedColumn;
use crate::profile::table::{resolve_column, Keep, Table};
use crate::report::{Anomalies, ColumnReport, InputInfo, Report, Summary, Tool, SCHEMA};
use crate::risk::RiskOptions;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Tables up to this many rows get the generalisation search in the
/// scan's own suggestions; larger ones get the default levels.
const SUGGEST_SEARCH_ROWS: usize = 50_000;

/// Decoded text gathered before the dialect is sniffed.
const SNIFF_TEXT: usize = 64 * 1024;
/// If the sniffing sample does not yet hold a few whole rows (very wide
/// tables), more text is gathered, up to this much.
const SNIFF_TEXT_MAX: usize = 16 << 20;

/// What the caller may set. Everything is optional: the defaults detect.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScanOptions {
    /// File name for the report.
    pub name: Option<String>,
    /// Force an encoding (WHATWG label).
    pub encoding: Option<String>,
    /// Force a delimiter (one ASCII character, or `tab`).
    pub delimiter: Option<String>,
    /// Force header presence.
    pub has_header: Option<bool>,
    /// Cap on one field in bytes (default 16 MiB).
    pub field_cap: Option<usize>,
    /// The caller hashes the same bytes itself, in parallel, and hands the
    /// digest over with [`Scanner::set_sha256`] before `finish`. The page
    /// does this in a second worker: WebAssembly has no SHA instructions,
    /// and hashing took a quarter of a single-threaded scan.
    pub sha256_by_caller: bool,
    /// Quasi-identifier columns for the risk measures, by header name or
    /// 0-based index (default: the columns judged quasi-identifiers).
    pub qi: Option<Vec<String>>,
    /// Sensitive columns for l-diversity (default: those judged sensitive).
    pub sensitive: Option<Vec<String>>,
    /// Target k (default [`crate::risk::K_TARGET`]; at least 1).
    pub k: Option<u32>,
    /// Share of the population the file holds, for the population-uniques
    /// estimate (default 0.01).
    pub sampling_fraction: Option<f64>,
    /// Largest driver combination to examine whatever the table's size
    /// (default: up to three columns within a time budget).
    pub drivers: Option<usize>,
    /// Keep an encoded copy of every column, names and other identifiers
    /// included: for the second ("public") table of a linkage, see
    /// [`Scanner::link`].
    pub keep_all_columns: bool,
    /// The sheet of a workbook to read (a name or a 0-based index; the
    /// first by default). See [`workbook_csv`].
    pub sheet: Option<String>,
    /// The input is a workbook's sheet turned into CSV: the report
    /// describes the workbook (its size, format and sheets).
    pub workbook: Option<WorkbookInfo>,
    /// The input's size in bytes, when known (the page passes the file's):
    /// the copies kept for risk are then allocated once, for the rows the
    /// first batches predict, instead of growing by doubling.
    pub size_hint: Option<u64>,
}

impl ScanOptions {
    /// Checks the options that can be wrong before any byte is read: the
    /// encoding and delimiter given, and k (at least 1). Shells call it
    /// before opening files, so that a wrong argument is reported as one.
    pub fn validate(&self) -> Result<()> {
        let given = |o: &Option<String>| {
            o.as_deref()
                .filter(|s| !s.is_empty() && *s != "auto")
                .map(str::to_string)
        };
        if let Some(e) = given(&self.encoding) {
            encoding_for_label(&e)?;
        }
        if let Some(d) = given(&self.delimiter) {
            parse_delimiter(&d)?;
        }
        if let Some(k) = self.k {
            crate::risk::k_for_measuring(k)?;
        }
        Ok(())
    }
}

/// A workbook's sheet as CSV text for the scanner, and the options that
/// make the report describe the workbook. The caller feeds the CSV and
/// hands over the SHA-256 of the workbook's bytes (`sha256_by_caller` is
/// set).
#[cfg(feature = "excel")]
pub fn workbook_csv(bytes: &[u8], opts: &mut ScanOptions) -> Result<Vec<u8>> {
    let sheet = crate::input::excel::to_csv(
        bytes,
        opts.sheet.as_deref(),
        &crate::input::excel::Limits::default(),
    )?;
    opts.workbook = Some(WorkbookInfo {
        format: sheet.format.to_string(),
        bytes: bytes.len() as u64,
        sheet: sheet.sheet,
        sheets: sheet.sheets,
    });
    opts.sha256_by_caller = true;
    // The CSV written here is comma-separated UTF-8.
    opts.encoding = Some("utf-8".into());
    opts.delimiter = Some(",".into());
    Ok(sheet.csv)
}

/// SHA-256 of a byte stream, as the report spells it (lower-case hex).
#[derive(Clone, Default)]
pub struct InputHasher(Sha256);

impl InputHasher {
    /// A hasher over no bytes yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the next chunk.
    pub fn update(&mut self, chunk: &[u8]) {
        self.0.update(chunk);
    }

    /// The digest of everything added, in lower-case hex.
    pub fn finish_hex(self) -> String {
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Parses a delimiter option (`,` `;` `|` `\t` `tab` …).
pub fn parse_delimiter(s: &str) -> Result<u8> {
    let d = match s {
        "tab" | "TAB" | "\\t" | "\t" => b'\t',
        "comma" => b',',
        "semicolon" => b';',
        "pipe" => b'|',
        _ if s.len() == 1
            && s.as_bytes()[0].is_ascii()
            && !s.as_bytes()[0].is_ascii_alphanumeric()
            && s != "\"" =>
        {
            s.as_bytes()[0]
        }
        _ => return Err(Error::new(ErrorKind::BadDelimiter(s.to_string()))),
    };
    Ok(d)
}

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
    /// Undecodable bytes replaced.
    pub replaced_bytes: u64,
    /// NUL characters.
    pub nul_bytes: u64,
}

impl Scanner {
    /// A scanner with options; fails on an unknown encoding or delimiter.
    pub fn new(opts: ScanOptions) -> Result<Self> {
        opts.validate()?;
        let forced = opts
            .encoding
            .as_deref()
            .filter(|s| !s.is_empty() && *s != "auto")
            .map(encoding_for_label)
            .transpose()?;
        let forced_delim = opts
            .delimiter
            .as_deref()
            .filter(|s| !s.is_empty() && *s != "auto")
            .map(parse_delimiter)
            .transpose()?;
        // Columns chosen for risk by name are kept whatever they hold, so
        // that their measures are exact (an identifier chosen as a
        // quasi-identifier makes every record unique, as it should).
        let keep = Keep {
            all: opts.keep_all_columns,
            chosen: opts
                .qi
                .iter()
                .chain(&opts.sensitive)
                .flatten()
                .cloned()
                .collect(),
        };
        let size_hint = opts.size_hint;
        Ok(Scanner {
            sha: (!opts.sha256_by_caller).then(InputHasher::new),
            opts,
            forced_delim,
            given_sha: None,
            bytes: 0,
            decoder: StreamDecoder::new(forced),
            text: Vec::new(),
            parser: None,
            dialect: None,
            table: Table::keeping(keep, size_hint),
            finished: false,
            encoded: Vec::new(),
            names: Vec::new(),
            entities: Vec::new(),
            report: None,
            relayed: None,
        })
    }

    /// The parsing side of a scan split across two workers: it hashes,
    /// decodes and parses what it is fed into frames ([`Scanner::take_frame`])
    /// for a scanner made with the same options on the other side, which
    /// profiles them ([`Scanner::absorb`]) and makes the report
    /// ([`Scanner::finish_relayed`] with what [`Scanner::finish_relay`]
    /// returns here). The report is the one a single scanner makes.
    pub fn relay(opts: ScanOptions) -> Result<Self> {
        let mut s = Scanner::new(ScanOptions {
            sha256_by_caller: false,
            ..opts
        })?;
        s.table = Table::relaying();
        Ok(s)
    }

    /// The next frame for the profiling side (a relaying scanner only).
    pub fn take_frame(&mut self) -> Option<Vec<u8>> {
        self.table.take_frame()
    }

    /// The length of the next frame, if there is one.
    pub fn frame_len(&self) -> Option<usize> {
        self.table.frame_len()
    }

    /// Ends the input of a relaying scanner: the last frames become
    /// available, and what the report needs from this side is returned.
    pub fn finish_relay(&mut self) -> Result<Relayed> {
        let sha256 = self.end_input()?;
        self.table.finish_relay();
        let dialect = self.dialect_or_default();
        let d = self.decoding();
        Ok(Relayed {
            sha256,
            bytes: self.bytes,
            encoding: d.encoding.name().to_string(),
            encoding_confidence: d.source.as_str().to_string(),
            delimiter: dialect.delimiter,
            rows: self.table.rows,
            ragged: self.table.ragged,
            title_rows: self.table.title_rows,
            replaced_bytes: d.replaced_bytes,
            nul_bytes: d.nul_bytes,
        })
    }

    /// Profiles a frame from a relaying scanner.
    pub fn absorb(&mut self, frame: &[u8]) -> Result<()> {
        if self.finished {
            return Err(Error::new(ErrorKind::Finished));
        }
        self.table.absorb_frame(frame)
    }

    /// Builds the report of a split scan once every frame is absorbed.
    pub fn finish_relayed(&mut self, input: Relayed) -> Result<Report> {
        if self.finished {
            return Err(Error::new(ErrorKind::Finished));
        }
        self.finished = true;
        if input.bytes == 0 {
            return Err(Error::new(ErrorKind::Empty));
        }
        self.relayed = Some(Decoding {
            encoding: encoding_for_label(&input.encoding)?,
            source: Source::parse(&input.encoding_confidence),
            replaced_bytes: input.replaced_bytes,
            nul_bytes: input.nul_bytes,
        });
        self.bytes = input.bytes;
        self.table
            .set_counts(input.rows, input.ragged, input.title_rows);
        self.dialect = Some(Dialect {
            delimiter: input.delimiter,
            quote: b'"',
            has_header: self.table.header.is_some(),
        });
        self.complete(input.sha256)
    }

    /// Bytes fed so far.
    pub fn bytes_fed(&self) -> u64 {
        self.bytes
    }

    /// Data rows parsed so far.
    pub fn rows(&self) -> u64 {
        self.table.rows
    }

    /// Hands over the SHA-256 (64 hex digits) of exactly the bytes fed, for a
    /// scanner made with `sha256_by_caller`.
    pub fn set_sha256(&mut self, hex: &str) -> Result<()> {
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::new(ErrorKind::Options(format!(
                "a SHA-256 is 64 hex digits, not {hex:?}"
            ))));
        }
        self.given_sha = Some(hex.to_ascii_lowercase());
        Ok(())
    }

    /// Feeds the next chunk of the input.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<()> {
        if self.finished {
            return Err(Error::new(ErrorKind::Finished));
        }
        if let Some(sha) = &mut self.sha {
            sha.update(chunk);
        }
        self.bytes += chunk.len() as u64;
        self.table.input_bytes = self.bytes;
        if self.parser.is_some() {
            // Hot path: decode into a reused buffer and parse at once.
            self.text.clear();
            self.decoder.feed(chunk, &mut self.text)?;
            return self.parse(false);
        }
        self.decoder.feed(chunk, &mut self.text)?;
        let enough_rows = || memchr::memchr_iter(b'\n', &self.text).nth(3).is_some();
        if self.text.len() >= SNIFF_TEXT_MAX || (self.text.len() >= SNIFF_TEXT && enough_rows()) {
            self.start_parsing(false)?;
        }
        Ok(())
    }

    fn start_parsing(&mut self, complete: bool) -> Result<()> {
        // Excel writes a "sep=;" line first when asked to keep a delimiter.
        let mut skipped = 0;
        if let Some((d, len)) = excel_sep_line(&self.text) {
            self.text.drain(..len);
            skipped = len as u64;
            self.forced_delim.get_or_insert(d);
        }
        let delimiter = self
            .forced_delim
            .unwrap_or_else(|| sniff_delimiter(&self.text, complete));
        let sample = parse_sample(&self.text, delimiter, 50, complete);
        // Title lines are looked for only where a header may be.
        let titles = match self.opts.has_header {
            Some(false) => 0,
            _ => title_rows(&sample),
        };
        let has_header = match self.opts.has_header {
            Some(h) => h,
            None => sniff_header(&sample[titles..]),
        };
        self.table.skip_titles = titles as u64;
        self.dialect = Some(Dialect {
            delimiter,
            quote: b'"',
            has_header,
        });
        self.table.expect_header = has_header;
        let cap = self.opts.field_cap.unwrap_or(DEFAULT_FIELD_CAP).max(1024);
        self.parser = Some(RecordParser::new(
            delimiter,
            cap,
            self.decoder.bom_len() + skipped,
        ));
        self.parse(complete)
    }

    fn parse(&mut self, last: bool) -> Result<()> {
        let (Some(parser), table) = (self.parser.as_mut(), &mut self.table) else {
            return Ok(());
        };
        parser.feed(&self.text, last, |rec| table.record(rec))?;
        self.text.clear();
        Ok(())
    }

    /// Ends the input and builds the report.
    pub fn finish(&mut self) -> Result<Report> {
        let sha256 = self.end_input()?;
        self.complete(sha256)
    }

    /// Ends the input: the last bytes are decoded and parsed. Returns the
    /// input's SHA-256.
    fn end_input(&mut self) -> Result<String> {
        if self.finished {
            return Err(Error::new(ErrorKind::Finished));
        }
        self.finished = true;
        if self.bytes == 0 {
            return Err(Error::new(ErrorKind::Empty));
        }
        let sha256 = match (self.sha.take(), self.given_sha.take()) {
            (Some(sha), _) => sha.finish_hex(),
            (None, Some(given)) => given,
            (None, None) => {
                return Err(Error::new(ErrorKind::Options(
                    "sha256_by_caller is set but no SHA-256 was handed over before finish".into(),
                )))
            }
        };
        if self.parser.is_some() {
            self.text.clear();
            self.decoder.finish(&mut self.text)?;
            self.parse(true)?;
        } else {
            self.decoder.finish(&mut self.text)?;
            self.start_parsing(true)?;
        }
        Ok(sha256)
    }

    /// The report, from the profiles of every row.
    fn complete(&mut self, sha256: String) -> Result<Report> {
        let mut report = self.build_report(sha256);
        let opts = self.default_risk_options(&report)?;
        report.risk = Some(crate::risk::assess(&self.encoded, self.records(), &opts));
        // The search is skipped on large tables, so that a scan is not held
        // up: `privscan mask --suggested` always searches.
        let search = self.records() <= SUGGEST_SEARCH_ROWS;
        let suggestions = crate::mask::suggest::suggest(
            &masking::column_facts(&report),
            &self.encoded,
            self.records(),
            &opts.quasi_identifiers,
            &crate::mask::optimize::OptimizeOptions {
                k: opts.k_target,
                max_evaluations: if search { 100 } else { 0 },
                max_lattice: 5_000,
                ..Default::default()
            },
        )
        .steps;
        report.suggestions = suggestions;
        self.report = Some(report.clone());
        Ok(report)
    }

    /// Suggested masking for the finished scan, with a full search of the
    /// generalisation lattice for `opts.k` over `quasi` (default: the
    /// report's quasi-identifiers).
    pub fn suggest(
        &self,
        quasi: Option<&[usize]>,
        opts: &crate::mask::optimize::OptimizeOptions,
    ) -> Result<crate::mask::suggest::Suggestions> {
        let report = self.finished_report()?;
        let default_qi = report
            .risk
            .as_ref()
            .map(|r| r.quasi_identifiers.clone())
            .unwrap_or_default();
        Ok(crate::mask::suggest::suggest(
            &masking::column_facts(report),
            &self.encoded,
            self.records(),
            quasi.unwrap_or(&default_qi),
            opts,
        ))
    }

    fn finished_report(&self) -> Result<&Report> {
        self.report
            .as_ref()
            .ok_or_else(|| Error::new(ErrorKind::Options("masking needs a finished scan".into())))
    }

    /// The mask job over the same input: a second pass (feed it the same
    /// bytes again) applying `steps`, and a scan of what it writes.
    pub fn masker(
        &self,
        steps: &[crate::mask::plan::Step],
        key: Option<&[u8]>,
        opts: &crate::mask::apply::MaskOptions,
    ) -> Result<Masker> {
        let report = self.finished_report()?;
        let dialect = self.dialect_or_default();
        let columns = masking::column_facts(report);
        let quasi: Vec<usize> = report
            .risk
            .as_ref()
            .map(|r| r.quasi_identifiers.clone())
            .unwrap_or_default();
        let field_cap = self.opts.field_cap.unwrap_or(DEFAULT_FIELD_CAP).max(1024);
        let applier = crate::mask::apply::Applier::new(
            &crate::mask::apply::Source {
                encoding: self.decoding().encoding,
                delimiter: dialect.delimiter,
                has_header: dialect.has_header,
                names: &self.names,
                columns: &columns,
                quasi_identifiers: &quasi,
                title_rows: report.input.anomalies.title_rows,
                input_sha256: &report.input.sha256,
                encoded: &self.encoded,
                records: self.records(),
                rows: self.table.rows,
                field_cap,
            },
            steps,
            key,
            opts,
        )?;
        Masker::new(applier, report.clone(), &dialect, field_cap, opts)
    }

    /// Risk options from the scan options, defaulting to the report's
    /// verdicts: its quasi-identifier and sensitive columns.
    fn default_risk_options(&self, report: &Report) -> Result<RiskOptions> {
        let of_kind = |kind: Kind| -> Vec<usize> {
            report
                .columns
                .iter()
                .filter(|c| c.kind == kind)
                .map(|c| c.index)
                .collect()
        };
        let quasi_identifiers = match &self.opts.qi {
            Some(sel) => self.resolve_columns(sel)?,
            None => of_kind(Kind::Quasi),
        };
        let sensitive = match &self.opts.sensitive {
            Some(sel) => self.resolve_columns(sel)?,
            None => of_kind(Kind::Sensitive),
        };
        let sampling_fraction = self
            .opts
            .sampling_fraction
            .unwrap_or(crate::risk::SAMPLING_FRACTION);
        if !(sampling_fraction > 0.0 && sampling_fraction <= 1.0) {
            return Err(Error::new(ErrorKind::Options(format!(
                "the sampling fraction must be above 0 and at most 1, not {sampling_fraction}"
            ))));
        }
        Ok(RiskOptions {
            quasi_identifiers,
            sensitive,
            k_target: self.opts.k.unwrap_or(crate::risk::K_TARGET),
            sampling_fraction,
            max_driver_size: self.opts.drivers.unwrap_or(3),
            driver_budget: if self.opts.drivers.is_some() {
                u64::MAX
            } else {
                crate::risk::DRIVER_BUDGET
            },
            examples: 0,
        })
    }

    /// Column indexes for selectors: a header name (exact, then ignoring
    /// case and surrounding spaces) or a 0-based index.
    pub fn resolve_columns(&self, selectors: &[String]) -> Result<Vec<usize>> {
        let mut out = Vec::new();
        for sel in selectors.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            match resolve_column(&self.names, self.names.len(), sel) {
                Some(i) if !out.contains(&i) => out.push(i),
                Some(_) => {}
                None => return Err(Error::new(ErrorKind::UnknownColumn(sel.to_string()))),
            }
        }
        Ok(out)
    }

    /// Risk for another choice of columns, from the encoded copy kept by
    /// `finish` (no second pass over the input).
    pub fn risk(&self, opts: &RiskOptions) -> Result<crate::risk::RiskReport> {
        crate::risk::k_for_measuring(opts.k_target)?;
        if !self.finished || self.names.is_empty() && self.encoded.is_empty() {
            return Err(Error::new(ErrorKind::Options(
                "risk needs a finished scan".into(),
            )));
        }
        if let Some(&bad) = opts
            .quasi_identifiers
            .iter()
            .chain(&opts.sensitive)
            .find(|&&i| i >= self.encoded.len())
        {
            return Err(Error::new(ErrorKind::UnknownColumn(bad.to_string())));
        }
        Ok(crate::risk::assess(&self.encoded, self.records(), opts))
    }

    /// Links this (finished) table to a second, "public" one scanned with
    /// `keep_all_columns`: how many records its shared quasi-identifiers tie
    /// to exactly one named person there. See [`crate::risk::linkage`].
    pub fn link(
        &self,
        public: &Scanner,
        opts: &crate::risk::linkage::LinkOptions,
    ) -> Result<crate::risk::linkage::LinkReport> {
        if !self.finished || !public.finished {
            return Err(Error::new(ErrorKind::Options(
                "linkage needs two finished scans".into(),
            )));
        }
        crate::risk::linkage::link(&self.side(), &public.side(), opts)
    }

    fn side(&self) -> crate::risk::linkage::Side<'_> {
        crate::risk::linkage::Side {
            columns: &self.encoded,
            names: &self.names,
            entities: &self.entities,
            records: self.records(),
        }
    }

    /// Rows the risk measures cover: all data rows, up to the encoding cap.
    fn records(&self) -> usize {
        (self.table.rows as usize).min(crate::profile::encode::ROW_CAP)
    }

    /// The text of each value of a column's encoded copy (`values[code]`),
    /// and the codes; `None` for a high-cardinality column.
    pub fn encoded_column(&self, index: usize) -> Option<&EncodedColumn> {
        self.encoded.get(index)
    }

    /// How the input was decoded: by this scanner, or by the parsing side
    /// of a split scan.
    fn decoding(&self) -> Decoding {
        self.relayed.unwrap_or(Decoding {
            encoding: self.decoder.encoding(),
            source: self.decoder.source(),
            replaced_bytes: self.decoder.replaced_bytes,
            nul_bytes: self.decoder.nul_bytes,
        })
    }

    fn dialect_or_default(&self) -> Dialect {
        self.dialect.unwrap_or(Dialect {
            delimiter: b',',
            quote: b'"',
            has_header: false,
        })
    }

    fn build_report(&mut self, sha256: String) -> Report {
        let dialect = self.dialect_or_default();
        let decoding = self.decoding();
        let t = &mut self.table;
        let mut columns = t.finish(t.header.as_ref().map_or(0, Vec::len));
        let width = columns.len();
        let names: Vec<String> = (0..width)
            .map(|i| match t.header.as_ref().and_then(|h| h.get(i)) {
                Some(n) if !n.is_empty() => n.clone(),
                _ => format!("column_{}", i + 1),
            })
            .collect();
        t.evidence.resize(width, None);
        let evidence = &t.evidence;
        let mut verdicts: Vec<Verdict> = columns
            .iter()
            .zip(evidence)
            .map(|(p, h)| decide(p, h.as_ref()))
            .collect();
        cross_column(&mut verdicts, &columns);
        self.encoded = columns
            .iter_mut()
            .map(|p| std::mem::take(&mut p.encoder).finish())
            .collect();
        self.names = names.clone();

        let columns: Vec<ColumnReport> = verdicts
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                let p = &columns[i];
                let raw = match v.detector {
                    Some(k) if !p.detectors[k].examples.is_empty() => &p.detectors[k].examples,
                    _ => &p.first_values,
                };
                let kind = v.kind;
                let examples = raw
                    .iter()
                    .map(|x| ops::example(v.entity, kind, x))
                    .collect();
                let mut embedded = BTreeMap::new();
                if v.entity == crate::entity::Entity::FreeText && kind == Kind::Direct {
                    for (k, &c) in p.embedded.iter().enumerate() {
                        if c > 0 {
                            *embedded
                                .entry(
                                    crate::detect::registry::DETECTORS[k]
                                        .entity()
                                        .name()
                                        .to_string(),
                                )
                                .or_insert(0) += c;
                        }
                    }
                }
                ColumnReport {
                    index: i,
                    name: names[i].clone(),
                    entity: v.entity,
                    kind,
                    confidence: v.confidence,
                    non_empty: p.non_empty,
                    matched: v.matched,
                    distinct: p.distinct(),
                    distinct_capped: p.distinct_capped,
                    evidence: v.evidence.iter().map(|e| e.message()).collect(),
                    examples,
                    embedded,
                }
            })
            .collect();
        let summary = Summary::of(&columns);
        self.entities = columns.iter().map(|c| (c.entity, c.kind)).collect();
        Report {
            schema: SCHEMA,
            tool: Tool::default(),
            input: InputInfo {
                name: self.opts.name.clone(),
                bytes: self.opts.workbook.as_ref().map_or(self.bytes, |w| w.bytes),
                sha256,
                encoding: decoding.encoding.name().to_string(),
                encoding_confidence: decoding.source.as_str(),
                delimiter: (dialect.delimiter as char).to_string(),
                quote: (dialect.quote as char).to_string(),
                has_header: t.header.is_some(),
                rows: t.rows,
                columns: width,
                anomalies: Anomalies {
                    ragged_rows: t.ragged,
                    title_rows: t.title_rows,
                    replaced_bytes: decoding.replaced_bytes,
                    nul_bytes: decoding.nul_bytes,
                },
                workbook: self.opts.workbook.clone(),
            },
            columns,
            summary,
            risk: None,
            suggestions: Vec::new(),
            masking: None,
        }
    }
}

/// Scans a workbook's sheet (the CLI's path for `.xlsx`, `.xls`, `.ods`):
/// the sheet becomes CSV, which is scanned; the report describes the
/// workbook and carries the SHA-256 of its bytes. The scanner is returned
/// finished, with the CSV for a second pass (masking).
#[cfg(feature = "excel")]
pub fn scan_workbook(bytes: &[u8], mut opts: ScanOptions) -> Result<(Scanner, Report, Vec<u8>)> {
    let csv = workbook_csv(bytes, &mut opts)?;
    let mut s = Scanner::new(opts)?;
    s.feed(&csv)?;
    let mut h = InputHasher::new();
    h.update(bytes);
    s.set_sha256(&h.finish_hex())?;
    let report = s.finish()?;
    Ok((s, report, csv))
}

/// Scans everything a reader yields (the CLI's path), calling `progress`
/// with the bytes read so far after each chunk.
pub fn scan_reader(
    mut r: impl std::io::Read,
    opts: ScanOptions,
    mut progress: impl FnMut(u64),
) -> Result<Report> {
    let mut s = Scanner::new(opts)?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        s.feed(&buf[..n])?;
        progress(s.bytes_fed());
    }
    s.finish()
}

/// Scans a byte slice.
pub fn scan_bytes(bytes: &[u8], opts: ScanOptions) -> Result<Report> {
    let mut s = Scanner::new(opts)?;
    s.feed(bytes)?;
    s.finish()
}
