//! Scans in parts, merged: the state each part hands over ([`ScanPart`]),
//! its saved form (a `.pstate` file, see [`ScanPart::encode`]), and the
//! merge, whose report is the report of one scan over all the parts' rows
//! ([`merge_parts`]). The CLI's scan on every core cuts a file into parts
//! this way, and `privscan profile` / `privscan merge` let a user do it by
//! hand.

#[allow(unused_imports)]
use super::*;
use crate::profile::state::{damaged, ColumnWire};
use crate::profile::table::{HeaderLines, TablePart};
use crate::profile::ColumnProfile;

/// What a part of a scan hands over: its profiles, not yet settled, and
/// what the report's input block needs from it.
#[derive(Clone, Debug)]
pub struct ScanPart {
    /// The part's file name, when it has one.
    pub name: Option<String>,
    /// Its bytes, hash, encoding, delimiter and counts.
    pub input: Relayed,
    /// The options its profiles depend on.
    pub profiling: Profiling,
    /// Its header, counts and column profiles.
    pub table: TablePart,
}

/// The options a part's profiles depend on: parts merge only when they
/// agree on them.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct Profiling {
    /// The reference date minors were counted at.
    pub as_of: Option<String>,
    /// Columns whose encoded copy was kept whatever they hold (`--qi`,
    /// `--sensitive`).
    pub keep: Vec<String>,
    /// Every column's copy was kept.
    pub keep_all: bool,
}

impl Profiling {
    /// What a scan with `opts` depends on.
    pub fn of(opts: &ScanOptions) -> Profiling {
        let mut keep: Vec<String> = opts
            .qi
            .iter()
            .chain(&opts.sensitive)
            .flatten()
            .cloned()
            .collect();
        keep.sort();
        keep.dedup();
        Profiling {
            as_of: opts.as_of.clone(),
            keep,
            keep_all: opts.keep_all_columns,
        }
    }
}

/// The saved form of a part.
#[derive(serde::Serialize, Deserialize)]
struct PartWire {
    name: Option<String>,
    input: Relayed,
    profiling: Profiling,
    header: Option<Vec<String>>,
    width: Option<u64>,
    rows: u64,
    ragged: u64,
    title_rows: u64,
    lines: HeaderLines,
    footer_rows: u64,
    held: Vec<Vec<String>>,
    columns: Vec<ColumnWire>,
}

/// The first bytes of a saved state.
const MAGIC: &[u8; 8] = b"PSCSTATE";
/// The layout after them; a change to it or to the wire types is a new
/// version.
pub const STATE_FORMAT: u16 = 2;
/// Magic, format, build, payload length, payload checksum.
const PREAMBLE: usize = 8 + 2 + 8 + 8 + 8;

/// What a state's findings depend on besides the data: the version of
/// the detectors that made them and the sizes of the samples. States of
/// another build do not merge with this one's.
fn build_fingerprint() -> u64 {
    let mut text = format!(
        "{} {} {} {}",
        env!("CARGO_PKG_VERSION"),
        crate::profile::sketch::SKETCH,
        crate::profile::sketch::SKETCH_EXAMPLES,
        crate::profile::sketch::ROWS
    );
    for d in crate::detect::registry::DETECTORS {
        text.push(' ');
        text.push_str(d.entity().name());
    }
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

pub(super) fn state_error(message: String) -> Error {
    Error::new(ErrorKind::State(message))
}

/// `payload` sealed: `magic`, the format version, the build fingerprint,
/// the payload's length and XXH3 checksum (little-endian), the payload.
pub(super) fn seal(magic: &[u8; 8], payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(PREAMBLE + payload.len());
    out.extend_from_slice(magic);
    out.extend_from_slice(&STATE_FORMAT.to_le_bytes());
    out.extend_from_slice(&build_fingerprint().to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The payload of sealed `bytes`, checked whole: bytes without `magic`,
/// a state of another format or build, and a damaged one are errors that
/// say which (`what`: what such bytes are, and how to make one).
pub(super) fn unseal<'a>(magic: &[u8; 8], bytes: &'a [u8], what: &str) -> Result<&'a [u8]> {
    if bytes.len() < PREAMBLE || &bytes[..8] != magic {
        return Err(state_error(format!("this is not {what}")));
    }
    let u64_at = |at: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(b)
    };
    let format = u16::from_le_bytes([bytes[8], bytes[9]]);
    if format != STATE_FORMAT {
        return Err(state_error(format!(
            "the profile state's format is version {format}, and this privscan ({}) reads version {STATE_FORMAT}: profile the part again with it",
            env!("CARGO_PKG_VERSION")
        )));
    }
    if u64_at(10) != build_fingerprint() {
        return Err(state_error(format!(
            "the profile state was made by another version of privscan, whose detectors differ from this one's ({}): profile the part again with it",
            env!("CARGO_PKG_VERSION")
        )));
    }
    let len = u64_at(18);
    let payload = &bytes[PREAMBLE..];
    if payload.len() as u64 != len {
        return Err(damaged(format!(
            "{} bytes of payload where the preamble says {len}: the file is cut short or has bytes added",
            payload.len()
        )));
    }
    if xxhash_rust::xxh3::xxh3_64(payload) != u64_at(26) {
        return Err(damaged("its checksum does not match"));
    }
    Ok(payload)
}

