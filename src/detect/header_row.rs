//! Is the first row a header, and are there title lines above it? Asked of
//! a parsed sample of the first rows (`input::dialect::parse_sample`).
//!
//! The first row is a header when its cells read like labels rather than
//! like the values below them: they are named in the header lexicon, are
//! meaningless labels (col1, 字段3), or differ in character class from the
//! column (text above numbers); and when none of them validates as an
//! identifier or a date.

use super::header;
use super::registry::DETECTORS;
use super::{run, Cell, Level, Shape};
use crate::cell::trim_cell;

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

/// The lines of a header block besides the column names: a group row
/// above them (merged cells: `Person,,,Contact,`) and rows below them
/// (a survey platform's question texts and import ids, a sub-answer row).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeaderBlock {
    /// Group rows between the title lines and the names (0 or 1).
    pub above: usize,
    /// Rows after the names that are part of the header (at most 3).
    pub below: usize,
}

fn filled(r: &[String]) -> usize {
    r.iter().filter(|c| !trim_cell(c).is_empty()).count()
}

/// A survey platform's import-id row: `{"ImportId":"QID1"}` in most cells.
fn import_ids(r: &[String]) -> bool {
    let ids = r
        .iter()
        .map(|c| trim_cell(c))
        .filter(|c| {
            c.starts_with('{') && c.ends_with('}') && c.to_ascii_lowercase().contains("importid")
        })
        .count();
    ids >= 1 && ids * 2 >= filled(r)
}

/// The header block around the names of `rows` (the rows after any title
/// lines; the names are `rows[above]`). Conservative: a data row taken for
/// a header would be neither profiled nor masked, so each line must be
/// what survey platforms and spreadsheets write, not merely label-like.
pub fn header_block(rows: &[Vec<String>]) -> HeaderBlock {
    let mut block = HeaderBlock::default();
    // A group row: fewer labels than the names under it, each spanning
    // the empty cells after it, none of them a value.
    if let [group, names, ..] = rows {
        let labels = group.iter().map(|c| trim_cell(c)).filter(|c| !c.is_empty());
        let spans = group
            .windows(2)
            .any(|w| !trim_cell(&w[0]).is_empty() && trim_cell(&w[1]).is_empty());
        let values = labels.clone().any(|c| {
            let cell = Cell::new(c);
            cell.shape.digits * 2 >= cell.shape.chars || validates(&cell)
        });
        if filled(group) >= 2
            && filled(names) > filled(group)
            && spans
            && !values
            && sniff_header(&rows[1..])
        {
            block.above = 1;
        }
    }
    let after = &rows[block.above..];
    if after.len() < 2 {
        return block;
    }
    // Question texts then import ids (Qualtrics), or import ids alone.
    if after.get(2).is_some_and(|r| import_ids(r)) {
        block.below = 2;
    } else if import_ids(&after[1]) || sub_answers(&after[0], &after[1], &after[2..]) {
        block.below = 1;
    }
    block
}

/// Questions over merged cells and their answers' labels below them
/// (SurveyMonkey: `First name`, `Last name` under "What is your name?",
/// `Response`, an option's text): the row below fills the merged cells,
/// stays empty under the columns every data row fills (the respondent's
/// id, the dates), and holds no value.
fn sub_answers(names: &[String], sub: &[String], data: &[Vec<String>]) -> bool {
    let empty = |r: &[String], i: usize| r.get(i).is_none_or(|c| trim_cell(c).is_empty());
    let first = names.iter().position(|c| !trim_cell(c).is_empty());
    let gaps: Vec<usize> = (0..names.len())
        .filter(|&i| empty(names, i) && first.is_some_and(|f| i > f))
        .collect();
    let fills_gaps =
        !gaps.is_empty() && gaps.iter().filter(|&&i| !empty(sub, i)).count() * 2 >= gaps.len();
    let blank_over_data = !data.is_empty()
        && (0..names.len()).any(|i| {
            !empty(names, i) && empty(sub, i) && data.iter().take(10).all(|r| !empty(r, i))
        });
    let labels = sub
        .iter()
        .map(|c| trim_cell(c))
        .filter(|c| !c.is_empty())
        .all(|c| {
            let cell = Cell::new(c);
            cell.shape.digits == 0 && !validates(&cell)
        });
    fills_gaps && blank_over_data && labels
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
    use crate::input::dialect::parse_sample;

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
    fn header_blocks() {
        let data = "R_1,Owen Smith,34,owen@example.org\nR_2,Ann Lee,28,ann@example.org\nR_3,Li Wei,41,li@example.org\n";
        let qualtrics = format!(
            "ResponseId,Q1,Q2,Q3\nResponse ID,What is your name?,How old are you?,Your e-mail\n\
             {{\"ImportId\":\"_recordId\"}},{{\"ImportId\":\"QID1\"}},{{\"ImportId\":\"QID2\"}},{{\"ImportId\":\"QID3\"}}\n{data}"
        );
        assert_eq!(
            header_block(&rows(&qualtrics)),
            HeaderBlock { above: 0, below: 2 }
        );
        let grouped = "Person,,Contact,\nid,name,age,e-mail\n1,Owen Smith,34,owen@example.org\n2,Ann Lee,28,ann@example.org\n3,Li Wei,41,li@example.org\n";
        assert_eq!(
            header_block(&rows(grouped)),
            HeaderBlock { above: 1, below: 0 }
        );
        // Questions over merged cells, their answers' labels below
        // (SurveyMonkey).
        let monkey = "Respondent ID,Start Date,What is your name?,,Which fruits do you like?,\n\
                      ,,First name,Last name,Apple,Banana\n\
                      114,2024-05-01 10:12:03,Owen,Smith,Apple,\n\
                      115,2024-05-01 11:40:55,Ann,Lee,,Banana\n\
                      116,2024-05-02 09:03:10,Wei,Li,Apple,Banana\n";
        assert_eq!(
            header_block(&rows(monkey)),
            HeaderBlock { above: 0, below: 1 }
        );
        // A plain table has no block, and a sparse first data row is data.
        let plain = format!("id,name,age,e-mail\n{data}");
        assert_eq!(header_block(&rows(&plain)), HeaderBlock::default());
        let sparse = "id,name,age,e-mail\nR_0,,,\nR_1,Owen Smith,34,owen@example.org\nR_2,Ann Lee,28,ann@example.org\n";
        assert_eq!(header_block(&rows(sparse)), HeaderBlock::default());
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
