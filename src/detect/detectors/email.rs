//! E-mail addresses: one `@`, a local part of the characters RFC 5322 allows
//! in practice, and a domain of dot-separated labels ending in a letter TLD.

use crate::detect::{mark, Cell, Detector, Hit, Meta, Shape};
use crate::entity::Entity;

/// The e-mail detector.
pub struct Email;

/// Whether `s` is a syntactically plausible e-mail address.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    if local.is_empty() || local.len() > 64 || domain.len() < 4 || domain.len() > 253 {
        return false;
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return false;
    }
    let local_ok = local
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"._%+-'!#$&*=?^`{|}~".contains(&b));
    if !local_ok {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let tld = labels[labels.len() - 1];
    labels.iter().all(label_ok) && tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())
}

const META: Meta = Meta::new(
    "email",
    Entity::EmailAddress,
    "are well-formed e-mail addresses",
)
.embedded();

impl Detector for Email {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.marks & mark::AT != 0
            && s.marks & mark::DOT != 0
            && s.spaces == 0
            && s.ascii()
            && s.len >= 6
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        // `z***@example.com` is an address already masked.
        Hit::valid_if(is_email(cell.text) && !cell.text.contains("**"))
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
            ],
        );
    }
}
