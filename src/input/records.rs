//! Incremental CSV parsing over decoded UTF-8 chunks with csv-core. A
//! record may span any number of chunks; one field longer than the cap is an
//! error naming the row, line and byte where the field started (usually an
//! unbalanced quote), not an out-of-memory.
//!
//! Most lines of real exports hold no quote at all. Such a line, whole in
//! the chunk, is cut at its delimiters with memchr and handed on in place
//! (no copy); csv-core reads everything else (quoted fields, lone `\r`
//! line ends, records split across chunks). Both give the same records: a
//! property test compares them on random inputs and chunkings.

use crate::error::{Error, ErrorKind, Position, Result};
use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// Default cap on one field: 16 MiB.
pub const DEFAULT_FIELD_CAP: usize = 16 * 1024 * 1024;

/// One parsed record: field bytes and their end offsets.
pub struct Record<'a> {
    buf: &'a [u8],
    ends: &'a [usize],
    /// Where each field starts, in a line cut in place (between fields
    /// lie a delimiter and perhaps quotes); `None` when the fields are
    /// laid end to end, as csv-core writes them.
    starts: Option<&'a [usize]>,
    /// 1-based record number (the header, if any, is record 1).
    pub number: u64,
}

impl<'a> Record<'a> {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the record has no field.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// A record of text fields laid end to end in `buf`, each ending at
    /// its entry of `ends` (which fall between characters): for tables
    /// that come as values rather than as CSV.
    pub(crate) fn of_text(buf: &'a str, ends: &'a [usize], number: u64) -> Record<'a> {
        Record {
            buf: buf.as_bytes(),
            ends,
            starts: None,
            number,
        }
    }

    /// Field `i` as text.
    #[inline]
    pub fn get(&self, i: usize) -> &'a str {
        let start = match self.starts {
            Some(starts) => starts[i],
            None if i == 0 => 0,
            None => self.ends[i - 1],
        };
        let bytes = &self.buf[start..self.ends[i]];
        debug_assert!(std::str::from_utf8(bytes).is_ok());
        // SAFETY: the parser is only fed the output of the decoder, which is
        // valid UTF-8 (encoding_rs guarantees it). csv-core cuts fields only
        // at ASCII bytes (delimiter, quote, CR, LF) and drops only ASCII
        // quote bytes, so every field is a sequence of whole UTF-8 scalar
        // values. Validating each field again cost 5 % of a scan.
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }
}

/// The push parser.
pub struct RecordParser {
    rdr: Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// Field starts of a line cut in place.
    starts: Vec<usize>,
    nout: usize,
    nend: usize,
    field_cap: usize,
    records: u64,
    consumed: u64,
    record_start: u64,
    record_line: u64,
    byte_offset: u64,
    /// The last byte of the input that is not a line break: a quoted field
    /// properly closed at the end of the file ends with `"`.
    last_visible: u8,
    delimiter: u8,
    /// csv-core has read part of a record (perhaps no output yet: an
    /// opening quote).
    in_record: bool,
    /// csv-core ended the last record on a `\r`.
    after_cr: bool,
    /// Whether plain lines may be cut in place (off in tests that compare
    /// with csv-core alone).
    fast: bool,
}

impl RecordParser {
    /// A parser for `delimiter` with the default quote `"`. `byte_offset` is
    /// added to reported byte positions (the length of a skipped BOM).
    pub fn new(delimiter: u8, field_cap: usize, byte_offset: u64) -> Self {
        RecordParser {
            rdr: ReaderBuilder::new().delimiter(delimiter).build(),
            out: vec![0; field_cap.clamp(1, 64 * 1024)],
            ends: vec![0; 256],
            starts: vec![0; 256],
            nout: 0,
            nend: 0,
            field_cap,
            records: 0,
            consumed: 0,
            record_start: 0,
            record_line: 1,
            byte_offset,
            last_visible: b'\n',
            delimiter,
            in_record: false,
            after_cr: false,
            // The cut looks for these three bytes as they are.
            fast: !matches!(delimiter, b'\n' | b'\r' | b'"'),
        }
    }

