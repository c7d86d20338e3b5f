//! Word lists and the lookups over them. The lists are plain text files in
//! this folder, compiled in with `include_str!` and indexed on first use.

pub mod places;
use crate::entity::Entity;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

const VOCAB: &str = include_str!("vocab.txt");
const SURNAMES_ZH: &str = include_str!("surnames_zh.txt");
const GIVEN_ZH: &str = include_str!("given_chars_zh.txt");
const NAMES_EN: &str = include_str!("names_en.txt");
const NAMES_CENSUS: &str = include_str!("names_census.txt");

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Normalises a value for vocabulary lookup: lower-case ASCII, `_` and a
/// `-` between words as spaces (a trailing `-`, as in the blood group `A-`,
/// stays), runs of spaces folded, trimmed. Writes into `buf` and returns
/// `None` when the value is too long to be a vocabulary word.
pub fn normalize<'b>(s: &str, buf: &'b mut [u8; 96]) -> Option<&'b str> {
    let s = s.trim();
    if s.len() > buf.len() {
        return None;
    }
    let mut n = 0;
    let mut last_space = true;
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let joins = |j: usize| bytes.get(j).is_some_and(|c| c.is_ascii_alphanumeric());
        let b = match b {
            b'-' if !joins(i + 1) => b'-',
            b'-' | b'_' | b' ' | b'\t' => b' ',
            _ => b.to_ascii_lowercase(),
        };
        if b == b' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        buf[n] = b;
        n += 1;
    }
    while n > 0 && buf[n - 1] == b' ' {
        n -= 1;
    }
    // Only ASCII bytes were changed, so the result is still UTF-8.
    std::str::from_utf8(&buf[..n]).ok()
}

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
type FastSet<K> = HashSet<K, foldhash::fast::FixedState>;

/// Traditional characters and their simplified forms, one character each
/// (fast2s's table, read once for every Han character), so that Hong Kong
/// and Taiwan exports meet the same word lists and header lexicon.
fn t2s_map() -> &'static FastMap<char, char> {
    static M: OnceLock<FastMap<char, char>> = OnceLock::new();
    M.get_or_init(|| {
        let mut m = FastMap::default();
        let mut buf = [0u8; 4];
        for cp in (0x3400u32..=0x9FFF).chain(0xF900..=0xFAFF) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let s = fast2s::convert(c.encode_utf8(&mut buf));
            let mut chars = s.chars();
            if let (Some(d), None) = (chars.next(), chars.next()) {
                if d != c {
                    m.insert(c, d);
                }
            }
        }
        m
    })
}

/// The traditional forms of each simplified character that has any.
fn s2t_map() -> &'static FastMap<char, Vec<char>> {
    static M: OnceLock<FastMap<char, Vec<char>>> = OnceLock::new();
    M.get_or_init(|| {
        let mut m: FastMap<char, Vec<char>> = FastMap::default();
        for (&t, &s) in t2s_map() {
            m.entry(s).or_default().push(t);
        }
        for v in m.values_mut() {
            v.sort_unstable();
        }
        m
    })
}

/// `s` written in simplified characters, or `None` when it has no
/// traditional character.
pub fn simplified(s: &str) -> Option<String> {
    if s.is_ascii() {
        return None;
    }
    let m = t2s_map();
    if !s.chars().any(|c| m.contains_key(&c)) {
        return None;
    }
    Some(s.chars().map(|c| m.get(&c).copied().unwrap_or(c)).collect())
}

/// Traditional spellings of a simplified word, the word itself excluded
/// (at most 16: a list word has few characters with several forms).
fn traditional_variants(word: &str) -> Vec<String> {
    if word.is_ascii() {
        return Vec::new();
    }
    let m = s2t_map();
    let mut out = vec![String::new()];
    for c in word.chars() {
        let forms: Vec<char> = std::iter::once(c)
            .chain(m.get(&c).into_iter().flatten().copied())
            .collect();
        out = out
            .iter()
            .flat_map(|p| forms.iter().map(move |&f| format!("{p}{f}")))
            .take(17)
            .collect();
    }
    out.retain(|v| v != word);
    out.truncate(16);
    out
}

fn vocab_map() -> &'static FastMap<String, u64> {
    static MAP: OnceLock<FastMap<String, u64>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = FastMap::with_hasher(foldhash::fast::FixedState::with_seed(1));
        for line in lines(VOCAB) {
            let Some((name, values)) = line.split_once(':') else {
                continue;
            };
            let Some(entity) = Entity::from_name(name.trim()) else {
                continue;
            };
            for v in values.split('|') {
                let mut buf = [0u8; 96];
                if let Some(k) = normalize(v, &mut buf) {
                    if !k.is_empty() {
                        let bit = 1u64 << entity as u8;
                        for t in traditional_variants(k) {
                            *map.entry(t).or_insert(0u64) |= bit;
                        }
                        *map.entry(k.to_string()).or_insert(0u64) |= bit;
                    }
                }
            }
        }
        map
    })
}

