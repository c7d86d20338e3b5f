//! Calendar dates in the forms people and exports write: ISO (1990-05-17,
//! 1990/5/17, 1990.05.17), compact (19900517), Chinese (1990年5月17日),
//! day-first and month-first (17/05/1990, 05/17/1990, 17.05.1990), and
//! month names (17 May 1990, May 17, 1990). A time of day may follow.
//! `num` of a hit is the year; `flag` says a time of day was present, which
//! is how event timestamps are told from birth dates.

use super::{num, real_date};
use crate::detect::evidence::Evidence;
use crate::detect::{
    Cell, ColumnView, Detector, Fact, Hit, Level, Meta, PiCategory, RuleOutcome, Shape,
};
use crate::entity::Entity;

/// The date detector (the column rule chooses DATE_OF_BIRTH, DATE or NONE).
pub struct Date;

/// A parsed date.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub struct Ymd {
    /// Year.
    pub year: u32,
    /// Month 1–12.
    pub month: u32,
    /// Day 1–31.
    pub day: u32,
    /// A time of day followed the date.
    pub time: bool,
    /// The form is unambiguous and separated (not a bare 8-digit number).
    pub strong: bool,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_name(w: &str) -> Option<u32> {
    if w.len() < 3 {
        return None;
    }
    let lw = w.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| lw.starts_with(m))
        .map(|i| i as u32 + 1)
}

/// Whether a time of day follows the date. Midnight (`00:00`, `00:00:00`,
/// `00:00:00.000`) is how spreadsheets write a date-only value in a date-time
/// cell, so it does not count as a time.
fn is_time(rest: &str) -> bool {
    let r = rest.trim_start_matches([' ', 'T', 't']);
    if !r.is_empty() && r.bytes().all(|c| matches!(c, b'0' | b':' | b'.' | b'Z')) {
        return false;
    }
    let b = r.as_bytes();
    // HH:MM at least.
    b.len() >= 4
        && b[0].is_ascii_digit()
        && (b[1] == b':' || (b[1].is_ascii_digit() && b.get(2) == Some(&b':')))
        || r.starts_with('上')
        || r.starts_with('下')
        || r.chars().next().is_some_and(|c| c.is_ascii_digit()) && r.contains('时')
}