impl ScanPart {
    /// The saved form: a preamble (magic `PSCSTATE`, format version,
    /// build fingerprint, payload length and XXH3 checksum, little-endian)
    /// and the payload (postcard).
    pub fn encode(&self) -> Result<Vec<u8>> {
        let t = &self.table;
        let wire = PartWire {
            name: self.name.clone(),
            input: self.input.clone(),
            profiling: self.profiling.clone(),
            header: t.header.clone(),
            width: t.width.map(|w| w as u64),
            rows: t.rows,
            ragged: t.ragged,
            title_rows: t.title_rows,
            lines: t.lines.clone(),
            footer_rows: t.footer_rows,
            held: t.held.clone(),
            columns: t.columns.iter().map(ColumnProfile::to_wire).collect(),
        };
        let payload = postcard::to_allocvec(&wire)
            .map_err(|e| state_error(format!("the profile state cannot be written: {e}")))?;
        Ok(seal(MAGIC, &payload))
    }

    /// A part from its saved form, checked whole: a file that is not a
    /// state, a state of another format or build, and a damaged one are
    /// errors that say which.
    pub fn decode(bytes: &[u8]) -> Result<ScanPart> {
        let payload = unseal(
            MAGIC,
            bytes,
            "a profile state (privscan profile FILE --state OUT.pstate writes one)",
        )?;
        let wire: PartWire = postcard::from_bytes(payload).map_err(|e| damaged(format!("{e}")))?;
        if wire.columns.len() > crate::profile::table::MAX_COLUMNS {
            return Err(damaged("too many columns"));
        }
        let columns = wire
            .columns
            .into_iter()
            .map(ColumnProfile::from_wire)
            .collect::<Result<Vec<_>>>()?;
        Ok(ScanPart {
            name: wire.name,
            input: wire.input,
            profiling: wire.profiling,
            table: TablePart {
                header: wire.header,
                width: wire.width.map(|w| w as usize),
                rows: wire.rows,
                ragged: wire.ragged,
                title_rows: wire.title_rows,
                lines: wire.lines,
                footer_rows: wire.footer_rows,
                held: wire.held,
                columns,
            },
        })
    }
}

impl Scanner {
    /// Ends the input of a scan that is one part of a table (a file with
    /// the table's header line and some of its rows): its state, to be
    /// saved ([`ScanPart::encode`]) or merged ([`merge_parts`]).
    pub fn finish_part(&mut self) -> Result<ScanPart> {
        let sha256 = self.end_input()?;
        Ok(self.part_state(sha256))
    }

    /// The state of the rows read, with the input's hash (`sha256`).
    pub(super) fn part_state(&mut self, sha256: String) -> ScanPart {
        let input = self.relayed_input(sha256);
        ScanPart {
            name: self.opts.name.clone(),
            input,
            profiling: Profiling::of(&self.opts),
            table: self.table.finish_part(),
        }
    }
}

