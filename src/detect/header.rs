//! Header evidence: the lexicon in `headers.txt` (Chinese and English, with
//! the spellings real exports use) turned into a best-match lookup.
//! Chinese words match as substrings (the longest wins: 出生地 beats 出生);
//! English phrases match as whole tokens after camelCase / snake_case
//! splitting (so "page" never matches "age"). Single Han characters (省, 市,
//! 姓) only match a header that is exactly that character.

use crate::entity::Entity;
use std::sync::OnceLock;

const LEXICON: &str = include_str!("headers.txt");

/// How much a header says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// A hint: values must agree (日期, contact, company …).
    Weak,
    /// The header names the entity.
    Strong,
}

/// What a header says about its column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderEvidence {
    /// The entity named (`NONE` for known non-personal columns, `FREE_TEXT`
    /// for comment columns).
    pub entity: Entity,
    /// How strongly.
    pub strength: Strength,
    /// The lexicon word that matched, for the evidence string.
    pub word: String,
    /// The header as written.
    pub text: String,
}

struct Entry {
    entity: Entity,
    weak: bool,
    zh: Option<String>,
    en: Vec<String>,
    word: String,
}

fn entries() -> &'static [Entry] {
    static E: OnceLock<Vec<Entry>> = OnceLock::new();
    E.get_or_init(|| {
        let mut out = Vec::new();
        let lexicon = LEXICON
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|line| {
                let (name, words) = line.split_once(':')?;
                Some((Entity::from_name(name.trim())?, words))
            });
        let own = super::registry::DETECTORS
            .iter()
            .map(|d| (d.entity(), d.meta().headers))
            .filter(|(_, words)| !words.is_empty());
        // A detector's own words come first: on a tie the earlier entry
        // wins, and a word naming a detector's entity is the more specific.
        for (entity, words) in own.chain(lexicon) {
            for w in words.split('|').map(str::trim).filter(|w| !w.is_empty()) {
                let (weak, w) = match w.strip_prefix('~') {
                    Some(rest) => (true, rest),
                    None => (false, w),
                };
                let has_han = w.chars().any(crate::detect::is_han);
                out.push(Entry {
                    entity,
                    weak,
                    zh: has_han.then(|| w.to_lowercase()),
                    en: if has_han { Vec::new() } else { tokens(w) },
                    word: w.to_string(),
                });
            }
        }
        out
    })
}

