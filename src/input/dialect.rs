//! Dialect sniffing on the first decoded bytes: the delimiter (`,` `;` TAB
//! `|`). Whether the first row is a header is a question for the detectors
//! ([`crate::detect::header_row`]), asked by the pipeline.
//!
//! Delimiter: each candidate parses the sample; the one whose rows most
//! consistently share a field count greater than one wins (ties go to more
//! fields, then to the order `, \t ; |`).

/// Delimiters tried, in tie-break order.
pub const CANDIDATES: [u8; 4] = [b',', b'\t', b';', b'|'];

/// A sniffed or given dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dialect {
    /// Field delimiter.
    pub delimiter: u8,
    /// Quote character.
    pub quote: u8,
    /// First row is a header.
    pub has_header: bool,
}

/// Parses the sample into at most `max` records with `delim`. The last
/// record is dropped when the sample is cut (`complete == false`).
pub fn parse_sample(text: &[u8], delim: u8, max: usize, complete: bool) -> Vec<Vec<String>> {
    let mut rdr = csv_core::ReaderBuilder::new().delimiter(delim).build();
    // Room for any record of the sample in one call: the whole text, and
    // one end per delimiter (a very wide header is still one record).
    let mut out = vec![0u8; text.len() + 16];
    let mut ends = vec![0usize; memchr::memchr_iter(delim, text).count() + 2];
    let mut rows = Vec::new();
    let mut input = text;
    let mut done_eof = false;
    loop {
        let (res, nin, _nout, nend) = rdr.read_record(input, &mut out, &mut ends);
        input = &input[nin..];
        match res {
            csv_core::ReadRecordResult::Record => {
                let mut fields = Vec::with_capacity(nend);
                let mut start = 0;
                for &e in &ends[..nend] {
                    fields.push(String::from_utf8_lossy(&out[start..e]).into_owned());
                    start = e;
                }
                if !(fields.len() == 1 && fields[0].is_empty()) {
                    rows.push(fields);
                }
                if rows.len() >= max {
                    break;
                }
            }
            csv_core::ReadRecordResult::InputEmpty => {
                if !complete || done_eof {
                    break;
                }
                done_eof = true;
                input = &[];
            }
            csv_core::ReadRecordResult::OutputFull | csv_core::ReadRecordResult::OutputEndsFull => {
                break
            }
            csv_core::ReadRecordResult::End => break,
        }
    }
    rows
}

/// Picks the delimiter for a sample.
pub fn sniff_delimiter(text: &[u8], complete: bool) -> u8 {
    let mut best = (b',', 0.0f64, 0usize);
    for &d in &CANDIDATES {
        if !text.contains(&d) {
            continue;
        }
        let rows = parse_sample(text, d, 200, complete);
        if rows.is_empty() {
            continue;
        }
        let mut counts = std::collections::HashMap::<usize, usize>::new();
        for r in &rows {
            *counts.entry(r.len()).or_default() += 1;
        }
        let (&mode, &freq) = counts
            .iter()
            .max_by_key(|(n, f)| (**f, **n))
            .unwrap_or((&1, &0));
        if mode < 2 {
            continue;
        }
        let consistency = freq as f64 / rows.len() as f64;
        let better =
            consistency > best.1 + 1e-9 || ((consistency - best.1).abs() < 1e-9 && mode > best.2);
        if better {
            best = (d, consistency, mode);
        }
    }
    best.0
}

/// Recognises Excel's `sep=X` first line; returns the delimiter and the
/// line's length including its line break.
pub fn excel_sep_line(text: &[u8]) -> Option<(u8, usize)> {
    let rest = text.strip_prefix(b"sep=")?;
    let d = *rest.first()?;
    let after = &rest[1..];
    let nl = if after.starts_with(b"\r\n") {
        2
    } else if after.starts_with(b"\n") || after.starts_with(b"\r") {
        1
    } else {
        return None;
    };
    (d.is_ascii() && !d.is_ascii_alphanumeric() && d != b'"').then_some((d, 5 + nl))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1;2;3\n4;5;6\n", true), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n1\t2\n", true), b'\t');
        assert_eq!(sniff_delimiter(b"a|b\n1|2\n", true), b'|');
        assert_eq!(
            sniff_delimiter(
                "name,note\n\"Li, Wei\",\"a;b;c\"\nZhang,x\n".as_bytes(),
                true
            ),
            b','
        );
        assert_eq!(sniff_delimiter(b"justone\nvalue\n", true), b',');
    }
}
