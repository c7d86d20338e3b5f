//! Detection: every cell is measured once into a [`Shape`] (a cheap
//! character-class census); each detector first looks at the shape
//! (`prefilter`), and only then parses and validates the text (`detect`).
//! Column verdicts are made later, from the counts of the column profiles
//! ([`crate::verdict`]), with header words from [`header`] as extra evidence.

pub mod detectors;
pub mod evidence;
pub mod header;
pub mod header_row;
pub mod registry;
pub mod text;

use crate::dict;
use crate::entity::Entity;
use evidence::Evidence;
use std::cell::Cell as StdCell;

/// Bits of [`Shape::marks`]: which ASCII punctuation a cell contains.
pub mod mark {
    /// `@`
    pub const AT: u32 = 1 << 0;
    /// `.`
    pub const DOT: u32 = 1 << 1;
    /// `-`
    pub const DASH: u32 = 1 << 2;
    /// `/`
    pub const SLASH: u32 = 1 << 3;
    /// `:`
    pub const COLON: u32 = 1 << 4;
    /// `+`
    pub const PLUS: u32 = 1 << 5;
    /// `(` or `)`
    pub const PAREN: u32 = 1 << 6;
    /// `,`
    pub const COMMA: u32 = 1 << 7;
    /// `_`
    pub const UNDERSCORE: u32 = 1 << 8;
    /// `#`
    pub const HASH: u32 = 1 << 9;
    /// `*`
    pub const STAR: u32 = 1 << 10;
    /// `'`
    pub const APOS: u32 = 1 << 11;
    /// `%`
    pub const PERCENT: u32 = 1 << 12;
    /// `<`, `>` or `=`
    pub const COMPARE: u32 = 1 << 13;
    /// `$`
    pub const DOLLAR: u32 = 1 << 14;
    /// `[`, `]`, `{`, `}`
    pub const BRACKET: u32 = 1 << 15;
    /// `;`, `!`, `?`, `"`, `&`, `~`, `` ` ``, `^`, `|`, `\`
    pub const OTHER: u32 = 1 << 16;
    /// CJK punctuation or full-width forms (，。：（）…)
    pub const CJK_PUNCT: u32 = 1 << 17;
    /// The middle dot `·` (plates, transliterated names).
    pub const MIDDOT: u32 = 1 << 18;
    /// Any other non-ASCII, non-CJK character (accented Latin, symbols).
    pub const NON_ASCII: u32 = 1 << 19;
    /// A full-width digit or Latin letter (１３８, ＡＢＣ), as Chinese input
    /// methods type them: see [`super::fold_fullwidth`].
    pub const FULLWIDTH: u32 = 1 << 20;
}

/// `t` with full-width ASCII forms (U+FF01–FF5E) and the ideographic space
/// made ASCII: `１３８１２３４５６７８` is a phone number like any other.
pub fn fold_fullwidth(t: &str) -> String {
    t.chars()
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            _ => c,
        })
        .collect()
}

/// Character-class census of one (trimmed) cell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shape {
    /// Bytes.
    pub len: u32,
    /// Characters.
    pub chars: u32,
    /// ASCII digits.
    pub digits: u32,
    /// ASCII letters.
    pub letters: u32,
    /// ASCII upper-case letters.
    pub upper: u32,
    /// Han ideographs.
    pub cjk: u32,
    /// Spaces and tabs.
    pub spaces: u32,
    /// ASCII punctuation characters.
    pub punct: u32,
    /// [`mark`] bits.
    pub marks: u32,
}

// Per-byte packed increments for the census: lane 0 digits, 1 letters,
// 2 upper-case, 3 spaces/tabs, 4 ASCII punctuation, 5 ASCII characters,
// 6 UTF-8 lead bytes (a non-ASCII character starts), 7 lead bytes E4–E9
// (Han ideographs U+4000–U+9FFF).
const fn build_packed() -> [u64; 256] {
    let mut t = [0u64; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        let mut v = 0u64;
        if c < 0x80 {
            v |= 1 << 40;
            if c.is_ascii_digit() {
                v |= 1;
            } else if c.is_ascii_alphabetic() {
                v |= 1 << 8;
                if c.is_ascii_uppercase() {
                    v |= 1 << 16;
                }
            } else if c == b' ' || c == b'\t' {
                v |= 1 << 24;
            } else if c.is_ascii_punctuation() {
                v |= 1 << 32;
            }
        } else if c >= 0xC0 {
            v |= 1 << 48;
            if c >= 0xE4 && c <= 0xE9 {
                v |= 1 << 56;
            }
        }
        t[i] = v;
        i += 1;
    }
    t
}

