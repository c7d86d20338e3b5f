//! Financial attributes (income, salary, balance, credit rating). Amounts
//! look like every other number, so they count as shape only and need a
//! header; income classes ("<=50K") and credit ratings match on their own.

use crate::detect::{Cell, Detector, Hit, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The financial detector.
pub struct Financial;

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "收入|月收入|年收入|工资|薪资|薪水|月薪|年薪|余额|账户余额|存款|资产|负债|贷款|欠款|信用等级|信用评分|征信|个人所得税|纳税额|家庭收入\
     |income|salary|wage|wages|balance|account balance|credit score|credit rating\
     |debt|loan|assets|net worth|capital gain|capital loss|annual income\
     |monthly income|pay|earnings|income class|salary class|贷款金额|借款金额|欠款金额|授信额度|信用额度\
     |loan amount";

const META: Meta = Meta::new("financial", Entity::Financial)
    .headers(HEADERS)
    .pi(PiCategory::Property, true);

impl Detector for Financial {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.chars <= 24 && (s.digits >= 1 || s.chars <= 8)
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        if cell.in_vocab(Entity::Financial) {
            // Ratings like "AA" also appear as codes: letters alone are weak.
            return if cell.shape.digits > 0 || cell.shape.cjk > 0 {
                Hit::VALID
            } else {
                Hit::WEAK
            };
        }
        let t = cell.text.trim_start_matches(['¥', '$', '€', '£', '￥']);
        let t = t
            .trim_end_matches("万元")
            .trim_end_matches('元')
            .trim_end_matches(['k', 'K', '万']);
        let number = !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b',' || b == b'-')
            && t.bytes().any(|b| b.is_ascii_digit());
        if number {
            return Hit::SHAPE;
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
            &Financial,
            &[
                ("<=50K", Level::Valid),
                (">50K", Level::Valid),
                ("12,500.00", Level::Shape),
                ("¥8000", Level::Shape),
                ("1.5万", Level::Shape),
                ("AAA", Level::Weak),
                ("apple", Level::No),
            ],
        );
    }
}
