//! The table being profiled: header, one [`ColumnProfile`] per column, and
//! the row batches.
//!
//! Records are not profiled one by one: their fields are appended to one
//! buffer per column, and each batch is profiled column by column. One
//! column's state (its detectors, histograms, distinct set) then stays in
//! cache for a whole batch instead of being evicted by the other columns of
//! each row, and its cells are read in order from one buffer. Natively a
//! second thread profiles a batch while the next one is parsed, and the
//! parsing thread joins in on the columns left when it is done (see
//! [`super::crew`]); the browser's worker does both in turn.

use super::ColumnProfile;
use crate::cell::{clean_cell, trim_cell};
use crate::detect::header::{self, HeaderEvidence};
use crate::entity::Entity;
use crate::input::records::Record;

/// Rows per batch.
const BATCH_ROWS: usize = 4096;
/// Cell bytes per batch (whichever limit comes first).
const BATCH_BYTES: usize = 1 << 20;
/// Upper bound on columns: a guard against a binary file read as one
/// enormous row.
pub const MAX_COLUMNS: usize = 1_000_000;

/// Marks a cell that a short row does not have.
pub(super) const MISSING: u32 = u32::MAX;

/// One column's cells in a batch: their text back to back, and where each
/// ends ([`MISSING`] for a row too short to have this column).
#[derive(Default)]
pub(super) struct ColumnBuf {
    pub(super) text: String,
    pub(super) ends: Vec<u32>,
    /// Each cell's keyed hash ([`super::sketch::value_hash`]; 0 for a
    /// missing cell), made with the rows' hashes before profiling.
    pub(super) hashes: Vec<u64>,
}

impl ColumnBuf {
    /// The cells, `None` for a missing one.
    fn cells(&self) -> impl Iterator<Item = Option<&str>> {
        let mut start = 0usize;
        self.ends.iter().map(move |&end| {
            if end == MISSING {
                None
            } else {
                let end = end as usize;
                let cell = &self.text[start..end];
                start = end;
                Some(cell)
            }
        })
    }
}

/// A row's hash before its first cell.
const ROW_SEED: u64 = 0x243F_6A88_85A3_08D3;

/// A row's hash with one more cell (its keyed hash) mixed in.
#[inline]
fn mix_row(row: u64, cell: u64) -> u64 {
    (row.rotate_left(23) ^ cell).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The hash of a row from its raw cells, in column order, as the table
/// computes it for the rows it batches: the key of the column samples'
/// rows ([`super::sketch`]), for an engine that feeds profiles itself
/// ([`crate::pipeline::ColumnState`]).
pub fn row_hash<'a>(cells: impl IntoIterator<Item = &'a str>) -> u64 {
    cells.into_iter().fold(ROW_SEED, |row, c| {
        mix_row(row, super::sketch::value_hash(clean_cell(c)))
    })
}

/// Rows waiting to be profiled, stored column by column.
#[derive(Default)]
pub(super) struct Batch {
    pub(super) cols: Vec<ColumnBuf>,
    pub(super) rows: usize,
    bytes: usize,
    /// Data rows before this batch.
    pub(super) rows_before: u64,
    /// Input bytes read when the batch was cut.
    pub(super) input_bytes: u64,
    /// Each row's hash (see [`Batch::hash_rows`]).
    pub(super) row_hashes: Vec<u64>,
}

impl Batch {
    /// A batch received from the parsing side of a split scan.
    pub(super) fn relayed(
        cols: Vec<ColumnBuf>,
        rows: usize,
        rows_before: u64,
        input_bytes: u64,
    ) -> Batch {
        let bytes = cols.iter().map(|c| c.text.len()).sum();
        Batch {
            cols,
            rows,
            bytes,
            rows_before,
            input_bytes,
            row_hashes: Vec::new(),
        }
    }

