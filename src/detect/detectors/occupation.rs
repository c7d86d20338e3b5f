//! Occupations: a vocabulary (Chinese GB/T 6565 major groups and common
//! jobs, English job titles, census categories), plus job-title shapes:
//! Chinese words ending in 师/员/工/长/家 and English titles containing a
//! job word ("Senior Software Engineer").

use crate::detect::{Cell, Detector, Hit, Shape};
use crate::entity::Entity;

/// The occupation detector.
pub struct Occupation;

const ZH_SUFFIX: &[char] = &['师', '员', '工', '长', '家', '手', '生'];
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
    "officer",
    "head",
];

impl Detector for Occupation {
    fn id(&self) -> &'static str {
        "occupation"
    }
    fn entity(&self) -> Entity {
        Entity::Occupation
    }
    fn check_name(&self) -> &'static str {
        "are occupations or job titles"
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.chars <= 48 && s.digits == 0 && s.chars >= 2
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        if cell.in_vocab(Entity::Occupation) {
            return Hit::VALID;
        }
        let s = &cell.shape;
        if s.all_han() && (2..=10).contains(&s.chars) && cell.text.ends_with(ZH_SUFFIX) {
            return Hit::WEAK;
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
                ("Prof-specialty", Level::Valid),
                ("Senior Software Engineer", Level::Weak),
                ("苹果", Level::No),
                ("Blue widget", Level::No),
            ],
        );
    }
}
