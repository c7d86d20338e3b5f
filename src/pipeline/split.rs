//! A scan split into byte ranges that are scanned at once and merged:
//! the plan and its checks, shared by the CLI's threads
//! (`scan_in_parts`) and the page's workers.
//!
//! Ranges start after a line break, and two guesses are checked once the
//! ranges are done:
//!
//! * **records** — the line break may be inside a quoted field (as in
//!   DuckDB's parallel CSV reader, the split is speculative): a range that
//!   did not end between two records is scanned again together with the
//!   range after it;
//! * **encoding** — each range decides its encoding at its own first
//!   non-ASCII byte, as a whole scan does at the input's first; the
//!   earliest range that decided is the input's decision (the ranges
//!   before it are ASCII, which reads the same in any encoding the split
//!   allows), and a later range that decided otherwise is scanned again
//!   in that encoding. A range whose decision sample runs past its end is
//!   scanned again with the next.
//!
//! Errors are taken only from a range that started on a record, and their
//! row and line are counted from the input's start. Inputs whose first
//! range decides an encoding a line-break byte can hide in (UTF-16,
//! ISO-2022-JP) are scanned whole.

use super::parts::ScanPart;
#[allow(unused_imports)]
use super::*;

/// Inputs smaller than this are scanned whole (natively by two threads,
/// in the page by two workers): the ranges would cost more to start and
/// merge than they save.
pub const PARALLEL_MIN_BYTES: u64 = 8 << 20;

/// How the first range reads the input, for the ranges after it.
#[derive(Clone, Debug, serde::Serialize, Deserialize)]
pub struct Reading {
    /// The delimiter.
    pub delimiter: u8,
    /// The header cells (`None`: a headerless table).
    pub header: Option<Vec<String>>,
    /// Field count of the header or first row.
    pub width: Option<usize>,
    /// The header block's lines besides the names.
    #[serde(default)]
    pub lines: crate::profile::table::HeaderLines,
}

/// Where the ranges start: 0, then after the first line break at or
/// after each nominal offset (increasing); a nominal offset whose line
/// break is past the end, or not after the previous start, adds no range.
/// The caller reads windows where [`Cuts::want`] says and hands them to
/// [`Cuts::window`] (natively from a file, in the page from a `Blob`).
#[derive(Clone, Debug)]
pub struct Cuts {
    size: u64,
    nominal: Vec<u64>,
    starts: Vec<u64>,
    /// Reading at this offset, for the next nominal offset.
    at: Option<u64>,
}

impl Cuts {
    /// Cuts of an input of `size` bytes near `nominal`.
    pub fn new(size: u64, nominal: &[u64]) -> Cuts {
        let mut c = Cuts {
            size,
            nominal: nominal.iter().rev().copied().collect(),
            starts: vec![0],
            at: None,
        };
        c.advance();
        c
    }

    fn advance(&mut self) {
        self.at = self
            .nominal
            .pop()
            .map(|n| n.max(*self.starts.last().unwrap_or(&0)));
    }

    /// Where to read the next window (`None`: the cuts are found).
    pub fn want(&self) -> Option<u64> {
        self.at.filter(|&a| a < self.size)
    }

    /// The bytes read at [`Cuts::want`] (any length; empty at the end).
    pub fn window(&mut self, bytes: &[u8]) {
        let Some(at) = self.want() else { return };
        if bytes.is_empty() {
            self.at = None;
            return;
        }
        match memchr::memchr(b'\n', bytes) {
            None => self.at = Some(at + bytes.len() as u64),
            Some(p) => {
                let start = at + p as u64 + 1;
                if start < self.size && start > *self.starts.last().unwrap_or(&0) {
                    self.starts.push(start);
                }
                self.advance();
            }
        }
    }

    /// The starts found (the first is 0).
    pub fn starts(&self) -> &[u64] {
        &self.starts
    }
}

