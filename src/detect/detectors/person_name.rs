//! Personal names. Chinese: 2–4 Han characters starting with a known
//! surname (compound surnames such as 欧阳 司马 诸葛 included), validated
//! when the given name uses a common given-name character; transliterated
//! names with `·` (买买提·艾力) are structure only. Latin script: 1–4
//! capitalised words, validated when they are known given names or surnames.
//! A title (Dr., Mrs, 先生, 女士 …) with a name sets the hit's flag: the
//! column rule keeps such columns as names even when few people repeat
//! over many rows. Values that belong to another vocabulary (regions, ethnic groups,
//! occupations …) are never names.

use crate::detect::evidence::Evidence;
use crate::detect::{
    mark, Cell, ColumnView, Detector, Fact, Hit, Level, MaskStyle, Meta, PiCategory, RuleOutcome,
    Shape,
};
use crate::dict::{en_name, zh_given_common, zh_surname_len};
use crate::entity::Entity;

/// The person name detector.
pub struct PersonName;

fn zh_name(t: &str, s: &Shape) -> Hit {
    if s.marks & mark::MIDDOT != 0 {
        let parts: Vec<&str> = t.split(['·', '•', '・']).collect();
        let ok = parts.len() >= 2
            && parts.iter().all(|p| {
                (1..=6).contains(&p.chars().count()) && p.chars().all(crate::detect::is_han)
            });
        return if ok { Hit::WEAK } else { Hit::NO };
    }
    if !(2..=4).contains(&s.chars) {
        return Hit::NO;
    }
    let mut buf = ['\0'; 4];
    for (slot, c) in buf.iter_mut().zip(t.chars()) {
        *slot = c;
    }
    let chars = &buf[..s.chars as usize];
    let sl = zh_surname_len(chars);
    if sl == 0 {
        return Hit::NO;
    }
    let given = &chars[sl..];
    if given.is_empty() || given.len() > 2 {
        return Hit::NO;
    }
    // 张先生 / 李女士: a surname with an honorific still names a person.
    let honorific = matches!(
        given,
        ['先', '生'] | ['女', '士'] | ['小', '姐'] | ['老', '师'] | ['医', '生']
    );
    if honorific {
        Hit::new(Level::Valid, Fact::Titled)
    } else if given.iter().any(|&c| zh_given_common(c)) {
        Hit::VALID
    } else {
        Hit::WEAK
    }
}

fn en_token(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 2
        && b[0].is_ascii_uppercase()
        && b.iter()
            .all(|&c| c.is_ascii_alphabetic() || c == b'\'' || c == b'-' || c == b'.')
        || (b.len() == 2 && b[0].is_ascii_uppercase() && b[1] == b'.')
}

/// Titles before a name: `Dr. Gonzalez`, `Mrs Smith`.
fn en_title(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.').to_ascii_lowercase().as_str(),
        "dr" | "mr" | "mrs" | "ms" | "miss" | "mx" | "prof" | "sir" | "dame" | "rev"
    )
}

fn en_name_hit(t: &str) -> Hit {
    let mut words: Vec<&str> = t.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    if words.len() >= 2 && en_title(words[0]) {
        // A title and a known name is a person however often the same
        // person appears (the attending doctor of every row).
        words.remove(0);
        let hit = en_name_hit(&words.join(" "));
        return match hit.level {
            Level::Valid | Level::Weak if en_token(words[0]) => {
                Hit::new(Level::Valid, Fact::Titled)
            }
            _ => hit,
        };
    }
    if words.is_empty() || words.len() > 4 {
        return Hit::NO;
    }
    if !words.iter().all(|w| en_token(w)) {
        // Lower-case exports ("john smith"): every word must be a known name.
        let all_known = words.len() >= 2
            && words.iter().all(|w| {
                let n = en_name(w);
                w.bytes().all(|c| c.is_ascii_alphabetic()) && (n.given || n.surname)
            });
        return if all_known { Hit::WEAK } else { Hit::NO };
    }
    // Initials ("J.") neither help nor hurt.
    let full: Vec<&&str> = words
        .iter()
        .filter(|w| w.len() > 2 || !w.ends_with('.'))
        .collect();
    let known = full
        .iter()
        .filter(|w| {
            let n = en_name(w.trim_end_matches('.'));
            n.given || n.surname
        })
        .count();
    if known == 0 {
        Hit::NO
    } else if words.len() >= 2 && known >= full.len().min(2) {
        Hit::VALID
    } else {
        Hit::WEAK
    }
}

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "姓名|名字|真实姓名|客户姓名|用户姓名|联系人|联系人姓名|收货人|收件人|寄件人|发件人|患者姓名|病人姓名|学生姓名|员工姓名|职工姓名|持卡人|户主\
     |户主姓名|法定代表人|法人代表|申请人|投保人|被保险人|被保人|受益人|监护人|家长姓名|父亲姓名|母亲姓名|配偶姓名|紧急联系人|经办人|负责人|主治医师\
     |主治医生|主管医生|经治医生|接诊医生|医生姓名|医师姓名|护士姓名|责任护士|业务员|销售员|客户经理|审核人|签收人|英文名|中文名|客户名|~姓|~名\
     |xm|name|full name|first name|last name|surname|given name|family name|forename\
     |middle name|customer name|client name|patient name|contact name|contact person\
     |employee name|student name|cardholder|card holder|cardholder name|holder name\
     |recipient|recipient name|beneficiary|applicant|insured|guardian|spouse|fname\
     |lname|firstname|lastname|fullname|givenname|familyname|person|owner name\
     |account holder|driver name|passenger|passenger name|guest name|member name\
     |subscriber|emergency contact|attending physician|doctor name|physician name\
     |nurse name|sales rep|salesperson|~客户名称|联系人名称|~账户名称|户名|开户名|开户人|~收款人|~付款人|~收款人名称\
     |~付款人名称|就诊人|就诊人姓名|患者|借款人|借款人姓名|参保人|参保人姓名|~student|~employee|~payee|~payer";

