//! The table being profiled: header, one [`ColumnProfile`] per column, and
//! the row batch.
//!
//! Records are not profiled one by one: they are copied into a batch, and
//! each batch is profiled column by column. One column's state (its
//! detectors, histograms, distinct set) then stays in cache for a whole
//! batch instead of being evicted by the 50 other columns of each row; and
//! natively the columns of a batch are shared between two threads.

use super::{trim_cell, ColumnProfile};
use crate::detect::header::{self, HeaderEvidence};
use crate::input::records::Record;

/// Rows per batch.
const BATCH_ROWS: usize = 4096;
/// Bytes per batch (whichever limit comes first): small enough that each
/// column's pass over the batch reads it from cache.
const BATCH_BYTES: usize = 1 << 20;
/// Upper bound on columns: a guard against a binary file read as one
/// enormous row.
pub const MAX_COLUMNS: usize = 1_000_000;

#[derive(Default)]
struct Batch {
    text: String,
    ends: Vec<usize>,
    /// Per row: index of its first end in `ends`, field count, text start.
    rows: Vec<(usize, usize, usize)>,
}

/// The table under scan.
#[derive(Default)]
pub struct Table {
    /// Header cells (trimmed), when the first row is a header.
    pub header: Option<Vec<String>>,
    /// What each header cell says, looked up once.
    pub evidence: Vec<Option<HeaderEvidence>>,
    /// The next record is the header.
    pub expect_header: bool,
    /// One profile per column.
    pub columns: Vec<ColumnProfile>,
    /// Field count of the header (or first row), for ragged-row counting.
    width: Option<usize>,
    /// Data rows seen.
    pub rows: u64,
    /// Rows whose field count differs from `width`.
    pub ragged: u64,
    batch: Batch,
}

impl Table {
    /// Adds profiles up to `n` columns. Columns first seen in a long row
    /// have missed the rows before it (counted as cells, not values).
    pub fn add_columns(&mut self, n: usize, rows_before: u64) {
        while self.columns.len() < n {
            let i = self.columns.len();
            let mut p = ColumnProfile::new(
                self.evidence
                    .get(i)
                    .and_then(|e| e.as_ref())
                    .map(|e| e.entity),
            );
            p.cells = rows_before;
            self.columns.push(p);
        }
    }

    /// Takes one parsed record.
    pub fn record(&mut self, rec: Record<'_>) {
        if self.expect_header {
            self.expect_header = false;
            let names: Vec<String> = (0..rec.len())
                .map(|i| trim_cell(rec.get(i)).to_string())
                .collect();
            self.width = Some(names.len());
            self.evidence = names
                .iter()
                .map(|n| {
                    if n.is_empty() {
                        None
                    } else {
                        header::lookup(n)
                    }
                })
                .collect();
            self.header = Some(names);
            return;
        }
        let n = rec.len().min(MAX_COLUMNS);
        match self.width {
            None => self.width = Some(n),
            Some(w) if w != n => self.ragged += 1,
            _ => {}
        }
        self.rows += 1;
        let b = &mut self.batch;
        let text_start = b.text.len();
        b.rows.push((b.ends.len(), n, text_start));
        for i in 0..n {
            b.text.push_str(rec.get(i));
            b.ends.push(b.text.len());
        }
        if b.rows.len() >= BATCH_ROWS || b.text.len() >= BATCH_BYTES {
            self.flush();
        }
    }

    /// Profiles the batched rows.
    pub fn flush(&mut self) {
        let nrows = self.batch.rows.len();
        if nrows == 0 {
            return;
        }
        let width = self.batch.rows.iter().map(|r| r.1).max().unwrap_or(0);
        self.add_columns(width, self.rows - nrows as u64);
        let batch = std::mem::take(&mut self.batch);
        feed_columns(&mut self.columns, 0, &batch);
        self.batch = batch;
        self.batch.text.clear();
        self.batch.ends.clear();
        self.batch.rows.clear();
    }
}

fn feed_column(c: usize, col: &mut ColumnProfile, b: &Batch) {
    for &(first, n, start) in &b.rows {
        if c < n {
            let from = if c == 0 { start } else { b.ends[first + c - 1] };
            col.feed(&b.text[from..b.ends[first + c]]);
        } else {
            col.feed_missing();
        }
    }
}

/// Whether native scans may use a second thread (`PRIVSCAN_THREADS=1`
/// turns it off, to measure what one core does, as in the browser).
#[cfg(not(target_arch = "wasm32"))]
fn two_threads() -> bool {
    static T: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *T.get_or_init(|| std::env::var("PRIVSCAN_THREADS").map_or(true, |v| v.trim() != "1"))
}

/// Feeds every column of `cols` (whose first index is `offset`) from the
/// batch. Natively, wide batches are split between two threads.
fn feed_columns(cols: &mut [ColumnProfile], offset: usize, b: &Batch) {
    #[cfg(not(target_arch = "wasm32"))]
    if cols.len() >= 4 && b.rows.len() >= 256 && two_threads() {
        let mid = cols.len() / 2;
        let (left, right) = cols.split_at_mut(mid);
        std::thread::scope(|s| {
            s.spawn(|| {
                for (i, col) in right.iter_mut().enumerate() {
                    feed_column(offset + mid + i, col, b);
                }
            });
            for (i, col) in left.iter_mut().enumerate() {
                feed_column(offset + i, col, b);
            }
        });
        return;
    }
    for (i, col) in cols.iter_mut().enumerate() {
        feed_column(offset + i, col, b);
    }
}