const fn build_marks() -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = match c {
            b'@' => mark::AT,
            b'.' => mark::DOT,
            b'-' => mark::DASH,
            b'/' => mark::SLASH,
            b':' => mark::COLON,
            b'+' => mark::PLUS,
            b'(' | b')' => mark::PAREN,
            b',' => mark::COMMA,
            b'_' => mark::UNDERSCORE,
            b'#' => mark::HASH,
            b'*' => mark::STAR,
            b'\'' => mark::APOS,
            b'%' => mark::PERCENT,
            b'<' | b'>' | b'=' => mark::COMPARE,
            b'$' => mark::DOLLAR,
            b'[' | b']' | b'{' | b'}' => mark::BRACKET,
            _ if c.is_ascii_punctuation() => mark::OTHER,
            _ => 0,
        };
        i += 1;
    }
    t
}

static PACKED: [u64; 256] = build_packed();
static MARKS: [u32; 256] = build_marks();

pub use crate::cell::is_han;

impl Shape {
    /// Measures a cell.
    ///
    /// The ASCII census is branch-free: one table lookup per byte adds a
    /// packed set of 8-bit counters (digits, letters, upper, spaces,
    /// punctuation, ASCII chars, UTF-8 lead bytes) and ORs the punctuation
    /// mark bits. Only cells with non-ASCII characters take a second pass
    /// over those characters to tell Han from punctuation.
    pub fn of(s: &str) -> Shape {
        let bytes = s.as_bytes();
        let mut sh = Shape {
            len: bytes.len() as u32,
            ..Shape::default()
        };
        let mut lead = 0u32;
        let mut han_lead = 0u32;
        // Blocks of 255 bytes keep every 8-bit lane from overflowing.
        for block in bytes.chunks(255) {
            let mut acc = 0u64;
            let mut marks = 0u32;
            for &b in block {
                acc += PACKED[b as usize];
                marks |= MARKS[b as usize];
            }
            let lane = |i: u32| ((acc >> (8 * i)) & 0xFF) as u32;
            sh.digits += lane(0);
            sh.letters += lane(1);
            sh.upper += lane(2);
            sh.spaces += lane(3);
            sh.punct += lane(4);
            sh.chars += lane(5);
            lead += lane(6);
            han_lead += lane(7);
            sh.marks |= marks;
        }
        sh.chars += lead;
        // Lead bytes E5–E9 start U+5000–U+9FFF and E4 starts U+4000–U+4FFF:
        // Han but for 64 hexagram symbols, counted without decoding.
        sh.cjk = han_lead;
        if lead > han_lead {
            // Decode only the other non-ASCII characters.
            let mut i = 0;
            while i < bytes.len() {
                let b = bytes[i];
                if b < 0xC0 || (0xE4..=0xE9).contains(&b) {
                    i += 1;
                    continue;
                }
                let width = if b >= 0xF0 {
                    4
                } else if b >= 0xE0 {
                    3
                } else {
                    2
                };
                let end = (i + width).min(bytes.len());
                let c = s
                    .get(i..end)
                    .and_then(|x| x.chars().next())
                    .unwrap_or('\u{FFFD}');
                i = end;
                if is_han(c) {
                    sh.cjk += 1;
                } else if c == '·' || c == '•' || c == '・' {
                    sh.marks |= mark::MIDDOT;
                } else if c == '\u{3000}' {
                    sh.spaces += 1;
                } else if matches!(c as u32, 0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A) {
                    sh.marks |= mark::FULLWIDTH | mark::CJK_PUNCT;
                } else if matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x2014 | 0x2018..=0x201D | 0x2026)
                {
                    sh.marks |= mark::CJK_PUNCT;
                } else {
                    sh.marks |= mark::NON_ASCII;
                }
            }
        }
        sh
    }

    /// Only ASCII digits.
    #[inline]
    pub fn all_digits(&self) -> bool {
        self.digits == self.chars && self.chars > 0
    }

    /// Only ASCII letters and digits.
    #[inline]
    pub fn alnum(&self) -> bool {
        self.digits + self.letters == self.chars && self.chars > 0
    }

    /// Only Han characters.
    #[inline]
    pub fn all_han(&self) -> bool {
        self.cjk == self.chars && self.chars > 0
    }

    /// Only ASCII.
    #[inline]
    pub fn ascii(&self) -> bool {
        self.len == self.chars
    }
}