/// The report of one table from the states of its parts, in the order of
/// their rows: equal to the report of one scan of all of them, the
/// input's hash aside. `sha256`: the whole input's, when the caller
/// hashed it; otherwise the report's input is the list of parts
/// (`input.parts`) and its `sha256` the SHA-256 of their SHA-256s.
pub fn merge_parts(
    mut opts: ScanOptions,
    parts: Vec<ScanPart>,
    sha256: Option<String>,
) -> Result<(Scanner, Report)> {
    let Some(first) = parts.first() else {
        return Err(Error::new(ErrorKind::Options(
            "there are no parts to merge".into(),
        )));
    };
    let name = |p: &ScanPart, i: usize| p.name.clone().unwrap_or_else(|| format!("part {}", i + 1));
    // Every part must be of the same table, read the same way.
    for (i, p) in parts.iter().enumerate().skip(1) {
        let differ = |what: &str| {
            Err(state_error(format!(
                "{} and {} {what}: they are not parts of one table read the same way",
                name(first, 0),
                name(p, i)
            )))
        };
        if p.table.header != first.table.header {
            return differ("have different header rows");
        }
        if p.input.delimiter != first.input.delimiter {
            return differ("were read with different delimiters");
        }
        if p.input.encoding != first.input.encoding {
            return differ("were read in different encodings");
        }
        if p.profiling != first.profiling {
            return differ("were profiled with different --as-of, --qi or --sensitive options");
        }
    }
    let profiling = first.profiling.clone();
    match (&opts.as_of, &profiling.as_of) {
        (Some(mine), Some(theirs)) if mine != theirs => {
            return Err(state_error(format!(
                "the parts counted minors as of {theirs}, not {mine}: profile them again with --as-of {mine}"
            )))
        }
        _ => opts.as_of = opts.as_of.clone().or(profiling.as_of.clone()),
    }
    let wanted = Profiling::of(&opts);
    if let Some(missing) = wanted.keep.iter().find(|c| !profiling.keep.contains(c)) {
        if !profiling.keep_all {
            return Err(state_error(format!(
                "column {missing:?} was not kept for risk when the parts were profiled: give them --qi or --sensitive with it too"
            )));
        }
    }
    let part_list: Vec<PartInfo> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| PartInfo {
            name: name(p, i),
            bytes: p.input.bytes,
            sha256: p.input.sha256.clone(),
            rows: p.table.rows,
        })
        .collect();
    let mut total = Relayed {
        encoding: first.input.encoding.clone(),
        encoding_confidence: first.input.encoding_confidence.clone(),
        delimiter: first.input.delimiter,
        ..Relayed::default()
    };
    let mut s = Scanner::new(opts)?;
    s.table = std::mem::take(&mut s.table).inline();
    for p in parts {
        total.bytes += p.input.bytes;
        total.replaced_bytes += p.input.replaced_bytes;
        total.nul_bytes += p.input.nul_bytes;
        s.table.absorb_part(p.table);
    }
    total.rows = s.table.rows;
    total.ragged = s.table.ragged;
    total.title_rows = s.table.title_rows;
    let listed = sha256.is_none();
    total.sha256 = match sha256 {
        Some(h) => h,
        None => parts_sha256(&part_list),
    };
    let mut report = s.finish_relayed(total)?;
    if listed {
        report.input.parts = Some(part_list);
        s.report = Some(report.clone());
    }
    Ok((s, report))
}

/// The SHA-256 of a table read in parts: the SHA-256 of the parts'
/// SHA-256s, lower-case hex, concatenated in order.
pub fn parts_sha256(parts: &[PartInfo]) -> String {
    let mut h = InputHasher::new();
    for p in parts {
        h.update(p.sha256.as_bytes());
    }
    h.finish_hex()
}

/// Reads saved states (name and bytes each) and merges them:
/// [`merge_parts`] with errors that name the file.
pub fn merge_states(opts: ScanOptions, states: &[(String, Vec<u8>)]) -> Result<(Scanner, Report)> {
    let mut parts = Vec::with_capacity(states.len());
    for (file, bytes) in states {
        let mut p = ScanPart::decode(bytes).map_err(|e| match e.kind() {
            ErrorKind::State(m) => state_error(format!("{file}: {m}")),
            _ => e,
        })?;
        p.name = Some(p.name.unwrap_or_else(|| file.clone()));
        parts.push(p);
    }
    merge_parts(opts, parts, None)
}
