//! Applying a plan: a second streaming pass over the same bytes, decoded
//! and parsed as the scan read them, written out as CSV with the plan's
//! operators applied. The push API is the scanner's: `feed` chunks, then
//! `finish`; output bytes come back as they are made, so neither the input
//! nor the output is ever held whole.
//!
//! * Rows out = rows in, unless record suppression was asked for (then the
//!   report counts the rows left out). Columns without a step keep their
//!   values exactly.
//! * Local suppression: where a record's class over the suppressed columns
//!   (after their generalisation) is smaller than k, those cells become `*`.
//!   The classes come from the encoded copies kept by the scan.
//! * Formula injection (OWASP): a cell starting with `=` `+` `-` `@` TAB
//!   or CR gets a `'` in front, unless it is a plain number, and is counted.
//! * The pipeline's mask job (`pipeline::Masker`) feeds the output to a
//!   second scanner as it is written, which gives its SHA-256 and the
//!   report after masking (findings and risk of what actually goes out);
//!   [`Applier::after_scan`] says what that scan measures.

use super::operators::{self, Built, CellOp, Context};
use super::optimize::{map_dictionary, small_classes};
use super::plan::{lint, ColumnRef, Lint, LintColumn, Step};
use crate::cell::{is_null_token, trim_cell};
use crate::entity::{Entity, Kind};
use crate::error::{Error, ErrorKind, Result};
use crate::input::records::{Record, RecordParser};
use crate::profile::codes::CodeSlice;
use crate::profile::encode::EncodedColumn;
use encoding_rs::Encoding;
use serde::{Deserialize, Serialize};

/// How to write the output.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MaskOptions {
    /// `utf-8` (default), `utf-8-bom` (what Excel needs to show Chinese
    /// right) or `gb18030`.
    pub encoding_out: Option<String>,
    /// Output file name, for the report.
    pub name: Option<String>,
    /// Leave cells that start like formulas as they are.
    pub keep_formulas: bool,
    /// A policy preset whose rules the masked report checks each column
    /// against (`masking.policy`; the scan's own `policy` when not given).
    pub policy: Option<String>,
}

/// The report's `masking` block.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Masking {
    /// What each step did.
    pub applied: Vec<Applied>,
    /// Data rows read.
    pub rows_in: u64,
    /// Data rows written.
    pub rows_out: u64,
    /// Rows left out by record suppression.
    pub rows_suppressed: u64,
    /// Cells set to `*` by local suppression.
    pub cells_suppressed: u64,
    /// Records whose quasi-identifiers were suppressed.
    pub records_locally_suppressed: u64,
    /// Cells given a leading `'` so that spreadsheets do not run them.
    pub formula_cells_neutralised: u64,
    /// SHA-256 of the input.
    pub input_sha256: String,
    /// SHA-256 of the output bytes.
    pub output_sha256: String,
    /// Output encoding.
    pub output_encoding: &'static str,
    /// Columns removed.
    pub dropped_columns: Vec<usize>,
    /// What the plan still leaks.
    pub warnings: Vec<Lint>,
    /// The plan applied (columns as indexes of the input).
    pub plan: Vec<Step>,
    /// The policy in force: each column's rule, and whether it was met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<crate::mask::policy::PolicyCheck>,
}

/// One step's effect.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Applied {
    /// Input column.
    pub column: usize,
    /// Operator.
    pub operator: String,
    /// Cells whose value changed.
    pub cells_changed: u64,
}

/// Several operators in a row.
pub struct Chain(pub Vec<Box<dyn CellOp>>);

impl CellOp for Chain {
    fn apply(&self, cell: &str, out: &mut String) {
        out.clear();
        out.push_str(cell);
        let mut tmp = String::new();
        for op in &self.0 {
            op.apply(out, &mut tmp);
            std::mem::swap(out, &mut tmp);
        }
    }
}

#[derive(Default)]
struct ColumnPlan {
    ops: Option<Chain>,
    drop: bool,
    suppress: bool,
    changed: u64,
}

