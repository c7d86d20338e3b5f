//! Entities recognised purely by vocabulary (ethnicity, nationality,
//! education, marital status, religion, political affiliation, sexual
//! orientation, criminal record): one generic detector, one registry line
//! per entity. The word lists live in `src/dict/vocab.txt`.

use crate::detect::evidence::Evidence;
use crate::detect::{Cell, ColumnView, Detector, Hit, Meta, PiCategory, RuleOutcome, Shape};
use crate::entity::Entity;

/// A vocabulary detector for one entity.
pub struct Vocab(pub Meta);

impl Vocab {
    /// The detector for `entity`, with evidence id `id`.
    pub const fn new(entity: Entity, id: &'static str) -> Vocab {
        Vocab(Meta::new(id, entity))
    }

    /// With the entity's PI category (see [`Meta::pi`]).
    pub const fn pi(self, category: PiCategory, sensitive: bool) -> Vocab {
        Vocab(self.0.pi(category, sensitive))
    }
}

impl Detector for Vocab {
    fn meta(&self) -> &Meta {
        &self.0
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.chars <= 40 && s.digits <= 4
    }
    /// Black and White among Red and Blue are colours: an ethnicity column
    /// without a header must be ethnic groups in (almost) every cell.
    fn column_rule(&self, v: &ColumnView<'_>) -> RuleOutcome {
        let e = self.0.entity;
        if e == Entity::Ethnicity && !v.named(e) && v.matched() * 5 < v.non_empty * 4 {
            return (
                None,
                Some(Evidence::EthnicityCategory {
                    matched: v.matched(),
                    of: v.non_empty,
                }),
            );
        }
        (Some(e), None)
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        Hit::valid_if(cell.in_vocab(self.0.entity))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        let eth = Vocab::new(Entity::Ethnicity, "ethnicity");
        check_table(
            &eth,
            &[
                ("汉族", Level::Valid),
                ("壮", Level::Valid),
                ("White", Level::Valid),
                ("汉堡", Level::No),
            ],
        );
        let edu = Vocab::new(Entity::Education, "education");
        check_table(
            &edu,
            &[
                ("本科", Level::Valid),
                ("HS-grad", Level::Valid),
                ("Bachelors", Level::Valid),
                ("car", Level::No),
            ],
        );
        let pol = Vocab::new(Entity::Political, "political");
        check_table(
            &pol,
            &[
                ("中共党员", Level::Valid),
                ("群众", Level::Valid),
                ("党", Level::No),
            ],
        );
    }
}
