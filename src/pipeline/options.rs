//! What the caller of a scan may set, checked before any byte is read.

#[allow(unused_imports)]
use super::*;

/// What the caller may set. Everything is optional: the defaults detect.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScanOptions {
    /// File name for the report.
    pub name: Option<String>,
    /// Force an encoding (WHATWG label).
    pub encoding: Option<String>,
    /// Force a delimiter (one ASCII character, or `tab`).
    pub delimiter: Option<String>,
    /// Force header presence.
    pub has_header: Option<bool>,
    /// Cap on one field in bytes (default 16 MiB).
    pub field_cap: Option<usize>,
    /// The caller hashes the same bytes itself, in parallel, and hands the
    /// digest over with [`Scanner::set_sha256`] before `finish`. The page
    /// does this in a second worker: WebAssembly has no SHA instructions,
    /// and hashing took a quarter of a single-threaded scan.
    pub sha256_by_caller: bool,
    /// Quasi-identifier columns for the risk measures, by header name or
    /// 0-based index (default: the columns judged quasi-identifiers).
    pub qi: Option<Vec<String>>,
    /// Sensitive columns for l-diversity (default: those judged sensitive).
    pub sensitive: Option<Vec<String>>,
    /// Target k (default [`crate::risk::K_TARGET`]; at least 1).
    pub k: Option<u32>,
    /// Share of the population the file holds, for the population-uniques
    /// estimate (default 0.01).
    pub sampling_fraction: Option<f64>,
    /// Largest driver combination to examine whatever the table's size
    /// (default: up to three columns within a time budget).
    pub drivers: Option<usize>,
    /// Keep an encoded copy of every column, names and other identifiers
    /// included: for the second ("public") table of a linkage, see
    /// [`Scanner::link`].
    pub keep_all_columns: bool,
    /// The sheet of a workbook to read (a name or a 0-based index; the
    /// first by default). See [`workbook_csv`].
    pub sheet: Option<String>,
    /// The input is a workbook's sheet turned into CSV: the report
    /// describes the workbook (its size, format and sheets).
    pub workbook: Option<WorkbookInfo>,
    /// The input's size in bytes, when known (the page passes the file's):
    /// the copies kept for risk are then allocated once, for the rows the
    /// first batches predict, instead of growing by doubling.
    pub size_hint: Option<u64>,
    /// The reference date for counting minors (`YYYY-MM-DD`): people under
    /// 14 on it. The CLI passes today; without one, minors are not counted.
    pub as_of: Option<String>,
    /// The provider is a critical information infrastructure operator: a
    /// cross-border transfer always needs a security assessment.
    pub cii: bool,
    /// The file holds important data (重要数据): likewise.
    pub important_data: bool,
    /// The purpose of processing (`src/mask/purposes.json`): personal
    /// columns it does not need are listed and dropped by the suggestions.
    pub purpose: Option<String>,
    /// A policy preset (`src/mask/policies.json`): the rule each column
    /// falls under, the suggestions that meet them, and the target k when
    /// `k` is not given.
    pub policy: Option<String>,
    /// Threads a native scan of a file may use (default: every core, or
    /// `PRIVSCAN_THREADS`); 1 reads and profiles on the calling thread
    /// only, as the browser's worker does.
    pub threads: Option<usize>,
}

impl ScanOptions {
    /// Checks the options that can be wrong before any byte is read: the
    /// encoding and delimiter given, and k (at least 1). Shells call it
    /// before opening files, so that a wrong argument is reported as one.
    pub fn validate(&self) -> Result<()> {
        let given = |o: &Option<String>| {
            o.as_deref()
                .filter(|s| !s.is_empty() && *s != "auto")
                .map(str::to_string)
        };
        if let Some(e) = given(&self.encoding) {
            encoding_for_label(&e)?;
        }
        if let Some(d) = given(&self.delimiter) {
            parse_delimiter(&d)?;
        }
        if let Some(k) = self.k {
            crate::risk::k_for_measuring(k)?;
        }
        self.minor_cutoff()?;
        if let Some(p) = &self.purpose {
            crate::mask::purpose::purpose(p)?;
        }
        if let Some(p) = &self.policy {
            crate::mask::policy::policy(p)?;
        }
        Ok(())
    }

    /// The target k: the one given, else the policy's, else the default.
    pub fn k_target(&self) -> u32 {
        self.k
            .or_else(|| {
                let p = self.policy.as_deref()?;
                crate::mask::policy::policy(p).ok()?.k()
            })
            .unwrap_or(crate::risk::K_TARGET)
    }

    /// People born after this date are minors: the reference date less 14
    /// years (29 February becomes 28 February in a common year).
    pub fn minor_cutoff(&self) -> Result<Option<crate::detect::detectors::date::Ymd>> {
        let Some(text) = self.as_of.as_deref() else {
            return Ok(None);
        };
        let bad = || {
            Error::new(ErrorKind::Options(format!(
                "--as-of {text:?} is not a date written YYYY-MM-DD"
            )))
        };
        let t = text.trim();
        if t.len() != 10 || t.as_bytes()[4] != b'-' || t.as_bytes()[7] != b'-' {
            return Err(bad());
        }
        let d = crate::detect::detectors::date::parse(t).ok_or_else(bad)?;
        let year = d.year.checked_sub(14).ok_or_else(bad)?;
        let day =
            if d.month == 2 && d.day == 29 && !crate::detect::detectors::real_date(year, 2, 29) {
                28
            } else {
                d.day
            };
        Ok(Some(crate::detect::detectors::date::Ymd {
            year,
            month: d.month,
            day,
            ..d
        }))
    }
}

/// Parses a delimiter option (`,` `;` `|` `\t` `tab` …).
pub fn parse_delimiter(s: &str) -> Result<u8> {
    let d = match s {
        "tab" | "TAB" | "\\t" | "\t" => b'\t',
        "comma" => b',',
        "semicolon" => b';',
        "pipe" => b'|',
        _ if s.len() == 1
            && s.as_bytes()[0].is_ascii()
            && !s.as_bytes()[0].is_ascii_alphanumeric()
            && s != "\"" =>
        {
            s.as_bytes()[0]
        }
        _ => return Err(Error::new(ErrorKind::BadDelimiter(s.to_string()))),
    };
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_minor_cutoff_is_fourteen_years_before() {
        let cutoff = |d: &str| {
            ScanOptions {
                as_of: Some(d.into()),
                ..ScanOptions::default()
            }
            .minor_cutoff()
            .map(|c| c.map(|c| (c.year, c.month, c.day)))
        };
        assert_eq!(cutoff("2026-12-03").unwrap(), Some((2012, 12, 3)));
        // 29 February fourteen years back is in a common year.
        assert_eq!(cutoff("2024-02-29").unwrap(), Some((2010, 2, 28)));
        assert!(cutoff("2026-13-01").is_err());
        assert!(cutoff("03/12/2026").is_err());
        assert_eq!(ScanOptions::default().minor_cutoff().unwrap(), None);
    }
}
