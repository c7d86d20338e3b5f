//! Ages in years: an integer 0–120, optionally with 岁/周岁/y/yrs, or an age
//! band ("20-29", "30~39岁", "[20,30)", "65+"). A column of small integers is
//! only called AGE by the column rule when its distribution looks like
//! ages (or a header says so); `num` of a hit is the age (band start).

use crate::detect::evidence::Evidence;
use crate::detect::{
    Cell, ColumnView, Detector, Fact, Hit, Level, Meta, PiCategory, RuleOutcome, Shape,
};
use crate::entity::Entity;

/// The age detector.
pub struct Age;

fn strip_unit(t: &str) -> &str {
    for u in ["周岁", "岁", "years old", "years", "yrs", "yr", "y"] {
        if let Some(s) = t.strip_suffix(u) {
            return s.trim_end();
        }
    }
    t
}

fn small_int(s: &str) -> Option<u16> {
    (!s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str =
    "年龄|岁数|周岁|年龄段|年龄组|nl|age|age years|age group|age band|age range|years old\
     |agep|agef|agea|ager|ageyr|agegrp|age grp|agecat|age cat|ageyrs|age at interview";

const META: Meta = Meta::new("age", Entity::Age)
    .histogram()
    .headers(HEADERS)
    .pi(PiCategory::Basic, false);

impl Detector for Age {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        (1..=6).contains(&s.digits) && s.chars <= 12 && s.letters <= 9
    }
    /// Ages must look like ages: bare integers only when the distribution
    /// does (a day of the month or a row key does not).
    fn column_rule(&self, v: &ColumnView<'_>) -> RuleOutcome {
        if v.named(Entity::Age) || v.valid > v.weak {
            return (Some(Entity::Age), None);
        }
        let lo = v.quantile(0.05).unwrap_or(0);
        let median = v.quantile(0.5).unwrap_or(0);
        let hi = v.quantile(1.0).unwrap_or(255);
        // The days of a month (1 to at most 31, nearly all of them there)
        // are not ages: children's ages stop short of 25 distinct values.
        let days_of_month = hi <= 31 && v.quantile(0.0).unwrap_or(0) <= 1 && v.distinct >= 25;
        let ok = hi <= 110
            && !days_of_month
            && (16..=70).contains(&median)
            && lo <= 60
            && v.mode_share() <= 0.12
            && v.distinct >= 10
            && !v.sequential;
        if ok {
            (
                Some(Entity::Age),
                Some(Evidence::AgesSpread { median, max: hi }),
            )
        } else {
            (None, None)
        }
    }
    /// An age as written (whole years; bands and units are not read as
    /// one age): under 14 is a minor (PIPL Art. 28, 31).
    fn minor(&self, text: &str, _born_after: super::date::Ymd) -> Option<bool> {
        let t = text.trim();
        let t = t.strip_suffix(".0").unwrap_or(t);
        small_int(strip_unit(t))
            .filter(|&a| a <= 120)
            .map(|a| a < 14)
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        // Data frames write whole numbers as floats ("35.0").
        let base = cell.text.trim();
        let base = base.strip_suffix(".0").unwrap_or(base);
        let t = strip_unit(base);
        let unit = t.len() != base.len();
        if let Some(a) = small_int(t) {
            if a <= 120 && !(t.len() > 1 && t.starts_with('0')) {
                return Hit::new(if unit { Level::Valid } else { Level::Weak }, Fact::Age(a));
            }
            return Hit::NO;
        }
        // Fractional years (34.5, 0.42 for an infant), as statistical
        // packages write ages: only the shape, for a header to confirm (a
        // decimal under 120 is as often a price or a share).
        if let Some((whole, frac)) = t.split_once('.') {
            if let Some(a) = small_int(whole).filter(|&a| a < 120) {
                if (1..=2).contains(&frac.len()) && frac.bytes().all(|b| b.is_ascii_digit()) {
                    return Hit::new(Level::Shape, Fact::Age(a));
                }
            }
        }
        // Bands: 20-29, 20~29, [20,30), 65+, 90以上
        let inner = t.trim_matches(|c| matches!(c, '[' | ']' | '(' | ')'));
        if let Some(lo) = inner
            .strip_suffix('+')
            .or_else(|| inner.strip_suffix("以上"))
            .and_then(small_int)
        {
            return if lo <= 120 {
                Hit::new(Level::Valid, Fact::AgeBand(lo))
            } else {
                Hit::NO
            };
        }
        let parts: Vec<&str> = inner
            .split(['-', '~', ',', '–', '至'])
            .map(str::trim)
            .collect();
        if let [a, b] = parts.as_slice() {
            if let (Some(lo), Some(hi)) = (small_int(a), small_int(b)) {
                if lo < hi && hi <= 120 && hi - lo <= 30 {
                    return Hit::new(Level::Valid, Fact::AgeBand(lo));
                }
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
            &Age,
            &[
                ("35", Level::Weak),
                ("35岁", Level::Valid),
                ("35 years", Level::Valid),
                ("20-29", Level::Valid),
                ("[20,30)", Level::Valid),
                ("65+", Level::Valid),
                ("121", Level::No),
                ("007", Level::No),
                ("3.5", Level::Shape),
                ("0.42", Level::Shape),
                ("12.345", Level::No),
                ("35.0", Level::Weak),
                ("1990-05", Level::No),
            ],
        );
    }
}
