//! Gender / sex: 男/女, M/F, male/female and the GB/T 2261.1 wordings.
//! Single letters are weak evidence (sizes, flags), words are strong.

use crate::detect::{Cell, ColumnView, Detector, Hit, Meta, PiCategory, RuleOutcome, Shape};
use crate::entity::Entity;

/// The gender detector.
pub struct Gender;

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "性别|男女|xb|sex|gender|sex code|gender code|男/女|m f|f m|gndr|sexp|sex1";

const META: Meta = Meta::new("gender", Entity::Gender)
    .headers(HEADERS)
    .pi(PiCategory::Basic, false);

impl Detector for Gender {
    fn meta(&self) -> &Meta {
        &META
    }
    /// Sex is often coded (`1`/`2`, `M`/`F`): any short value may be one.
    fn plausible(&self, cell: &Cell<'_>) -> bool {
        cell.shape.chars <= 16
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.chars <= 16 && s.digits == 0
    }
    /// A sex column has a handful of values.
    fn column_rule(&self, v: &ColumnView<'_>) -> RuleOutcome {
        if v.distinct <= 8 || v.named(Entity::Gender) {
            (Some(Entity::Gender), None)
        } else {
            (None, None)
        }
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        if !cell.in_vocab(Entity::Gender) {
            return Hit::NO;
        }
        if cell.shape.chars == 1 && cell.shape.letters == 1 {
            Hit::WEAK
        } else {
            Hit::VALID
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
            &Gender,
            &[
                ("男", Level::Valid),
                ("女性", Level::Valid),
                ("Female", Level::Valid),
                ("M", Level::Weak),
                ("X", Level::No),
                ("男装", Level::No),
            ],
        );
    }
}
