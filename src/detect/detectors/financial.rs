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
     |loan amount|incm|hhinc|hinc|hincp|pincp|faminc|inctot|incwage|wagp|hhincome|famincome\
     |income band|income group|income bracket";

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
        if income_band(cell.text) {
            return Hit::VALID;
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

/// An amount of money as bands write it: `$25,000`, `¥8000`, `10万`,
/// `5000元`, `50k`; `money` is set when it carries a currency or unit.
fn amount(t: &str) -> Option<bool> {
    let t = t.trim();
    let bare = t.trim_start_matches(['¥', '$', '€', '£', '￥']);
    let marked = bare.len() < t.len();
    let num = bare
        .trim_end_matches("元")
        .trim_end_matches(['k', 'K', '万'])
        .trim_end();
    let unit = num.len() < bare.len();
    let ok = !num.is_empty()
        && num
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
        && num.as_bytes()[0].is_ascii_digit();
    ok.then_some(marked || unit)
}

/// An income or wealth band as surveys write it: `$25,000 to $49,999`,
/// `Less than $10,000`, `$100,000 or more`, `5000-8000元`, `10万以上`.
fn income_band(t: &str) -> bool {
    // Every band names its money: most values are ruled out at once.
    let money = |c: char| matches!(c, '$' | '¥' | '€' | '£' | '￥' | '元' | '万' | 'k' | 'K');
    if t.len() > 48 || !t.contains(money) {
        return false;
    }
    let lower = t.trim().to_lowercase();
    let mut open = lower.as_str();
    const BELOW_ABOVE: &[&str] = &[
        "less than",
        "under",
        "below",
        "up to",
        "more than",
        "over",
        "above",
        "at least",
    ];
    const OR_MORE_LESS: &[&str] = &[
        "or more",
        "or less",
        "and over",
        "and above",
        "and under",
        "or over",
        "+",
        "以上",
        "以下",
        "及以上",
        "及以下",
    ];
    let before = BELOW_ABOVE.iter().find_map(|w| open.strip_prefix(w));
    open = before.map_or(open, str::trim_start);
    let after = OR_MORE_LESS.iter().find_map(|w| open.strip_suffix(w));
    open = after.map_or(open, str::trim_end);
    let words = before.is_some() || after.is_some();
    let parts: Vec<&str> = open
        .split(" to ")
        .flat_map(|p| p.split(['-', '–', '~', '至']))
        .map(str::trim)
        .collect();
    let amounts: Option<Vec<bool>> = parts.iter().map(|p| amount(p)).collect();
    match amounts.as_deref() {
        Some([one]) => words && *one,
        Some([a, b]) => *a || *b,
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
            &Financial,
            &[
                ("<=50K", Level::Valid),
                ("Less than $10,000", Level::Valid),
                ("$25,000 to $49,999", Level::Valid),
                ("$100,000 or more", Level::Valid),
                ("5000-8000元", Level::Valid),
                ("10万以上", Level::Valid),
                ("2020-2021", Level::Shape),
                ("Less than 10", Level::No),
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
