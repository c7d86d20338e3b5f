//! A file scanned on every core: cut into byte ranges at line breaks,
//! each range parsed and profiled on its own thread, the parts merged
//! ([`super::parts`]) into the report one thread would make.
//!
//! Where a range starts is a guess (speculative splitting, as DuckDB's
//! parallel CSV reader does): the line break before it may be inside a
//! quoted field. Each part checks, when it is done, that it ended between
//! two records; where it did not, it reads on through the next range and
//! that range's own result is dropped. An error is reported only from a
//! part that started on a record, with its row and line counted from the
//! start of the file. Inputs that cannot start mid-stream (UTF-16, and
//! encodings whose bytes may hide a line break) are read by one thread,
//! as is standard input.

use super::parts::ScanPart;
#[allow(unused_imports)]
use super::*;
use std::io::{Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicU64, Ordering};

pub use crate::profile::table::default_threads;

/// Files smaller than this are read by one thread: the parts would cost
/// more to start and merge than they save.
pub const PARALLEL_MIN_BYTES: u64 = 8 << 20;
/// Bytes read at a time.
const CHUNK: usize = 1 << 20;

/// What a split scan reads from: each thread opens its own reader.
pub trait SplitInput: Sync {
    /// A reader of the input.
    type Reader<'a>: Read + Seek
    where
        Self: 'a;
    /// Opens a reader at the start.
    fn open(&self) -> std::io::Result<Self::Reader<'_>>;
    /// The input's size in bytes.
    fn size(&self) -> std::io::Result<u64>;
}

impl SplitInput for std::path::Path {
    type Reader<'a> = std::fs::File;
    fn open(&self) -> std::io::Result<std::fs::File> {
        std::fs::File::open(self)
    }
    fn size(&self) -> std::io::Result<u64> {
        Ok(std::fs::metadata(self)?.len())
    }
}

impl SplitInput for [u8] {
    type Reader<'a> = std::io::Cursor<&'a [u8]>;
    fn open(&self) -> std::io::Result<std::io::Cursor<&[u8]>> {
        Ok(std::io::Cursor::new(self))
    }
    fn size(&self) -> std::io::Result<u64> {
        Ok(self.len() as u64)
    }
}

