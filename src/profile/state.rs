//! A column profile's saved form: the state `privscan profile --state`
//! writes and `privscan merge` reads, and that the workers of a split scan
//! hand over. The wire types here mirror the profiles field by field; each
//! module converts its own type ([`super::sketch::Sketch`],
//! [`super::encode::Encoder`], [`super::ColumnProfile`]) and checks what it
//! reads back, so that a damaged state is an error, never a panic or a
//! wrong report.

use crate::error::{Error, ErrorKind};
use serde::{Deserialize, Serialize};

/// One detector's finding on a sampled value.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct HitWire {
    pub k: u8,
    /// 1 shape, 2 weak, 3 valid.
    pub level: u8,
    pub bucket: u8,
    /// Bit 0 flagged, bit 1 minor, bit 2 shadowed.
    pub flags: u8,
}

/// A sampled value.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct EntryWire {
    pub hash: u64,
    pub count: u64,
    pub text: String,
    pub hits: Vec<HitWire>,
    pub embedded: Vec<u8>,
    /// Bit 0 texty, bit 1 masked, bit 2 scientific, bit 3 implausible.
    pub flags: u8,
    pub integer: Option<u64>,
}

/// A bottom-k sample.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct SketchWire {
    pub threshold: Option<u64>,
    pub entries: Vec<EntryWire>,
}

/// An encoded copy for risk.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct EncoderWire {
    /// The copy was dropped (the column is high-cardinality).
    pub dropped: bool,
    pub keep_all: bool,
    /// Street addresses kept as their districts.
    pub districts: bool,
    pub dropped_rows: u64,
    /// Bytes per code (1, 2 or 4), then the codes, little-endian.
    pub width: u8,
    pub codes: Vec<u8>,
    /// The text of codes 1, 2 ….
    pub values: Vec<String>,
}

/// A column's profile before it is settled.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct ColumnWire {
    pub cells: u64,
    pub non_empty: u64,
    pub sketch: SketchWire,
    pub rows: SketchWire,
    pub distinct: Vec<u64>,
    pub distinct_capped: bool,
    pub header: Option<String>,
    pub encoder: EncoderWire,
    pub copy_chosen: bool,
}

/// The error for a state that does not hold what it should.
pub(crate) fn damaged(what: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::State(format!(
        "the profile state is damaged ({what}): make it again with privscan profile"
    )))
}