/// One cell under detection: its text (trimmed), its shape, and the
/// vocabulary bits looked up at most once.
pub struct Cell<'a> {
    /// The trimmed text.
    pub text: &'a str,
    /// Its character census.
    pub shape: Shape,
    vocab: StdCell<Option<u64>>,
}

impl<'a> Cell<'a> {
    /// Measures a (trimmed) cell.
    pub fn new(text: &'a str) -> Self {
        Cell {
            text,
            shape: Shape::of(text),
            vocab: StdCell::new(None),
        }
    }

    /// Bit set of the entities whose vocabulary holds this value
    /// (bit = `Entity as u8`).
    pub fn vocab(&self) -> u64 {
        if let Some(v) = self.vocab.get() {
            return v;
        }
        let v = dict::vocab_bits(self.text);
        self.vocab.set(Some(v));
        v
    }

    /// Supplies vocabulary bits already known (from a memo).
    pub fn set_vocab(&self, bits: u64) {
        self.vocab.set(Some(bits));
    }

    /// The vocabulary bits, if a detector has looked them up.
    pub fn vocab_if_known(&self) -> Option<u64> {
        self.vocab.get()
    }

    /// Whether the vocabulary of `e` holds this value.
    pub fn in_vocab(&self, e: Entity) -> bool {
        self.vocab() & (1u64 << e as u8) != 0
    }
}

/// How strongly one cell matched a detector.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Not this entity.
    No,
    /// Has the shape but did not validate (a check digit failed, or the form
    /// is ambiguous without a header).
    Shape,
    /// Matches by structure or dictionary, without a check digit.
    Weak,
    /// Passed a validator (check digit, date, number plan, parse).
    Valid,
}

/// A fact a detector learnt about one cell, kept for its column's rule:
/// the profile histograms [`Fact::number`] and counts [`Fact::flagged`]
/// cells, so the rule can tell birth dates from event dates, ages from
/// day numbers, one shop's links from homepages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Fact {
    /// Nothing more than the level.
    #[default]
    None,
    /// The year of a date, or the birth year inside an ID number.
    Year(u16),
    /// A date with a time of day (an event timestamp), and its year.
    Timestamp(u16),
    /// An age in years.
    Age(u16),
    /// An age band (`20-29`, `65+`) and its lower bound.
    AgeBand(u16),
    /// A web address: its host hashed to a byte, and whether the site is
    /// one of people's profiles.
    Host {
        /// The host's hash, 0–255.
        hash: u16,
        /// A profile site (github.com/…, linkedin.com/in/…).
        profile: bool,
    },
    /// A business number (400/800 hotlines).
    Hotline,
    /// A name with a title (Dr. Li, 王先生).
    Titled,
    /// A dotted quad that reads as well as a version number (`2.4.1.0`:
    /// small parts).
    VersionLike,
    /// A postal-code-shaped number of this many digits, and whether it is
    /// round (ends in 000, as salaries do).
    Digits {
        /// How many digits.
        len: u16,
        /// Ends in 000.
        round: bool,
    },
}

impl Fact {
    /// The number the profile histograms (years, ages, host hashes,
    /// lengths), 0 for none.
    #[inline]
    pub fn number(self) -> u16 {
        match self {
            Fact::Year(n) | Fact::Timestamp(n) | Fact::Age(n) | Fact::AgeBand(n) => n,
            Fact::Host { hash, .. } => hash,
            Fact::Digits { len, .. } => len,
            Fact::None | Fact::Hotline | Fact::Titled | Fact::VersionLike => 0,
        }
    }

    /// Whether the cell counts as flagged for the column rule.
    #[inline]
    pub fn flagged(self) -> bool {
        match self {
            Fact::Timestamp(_)
            | Fact::AgeBand(_)
            | Fact::Hotline
            | Fact::Titled
            | Fact::VersionLike => true,
            Fact::Host { profile, .. } => profile,
            Fact::Digits { round, .. } => round,
            Fact::None | Fact::Year(_) | Fact::Age(_) => false,
        }
    }
}

/// The result of one detector on one cell: how strongly it matched, and
/// what it learnt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Match strength.
    pub level: Level,
    /// What the detector learnt of the cell.
    pub fact: Fact,
}

