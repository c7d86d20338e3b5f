//! The streaming scanner: decode, sniff, parse and profile chunk by
//! chunk; split scans across two workers; finish.

#[allow(unused_imports)]
use super::*;

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
        let one_thread = opts.threads == Some(1);
        let minor_cutoff = opts.minor_cutoff()?;
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
            table: {
                let t = Table::keeping(keep, size_hint).counting_minors(minor_cutoff);
                if one_thread {
                    t.inline()
                } else {
                    t
                }
            },
            finished: false,
            encoded: Vec::new(),
            names: Vec::new(),
            entities: Vec::new(),
            report: None,
            relayed: None,
            grouped: None,
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
        Ok(self.relayed_input(sha256))
    }

    /// What the report's input block says of the bytes this scanner read.
    pub(super) fn relayed_input(&self, sha256: String) -> Relayed {
        let dialect = self.dialect_or_default();
        let d = self.decoding();
        Relayed {
            sha256,
            bytes: self.bytes,
            encoding: d.encoding.name().to_string(),
            encoding_confidence: d.source.as_str().to_string(),
            delimiter: dialect.delimiter,
            rows: self.table.rows,
            ragged: self.table.ragged,
            title_rows: self.table.title_rows,
            footer_rows: self.table.footer_rows,
            replaced_bytes: d.replaced_bytes,
            nul_bytes: d.nul_bytes,
            decided: self.relayed.is_some() || self.decoder.decision().is_some(),
        }
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
        self.table.set_counts(
            input.rows,
            input.ragged,
            input.title_rows,
            input.footer_rows,
        );
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
            // Hot path: text that needs no decoding is parsed where it is;
            // other text is decoded into a reused buffer and parsed.
            self.text.clear();
            if let Some(text) = self.decoder.borrow(chunk, &mut self.text) {
                self.parse(false)?;
                return self.parse_text(text, false);
            }
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

    pub(super) fn start_parsing(&mut self, complete: bool) -> Result<()> {
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
        // The lines around the names: only where the header was sniffed
        // (a header forced on is the first line alone).
        let block = match self.opts.has_header {
            None if has_header => header_block(&sample[titles..]),
            _ => Default::default(),
        };
        let has_header = has_header || block.above > 0;
        self.table.skip_titles = titles as u64;
        self.table.group_left = block.above as u64;
        self.table.below_left = block.below as u64;
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

    pub(super) fn parse(&mut self, last: bool) -> Result<()> {
        let text = std::mem::take(&mut self.text);
        let parsed = self.parse_text(&text, last);
        self.text = text;
        self.text.clear();
        parsed
    }

    /// Parses decoded text.
    fn parse_text(&mut self, text: &[u8], last: bool) -> Result<()> {
        let (Some(parser), table) = (self.parser.as_mut(), &mut self.table) else {
            return Ok(());
        };
        parser.feed(text, last, |rec| table.record(rec))
    }

    /// Ends the input and builds the report.
    pub fn finish(&mut self) -> Result<Report> {
        let sha256 = self.end_input()?;
        self.complete(sha256)
    }

    /// Ends the input: the last bytes are decoded and parsed. Returns the
    /// input's SHA-256.
    pub(super) fn end_input(&mut self) -> Result<String> {
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
    pub(super) fn complete(&mut self, sha256: String) -> Result<Report> {
        let report = self.build_report(sha256);
        if self.grouped.is_some() {
            // An engine's scan: the copies come grouped, later
            // (`finish_grouped`).
            self.encoded = vec![EncodedColumn::default(); self.encoded.len()];
            self.report = Some(report.clone());
            return Ok(report);
        }
        let report = self.measure(report)?;
        self.report = Some(report.clone());
        Ok(report)
    }

    /// The rows of the encoded copies: the data rows (up to the cap), or
    /// the distinct tuples an engine grouped them into.
    pub(super) fn risk_rows(&self) -> usize {
        match &self.grouped {
            Some(w) => w.len(),
            None => self.records(),
        }
    }

    /// Risk, the policy check and the suggestions of a report whose
    /// columns are decided, over the encoded copies.
    pub(super) fn measure(&mut self, mut report: Report) -> Result<Report> {
        report.minimisation = masking::minimisation(&report, self.opts.purpose.as_deref())?;
        let opts = self.default_risk_options(&report)?;
        report.risk = Some(crate::risk::assess(&self.encoded, self.risk_rows(), &opts));
        let rules = masking::policy_rules(
            &report,
            self.opts.policy.as_deref(),
            self.opts.as_of.as_deref(),
        )?;
        if let (Some(code), Some(rules)) = (&self.opts.policy, &rules) {
            let columns = masking::column_facts(&report);
            let check = crate::mask::policy::check(code, opts.k_target, &columns, rules);
            report.policy = Some(check);
        }
        // The search is skipped on large tables, so that a scan is not held
        // up: `privscan mask --suggested` always searches.
        let search = self.records() <= SUGGEST_SEARCH_ROWS;
        let suggestions = crate::mask::suggest::suggest(
            &masking::column_facts(&report),
            &self.encoded,
            self.risk_rows(),
            &opts.quasi_identifiers,
            &crate::mask::optimize::OptimizeOptions {
                k: opts.k_target,
                max_evaluations: if search { 100 } else { 0 },
                max_lattice: 5_000,
                weights: self.grouped.clone(),
                ..Default::default()
            },
            masking::minimise(&report),
            rules.as_deref(),
        )
        .steps;
        report.suggestions = suggestions;
        Ok(report)
    }
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
    r: impl std::io::Read,
    opts: ScanOptions,
    progress: impl FnMut(u64),
) -> Result<Report> {
    let mut s = Scanner::new(opts)?;
    feed_reader(&mut s, r, progress)?;
    s.finish()
}

/// The state of one part of a table that a reader yields (`privscan
/// profile`), to be saved and merged with the others' (see
/// [`crate::pipeline::merge_parts`]).
pub fn profile_reader(
    r: impl std::io::Read,
    opts: ScanOptions,
    progress: impl FnMut(u64),
) -> Result<crate::pipeline::ScanPart> {
    let mut s = Scanner::new(opts)?;
    feed_reader(&mut s, r, progress)?;
    s.finish_part()
}

/// [`scan_reader`] of an open file, read on a thread of its own (with
/// the hashing): a file never waits on a writer, so a scan that stops
/// early never waits for that thread, as it could for standard input.
pub fn scan_file_handle(
    f: std::fs::File,
    opts: ScanOptions,
    progress: impl FnMut(u64),
) -> Result<Report> {
    let mut s = Scanner::new(opts)?;
    feed_file(&mut s, f, progress)?;
    s.finish()
}

/// [`profile_reader`] of an open file, read as [`scan_file_handle`] reads.
pub fn profile_file_handle(
    f: std::fs::File,
    opts: ScanOptions,
    progress: impl FnMut(u64),
) -> Result<crate::pipeline::ScanPart> {
    let mut s = Scanner::new(opts)?;
    feed_file(&mut s, f, progress)?;
    s.finish_part()
}

/// Bytes read at a time from a reader.
const READ_CHUNK: usize = 1 << 20;

/// Reads the next chunk into `buf`; 0 at the end.
pub(super) fn read_chunk(r: &mut impl std::io::Read, buf: &mut [u8]) -> Result<usize> {
    loop {
        match r.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

/// Read buffers that go round between the reading side and the threads
/// that use them: one is reused once no one else holds it, so no more
/// exist than chunks in flight.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Default)]
struct Buffers(Vec<Arc<Vec<u8>>>);

#[cfg(not(target_arch = "wasm32"))]
impl Buffers {
    /// The next chunk of `r`; `None` at the end.
    fn read(&mut self, r: &mut impl std::io::Read) -> Result<Option<Arc<Vec<u8>>>> {
        let mut chunk = match self.0.iter().position(|b| Arc::strong_count(b) == 1) {
            Some(i) => self.0.swap_remove(i),
            None => Arc::default(),
        };
        // Held by no one else: made mutable in place.
        let buf = Arc::make_mut(&mut chunk);
        buf.resize(READ_CHUNK, 0);
        let n = read_chunk(r, buf)?;
        if n == 0 {
            return Ok(None);
        }
        buf.truncate(n);
        self.0.push(Arc::clone(&chunk));
        Ok(Some(chunk))
    }
}

/// Whether the input is hashed on a thread of its own: when the scan
/// hashes it and may use a second thread (the same decision as the
/// profiling's: a scan told to keep to one thread does).
#[cfg(not(target_arch = "wasm32"))]
fn hashes_aside(s: &Scanner) -> bool {
    s.sha.is_some() && s.table.two_threaded()
}

/// Runs `feed` with the scanner's hasher, which it hands to a thread of
/// its own and gets back with the feeding's result; the hasher is put
/// back, and a panic on its thread raised here.
#[cfg(not(target_arch = "wasm32"))]
fn hashing_aside(
    s: &mut Scanner,
    feed: impl FnOnce(&mut Scanner, InputHasher) -> (Result<()>, std::thread::Result<InputHasher>),
) -> Result<()> {
    let Some(sha) = s.sha.take() else {
        return Ok(());
    };
    let (fed, sha) = feed(s, sha);
    match sha {
        Ok(sha) => s.sha = Some(sha),
        Err(panic) => std::panic::resume_unwind(panic),
    }
    fed
}

/// Chunks read ahead of the thread that takes them, at most.
#[cfg(not(target_arch = "wasm32"))]
const AHEAD: usize = 4;

/// Feeds a scanner everything a reader yields.
fn feed_reader(
    s: &mut Scanner,
    mut r: impl std::io::Read,
    mut progress: impl FnMut(u64),
) -> Result<()> {
    #[cfg(not(target_arch = "wasm32"))]
    if hashes_aside(s) {
        return feed_reader_hashing_aside(s, r, progress);
    }
    let mut buf = vec![0u8; READ_CHUNK];
    loop {
        let n = read_chunk(&mut r, &mut buf)?;
        if n == 0 {
            return Ok(());
        }
        s.feed(&buf[..n])?;
        progress(s.bytes_fed());
    }
}

/// [`feed_reader`] with the SHA-256 of the input taken on a thread of its
/// own: the thread that reads also decodes and parses, and was the one
/// that held the scan up, while the profiling thread had time to spare.
#[cfg(not(target_arch = "wasm32"))]
fn feed_reader_hashing_aside(
    s: &mut Scanner,
    mut r: impl std::io::Read,
    mut progress: impl FnMut(u64),
) -> Result<()> {
    hashing_aside(s, |s, mut sha| {
        let (to_hash, chunks) = std::sync::mpsc::sync_channel::<Arc<Vec<u8>>>(AHEAD);
        std::thread::scope(|scope| {
            let hasher = scope.spawn(move || {
                for chunk in chunks {
                    sha.update(&chunk);
                }
                sha
            });
            let mut buffers = Buffers::default();
            let fed = (|| -> Result<()> {
                while let Some(chunk) = buffers.read(&mut r)? {
                    if to_hash.send(Arc::clone(&chunk)).is_err() {
                        return Err(Error::new(ErrorKind::Options(
                            "the thread hashing the input stopped".into(),
                        )));
                    }
                    s.feed(&chunk)?;
                    progress(s.bytes_fed());
                }
                Ok(())
            })();
            drop(to_hash);
            (fed, hasher.join())
        })
    })
}

/// Feeds a scanner a file: natively, with a second thread, the file is
/// read and hashed on a thread of its own, so that the thread that
/// decodes and parses (the one that holds a scan up) does only that.
fn feed_file(s: &mut Scanner, f: std::fs::File, progress: impl FnMut(u64)) -> Result<()> {
    #[cfg(not(target_arch = "wasm32"))]
    if hashes_aside(s) {
        return feed_file_reading_aside(s, f, progress);
    }
    feed_reader(s, f, progress)
}

#[cfg(not(target_arch = "wasm32"))]
fn feed_file_reading_aside(
    s: &mut Scanner,
    mut f: std::fs::File,
    mut progress: impl FnMut(u64),
) -> Result<()> {
    hashing_aside(s, |s, mut sha| {
        let (to_parse, chunks) = std::sync::mpsc::sync_channel::<Result<Arc<Vec<u8>>>>(AHEAD);
        std::thread::scope(|scope| {
            let reader = scope.spawn(move || {
                let mut buffers = Buffers::default();
                loop {
                    match buffers.read(&mut f) {
                        Ok(Some(chunk)) => {
                            // Handed over first: the parsing side waits
                            // for it, the hashing does not.
                            if to_parse.send(Ok(Arc::clone(&chunk))).is_err() {
                                break;
                            }
                            sha.update(&chunk);
                        }
                        Ok(None) => break,
                        Err(e) => {
                            let _ = to_parse.send(Err(e));
                            break;
                        }
                    }
                }
                sha
            });
            let fed = (|| -> Result<()> {
                for chunk in &chunks {
                    s.feed(&chunk?)?;
                    progress(s.bytes_fed());
                }
                Ok(())
            })();
            // A scan stopped early lets the reading thread go.
            drop(chunks);
            (fed, reader.join())
        })
    })
}

/// Scans a table given as named columns of text (a DataFrame's or an
/// Arrow table's, read as text), with no CSV in between: `None` is a
/// missing value. The report's input is these values: its size is their
/// bytes, its SHA-256 that of each value followed by a unit separator
/// (0x1F) and each row by a record separator (0x1E), header first.
pub fn scan_columns(
    names: &[String],
    columns: &[Vec<Option<String>>],
    opts: ScanOptions,
) -> Result<Report> {
    if names.len() != columns.len() {
        return Err(Error::new(ErrorKind::Options(format!(
            "{} column names for {} columns",
            names.len(),
            columns.len()
        ))));
    }
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0);
    let mut s = Scanner::new(ScanOptions {
        encoding: Some("utf-8".into()),
        delimiter: Some(",".into()),
        has_header: Some(true),
        sha256_by_caller: true,
        ..opts
    })?;
    s.dialect = Some(Dialect {
        delimiter: b',',
        quote: b'"',
        has_header: true,
    });
    s.table.expect_header = true;
    let cap = s.opts.field_cap.unwrap_or(DEFAULT_FIELD_CAP).max(1024);
    s.parser = Some(RecordParser::new(b',', cap, 0));
    let mut hash = InputHasher::new();
    let mut text = String::new();
    let mut ends = Vec::new();
    let mut bytes = 0u64;
    for r in 0..=rows {
        text.clear();
        ends.clear();
        for (c, name) in names.iter().enumerate() {
            let v = if r == 0 {
                name.as_str()
            } else {
                columns[c]
                    .get(r - 1)
                    .and_then(|v| v.as_deref())
                    .unwrap_or("")
            };
            if v.len() > cap {
                return Err(Error::new(ErrorKind::FieldTooLarge {
                    cap,
                    pos: crate::error::Position {
                        row: Some(r as u64 + 1),
                        line: None,
                        column: Some(c),
                        byte: None,
                    },
                }));
            }
            text.push_str(v);
            ends.push(text.len());
            hash.update(v.as_bytes());
            hash.update(&[0x1f]);
        }
        hash.update(&[0x1e]);
        bytes += text.len() as u64;
        s.table.record(crate::input::records::Record::of_text(
            &text,
            &ends,
            r as u64 + 1,
        ));
    }
    s.bytes = bytes.max(1);
    s.set_sha256(&hash.finish_hex())?;
    s.finish()
}

/// Scans a byte slice.
pub fn scan_bytes(bytes: &[u8], opts: ScanOptions) -> Result<Report> {
    let mut s = Scanner::new(opts)?;
    s.feed(bytes)?;
    s.finish()
}
