//! Input: bytes → decoded UTF-8 text → records, all streaming from chunks.

pub mod decode;
pub mod dialect;
#[cfg(feature = "excel")]
pub mod excel;
pub mod magic;
pub mod records;

/// File name endings of tables, as a walk of a folder picks files up
/// (`privscan scan DIR`, the page's folder choice): text exports and
/// workbooks.
pub const TABLE_EXTENSIONS: &[&str] = &[
    "csv", "tsv", "txt", "tab", "psv", "xlsx", "xlsm", "xls", "ods",
];

/// A workbook the table came from.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkbookInfo {
    /// `xlsx`, `xls` or `ods`.
    pub format: String,
    /// Size of the workbook file.
    pub bytes: u64,
    /// The sheet read.
    pub sheet: String,
    /// Every sheet, in order.
    pub sheets: Vec<String>,
}
