//! A scan split across two workers, as the page runs it: one side reads,
//! hashes, decodes and parses the file into batches, the other profiles
//! them. Without shared memory between browser workers, the batches travel
//! as byte frames (transferred, not copied, between the workers).
//!
//! Frames: `[1] header-JSON` once, before any batch (the header cells, or
//! `null` for a headerless file), then `[2] rows_before:u64 input_bytes:u64
//! rows:u32 columns:u32` (`input_bytes`: how much of the file was read when
//! the batch was cut) and per column `text_len:u32 text ends_len:u32 ends:u32…`,
//! all little-endian. A frame is checked whole before it is used: a damaged
//! one is an error, never a panic or a wrong profile.

use super::table::{Batch, ColumnBuf, MISSING};
use crate::error::{Error, ErrorKind, Result};

const HEADER: u8 = 1;
const BATCH: u8 = 2;

/// A decoded frame.
pub(super) enum Frame {
    /// The header cells (`None`: the file has no header row).
    Header(Option<Vec<String>>, super::table::HeaderLines),
    /// Rows to profile.
    Batch(Batch),
}

/// The header frame.
pub(super) fn header_frame(
    names: Option<&Vec<String>>,
    lines: &super::table::HeaderLines,
) -> Vec<u8> {
    let mut out = vec![HEADER];
    // Serialising strings cannot fail.
    out.extend(serde_json::to_vec(&(names, lines)).unwrap_or_else(|_| b"null".to_vec()));
    out
}

/// A batch as a frame.
pub(super) fn batch_frame(b: &Batch) -> Vec<u8> {
    let size: usize = 25
        + b.cols
            .iter()
            .map(|c| 8 + c.text.len() + 4 * c.ends.len())
            .sum::<usize>();
    let mut out = Vec::with_capacity(size);
    out.push(BATCH);
    out.extend_from_slice(&b.rows_before.to_le_bytes());
    out.extend_from_slice(&b.input_bytes.to_le_bytes());
    out.extend_from_slice(&(b.rows as u32).to_le_bytes());
    out.extend_from_slice(&(b.cols.len() as u32).to_le_bytes());
    for c in &b.cols {
        out.extend_from_slice(&(c.text.len() as u32).to_le_bytes());
        out.extend_from_slice(c.text.as_bytes());
        out.extend_from_slice(&(c.ends.len() as u32).to_le_bytes());
        for e in &c.ends {
            out.extend_from_slice(&e.to_le_bytes());
        }
    }
    out
}

fn damaged(what: &str) -> Error {
    Error::new(ErrorKind::Options(format!(
        "a batch passed between the page's workers is damaged ({what})"
    )))
}

/// Reads the frame's fields in order.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.0.len() < n {
            return Err(damaged("it ends early"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
}

/// Decodes and checks a frame.
pub(super) fn decode(frame: &[u8]) -> Result<Frame> {
    let Some((&kind, body)) = frame.split_first() else {
        return Err(damaged("it is empty"));
    };
    match kind {
        HEADER => serde_json::from_slice(body)
            .map(|(names, lines)| Frame::Header(names, lines))
            .map_err(|_| damaged("its header is not JSON")),
        BATCH => {
            let mut r = Reader(body);
            let rows_before = r.u64()?;
            let input_bytes = r.u64()?;
            let rows = r.u32()? as usize;
            let ncols = r.u32()? as usize;
            if ncols > super::table::MAX_COLUMNS {
                return Err(damaged("too many columns"));
            }
            let mut cols = Vec::with_capacity(ncols.min(body.len() / 8));
            for _ in 0..ncols {
                let len = r.u32()? as usize;
                // SIMD validation: this runs over every byte on the busier side.
                let text = simdutf8::basic::from_utf8(r.take(len)?)
                    .map_err(|_| damaged("its text is not UTF-8"))?
                    .to_string();
                let n = r.u32()? as usize;
                if n != rows {
                    return Err(damaged("a column has the wrong number of rows"));
                }
                let raw = r.take(n.checked_mul(4).ok_or_else(|| damaged("too many rows"))?)?;
                let mut ends = Vec::with_capacity(n);
                let mut last = 0usize;
                for e in raw.chunks_exact(4) {
                    let e = u32::from_le_bytes([e[0], e[1], e[2], e[3]]);
                    if e != MISSING {
                        let at = e as usize;
                        // Cells are cut from the text in order, on
                        // character boundaries.
                        if at < last || !text.is_char_boundary(at) {
                            return Err(damaged("a cell boundary is out of place"));
                        }
                        last = at;
                    }
                    ends.push(e);
                }
                cols.push(ColumnBuf {
                    text,
                    ends,
                    hashes: Vec::new(),
                });
            }
            if !r.0.is_empty() {
                return Err(damaged("it has bytes left over"));
            }
            Ok(Frame::Batch(Batch::relayed(
                cols,
                rows,
                rows_before,
                input_bytes,
            )))
        }
        _ => Err(damaged("unknown frame")),
    }
}