fn read_some(r: &mut impl Read, buf: &mut [u8]) -> Result<usize> {
    loop {
        match r.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

/// The encoding of the whole input, decided as a scan of it would (the
/// first bytes, then a sample from the first non-ASCII byte).
fn decide_encoding(
    r: &mut impl Read,
    forced: Option<&'static encoding_rs::Encoding>,
) -> Result<(&'static encoding_rs::Encoding, Source)> {
    if let Some(e) = forced {
        return Ok((e, Source::Forced));
    }
    let mut d = StreamDecoder::new(None);
    let mut buf = vec![0u8; CHUNK];
    let mut out = Vec::new();
    loop {
        let n = read_some(r, &mut buf)?;
        if n == 0 {
            d.finish(&mut out)?;
            break;
        }
        d.feed(&buf[..n], &mut out)?;
        out.clear();
        if d.decided().is_some() {
            break;
        }
    }
    Ok(d.decided()
        .unwrap_or((encoding_rs::UTF_8, Source::ValidUtf8)))
}

/// Where the ranges start: 0, then after the first line break at or
/// after each of `nominal` (increasing; those past the end are dropped).
fn cut_points(r: &mut (impl Read + Seek), size: u64, nominal: &[u64]) -> Result<Vec<u64>> {
    let mut starts = vec![0u64];
    let mut buf = vec![0u8; 64 * 1024];
    for &at in nominal {
        let from = at.max(*starts.last().unwrap_or(&0));
        r.seek(SeekFrom::Start(from))?;
        let mut pos = from;
        let found = loop {
            let n = read_some(r, &mut buf)?;
            if n == 0 {
                break None;
            }
            if let Some(p) = memchr::memchr(b'\n', &buf[..n]) {
                break Some(pos + p as u64 + 1);
            }
            pos += n as u64;
        };
        match found {
            Some(start) if start < size && start > *starts.last().unwrap_or(&0) => {
                starts.push(start)
            }
            Some(_) => {}
            None => break,
        }
    }
    Ok(starts)
}

/// Feeds `scanner` the bytes `from..to`, counting them in `done`.
fn feed_range<I: SplitInput + ?Sized>(
    scanner: &mut Scanner,
    input: &I,
    from: u64,
    to: u64,
    done: &AtomicU64,
) -> Result<()> {
    let mut r = input.open()?;
    r.seek(SeekFrom::Start(from))?;
    let mut buf = vec![0u8; CHUNK.min((to - from) as usize).max(1)];
    let mut at = from;
    while at < to {
        let want = ((to - at) as usize).min(buf.len());
        let n = read_some(&mut r, &mut buf[..want])?;
        if n == 0 {
            return Err(Error::new(ErrorKind::Io(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the file became shorter while it was read",
            ))));
        }
        scanner.feed(&buf[..n])?;
        done.fetch_add(n as u64, Ordering::Relaxed);
        at += n as u64;
    }
    Ok(())
}

/// Ends a range's scanner: the last range ends the input; the others
/// check that they ended between records.
fn end_range(s: &mut Scanner, last: bool) -> Result<Option<ScanPart>> {
    if last {
        s.finish_last_part().map(Some)
    } else {
        s.finish_range()
    }
}

/// What one thread's range came to.
struct Outcome {
    /// `None` when it could not be made.
    scanner: Option<Scanner>,
    /// Its state; `None` when it ended inside a quoted field: the range
    /// after it did not start on a record.
    result: Result<Option<ScanPart>>,
}

/// Scans the file at `path` on `opts.threads` threads (default
/// [`default_threads`]): from four threads and [`PARALLEL_MIN_BYTES`], in
/// a part per two threads. `progress` gets the bytes read so far. The
/// report equals that of one thread.
pub fn scan_file(
    path: &std::path::Path,
    opts: ScanOptions,
    progress: impl FnMut(u64),
) -> Result<Report> {
    let threads = opts.threads.unwrap_or_else(default_threads);
    let size = path.size()?;
    // Each part runs on two threads, one parsing while the other
    // profiles, as one scan does: on two cores, two single-threaded parts
    // came out slower (each part learns its samples' thresholds anew, and
    // the merge costs), so a file is cut only where there are cores to
    // spare.
    let parts = threads / 2;
    if parts < 2 || size < PARALLEL_MIN_BYTES {
        return scan_reader(std::fs::File::open(path)?, opts, progress);
    }
    let nominal: Vec<u64> = (1..parts as u64)
        .map(|i| (u128::from(size) * u128::from(i) / parts as u128) as u64)
        .collect();
    scan_in_parts(path, opts, &nominal, progress)
}

/// Scans `input` in parts that start after the first line break at or
/// after each of `nominal` (byte offsets, increasing), one thread per
/// part, whatever its size: the report equals that of one scan.
pub fn scan_in_parts<I: SplitInput + ?Sized>(
    input: &I,
    opts: ScanOptions,
    nominal: &[u64],
    progress: impl FnMut(u64),
) -> Result<Report> {
    opts.validate()?;
    let size = input.size()?;
    let forced = opts
        .encoding
        .as_deref()
        .filter(|s| !s.is_empty() && *s != "auto")
        .map(encoding_for_label)
        .transpose()?;
    let whole = |progress| -> Result<Report> { scan_reader(input.open()?, opts.clone(), progress) };
    let (encoding, source) = decide_encoding(&mut input.open()?, forced)?;
    // Only in ASCII-compatible encodings (UTF-8, GBK, Big5, Shift_JIS …)
    // is a line-break byte never part of another character.
    if !encoding.is_ascii_compatible() || encoding == encoding_rs::ISO_2022_JP || size == 0 {
        return whole(progress);
    }
    let starts = cut_points(&mut input.open()?, size, nominal)?;
    let mut ends: Vec<u64> = starts.iter().skip(1).copied().collect();
    ends.push(size);
    let done = AtomicU64::new(0);

    // The first range reads the header and sniffs the dialect; the others
    // start once it has.
    let mut first = Scanner::first_part(opts.clone(), encoding, source)?;
    let mut r = input.open()?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut at = 0u64;
    let reading = loop {
        if let Some(r) = first.reading() {
            break Some(r);
        }
        if at >= ends[0] {
            break None;
        }
        let want = ((ends[0] - at) as usize).min(buf.len());
        let n = read_some(&mut r, &mut buf[..want])?;
        if n == 0 {
            break None;
        }
        first.feed(&buf[..n])?;
        done.fetch_add(n as u64, Ordering::Relaxed);
        at += n as u64;
    };
    let Some(reading) = reading.filter(|_| starts.len() > 1) else {
        // One range, or sniffing needs more than the first range (a very
        // wide table): one thread reads it all.
        return whole(progress);
    };
    let n = starts.len();
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(n);
    let mut sha = InputHasher::new();
    std::thread::scope(|scope| -> Result<()> {
        let done = &done;
        let mut handles = Vec::with_capacity(n);
        let (first_from, first_to) = (at, ends[0]);
        handles.push(scope.spawn(move || {
            let result = feed_range(&mut first, input, first_from, first_to, done)
                .and_then(|()| end_range(&mut first, false));
            Outcome {
                scanner: Some(first),
                result,
            }
        }));
        for i in 1..n {
            let (from, to) = (starts[i], ends[i]);
            let opts = opts.clone();
            let reading = &reading;
            handles.push(scope.spawn(move || {
                let mut s = match Scanner::later_part(opts, reading, from) {
                    Ok(s) => s,
                    Err(e) => {
                        return Outcome {
                            scanner: None,
                            result: Err(e),
                        }
                    }
                };
                let result = feed_range(&mut s, input, from, to, done)
                    .and_then(|()| end_range(&mut s, i + 1 == n));
                Outcome {
                    scanner: Some(s),
                    result,
                }
            }));
        }
        // Meanwhile this thread hashes the input and reports progress.
        let hashed = hash_input(input, &mut sha, done, progress);
        for h in handles {
            outcomes.push(
                h.join().map_err(|_| {
                    Error::new(ErrorKind::Options("a scanning thread stopped".into()))
                })?,
            );
        }
        hashed
    })?;
    let parts = validate(outcomes, input, &ends)?;
    let (_, report) = merge_parts(opts, parts, Some(sha.finish_hex()))?;
    Ok(report)
}

/// Hashes the input while the parts are read, calling `progress` as they
/// advance.
fn hash_input<I: SplitInput + ?Sized>(
    input: &I,
    sha: &mut InputHasher,
    done: &AtomicU64,
    mut progress: impl FnMut(u64),
) -> Result<()> {
    let mut r = input.open()?;
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = read_some(&mut r, &mut buf)?;
        if n == 0 {
            break;
        }
        sha.update(&buf[..n]);
        progress(done.load(Ordering::Relaxed));
    }
    progress(done.load(Ordering::Relaxed));
    Ok(())
}

