//! Payment and bank cards. UnionPay cards (IIN 62, 16–19 digits) are matched
//! without a Luhn gate, because many mainland debit cards do not satisfy it;
//! Visa, Mastercard, Amex, JCB, Discover, Diners and Maestro must pass Luhn
//! inside their IIN ranges and lengths. Two things keep 62… numbers that
//! are not cards out: an 18-digit one that fails Luhn and reads as a Gansu
//! resident ID (province 62, a birth date in digits 7–14: an ID with a
//! wrong digit) is only card-shaped, and without a header naming cards a
//! column whose 62… numbers pass Luhn no more often than chance (order
//! numbers) is not a card column.

use super::{num, real_date};
use crate::checksum::luhn;
use crate::detect::{
    compact, mark, Cell, ColumnView, Detector, Hit, MaskStyle, Meta, PiCategory, RuleOutcome, Shape,
};
use crate::entity::Entity;

/// The bank card detector.
pub struct BankCard;

/// The card scheme a number belongs to by IIN range and length.
pub fn scheme(d: &[u8]) -> Option<&'static str> {
    let len = d.len();
    let p = |n: usize| num(&d[..n.min(len)]).unwrap_or(0);
    let s = match (p(1), p(2), p(4)) {
        (_, 62, _) if (16..=19).contains(&len) => "UnionPay",
        (4, _, _) if matches!(len, 13 | 16 | 19) => "Visa",
        (_, 51..=55, _) if len == 16 => "Mastercard",
        (_, _, 2221..=2720) if len == 16 => "Mastercard",
        (_, 34 | 37, _) if len == 15 => "Amex",
        (_, _, 3528..=3589) if (16..=19).contains(&len) => "JCB",
        (_, _, 2131 | 1800) if len == 15 => "JCB",
        (_, _, 6011) if (16..=19).contains(&len) => "Discover",
        (_, 65, _) if (16..=19).contains(&len) => "Discover",
        (_, 36 | 38 | 39, _) if (14..=19).contains(&len) => "Diners",
        (_, _, 3000..=3059) if (14..=19).contains(&len) => "Diners",
        (_, 50 | 56..=69, _) if (12..=19).contains(&len) => "Maestro",
        _ => return None,
    };
    Some(s)
}

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "银行卡|银行卡号|卡号|银行账号|银行帐号|开户账号|收款账号|付款账号|账号|帐号|信用卡|信用卡号|借记卡|储蓄卡|工资卡|card number\
     |card no|card num|credit card|debit card|bank card|pan|cc number\
     |credit card number|bank account|account number|acct no|account no\
     |bank account number|cardno|cc num|cc no";

const META: Meta = Meta::new("bank_card", Entity::BankCard)
    .embedded()
    .headers(HEADERS)
    .pi(PiCategory::Property, true)
    .mask(MaskStyle::LastFour);

impl Detector for BankCard {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        (12..=19).contains(&s.digits)
            && s.letters == 0
            && s.chars <= 23
            && s.marks & !mark::DASH == 0
            && s.ascii()
    }
    fn column_rule(&self, view: &ColumnView<'_>) -> RuleOutcome {
        // Luhn passes by chance one time in ten; cards mostly pass it.
        let named = view.header == Some(Entity::BankCard);
        if !named && view.valid * 3 < view.valid + view.weak {
            return (None, None);
        }
        (Some(Entity::BankCard), None)
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let mut buf = [0u8; 64];
        let Some(d) = compact(cell.text, &mut buf) else {
            return Hit::NO;
        };
        if !d.iter().all(u8::is_ascii_digit) {
            return Hit::NO;
        }
        match scheme(d) {
            // Mainland UnionPay debit cards often fail Luhn: structure only.
            Some("UnionPay") => {
                if luhn(d) {
                    Hit::VALID
                } else if d.len() == 18 && reads_as_birth_date(&d[6..14]) {
                    Hit::SHAPE
                } else {
                    Hit::WEAK
                }
            }
            Some(_) if luhn(d) => Hit::VALID,
            Some(_) => Hit::SHAPE,
            None if d.len() >= 15 && luhn(d) => Hit::SHAPE,
            None => Hit::NO,
        }
    }
}

/// Whether eight digits are a plausible birth date (YYYYMMDD).
fn reads_as_birth_date(d: &[u8]) -> bool {
    match (num(&d[..4]), num(&d[4..6]), num(&d[6..8])) {
        (Some(y), Some(m), Some(day)) => (1880..=2030).contains(&y) && real_date(y, m, day),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        check_table(
            &BankCard,
            &[
                ("6222021234567890123", Level::Weak), // UnionPay without Luhn still counts
                ("6222021234567890128", Level::Valid), // UnionPay, Luhn ok
                ("6212 2617 0200 1234", Level::Weak),
                ("4111111111111111", Level::Valid),
                ("4111 1111 1111 1111", Level::Valid),
                ("4111111111111112", Level::Shape), // Visa one digit off
                ("5500-0055-5555-5559", Level::Valid),
                ("378282246310005", Level::Valid),
                ("1234567890123456", Level::No),
                ("41111111111", Level::No), // too short
                // A Gansu resident ID with a wrong check digit.
                ("620102198503121235", Level::Shape),
            ],
        );
    }
}