/// Everything the scan knew that the second pass needs.
pub struct Source<'a> {
    /// The encoding the scan decoded with.
    pub encoding: &'static Encoding,
    /// Delimiter.
    pub delimiter: u8,
    /// Whether the first record is a header.
    pub has_header: bool,
    /// Header names (or `column_N`).
    pub names: &'a [String],
    /// What the scan found in each column (for operators and the lint).
    pub columns: &'a [LintColumn<'a>],
    /// The quasi-identifiers the scan's risk block measured.
    pub quasi_identifiers: &'a [usize],
    /// Title lines the scan skipped above the header.
    pub title_rows: u64,
    /// Lines of the header block above the names (a group row) and below
    /// them (question texts, import ids): written unchanged.
    pub header_lines: (u64, u64),
    /// The SHA-256 of the input, for the masking block.
    pub input_sha256: &'a str,
    /// Encoded copies.
    pub encoded: &'a [EncodedColumn],
    /// Rows the encoded copies cover.
    pub records: usize,
    /// Data rows in the file.
    pub rows: u64,
    /// Field cap.
    pub field_cap: usize,
}

/// What the scan of the output measures, so that the report after
/// masking speaks of the same columns where they now are.
#[derive(Clone, Debug)]
pub struct AfterScan {
    /// The output's encoding label.
    pub encoding: &'static str,
    /// Quasi-identifiers, as output column indexes.
    pub qi: Vec<String>,
    /// Sensitive columns, as output column indexes.
    pub sensitive: Vec<String>,
    /// The largest k of the plan's suppression steps.
    pub k: Option<u32>,
}

/// The streaming applier of a plan.
pub struct Applier {
    cols: Vec<ColumnPlan>,
    /// Per data row: in a class below k (local or record suppression).
    small: Option<Vec<bool>>,
    suppress_records: bool,
    decoder: crate::input::decode::StreamDecoder,
    text: Vec<u8>,
    parser: RecordParser,
    started: bool,
    /// Title lines above the header still to leave out (the scan skipped
    /// them too, so data rows keep their numbers).
    titles_left: u64,
    /// Header-block lines still to write above and below the names.
    block_left: (u64, u64),
    /// Data rows in the file: the records after them are its footer.
    data_rows: u64,
    writer: Writer,
    out_encoding: OutEncoding,
    encoder: Option<encoding_rs::Encoder>,
    after_scan: AfterScan,
    plan: Vec<Step>,
    warnings: Vec<Lint>,
    input_sha256: String,
    finished: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum OutEncoding {
    Utf8,
    Utf8Bom,
    Gb18030,
}

impl OutEncoding {
    fn parse(label: Option<&str>) -> Result<OutEncoding> {
        match label.map(|l| l.trim().to_ascii_lowercase()).as_deref() {
            None | Some("" | "utf-8" | "utf8") => Ok(OutEncoding::Utf8),
            Some("utf-8-bom" | "utf8-bom" | "utf-8-sig") => Ok(OutEncoding::Utf8Bom),
            Some("gb18030" | "gbk") => Ok(OutEncoding::Gb18030),
            Some(other) => Err(Error::new(ErrorKind::Options(format!(
                "output encoding is utf-8, utf-8-bom or gb18030, not {other:?}"
            )))),
        }
    }

    fn name(self) -> &'static str {
        match self {
            OutEncoding::Utf8 => "UTF-8",
            OutEncoding::Utf8Bom => "UTF-8 (BOM)",
            OutEncoding::Gb18030 => "gb18030",
        }
    }
}

/// Builds CSV text for the records.
struct Writer {
    delimiter: u8,
    expect_header: bool,
    row: u64,
    rows_out: u64,
    rows_suppressed: u64,
    cells_suppressed: u64,
    records_suppressed: u64,
    formulas: u64,
    neutralise: bool,
    /// The output being built, UTF-8.
    line: Vec<u8>,
    cell: String,
    csv: csv_core::Writer,
    /// Rows to keep for a preview, and those kept (input and output).
    capture: usize,
    captured: Vec<(Vec<String>, Vec<String>)>,
}

