//! Occupations: a vocabulary (Chinese GB/T 6565 major groups and common
//! jobs, English job titles, census categories), plus job-title shapes:
//! Chinese words ending in 师/员/工/长/家 and English titles containing a
//! job word ("Senior Software Engineer").

use crate::detect::{Cell, Detector, Hit, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The occupation detector.
pub struct Occupation;

const ZH_SUFFIX: &[char] = &[
    '师', '员', '工', '长', '家', '手', '生', '理', '表', '管', '监', '书', '计', '官', '士', '裁',
    '编',
];
const EN_WORDS: &[&str] = &[
    "engineer",
    "manager",
    "director",
    "developer",
    "analyst",
    "assistant",
    "officer",
    "teacher",
    "nurse",
    "technician",
    "consultant",
    "specialist",
    "coordinator",
    "administrator",
    "clerk",
    "designer",
    "accountant",
    "supervisor",
    "representative",
    "agent",
    "operator",
    "architect",
    "scientist",
    "lawyer",
    "doctor",
    "worker",
    "driver",
    "president",
    "executive",
    "intern",
    "associate",
    "programmer",
    "professor",
    "lecturer",
    "editor",
    "writer",
    "head",
    "surveyor",
    "therapist",
    "psychotherapist",
    "barrister",
    "solicitor",
    "librarian",
    "pharmacist",
    "geologist",
    "chemist",
    "physicist",
    "economist",
    "journalist",
    "producer",
    "planner",
    "inspector",
    "controller",
    "comptroller",
    "buyer",
    "trader",
    "broker",
    "banker",
    "secretary",
    "curator",
    "conservator",
    "archivist",
    "animator",
    "illustrator",
    "photographer",
    "counsellor",
    "counselor",
    "psychologist",
    "psychiatrist",
    "surgeon",
    "physician",
    "dentist",
    "optometrist",
    "radiographer",
    "paramedic",
    "midwife",
    "tutor",
    "translator",
    "interpreter",
    "copywriter",
    "technologist",
    "researcher",
    "adviser",
    "advisor",
    "chef",
    "cook",
    "farmer",
    "gardener",
    "mechanic",
    "electrician",
    "plumber",
    "carpenter",
    "builder",
    "artist",
    "musician",
    "actor",
    "dancer",
    "author",
    "attorney",
    "judge",
    "firefighter",
    "soldier",
    "pilot",
    "auditor",
    "actuary",
    "statistician",
    "labourer",
    "laborer",
    "cashier",
    "receptionist",
    "salesperson",
    "estimator",
    "sales",
    "teaching",
    "officer",
    "biologist",
    "ecologist",
    "hydrologist",
    "toxicologist",
    "pathologist",
    "audiologist",
    "dietitian",
    "osteopath",
    "podiatrist",
    "veterinary",
    "surgeon",
    "embryologist",
    "geophysicist",
    "meteorologist",
    "oceanographer",
    "sociologist",
    "scientist",
];

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str =
    "职业|职务|岗位|工种|职称|职位|从事职业|zy|occupation|job|job title|position|profession\
     |designation|occupation code|~title|~role";

const META: Meta = Meta::new("occupation", Entity::Occupation)
    .headers(HEADERS)
    .pi(PiCategory::EducationWork, false);

impl Detector for Occupation {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.chars <= 48 && s.digits == 0 && s.chars >= 2
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        if cell.in_vocab(Entity::Occupation) {
            return Hit::VALID;
        }
        let s = &cell.shape;
        // 软件工程师, 客户经理/主管, 采购、质量管理: a part that ends like a job title.
        if s.cjk >= 2 && s.chars <= 24 && s.digits == 0 {
            let titled = cell.text.split(['/', '、', '／', ' ']).any(|part| {
                let n = part.chars().count();
                (2..=10).contains(&n)
                    && part.chars().all(crate::detect::is_han)
                    // 顾问 is a consultant; 访问 a visit, 提问 a question.
                    && (part.ends_with(ZH_SUFFIX) || part.ends_with("顾问"))
            });
            if titled {
                return Hit::WEAK;
            }
        }
        if s.letters >= 5 && s.cjk == 0 && s.spaces <= 5 {
            let lower = cell.text.to_ascii_lowercase();
            if lower
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| EN_WORDS.contains(&w))
            {
                return Hit::WEAK;
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
            &Occupation,
            &[
                ("教师", Level::Valid),
                ("软件工程师", Level::Weak),
                ("客户经理/主管", Level::Weak),
                ("Prof-specialty", Level::Valid),
                ("Senior Software Engineer", Level::Weak),
                ("Surveyor, planning and development", Level::Weak),
                ("苹果", Level::No),
                ("Blue widget", Level::No),
            ],
        );
    }
}