/// The parts in order, each known to start on a record: a part that
/// ended inside a quoted field reads on through the next range (whose own
/// result is dropped). The first error of a part that started on a
/// record is the scan's, placed in the whole input.
fn validate<I: SplitInput + ?Sized>(
    outcomes: Vec<Outcome>,
    input: &I,
    ends: &[u64],
) -> Result<Vec<ScanPart>> {
    let n = outcomes.len();
    let mut parts = Vec::with_capacity(n);
    let (mut rows_before, mut lines_before) = (0u64, 0u64);
    let mut carried: Option<Scanner> = None;
    let uncounted = AtomicU64::new(0);
    for (i, o) in outcomes.into_iter().enumerate() {
        let (scanner, result) = match carried.take() {
            // The previous part reads on through this range instead.
            Some(mut s) => {
                let r = feed_range(&mut s, input, ends[i - 1], ends[i], &uncounted)
                    .and_then(|()| end_range(&mut s, i + 1 == n));
                (Some(s), r)
            }
            None => (o.scanner, o.result),
        };
        let (records, lines) = scanner.as_ref().map_or((0, 0), Scanner::records_and_lines);
        match (result, scanner) {
            (Err(e), _) => return Err(e.after(rows_before, lines_before)),
            (Ok(Some(part)), _) => {
                parts.push(part);
                rows_before += records;
                lines_before += lines;
            }
            (Ok(None), Some(scanner)) if i + 1 < n => carried = Some(scanner),
            (Ok(None), _) => {
                return Err(Error::new(ErrorKind::Options(
                    "the last part of a split scan did not finish".into(),
                )))
            }
        }
    }
    Ok(parts)
}
