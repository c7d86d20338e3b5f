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
use crate::dict::{en_name, zh_given_common, zh_surname_len, EnName};
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
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    (first.is_uppercase()
        && !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '-' | '.' | '\u{2019}')))
        || (rest == "." && first.is_ascii_uppercase())
}

/// Titles before or inside a name: `Dr. Gonzalez`, `Mrs Smith`, and the
/// `Surname, Title Given` of passenger and member lists.
fn en_title(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.').to_ascii_lowercase().as_str(),
        "dr" | "mr"
            | "mrs"
            | "ms"
            | "miss"
            | "mx"
            | "prof"
            | "sir"
            | "dame"
            | "rev"
            | "master"
            | "mme"
            | "mlle"
            | "madame"
            | "monsieur"
            | "lady"
            | "lord"
            | "capt"
            | "col"
            | "major"
            | "jonkheer"
            | "countess"
            | "herr"
            | "frau"
            | "sr"
            | "sra"
            | "srta"
    )
}

fn en_name_hit(t: &str) -> Hit {
    // A maiden name in brackets and a nickname in quotes are more of the
    // same person's names.
    let marks = |c: char| matches!(c, '(' | ')' | '"' | '\u{201C}' | '\u{201D}');
    let spaced: std::borrow::Cow<'_, str> = if t.contains(marks) {
        t.chars()
            .map(|c| if marks(c) { ' ' } else { c })
            .collect::<String>()
            .into()
    } else {
        t.into()
    };
    let all: Vec<&str> = spaced.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let words: Vec<&str> = all.iter().copied().filter(|w| !en_title(w)).collect();
    if words.is_empty() || words.len() > 6 || (words.len() > 4 && words.len() == all.len()) {
        return Hit::NO;
    }
    let titled = words.len() < all.len();
    if !words.iter().all(|w| en_token(w)) {
        // Lower-case exports ("john smith"): every word must be a known name.
        let all_known = words.len() >= 2
            && !titled
            && words.iter().all(|w| {
                let n = en_name(w);
                w.bytes().all(|c| c.is_ascii_alphabetic()) && (n.given || n.surname)
            });
        return if all_known { Hit::WEAK } else { Hit::NO };
    }
    // Initials ("J.") neither help nor hurt.
    let full: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().count() > 2 || !w.ends_with('.'))
        .collect();
    let names: Vec<EnName> = full
        .iter()
        .map(|w| en_name(w.trim_end_matches('.')))
        .collect();
    let known = names.iter().filter(|n| n.given || n.surname).count();
    let common = names.iter().any(|n| n.common);
    let hit = if known == 0 {
        Hit::NO
    } else if words.len() >= 2 && known >= full.len().min(2) {
        Hit::VALID
    } else if common {
        Hit::WEAK
    } else {
        // One word only the census tables know (Hill, Park, Blue …): they
        // confirm a name only beside another name.
        Hit::NO
    };
    // A title and a name is a person however often the same person
    // appears (the attending doctor of every row).
    if titled && known > 0 {
        Hit::new(Level::Valid, Fact::Titled)
    } else {
        hit
    }
}

/// Words that name places and organisations, never people: a value with
/// one of them (`Goroka Airport`, `Mount Hagen`, `Acme Holdings Ltd`) is
/// not a person's name whatever other words it has.
const NOT_PEOPLE: &str =
    "airport airfield airstrip heliport aerodrome airbase international regional\
     station terminal harbour harbor port pier street road avenue boulevard highway\
     city county district province prefecture municipality village town township\
     river lake mount mountain mt island islands bay beach park valley canyon\
     creek falls forest desert peninsula glacier centre center hospital clinic\
     university college school academy institute church cathedral temple mosque\
     museum library hotel motel restaurant cafe bank company co inc ltd llc corp\
     corporation holdings plc gmbh foundation association society club fc\
     department ministry office agency council committee government republic\
     kingdom federation fort saint st mall market plaza square stadium arena\
     airline airlines airways railway bridge tower base field airpark seaplane ranch farm\
     landing strip intl intercontinental arpt rgnl muni fld afb nas stn wso lighthouse dam\
     reservoir observatory";

/// Words for a person's role, not their name (`Self`, `Spouse`, `Adult`,
/// `Legal guardian`): a value made only of them is a category.
const ROLES: &str = "self spouse partner child children kid dependent dependant parent\
     mother father mom dad grandparent grandmother grandfather grandchild guardian legal\
     adult infant baby senior junior minor teen teenager youth elder other others\
     unknown primary secondary member owner tenant employee staff student teacher\
     customer client guest visitor patient user admin administrator applicant sibling\
     brother sister son daughter husband wife friend relative cousin uncle aunt\
     nephew niece in law step foster single joint individual household head\
     gold silver bronze platinum basic premium standard free trial vip regular\
     new active inactive former current";