/// Bit set (bit = `Entity as u8`) of the vocabularies that hold `value`.
pub fn vocab_bits(value: &str) -> u64 {
    if value.len() > 64 {
        return 0;
    }
    // Most values (Chinese words, lower-case codes) are already normal:
    // look them up without copying.
    let plain = !value
        .bytes()
        .any(|b| b.is_ascii_uppercase() || matches!(b, b'-' | b'_' | b' ' | b'\t'));
    if plain {
        return vocab_map().get(value).copied().unwrap_or(0);
    }
    let mut buf = [0u8; 96];
    match normalize(value, &mut buf) {
        Some(k) if !k.is_empty() => vocab_map().get(k).copied().unwrap_or(0),
        _ => 0,
    }
}

struct ZhNames {
    single: FastSet<char>,
    compound: FastSet<[char; 2]>,
    given: FastSet<char>,
}

fn zh_names() -> &'static ZhNames {
    static N: OnceLock<ZhNames> = OnceLock::new();
    N.get_or_init(|| {
        let mut single = FastSet::default();
        let mut compound = FastSet::default();
        // Each surname and given-name character also in its traditional
        // forms (陳, 歐陽, 偉).
        let surnames = lines(SURNAMES_ZH).flat_map(str::split_whitespace);
        for w in surnames.flat_map(|w| traditional_variants(w).into_iter().chain([w.to_string()])) {
            let cs: Vec<char> = w.chars().collect();
            match cs.as_slice() {
                [a] => {
                    single.insert(*a);
                }
                [a, b] => {
                    compound.insert([*a, *b]);
                }
                _ => {}
            }
        }
        let s2t = s2t_map();
        let given = lines(GIVEN_ZH)
            .flat_map(str::chars)
            .filter(|c| !c.is_whitespace())
            .flat_map(|c| std::iter::once(c).chain(s2t.get(&c).into_iter().flatten().copied()))
            .collect();
        ZhNames {
            single,
            compound,
            given,
        }
    })
}

/// Length in characters of the Chinese surname at the start of `chars`
/// (2 for a compound surname such as 欧阳, 1 for a single one), or 0.
pub fn zh_surname_len(chars: &[char]) -> usize {
    let n = zh_names();
    if chars.len() >= 3 && n.compound.contains(&[chars[0], chars[1]]) {
        return 2;
    }
    if !chars.is_empty() && n.single.contains(&chars[0]) {
        return 1;
    }
    0
}

/// Whether `c` is common in Chinese given names.
pub fn zh_given_common(c: char) -> bool {
    zh_names().given.contains(&c)
}

/// Kinds of animal, as shelter, farm, clinic and zoo tables write them:
/// a column of them makes the table's rows animals, and their names, ages
/// and sexes not people's.
const ANIMALS: &str =
    "dog dogs puppy cat cats kitten bird birds parrot budgie canary rabbit rabbits\
     bunny hamster guinea pig ferret mouse rat gerbil chinchilla horse horses pony donkey cow\
     cows cattle calf bull sheep lamb goat goats pig pigs piglet chicken chickens hen rooster\
     duck ducks goose turkey fish reptile snake lizard turtle tortoise gecko iguana frog\
     livestock poultry canine feline equine bovine ovine porcine avian 狗 犬 猫 鸟 兔 兔子 仓鼠\
     马 牛 羊 猪 鸡 鸭 鹅 鱼 龟 蛇";

/// Whether a value names a kind of animal (`Dog`, `Guinea pig`, 猫).
pub fn is_animal(value: &str) -> bool {
    static SET: OnceLock<FastSet<&'static str>> = OnceLock::new();
    let set = SET.get_or_init(|| {
        let mut s = FastSet::default();
        s.extend(ANIMALS.split_whitespace());
        s
    });
    let lower = value.trim().to_lowercase();
    lower.len() <= 24
        && (set.contains(lower.as_str())
            || lower
                .split_whitespace()
                .last()
                .is_some_and(|w| set.contains(w)))
}

/// What a Latin-script name token is known as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EnName {
    /// A given name (of either list).
    pub given: bool,
    /// A surname (of either list).
    pub surname: bool,
    /// In the short list of the most common names (`names_en.txt`): such a
    /// word alone is a name; one only in the census tables (Hill, Park,
    /// Church …) is a name only beside another name.
    pub common: bool,
}

/// The words of a front-coded list (`names_census.txt`): each token is the
/// length of the prefix it shares with the word before, then the rest.
fn front_decoded(tokens: impl Iterator<Item = &'static str>) -> impl Iterator<Item = String> {
    let mut prev = String::new();
    tokens.filter_map(move |t| {
        let shared = usize::from(t.as_bytes().first()?.checked_sub(b'0')?);
        let mut w: String = prev.get(..shared)?.to_string();
        w.push_str(t.get(1..)?);
        prev.clone_from(&w);
        Some(w)
    })
}

