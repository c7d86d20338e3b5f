//! IBAN (ISO 13616): country code, two check digits, BBAN; the length must be
//! the country's and the whole must be 1 mod 97.

use crate::checksum::iban_mod97;
use crate::detect::{compact, Cell, Detector, Hit, MaskStyle, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The IBAN detector.
pub struct Iban;

// Lengths from the SWIFT IBAN registry for the countries most seen.
const LENGTHS: &[(&[u8; 2], usize)] = &[
    (b"AD", 24),
    (b"AE", 23),
    (b"AT", 20),
    (b"BE", 16),
    (b"BG", 22),
    (b"BH", 22),
    (b"BR", 29),
    (b"CH", 21),
    (b"CY", 28),
    (b"CZ", 24),
    (b"DE", 22),
    (b"DK", 18),
    (b"EE", 20),
    (b"ES", 24),
    (b"FI", 18),
    (b"FR", 27),
    (b"GB", 22),
    (b"GR", 27),
    (b"HR", 21),
    (b"HU", 28),
    (b"IE", 22),
    (b"IL", 23),
    (b"IS", 26),
    (b"IT", 27),
    (b"KW", 30),
    (b"KZ", 20),
    (b"LI", 21),
    (b"LT", 20),
    (b"LU", 20),
    (b"LV", 21),
    (b"MC", 27),
    (b"MT", 31),
    (b"NL", 18),
    (b"NO", 15),
    (b"PK", 24),
    (b"PL", 28),
    (b"PT", 25),
    (b"QA", 29),
    (b"RO", 24),
    (b"SA", 24),
    (b"SE", 24),
    (b"SI", 19),
    (b"SK", 24),
    (b"SM", 27),
    (b"TR", 26),
    (b"UA", 29),
];

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "iban|iban number|international bank account";

const META: Meta = Meta::new("iban", Entity::Iban)
    .overrules_header()
    .embedded()
    .headers(HEADERS)
    .pi(PiCategory::Property, true)
    .mask(MaskStyle::LastFour);

impl Detector for Iban {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.letters >= 2 && s.digits >= 10 && s.chars <= 42 && s.punct == 0 && s.ascii()
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let mut buf = [0u8; 64];
        let Some(n) = compact(cell.text, &mut buf).map(<[u8]>::len) else {
            return Hit::NO;
        };
        // Typed by hand or exported in lower case: the same IBAN.
        buf[..n].make_ascii_uppercase();
        let v = &buf[..n];
        if v.len() < 15
            || !v[..2].iter().all(u8::is_ascii_uppercase)
            || !v[2..4].iter().all(u8::is_ascii_digit)
        {
            return Hit::NO;
        }
        match LENGTHS.iter().find(|(c, _)| c[..] == v[..2]) {
            Some(&(_, len)) if len == v.len() => Hit::valid_or_shape(iban_mod97(v)),
            Some(_) => Hit::SHAPE,
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
            &Iban,
            &[
                ("GB82WEST12345698765432", Level::Valid),
                ("GB82 WEST 1234 5698 7654 32", Level::Valid),
                ("DE89370400440532013000", Level::Valid),
                ("gb82west12345698765432", Level::Valid),
                ("de89 3704 0044 0532 0130 00", Level::Valid),
                ("GB82WEST12345698765433", Level::Shape),
                ("GB82WEST1234569876543", Level::Shape),
                ("XX82WEST12345698765432", Level::No),
                ("1234567890123456", Level::No),
            ],
        );
    }
}