    /// Hashes every cell, and each row from its cells, as batching does
    /// (`Table::data_row`) for a batch relayed without them: a row's hash
    /// is a function of its content only, so the rows a column samples
    /// ([`super::sketch`]) are the same whatever their order or where the
    /// file was split.
    pub(super) fn hash_rows(&mut self) {
        self.row_hashes.clear();
        self.row_hashes.resize(self.rows, ROW_SEED);
        for col in &mut self.cols {
            let mut hashes = std::mem::take(&mut col.hashes);
            hashes.clear();
            for (r, cell) in col.cells().enumerate() {
                // Missing cells (a short row's last columns) leave the
                // row's hash alone: a batch may carry columns that only
                // an earlier row had.
                let Some(cell) = cell else {
                    hashes.push(0);
                    continue;
                };
                let h = super::sketch::value_hash(cell);
                hashes.push(h);
                if let Some(row) = self.row_hashes.get_mut(r) {
                    *row = mix_row(*row, h);
                }
            }
            col.hashes = hashes;
        }
    }

    pub(super) fn clear(&mut self) {
        for col in &mut self.cols {
            col.text.clear();
            col.ends.clear();
            col.hashes.clear();
        }
        self.row_hashes.clear();
        self.rows = 0;
        self.bytes = 0;
    }
}

/// One column's profile, and what profiling its cells of the last batch
/// cost (nanoseconds; natively only), so that the costliest columns are
/// handed out first.
pub(super) struct Slot {
    pub(super) profile: ColumnProfile,
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub(super) cost: u64,
}

/// The column profiles and what their headers say. Each profile is behind
/// its own lock so that two threads can profile different columns of one
/// batch (on one thread the locks are never contended).
#[derive(Default)]
pub(super) struct Profiles {
    pub(super) columns: Vec<std::sync::Mutex<Slot>>,
    header: Vec<Option<Entity>>,
    /// Columns whose encoded copy is kept whatever they hold.
    keep: Keep,
    names: Vec<String>,
    minor_cutoff: Option<crate::detect::detectors::date::Ymd>,
}

impl Profiles {
    /// Adds profiles up to `n` columns. Columns first seen in a long row
    /// have missed the rows before it (counted as cells, not values).
    pub(super) fn add_columns(&mut self, n: usize, rows_before: u64) {
        while self.columns.len() < n {
            let p = self.blank(self.columns.len(), rows_before);
            self.columns.push(std::sync::Mutex::new(Slot {
                profile: p,
                cost: 0,
            }));
        }
    }

    /// The profile of column `i` after `rows` rows that did not have it.
    fn blank(&self, i: usize, rows: u64) -> ColumnProfile {
        let mut p = ColumnProfile::starting(
            self.header.get(i).copied().flatten(),
            self.minor_cutoff,
            self.keep.covers(&self.names, i),
        );
        p.cells = rows;
        p.encoder.push_empties(rows);
        p
    }

    fn absorb(&mut self, b: &Batch) {
        self.add_columns(b.cols.len(), b.rows_before);
        for (i, slot) in self.columns.iter_mut().enumerate() {
            let slot = slot
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            feed_column(&mut slot.profile, b.cols.get(i), b.rows, &b.row_hashes);
        }
    }

    fn into_columns(self) -> Vec<ColumnProfile> {
        self.columns
            .into_iter()
            .map(|m| {
                m.into_inner()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .profile
            })
            .collect()
    }
}

/// Feeds one column its cells of the batch (`nrows` rows; a column the
/// batch never saw is missing in all of them).
pub(super) fn feed_column(
    col: &mut ColumnProfile,
    buf: Option<&ColumnBuf>,
    nrows: usize,
    row_hashes: &[u64],
) {
    let Some(buf) = buf else {
        for _ in 0..nrows {
            col.feed_missing();
        }
        return;
    };
    for (r, cell) in buf.cells().enumerate() {
        match cell {
            None => col.feed_missing(),
            Some(t) => match (buf.hashes.get(r), row_hashes.get(r)) {
                (Some(&h), Some(&row)) => col.feed_hashed(t, h, row),
                _ => col.feed_clean(t),
            },
        }
    }
}

/// Settles every column: first the values of the rows each one kept are
/// read (see [`super::sketch::Sketch::resolve`]), value by value over
/// `threads`, since one column of prose can hold most of that work.
fn settle_all(columns: &mut [ColumnProfile], threads: usize) {
    let work: Vec<(usize, &str)> = columns
        .iter()
        .enumerate()
        .flat_map(|(c, p)| p.rows.pending().map(move |t| (c, t)))
        .collect();
    let facts = crate::par::par_map(threads, &work, |&(c, t)| columns[c].facts(t).0);
    drop(work);
    let mut facts = facts.into_iter();
    for c in columns.iter_mut() {
        let n = c.rows.pending().count();
        c.rows.fill(facts.by_ref().take(n));
        c.settle();
    }
}

