//! Excel and OpenDocument workbooks (`.xlsx`, `.xls`, `.ods`), read with
//! calamine and turned into CSV text for the scanner, one sheet at a time
//! (the first by default).
//!
//! A workbook is a ZIP archive (or a CFB container for `.xls`), and a small
//! one can claim gigabytes inside: so before calamine sees the bytes, the
//! archive's directory is checked — entry count, each entry's and the total
//! uncompressed size, compression ratios — and so are the sheets' declared
//! dimensions (`<dimension ref="A1:Z100000"/>` at the head of each sheet
//! of an `.xlsx`). A workbook over a limit is refused with a message that
//! says which limit.

use crate::error::{Error, ErrorKind, Result};
use calamine::{open_workbook_auto_from_rs, Data, Reader};
use std::io::{Cursor, Read};

/// What a workbook may hold.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The workbook file itself.
    pub max_bytes: u64,
    /// Entries in the archive.
    pub max_entries: usize,
    /// Uncompressed size of one entry.
    pub max_entry: u64,
    /// Uncompressed size of all entries.
    pub max_total: u64,
    /// Uncompressed / compressed size of an entry over 1 MiB.
    pub max_ratio: u64,
    /// Cells of the sheet read (declared or found).
    pub max_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 256 << 20,
            max_entries: 10_000,
            max_entry: 1 << 30,
            max_total: 2 << 30,
            max_ratio: 200,
            max_cells: 100_000_000,
        }
    }
}

/// A sheet as CSV.
#[derive(Clone, Debug)]
pub struct Sheet {
    /// The sheet as UTF-8 CSV text (comma, CRLF, quotes where needed).
    pub csv: Vec<u8>,
    /// `xlsx`, `xls` or `ods`.
    pub format: &'static str,
    /// Every sheet's name, in order.
    pub sheets: Vec<String>,
    /// The sheet read.
    pub sheet: String,
}

fn refuse(msg: String) -> Error {
    Error::new(ErrorKind::Workbook(msg))
}

