//! Health data (PIPL Art. 28 医疗健康): diagnoses from a vocabulary,
//! Chinese disease words (…病/症/炎/癌/瘤), and ICD-10 codes (a letter,
//! two digits, an optional `.` and up to four more characters).

use crate::detect::{mark, Cell, Detector, Hit, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The health detector.
pub struct Health;

const ZH_SUFFIX: &[&str] = &[
    "病",
    "症",
    "炎",
    "癌",
    "瘤",
    "综合征",
    "感染",
    "骨折",
    "损伤",
    "障碍",
    "衰竭",
    "过敏",
];

/// Last words that make an English phrase a condition: `major depressive
/// disorder`, `HIV infection`, `renal failure` …
const EN_LAST: &[&str] = &[
    "disorder",
    "disorders",
    "disease",
    "infection",
    "syndrome",
    "cancer",
    "carcinoma",
    "tumor",
    "tumour",
    "failure",
    "injury",
    "fracture",
    "deficiency",
    "insufficiency",
    "dependence",
    "attack",
    "palsy",
    "sclerosis",
    "dystrophy",
    "hernia",
    "ulcer",
    "pain",
    "mellitus",
    "diabetes",
    "hypertension",
    "hypotension",
    "asthma",
    "depression",
    "anxiety",
    "obesity",
    "stroke",
    "pneumonia",
    "migraine",
    "epilepsy",
    "dementia",
    "schizophrenia",
    "autism",
    "arrhythmia",
    "fibrillation",
    "embolism",
    "thrombosis",
    "infarction",
    "angina",
    "influenza",
    "allergy",
    "allergies",
    "cataract",
    "glaucoma",
    "eczema",
    "psoriasis",
    "lupus",
    "hypothyroidism",
    "hyperthyroidism",
    "alcoholism",
    "insomnia",
    "apnea",
    "apnoea",
    "concussion",
    "sprain",
    "pregnancy",
    "impairment",
    "impairments",
    "disability",
    "blindness",
    "deafness",
];

/// A medicine and its dose: `Metformin 500mg`, `阿莫西林 250毫克`,
/// `Insulin glargine 10 IU`.
fn dose(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    let Some(unit_at) = lower.rfind(|c: char| c.is_ascii_digit()).map(|i| i + 1) else {
        return false;
    };
    let unit = lower[unit_at..].trim_start();
    // Grams and millilitres also weigh food and drinks (Coffee 250g).
    let known = ["mg", "mcg", "µg", "ug", "iu", "毫克", "微克"];
    if !known.contains(&unit) {
        return false;
    }
    // The name before the amount: a word of letters or Han characters.
    // After the last character that is not part of the amount, whatever
    // its width (阿莫西林250毫克: a Han character, three bytes).
    let amount_start = lower[..unit_at]
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let name = lower[..amount_start].trim_end();
    name.chars().filter(|c| c.is_alphabetic()).count() >= 3
}

/// Medical word endings: arthritis, anaemia, neuropathy, lymphoma.
const EN_SUFFIX: &[&str] = &[
    "itis", "emia", "aemia", "pathy", "osis", "plegia", "phoma", "noma",
];

/// A phrase of Latin words whose last word names a condition.
fn en_condition(t: &str) -> bool {
    let Some(last) = t.rsplit([' ', '-']).next() else {
        return false;
    };
    if last.len() < 4 || last.len() > 20 || !last.bytes().all(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    let last = last.to_ascii_lowercase();
    EN_LAST.contains(&last.as_str())
        || (last.len() >= 7 && EN_SUFFIX.iter().any(|x| last.ends_with(x)))
}

/// Whether `t` is an ICD-10 code (A00–Z99 with optional subdivision).
pub fn icd10(t: &str) -> bool {
    let b = t.as_bytes();
    if !(3..=8).contains(&b.len()) || !b[0].is_ascii_uppercase() || b[0] == b'U' {
        return false;
    }
    if !b[1].is_ascii_digit() || !(b[2].is_ascii_digit() || b[2] == b'A' || b[2] == b'B') {
        return false;
    }
    match b.get(3) {
        None => true,
        Some(b'.') => b.len() > 4 && b[4..].iter().all(|c| c.is_ascii_alphanumeric()),
        Some(_) => b.len() <= 4 && b[3].is_ascii_digit(),
    }
}

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "诊断|疾病|病史|病情|症状|主诉|既往史|过敏史|诊断结果|疾病名称|健康状况|病种|体检结果|用药|药物|处方|血型|残疾|传染病|诊断名称|临床诊断\
     |icd|icd10|icd 10|icd code|diagnosis|diagnoses|dx|condition|disease|illness\
     |medical condition|medication|medications|symptoms|health status|allergies\
     |allergy|blood type|blood group|bloodtype|hiv status|disability\
     |primary diagnosis|体重|身高|血压|心率|血糖|体重指数|吸烟|是否吸烟|吸烟史|饮酒史|bmi|body mass index\
     |blood pressure|heart rate|blood sugar|glucose|cholesterol|smoker|smoking\
     |smoking status|tobacco use|alcohol use|drinker|diag|diag code|icd9|icd 9|a1c|hba1c\
     |a1c result|a1cresult|glu serum|max glu serum|lab result|test result|insulin|metformin\
     |drug|drugs|prescription|rx|dosage|dose|readmitted|readmission|comorbidity|comorbidities";

const META: Meta = Meta::new("health", Entity::Health)
    .headers(HEADERS)
    .pi(PiCategory::Health, true);

impl Detector for Health {
    fn meta(&self) -> &Meta {
        &META
    }
    /// Results and answers as health records write them (`>200`, `Norm`,
    /// `<30`, a yes/no) may be health information.
    fn plausible(&self, cell: &Cell<'_>) -> bool {
        let s = &cell.shape;
        s.chars <= 60 && s.marks & crate::detect::mark::AT == 0
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.chars >= 2
            && s.chars <= 40
            && s.marks & !(mark::DOT | mark::DASH | mark::APOS | mark::PLUS) == 0
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        if cell.in_vocab(Entity::Health) {
            return Hit::VALID;
        }
        let s = &cell.shape;
        // Mostly Han, ending in a disease word: 慢性胃炎, 2型糖尿病.
        if s.cjk >= 2
            && s.cjk * 3 >= s.chars * 2
            && ZH_SUFFIX.iter().any(|x| cell.text.ends_with(x))
        {
            return Hit::WEAK;
        }
        if s.letters >= 6 && s.cjk == 0 && en_condition(cell.text) {
            return Hit::WEAK;
        }
        if s.digits >= 1 && (s.letters >= 5 || s.cjk >= 2) && dose(cell.text) {
            return Hit::WEAK;
        }
        if s.digits >= 2 && s.letters <= 2 && icd10(cell.text) {
            // A bare three-character code (A12) is also a seat, a grid cell,
            // a product code: only the subdivided form stands on its own.
            return if cell.text.contains('.') {
                Hit::WEAK
            } else {
                Hit::SHAPE
            };
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
            &Health,
            &[
                ("高血压", Level::Valid),
                ("Essential hypertension", Level::Weak),
                ("Type 2 diabetes mellitus", Level::Weak),
                ("Low back pain", Level::Weak),
                ("Obstructive sleep apnea", Level::Weak),
                ("Window pane", Level::No),
                ("Metformin 500mg", Level::Weak),
                ("Lisinopril 10 mg", Level::Weak),
                ("阿莫西林 250毫克", Level::Weak),
                ("Coffee beans 250g", Level::No),
                ("Cola 330ml", Level::No),
                ("Visual impairment", Level::Weak),
                ("USB cable 2m", Level::No),
                ("Rice 5kg", Level::No),
                ("AB+", Level::Valid),
                ("O-", Level::Valid),
                ("Type 2 diabetes", Level::Valid),
                ("慢性胃炎", Level::Weak),
                ("2型糖尿病", Level::Weak),
                ("青霉素过敏", Level::Weak),
                ("Major depressive disorder", Level::Weak),
                ("HIV infection", Level::Weak),
                ("rheumatoid arthritis", Level::Weak),
                ("Iron-deficiency anaemia", Level::Weak),
                ("Diagnosis", Level::Weak),
                ("Lymphoma", Level::Weak),
                ("Customer service", Level::No),
                ("Purchase order", Level::No),
                ("Bus station", Level::No),
                ("Oklahoma", Level::No),
                ("E11.9", Level::Weak),
                ("J45", Level::Shape),
                ("J45.909", Level::Weak),
                ("U07.1", Level::No),
                ("E1", Level::No),
                ("苹果", Level::No),
            ],
        );
    }
}