    /// At the end of the input: the last record's last field holds line
    /// breaks but the text does not end with a closing quote, so a quote
    /// opened that field and nothing closed it.
    fn check_closed(&self) -> Result<()> {
        let start = if self.nend >= 2 {
            self.ends[self.nend - 2]
        } else {
            0
        };
        let field = &self.out[start..self.nout];
        let lines = memchr::memchr_iter(b'\n', field).count() as u64;
        if (lines > 0 || memchr::memchr(b'\r', field).is_some()) && self.last_visible != b'"' {
            return Err(Error::new(ErrorKind::UnclosedQuote {
                pos: self.position(self.records, self.nend.saturating_sub(1)),
                lines: lines.max(1),
            }));
        }
        Ok(())
    }

    /// Where field `column` of record `row` starts: the record's line and
    /// first byte.
    fn position(&self, row: u64, column: usize) -> Position {
        Position {
            row: Some(row),
            line: Some(self.record_line),
            column: Some(column),
            byte: Some(self.record_start + self.byte_offset),
        }
    }

    /// The error for field `column` of the record being read.
    fn too_large(&self, column: usize) -> Error {
        Error::new(ErrorKind::FieldTooLarge {
            cap: self.field_cap,
            pos: self.position(self.records + 1, column),
        })
    }

