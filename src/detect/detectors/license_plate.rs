//! Chinese vehicle plates (GA 36-2018): a province abbreviation, an issuing
//! authority letter, then 5 characters (ordinary) or 6 (new-energy, with
//! `D`/`F` first or last), optionally ending in 挂/学/警/港/澳/领/试/超.
//! A `·`, space or dash may follow the letter.

use crate::detect::{mark, Cell, Detector, Hit, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The license plate detector.
pub struct LicensePlate;

const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领";
const SUFFIXES: &str = "挂学警港澳领试超";

fn plate_char(c: char) -> bool {
    c.is_ascii_digit() || (c.is_ascii_uppercase() && c != 'I' && c != 'O')
}

/// Whether `s` is a plate.
pub fn is_plate(s: &str) -> bool {
    let mut it = s.chars().filter(|c| !matches!(c, '·' | '•' | ' ' | '-'));
    let Some(p) = it.next() else { return false };
    if !PROVINCES.contains(p) {
        return false;
    }
    let Some(letter) = it.next() else {
        return false;
    };
    if !letter.is_ascii_uppercase() || letter == 'I' || letter == 'O' {
        return false;
    }
    let rest: Vec<char> = it.collect();
    let (body, suffix) = match rest.last() {
        Some(&c) if SUFFIXES.contains(c) => (&rest[..rest.len() - 1], true),
        _ => (&rest[..], false),
    };
    if !body.iter().all(|&c| plate_char(c)) {
        return false;
    }
    match body.len() {
        5 => true,
        4 => suffix,
        6 => {
            // New energy: D/F + 5 (small cars) or 5 digits + D/F (large).
            matches!(body[0], 'D' | 'F' | 'A'..='K')
                && body[1..].iter().all(|c| c.is_ascii_alphanumeric())
                || body[..5].iter().all(|c| c.is_ascii_digit()) && matches!(body[5], 'D' | 'F')
        }
        _ => false,
    }
}

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "车牌|车牌号|车牌号码|号牌|号牌号码|车辆号牌|license plate|licence plate|plate|plate number|plate no\
     |number plate|vehicle plate|registration plate";

const META: Meta = Meta::new("license_plate", Entity::LicensePlate)
    .embedded()
    .headers(HEADERS)
    .pi(PiCategory::Other, false);

impl Detector for LicensePlate {
    fn meta(&self) -> &Meta {
        &META
    }
    /// Plates of other countries (`ABC-1234`) under a plate header.
    fn plausible(&self, cell: &Cell<'_>) -> bool {
        let s = &cell.shape;
        (4..=12).contains(&s.chars) && s.digits >= 1
    }
    fn prefilter(&self, s: &Shape) -> bool {
        (1..=2).contains(&s.cjk)
            && (6..=11).contains(&s.chars)
            && s.letters >= 1
            && s.marks & !(mark::MIDDOT | mark::DASH) == 0
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        Hit::valid_if(is_plate(cell.text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        check_table(
            &LicensePlate,
            &[
                ("京A12345", Level::Valid),
                ("粤B·D12345", Level::Valid),
                ("沪A 12345D", Level::Valid),
                ("豫A1234学", Level::Valid),
                ("苏E1234挂", Level::Valid),
                ("京A1234", Level::No),
                ("京I12345", Level::No),
                ("美A12345", Level::No),
                ("京A123456", Level::No),
            ],
        );
    }
}