/// Splits an English header into lower-case tokens: on anything that is not
/// a letter or digit, at lower→upper case changes (phoneNumber), and between
/// letters and digits (address1).
pub fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev = None;
            continue;
        }
        if let Some(p) = prev {
            let camel = p.is_ascii_lowercase() && c.is_ascii_uppercase();
            let digit_edge = p.is_ascii_digit() != c.is_ascii_digit();
            if (camel || digit_edge) && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c.to_ascii_lowercase());
        prev = Some(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether a header carries no meaning (col1, 字段3, Unnamed: 2, A, V7 …):
/// then values alone decide.
pub fn is_generic(header: &str) -> bool {
    let h = header.trim().to_lowercase();
    if h.is_empty() {
        return true;
    }
    let stem = h.trim_end_matches(|c: char| {
        c.is_ascii_digit() || c == '_' || c == ' ' || c == '-' || c == ':' || c == '.'
    });
    let had_digits = stem.len() < h.len();
    const STEMS: &[&str] = &[
        "col",
        "column",
        "field",
        "var",
        "v",
        "x",
        "c",
        "f",
        "attr",
        "attribute",
        "unnamed",
        "字段",
        "列",
        "数据",
        "未命名",
        "data",
        "value",
        "val",
        "item",
        "feature",
        "key",
        "q",
        "question",
        "问题",
        "项目",
        "指标",
    ];
    if had_digits && STEMS.contains(&stem) {
        return true;
    }
    // A single letter (spreadsheet column names).
    h.len() == 1 && h.as_bytes()[0].is_ascii_alphabetic()
}

/// Looks a header up in the lexicon. `None` when it says nothing.
pub fn lookup(header: &str) -> Option<HeaderEvidence> {
    let whole = lookup_one(header);
    // 姓名/名称, Name/Company: a form's label for either kind of value. A
    // part that names a personal entity wins over one that names none.
    let personal = |e: &HeaderEvidence| !matches!(e.entity, Entity::None | Entity::FreeText);
    if header.contains(['/', '／']) && !whole.as_ref().is_some_and(personal) {
        if let Some(mut part) = header
            .split(['/', '／'])
            .filter_map(lookup_one)
            .find(|e| personal(e))
        {
            part.text = header.trim().to_string();
            return Some(part);
        }
    }
    whole
}

fn lookup_one(header: &str) -> Option<HeaderEvidence> {
    // 電話, 身分證號碼: traditional headers read as their simplified form.
    let simple = crate::dict::simplified(header);
    let trimmed = simple
        .as_deref()
        .unwrap_or(header)
        .trim()
        .trim_matches(['*', '"', '\''])
        .trim();
    let mut lower = trimmed.to_lowercase();
    // 性 别, 姓　　名: forms space Chinese labels out to line them up.
    if !lower.bytes().any(|b| b.is_ascii_alphabetic()) && lower.contains(char::is_whitespace) {
        lower.retain(|c| !c.is_whitespace());
    }
    if lower.is_empty() || is_generic(&lower) {
        return None;
    }
    // Tokens from the header as written, so that camelCase splits
    // (dateOfBirth, emailAddr).
    let toks = tokens(trimmed);
    let mut best: Option<(u32, &Entry)> = None;
    for e in entries() {
        let score = if let Some(zh) = &e.zh {
            let n = zh.chars().count() as u32;
            if lower == *zh {
                n * 2 + 5
            } else if n >= 2 && lower.ends_with(zh.as_str()) {
                // A Chinese compound header names its head last:
                // 联系人手机 is a phone, 身份证地址 an address.
                n * 2 + 3
            } else if n >= 2 && lower.contains(zh.as_str()) {
                n * 2
            } else {
                continue;
            }
        } else {
            let n = e.en.len();
            if n == 0 || n > toks.len() {
                continue;
            }
            if !toks.windows(n).any(|w| w == e.en.as_slice()) {
                continue;
            }
            let exact = n == toks.len();
            (n as u32) * 3 + if exact { 5 } else { 0 }
        };
        // Weak words lose ties against strong ones.
        let score = score * 2 + u32::from(!e.weak);
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, e));
        }
    }
    best.map(|(_, e)| HeaderEvidence {
        entity: e.entity,
        strength: if e.weak {
            Strength::Weak
        } else {
            Strength::Strong
        },
        word: e.word.clone(),
        text: header.trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(h: &str) -> Option<Entity> {
        lookup(h).map(|e| e.entity)
    }

    #[test]
    fn real_export_spellings() {
        let cases: &[(&str, Entity)] = &[
            ("联系电话", Entity::PhoneNumber),
            ("证件号码", Entity::CnResidentId),
            ("公民身份号码", Entity::CnResidentId),
            ("手机", Entity::PhoneNumber),
            ("手机号码*", Entity::PhoneNumber),
            ("DOB", Entity::DateOfBirth),
            ("Tel.", Entity::PhoneNumber),
            ("ZIP", Entity::PostalCode),
            ("Dx", Entity::Health),
            ("MRN", Entity::MedicalRecordNumber),
            ("phoneNumber", Entity::PhoneNumber),
            ("date_of_birth", Entity::DateOfBirth),
            ("E-mail", Entity::EmailAddress),
            ("出生地", Entity::Region),
            ("出生日期", Entity::DateOfBirth),
            ("客户姓名", Entity::PersonName),
            ("商品名称", Entity::None),
            ("product name", Entity::None),
            ("native-country", Entity::Nationality),
            ("marital-status", Entity::MaritalStatus),
            ("hours-per-week", Entity::None),
            ("政治面貌", Entity::Political),
            ("手机串号", Entity::Imei),
            ("香港身份证", Entity::HkId),
            ("address1", Entity::StreetAddress),
            ("收入(元)", Entity::Financial),
            ("市", Entity::Region),
            ("customerName", Entity::PersonName),
            ("性 别", Entity::Gender),
            ("姓名/名称", Entity::PersonName),
            ("Name/Company", Entity::PersonName),
            ("商品名称/规格", Entity::None),
            ("姓　　名", Entity::PersonName),
            ("WeChat ID", Entity::AccountId),
            ("M/F", Entity::Gender),
            ("贷款金额", Entity::Financial),
            ("就诊人", Entity::PersonName),
            ("门店地址", Entity::None),
            ("bmi", Entity::Health),
            ("dateOfBirth", Entity::DateOfBirth),
            ("emailAddr", Entity::EmailAddress),
            ("mobileNo", Entity::PhoneNumber),
            ("联系人手机", Entity::PhoneNumber),
            ("身份证地址", Entity::StreetAddress),
            ("電話", Entity::PhoneNumber),
            ("身分證號碼", Entity::CnResidentId),
            ("edu_level", Entity::Education),
            ("cc_num", Entity::BankCard),
            ("发票号码", Entity::None),
            ("成立日期", Entity::None),
        ];
        for &(h, want) in cases {
            assert_eq!(ent(h), Some(want), "{h}");
        }
    }

    #[test]
    fn says_nothing() {
        for h in ["col1", "字段3", "Unnamed: 2", "A", "V7", "", "page"] {
            assert!(ent(h).is_none(), "{h}: {:?}", ent(h));
        }
        assert_eq!(ent("usage"), None);
        assert_eq!(ent("市场价"), None);
        assert!(is_generic("col_12"));
        assert!(!is_generic("phone"));
    }
}