/// Whether the bytes start like a workbook: a ZIP archive (`.xlsx`,
/// `.ods`) or a CFB container (`.xls`).
pub fn looks_like_workbook(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04")
        || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// The cells a sheet's `<dimension ref="A1:K500"/>` declares.
fn declared_cells(head: &str) -> Option<u64> {
    let at = head.find("<dimension ref=\"")? + 16;
    let end = at + head[at..].find('"')?;
    let (a, b) = head[at..end].split_once(':')?;
    let pos = |s: &str| -> Option<(u64, u64)> {
        let letters = s.bytes().take_while(u8::is_ascii_alphabetic).count();
        let col = s[..letters].bytes().try_fold(0u64, |acc, c| {
            Some(acc * 26 + u64::from(c.to_ascii_uppercase().checked_sub(b'A')? + 1))
        })?;
        let row: u64 = s[letters..].parse().ok()?;
        Some((col, row))
    };
    let ((c1, r1), (c2, r2)) = (pos(a)?, pos(b)?);
    Some((c2.saturating_sub(c1) + 1).saturating_mul(r2.saturating_sub(r1) + 1))
}

/// Checks a ZIP workbook's directory and declared sheet sizes; returns its
/// format.
fn check_zip(bytes: &[u8], limits: &Limits) -> Result<&'static str> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| refuse(format!("the file starts like a ZIP archive (an Excel .xlsx or OpenDocument .ods workbook) but cannot be read as one ({e}). If it is a workbook, open it in Excel or WPS and use File → Save As → CSV UTF-8")))?;
    if zip.len() > limits.max_entries {
        return Err(refuse(format!(
            "{} entries in the archive (at most {} are read): refused as a possible zip bomb",
            zip.len(),
            limits.max_entries
        )));
    }
    let mut total = 0u64;
    let mut format = None;
    let mut sheets = Vec::new();
    for i in 0..zip.len() {
        let e = zip
            .by_index_raw(i)
            .map_err(|e| refuse(format!("entry {i} of the archive cannot be read ({e})")))?;
        let name = e.name().map(|n| n.to_string()).unwrap_or_default();
        let (size, packed) = (e.size(), e.compressed_size());
        if size > limits.max_entry {
            return Err(refuse(format!(
                "{name} would unpack to {} MiB (at most {} MiB): refused",
                size >> 20,
                limits.max_entry >> 20
            )));
        }
        if size > 1 << 20 && size / packed.max(1) > limits.max_ratio {
            return Err(refuse(format!(
                "{name} is compressed {}:1 (at most {}:1): refused as a possible zip bomb",
                size / packed.max(1),
                limits.max_ratio
            )));
        }
        total = total.saturating_add(size);
        match name.as_str() {
            "xl/workbook.xml" => format = Some("xlsx"),
            "content.xml" => format = format.or(Some("ods")),
            n if n.starts_with("xl/worksheets/") && n.ends_with(".xml") => sheets.push(i),
            _ => {}
        }
    }
    if total > limits.max_total {
        return Err(refuse(format!(
            "the archive would unpack to {} MiB in all (at most {} MiB): refused",
            total >> 20,
            limits.max_total >> 20
        )));
    }
    let format = format
        .ok_or_else(|| refuse("a ZIP archive, but not an Excel or OpenDocument workbook".into()))?;
    for i in sheets {
        let mut e = zip
            .by_index(i)
            .map_err(|e| refuse(format!("a sheet cannot be read ({e})")))?;
        let name = e.name().map(|n| n.to_string()).unwrap_or_default();
        let mut head = vec![0u8; 4096];
        let n = read_up_to(&mut e, &mut head);
        let head = String::from_utf8_lossy(&head[..n]);
        if let Some(cells) = declared_cells(&head) {
            if cells > limits.max_cells {
                return Err(refuse(format!(
                    "{name} declares {cells} cells (at most {} are read): refused",
                    limits.max_cells
                )));
            }
        }
    }
    Ok(format)
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> usize {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    n
}

/// Days since 1899-12-30 (Excel's serial dates) to a civil date.
fn civil(serial: f64) -> String {
    let days = serial.floor() as i64;
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    // Excel's day 0 is 1899-12-30, 25,569 days before 1970-01-01.
    let (y, m, d) = crate::calendar::civil_from_days(days - 25_569);
    if secs == 0 || secs == 86_400 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Whole numbers without `.0`: phone numbers and IDs typed as numbers.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(d) if d.is_datetime() => civil(d.as_f64()),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Reads one sheet (`sheet`: a name, or a 0-based index; the first by
/// default) of a workbook as CSV.
pub fn to_csv(bytes: &[u8], sheet: Option<&str>, limits: &Limits) -> Result<Sheet> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(refuse(format!(
            "the workbook is {} MiB (at most {} MiB are read); save the sheet as CSV instead",
            bytes.len() >> 20,
            limits.max_bytes >> 20
        )));
    }
    let format = if bytes.starts_with(b"PK\x03\x04") {
        check_zip(bytes, limits)?
    } else {
        "xls"
    };
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        let what = if format == "xls" {
            "an Excel .xls workbook"
        } else {
            "an Excel or OpenDocument workbook"
        };
        refuse(format!(
            "the file starts like {what} but cannot be read as one ({e})"
        ))
    })?;
    let sheets = wb.sheet_names();
    if sheets.is_empty() {
        return Err(refuse("the workbook has no sheet".into()));
    }
    let name = match sheet.map(str::trim).filter(|s| !s.is_empty()) {
        None => sheets[0].clone(),
        Some(s) => sheets
            .iter()
            .find(|n| n.as_str() == s)
            .or_else(|| s.parse::<usize>().ok().and_then(|i| sheets.get(i)))
            .cloned()
            .ok_or_else(|| {
                Error::new(ErrorKind::UnknownColumn(format!(
                    "sheet {s:?} (the workbook has {})",
                    sheets.join(", ")
                )))
            })?,
    };
    let range = wb
        .worksheet_range(&name)
        .map_err(|e| refuse(format!("sheet {name} cannot be read ({e})")))?;
    let (h, w) = range.get_size();
    if (h as u64).saturating_mul(w as u64) > limits.max_cells {
        return Err(refuse(format!(
            "sheet {name} holds {h} × {w} cells (at most {} are read)",
            limits.max_cells
        )));
    }
    let mut csv = Vec::with_capacity(h * w * 8);
    for row in range.rows() {
        for (i, c) in row.iter().enumerate() {
            if i > 0 {
                csv.push(b',');
            }
            let t = cell_text(c);
            if t.contains([',', '"', '\r', '\n']) {
                csv.push(b'"');
                csv.extend_from_slice(t.replace('"', "\"\"").as_bytes());
                csv.push(b'"');
            } else {
                csv.extend_from_slice(t.as_bytes());
            }
        }
        csv.extend_from_slice(b"\r\n");
    }
    Ok(Sheet {
        csv,
        format,
        sheets,
        sheet: name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serial_dates() {
        assert_eq!(civil(1.0), "1899-12-31");
        assert_eq!(civil(32_990.0), "1990-04-27");
        assert_eq!(civil(45_292.5), "2024-01-01 12:00:00");
    }

    #[test]
    fn declared_dimensions() {
        assert_eq!(
            declared_cells(r#"<worksheet><dimension ref="A1:C10"/>"#),
            Some(30)
        );
        assert_eq!(
            declared_cells(r#"<dimension ref="B2:XFD1048576"/>"#),
            Some(16_383 * 1_048_575)
        );
        assert_eq!(declared_cells("<sheetData>"), None);
    }
}