impl Writer {
    /// Writes one field; csv-core (the csv crate's writer) decides the
    /// quoting and escaping (RFC 4180: quoted when it holds the delimiter,
    /// a quote or a line break).
    fn field(&mut self, first: &mut bool, value: &str) {
        if !*first {
            // Closes the previous field (and its quote) and starts the next.
            self.csv_out(|w, out| w.delimiter(out));
        }
        *first = false;
        let mut v = value;
        let quoted;
        if self.neutralise {
            if let Some(q) = neutralised(v) {
                self.formulas += 1;
                quoted = q;
                v = &quoted;
            }
        }
        let mut input = v.as_bytes();
        loop {
            let start = self.line.len();
            // Room for the field doubled (every quote escaped) and its quotes.
            self.line.resize(start + 2 * input.len() + 2, 0);
            let (res, nin, nout) = self.csv.field(input, &mut self.line[start..]);
            self.line.truncate(start + nout);
            input = &input[nin..];
            if res == csv_core::WriteResult::InputEmpty {
                break;
            }
        }
    }

    /// Ends the record (CRLF, as spreadsheets write).
    fn end_record(&mut self) {
        self.csv_out(|w, out| w.terminator(out));
    }

    fn csv_out(
        &mut self,
        f: impl Fn(&mut csv_core::Writer, &mut [u8]) -> (csv_core::WriteResult, usize),
    ) {
        let start = self.line.len();
        // A closing quote, and a delimiter or CRLF.
        self.line.resize(start + 4, 0);
        let (_, n) = f(&mut self.csv, &mut self.line[start..]);
        self.line.truncate(start + n);
    }

    fn record(
        &mut self,
        rec: Record<'_>,
        cols: &mut [ColumnPlan],
        small: Option<&[bool]>,
        drop_small: bool,
    ) {
        let mut first = true;
        let start = self.line.len();
        let capture = self.captured.len() < self.capture;
        if self.expect_header {
            self.expect_header = false;
            for i in 0..rec.len() {
                if !cols.get(i).is_some_and(|c| c.drop) {
                    let v = rec.get(i);
                    self.field(&mut first, v);
                }
            }
            self.end_record();
            if capture {
                self.capture_row(&rec, start);
            }
            return;
        }
        let r = self.row as usize;
        self.row += 1;
        let is_small = small.is_some_and(|s| s.get(r).copied().unwrap_or(false));
        if is_small && drop_small {
            self.rows_suppressed += 1;
            return;
        }
        if is_small {
            self.records_suppressed += 1;
        }
        let mut cell = std::mem::take(&mut self.cell);
        for i in 0..rec.len() {
            let raw = rec.get(i);
            let Some(c) = cols.get_mut(i) else {
                self.field(&mut first, raw);
                continue;
            };
            if c.drop {
                continue;
            }
            if is_small && c.suppress {
                self.cells_suppressed += 1;
                self.field(&mut first, "*");
                continue;
            }
            match &c.ops {
                Some(ops) => {
                    if masked_cell(ops, raw, &mut cell) {
                        c.changed += 1;
                    }
                    self.field(&mut first, &cell);
                }
                None => self.field(&mut first, raw),
            }
        }
        self.cell = cell;
        self.end_record();
        self.rows_out += 1;
        if capture {
            self.capture_row(&rec, start);
        }
    }

    /// Writes a line of the header block as it is (its dropped columns
    /// aside, so that it stays above its columns), or a footer line whole
    /// with the people and identifiers in it masked.
    fn verbatim(&mut self, rec: &Record<'_>, cols: &[ColumnPlan], footer: bool) {
        let mut first = true;
        for i in 0..rec.len() {
            let v = rec.get(i);
            if footer {
                let t = trim_cell(v);
                let scrubbed = crate::mask::operators::scrub_line(t);
                self.field(&mut first, if scrubbed == t { v } else { &scrubbed });
            } else if !cols.get(i).is_some_and(|c| c.drop) {
                self.field(&mut first, v);
            }
        }
        self.end_record();
    }