impl Hit {
    /// No match.
    pub const NO: Hit = Hit::new(Level::No, Fact::None);
    /// A shape-only match.
    pub const SHAPE: Hit = Hit::new(Level::Shape, Fact::None);
    /// A structural / dictionary match.
    pub const WEAK: Hit = Hit::new(Level::Weak, Fact::None);
    /// A validated match.
    pub const VALID: Hit = Hit::new(Level::Valid, Fact::None);

    /// A match at `level` with a fact.
    pub const fn new(level: Level, fact: Fact) -> Hit {
        Hit { level, fact }
    }

    /// Valid if `ok`, else no match.
    pub fn valid_if(ok: bool) -> Hit {
        if ok {
            Hit::VALID
        } else {
            Hit::NO
        }
    }

    /// Valid if `ok`, else shape-only.
    pub fn valid_or_shape(ok: bool) -> Hit {
        if ok {
            Hit::VALID
        } else {
            Hit::SHAPE
        }
    }
}

/// The personal-information categories of GB/T 35273-2020 Annex A, as
/// report codes (`columns[].pi_category`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PiCategory {
    /// 个人基本资料: name, birthday, sex, ethnicity, nationality, address,
    /// phone, e-mail.
    Basic,
    /// 个人身份信息: identity documents.
    Identity,
    /// 个人生物识别信息.
    Biometric,
    /// 网络身份标识信息: accounts, IP addresses.
    OnlineIdentifier,
    /// 个人健康生理信息.
    Health,
    /// 个人教育工作信息: occupation, employer, education.
    EducationWork,
    /// 个人财产信息: bank accounts, income, credit.
    Property,
    /// 个人通信信息: messages and their content.
    Communication,
    /// 联系人信息.
    Contacts,
    /// 个人上网记录.
    OnlineActivity,
    /// 个人常用设备信息: device identifiers.
    Device,
    /// 个人位置信息: precise location, whereabouts.
    Location,
    /// 其他信息: marital history, religion, sexual orientation, criminal
    /// records …
    Other,
}

impl PiCategory {
    /// The report code.
    pub fn code(self) -> &'static str {
        match self {
            PiCategory::Basic => "basic",
            PiCategory::Identity => "identity",
            PiCategory::Biometric => "biometric",
            PiCategory::OnlineIdentifier => "online_identifier",
            PiCategory::Health => "health",
            PiCategory::EducationWork => "education_work",
            PiCategory::Property => "property",
            PiCategory::Communication => "communication",
            PiCategory::Contacts => "contacts",
            PiCategory::OnlineActivity => "online_activity",
            PiCategory::Device => "device",
            PiCategory::Location => "location",
            PiCategory::Other => "other",
        }
    }
}

/// How the `mask` operator hides a value of a detector's entity (and so
/// the report's examples of names and identity documents, which are that
/// operator's output).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaskStyle {
    /// Keep this many characters at the start and at the end.
    Ends(u8, u8),
    /// Letters and digits only (separators and brackets go), then this
    /// many at each end: identity documents show neither region, birth
    /// date nor sex digit.
    AlnumEnds(u8, u8),
    /// A phone number: the first 3 and the last 4 of 11 digits.
    Phone,
    /// An e-mail address: the first letter and the domain.
    Email,
    /// An account or card: the last 4 letters or digits.
    LastFour,
    /// A name: the surname (a compound one whole), initials for Latin names.
    Name,
}

/// What a detector is, as data: its id, the entity a match means, and how
/// its matches count. What a validated match has passed is worded in the
/// dictionaries (`check.<id>`, and `detector.<id>` names it), which a test
/// holds complete for every registered detector.
#[derive(Clone, Copy, Debug)]
pub struct Meta {
    /// Stable id, a parameter of the evidence codes.
    pub id: &'static str,
    /// The entity a match means.
    pub entity: Entity,
    /// Validation strong enough (a check digit, a strict syntax) to
    /// overrule a header that says the column is not personal, and to
    /// shadow other detectors matching the same cell.
    pub overrules_header: bool,
    /// Header words naming the entity, in the syntax of `headers.txt`
    /// (`word|word`, `~` for a weak word), merged into the lexicon.
    pub headers: &'static str,
    /// How the `mask` operator hides its entity's values.
    pub mask: MaskStyle,
    /// The PI category of its entity (GB/T 35273-2020 Annex A).
    pub pi_category: PiCategory,
    /// Sensitive personal information (PIPL Art. 28, GB/T 35273 Annex B):
    /// identity document numbers, financial accounts, precise location,
    /// health, biometrics, religion, specific identities, criminal records.
    pub sensitive_pi: bool,

