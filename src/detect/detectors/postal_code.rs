//! Postal codes. Shapes that are distinctive match on their own (UK
//! postcodes, Canadian `A1A 1A1`, US ZIP+4, Japanese `123-4567`); plain
//! digit codes (CN 6 digits, US ZIP 5) are everywhere, so they count as
//! shape only and need a header or region evidence in the table.

use crate::detect::{mark, Cell, Detector, Fact, Hit, Level, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The postal code detector.
pub struct PostalCode;

fn uk(t: &str) -> bool {
    // Outward: A9, A99, AA9, AA99, A9A, AA9A; inward: 9AA.
    let parts: Vec<&str> = t.split(' ').collect();
    let [out, inw] = parts.as_slice() else {
        return false;
    };
    let o = out.as_bytes();
    let i = inw.as_bytes();
    let inward = i.len() == 3
        && i[0].is_ascii_digit()
        && i[1].is_ascii_uppercase()
        && i[2].is_ascii_uppercase();
    let outward = (2..=4).contains(&o.len())
        && o[0].is_ascii_uppercase()
        && o.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && o.iter().any(u8::is_ascii_digit)
        && o[1..].iter().take_while(|c| c.is_ascii_uppercase()).count() <= 1;
    inward && outward
}

fn canada(t: &str) -> bool {
    let b: Vec<u8> = t.bytes().filter(|&c| c != b' ').collect();
    b.len() == 6
        && b.iter().enumerate().all(|(i, c)| {
            if i % 2 == 0 {
                c.is_ascii_uppercase()
            } else {
                c.is_ascii_digit()
            }
        })
}

// `num` of a bare-digit hit is its length and `flag` says it ends in 000:
// the table-level rule wants one length and few round numbers (a column of
// amounts mixes 5 and 6 digits and ends in zeros).

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str =
    "邮编|邮政编码|邮码|yb|zip|zipcode|zip code|postcode|postal code|post code|postal|plz\
     |zip5|postalcode";

const META: Meta = Meta::new("postal_code", Entity::PostalCode)
    .histogram()
    .headers(HEADERS)
    .pi(PiCategory::Basic, false);

impl Detector for PostalCode {
    fn meta(&self) -> &Meta {
        &META
    }
    /// Postal codes of any country, and their cut forms (`100`, `SW1A`).
    fn plausible(&self, cell: &Cell<'_>) -> bool {
        let s = &cell.shape;
        (3..=10).contains(&s.chars) && s.digits >= 1 && s.ascii() && s.marks & !mark::DASH == 0
    }
    fn prefilter(&self, s: &Shape) -> bool {
        (5..=10).contains(&s.chars) && s.ascii() && s.marks & !mark::DASH == 0
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let t = cell.text;
        let b = t.as_bytes();
        let s = &cell.shape;
        if s.all_digits() && (b.len() == 6 || b.len() == 5) {
            return Hit::new(
                Level::Shape,
                Fact::Digits {
                    len: b.len() as u16,
                    round: b.ends_with(b"000"),
                },
            );
        }
        if b.len() == 10 && b[5] == b'-' && s.digits == 9 {
            return Hit::WEAK;
        }
        if b.len() == 8 && b[3] == b'-' && s.digits == 7 {
            return Hit::WEAK;
        }
        if s.letters >= 2 && (uk(t) || canada(t)) {
            return Hit::VALID;
        }
        Hit::NO
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        check_table(
            &PostalCode,
            &[
                ("100080", Level::Shape),
                ("94105", Level::Shape),
                ("94105-1234", Level::Weak),
                ("SW1A 1AA", Level::Valid),
                ("EC1A 1BB", Level::Valid),
                ("K1A 0B1", Level::Valid),
                ("1234567", Level::No),
                ("ABC DEF", Level::No),
            ],
        );
    }
}
