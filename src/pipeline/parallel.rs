//! A file scanned on every core: cut into byte ranges at line breaks,
//! each range parsed and profiled on its own threads, the parts merged
//! into the report one scan would make. The plan and its checks are
//! [`super::split`]'s; this is the native driver (threads, files).

use super::scanner::read_chunk;
use super::split::{Cuts, RangeEnd, Split, Step};
#[allow(unused_imports)]
use super::*;
use std::io::{Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicU64, Ordering};

pub use crate::profile::table::default_threads;

pub use super::split::PARALLEL_MIN_BYTES;
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

/// Where the ranges start (see [`Cuts`]).
fn cut_points(r: &mut (impl Read + Seek), size: u64, nominal: &[u64]) -> Result<Vec<u64>> {
    let mut cuts = Cuts::new(size, nominal);
    let mut buf = vec![0u8; 64 * 1024];
    while let Some(at) = cuts.want() {
        r.seek(SeekFrom::Start(at))?;
        let n = read_chunk(r, &mut buf)?;
        cuts.window(&buf[..n]);
    }
    Ok(cuts.starts().to_vec())
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
    let mut buf = vec![0u8; CHUNK.min(to.saturating_sub(from) as usize).max(1)];
    let mut at = from;
    while at < to {
        let want = ((to - at) as usize).min(buf.len());
        let n = read_chunk(&mut r, &mut buf[..want])?;
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
        return super::scanner::scan_file_handle(std::fs::File::open(path)?, opts, progress);
    }
    let nominal: Vec<u64> = (1..parts as u64)
        .map(|i| (u128::from(size) * u128::from(i) / parts as u128) as u64)
        .collect();
    scan_in_parts(path, opts, &nominal, progress)
}

/// Scans `input` in parts that start after the first line break at or
/// after each of `nominal` (byte offsets, increasing), one part per two
/// threads, whatever its size: the report equals that of one scan.
pub fn scan_in_parts<I: SplitInput + ?Sized>(
    input: &I,
    opts: ScanOptions,
    nominal: &[u64],
    mut progress: impl FnMut(u64),
) -> Result<Report> {
    opts.validate()?;
    let size = input.size()?;
    let whole = |progress: &mut dyn FnMut(u64)| -> Result<Report> {
        scan_reader(input.open()?, opts.clone(), progress)
    };
    let starts = cut_points(&mut input.open()?, size, nominal)?;
    if starts.len() < 2 {
        return whole(&mut progress);
    }
    let mut split = Split::new(&starts, size);
    let done = AtomicU64::new(0);

    // The first range reads the header and sniffs the dialect; the others
    // start once it has.
    let first_end = split.ranges[0].1;
    let mut first = Scanner::for_range(opts.clone(), 0, None, None)?;
    let mut r = input.open()?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut at = 0u64;
    let reading = loop {
        if let Some(r) = first.reading() {
            break Some(r);
        }
        if at >= first_end {
            break None;
        }
        let want = ((first_end - at) as usize).min(buf.len());
        let n = read_chunk(&mut r, &mut buf[..want])?;
        if n == 0 {
            break None;
        }
        first.feed(&buf[..n])?;
        done.fetch_add(n as u64, Ordering::Relaxed);
        at += n as u64;
    };
    let Some(reading) = reading else {
        // Sniffing needs more than the first range (a very wide table).
        return whole(&mut progress);
    };
    let n = split.ranges.len();
    let mut sha = InputHasher::new();
    let ends: Vec<RangeEnd> = std::thread::scope(|scope| -> Result<Vec<RangeEnd>> {
        let done = &done;
        let mut handles = Vec::with_capacity(n);
        handles.push(scope.spawn(move || {
            match feed_range(&mut first, input, at, first_end, done) {
                Ok(()) => first.end_range(false),
                Err(e) => RangeEnd::Failed(e),
            }
        }));
        for i in 1..n {
            let (from, to) = split.ranges[i];
            let opts = opts.clone();
            let reading = &reading;
            handles.push(scope.spawn(move || {
                scan_range(input, opts, reading, (from, to), None, i + 1 == n, done)
            }));
        }
        // Meanwhile this thread hashes the input and reports progress.
        let hashed = hash_input(input, &mut sha, done, &mut progress);
        let ends = handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    RangeEnd::Failed(Error::new(ErrorKind::Options(
                        "a scanning thread stopped".into(),
                    )))
                })
            })
            .collect();
        hashed.map(|()| ends)
    })?;
    for (i, end) in ends.into_iter().enumerate() {
        split.set(i, end);
    }
    let uncounted = AtomicU64::new(0);
    loop {
        match split.next_step() {
            Step::Merge(parts) => {
                let (_, report) = merge_parts(opts, parts, Some(sha.finish_hex()))?;
                return Ok(report);
            }
            Step::Rescan { from, to, encoding } => {
                let range = (split.ranges[from].0, split.ranges[to].1);
                let last = split.is_last(to);
                let end = scan_range(
                    input,
                    opts.clone(),
                    &reading,
                    range,
                    encoding,
                    last,
                    &uncounted,
                );
                split.join(from, to, end)?;
            }
            Step::Whole => return whole(&mut progress),
            Step::Fail(e) => return Err(e),
        }
    }
}

/// Scans one range from its start to its end.
fn scan_range<I: SplitInput + ?Sized>(
    input: &I,
    opts: ScanOptions,
    reading: &super::split::Reading,
    (from, to): (u64, u64),
    encoding: Option<(&'static encoding_rs::Encoding, Source)>,
    last: bool,
    done: &AtomicU64,
) -> RangeEnd {
    let mut s = match Scanner::for_range(opts, from, Some(reading), encoding) {
        Ok(s) => s,
        Err(e) => return RangeEnd::Failed(e),
    };
    match feed_range(&mut s, input, from, to, done) {
        Ok(()) => s.end_range(last),
        Err(e) => RangeEnd::Failed(e),
    }
}

/// Hashes the input while the parts are read, calling `progress` as they
/// advance.
fn hash_input<I: SplitInput + ?Sized>(
    input: &I,
    sha: &mut InputHasher,
    done: &AtomicU64,
    progress: &mut dyn FnMut(u64),
) -> Result<()> {
    let mut r = input.open()?;
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = read_chunk(&mut r, &mut buf)?;
        if n == 0 {
            break;
        }
        sha.update(&buf[..n]);
        progress(done.load(Ordering::Relaxed));
    }
    progress(done.load(Ordering::Relaxed));
    Ok(())
}