fn word_set(list: &'static str) -> std::collections::HashSet<&'static str> {
    list.split_whitespace().collect()
}

/// What a Latin-script value's words say it is not: a place or
/// organisation (any word), or a role (every word).
fn not_a_name(t: &str) -> bool {
    use std::sync::OnceLock;
    static PLACES: OnceLock<std::collections::HashSet<&str>> = OnceLock::new();
    static ROLE: OnceLock<std::collections::HashSet<&str>> = OnceLock::new();
    let places = PLACES.get_or_init(|| word_set(NOT_PEOPLE));
    let roles = ROLE.get_or_init(|| word_set(ROLES));
    let mut any = false;
    let mut all_roles = true;
    let mut buf = [0u8; 16];
    for w in t
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        any = true;
        // The lists are ASCII: other words are neither, and none is long.
        if w.len() > buf.len() || !w.is_ascii() {
            all_roles = false;
            continue;
        }
        let lower = &mut buf[..w.len()];
        lower.copy_from_slice(w.as_bytes());
        lower.make_ascii_lowercase();
        let lower = std::str::from_utf8(lower).unwrap_or_default();
        if places.contains(lower) {
            return true;
        }
        all_roles &= roles.contains(lower);
    }
    any && all_roles
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
     |first|last|given|middle|maiden name|nickname\
     |account holder|driver name|passenger|passenger name|guest name|member name\
     |subscriber|emergency contact|attending physician|doctor name|physician name\
     |nurse name|sales rep|salesperson|~客户名称|联系人名称|~账户名称|户名|开户名|开户人|~收款人|~付款人|~收款人名称\
     |~付款人名称|就诊人|就诊人姓名|患者|借款人|借款人姓名|参保人|参保人姓名|~student|~employee|~payee|~payer\
     |member|members|participant|attendee|player|artist|performer|speaker|author|alias|stage name\
     |registrar|clerk|recorder|recorded by|entered by|created by|modified by|updated by\
     |assigned to|assignee|approver|approved by|reviewer|reviewed by|inspector|handled by\
     |cashier|teller|caseworker|case worker|interviewer|enumerator|owner|agent\
     |成员|参与者|参会人|参加人|登记人|录入人|创建人|操作人|操作员|经手人|审批人|复核人|收银员|制单人|开单人|填表人\
     |调查员|访问员|记录人|登记员";

const META: Meta = Meta::new("person_name", Entity::PersonName)
    .headers(HEADERS)
    .pi(PiCategory::Basic, false)
    .mask(MaskStyle::Name);

impl Detector for PersonName {
    fn meta(&self) -> &Meta {
        &META
    }
    /// Names in any script and with any accents may be names, unless
    /// their words name a place, an organisation or a role, or they are
    /// words of another vocabulary.
    fn plausible(&self, cell: &Cell<'_>) -> bool {
        // A number after a name tells namesakes apart (张伟2, test rows).
        let bare = cell.text.trim_end_matches(|c: char| c.is_ascii_digit());
        if bare.len() < cell.text.len() {
            return !bare.is_empty() && self.plausible(&Cell::new(bare.trim_end()));
        }
        let s = &cell.shape;
        s.digits == 0
            && (2..=60).contains(&s.chars)
            && s.letters + s.cjk + u32::from(s.marks & mark::NON_ASCII != 0) >= 2
            && cell.vocab() == 0
            && !crate::cell::is_flag(cell.text)
            && (s.cjk > 0 || !not_a_name(cell.text))
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.digits == 0
            && s.chars >= 2
            && s.chars <= 60
            && ((s.cjk >= 2 && s.letters == 0) || (s.letters >= 2 && s.cjk == 0))
            && s.marks
                & !(mark::MIDDOT
                    | mark::DOT
                    | mark::DASH
                    | mark::APOS
                    | mark::COMMA
                    | mark::PAREN
                    | mark::OTHER
                    | mark::NON_ASCII
                    | mark::CJK_PUNCT)
                == 0
    }
    /// A few names repeated (a doctor, an agent) are still personal, but a
    /// handful of values over many rows is a category list (products,
    /// departments) whose words happen to start with a surname character.
    /// Titled names (Dr. Li, 王先生) and full names that validate are
    /// people, however few.
    fn column_rule(&self, v: &ColumnView<'_>) -> RuleOutcome {
        let categorical = v.distinct <= 1 && v.non_empty > 5
            || (v.non_empty >= 200 && v.distinct <= 30 && v.distinct * 20 <= v.non_empty);
        let titled = v.flagged * 2 > v.matched();
        // Full names that validate (a known given name and surname) are
        // staff repeated over many rows (a clerk, a registrar), not a
        // category.
        let full_names = v.valid * 5 >= v.matched() * 4 && v.matched() * 2 >= v.non_empty;
        if categorical && !titled && !full_names && !v.named(Entity::PersonName) {
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
        } else if not_a_name(cell.text) {
            Hit::NO
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
                ("Jackson International Airport", Level::No),
                ("Mount Hagen", Level::No),
                ("Legal guardian", Level::No),
                ("Spouse", Level::No),
                ("Braund, Mr. Owen Harris", Level::Valid),
                (
                    "Cumings, Mrs. John Bradley (Florence Briggs Thayer)",
                    Level::Valid,
                ),
                ("Kink, Mr. Vincenz \"Jack\"", Level::Valid),
                ("Heikkinen, Miss. Laina", Level::Valid),
                ("Marguerite Whitaker", Level::Valid),
                ("José García", Level::Valid),
                ("Whitaker", Level::No),
                ("Dr. Whitaker", Level::Valid),
            ],
        );
    }
}
