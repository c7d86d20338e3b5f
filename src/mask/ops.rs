//! The report's masked examples: mobile `138****5678`, e-mail
//! `z***@example.com`, dates to the year; names and identity documents
//! exactly as the `mask` operator writes them (`张*`, `J. S****`,
//! `1****************X`).

use crate::detect::detectors::date;
use crate::entity::{Entity, Kind};

fn stars(n: usize) -> String {
    "*".repeat(n.max(1))
}

/// Keeps `head` leading and `tail` trailing characters, masking the rest.
pub fn keep_ends(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    if n <= head + tail {
        // Too short to keep anything safely: keep the first character.
        let first: String = chars.iter().take(1).collect();
        return format!("{first}{}", stars(n.saturating_sub(1)));
    }
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&stars(n - head - tail));
    out.extend(&chars[n - tail..]);
    out
}

/// Masks an e-mail address as `z***@example.com`; a display form
/// (`"Zhang Wei" <zhang.wei@example.com>`) keeps only its masked address,
/// as the display name names the person.
pub fn mask_email(s: &str) -> String {
    let s = crate::detect::detectors::email::address_of(s);
    match s.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => keep_ends(s, 1, 0),
    }
}

fn is_area_name(value: &str) -> bool {
    use crate::detect::{detectors::region::Region, run, Cell, Level};
    run(&Region, &Cell::new(value)).level >= Level::Weak
}

/// The masked example shown in a report for a value of `entity`.
pub fn example(entity: Entity, kind: Kind, value: &str) -> String {
    // Already masked (a masked file scanned again): shown as it is.
    if crate::cell::looks_masked(value) {
        return value.to_string();
    }
    let digits_only: String = value
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    match entity {
        // One convention for names and identity documents: the mask
        // operator's.
        Entity::PersonName => super::operators::mask_by_convention(entity, value),
        e if e.is_identity_document() => super::operators::mask_by_convention(entity, value),
        Entity::PhoneNumber if digits_only.len() >= 11 => {
            let d = &digits_only[digits_only.len() - 11..];
            format!("{}****{}", &d[..3], &d[7..])
        }
        Entity::EmailAddress => mask_email(value),
        Entity::BankCard | Entity::Iban | Entity::Imei => keep_ends(&digits_only, 0, 4),
        Entity::DateOfBirth | Entity::Date => match date::parse(value) {
            Some(d) => format!("{}-**-**", d.year),
            None => keep_ends(value, 2, 0),
        },
        Entity::FreeText => {
            let head: String = value.chars().take(2).collect();
            format!("{head}…")
        }
        // Categories (sex, ethnicity, education …) are not identifying on
        // their own; showing them is what makes the report useful.
        Entity::Gender
        | Entity::Ethnicity
        | Entity::Education
        | Entity::MaritalStatus
        | Entity::Nationality
            if value.chars().count() <= 24 =>
        {
            value.to_string()
        }
        // A known region or a name with an administrative suffix is an
        // area; anything else in the column (a small town, a typo) could
        // be rarer, so every value is judged the same way.
        Entity::Region if is_area_name(value) => value.to_string(),
        _ if kind == Kind::Direct => keep_ends(value, 2, 2),
        _ => keep_ends(value, 1, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventions() {
        assert_eq!(
            example(Entity::PhoneNumber, Kind::Direct, "13812345678"),
            "138****5678"
        );
        assert_eq!(
            example(Entity::PhoneNumber, Kind::Direct, "+86 138-1234-5678"),
            "138****5678"
        );
        assert_eq!(
            example(Entity::EmailAddress, Kind::Direct, "zhang.wei@example.com"),
            "z***@example.com"
        );
        // The display name is the person's: it goes.
        assert_eq!(mask_email("李娜 <li.na@example.cn>"), "l***@example.cn");
        assert_eq!(
            mask_email("\"Zhang Wei\" <zhang.wei@example.com>"),
            "z***@example.com"
        );
        // Names and identity documents: the mask operator's output, which
        // shows neither the region, the birth date nor the sex digit.
        assert_eq!(
            example(Entity::CnResidentId, Kind::Direct, "11010519491231002X"),
            "1****************X"
        );
        assert_eq!(
            example(Entity::TwNationalId, Kind::Direct, "A123456789"),
            "A********9"
        );
        assert_eq!(example(Entity::PersonName, Kind::Direct, "张伟"), "张*");
        // Known areas are shown; other values of a region column are not.
        assert_eq!(example(Entity::Region, Kind::Quasi, "CA"), "CA");
        assert_eq!(example(Entity::Region, Kind::Quasi, "广东省"), "广东省");
        assert_eq!(example(Entity::Region, Kind::Quasi, "Franklin"), "F******n");
        assert_eq!(
            example(Entity::PersonName, Kind::Direct, "欧阳娜娜"),
            "欧阳**"
        );
        assert_eq!(
            example(Entity::PersonName, Kind::Direct, "John Smith"),
            "J. S****"
        );
        let ctx = crate::mask::operators::Context {
            entity: Entity::PersonName,
            key: None,
        };
        let Ok(crate::mask::operators::Built::Cells(op)) =
            crate::mask::operators::build("mask", serde_json::json!({}), &ctx)
        else {
            panic!("mask builds");
        };
        for name in ["张伟", "欧阳娜娜", "John Smith"] {
            assert_eq!(
                example(Entity::PersonName, Kind::Direct, name),
                crate::mask::operators::apply_one(op.as_ref(), name)
            );
        }
        assert_eq!(
            example(Entity::BankCard, Kind::Direct, "6222 0212 3456 7890"),
            "************7890"
        );
        assert_eq!(
            example(Entity::DateOfBirth, Kind::Quasi, "1990-05-17"),
            "1990-**-**"
        );
        assert_eq!(keep_ends("ab", 2, 2), "a*");
        assert_eq!(
            example(Entity::None, Kind::None, "138****5678"),
            "138****5678"
        );
    }
}