fn en_names() -> &'static FastMap<String, EnName> {
    static M: OnceLock<FastMap<String, EnName>> = OnceLock::new();
    M.get_or_init(|| {
        let mut m: FastMap<String, EnName> = FastMap::default();
        let mut add = |tag: Option<&str>, w: String, common: bool| {
            let e = m.entry(w).or_default();
            e.common |= common;
            match tag {
                Some("g") => e.given = true,
                Some("s") => e.surname = true,
                _ => {}
            }
        };
        for line in lines(NAMES_EN) {
            let mut words = line.split_whitespace();
            let tag = words.next();
            for w in words {
                add(tag, w.to_string(), true);
            }
        }
        // The census lists, one run of front-coding per tag.
        for tag in ["g", "s"] {
            let tokens = lines(NAMES_CENSUS)
                .filter_map(move |l| l.strip_prefix(tag)?.strip_prefix(' '))
                .flat_map(str::split_whitespace);
            for w in front_decoded(tokens) {
                add(Some(tag), w, false);
            }
        }
        m
    })
}

/// Latin letters with diacritics as their base letter (`José` → `jose`,
/// `Müller` → `muller`), lower case: how the name lists are written.
fn fold_latin(token: &str) -> Option<String> {
    // U+00C0–U+017F, a byte per character: the base letter, or `.` for
    // a character that is not a letter.
    const FOLD: &[u8; 192] = b"aaaaaaaceeeeiiiidnooooo.ouuuuytsaaaaaaaceeeeiiiidnooooo.ouuuuyty\
        aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkkklllllll\
        lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    let mut out = String::with_capacity(token.len());
    for c in token.chars() {
        if c.is_ascii_alphabetic() {
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '-' || c == '\u{2019}' {
            out.push(if c == '-' { '-' } else { '\'' });
        } else {
            let i = (c as u32).checked_sub(0xC0)? as usize;
            match FOLD.get(i) {
                Some(&b) if b != b'.' => out.push(b as char),
                _ => return None,
            }
        }
    }
    Some(out)
}

/// Looks up a Latin-script name token (any case, diacritics folded).
pub fn en_name(token: &str) -> EnName {
    if token.len() > 32 {
        return EnName::default();
    }
    let Some(lower) = fold_latin(token) else {
        return EnName::default();
    };
    en_names().get(&lower).copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocab_lookups() {
        let bit = |e: Entity| 1u64 << e as u8;
        assert_ne!(vocab_bits("男") & bit(Entity::Gender), 0);
        assert_ne!(vocab_bits(" Never-married") & bit(Entity::MaritalStatus), 0);
        assert_ne!(vocab_bits("汉族") & bit(Entity::Ethnicity), 0);
        assert_ne!(vocab_bits("AB-") & bit(Entity::Health), 0);
        assert_eq!(vocab_bits("A") & bit(Entity::Health), 0);
        assert_ne!(vocab_bits("广东省") & bit(Entity::Region), 0);
        assert_eq!(vocab_bits("widget"), 0);
    }

    #[test]
    fn surnames() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(zh_surname_len(&c("欧阳娜娜")), 2);
        assert_eq!(zh_surname_len(&c("张伟")), 1);
        assert_eq!(zh_surname_len(&c("的人")), 0);
        assert!(zh_given_common('伟'));
        assert!(en_name("Smith").surname);
        assert!(en_name("mary").given);
        // The census tables, front-coded: the first, a middle and the
        // last name of each list, and a name with diacritics folded.
        assert!(en_name("Aaron").given && en_name("Marguerite").given);
        assert!(en_name("Whitaker").surname && !en_name("Whitaker").common);
        assert!(en_name("Zuniga").surname);
        assert!(en_name("José").given && en_name("Müller").surname);
        assert_eq!(en_name("Airportx"), EnName::default());
    }

    #[test]
    fn traditional_forms_meet_the_same_lists() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(simplified("身分證號碼").as_deref(), Some("身分证号码"));
        assert_eq!(simplified("姓名"), None);
        assert_eq!(simplified("phone"), None);
        assert_eq!(zh_surname_len(&c("陳大文")), 1);
        assert_eq!(zh_surname_len(&c("歐陽娜娜")), 2);
        assert!(zh_given_common('偉'));
        let bit = |e: Entity| 1u64 << e as u8;
        assert_ne!(vocab_bits("會計師") & bit(Entity::Occupation), 0);
        assert_ne!(vocab_bits("廣東省") & bit(Entity::Region), 0);
        assert_ne!(vocab_bits("離婚") & bit(Entity::MaritalStatus), 0);
        assert!(traditional_variants("发").contains(&"發".to_string()));
        assert!(traditional_variants("abc").is_empty());
    }
}
