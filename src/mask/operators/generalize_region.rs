//! `generalize_region`: places up the GB/T 2260 hierarchy — a district or
//! city to its province (`杭州市` → `浙江省`), or a district to its city —
//! from names (full or short, with or without a province in front) or
//! 6-digit administrative codes. A place that cannot be placed becomes `*`
//! rather than passing through.

use super::{one_of, params, Built, CellOp, Context, Operator, Params};
use crate::dict::places::{is_prefecture, place, province_full, province_short, Place};
use crate::error::Result;
use serde::Deserialize;

/// Region generalisation.
pub struct GeneralizeRegion;

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct P {
    to: String,
}

impl Default for P {
    fn default() -> Self {
        P {
            to: "province".into(),
        }
    }
}

struct Up {
    city: bool,
}

impl CellOp for Up {
    fn apply(&self, cell: &str, out: &mut String) {
        out.clear();
        match place(cell) {
            Some(p) if !self.city => out.push_str(province_full(p.province)),
            Some(Place {
                city: Some(c),
                province,
            }) => {
                if province_short(province) != c {
                    out.push_str(province_full(province));
                }
                out.push_str(c);
                // Autonomous prefectures are not 市.
                if !is_prefecture(c) {
                    out.push('市');
                }
            }
            _ => out.push('*'),
        }
    }
}

/// The menu settings, finest first.
const CHOICES: &[super::Choice] = &[
    super::Choice::new(r#"{"to": "city"}"#, "city"),
    super::Choice::new(r#"{"to": "province"}"#, "province"),
];

impl Operator for GeneralizeRegion {
    fn name(&self) -> &'static str {
        "generalize_region"
    }
    fn describe(&self) -> &'static str {
        "places up to their province or city (GB/T 2260): 杭州市西湖区 → 浙江省"
    }
    fn effect(&self) -> super::Effect {
        super::Effect::Generalise
    }
    fn choices(&self) -> &'static [super::Choice] {
        CHOICES
    }
    fn generalises(&self) -> &'static [crate::entity::Entity] {
        &[crate::entity::Entity::Region]
    }
    fn levels(&self, entity: crate::entity::Entity) -> &'static [super::Choice] {
        // The search uses the coarser settings only (the menu offers all).
        if self.generalises().contains(&entity) {
            &CHOICES[1..]
        } else {
            &[]
        }
    }
    fn build(&self, p: &Params, _: &Context<'_>) -> Result<Built> {
        let p: P = params(self.name(), p)?;
        let city = one_of(
            self.name(),
            "to",
            &p.to,
            &[("province", false), ("city", true)],
        )?;
        Ok(Built::Cells(Box::new(Up { city })))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::table;
    use crate::entity::Entity;
    use serde_json::json;

    #[test]
    fn provinces() {
        table(
            "generalize_region",
            json!({}),
            Entity::Region,
            &[
                ("杭州", "浙江省"),
                ("杭州市", "浙江省"),
                ("浙江杭州", "浙江省"),
                ("浙江省杭州市西湖区", "浙江省"),
                ("浙江", "浙江省"),
                ("海淀区", "北京市"),
                ("北京市朝阳区", "北京市"),
                ("330106", "浙江省"),
                ("广西", "广西壮族自治区"),
                ("江苏杭州", "*"),
                ("Atlantis", "*"),
            ],
        );
        table(
            "generalize_region",
            json!({"to": "city"}),
            Entity::Region,
            &[
                ("浙江省杭州市西湖区", "浙江省杭州市"),
                ("杭州", "浙江省杭州市"),
                ("海淀区", "北京市"),
                ("浙江", "*"),
            ],
        );
    }
}
