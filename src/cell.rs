//! Cell cleaning, the first thing every stage does with a value: trimming
//! what exports leave around it, telling "no value" tokens, masked values
//! and numbers a spreadsheet wrote in scientific notation. A leaf: it uses
//! nothing else of the crate.

/// A value masked by PrivScan or a similar tool: a run of `*` (`张*`,
/// `138****5678`, `***`), or one of PrivScan's keyed pseudonyms
/// (`ps_` and hex digits). A bare hex digest is not counted: an unkeyed
/// hash of a phone number is still an identifier.
pub fn looks_masked(t: &str) -> bool {
    let b = t.as_bytes();
    if memchr::memchr(b'*', b).is_some() {
        return true;
    }
    b.strip_prefix(b"ps_").is_some_and(|h| {
        (8..=64).contains(&h.len()) && h.iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
    })
}

/// A number in a spreadsheet's scientific notation with a large exponent
/// (`4.40106E+17`, `1.3812E+10`): what Excel shows, and saves, for an ID or
/// phone number typed as a number; the digits after the sixth are gone.
pub fn looks_scientific(t: &str) -> bool {
    let b = t.as_bytes();
    let Some(e) = b.iter().position(|&c| c == b'E' || c == b'e') else {
        return false;
    };
    let (mantissa, exp) = (&b[..e], &b[e + 1..]);
    let exp = exp.strip_prefix(b"+").unwrap_or(exp);
    let exponent = match exp {
        [d] if d.is_ascii_digit() => d - b'0',
        [a, d] if a.is_ascii_digit() && d.is_ascii_digit() => (a - b'0') * 10 + (d - b'0'),
        _ => return false,
    };
    mantissa.len() >= 3
        && mantissa[0].is_ascii_digit()
        && mantissa[1] == b'.'
        && mantissa[2..].iter().all(u8::is_ascii_digit)
        && exponent >= 7
}

/// Values that mean "no value" in real exports.
pub fn is_null_token(t: &str) -> bool {
    // Every token is at most six bytes: most cells are ruled out at once.
    t.len() <= 6
        && matches!(
            t,
            "" | "NULL"
                | "(null)"
                | "#NULL!"
                | "nil"
                | "NIL"
                | "N.A."
                | "n.a."
                | "暂无"
                | "null"
                | "Null"
                | "N/A"
                | "n/a"
                | "NA"
                | "#N/A"
                | "-"
                | "--"
                | "?"
                | "\\N"
                | "None"
                | "none"
                | "nan"
                | "NaN"
                | "无"
                | "空"
                | "/"
                | "—"
        )
}

/// Values of a yes/no flag (`0`/`1`, `Y`/`N`, `true`/`false`, 是/否 …):
/// under a header that mentions an identifier (`email_verified`,
/// 是否有手机号) they say whether a person has one, not what it is.
pub fn is_flag(t: &str) -> bool {
    t.len() <= 6
        && matches!(
            t.to_ascii_lowercase().as_str(),
            "0" | "1"
                | "y"
                | "n"
                | "t"
                | "f"
                | "x"
                | "yes"
                | "no"
                | "true"
                | "false"
                | "是"
                | "否"
                | "有"
                | "√"
                | "×"
                | "✓"
                | "✗"
        )
}

/// A cell trimmed, or empty if it is a null token: what the profile of a
/// column takes.
#[inline]
pub fn clean_cell(raw: &str) -> &str {
    let t = trim_cell(raw);
    if is_null_token(t) {
        ""
    } else {
        t
    }
}

/// Trims what exports leave around values: white space (including the
/// ideographic and no-break spaces), and the spreadsheet tricks that keep
/// long numbers as text: a leading `'` and the `="…"` formula form. A
/// whole number written as a float (`13812345678.0`, as pandas writes an
/// integer column with gaps) is read as the number.
#[inline]
pub fn trim_cell(t: &str) -> &str {
    let b = t.as_bytes();
    // Fast path: most cells start and end with a visible ASCII character
    // or a Han character (UTF-8 lead bytes E4–E9), neither of which is
    // white space or a spreadsheet marker.
    let first_ok =
        |f: u8| (f > b' ' && f < 0x80 && f != b'\'' && f != b'=') || (0xE4..=0xE9).contains(&f);
    let last_ok =
        |l: u8| (l > b' ' && l < 0x80) || (b.len() >= 3 && (0xE4..=0xE9).contains(&b[b.len() - 3]));
    let t = match (b.first(), b.last()) {
        (Some(&f), Some(&l)) if first_ok(f) && last_ok(l) => {
            return if l == b'0' { whole_number(t) } else { t };
        }
        (None, _) => return t,
        _ => t.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'),
    };
    if let Some(inner) = t.strip_prefix("=\"").and_then(|x| x.strip_suffix('"')) {
        return inner;
    }
    match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest,
        _ => whole_number(t),
    }
}

/// `55.0` → `55`; anything else unchanged.
#[inline]
fn whole_number(t: &str) -> &str {
    match t.as_bytes() {
        [head @ .., b'.', b'0'] if !head.is_empty() && head.iter().all(u8::is_ascii_digit) => {
            &t[..head.len()]
        }
        _ => t,
    }
}

/// Whether a character is a Han ideograph (CJK Unified Ideographs and the
/// extensions that names and places use).
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2EBEF | 0xF900..=0xFAFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_spreadsheet_text_tricks() {
        assert_eq!(trim_cell("  13812345678\t"), "13812345678");
        assert_eq!(trim_cell("'110105194912310021"), "110105194912310021");
        assert_eq!(trim_cell("=\"13812345678\""), "13812345678");
        assert_eq!(trim_cell("13812345678.0"), "13812345678");
        assert!(looks_scientific("4.40106E+17"));
        assert!(looks_scientific("1.3812e10"));
        assert!(!looks_scientific("1.5E+3"));
        assert!(!looks_scientific("E+17"));
        assert!(!looks_scientific("SKU-1E7"));
        assert_eq!(trim_cell(" 55.0 "), "55");
        assert_eq!(trim_cell("55.05"), "55.05");
        assert_eq!(trim_cell("-3.0"), "-3.0");
        assert_eq!(trim_cell(".0"), ".0");
        assert_eq!(trim_cell("v1.0"), "v1.0");
        assert_eq!(trim_cell("\u{3000}张伟\u{a0}"), "张伟");
        assert_eq!(trim_cell("'quoted'"), "'quoted'");
        assert_eq!(trim_cell("=SUM(A1)"), "=SUM(A1)");
    }
}