/// Where batches are profiled.
enum Profiler {
    /// On the calling thread.
    Inline(Profiles),
    /// Shared with a second thread (see [`super::crew`]).
    #[cfg(not(target_arch = "wasm32"))]
    Crew(super::crew::Crew),
    /// Sent on as frames to another worker (see [`super::relay`]).
    Relay(std::collections::VecDeque<Vec<u8>>),
}

impl Default for Profiler {
    fn default() -> Self {
        Profiler::Inline(Profiles::default())
    }
}

/// Whether native scans may use a second thread (`PRIVSCAN_THREADS=1`
/// turns it off, to measure what one core does, as in the browser).
#[cfg(not(target_arch = "wasm32"))]
fn two_threads() -> bool {
    default_threads() >= 2
}

#[cfg(not(target_arch = "wasm32"))]
/// Threads a native scan uses unless told: `PRIVSCAN_THREADS` when set
/// (1 measures what one core does, as in the browser), else every core.
pub fn default_threads() -> usize {
    std::env::var("PRIVSCAN_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n >= 1)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The lines of a header block besides the names: what survey
/// platforms and spreadsheets write around them ([`header::HeaderEvidence`]
/// is looked up in them for columns whose name says nothing).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HeaderLines {
    /// The group row above the names (merged cells).
    pub group: Option<Vec<String>>,
    /// Rows below the names: question texts, import ids, sub-answers.
    pub below: Vec<Vec<String>>,
}

impl HeaderLines {
    /// Lines in the block above the names and below them.
    pub fn around(&self) -> (u64, u64) {
        (u64::from(self.group.is_some()), self.below.len() as u64)
    }

    /// Lines in the block besides the names.
    pub fn count(&self) -> u64 {
        let (above, below) = self.around();
        above + below
    }
}

/// What each column's header says: its name, else the first line below
/// the names that says something (a survey's question text under `Q1`).
pub(crate) fn header_evidence(
    names: &[String],
    lines: &HeaderLines,
) -> Vec<Option<HeaderEvidence>> {
    (0..names.len())
        .map(|i| {
            let own = Some(&names[i])
                .filter(|n| !n.is_empty())
                .and_then(|n| header::lookup(n));
            own.or_else(|| {
                lines
                    .below
                    .iter()
                    .filter_map(|l| l.get(i))
                    .filter(|c| !c.is_empty() && !c.starts_with('{'))
                    .find_map(|c| header::lookup(c))
            })
        })
        .collect()
}

/// Sparse rows held back at most, waiting to be told apart: rows of the
/// table, or a footer under it.
const HELD_MAX: usize = 32;

/// Whether the one filled cell of a sparse last row reads as a footer:
/// prose, or a footer's own words (`© 2025 …`, `Generated by …`, 合计,
/// 制表人).
fn footer_like(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    const WORDS: &[&str] = &[
        "©",
        "(c)",
        "copyright",
        "generated",
        "report",
        "source",
        "note",
        "total",
        "page ",
        "printed",
        "exported",
        "created",
        "prepared",
        "制表",
        "打印",
        "导出",
        "数据来源",
        "来源",
        "注",
        "说明",
        "合计",
        "总计",
        "小计",
        "备注",
        "报表",
        "统计",
    ];
    WORDS.iter().any(|w| lower.starts_with(w))
        || crate::detect::text::is_texty(&crate::detect::Shape::of(text))
}

/// What a table holds after some of its rows, before its columns are
/// settled: the state one part of a scan hands over, to be merged with
/// the parts after it ([`Table::absorb_part`]).
#[derive(Clone, Debug, Default)]
pub struct TablePart {
    /// Header cells, when the part read a header row.
    pub header: Option<Vec<String>>,
    /// Field count of the header (or first row).
    pub width: Option<usize>,
    /// Data rows.
    pub rows: u64,
    /// Rows whose field count differs from `width`.
    pub ragged: u64,
    /// Title lines skipped above the header.
    pub title_rows: u64,
    /// The header block's lines besides the names.
    pub lines: HeaderLines,
    /// Footer lines left out below the data.
    pub footer_rows: u64,
    /// Sparse rows at the part's end, not yet told apart (rows, or the
    /// table's footer when no rows follow them).
    pub held: Vec<Vec<String>>,
    /// One profile per column, not yet settled.
    pub columns: Vec<ColumnProfile>,
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
    /// Field count of the header (or first row), for ragged-row counting.
    width: Option<usize>,
    /// Data rows seen.
    pub rows: u64,
    /// Rows whose field count differs from `width`.
    pub ragged: u64,
    /// Title lines still to skip before the header.
    pub skip_titles: u64,
    /// Title lines skipped.
    pub title_rows: u64,
    /// Lines of the header block still to read above the names.
    pub group_left: u64,
    /// Lines of the header block still to read below the names.
    pub below_left: u64,
    /// The header block's lines besides the names.
    pub lines: HeaderLines,
    /// Footer lines left out below the data.
    pub footer_rows: u64,
    /// Sparse rows (one cell filled at most) held back: rows of the table
    /// when a fuller row follows, its footer when none does.
    held: Vec<Vec<String>>,
    batch: Batch,
    profiler: Profiler,
    started: bool,
    /// Columns whose encoded copy is kept whatever they hold.
    keep: Keep,
    /// People born after this date are counted as minors (the scan's
    /// reference date less 14 years).
    pub minor_cutoff: Option<crate::detect::detectors::date::Ymd>,
    /// Batches are sent on as frames instead of profiled here.
    relaying: bool,
    /// Input bytes read so far (set by the scanner before each parse).
    pub input_bytes: u64,
    /// The input's size, when known: the rows it holds are estimated from
    /// the first batches, and the encoded copies sized once.
    pub size_hint: Option<u64>,
    planned: bool,
    /// Profile on the calling thread only (a part of a scan that already
    /// runs on every core).
    inline: bool,
}

/// Rows read before the rows of the whole input are estimated (the bytes
/// read run up to a chunk ahead of the rows parsed, so too early an
/// estimate comes out low).
const PLAN_AFTER_ROWS: u64 = 65_536;

/// Which columns keep their encoded copy whatever they hold (by default a
/// column that reads as an identifier or free text, or has too many
/// values, drops it: see [`super::encode`]).
#[derive(Clone, Debug, Default)]
pub struct Keep {
    /// Every column.
    pub all: bool,
    /// Columns named by selectors (see [`resolve_column`]).
    pub chosen: Vec<String>,
}

impl Keep {
    /// Whether column `index` (of the columns `names`) is kept.
    pub(crate) fn covers(&self, names: &[String], index: usize) -> bool {
        self.all
            || self
                .chosen
                .iter()
                .any(|sel| resolve_column(names, usize::MAX, sel) == Some(index))
    }
}

/// The column a selector names: a header (exact, then ignoring case and
/// surrounding spaces), `column_N` for a column without one, or a 0-based
/// index below `width`. `names` are the header cells (possibly fewer than
/// the columns).
pub fn resolve_column(names: &[String], width: usize, selector: &str) -> Option<usize> {
    let s = selector.trim();
    if s.is_empty() {
        return None;
    }
    names
        .iter()
        .position(|n| n == s)
        .or_else(|| names.iter().position(|n| n.trim().eq_ignore_ascii_case(s)))
        .or_else(|| {
            // Columns without a header are called column_1, column_2 …
            let n: usize = s.strip_prefix("column_")?.parse().ok()?;
            let i = n.checked_sub(1)?;
            names.get(i).is_none_or(String::is_empty).then_some(i)
        })
        .or_else(|| s.parse::<usize>().ok())
        .filter(|&i| i < width)
}

impl Table {
    /// A table that keeps the encoded copies of `keep` whatever they hold.
    /// `size_hint`: the input's size in bytes, when known.
    pub fn keeping(keep: Keep, size_hint: Option<u64>) -> Table {
        Table {
            keep,
            size_hint,
            ..Table::default()
        }
    }

    /// Counts minors: people born after `cutoff` (see
    /// [`crate::detect::Detector::minor`]).
    pub fn counting_minors(mut self, cutoff: Option<crate::detect::detectors::date::Ymd>) -> Table {
        self.minor_cutoff = cutoff;
        self
    }

    /// Whether this table's rows are profiled with a second thread (see
    /// [`super::crew`]): natively, unless it profiles inline or relays.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn two_threaded(&self) -> bool {
        !self.inline && !self.relaying && two_threads()
    }

    /// A table that profiles on the calling thread only.
    pub fn inline(mut self) -> Table {
        self.inline = true;
        self
    }

    /// A table that reads no header of its own: its rows come after
    /// those of a part that read `header` (`None`: a headerless file) and
    /// whose rows were `width` fields wide.
    pub fn continuing(
        mut self,
        header: Option<Vec<String>>,
        lines: HeaderLines,
        width: Option<usize>,
    ) -> Table {
        self.lines = lines;
        if let Some(h) = header {
            self.set_header(h);
        }
        self.width = width;
        self.expect_header = false;
        self.skip_titles = 0;
        self.group_left = 0;
        self.below_left = 0;
        self
    }

    /// Whether the header block is read (the names and the lines around
    /// them).
    pub fn header_read(&self) -> bool {
        !self.expect_header && self.group_left == 0 && self.below_left == 0
    }

    /// Field count of the header (or first row), once known.
    pub fn width(&self) -> Option<usize> {
        self.width
    }

    /// A table that profiles nothing itself: its batches become frames
    /// for [`Table::take_frame`], to be profiled by a table on another
    /// worker through [`Table::absorb_frame`].
    pub fn relaying() -> Table {
        Table {
            relaying: true,
            ..Table::default()
        }
    }

    fn set_header(&mut self, names: Vec<String>) {
        self.width = Some(names.len());
        self.evidence = header_evidence(&names, &self.lines);
        self.header = Some(names);
    }

    fn cells(rec: &Record<'_>) -> Vec<String> {
        (0..rec.len().min(MAX_COLUMNS))
            .map(|i| trim_cell(rec.get(i)).to_string())
            .collect()
    }

    /// Takes one parsed record.
    pub fn record(&mut self, rec: Record<'_>) {
        if self.skip_titles > 0 {
            self.skip_titles -= 1;
            self.title_rows += 1;
            return;
        }
        if self.expect_header && self.group_left > 0 {
            self.group_left -= 1;
            self.lines.group = Some(Self::cells(&rec));
            return;
        }
        if self.expect_header {
            self.expect_header = false;
            self.set_header(Self::cells(&rec));
            return;
        }
        if self.below_left > 0 {
            self.below_left -= 1;
            self.lines.below.push(Self::cells(&rec));
            if let Some(names) = &self.header {
                self.evidence = header_evidence(names, &self.lines);
            }
            return;
        }
        let n = rec.len().min(MAX_COLUMNS);
        // A sparse row waits: a fuller row after it makes it a row of the
        // table, the end of the input its footer.
        if self.width.is_some_and(|w| w >= 2) {
            let sparse = (0..n)
                .filter(|&i| !clean_cell(rec.get(i)).is_empty())
                .nth(1)
                .is_none();
            if sparse && self.held.len() < HELD_MAX {
                // As parsed: released, they are cleaned as any row is.
                self.held
                    .push((0..n).map(|i| rec.get(i).to_string()).collect());
                return;
            }
        }
        self.release_held();
        self.data_row(n, |i| rec.get(i));
    }

    /// The rows held back are rows of the table.
    fn release_held(&mut self) {
        for row in std::mem::take(&mut self.held) {
            self.data_row(row.len(), |i| &row[i]);
        }
    }

    /// At the end of the input, the rows held back are its footer when one
    /// of them reads as a footer line, and rows of the table otherwise.
    fn end_held(&mut self) {
        let footer = self.held.iter().any(|r| {
            r.iter()
                .map(|c| clean_cell(c))
                .find(|c| !c.is_empty())
                .is_some_and(footer_like)
        });
        if footer {
            self.footer_rows += self.held.len() as u64;
            self.held.clear();
        } else {
            self.release_held();
        }
    }

    fn data_row<'r>(&mut self, n: usize, get: impl Fn(usize) -> &'r str) {
        match self.width {
            None => self.width = Some(n),
            Some(w) if w != n => self.ragged += 1,
            _ => {}
        }
        self.rows += 1;
        // The cells' and the row's hashes are made here, with the cell
        // just read, unless the batch goes to another worker, which
        // hashes it (`Batch::hash_rows`).
        let hashing = !self.relaying;
        let b = &mut self.batch;
        if b.cols.len() < n {
            // A wider row: earlier rows of this batch lack the new columns.
            let rows = b.rows;
            b.cols.resize_with(n, || ColumnBuf {
                text: String::new(),
                ends: vec![MISSING; rows],
                hashes: if hashing { vec![0; rows] } else { Vec::new() },
            });
        }
        let mut row = ROW_SEED;
        for (i, col) in b.cols.iter_mut().enumerate() {
            if i < n {
                // Trimmed and null tokens emptied here, on the parsing
                // side: less for the profiling side, and shorter frames.
                let v = clean_cell(get(i));
                col.text.push_str(v);
                col.ends.push(col.text.len() as u32);
                b.bytes += v.len();
                if hashing {
                    let h = super::sketch::value_hash(v);
                    col.hashes.push(h);
                    row = mix_row(row, h);
                }
            } else {
                col.ends.push(MISSING);
                if hashing {
                    // A missing cell leaves the row's hash alone.
                    col.hashes.push(0);
                }
            }
        }
        if hashing {
            b.row_hashes.push(row);
        }
        b.rows += 1;
        if b.rows >= BATCH_ROWS || b.bytes >= BATCH_BYTES {
            self.flush();
        }
    }

    fn start(&mut self) {
        self.started = true;
        if self.relaying {
            let first = super::relay::header_frame(self.header.as_ref(), &self.lines);
            self.profiler = Profiler::Relay([first].into());
            return;
        }
        let header: Vec<Option<Entity>> = self
            .evidence
            .iter()
            .map(|e| e.as_ref().map(|e| e.entity))
            .collect();
        let profiles = Profiles {
            columns: Vec::new(),
            header,
            keep: self.keep.clone(),
            names: self.header.clone().unwrap_or_default(),
            minor_cutoff: self.minor_cutoff,
        };
        #[cfg(not(target_arch = "wasm32"))]
        if self.two_threaded() {
            self.profiler = Profiler::Crew(super::crew::Crew::start(profiles));
            return;
        }
        self.profiler = Profiler::Inline(profiles);
    }

    /// Profiles the batched rows (or hands them to the profiling thread).
    fn flush(&mut self) {
        if self.batch.rows == 0 {
            return;
        }
        if !self.started {
            self.start();
        }
        self.batch.rows_before = self.rows - self.batch.rows as u64;
        if !self.relaying {
            if self.batch.row_hashes.len() != self.batch.rows {
                // A batch relayed from the parsing worker.
                self.batch.hash_rows();
            }
            self.plan();
        }
        self.batch.input_bytes = self.input_bytes;
        match &mut self.profiler {
            Profiler::Inline(p) => {
                p.absorb(&self.batch);
                self.batch.clear();
            }
            #[cfg(not(target_arch = "wasm32"))]
            Profiler::Crew(crew) => {
                let spare = crew.hand_over(std::mem::take(&mut self.batch));
                self.batch = spare;
            }
            Profiler::Relay(out) => {
                out.push_back(super::relay::batch_frame(&self.batch));
                self.batch.clear();
            }
        }
    }

    /// Once enough rows are read, estimates the rows of the whole input
    /// from its size and sizes the encoded copies for them (one block per
    /// column instead of a doubling series: the browser's memory never
    /// shrinks). With two threads the profiles are on the other thread;
    /// natively large blocks are remapped, not copied, so it matters less.
    fn plan(&mut self) {
        let Some(total) = self.size_hint else { return };
        if self.planned || self.rows < PLAN_AFTER_ROWS || self.input_bytes == 0 {
            return;
        }
        self.planned = true;
        let est = self.rows as f64 * total as f64 / self.input_bytes as f64 * 1.08;
        if let Profiler::Inline(p) = &mut self.profiler {
            for slot in &mut p.columns {
                let slot = slot
                    .get_mut()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                slot.profile.encoder.plan_rows(est as usize);
            }
        }
    }

    /// The next frame for the profiling side of a split scan (a relaying
    /// table only).
    pub fn take_frame(&mut self) -> Option<Vec<u8>> {
        match &mut self.profiler {
            Profiler::Relay(out) => out.pop_front(),
            _ => None,
        }
    }

    /// The length of the next frame, if there is one.
    pub fn frame_len(&self) -> Option<usize> {
        match &self.profiler {
            Profiler::Relay(out) => out.front().map(Vec::len),
            _ => None,
        }
    }

    /// Ends a relaying table: what is left becomes frames (the header
    /// frame at least).
    pub fn finish_relay(&mut self) {
        self.end_held();
        self.flush();
        if !self.started {
            self.start();
        }
    }

    /// Profiles a frame from a relaying table on another worker.
    pub fn absorb_frame(&mut self, frame: &[u8]) -> crate::error::Result<()> {
        match super::relay::decode(frame)? {
            super::relay::Frame::Header(names, lines) => {
                self.lines = lines;
                if let Some(names) = names {
                    self.set_header(names);
                }
            }
            super::relay::Frame::Batch(batch) => {
                // This side parses nothing: its own batch is always empty.
                self.rows = batch.rows_before + batch.rows as u64;
                self.input_bytes = batch.input_bytes;
                self.batch = batch;
                self.flush();
                self.batch.clear();
            }
        }
        Ok(())
    }

    /// Sets the counts the relaying side kept (rows, and rows of another
    /// width).
    pub fn set_counts(&mut self, rows: u64, ragged: u64, title_rows: u64, footer_rows: u64) {
        self.rows = rows;
        self.ragged = ragged;
        self.title_rows = title_rows;
        self.footer_rows = footer_rows;
    }

    /// Profiles what is left and returns every column's profile, at least
    /// `min_width` of them.
    pub fn finish(&mut self, min_width: usize) -> Vec<ColumnProfile> {
        self.end_held();
        #[cfg(not(target_arch = "wasm32"))]
        let threads = if self.two_threaded() { 2 } else { 1 };
        #[cfg(target_arch = "wasm32")]
        let threads = 1;
        let mut columns = self.take_columns(min_width);
        settle_all(&mut columns, threads);
        columns
    }

    /// Profiles what is left; the profiles, not yet settled.
    fn take_columns(&mut self, min_width: usize) -> Vec<ColumnProfile> {
        let mut profiles = self.profiles();
        let width = profiles.columns.len().max(min_width);
        profiles.add_columns(width, self.rows);
        profiles.into_columns()
    }

    /// Profiles what is left and takes the profiles out of the profiler.
    fn profiles(&mut self) -> Profiles {
        self.flush();
        if !self.started {
            self.start();
        }
        // On wasm32 there is only the inline profiler.
        match std::mem::take(&mut self.profiler) {
            Profiler::Inline(p) => p,
            #[cfg(not(target_arch = "wasm32"))]
            Profiler::Crew(crew) => crew.finish(),
            Profiler::Relay(_) => Profiles::default(),
        }
    }

    /// Profiles what is left and hands over the state, for a merge with
    /// the parts after this one.
    pub fn finish_part(&mut self) -> TablePart {
        let columns = self.take_columns(self.header.as_ref().map_or(0, Vec::len));
        TablePart {
            header: self.header.clone(),
            width: self.width,
            rows: self.rows,
            ragged: self.ragged,
            title_rows: self.title_rows,
            lines: self.lines.clone(),
            footer_rows: self.footer_rows,
            held: std::mem::take(&mut self.held),
            columns,
        }
    }

    /// Adds the state of the part that follows the rows read so far:
    /// the columns' profiles merge (a column one side lacks is missing
    /// in its rows), and the counts add up.
    pub fn absorb_part(&mut self, mut part: TablePart) {
        if !self.started && self.header.is_none() {
            self.lines = part.lines.clone();
            if let Some(h) = part.header.clone() {
                self.set_header(h);
            }
        }
        // Rows held at the end of the parts so far are rows of the table
        // when this part has rows after them; they wait on with this
        // part's own otherwise (a footer cut in two).
        if part.rows > 0 {
            self.release_held();
        }
        self.held.append(&mut part.held);
        self.inline = true;
        let mut profiles = self.profiles();
        self.width = self.width.or(part.width);
        let n = profiles.columns.len().max(part.columns.len());
        profiles.add_columns(n, self.rows);
        let mut theirs = part.columns.into_iter();
        for i in 0..n {
            let other = theirs
                .next()
                .unwrap_or_else(|| profiles.blank(i, part.rows));
            let slot = profiles.columns[i]
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            slot.profile.merge(other);
        }
        self.profiler = Profiler::Inline(profiles);
        self.rows += part.rows;
        self.ragged += part.ragged;
        self.title_rows += part.title_rows;
        self.footer_rows += part.footer_rows;
    }
}
