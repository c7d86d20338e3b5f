//! Phone numbers. Mainland mobiles (1[3-9] + 9 digits, with `+86`, `86`,
//! `0086`, spaces or dashes), mainland landlines (0 + 2–3 digit area code +
//! 7–8 digit number), and international numbers written in E.164 (`+` and
//! 8–15 digits) or a common national layout with separators. The whole cell
//! must be the number, so digits inside a longer run never match.

use crate::detect::{mark, Cell, Detector, Fact, Hit, Level, MaskStyle, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The phone detector.
pub struct Phone;

/// What kind of number a string is, after separators are removed.
#[derive(Debug, PartialEq, Eq)]
pub enum PhoneKind {
    /// CN mobile, number plan checked.
    CnMobile,
    /// CN landline with area code.
    CnLandline,
    /// A CN landline written as one run of digits (`02112345678`): as
    /// often an id, so it needs a header to count.
    CnLandlineBare,
    /// A trunk-prefixed national number as one run of digits
    /// (`07700900123`): shape only, it needs a header.
    NationalBare,
    /// `+` and a plausible international number.
    International,
    /// A separated national number (e.g. `(555) 123-4567`, `020 7946 0958`).
    National,
    /// A mainland business number (400 or 800 and seven digits): a
    /// company's hotline, never a person's.
    Service,
}

/// Classifies a phone-looking string.
pub fn classify(text: &str) -> Option<PhoneKind> {
    let t = text.trim();
    match classify_plain(t) {
        None => {
            // 0755-88888888-123: an extension after a second dash, the way
            // switchboard numbers are written in China.
            let (head, ext) = t.rsplit_once('-')?;
            let ext_ok = (1..=5).contains(&ext.len()) && ext.bytes().all(|c| c.is_ascii_digit());
            match classify_plain(head) {
                Some(PhoneKind::CnLandline) if ext_ok && head.contains('-') => {
                    Some(PhoneKind::CnLandline)
                }
                _ => None,
            }
        }
        kind => kind,
    }
}

fn classify_plain(t: &str) -> Option<PhoneKind> {
    let t = strip_extension(t);
    // 158.123.45.167 is an IPv4 address, not 158 1234 5167.
    if t.parse::<std::net::Ipv4Addr>().is_ok() {
        return None;
    }
    let bytes = t.as_bytes();
    if bytes.is_empty() || bytes.len() > 24 {
        return None;
    }
    // "+86 …" or "(+86) …": a plus after nothing but an opening bracket.
    let lead = bytes
        .iter()
        .take_while(|&&b| b == b'(' || b == b' ')
        .count();
    let plus = bytes.get(lead) == Some(&b'+');
    // 12345.67890 is a decimal number: one dot, nothing else between the
    // digits.
    if bytes.iter().all(|&b| b.is_ascii_digit() || b == b'.')
        && bytes.iter().filter(|&&b| b == b'.').count() == 1
    {
        return None;
    }
    let mut digits = [0u8; 24];
    let mut n = 0;
    let mut seps = 0;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                digits[n] = b;
                n += 1;
            }
            b'+' if i == lead => {}
            b' ' | b'-' | b'.' | b'(' | b')' => seps += 1,
            _ => return None,
        }
    }
    // "00" is the international call prefix: 001-415-… is +1 415 ….
    let (plus, d) =
        if !plus && n >= 11 && digits[0] == b'0' && digits[1] == b'0' && digits[2] != b'8' {
            (true, &digits[2..n])
        } else {
            (plus, &digits[..n])
        };
    let n = d.len();
    // Strip the mainland country code.
    let cn = if plus && d.starts_with(b"86") {
        Some(&d[2..])
    } else if !plus && d.starts_with(b"0086") {
        Some(&d[4..])
    } else if !plus && d.len() == 13 && d.starts_with(b"861") {
        Some(&d[2..])
    } else if !plus {
        Some(d)
    } else {
        None
    };
    if let Some(c) = cn {
        if c.len() == 10 && (c.starts_with(b"400") || c.starts_with(b"800")) && c.len() == d.len() {
            return Some(PhoneKind::Service);
        }
        if c.len() == 11 && c[0] == b'1' && (b'3'..=b'9').contains(&c[1]) {
            return Some(PhoneKind::CnMobile);
        }
        // Landline: 0 + area code (10, 2x, or 3-digit 3xx–9xx) + 7–8 digits.
        if c.len() >= 10 && c.len() <= 12 && c[0] == b'0' && c[1] != b'0' {
            let area = if c[1] == b'1' || c[1] == b'2' { 3 } else { 4 };
            let local = c.len() - area;
            if (7..=8).contains(&local) && c[area] != b'0' && c[area] != b'1' {
                // Plain digit runs of this length are common ids; require the
                // separator people write after the area code, or a +86 prefix.
                return Some(if seps > 0 || c.len() != d.len() {
                    PhoneKind::CnLandline
                } else {
                    PhoneKind::CnLandlineBare
                });
            }
        }
    }
    if plus && (8..=15).contains(&n) && d[0] != b'0' {
        return Some(PhoneKind::International);
    }
    // National layouts need separators to be told from plain numbers.
    if !plus && seps >= 1 && (9..=11).contains(&n) {
        // NANP: (NXX) NXX-XXXX.
        if n == 10 && (b'2'..=b'9').contains(&d[0]) && (b'2'..=b'9').contains(&d[3]) {
            return Some(PhoneKind::National);
        }
        if n == 11 && d[0] == b'1' && (b'2'..=b'9').contains(&d[1]) {
            return Some(PhoneKind::National);
        }
        // Trunk-prefix layouts (UK, EU): 0 + 9–10 digits.
        if d[0] == b'0' && d[1] != b'0' && n >= 10 {
            return Some(PhoneKind::National);
        }
    }
    if !plus && seps == 0 && (10..=11).contains(&n) && d[0] == b'0' && d[1] != b'0' {
        return Some(PhoneKind::NationalBare);
    }
    // Seven or eight digits: a local number (Hong Kong writes every number
    // so, 2345 6789), or anything else.
    if !plus && (7..=8).contains(&n) && d[0] != b'0' && seps <= 1 {
        return Some(PhoneKind::NationalBare);
    }
    None
}

