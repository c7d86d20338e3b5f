//! Employers (工作单位): organisation names (…有限公司, …医院, …大学, Inc,
//! Ltd, GmbH) and employment-sector categories. An organisation name alone
//! is not personal (a supplier list), so names need a header; sector
//! categories from census-style data match on their own.

use crate::detect::{Cell, Detector, Hit, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The employer detector.
pub struct Employer;

const ZH_ORG: &[&str] = &[
    "公司",
    "集团",
    "医院",
    "学校",
    "大学",
    "学院",
    "银行",
    "研究院",
    "研究所",
    "中心",
    "工厂",
    "厂",
    "局",
    "委员会",
    "事务所",
    "幼儿园",
    "中学",
    "小学",
    "政府",
    "协会",
];
const EN_ORG: &[&str] = &[
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "llc",
    "corp",
    "corp.",
    "corporation",
    "company",
    "co.",
    "gmbh",
    "plc",
    "university",
    "hospital",
    "bank",
    "group",
    "ag",
    "s.a.",
    "limited",
];

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "工作单位|单位名称|所在单位|就职单位|任职单位|所在公司|雇主|工作单位名称|就业单位|employer|employer name|workplace\
     |workclass|work class|company name employer|~单位|~公司|~company|~organization\
     |~organisation";

const META: Meta = Meta::new("employer", Entity::Employer)
    .headers(HEADERS)
    .pi(PiCategory::EducationWork, false);

impl Detector for Employer {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.chars >= 2 && s.chars <= 64
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        if cell.in_vocab(Entity::Employer) {
            return Hit::VALID;
        }
        let t = cell.text;
        if cell.shape.cjk >= 3 && ZH_ORG.iter().any(|m| t.ends_with(m)) {
            return Hit::SHAPE;
        }
        if cell.shape.letters >= 4 {
            let lower = t.to_ascii_lowercase();
            if lower.split([' ', ',']).any(|w| EN_ORG.contains(&w)) {
                return Hit::SHAPE;
            }
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
            &Employer,
            &[
                ("Self-emp-not-inc", Level::Valid),
                ("国有企业", Level::Valid),
                ("北京某某科技有限公司", Level::Shape),
                ("Acme Widgets Inc.", Level::Shape),
                ("苹果", Level::No),
            ],
        );
    }
}
