//! Street addresses. Chinese: an administrative part (省/市/区/县/镇/乡/村…)
//! followed by a street-level part (路/街/道/巷/弄/号/室/栋/单元/小区…).
//! Latin script: a house number and a street-type word ("12 Main St"), or a
//! PO box.

use crate::detect::{Cell, Detector, Hit, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The street address detector.
pub struct StreetAddress;

/// Administrative-level markers (one character each).
const ZH_ADMIN: &[char] = &[
    '省', '市', '区', '县', '镇', '乡', '村', '州', '旗', '盟', '區', '縣', '鎮', '鄉',
];
/// Street-level markers: single characters, and two-character words
/// ([`ZH_STREET2`]) keyed by their second character ([`ZH_STREET2_END`]).
const ZH_STREET: &[char] = &[
    '路', '街', '道', '巷', '弄', '号', '室', '栋', '幢', '楼', '苑', '庄', '里', '组', '號', '棟',
    '樓', '莊', '組',
];
const ZH_STREET2_END: &[char] = &['同', '元', '区', '园', '寓', '厦', '场'];

/// CJK Unified Ideographs (U+4E00–U+9FFF), one bit each: every marker
/// above is one of them, and a bit test per character is cheaper than
/// comparing with each marker (this runs on every cell of an address or
/// free-text column).
const HAN_BASE: u32 = 0x4E00;
const HAN_WORDS: usize = (0xA000 - 0x4E00) / 64;

const fn han_set(chars: &[char]) -> [u64; HAN_WORDS] {
    let mut set = [0u64; HAN_WORDS];
    let mut k = 0;
    while k < chars.len() {
        let i = (chars[k] as u32 - HAN_BASE) as usize;
        set[i / 64] |= 1 << (i % 64);
        k += 1;
    }
    set
}

static ADMIN: [u64; HAN_WORDS] = han_set(ZH_ADMIN);
static STREET: [u64; HAN_WORDS] = han_set(ZH_STREET);
static STREET2_END: [u64; HAN_WORDS] = han_set(ZH_STREET2_END);

fn in_set(set: &[u64; HAN_WORDS], c: char) -> bool {
    let i = (c as u32).wrapping_sub(HAN_BASE) as usize;
    set.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
}

const ZH_STREET2: &[[char; 2]] = &[
    ['胡', '同'],
    ['单', '元'],
    ['小', '区'],
    ['花', '园'],
    ['公', '寓'],
    ['大', '厦'],
    ['广', '场'],
    ['社', '区'],
];
// USPS street suffixes (Publication 28, C1) in full and abbreviated form,
// and unit designators.
const EN_STREET: &[&str] = &[
    "street",
    "st",
    "avenue",
    "ave",
    "av",
    "road",
    "rd",
    "boulevard",
    "blvd",
    "lane",
    "ln",
    "drive",
    "dr",
    "court",
    "ct",
    "place",
    "pl",
    "way",
    "terrace",
    "ter",
    "parkway",
    "pkwy",
    "highway",
    "hwy",
    "circle",
    "cir",
    "square",
    "sq",
    "close",
    "crescent",
    "cres",
    "gardens",
    "grove",
    "row",
    "alley",
    "trail",
    "trl",
    "plaza",
    "plz",
    "strasse",
    "straße",
    "rue",
    "via",
    "calle",
    "apt",
    "suite",
    "ste",
    "unit",
    "branch",
    "bridge",
    "brook",
    "brooks",
    "burg",
    "burgs",
    "bypass",
    "camp",
    "canyon",
    "cape",
    "causeway",
    "center",
    "centers",
    "circles",
    "cliff",
    "cliffs",
    "club",
    "common",
    "corner",
    "corners",
    "course",
    "courts",
    "cove",
    "coves",
    "creek",
    "crest",
    "crossing",
    "xing",
    "crossroad",
    "curve",
    "dale",
    "dam",
    "divide",
    "drives",
    "estate",
    "estates",
    "expressway",
    "expy",
    "extension",
    "ext",
    "falls",
    "ferry",
    "field",
    "fields",
    "flat",
    "flats",
    "ford",
    "fords",
    "forest",
    "forge",
    "forges",
    "fork",
    "forks",
    "fort",
    "freeway",
    "fwy",
    "garden",
    "gateway",
    "glen",
    "glens",
    "green",
    "greens",
    "groves",
    "harbor",
    "harbors",
    "haven",
    "heights",
    "hts",
    "hill",
    "hills",
    "hollow",
    "inlet",
    "island",
    "islands",
    "isle",
    "junction",
    "junctions",
    "key",
    "keys",
    "knoll",
    "knolls",
    "lake",
    "lakes",
    "landing",
    "light",
    "lights",
    "loaf",
    "lock",
    "locks",
    "lodge",
    "loop",
    "mall",
    "manor",
    "manors",
    "meadow",
    "meadows",
    "mews",
    "mill",
    "mills",
    "mission",
    "motorway",
    "mount",
    "mountain",
    "mountains",
    "neck",
    "orchard",
    "oval",
    "overpass",
    "park",
    "parks",
    "parkways",
    "pass",
    "passage",
    "path",
    "pike",
    "pine",
    "pines",
    "plain",
    "plains",
    "point",
    "points",
    "port",
    "ports",
    "prairie",
    "radial",
    "ramp",
    "ranch",
    "rapid",
    "rapids",
    "rest",
    "ridge",
    "ridges",
    "river",
    "roads",
    "route",
    "rte",
    "run",
    "shoal",
    "shoals",
    "shore",
    "shores",
    "skyway",
    "spring",
    "springs",
    "spur",
    "spurs",
    "squares",
    "station",
    "stravenue",
    "stream",
    "streets",
    "summit",
    "throughway",
    "trace",
    "track",
    "trafficway",
    "tunnel",
    "turnpike",
    "underpass",
    "union",
    "unions",
    "valley",
    "valleys",
    "viaduct",
    "view",
    "views",
    "village",
    "villages",
    "ville",
    "vista",
    "walk",
    "walks",
    "wall",
    "ways",
    "well",
    "wells",
];

/// One pass over the characters: an administrative marker and a
/// street-level marker, or two street-level markers.
fn zh_address(t: &str) -> bool {
    let mut admin = false;
    let mut street = 0u32;
    let mut prev = '\0';
    for c in t.chars() {
        if in_set(&ADMIN, c) {
            admin = true;
        }
        if in_set(&STREET, c)
            || (in_set(&STREET2_END, c) && ZH_STREET2.iter().any(|w| w[0] == prev && w[1] == c))
        {
            street += 1;
        }
        prev = c;
    }
    (admin && street >= 1) || street >= 2
}

fn en_address(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("po box") || lower.starts_with("p.o. box") {
        return true;
    }
    // Military mail: "PSC 1234, Box 5678, APO AE 12345", "USNS Smith, FPO AA 12345".
    if [" apo ", " fpo ", " dpo "]
        .iter()
        .any(|m| lower.contains(m))
        && lower.bytes().filter(u8::is_ascii_digit).count() >= 5
    {
        return true;
    }
    let mut words = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty());
    let Some(first) = words.next() else {
        return false;
    };
    let first = first.trim_end_matches(|c: char| c.is_ascii_alphabetic() && c != 'x');
    if first.is_empty()
        || !first
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b'/')
    {
        return false;
    }
    let rest: Vec<&str> = words.collect();
    if rest
        .iter()
        .any(|w| EN_STREET.contains(&w.trim_end_matches('.')))
    {
        return true;
    }
    // A house number and words that end in "<state code> <ZIP>".
    match rest.as_slice() {
        [.., state, zip] => {
            state.len() == 2
                && state.bytes().all(|b| b.is_ascii_alphabetic())
                && (zip.len() == 5 || zip.len() == 10)
                && zip.as_bytes()[..5].iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "地址|住址|家庭住址|家庭地址|联系地址|通讯地址|收货地址|详细地址|现住址|户籍地址|居住地址|工作地址|单位地址|邮寄地址|所在地址|常住地址|送货地址\
     |寄件地址|dz|address|street|street address|home address|mailing address|addr\
     |address line|address line 1|address1|address 1|address2|residence address\
     |shipping address|billing address|postal address|delivery address\
     |residential address";

const META: Meta = Meta::new("street_address", Entity::StreetAddress)
    .headers(HEADERS)
    .pi(PiCategory::Basic, false);

impl Detector for StreetAddress {
    fn meta(&self) -> &Meta {
        &META
    }
    /// Any address-length text may be an address.
    fn plausible(&self, cell: &Cell<'_>) -> bool {
        cell.shape.chars >= 4
    }
    fn prefilter(&self, s: &Shape) -> bool {
        (s.cjk >= 4 && s.chars >= 6 && s.chars <= 120)
            || (s.digits >= 1 && s.letters >= 4 && s.spaces >= 2 && s.chars <= 120)
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let t = cell.text;
        let ok = if cell.shape.cjk >= 4 {
            zh_address(t)
        } else {
            en_address(t)
        };
        Hit::valid_if(ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn marker_sets_hold_exactly_their_characters() {
        for (set, list) in [
            (&ADMIN, ZH_ADMIN),
            (&STREET, ZH_STREET),
            (&STREET2_END, ZH_STREET2_END),
        ] {
            for cp in 0..0x11000u32 {
                if let Some(c) = char::from_u32(cp) {
                    assert_eq!(in_set(set, c), list.contains(&c), "{c}");
                }
            }
        }
    }

    #[test]
    fn table() {
        check_table(
            &StreetAddress,
            &[
                ("北京市海淀区中关村大街27号", Level::Valid),
                ("广东省深圳市南山区科技园路1号3栋501室", Level::Valid),
                ("浙江省杭州市西湖区文三路", Level::Valid),
                ("12 Main St", Level::Valid),
                ("1600 Pennsylvania Avenue NW, Washington, DC", Level::Valid),
                ("221B Baker Street", Level::Valid),
                ("15 Oak Dr", Level::Valid),
                ("1 Elm St", Level::Valid),
                ("12 kg net", Level::No),
                (
                    "5771 Larry Junctions Suite 341, Rachelhaven, IL 79884",
                    Level::Valid,
                ),
                ("3608 Kathryn Pk, West Jerry, IN 60742", Level::Valid),
                ("PSC 1234, Box 5678, APO AE 12345", Level::Valid),
                ("北京市海淀区", Level::No),
                ("今天天气很好我们去公园", Level::No),
                ("Main Street Bakery", Level::No),
                ("12 apples and 3 oranges", Level::No),
            ],
        );
    }
}
