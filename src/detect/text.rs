//! Free text: cells that read as sentences are searched for identifiers
//! inside them. A sentence is cut into tokens (runs of characters an
//! identifier can contain), and every embedded-capable detector runs on each
//! token, so "请联系13812345678或zhang@example.com" counts one phone and one
//! e-mail. Digits inside a longer run never match, because a token is the
//! whole run.

use super::registry::DETECTORS;
use super::{run, Cell, Level, Shape};

/// Whether a cell reads like prose rather than a value.
pub fn is_texty(s: &Shape) -> bool {
    // Han text reads as prose with punctuation, or when long: an eight-
    // character organisation name (迪摩科技有限公司) is a value.
    (s.chars >= 12 && s.spaces >= 2 && s.letters + s.cjk >= 8)
        || (s.cjk >= 8 && s.chars >= 10 && (s.marks & super::mark::CJK_PUNCT != 0 || s.chars >= 16))
}

const fn token_table() -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'@' | b'.'
                    | b'_'
                    | b'+'
                    | b'-'
                    | b'/'
                    | b':'
                    | b'%'
                    | b'~'
                    | b'#'
                    | b'='
                    | b'?'
                    | b'&'
            );
        i += 1;
    }
    t
}

/// Bytes an identifier token can contain (a table: this runs on every byte
/// of every free-text cell).
static TOKEN: [bool; 256] = token_table();

#[inline]
fn token_char(b: u8) -> bool {
    TOKEN[b as usize]
}

/// Calls `found(detector_index)` for each identifier found inside `text`.
pub fn scan_embedded(text: &str, mask: u64, mut found: impl FnMut(usize)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !token_char(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && token_char(b[i]) {
            i += 1;
        }
        // A check character in brackets belongs to the token: a Hong Kong
        // identity card number is written A123456(7).
        if b.get(i) == Some(&b'(')
            && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
            && b.get(i + 2) == Some(&b')')
        {
            i += 3;
        }
        // Sentence punctuation glued to the end is not part of the token.
        let tok = text[start..i].trim_end_matches(['.', ':', '?', '-', '/']);
        if tok.len() < 6 {
            continue;
        }
        let cell = Cell::new(tok);
        for (k, d) in DETECTORS.iter().enumerate() {
            if mask & (1 << k) == 0 {
                continue;
            }
            if run(*d, &cell).level >= Level::Weak {
                found(k);
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::registry::embedded_mask;
    use crate::entity::Entity;

    fn entities(t: &str) -> Vec<Entity> {
        let mut v = Vec::new();
        scan_embedded(t, embedded_mask(), |k| v.push(DETECTORS[k].entity()));
        v
    }

    #[test]
    fn finds_inside_sentences() {
        assert_eq!(
            entities("请联系13812345678或zhang@example.com，谢谢"),
            vec![Entity::PhoneNumber, Entity::EmailAddress]
        );
        assert_eq!(
            entities("身份证11010519491231002X已核验"),
            vec![Entity::CnResidentId]
        );
        assert_eq!(entities("order 2023110500123456789 shipped"), vec![]);
        assert_eq!(
            entities("客户身份证 A123456(3)，已核对"),
            vec![Entity::HkId]
        );
        assert_eq!(entities("HKID: A123456(3)."), vec![Entity::HkId]);
        assert_eq!(
            entities("see https://github.com/zhangwei."),
            vec![Entity::Url]
        );
        assert!(is_texty(&Shape::of(
            "The patient called twice about the bill"
        )));
        assert!(!is_texty(&Shape::of("13812345678")));
    }
}
