//! One error type for the whole crate, carrying the position where the
//! problem was found (in the style of the `csv` crate: a boxed kind keeps
//! `Result<T, Error>` one word wide on the hot path).

use std::fmt;

/// Where in the input a problem was found. Every field is optional because
/// not every failure has every coordinate (an encoding problem has a byte but
/// no column).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Position {
    /// 1-based record number as a person counts rows in a spreadsheet
    /// (the header, when present, is row 1).
    pub row: Option<u64>,
    /// 1-based line number in the text (differs from `row` when quoted fields
    /// contain line breaks).
    pub line: Option<u64>,
    /// 0-based column index.
    pub column: Option<usize>,
    /// 0-based byte offset in the input as it was given (before decoding).
    pub byte: Option<u64>,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(r) = self.row {
            parts.push(format!("row {r}"));
        }
        if let Some(l) = self.line {
            parts.push(format!("line {l}"));
        }
        if let Some(c) = self.column {
            parts.push(format!("column {}", c + 1));
        }
        if let Some(b) = self.byte {
            parts.push(format!("byte {b}"));
        }
        f.write_str(&parts.join(", "))
    }
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is a known binary format (or not text at all).
    NotText {
        /// A human description of what the bytes look like.
        looks_like: &'static str,
        /// What the user can do instead.
        hint: &'static str,
    },
    /// The input has no bytes.
    Empty,
    /// An encoding label given by the user is not a WHATWG label.
    UnknownEncoding(String),
    /// A delimiter given by the user is not a single ASCII byte.
    BadDelimiter(String),
    /// One field is longer than the configured cap.
    FieldTooLarge {
        /// The cap in bytes.
        cap: usize,
        /// Where the field starts.
        pos: Position,
    },
    /// A quoted field is still open at the end of the input: a stray quote
    /// made the rest of the file one cell.
    UnclosedQuote {
        /// Where the field starts.
        pos: Position,
        /// Line breaks inside the field (rows it swallowed, at most).
        lines: u64,
    },
    /// A column selector names no column of the table.
    UnknownColumn(String),
    /// An I/O error from a reader (CLI only).
    Io(std::io::Error),
    /// Invalid options passed through the JSON bindings.
    Options(String),
    /// `feed` was called after `finish`.
    Finished,
    /// A workbook that cannot or may not be read (over a limit, damaged).
    Workbook(String),
    /// A saved profile state (`.pstate`) that cannot be read or merged:
    /// damaged, foreign, made by another version, or of another table.
    State(String),
}

/// The crate's error: a boxed [`ErrorKind`].
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

/// Shorthand used across the crate.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Wraps a kind.
    pub fn new(kind: ErrorKind) -> Self {
        Error(Box::new(kind))
    }

    /// The kind of error.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// A stable machine-readable code for the page and scripts.
    pub fn code(&self) -> &'static str {
        match *self.0 {
            ErrorKind::NotText { .. } => "not_text",
            ErrorKind::Empty => "empty",
            ErrorKind::UnknownEncoding(_) => "unknown_encoding",
            ErrorKind::BadDelimiter(_) => "bad_delimiter",
            ErrorKind::FieldTooLarge { .. } => "field_too_large",
            ErrorKind::UnclosedQuote { .. } => "unclosed_quote",
            ErrorKind::UnknownColumn(_) => "unknown_column",
            ErrorKind::Io(_) => "io",
            ErrorKind::Options(_) => "options",
            ErrorKind::Finished => "finished",
            ErrorKind::Workbook(_) => "workbook",
            ErrorKind::State(_) => "state",
        }
    }

    /// The same error met in a part of the input that starts after `rows`
    /// records and `lines` lines (the byte offsets are the part's own
    /// already): its position counted from the start of the input.
    pub fn after(mut self, rows: u64, lines: u64) -> Self {
        if let ErrorKind::FieldTooLarge { pos, .. } | ErrorKind::UnclosedQuote { pos, .. } =
            &mut *self.0
        {
            pos.row = pos.row.map(|r| r + rows);
            pos.line = pos.line.map(|l| l + lines);
        }
        self
    }

    /// The process exit code for this kind (the CLI's contract, README
    /// "Exit codes"): 2 the arguments, options or plan are wrong; 3 the
    /// input cannot be read as a table; 4 reading or writing failed.
    pub fn exit_code(&self) -> i32 {
        match *self.0 {
            ErrorKind::Options(_)
            | ErrorKind::UnknownColumn(_)
            | ErrorKind::UnknownEncoding(_)
            | ErrorKind::BadDelimiter(_)
            | ErrorKind::Finished => 2,
            ErrorKind::NotText { .. }
            | ErrorKind::Empty
            | ErrorKind::FieldTooLarge { .. }
            | ErrorKind::UnclosedQuote { .. }
            | ErrorKind::Workbook(_)
            | ErrorKind::State(_) => 3,
            ErrorKind::Io(_) => 4,
        }
    }

    /// The position the error names, if any.
    pub fn position(&self) -> Option<&Position> {
        match &*self.0 {
            ErrorKind::FieldTooLarge { pos, .. } | ErrorKind::UnclosedQuote { pos, .. } => {
                Some(pos)
            }
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            ErrorKind::NotText { looks_like, hint } => {
                write!(f, "this is not a CSV text file: it looks like {looks_like}. {hint}")
            }
            ErrorKind::Empty => f.write_str("the file is empty: there is nothing to scan"),
            ErrorKind::UnknownEncoding(l) => write!(
                f,
                "unknown encoding {l:?}: use a WHATWG label such as utf-8, gbk, gb18030, big5, shift_jis, utf-16le or windows-1252"
            ),
            ErrorKind::BadDelimiter(d) => write!(
                f,
                "delimiter {d:?} is not a single ASCII character (use ',', ';', '|', 'tab' …)"
            ),
            ErrorKind::FieldTooLarge { cap, pos } => {
                let size = if *cap >= 1 << 20 { format!("{} MiB", cap >> 20) } else { format!("{cap} bytes") };
                write!(
                    f,
                    "{pos}: a field is longer than {size}. This is usually a quote (\") that is never closed, which makes the rest of the file one field; check the text near that place"
                )
            }
            ErrorKind::UnclosedQuote { pos, lines } => write!(
                f,
                "{pos}: a quote (\") opens a field that is never closed, so the rest of the file ({lines} more line{}) would be read as one cell. Close or remove that quote and scan again",
                if *lines == 1 { "" } else { "s" }
            ),
            ErrorKind::UnknownColumn(c) => write!(f, "no column named or numbered {c:?}"),
            ErrorKind::Io(e) => write!(f, "read error: {e}"),
            ErrorKind::Options(m) => write!(f, "invalid options: {m}"),
            ErrorKind::Finished => f.write_str("the scan has already finished"),
            ErrorKind::Workbook(m) => write!(f, "workbook: {m}"),
            ErrorKind::State(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.0 {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::new(ErrorKind::Io(e))
    }
}
