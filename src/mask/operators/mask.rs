//! `mask`: partial masking with the conventions people expect — mobile
//! `138****5678`, e-mail `z***@example.com`, bank card `************7890`,
//! name `张*` / `欧阳**` / `J. D**`, ID number `1****************X` — or,
//! with `keep_start` / `keep_end`, that many characters kept at each end.

use super::{params, Built, CellOp, Context, Operator, Params};
use crate::detect::MaskStyle;
use crate::entity::Entity;
use crate::error::Result;
use crate::mask::ops::{keep_ends, mask_email};
use serde::Deserialize;

/// Partial masking.
pub struct Mask;

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct P {
    keep_start: Option<usize>,
    keep_end: Option<usize>,
}

struct Partial {
    /// The entity's convention, looked up once when the operator is built.
    style: MaskStyle,
    ends: Option<(usize, usize)>,
}

fn alnum(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// `张*`, `欧阳**` (compound surnames kept whole), `J. D**`.
pub fn mask_person_name(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    if chars.iter().any(|&c| crate::detect::is_han(c)) {
        let keep = crate::dict::zh_surname_len(&chars).clamp(1, chars.len());
        let keep = if keep >= chars.len() { 1 } else { keep };
        let mut out: String = chars[..keep].iter().collect();
        out.push_str(&"*".repeat(chars.len() - keep));
        return out;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => keep_ends(one, 1, 0),
        [first @ .., last] => {
            let initials: Vec<String> = first
                .iter()
                .filter_map(|w| w.chars().next().map(|c| format!("{c}.")))
                .collect();
            format!("{} {}", initials.join(" "), keep_ends(last, 1, 0))
        }
    }
}

/// The `mask` operator's convention for a value of `entity` (its output
/// without `keep_start` / `keep_end`): the style the entity's detector
/// declares ([`crate::detect::MaskStyle`]). The report's examples of names
/// and identity documents are this output: one convention for both.
pub fn mask_by_convention(entity: Entity, v: &str) -> String {
    mask_by_style(crate::detect::registry::mask_style_of(entity), v)
}

/// A value hidden by one masking style.
fn mask_by_style(style: MaskStyle, v: &str) -> String {
    match style {
        MaskStyle::Phone => {
            let d: String = v.chars().filter(char::is_ascii_digit).collect();
            if d.len() >= 11 {
                let m = &d[d.len() - 11..];
                format!("{}****{}", &m[..3], &m[7..])
            } else {
                keep_ends(&d, 3, 2)
            }
        }
        MaskStyle::Email => mask_email(v),
        MaskStyle::LastFour => keep_ends(&alnum(v), 0, 4),
        MaskStyle::Name => mask_person_name(v),
        MaskStyle::AlnumEnds(s, e) => keep_ends(&alnum(v), s.into(), e.into()),
        MaskStyle::Ends(s, e) => keep_ends(v, s.into(), e.into()),
    }
}

impl CellOp for Partial {
    fn apply(&self, cell: &str, out: &mut String) {
        out.clear();
        // Full-width digits (１３８…) are masked as the scan read them.
        let folded;
        let mut v = cell.trim();
        if v.bytes().any(|b| b == 0xEF) {
            folded = crate::detect::fold_fullwidth(v);
            v = &folded;
        }
        if let Some((s, e)) = self.ends {
            out.push_str(&keep_ends(v, s, e));
            return;
        }
        out.push_str(&mask_by_style(self.style, v));
    }
}

impl Operator for Mask {
    fn name(&self) -> &'static str {
        "mask"
    }
    fn describe(&self) -> &'static str {
        "mask part of each value (138****5678, z***@example.com, 张*)"
    }
    fn effect(&self) -> super::Effect {
        super::Effect::Generalise
    }
    fn build(&self, p: &Params, ctx: &Context<'_>) -> Result<Built> {
        let p: P = params(self.name(), p)?;
        let ends = match (p.keep_start, p.keep_end) {
            (None, None) => None,
            (s, e) => Some((s.unwrap_or(0), e.unwrap_or(0))),
        };
        Ok(Built::Cells(Box::new(Partial {
            style: crate::detect::registry::mask_style_of(ctx.entity),
            ends,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::table;
    use crate::entity::Entity;
    use serde_json::json;

    #[test]
    fn conventions() {
        table(
            "mask",
            json!({}),
            Entity::PhoneNumber,
            &[
                ("13812345678", "138****5678"),
                ("+86 138-1234-5678", "138****5678"),
                ("１３８１２３４５６７８", "138****5678"),
                // One digit short: still masked, never passed through.
                ("1381234567", "138*****67"),
            ],
        );
        table(
            "mask",
            json!({}),
            Entity::EmailAddress,
            &[("zhang.wei@example.com", "z***@example.com")],
        );
        table(
            "mask",
            json!({}),
            Entity::BankCard,
            &[("6222 0212 3456 7890", "************7890")],
        );
        table(
            "mask",
            json!({}),
            Entity::PersonName,
            &[
                ("张伟", "张*"),
                ("张小明", "张**"),
                ("欧阳娜", "欧阳*"),
                ("司马相如", "司马**"),
                ("John Doe", "J. D**"),
                ("Mary Ann Smith", "M. A. S****"),
            ],
        );
        table(
            "mask",
            json!({}),
            Entity::CnResidentId,
            &[("11010519491231002X", "1****************X")],
        );
        table(
            "mask",
            json!({"keep_start": 3, "keep_end": 4}),
            Entity::None,
            &[("ABCDEFGHIJ", "ABC***GHIJ")],
        );
    }
}