    /// Hands on the whole lines at the start of `input` that csv-core
    /// would read as they stand, cut at the delimiters in place: no `\r`
    /// but their last byte, and quotes only around whole fields that hold
    /// no quote and no line break (`"Smith, John"`). Returns the rest,
    /// from the first line csv-core must read. Called only between
    /// records, where csv-core would start a record.
    fn plain_lines<'i>(
        &mut self,
        input: &'i [u8],
        has_cr: bool,
        on_record: &mut impl FnMut(Record<'_>),
    ) -> &'i [u8] {
        // One pass finds delimiters, line ends and quotes together; `\r`
        // is looked for per line only when the chunk has one (CRLF files).
        let mut lines = 0u64;
        let mut line_start = 0usize;
        let mut field_start = 0usize;
        // Where the field being read ends, when quotes closed it.
        let mut closed: Option<usize> = None;
        let mut at = 0usize;
        self.nend = 0;
        while let Some(found) = memchr::memchr3(self.delimiter, b'\n', b'"', &input[at..]) {
            let pos = at + found;
            at = pos + 1;
            let b = input[pos];
            if b == self.delimiter {
                let end = closed.take().unwrap_or(pos);
                self.push_field(field_start - line_start, end - line_start);
                field_start = pos + 1;
                continue;
            }
            if b == b'"' {
                // A quote inside a field, a doubled quote, a quoted line
                // break, or a closing quote not followed by the field's
                // end: csv-core's to read.
                if pos != field_start || closed.is_some() {
                    break;
                }
                let Some(len) = memchr::memchr(b'"', &input[pos + 1..]) else {
                    break;
                };
                let close = pos + 1 + len;
                let ends_field = input
                    .get(close + 1)
                    .is_some_and(|&n| n == self.delimiter || n == b'\n' || n == b'\r');
                if !ends_field || memchr::memchr2(b'\n', b'\r', &input[pos + 1..close]).is_some() {
                    break;
                }
                field_start = pos + 1;
                closed = Some(close);
                at = close + 1;
                continue;
            }
            let line = &input[line_start..pos];
            let body = if has_cr {
                let body = line.strip_suffix(b"\r").unwrap_or(line);
                if memchr::memchr(b'\r', body).is_some() {
                    break;
                }
                body
            } else {
                line
            };
            if body.len() > self.field_cap {
                break;
            }
            lines += 1;
            self.consumed += (pos + 1 - line_start) as u64;
            // csv-core skips blank lines.
            if !body.is_empty() {
                let end = closed.take().unwrap_or(line_start + body.len());
                self.push_field(field_start - line_start, end - line_start);
                self.records += 1;
                on_record(Record {
                    buf: body,
                    ends: &self.ends[..self.nend],
                    starts: Some(&self.starts[..self.nend]),
                    number: self.records,
                });
                // As csv-core counts: a record starts right after the one
                // before, blank lines included.
                self.record_start = self.consumed;
                self.record_line = self.rdr.line() + lines;
            }
            line_start = pos + 1;
            field_start = line_start;
            closed = None;
            self.nend = 0;
        }
        self.nend = 0;
        self.rdr.set_line(self.rdr.line() + lines);
        &input[line_start..]
    }

    fn push_field(&mut self, start: usize, end: usize) {
        if self.nend == self.ends.len() {
            self.ends.resize(self.nend * 2, 0);
        }
        // csv-core may have grown `ends` alone.
        if self.nend >= self.starts.len() {
            self.starts.resize(self.ends.len(), 0);
        }
        self.starts[self.nend] = start;
        self.ends[self.nend] = end;
        self.nend += 1;
    }

    /// Records completed so far.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Line breaks read so far.
    pub fn lines(&self) -> u64 {
        self.rdr.line().saturating_sub(1)
    }

    /// Whether nothing of a record is pending: the text fed so far ended
    /// between two records. Text that ends with a line break is either
    /// there or inside a quoted field (whose text then holds that break),
    /// which is how a split scan checks where it guessed a part starts.
    pub fn between_records(&self) -> bool {
        self.nout == 0 && self.nend == 0
    }

    /// Feeds decoded text. `last` marks the end of input. The bytes fed,
    /// taken together, must be valid UTF-8 (chunks may split a character):
    /// [`Record::get`] relies on it, which is why only the crate (which
    /// feeds the decoder's output) may call this.
    pub(crate) fn feed(
        &mut self,
        mut input: &[u8],
        last: bool,
        mut on_record: impl FnMut(Record<'_>),
    ) -> Result<()> {
        if let Some(&b) = input.iter().rev().find(|&&b| b != b'\n' && b != b'\r') {
            self.last_visible = b;
        }
        // Looked for once per chunk: per call of `plain_lines` (after every
        // record csv-core reads) it rescanned the rest of an LF file's
        // chunk, which made a file with quoted fields scan twice as slowly
        // with LF line ends as with CRLF.
        let has_cr = memchr::memchr(b'\r', input).is_some();
        let mut eof_sent = false;
        loop {
            if self.after_cr && !input.is_empty() {
                // The `\n` of a `\r\n` csv-core ended a record on belongs
                // to that record: the next one starts after it.
                self.after_cr = false;
                if input[0] == b'\n' {
                    self.record_start += 1;
                    self.record_line += 1;
                }
            }
            if self.fast && !self.in_record {
                input = self.plain_lines(input, has_cr, &mut on_record);
            }
            if input.is_empty() && !last {
                return Ok(());
            }
            if input.is_empty() {
                if eof_sent {
                    return Ok(());
                }
                eof_sent = true;
            }
            let (res, nin, nout, nend) = self.rdr.read_record(
                input,
                &mut self.out[self.nout..],
                &mut self.ends[self.nend..],
            );
            let ended_on_cr = nin > 0 && input[nin - 1] == b'\r';
            input = &input[nin..];
            self.consumed += nin as u64;
            self.in_record |= nin > 0;
            self.nout += nout;
            self.nend += nend;
            match res {
                ReadRecordResult::InputEmpty => {
                    if !last {
                        return Ok(());
                    }
                }
                ReadRecordResult::OutputFull => {
                    let field_start = if self.nend == 0 {
                        0
                    } else {
                        self.ends[self.nend - 1]
                    };
                    if self.nout - field_start > self.field_cap {
                        return Err(self.too_large(self.nend));
                    }
                    // Grow, but never past one byte over the cap for this
                    // field: a field between the cap and twice the cap
                    // would otherwise slip through (found by the
                    // bad-input matrix).
                    let grow = self.out.len().min(self.field_cap);
                    let limit = field_start + self.field_cap + 1;
                    let len = (self.out.len() + grow).min(limit).max(self.out.len() + 1);
                    self.out.resize(len, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let n = self.ends.len();
                    self.ends.resize(n * 2, 0);
                }
                ReadRecordResult::Record => {
                    // The buffer may have grown past the cap for an earlier
                    // record's fields, so an over-long field can fit in it.
                    if self.nout > self.field_cap {
                        let mut start = 0;
                        for (i, &end) in self.ends[..self.nend].iter().enumerate() {
                            if end - start > self.field_cap {
                                return Err(self.too_large(i));
                            }
                            start = end;
                        }
                    }
                    self.in_record = false;
                    self.records += 1;
                    if eof_sent {
                        self.check_closed()?;
                    }
                    let rec = Record {
                        buf: &self.out[..self.nout],
                        ends: &self.ends[..self.nend],
                        starts: None,
                        number: self.records,
                    };
                    on_record(rec);
                    self.nout = 0;
                    self.nend = 0;
                    self.record_start = self.consumed;
                    self.record_line = self.rdr.line();
                    self.after_cr = ended_on_cr;
                }
                ReadRecordResult::End => return Ok(()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, chunk: usize, cap: usize) -> Result<Vec<Vec<String>>> {
        let mut p = RecordParser::new(b',', cap, 0);
        let mut rows = Vec::new();
        let bytes = text.as_bytes();
        for c in bytes.chunks(chunk) {
            p.feed(c, false, |r| {
                rows.push((0..r.len()).map(|i| r.get(i).to_string()).collect())
            })?;
        }
        p.feed(&[], true, |r| {
            rows.push((0..r.len()).map(|i| r.get(i).to_string()).collect())
        })?;
        Ok(rows)
    }

    /// Records (with their numbers) or the error code and message.
    fn outcome(text: &[u8], chunks: &[usize], cap: usize, fast: bool) -> String {
        let mut p = RecordParser::new(b',', cap, 0);
        p.fast = fast;
        let mut rows = Vec::new();
        let mut rest = text;
        let mut sizes = chunks.iter().cycle();
        let mut push = |r: Record<'_>| {
            // The inputs are ASCII, so every cut is valid UTF-8.
            let cells: Vec<&[u8]> = (0..r.len()).map(|i| r.get(i).as_bytes()).collect();
            rows.push(format!("{} {cells:?}", r.number));
        };
        while !rest.is_empty() {
            let n = (*sizes.next().unwrap_or(&1)).clamp(1, rest.len());
            if let Err(e) = p.feed(&rest[..n], false, &mut push) {
                return format!("{rows:?} {} {e}", e.code());
            }
            rest = &rest[n..];
        }
        match p.feed(&[], true, &mut push) {
            Ok(()) => format!("{rows:?} {}", p.records()),
            Err(e) => format!("{rows:?} {} {e}", e.code()),
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Lines cut in place give what csv-core alone gives: the same
        /// records, numbers, errors and positions, however the input is
        /// chunked.
        #[test]
        fn plain_lines_read_as_csv_core_reads_them(
            text in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::Just(b'a'),
                    proptest::prelude::Just(b'b'),
                    proptest::prelude::Just(b','),
                    proptest::prelude::Just(b'"'),
                    proptest::prelude::Just(b'\r'),
                    proptest::prelude::Just(b'\n'),
                    proptest::prelude::Just(b' '),
                ],
                0..120,
            ),
            chunks in proptest::collection::vec(1usize..40, 1..6),
            cap in proptest::prop_oneof![proptest::prelude::Just(8usize), proptest::prelude::Just(DEFAULT_FIELD_CAP)],
        ) {
            proptest::prop_assert_eq!(
                outcome(&text, &chunks, cap, true),
                outcome(&text, &chunks, cap, false)
            );
        }
    }

    #[test]
    fn simply_quoted_fields_are_cut_in_place() {
        // Quotes around a whole field with no quote or line break inside
        // are read in place; a doubled quote is csv-core's to undo.
        let mut p = RecordParser::new(b',', DEFAULT_FIELD_CAP, 0);
        let mut seen = Vec::new();
        let mut push = |r: Record<'_>| {
            let cells: Vec<String> = (0..r.len()).map(|i| r.get(i).to_string()).collect();
            seen.push((r.starts.is_some(), cells));
        };
        p.feed(
            b"a,\"b, c\",\"\"\r\n\"x\"\"y\",z\n\"1\",2\n",
            false,
            &mut push,
        )
        .unwrap();
        p.feed(b"", true, &mut push).unwrap();
        let cells = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            seen,
            [
                (true, cells(&["a", "b, c", ""])),
                (false, cells(&["x\"y", "z"])),
                (true, cells(&["1", "2"])),
            ]
        );
    }

    #[test]
    fn chunking_is_invisible() {
        let text = "a,b\n\"x, y\",\"he said \"\"hi\"\"\"\n张伟,\"多\n行\"\nlast,row";
        let want = parse(text, 1 << 20, DEFAULT_FIELD_CAP).unwrap();
        assert_eq!(want.len(), 4);
        assert_eq!(want[1], vec!["x, y", "he said \"hi\""]);
        assert_eq!(want[2], vec!["张伟", "多\n行"]);
        for chunk in [1, 2, 3, 7] {
            assert_eq!(
                parse(text, chunk, DEFAULT_FIELD_CAP).unwrap(),
                want,
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn line_endings() {
        for text in ["a,b\r\n1,2\r\n", "a,b\n1,2\n", "a,b\r1,2\r"] {
            let rows = parse(text, 3, DEFAULT_FIELD_CAP).unwrap();
            assert_eq!(rows.len(), 2, "{text:?}");
        }
    }

    #[test]
    fn unbalanced_quote_hits_the_cap() {
        let mut text = String::from("a,b\n1,2\n3,\"never closed\n");
        text.push_str(&"x,y\n".repeat(1000));
        let err = parse(&text, 64, 1000).unwrap_err();
        let msg = err.to_string();
        assert_eq!(err.code(), "field_too_large");
        assert!(msg.contains("row 3"), "{msg}");
        assert!(msg.contains("line 3"), "{msg}");
        assert!(msg.contains("byte 8"), "{msg}");
    }

    #[test]
    fn a_quote_still_open_at_the_end_is_an_error() {
        let mut text = String::from("a,b\n1,2\n3,\"never closed\n");
        text.push_str(&"x,y\n".repeat(10));
        for chunk in [1, 7, 1 << 20] {
            let err = parse(&text, chunk, 1000).unwrap_err();
            let msg = err.to_string();
            assert_eq!(err.code(), "unclosed_quote");
            assert!(msg.contains("row 3"), "{msg}");
            assert!(msg.contains("column 2"), "{msg}");
            assert!(msg.contains("11 more lines"), "{msg}");
        }
        // Closed multi-line fields at the end, with or without a final line
        // break, and a stray quote inside a field, are fine.
        for ok in [
            "a,b\n1,\"two\nlines\"\n",
            "a,b\n1,\"two\nlines\"",
            "a,b\n1,\"two\r\nlines\"\r\n",
            "a,b\n1,5\" screen\n",
        ] {
            assert!(parse(ok, 3, 1000).is_ok(), "{ok:?}");
        }
    }

    #[test]
    fn the_cap_is_the_cap_not_twice_it() {
        // Fields just under, at, and between the cap and twice the cap.
        let cap = 10_000;
        for (len, ok) in [
            (cap - 1, true),
            (cap, true),
            (cap + 1, false),
            (cap * 3 / 2, false),
        ] {
            let text = format!("a,b\n1,{}\n", "x".repeat(len));
            let got = parse(&text, 4096, cap);
            assert_eq!(got.is_ok(), ok, "a field of {len} bytes, cap {cap}");
            if let Ok(rows) = got {
                assert_eq!(rows[1][1].len(), len);
            }
        }
    }
}
