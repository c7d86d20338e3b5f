//! 居民身份证号码 (GB 11643-1999): 6-digit region code, 8-digit birth date,
//! 3-digit sequence (odd = male), MOD 11-2 check character; and the 15-digit
//! legacy form (1984–2004) with a 6-digit date and no check character.

use super::{cn_province_code, num, real_date};
use crate::checksum::gb11643;
use crate::detect::{
    compact, Cell, Detector, Fact, Hit, Level, MaskStyle, Meta, PiCategory, Shape,
};
use crate::entity::Entity;

/// The resident ID detector. `num` of a hit is the birth year.
pub struct CnResidentId;

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "身份证|身份证号|身份证号码|身分证|身分证号|身分证号码|身分证字号|公民身份号码|公民身份证号|身份号码|居民身份证|身份证件号码|身份证编号|证件号码\
     |证件号|证照号码|有效证件号|证件编号|sfzh|sfz|sfzhm|zjhm|id card|id card no|id card number\
     |id number|id no|idno|idcard|national id|resident id|citizen id|identity number\
     |identity card|id card num|shenfenzheng|身份证号码18位";

const META: Meta = Meta::new("cn_resident_id", Entity::CnResidentId)
    .overrules_header()
    .embedded()
    .num_base(1870)
    .headers(HEADERS)
    .pi(PiCategory::Identity, true)
    .mask(MaskStyle::AlnumEnds(1, 1));

impl Detector for CnResidentId {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.ascii()
            && (s.digits == 18 || s.digits == 17 || s.digits == 15)
            && s.letters <= 1
            && s.chars <= 22
    }
    /// GB 11643: digits 7–14 of an 18-character number are the birth date.
    fn minor(&self, text: &str, born_after: super::date::Ymd) -> Option<bool> {
        let b = text.as_bytes();
        if b.len() != 18 {
            return None;
        }
        let (y, m, d) = (num(&b[6..10])?, num(&b[10..12])?, num(&b[12..14])?);
        Some((y, m, d) > (born_after.year, born_after.month, born_after.day))
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let mut buf = [0u8; 64];
        let Some(id) = compact(cell.text, &mut buf) else {
            return Hit::NO;
        };
        match id.len() {
            18 => {
                if !id[..17].iter().all(u8::is_ascii_digit)
                    || !(id[17].is_ascii_digit() || id[17] == b'X' || id[17] == b'x')
                {
                    return Hit::NO;
                }
                let (Some(y), Some(m), Some(d)) =
                    (num(&id[6..10]), num(&id[10..12]), num(&id[12..14]))
                else {
                    return Hit::NO;
                };
                let plausible = cn_province_code(id[0], id[1]) && real_date(y, m, d) && y >= 1880;
                if plausible && gb11643(id) {
                    Hit::new(Level::Valid, Fact::Year(y as u16))
                } else {
                    Hit::SHAPE
                }
            }
            15 if id.iter().all(u8::is_ascii_digit) => {
                let (Some(y), Some(m), Some(d)) =
                    (num(&id[6..8]), num(&id[8..10]), num(&id[10..12]))
                else {
                    return Hit::NO;
                };
                if cn_province_code(id[0], id[1]) && real_date(1900 + y, m, d) {
                    // No check character in the legacy form: structure only.
                    Hit::new(Level::Weak, Fact::Year((1900 + y) as u16))
                } else {
                    Hit::SHAPE
                }
            }
            _ => Hit::NO,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::check_table;

    #[test]
    fn table() {
        check_table(
            &CnResidentId,
            &[
                ("11010519491231002X", Level::Valid),
                ("110105 19491231 002X", Level::Valid),
                ("440524188001010014", Level::Valid),
                ("11010519491231002x", Level::Valid),
                ("110105194912310021", Level::Shape), // one digit off (check)
                ("110105194913310028", Level::Shape), // month 13
                ("990105194912310023", Level::Shape), // no province 99
                ("110105491231002", Level::Weak),     // legacy 15-digit
                ("110105491331002", Level::Shape),    // legacy, month 13
                ("1101051949123100", Level::No),      // 16 digits
                ("123456789012345678", Level::Shape), // look-alike
                ("978-7-115-42843-2", Level::No),     // ISBN
            ],
        );
    }
}
