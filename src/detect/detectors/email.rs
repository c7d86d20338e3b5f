//! E-mail addresses: one `@`, a local part of the characters RFC 5322 allows
//! in practice, and a domain of dot-separated labels ending in a letter TLD.

use crate::detect::{mark, Cell, Detector, Hit, MaskStyle, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The e-mail detector.
pub struct Email;

/// Whether `s` is a syntactically plausible e-mail address.
pub fn is_email(s: &str) -> bool {
    // Byte-wise, without allocating: this runs on every cell of a column
    // that might hold addresses.
    let b = s.as_bytes();
    let Some(at) = b.iter().position(|&c| c == b'@') else {
        return false;
    };
    let (local, domain) = (&b[..at], &b[at + 1..]);
    if local.is_empty() || local.len() > 64 || domain.len() < 4 || domain.len() > 253 {
        return false;
    }
    if local[0] == b'.' || local[local.len() - 1] == b'.' || local.windows(2).any(|w| w == b"..") {
        return false;
    }
    let local_ok = local
        .iter()
        .all(|&c| c.is_ascii_alphanumeric() || b"._%+-'!#$&*=?^`{|}~".contains(&c));
    if !local_ok {
        return false;
    }
    let label_ok = |l: &[u8]| {
        !l.is_empty()
            && l.len() <= 63
            && l[0] != b'-'
            && l[l.len() - 1] != b'-'
            && l.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-')
    };
    let mut labels = 0;
    let mut tld: &[u8] = &[];
    for l in domain.split(|&c| c == b'.') {
        if !label_ok(l) {
            return false;
        }
        labels += 1;
        tld = l;
    }
    labels >= 2 && tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic)
}

/// The address in a cell that holds one: the cell itself, the part in
/// angle brackets of a display form (`"Zhang San" <zs@example.cn>`,
/// `张三 <zs@example.cn>`, as mail clients and CRM exports write them), or
/// what follows `mailto:`.
pub fn address_of(s: &str) -> &str {
    let t = s.trim();
    if let Some(inner) = t
        .strip_suffix('>')
        .and_then(|r| r.rfind('<').map(|i| &r[i + 1..]))
    {
        return inner.trim();
    }
    match t.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("mailto:") => &t[7..],
        _ => t,
    }
}

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str =
    "邮箱|电子邮箱|电子邮件|邮件地址|邮箱地址|email|e mail|mail|email address|e mail address\
     |mail address|emailaddress";

const META: Meta = Meta::new("email", Entity::EmailAddress)
    .overrules_header()
    .embedded()
    .headers(HEADERS)
    .pi(PiCategory::Basic, false)
    .mask(MaskStyle::Email);

impl Detector for Email {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        // Display forms have spaces and names in any script.
        s.marks & mark::AT != 0 && s.marks & mark::DOT != 0 && s.len >= 6
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let address = address_of(cell.text);
        // `z***@example.com` is an address already masked.
        Hit::valid_if(is_email(address) && !address.contains("**"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        check_table(
            &Email,
            &[
                ("zhang.wei@example.com", Level::Valid),
                ("li+tag@mail.example.cn", Level::Valid),
                ("o'brien@example.ie", Level::Valid),
                ("zhang.wei@example", Level::No),
                ("zhang..wei@example.com", Level::No),
                ("@example.com", Level::No),
                ("a@b.c1", Level::No),
                ("user@-bad.com", Level::No),
                ("user@@example.com", Level::No),
                ("z***@example.com", Level::No),
                ("\"Zhang Wei\" <zhang.wei@example.com>", Level::Valid),
                ("张伟 <zhang.wei@example.cn>", Level::Valid),
                ("<li@example.org>", Level::Valid),
                ("mailto:li@example.org", Level::Valid),
                ("Zhang Wei <zhang.wei@example>", Level::No),
                ("write to li@example.org today", Level::No),
            ],
        );
    }
}