const META: Meta = Meta::new("person_name", Entity::PersonName)
    .headers(HEADERS)
    .pi(PiCategory::Basic, false)
    .mask(MaskStyle::Name);

impl Detector for PersonName {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.digits == 0
            && s.chars >= 2
            && s.chars <= 40
            && ((s.cjk >= 2 && s.letters == 0) || (s.letters >= 2 && s.cjk == 0))
            && s.marks & !(mark::MIDDOT | mark::DOT | mark::DASH | mark::APOS | mark::COMMA) == 0
    }
    /// A few names repeated (a doctor, an agent) are still personal, but a
    /// handful of values over many rows is a category list (products,
    /// departments) whose words happen to start with a surname character.
    /// Titled names (Dr. Li, 王先生) are people, however few.
    fn column_rule(&self, v: &ColumnView<'_>) -> RuleOutcome {
        let categorical = v.distinct <= 1 && v.non_empty > 5
            || (v.non_empty >= 200 && v.distinct <= 30 && v.distinct * 20 <= v.non_empty);
        let titled = v.flagged * 2 > v.matched();
        if categorical && !titled && !v.named(Entity::PersonName) {
            (
                None,
                Some(Evidence::NameCategory {
                    distinct: v.distinct,
                }),
            )
        } else {
            (Some(Entity::PersonName), None)
        }
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        if cell.vocab() != 0 {
            return Hit::NO;
        }
        if cell.shape.cjk > 0 && cell.shape.spaces > 0 {
            // 张 伟, 张　伟: two-character names padded to line up with
            // three-character ones.
            let compact: String = cell
                .text
                .chars()
                .filter(|&c| c != ' ' && c != '\u{3000}')
                .collect();
            let shape = Shape::of(&compact);
            if shape.cjk != shape.chars || !(2..=4).contains(&shape.chars) {
                return Hit::NO;
            }
            zh_name(&compact, &shape)
        } else if cell.shape.cjk > 0 {
            zh_name(cell.text, &cell.shape)
        } else {
            en_name_hit(cell.text)
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
            &PersonName,
            &[
                ("张伟", Level::Valid),
                ("欧阳娜娜", Level::Valid),
                ("司马光", Level::Valid),
                ("诸葛亮", Level::Valid),
                ("王先生", Level::Valid),
                ("买买提·艾力", Level::Weak),
                ("John Smith", Level::Valid),
                ("Smith, John", Level::Valid),
                ("J. Smith", Level::Valid),
                ("Mary", Level::Weak),
                ("广东", Level::No),         // a region
                ("汉族", Level::No),         // an ethnic group
                ("的确", Level::No),         // not a surname
                ("张三李四王五", Level::No), // too long
                ("Blue Widget", Level::No),
                ("Teacher", Level::No),
                ("john smith", Level::Weak),
                ("blue widget", Level::No),
                ("SMITH, JOHN", Level::Valid),
                ("Dr. Gonzalez", Level::Valid),
                ("Mrs Mary Smith", Level::Valid),
                ("Dr. Widget", Level::No),
                ("李医生", Level::Valid),
                ("张 伟", Level::Valid),
                ("王\u{3000}\u{3000}芳", Level::Valid),
                ("广东 深圳", Level::No),
                ("欧阳 娜娜", Level::Valid),
            ],
        );
    }
}