    /// Keeps a row's input fields and the output fields just written.
    fn capture_row(&mut self, rec: &Record<'_>, start: usize) {
        let input: Vec<String> = (0..rec.len()).map(|i| rec.get(i).to_string()).collect();
        let mut out = Vec::new();
        let mut p = RecordParser::new(self.delimiter, usize::MAX / 2, 0);
        let _ = p.feed(&self.line[start..], true, |r| {
            out = (0..r.len()).map(|i| r.get(i).to_string()).collect();
        });
        self.captured.push((input, out));
    }
}

/// A cell as the masker writes it through `op` (into `out`): trimmed and
/// masked, or as it was when it is empty or a null token. True when the
/// masked value differs from the trimmed cell.
pub fn masked_cell(op: &dyn CellOp, raw: &str, out: &mut String) -> bool {
    let t = trim_cell(raw);
    if is_null_token(t) {
        out.clear();
        out.push_str(raw);
        return false;
    }
    op.apply(t, out);
    out != t
}

/// The cell with a leading `'` when a spreadsheet would run it as a
/// formula, as the masker writes it (unless told to keep formulas).
pub fn neutralised(v: &str) -> Option<String> {
    starts_like_formula(v).then(|| format!("'{v}"))
}

/// A cell a spreadsheet would run as a formula (OWASP CSV injection);
/// plain numbers such as `-12.5` or `+3` are data, not formulas, and a
/// placeholder such as `-` or `--` is a missing value: given a `'` it would
/// come back from a re-scan as a value (a column of `'-` under a user-name
/// header read as an identifier).
fn starts_like_formula(v: &str) -> bool {
    let Some(c) = v.chars().next() else {
        return false;
    };
    if !matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r') || is_null_token(v.trim()) {
        return false;
    }
    !(matches!(c, '+' | '-') && v[1..].trim().parse::<f64>().is_ok_and(f64::is_finite))
}

/// One column of a plan resolved against a scan's columns.
pub struct ResolvedColumn {
    /// Its cell operators, built, in order.
    pub ops: Vec<Box<dyn CellOp>>,
    /// The same operators by name, with their parameters (for an engine
    /// that builds them again on its workers).
    pub steps: Vec<(String, operators::Params)>,
    /// Removed from the output.
    pub drop: bool,
    /// Suppressed in records whose class is smaller than `k`.
    pub suppress: bool,
}

/// A plan resolved against a scan's columns: the one reading of a plan
/// that the masker and an engine's mask job both apply.
pub struct Resolved {
    /// Per column of the input.
    pub columns: Vec<ResolvedColumn>,
    /// The class size below which records are suppressed, when any column
    /// is.
    pub k: Option<u32>,
    /// Whole records are dropped rather than their cells suppressed.
    pub drop_records: bool,
    /// The plan, its columns as indexes of the input.
    pub plan: Vec<Step>,
    /// What the plan still leaks.
    pub warnings: Vec<Lint>,
    /// The quasi-identifiers the scan of the output measures (input
    /// indexes): the suppressed columns, or else the scan's own.
    pub after_qi: Vec<usize>,
    /// The sensitive columns it measures (input indexes).
    pub after_sensitive: Vec<usize>,
}