    /// Also looks for its entity inside free text.
    pub embedded: bool,
    /// Values alone may decide a column. When false, a column needs header
    /// evidence before non-validated matches count (e.g. 9-digit numbers as
    /// SSN).
    pub values_decide: bool,
    /// Offset subtracted from a fact's number before it is histogrammed
    /// (years start at 1870 so that 256 buckets hold them).
    pub num_base: u16,
    /// Facts carry a meaningful number to histogram (ages, years, hosts).
    pub histogram: bool,
}

impl Meta {
    /// A detector that values alone may decide, not searched in free text.
    pub const fn new(id: &'static str, entity: Entity) -> Meta {
        Meta {
            id,
            entity,
            overrules_header: false,
            headers: "",
            mask: MaskStyle::Ends(1, 1),
            pi_category: PiCategory::Other,
            sensitive_pi: false,
            embedded: false,
            values_decide: true,
            num_base: 0,
            histogram: false,
        }
    }

    /// Values that validate overrule a header (see
    /// [`Meta::overrules_header`]).
    pub const fn overrules_header(mut self) -> Meta {
        self.overrules_header = true;
        self
    }

    /// The masking convention of its entity (see [`MaskStyle`]).
    pub const fn mask(mut self, style: MaskStyle) -> Meta {
        self.mask = style;
        self
    }

    /// The entity's PI category, and whether it is sensitive PI.
    pub const fn pi(mut self, category: PiCategory, sensitive: bool) -> Meta {
        self.pi_category = category;
        self.sensitive_pi = sensitive;
        self
    }

    /// Header words of this detector's entity (see [`Meta::headers`]).
    pub const fn headers(mut self, words: &'static str) -> Meta {
        self.headers = words;
        self
    }

    /// Also searched for inside free text.
    pub const fn embedded(mut self) -> Meta {
        self.embedded = true;
        self
    }

    /// Needs a header that names the entity.
    pub const fn needs_header(mut self) -> Meta {
        self.values_decide = false;
        self
    }

    /// Histogram the facts' numbers, starting at `base`.
    pub const fn num_base(mut self, base: u16) -> Meta {
        self.num_base = base;
        self.histogram = true;
        self
    }

    /// Histogram the facts' numbers from 0.
    pub const fn histogram(mut self) -> Meta {
        self.histogram = true;
        self
    }
}

/// What a detector's column rule reads of its column, filled by the
/// verdict from the column's profile.
#[derive(Clone, Copy, Debug)]
pub struct ColumnView<'a> {
    /// The entity the header names, if any.
    pub header: Option<Entity>,
    /// Cells with a value.
    pub non_empty: u64,
    /// Distinct values (a lower bound past the cap).
    pub distinct: u64,
    /// The values are consecutive integers (a row key).
    pub sequential: bool,
    /// This detector's validated cells.
    pub valid: u64,
    /// Its structural matches.
    pub weak: u64,
    /// Its cells with a flagged fact ([`Fact::flagged`]).
    pub flagged: u64,
    /// The histogram of its facts' numbers, from [`Meta::num_base`].
    pub hist: &'a [u32],
}

impl ColumnView<'_> {
    /// Valid plus weak matches.
    pub fn matched(&self) -> u64 {
        self.valid + self.weak
    }

    /// Whether the header names `e`.
    pub fn named(&self, e: Entity) -> bool {
        self.header == Some(e)
    }

    /// The histogram bucket below which `share` of the facts lie.
    pub fn quantile(&self, share: f64) -> Option<usize> {
        hist_quantile(self.hist, share)
    }

    /// Share of the most common bucket.
    pub fn mode_share(&self) -> f64 {
        hist_mode_share(self.hist)
    }
}

/// The bucket below which `share` of a histogram lies.
pub fn hist_quantile(hist: &[u32], share: f64) -> Option<usize> {
    let total: u64 = hist.iter().map(|&c| u64::from(c)).sum();
    if total == 0 {
        return None;
    }
    let target = (total as f64 * share).ceil().max(1.0) as u64;
    let mut acc = 0;
    for (i, &c) in hist.iter().enumerate() {
        acc += u64::from(c);
        if acc >= target {
            return Some(i);
        }
    }
    None
}

/// Share of a histogram's most common bucket.
pub fn hist_mode_share(hist: &[u32]) -> f64 {
    let total: u64 = hist.iter().map(|&c| u64::from(c)).sum();
    let max = hist.iter().copied().max().unwrap_or(0);
    if total == 0 {
        0.0
    } else {
        f64::from(max) / total as f64
    }
}

