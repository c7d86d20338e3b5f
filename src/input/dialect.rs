//! Dialect sniffing on the first decoded bytes: the delimiter (`,` `;` TAB
//! `|`), and whether the first row is a header.
//!
//! Delimiter: each candidate parses the sample; the one whose rows most
//! consistently share a field count greater than one wins (ties go to more
//! fields, then to the order `, \t ; |`).
//!
//! Header: the first row is a header when its cells read like labels rather
//! than like the values below them: they are named in the header lexicon,
//! are meaningless labels (col1, 字段3), or differ in character class from
//! the column (text above numbers); and when none of them validates as an
//! identifier or a date.

use crate::detect::header;
use crate::detect::registry::DETECTORS;
use crate::detect::{run, Cell, Level, Shape};
use crate::profile::trim_cell;

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

fn class(s: &Shape) -> u8 {
    if s.chars == 0 {
        0
    } else if s.digits * 2 >= s.chars {
        1 // numeric-ish
    } else if s.cjk > 0 {
        2
    } else {
        3
    }
}

fn validates(cell: &Cell<'_>) -> bool {
    DETECTORS.iter().any(|d| {
        let strong_id = matches!(
            d.id(),
            "cn_resident_id"
                | "phone"
                | "email"
                | "bank_card"
                | "date"
                | "ip_address"
                | "url"
                | "iban"
                | "cn_uscc"
        );
        strong_id && run(*d, cell).level >= Level::Weak
    })
}

/// Title lines above the header, as spreadsheet exports write them
/// (`2024年第三季度客户信息表` in the first cell, the rest of the row
/// empty): how many of the first `rows` to skip. Only rows with at most one
/// filled cell, at most five of them, and only when the row after them is
/// wider and reads as a header, so a sparse data row is never taken for a
/// title.
pub fn title_rows(rows: &[Vec<String>]) -> usize {
    let filled = |r: &[String]| r.iter().filter(|c| !trim_cell(c).is_empty()).count();
    let n = rows.iter().take(6).take_while(|r| filled(r) <= 1).count();
    if n == 0 || n > 5 || n >= rows.len() || filled(&rows[n]) < 2 || !sniff_header(&rows[n..]) {
        return 0;
    }
    n
}

/// Decides whether the first of `rows` is a header.
pub fn sniff_header(rows: &[Vec<String>]) -> bool {
    let Some(first) = rows.first() else {
        return false;
    };
    let body = &rows[1..];
    // A first row repeated below is data (a column of identical values).
    if body.iter().take(5).any(|r| r == first) {
        return false;
    }
    let mut score = 0i32;
    let mut seen = std::collections::HashSet::new();
    for (i, raw) in first.iter().enumerate() {
        let h = trim_cell(raw);
        if h.is_empty() {
            score -= 1;
            continue;
        }
        if !seen.insert(h.to_string()) {
            score -= 2;
        }
        let cell = Cell::new(h);
        if validates(&cell) {
            score -= 3;
            continue;
        }
        if header::lookup(h).is_some() || header::is_generic(h) {
            score += 2;
        }
        if cell.shape.all_digits() {
            score -= 2;
            continue;
        }
        // A label is not among the values under it; a category value
        // (异性恋, 佛教, Male) is, a few rows down.
        if body
            .iter()
            .filter_map(|r| r.get(i))
            .any(|v| trim_cell(v) == h)
        {
            score -= 2;
            continue;
        }
        // Compare the first cell's class with the column below.
        let col: Vec<Shape> = body
            .iter()
            .filter_map(|r| r.get(i))
            .map(|v| Shape::of(trim_cell(v)))
            .filter(|s| s.chars > 0)
            .collect();
        if col.is_empty() {
            continue;
        }
        let hc = class(&cell.shape);
        let same = col.iter().filter(|s| class(s) == hc).count();
        if same * 10 <= col.len() * 2 {
            score += 1;
        }
        let col_validates = body
            .iter()
            .filter_map(|r| r.get(i))
            .take(20)
            .filter(|v| validates(&Cell::new(trim_cell(v))))
            .count();
        if col_validates >= 3 {
            score += 1;
        }
    }
    if body.is_empty() {
        // A single row: a header if it reads like labels.
        return score > 0;
    }
    score > 0
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

    fn rows(t: &str) -> Vec<Vec<String>> {
        parse_sample(t.as_bytes(), b',', 100, true)
    }

    #[test]
    fn very_wide_header() {
        let n = 20_000;
        let mut t = (0..n)
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .join(",");
        t.push('\n');
        for r in 1..4 {
            t.push_str(
                &(0..n)
                    .map(|i| (i * r).to_string())
                    .collect::<Vec<_>>()
                    .join(","),
            );
            t.push('\n');
        }
        let rows = parse_sample(t.as_bytes(), b',', 10, true);
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].len(), n);
        assert!(sniff_header(&rows));
    }

    #[test]
    fn title_lines_above_the_header() {
        let table = "序号,姓名,手机\n1,张伟,13812345678\n2,李娜,13912345678\n";
        assert_eq!(title_rows(&rows(table)), 0);
        assert_eq!(title_rows(&rows(&format!("客户信息表,,\n{table}"))), 1);
        assert_eq!(
            title_rows(&rows(&format!("客户信息表\n\"制表：2024-05-01\"\n{table}"))),
            2
        );
        // A sparse first data row of a headerless file is data.
        assert_eq!(
            title_rows(&rows(
                "13812345678,,\n13912345678,张伟,35\n13712345678,李娜,28\n"
            )),
            0
        );
        // Six lines of one value are a one-column table, not titles.
        let one = "a\nb\nc\nd\ne\nf\n姓名,手机\n张伟,13812345678\n";
        assert_eq!(title_rows(&rows(one)), 0);
    }

    #[test]
    fn headers() {
        assert!(sniff_header(&rows(
            "姓名,手机,年龄\n张伟,13812345678,35\n李娜,13912345678,28\n"
        )));
        assert!(sniff_header(&rows(
            "col1,col2\n13812345678,x\n13912345678,y\n"
        )));
        assert!(!sniff_header(&rows(
            "张伟,13812345678,35\n李娜,13912345678,28\n"
        )));
        assert!(!sniff_header(&rows(
            "39, State-gov, 77516, Bachelors\n50, Self-emp-not-inc, 83311, Bachelors\n"
        )));
        assert!(sniff_header(&rows("id,amount\n1,20.5\n2,30.1\n")));
        assert!(!sniff_header(&rows("x\nx\nx\n")));
        // Category values in the first row come back below it: data.
        assert!(!sniff_header(&rows(
            "异性恋,佛教,中共党员\n同性恋,基督教,群众\n异性恋,道教,共青团员\n双性恋,佛教,中共党员\n"
        )));
        assert!(sniff_header(&rows(
            "性取向,宗教信仰,政治面貌\n同性恋,基督教,群众\n异性恋,道教,共青团员\n双性恋,佛教,中共党员\n"
        )));
    }
}