/// Parses a date at the start of `t`.
pub fn parse(t: &str) -> Option<Ymd> {
    let b = t.as_bytes();
    let digits_at = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let n0 = digits_at(0);
    // Compact YYYYMMDD (optionally followed by a time).
    if n0 == 8 && (b.len() == 8 || b[8] == b' ' || b[8] == b'T') {
        let (y, m, d) = (num(&b[0..4])?, num(&b[4..6])?, num(&b[6..8])?);
        return real_date(y, m, d).then(|| Ymd {
            year: y,
            month: m,
            day: d,
            time: is_time(&t[8..]),
            strong: false,
        });
    }
    if n0 == 4 {
        // Year first: separators - / . or 年月日.
        let y = num(&b[0..4])?;
        let rest = &t[4..];
        let (sep_len, cjk) = if rest.starts_with('年') {
            (3, true)
        } else if matches!(rest.as_bytes().first(), Some(b'-' | b'/' | b'.')) {
            (1, false)
        } else {
            return None;
        };
        let i = 4 + sep_len;
        let nm = digits_at(i);
        if nm == 0 || nm > 2 {
            return None;
        }
        let m = num(&b[i..i + nm])?;
        let mut j = i + nm;
        // Year and month only (1990-05, 1990年5月): a real month, weak.
        let month_only = if cjk {
            t[j..] == *"月" || t.len() == j
        } else {
            t.len() == j
        };
        if month_only {
            return (real_date(y, m, 1)).then_some(Ymd {
                year: y,
                month: m,
                day: 1,
                time: false,
                strong: false,
            });
        }
        if cjk {
            if !t[j..].starts_with('月') {
                return None;
            }
            j += 3;
        } else {
            if b.get(j) != Some(&b[4]) {
                return None;
            }
            j += 1;
        }
        let nd = digits_at(j);
        if nd == 0 || nd > 2 {
            return None;
        }
        let d = num(&b[j..j + nd])?;
        let mut k = j + nd;
        if cjk && (t[k..].starts_with('日') || t[k..].starts_with('号')) {
            k += 3;
        }
        let rest = &t[k..];
        if !rest.is_empty() && !rest.starts_with([' ', 'T']) {
            return None;
        }
        return real_date(y, m, d).then(|| Ymd {
            year: y,
            month: m,
            day: d,
            time: is_time(rest),
            strong: true,
        });
    }
    if (1..=2).contains(&n0) && b.len() > n0 {
        let sep = b[n0];
        if matches!(sep, b'/' | b'.' | b'-') {
            // D/M/Y or M/D/Y, or D-Mon-Y.
            let a = num(&b[..n0])?;
            let i = n0 + 1;
            let n1 = digits_at(i);
            let (second, j) = if n1 == 0 {
                let end = i + b[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
                (month_name(&t[i..end])? + 100, end)
            } else if n1 <= 2 {
                (num(&b[i..i + n1])?, i + n1)
            } else {
                return None;
            };
            if b.get(j) != Some(&sep) {
                return None;
            }
            let ny = digits_at(j + 1);
            let year = match ny {
                4 => num(&b[j + 1..j + 5])?,
                2 => {
                    let yy = num(&b[j + 1..j + 3])?;
                    if yy > 30 {
                        1900 + yy
                    } else {
                        2000 + yy
                    }
                }
                _ => return None,
            };
            let rest = &t[j + 1 + ny..];
            if !rest.is_empty() && !rest.starts_with([' ', 'T']) {
                return None;
            }
            let (m, d) = if second > 100 {
                (second - 100, a)
            } else if a > 12 {
                (second, a)
            } else {
                (a, second)
            };
            let ok = real_date(year, m, d) || (second <= 12 && real_date(year, second, a));
            return ok.then(|| Ymd {
                year,
                month: m,
                day: d,
                time: is_time(rest),
                strong: ny == 4,
            });
        }
        if sep == b' ' {
            // 17 May 1990
            let mut w = t.split_whitespace();
            let d = w.next().and_then(|x| x.parse::<u32>().ok())?;
            let m = month_name(w.next()?.trim_end_matches([',', '.']))?;
            let y = w
                .next()
                .and_then(|x| x.trim_end_matches(',').parse::<u32>().ok())?;
            let time = w.next().is_some_and(is_time);
            return real_date(y, m, d).then_some(Ymd {
                year: y,
                month: m,
                day: d,
                time,
                strong: true,
            });
        }
        return None;
    }
    if n0 == 0 && b.first().is_some_and(u8::is_ascii_alphabetic) {
        // May 17, 1990
        let mut w = t.split_whitespace();
        let m = month_name(w.next()?.trim_end_matches('.'))?;
        let d = w
            .next()
            .and_then(|x| x.trim_end_matches(',').parse::<u32>().ok())?;
        let y = w.next().and_then(|x| x.parse::<u32>().ok())?;
        let time = w.next().is_some_and(is_time);
        return real_date(y, m, d).then_some(Ymd {
            year: y,
            month: m,
            day: d,
            time,
            strong: true,
        });
    }
    None
}

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "入院日期|出院日期|就诊日期|就诊时间|入院时间|出院时间|入职日期|离职日期|购买日期|下单日期|注册日期|死亡日期|手术日期|检查日期|发病日期|~日期\
     |admission date|discharge date|visit date|hire date|purchase date|death date\
     |date of death|service date|appointment date|~date";

const META: Meta = Meta::new("date", Entity::Date)
    .num_base(1870)
    .headers(HEADERS)
    .pi(PiCategory::Basic, false);

impl Detector for Date {
    fn meta(&self) -> &Meta {
        &META
    }
    /// Under a date header any value with digits may be a date: a bare
    /// birth year, `March 1990`.
    fn plausible(&self, cell: &Cell<'_>) -> bool {
        let s = &cell.shape;
        s.digits >= 2 && s.chars <= 40
    }
    fn prefilter(&self, s: &Shape) -> bool {
        // 25-Nov-96 has four digits.
        (s.digits >= 5 || (s.digits >= 3 && s.letters >= 3))
            && s.chars <= 40
            && ((s.digits == 8 && s.chars == 8) || s.punct >= 1 || s.cjk >= 2 || s.letters >= 3)
    }
    /// Dates become birth dates when their years spread as birth dates do,
    /// event timestamps (not personal) when most have a time of day.
    fn column_rule(&self, v: &ColumnView<'_>) -> RuleOutcome {
        if v.named(Entity::DateOfBirth) {
            return (Some(Entity::DateOfBirth), None);
        }
        if v.named(Entity::Date) {
            return (Some(Entity::Date), None);
        }
        if v.flagged * 2 > v.matched().max(1) {
            return (None, Some(Evidence::Timestamps));
        }
        let base = usize::from(META.num_base);
        let lo = v.quantile(0.05).map(|y| y + base);
        let hi = v.quantile(0.95).map(|y| y + base);
        match (lo, hi) {
            (Some(lo), Some(hi)) if hi >= lo + 15 && lo >= 1900 && hi <= 2025 => (
                Some(Entity::DateOfBirth),
                Some(Evidence::BirthYears { from: lo, to: hi }),
            ),
            _ => (Some(Entity::Date), None),
        }
    }
    fn minor(&self, text: &str, born_after: Ymd) -> Option<bool> {
        let d = parse(text)?;
        Some((d.year, d.month, d.day) > (born_after.year, born_after.month, born_after.day))
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        match parse(cell.text) {
            Some(d) => Hit::new(
                if d.strong { Level::Valid } else { Level::Weak },
                if d.time {
                    Fact::Timestamp(d.year as u16)
                } else {
                    Fact::Year(d.year as u16)
                },
            ),
            None => Hit::NO,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        check_table(
            &Date,
            &[
                ("1990-05-17", Level::Valid),
                ("1990/5/17", Level::Valid),
                ("1990.05.17", Level::Valid),
                ("1990年5月17日", Level::Valid),
                ("17/05/1990", Level::Valid),
                ("05/17/1990", Level::Valid),
                ("17.05.1990", Level::Valid),
                ("17 May 1990", Level::Valid),
                ("May 17, 1990", Level::Valid),
                ("17-May-1990", Level::Valid),
                ("25-Nov-96", Level::Weak),
                ("3-Jan-85", Level::Weak),
                ("2023-11-05 14:30:00", Level::Valid),
                ("2023-11-05T14:30:00Z", Level::Valid),
                ("19900517", Level::Weak),
                ("19901317", Level::No),
                ("1990-02-30", Level::No),
                ("1990-05", Level::Weak), // year and month (出生年月)
                ("1990年5月", Level::Weak),
                ("1990-13", Level::No),
                ("1990-05-17 00:00:00", Level::Valid),
                ("3/4/12", Level::No),
                ("03/04/12", Level::Weak),
                ("12345678", Level::No),
            ],
        );
        assert!(parse("2023-11-05 14:30:00").unwrap().time);
        assert!(!parse("1990-05-17").unwrap().time);
        assert!(
            !parse("1990-05-17 00:00:00").unwrap().time,
            "midnight is a date-only cell"
        );
        assert_eq!(parse("1990年5月17日").unwrap().year, 1990);
    }
}