/// Removes an extension ("x1234", "ext. 12", "转8001", "#12") from the end.
fn strip_extension(t: &str) -> &str {
    let lower_at = |i: usize| t.as_bytes()[i].to_ascii_lowercase();
    let b = t.as_bytes();
    let digits = b.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 6 || digits == b.len() {
        return t;
    }
    let end = b.len() - digits;
    let head = t[..end].trim_end_matches([' ', '.']);
    for marker in ["ext", "x", "#"] {
        let n = marker.len();
        if head.len() > n && (0..n).all(|i| lower_at(head.len() - n + i) == marker.as_bytes()[i]) {
            return t[..head.len() - n].trim_end();
        }
    }
    head.strip_suffix("转").map_or(t, str::trim_end)
}

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "电话|手机|手机号|手机号码|联系电话|移动电话|固定电话|座机|电话号码|家庭电话|办公电话|单位电话|紧急联系电话|联系人电话|联系手机|手机电话|传真\
     |~联系方式|~号码|sjh|sjhm|lxdh|dh|phone|telephone|tel|mobile|cell|cellphone|cell phone\
     |phone number|phone no|mobile no|mobile number|mobile phone|contact number\
     |contact phone|fax|msisdn|home phone|work phone|tel no|telno|phonenumber\
     |~contact";

const META: Meta = Meta::new("phone", Entity::PhoneNumber)
    .embedded()
    .headers(HEADERS)
    .pi(PiCategory::Basic, false)
    .mask(MaskStyle::Phone);

impl Detector for Phone {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        // Letters only for an extension ("x123", "ext. 12").
        (7..=21).contains(&s.digits)
            && s.chars <= 30
            && s.letters <= 3
            && s.marks & !(mark::DASH | mark::DOT | mark::PAREN | mark::PLUS | mark::HASH) == 0
            && s.cjk <= 1
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        match classify(cell.text) {
            Some(PhoneKind::CnMobile | PhoneKind::CnLandline | PhoneKind::International) => {
                Hit::VALID
            }
            Some(PhoneKind::National) => Hit::WEAK,
            Some(PhoneKind::CnLandlineBare | PhoneKind::NationalBare) => Hit::SHAPE,
            // Counted (flagged) so that a column of hotlines is told apart.
            Some(PhoneKind::Service) => Hit::new(Level::Weak, Fact::Hotline),
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
            &Phone,
            &[
                ("13812345678", Level::Valid),
                ("+86 138 1234 5678", Level::Valid),
                ("+8613812345678", Level::Valid),
                ("(+86)13812345678", Level::Valid),
                ("+1-415-555-2671x1234", Level::Valid),
                ("001-415-555-2671", Level::Valid),
                ("(415)555-2671 ext. 12", Level::Weak),
                ("010-62345678转8001", Level::Valid),
                ("415.555.2671", Level::Weak),
                ("8613812345678", Level::Valid),
                ("0086-138-1234-5678", Level::Valid),
                ("138-1234-5678", Level::Valid),
                ("010-62345678", Level::Valid),
                ("0755-8765432", Level::Valid),
                ("(0571) 87654321", Level::Valid),
                ("+1 415 555 2671", Level::Valid),
                ("+44 20 7946 0958", Level::Valid),
                ("(415) 555-2671", Level::Weak),
                ("020 7946 0958", Level::Valid), // also Guangzhou's area code
                ("07700 900123", Level::Weak),
                ("07700900123", Level::Shape),
                ("23456789", Level::Shape),
                ("9123 4567", Level::Shape),
                ("2024-0517", Level::Shape),
                ("0612345678", Level::Shape),
                ("0012345678", Level::No),
                ("12812345678", Level::No),  // 12x is not a mobile prefix
                ("1381234567", Level::No),   // one digit short
                ("138123456789", Level::No), // one digit long
                ("01062345678", Level::Shape), // landline without separator: or an id
                ("0755-88765432-123", Level::Valid),
                ("010-62345678-8001", Level::Valid),
                ("12345.67890", Level::No), // an amount
                ("415.555.2671", Level::Weak),
                // Business hotlines: counted, and flagged.
                ("400-820-8820", Level::Weak),
                ("8008108888", Level::Weak),
                ("0755-88765432-1234567", Level::No),
                ("2023-1105-001", Level::No),
                ("20231105001", Level::No),    // order number
                ("3.14159265", Level::No),     // a number
                ("158.123.45.167", Level::No), // an IPv4 address
                ("1234567890", Level::No),
            ],
        );
    }
}