/// Resolves `steps` against the columns `names` (judged `columns`, the
/// scan's quasi-identifiers `quasi`): each step's column found, each
/// operator built with `key` to check its parameters.
pub fn resolve(
    names: &[String],
    columns: &[LintColumn<'_>],
    quasi: &[usize],
    steps: &[Step],
    key: Option<&[u8]>,
) -> Result<Resolved> {
    let width = names.len();
    let mut cols: Vec<ResolvedColumn> = (0..width)
        .map(|_| ResolvedColumn {
            ops: Vec::new(),
            steps: Vec::new(),
            drop: false,
            suppress: false,
        })
        .collect();
    let mut plan = Vec::new();
    let mut k: Option<u32> = None;
    let mut drop_records = false;
    for s in steps {
        let i = match &s.column {
            ColumnRef::Index(i) if *i < width => *i,
            ColumnRef::Index(i) => return Err(Error::new(ErrorKind::UnknownColumn(i.to_string()))),
            ColumnRef::Name(n) => crate::profile::table::resolve_column(names, width, n)
                .ok_or_else(|| Error::new(ErrorKind::UnknownColumn(n.clone())))?,
        };
        let entity = columns.get(i).map_or(Entity::None, |c| c.entity);
        let ctx = Context { entity, key };
        let c = &mut cols[i];
        match operators::operator(&s.operator)?.build(&s.params, &ctx)? {
            Built::Cells(op) => {
                c.ops.push(op);
                c.steps.push((s.operator.clone(), s.params.clone()));
            }
            Built::Drop => c.drop = true,
            Built::Suppress { k: ki, records } => {
                c.suppress = true;
                k = Some(k.map_or(ki, |m| m.max(ki)));
                drop_records |= records;
            }
        }
        plan.push(Step {
            column: ColumnRef::Index(i),
            ..s.clone()
        });
    }
    let ops_by_col: Vec<Vec<(&str, &operators::Params)>> = (0..width)
        .map(|i| {
            plan.iter()
                .filter(|s| s.column == ColumnRef::Index(i))
                .map(|s| (s.operator.as_str(), &s.params))
                .collect()
        })
        .collect();
    let warnings = lint(columns, &ops_by_col);
    let kept = |i: usize| i < width && !cols[i].drop;
    let after_qi = if cols.iter().any(|c| c.suppress) {
        (0..width)
            .filter(|&i| cols[i].suppress && kept(i))
            .collect()
    } else {
        quasi.iter().copied().filter(|&i| kept(i)).collect()
    };
    let after_sensitive = columns
        .iter()
        .enumerate()
        .filter(|&(i, c)| c.kind == Kind::Sensitive && kept(i))
        .map(|(i, _)| i)
        .collect();
    Ok(Resolved {
        columns: cols,
        k,
        drop_records,
        plan,
        warnings,
        after_qi,
        after_sensitive,
    })
}

impl Applier {
    /// An applier of `steps` over the source a scan read.
    pub fn new(
        src: &Source<'_>,
        steps: &[Step],
        key: Option<&[u8]>,
        opts: &MaskOptions,
    ) -> Result<Applier> {
        let out_encoding = OutEncoding::parse(opts.encoding_out.as_deref())?;
        let resolved = resolve(src.names, src.columns, src.quasi_identifiers, steps, key)?;
        let cols: Vec<ColumnPlan> = resolved
            .columns
            .into_iter()
            .map(|c| ColumnPlan {
                ops: (!c.ops.is_empty()).then(|| Chain(c.ops)),
                drop: c.drop,
                suppress: c.suppress,
                changed: 0,
            })
            .collect();
        let record_suppression = resolved.drop_records;
        // The classes of the suppressed columns, after their operators.
        let small = if let Some(k) = resolved.k {
            if src.rows > src.records as u64 {
                return Err(Error::new(ErrorKind::Options(format!(
                    "suppression needs the classes of every row, and the scan kept the first {} of {} rows",
                    src.records, src.rows
                ))));
            }
            let mut mapped = Vec::new();
            for (i, c) in cols.iter().enumerate().filter(|(_, c)| c.suppress) {
                let enc = src.encoded.get(i).filter(|e| e.codes.is_some()).ok_or_else(|| {
                    Error::new(ErrorKind::Options(format!(
                        "column {} has no encoded copy for suppression: name it with --qi when scanning",
                        src.names[i]
                    )))
                })?;
                let (map, card) = map_dictionary(enc, c.ops.as_ref().map(|o| o as &dyn CellOp));
                let codes: Vec<u32> = enc
                    .codes()
                    .map(|c| {
                        c.prefix(src.records)
                            .iter()
                            .map(|x| map[x as usize])
                            .collect()
                    })
                    .unwrap_or_default();
                mapped.push((codes, card));
            }
            let slices: Vec<(CodeSlice<'_>, usize)> = mapped
                .iter()
                .map(|(c, k)| (CodeSlice::U32(c), *k))
                .collect();
            Some(
                small_classes(&slices, src.records, k, None, !record_suppression)
                    .rows
                    .into_iter()
                    .map(|gone| gone > 0)
                    .collect(),
            )
        } else {
            None
        };

        // The report after masking measures the same columns where they
        // now are (dropped columns shift the others left).
        let out_index = |i: usize| (i - cols[..i].iter().filter(|c| c.drop).count()).to_string();
        let qi: Vec<String> = resolved.after_qi.iter().map(|&i| out_index(i)).collect();
        let sensitive: Vec<String> = resolved
            .after_sensitive
            .iter()
            .map(|&i| out_index(i))
            .collect();
        let after_scan = AfterScan {
            encoding: if out_encoding == OutEncoding::Gb18030 {
                "gb18030"
            } else {
                "utf-8"
            },
            qi,
            sensitive,
            k: resolved.k,
        };
        Ok(Applier {
            cols,
            small,
            suppress_records: record_suppression,
            decoder: crate::input::decode::StreamDecoder::new(Some(src.encoding)),
            text: Vec::new(),
            parser: RecordParser::new(src.delimiter, src.field_cap, 0),
            started: false,
            titles_left: src.title_rows,
            block_left: src.header_lines,
            data_rows: src.rows,
            writer: Writer {
                delimiter: src.delimiter,
                expect_header: src.has_header,
                row: 0,
                rows_out: 0,
                rows_suppressed: 0,
                cells_suppressed: 0,
                records_suppressed: 0,
                formulas: 0,
                neutralise: !opts.keep_formulas,
                line: Vec::new(),
                csv: csv_core::WriterBuilder::new()
                    .delimiter(src.delimiter)
                    .terminator(csv_core::Terminator::CRLF)
                    .build(),
                cell: String::new(),
                capture: 0,
                captured: Vec::new(),
            },
            out_encoding,
            encoder: (out_encoding == OutEncoding::Gb18030)
                .then(|| encoding_rs::GB18030.new_encoder()),
            after_scan,
            plan: resolved.plan,
            warnings: resolved.warnings,
            input_sha256: src.input_sha256.to_string(),
            finished: false,
        })
    }

    /// What the scan of the output should measure.
    pub fn after_scan(&self) -> &AfterScan {
        &self.after_scan
    }

    /// Keeps the first `rows` records (the header included), input and
    /// output, for [`Masker::preview`].
    pub fn capture(&mut self, rows: usize) {
        self.writer.capture = rows;
    }

    /// The captured records: `(input fields, output fields)` each.
    pub fn preview(&self) -> &[(Vec<String>, Vec<String>)] {
        &self.writer.captured
    }

    /// Feeds the next chunk of the source; appends output bytes to `out`.
    pub fn feed(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<()> {
        if self.finished {
            return Err(Error::new(ErrorKind::Finished));
        }
        self.decoder.feed(chunk, &mut self.text)?;
        self.parse(false, out)
    }

    fn parse(&mut self, last: bool, out: &mut Vec<u8>) -> Result<()> {
        if !self.started {
            // The scan skipped an Excel "sep=;" line: so does the output.
            if !last && !self.text.contains(&b'\n') && self.text.len() < 64 {
                return Ok(());
            }
            self.started = true;
            if let Some(n) = crate::input::dialect::excel_sep_line(&self.text) {
                self.text.drain(..n.1);
            }
            if self.out_encoding == OutEncoding::Utf8Bom {
                self.emit(b"\xEF\xBB\xBF".to_vec(), out)?;
            }
        }
        let Applier {
            parser,
            writer,
            cols,
            small,
            suppress_records,
            text,
            titles_left,
            block_left,
            data_rows,
            ..
        } = self;
        let small = small.as_deref();
        let drop_small = *suppress_records;
        parser.feed(text, last, |rec| {
            if *titles_left > 0 {
                *titles_left -= 1;
                return;
            }
            if writer.expect_header && block_left.0 > 0 {
                block_left.0 -= 1;
                return writer.verbatim(&rec, cols, false);
            }
            if !writer.expect_header && block_left.1 > 0 {
                block_left.1 -= 1;
                return writer.verbatim(&rec, cols, false);
            }
            if !writer.expect_header && writer.row >= *data_rows {
                return writer.verbatim(&rec, cols, true);
            }
            writer.record(rec, cols, small, drop_small)
        })?;
        self.text.clear();
        let line = std::mem::take(&mut self.writer.line);
        let bytes = match &mut self.encoder {
            None => line,
            Some(enc) => {
                // The writer only adds ASCII quotes and separators to UTF-8
                // text: the line is UTF-8.
                let line = String::from_utf8_lossy(&line);
                // encoding_rs writes only into spare capacity, and GB18030
                // takes up to 4 bytes for a 2-byte UTF-8 character (é):
                // reserve and go on until every byte of the text is in.
                let mut buf = Vec::new();
                let mut from = 0;
                loop {
                    let need = enc
                        .max_buffer_length_from_utf8_if_no_unmappables(line.len() - from)
                        .unwrap_or(4 * (line.len() - from) + 16);
                    buf.reserve(need);
                    let (res, read, _) = enc.encode_from_utf8_to_vec(&line[from..], &mut buf, last);
                    from += read;
                    if res == encoding_rs::CoderResult::InputEmpty {
                        break;
                    }
                }
                buf
            }
        };
        self.emit(bytes, out)
    }

    fn emit(&mut self, bytes: Vec<u8>, out: &mut Vec<u8>) -> Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        out.extend_from_slice(&bytes);
        Ok(())
    }

    /// Ends the source; appends the last output bytes and returns what
    /// was done (`output_sha256` is left for the scan of the output).
    pub fn finish(&mut self, out: &mut Vec<u8>) -> Result<Masking> {
        if self.finished {
            return Err(Error::new(ErrorKind::Finished));
        }
        self.decoder.finish(&mut self.text)?;
        self.parse(true, out)?;
        self.finished = true;
        let w = &self.writer;
        let rows_in = w.row;
        let applied = self
            .plan
            .iter()
            .filter_map(|s| match &s.column {
                ColumnRef::Index(i) => Some(Applied {
                    column: *i,
                    operator: s.operator.clone(),
                    // Suppression is counted in cells and rows; a dropped
                    // column has no cells left to count.
                    cells_changed: match operators::effect_of(&s.operator) {
                        Some(operators::Effect::Suppress) => 0,
                        _ if self.cols[*i].drop => 0,
                        _ => self.cols[*i].changed,
                    },
                }),
                ColumnRef::Name(_) => None,
            })
            .collect();
        Ok(Masking {
            applied,
            rows_in,
            rows_out: w.rows_out,
            rows_suppressed: w.rows_suppressed,
            cells_suppressed: w.cells_suppressed,
            records_locally_suppressed: if self.suppress_records {
                0
            } else {
                w.records_suppressed
            },
            formula_cells_neutralised: w.formulas,
            input_sha256: self.input_sha256.clone(),
            output_sha256: String::new(),
            output_encoding: self.out_encoding.name(),
            dropped_columns: self
                .cols
                .iter()
                .enumerate()
                .filter(|(_, c)| c.drop)
                .map(|(i, _)| i)
                .collect(),
            warnings: self.warnings.clone(),
            plan: self.plan.clone(),
            policy: None,
        })
    }
}