/// What a range came to.
#[derive(Debug)]
pub enum RangeEnd {
    /// It ended between records (and, if it saw non-ASCII bytes, with its
    /// encoding decided): its state, and the records and line breaks it
    /// read.
    Clean(Box<ScanPart>, u64, u64),
    /// It ended inside a quoted field or while deciding its encoding.
    Unclean,
    /// It decided an encoding a line-break byte can hide in: the input
    /// must be scanned whole.
    Unsplittable,
    /// It failed; the error's position is the range's own.
    Failed(Error),
    /// It failed in another worker: the error is found again by scanning
    /// the range here, if the ranges before it show it counts.
    FailedElsewhere,
}

impl RangeEnd {
    /// The form that travels between workers: a tag, then for a clean
    /// range its records and line breaks (u64, little-endian) and its
    /// state ([`ScanPart::encode`]).
    pub fn encode(&self) -> Result<Vec<u8>> {
        Ok(match self {
            RangeEnd::Clean(part, records, lines) => {
                let mut out = vec![0u8];
                out.extend_from_slice(&records.to_le_bytes());
                out.extend_from_slice(&lines.to_le_bytes());
                out.extend(part.encode()?);
                out
            }
            RangeEnd::Unclean => vec![1],
            RangeEnd::Unsplittable => vec![2],
            RangeEnd::Failed(_) | RangeEnd::FailedElsewhere => vec![3],
        })
    }

    /// A range's end from its travelling form, checked.
    pub fn decode(bytes: &[u8]) -> Result<RangeEnd> {
        let bad = || {
            Error::new(ErrorKind::State(
                "a range of a split scan came back damaged".into(),
            ))
        };
        match bytes.first() {
            Some(0) if bytes.len() > 17 => {
                let u = |at: usize| {
                    let mut b = [0u8; 8];
                    b.copy_from_slice(&bytes[at..at + 8]);
                    u64::from_le_bytes(b)
                };
                let part = ScanPart::decode(&bytes[17..])?;
                Ok(RangeEnd::Clean(Box::new(part), u(1), u(9)))
            }
            Some(1) => Ok(RangeEnd::Unclean),
            Some(2) => Ok(RangeEnd::Unsplittable),
            Some(3) => Ok(RangeEnd::FailedElsewhere),
            _ => Err(bad()),
        }
    }
}

/// The next thing a split scan must do.
#[derive(Debug)]
pub enum Step {
    /// Every range is settled: merge these parts, in order.
    Merge(Vec<ScanPart>),
    /// Scan ranges `from..=to` again as one (from the start of `from`),
    /// in `encoding` when given.
    Rescan {
        /// The first range.
        from: usize,
        /// The last range.
        to: usize,
        /// The input's encoding, decided by an earlier range.
        encoding: Option<(&'static encoding_rs::Encoding, Source)>,
    },
    /// The input cannot be split (its encoding): scan it whole.
    Whole,
    /// The scan fails with this error (placed in the whole input).
    Fail(Error),
}

/// The ranges of a split scan and what each came to.
#[derive(Debug)]
pub struct Split {
    /// Where each range starts and ends (byte offsets).
    pub ranges: Vec<(u64, u64)>,
    /// What each came to (`None`: not done yet).
    pub ends: Vec<Option<RangeEnd>>,
}

impl Split {
    /// Ranges from the starts to `size`: the first starts at 0, and
    /// starts out of order or past the end are dropped.
    pub fn new(starts: &[u64], size: u64) -> Split {
        let mut cuts: Vec<u64> = starts
            .iter()
            .copied()
            .filter(|&s| s > 0 && s < size)
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        cuts.insert(0, 0);
        let ranges: Vec<(u64, u64)> = cuts
            .iter()
            .enumerate()
            .map(|(i, &s)| (s, cuts.get(i + 1).copied().unwrap_or(size)))
            .collect();
        let ends = ranges.iter().map(|_| None).collect();
        Split { ranges, ends }
    }

    /// Records what range `i` came to.
    pub fn set(&mut self, i: usize, end: RangeEnd) {
        if let Some(slot) = self.ends.get_mut(i) {
            *slot = Some(end);
        }
    }

    /// Makes ranges `from..=to` one range (after a [`Step::Rescan`]),
    /// which then comes to `end`. Ranges that do not exist are an error.
    pub fn join(&mut self, from: usize, to: usize, end: RangeEnd) -> Result<()> {
        if from > to || to >= self.ranges.len() {
            return Err(Error::new(ErrorKind::Options(format!(
                "a split scan has no ranges {from} to {to}"
            ))));
        }
        let last = self.ranges[to].1;
        self.ranges[from].1 = last;
        self.ranges.drain(from + 1..=to);
        self.ends.drain(from + 1..=to);
        self.ends[from] = Some(end);
        Ok(())
    }

