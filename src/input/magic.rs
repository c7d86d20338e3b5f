//! Recognises binary formats by their first bytes, so that a workbook or an
//! image renamed `.csv` gets a clear message instead of a page of mojibake.

use crate::error::{Error, ErrorKind};

const SAVE_AS_CSV: &str =
    "Open it in Excel or WPS and use File → Save As → CSV UTF-8, then scan the CSV.";

/// Checks the start of the input against known binary signatures.
pub fn check(head: &[u8]) -> Result<(), Error> {
    let not_text = |looks_like: &'static str, hint: &'static str| {
        Err(Error::new(ErrorKind::NotText { looks_like, hint }))
    };
    let starts = |sig: &[u8]| head.starts_with(sig);
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        return not_text("a ZIP archive, such as an Excel workbook (.xlsx), an OpenDocument sheet (.ods) or a Word file", SAVE_AS_CSV);
    }
    if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return not_text(
            "an Excel 97–2003 workbook (.xls) or another Office file",
            SAVE_AS_CSV,
        );
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return not_text("a PNG image", "Choose the CSV file of the table.");
    }
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return not_text("a JPEG image", "Choose the CSV file of the table.");
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return not_text("a GIF image", "Choose the CSV file of the table.");
    }
    if starts(b"%PDF-") {
        return not_text("a PDF document", "Export the table from its source as CSV.");
    }
    if starts(&[0x1F, 0x8B]) {
        return not_text(
            "a gzip-compressed file",
            "Decompress it first (gunzip) and scan the CSV inside.",
        );
    }
    if starts(b"7z\xBC\xAF\x27\x1C") || starts(b"Rar!\x1A\x07") {
        return not_text(
            "a compressed archive (7z or RAR)",
            "Extract it first and scan the CSV inside.",
        );
    }
    if starts(b"SQLite format 3\0") {
        return not_text("an SQLite database", "Export the table as CSV.");
    }
    if starts(b"PAR1") {
        return not_text("a Parquet file", "Convert it to CSV first.");
    }
    if starts(b"\x7FELF") || (starts(b"MZ") && head.len() > 64 && head[..64].contains(&0)) {
        return not_text(
            "a program (executable)",
            "Choose the CSV file of the table.",
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures() {
        assert_eq!(check(b"PK\x03\x04rest").unwrap_err().code(), "not_text");
        assert!(check(b"PK\x03\x04")
            .unwrap_err()
            .to_string()
            .contains("Excel"));
        assert!(check(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
            .unwrap_err()
            .to_string()
            .contains(".xls"));
        assert!(check(b"%PDF-1.7").is_err());
        assert!(check(b"\x89PNG\r\n\x1a\n").is_err());
        assert!(check(b"name,phone\n").is_ok());
        assert!(check(b"MZ,Mozambique\n").is_ok());
    }
}
