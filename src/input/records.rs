//! Incremental CSV parsing over decoded UTF-8 chunks with csv-core. A
//! record may span any number of chunks; one field longer than the cap is an
//! error naming the row, line and byte where the field started (usually an
//! unbalanced quote), not an out-of-memory.

use crate::error::{Error, ErrorKind, Position, Result};
use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// Default cap on one field: 16 MiB.
pub const DEFAULT_FIELD_CAP: usize = 16 * 1024 * 1024;

/// One parsed record: field bytes and their end offsets.
pub struct Record<'a> {
    buf: &'a [u8],
    ends: &'a [usize],
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

    /// Field `i` as text.
    pub fn get(&self, i: usize) -> &'a str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
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
}

impl RecordParser {
    /// A parser for `delimiter` with the default quote `"`. `byte_offset` is
    /// added to reported byte positions (the length of a skipped BOM).
    pub fn new(delimiter: u8, field_cap: usize, byte_offset: u64) -> Self {
        RecordParser {
            rdr: ReaderBuilder::new().delimiter(delimiter).build(),
            out: vec![0; field_cap.clamp(1, 64 * 1024)],
            ends: vec![0; 256],
            nout: 0,
            nend: 0,
            field_cap,
            records: 0,
            consumed: 0,
            record_start: 0,
            record_line: 1,
            byte_offset,
            last_visible: b'\n',
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
                pos: Position {
                    row: Some(self.records),
                    line: Some(self.record_line),
                    column: Some(self.nend.saturating_sub(1)),
                    byte: Some(self.record_start + self.byte_offset),
                },
                lines: lines.max(1),
            }));
        }
        Ok(())
    }

    /// Records completed so far.
    pub fn records(&self) -> u64 {
        self.records
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
        let mut eof_sent = false;
        loop {
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
            input = &input[nin..];
            self.consumed += nin as u64;
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
                        return Err(Error::new(ErrorKind::FieldTooLarge {
                            cap: self.field_cap,
                            pos: Position {
                                row: Some(self.records + 1),
                                line: Some(self.record_line),
                                column: Some(self.nend),
                                byte: Some(self.record_start + self.byte_offset),
                            },
                        }));
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
                    self.records += 1;
                    if eof_sent {
                        self.check_closed()?;
                    }
                    let rec = Record {
                        buf: &self.out[..self.nout],
                        ends: &self.ends[..self.nend],
                        number: self.records,
                    };
                    on_record(rec);
                    self.nout = 0;
                    self.nend = 0;
                    self.record_start = self.consumed;
                    self.record_line = self.rdr.line();
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