/// What a column rule decides: the entity the column is (possibly another
/// one, DATE → DATE_OF_BIRTH), or `None` when the values refute it; and a
/// note for the evidence.
pub type RuleOutcome = (Option<Entity>, Option<Evidence>);

/// A detector: mostly data ([`Meta`]) plus a cheap prefilter and a
/// parser/validator.
pub trait Detector: Sync {
    /// The detector's description.
    fn meta(&self) -> &Meta;
    /// Cheap test on the shape; `detect` is only called when this is true.
    fn prefilter(&self, s: &Shape) -> bool;
    /// Parses and validates the cell.
    fn detect(&self, cell: &Cell<'_>) -> Hit;

    /// Stable id.
    fn id(&self) -> &'static str {
        self.meta().id
    }
    /// The entity a match means.
    fn entity(&self) -> Entity {
        self.meta().entity
    }
    /// Whether this detector also looks for its entity inside free text.
    fn embedded(&self) -> bool {
        self.meta().embedded
    }
    /// Whether values alone may decide the column.
    fn values_decide(&self) -> bool {
        self.meta().values_decide
    }
    /// The rule over the whole column: whether its distribution fits this
    /// detector's entity (ages must spread like ages; dates become birth
    /// dates, dates or event timestamps …). By default every match stands.
    fn column_rule(&self, view: &ColumnView<'_>) -> RuleOutcome {
        let _ = view;
        (Some(self.entity()), None)
    }
    /// Whether the person a cell describes is a minor: born after
    /// `born_after` (the reference date less 14 years), or for an age,
    /// younger than 14. `None` when the cell says nothing of it. Only the
    /// detectors whose values carry a birth date or an age answer.
    fn minor(&self, text: &str, born_after: detectors::date::Ymd) -> Option<bool> {
        let _ = (text, born_after);
        None
    }
    /// Whether a value could be of this detector's entity at all, for a
    /// header that names it: a header alone decides a column only when
    /// most values are plausible (`0`/`1` under `email_verified`, country
    /// codes under `geo_country`, airports under `Name` are not). By
    /// default: a yes/no flag is a plausible answer about a person
    /// (smoker, married) but never an identifier; other values must pass
    /// the prefilter.
    fn plausible(&self, cell: &Cell<'_>) -> bool {
        if crate::cell::is_flag(cell.text) {
            self.entity().kind() != crate::entity::Kind::Direct
        } else {
            self.prefilter(&cell.shape)
        }
    }
    /// Histogram offset for the facts' numbers.
    fn num_base(&self) -> u16 {
        self.meta().num_base
    }
}

/// Runs `detect` only when the prefilter passes.
#[inline]
pub fn run(d: &dyn Detector, cell: &Cell<'_>) -> Hit {
    if d.prefilter(&cell.shape) {
        d.detect(cell)
    } else {
        Hit::NO
    }
}

/// Removes the separators people put inside numbers (spaces, `-`, `.`,
/// `(`, `)`) into `buf`, returning the compacted bytes.
pub fn compact<'b>(s: &str, buf: &'b mut [u8; 64]) -> Option<&'b [u8]> {
    let mut n = 0;
    for &b in s.as_bytes() {
        if matches!(b, b' ' | b'-' | b'.' | b'(' | b')' | b'\t') {
            continue;
        }
        if n == buf.len() {
            return None;
        }
        buf[n] = b;
        n += 1;
    }
    Some(&buf[..n])
}

/// Test helper shared by every detector's table: runs `d` on each case and
/// asserts the level.
#[cfg(test)]
pub fn check_table(d: &dyn Detector, cases: &[(&str, Level)]) {
    for &(text, want) in cases {
        let cell = Cell::new(text);
        let got = run(d, &cell).level;
        assert_eq!(got, want, "{}: {text:?}", d.id());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_counts() {
        let s = Shape::of("张伟 +86-138");
        assert_eq!(s.cjk, 2);
        assert_eq!(s.digits, 5);
        assert_eq!(s.spaces, 1);
        assert_eq!(s.marks, mark::PLUS | mark::DASH);
        assert_eq!(s.chars, 10);
        let s = Shape::of("a@b.co");
        assert_eq!(s.marks, mark::AT | mark::DOT);
        assert!(Shape::of("12345").all_digits());
    }
}