    /// Whether range `i` is the last.
    pub fn is_last(&self, i: usize) -> bool {
        i + 1 == self.ranges.len()
    }

    /// What to do next, from what the ranges came to (all must be set).
    pub fn next_step(&mut self) -> Step {
        let mut winner: Option<(&'static encoding_rs::Encoding, Source)> = None;
        let (mut rows_before, mut lines_before) = (0u64, 0u64);
        for i in 0..self.ends.len() {
            let decided = match &self.ends[i] {
                Some(RangeEnd::Clean(part, _, _)) => decision_of(part),
                _ => None,
            };
            if let Some(d) = decided {
                if !splittable(d.0) {
                    return Step::Whole;
                }
                match winner {
                    None => winner = Some(d),
                    Some(w) if w.0 != d.0 => {
                        return Step::Rescan {
                            from: i,
                            to: i,
                            encoding: Some(w),
                        }
                    }
                    Some(_) => {}
                }
            }
            match &self.ends[i] {
                Some(RangeEnd::Unsplittable) => return Step::Whole,
                Some(RangeEnd::FailedElsewhere) => {
                    return Step::Rescan {
                        from: i,
                        to: i,
                        encoding: winner,
                    }
                }
                None => {
                    return Step::Fail(Error::new(ErrorKind::Options(
                        "a range of a split scan was not scanned".into(),
                    )))
                }
                Some(RangeEnd::Failed(_)) => {
                    let Some(RangeEnd::Failed(e)) = self.ends[i].take() else {
                        unreachable!("matched above")
                    };
                    return Step::Fail(e.after(rows_before, lines_before));
                }
                Some(RangeEnd::Unclean) if i + 1 < self.ends.len() => {
                    return Step::Rescan {
                        from: i,
                        to: i + 1,
                        encoding: winner,
                    }
                }
                Some(RangeEnd::Unclean) => {
                    return Step::Fail(Error::new(ErrorKind::Options(
                        "the last range of a split scan did not finish".into(),
                    )))
                }
                Some(RangeEnd::Clean(_, records, lines)) => {
                    rows_before += records;
                    lines_before += lines;
                }
            }
        }
        // Every range settled: they read the input as its decision says.
        let (encoding, source) = winner.unwrap_or((encoding_rs::UTF_8, Source::ValidUtf8));
        let parts = self
            .ends
            .drain(..)
            .filter_map(|e| match e {
                Some(RangeEnd::Clean(mut part, _, _)) => {
                    part.input.encoding = encoding.name().to_string();
                    part.input.encoding_confidence = source.as_str().to_string();
                    Some(*part)
                }
                _ => None,
            })
            .collect();
        Step::Merge(parts)
    }
}

/// Whether a line-break byte is a line break wherever it is in text of
/// this encoding (UTF-8, GBK, Big5, Shift_JIS …: not UTF-16, and not
/// ISO-2022-JP, whose meaning depends on escapes before it).
fn splittable(e: &'static encoding_rs::Encoding) -> bool {
    e.is_ascii_compatible() && e != encoding_rs::ISO_2022_JP
}

/// The encoding a part's input decided, if anything in it did.
fn decision_of(part: &ScanPart) -> Option<(&'static encoding_rs::Encoding, Source)> {
    if !part.input.decided {
        return None;
    }
    let e = encoding_for_label(&part.input.encoding).ok()?;
    Some((e, Source::parse(&part.input.encoding_confidence)))
}

impl Scanner {
    /// A scanner for range `i` of a split input that starts at byte
    /// `start`: the first reads the header and sniffs the dialect as a
    /// whole scan does; the others start on a record after it (`reading`
    /// says how it read), with no header or title lines, in `encoding`
    /// when an earlier range decided it, else deciding their own.
    pub fn for_range(
        opts: ScanOptions,
        start: u64,
        reading: Option<&Reading>,
        encoding: Option<(&'static encoding_rs::Encoding, Source)>,
    ) -> Result<Scanner> {
        let mut s = Scanner::new(ScanOptions {
            sha256_by_caller: true,
            ..opts
        })?;
        let Some(reading) = reading.filter(|_| start > 0) else {
            return Ok(s);
        };
        let forced = s
            .opts
            .encoding
            .as_deref()
            .filter(|e| !e.is_empty() && *e != "auto")
            .map(encoding_for_label)
            .transpose()?;
        s.decoder = match (encoding, forced) {
            (_, Some(e)) => StreamDecoder::assumed(e, Source::Forced, false),
            (Some((e, source)), None) => StreamDecoder::assumed(e, source, false),
            (None, None) => StreamDecoder::mid_stream(),
        };
        s.table = std::mem::take(&mut s.table).continuing(
            reading.header.clone(),
            reading.lines.clone(),
            reading.width,
        );
        s.dialect = Some(Dialect {
            delimiter: reading.delimiter,
            quote: b'"',
            has_header: reading.header.is_some(),
        });
        let cap = s.opts.field_cap.unwrap_or(DEFAULT_FIELD_CAP).max(1024);
        s.parser = Some(RecordParser::new(reading.delimiter, cap, start));
        Ok(s)
    }

    /// How the first range reads the input, once it has sniffed it and
    /// read its header (`None` before: feed it more).
    pub fn reading(&self) -> Option<Reading> {
        let dialect = self.dialect?;
        if dialect.has_header && !self.table.header_read() {
            return None;
        }
        Some(Reading {
            delimiter: dialect.delimiter,
            header: self.table.header.clone(),
            width: self.table.width(),
            lines: self.table.lines.clone(),
        })
    }

    /// Ends the scanner of a range fed all its bytes: the last range ends
    /// the input; another must have ended between records and not in the
    /// middle of deciding its encoding.
    pub fn end_range(&mut self, last: bool) -> RangeEnd {
        let result = if last {
            self.set_sha256(&"0".repeat(64))
                .and_then(|()| self.finish_part())
                .map(Some)
        } else {
            self.finish_range()
        };
        let (records, lines) = self
            .parser
            .as_ref()
            .map_or((0, 0), |p| (p.records(), p.lines()));
        if let Some((e, _)) = self.decoder.decision() {
            if !splittable(e) {
                return RangeEnd::Unsplittable;
            }
        }
        match result {
            Ok(Some(part)) => RangeEnd::Clean(Box::new(part), records, lines),
            Ok(None) => RangeEnd::Unclean,
            Err(e) => RangeEnd::Failed(e),
        }
    }

    /// Ends a range that is not the last: its state, or `None` when it
    /// did not end between records or was still deciding its encoding.
    fn finish_range(&mut self) -> Result<Option<ScanPart>> {
        if self.finished {
            return Err(Error::new(ErrorKind::Finished));
        }
        if self.decoder.deciding()
            || !self
                .parser
                .as_ref()
                .is_some_and(RecordParser::between_records)
        {
            return Ok(None);
        }
        self.finished = true;
        Ok(Some(self.part_state("0".repeat(64))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Starts from a caller (the page's worker) out of order, repeated or
    /// past the end make sound ranges, and joining ranges that do not
    /// exist is an error, not a trap.
    #[test]
    fn ranges_from_any_starts() {
        let mut s = Split::new(&[50, 10, 10, 0, 500, 100], 100);
        assert_eq!(s.ranges, vec![(0, 10), (10, 50), (50, 100)]);
        assert!(s.join(2, 1, RangeEnd::Unclean).is_err());
        assert!(s.join(1, 3, RangeEnd::Unclean).is_err());
        assert!(s.join(1, 2, RangeEnd::Unclean).is_ok());
        assert_eq!(s.ranges, vec![(0, 10), (10, 100)]);
        // A range not yet scanned stops the plan with an error.
        assert!(matches!(s.next_step(), Step::Fail(_)));
        // Bytes that are no range's end are an error too.
        assert!(RangeEnd::decode(&[7]).is_err());
        assert!(RangeEnd::decode(&[0, 1, 2]).is_err());
    }
}
