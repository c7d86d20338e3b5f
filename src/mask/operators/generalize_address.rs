//! `generalize_address`: a street address cut to its district, city or
//! province. Chinese addresses are cut after the first 区/县/旗 (district),
//! 市/州/盟 (city) or 省/自治区 (province); English ones (`12 Main St,
//! Springfield, IL 62704`) lose the street part and keep the rest.

use super::{one_of, params, Built, CellOp, Context, Operator, Params};
use crate::dict::places::{cut_address, AddressLevel as To};
use crate::error::Result;
use serde::Deserialize;

/// Address generalisation.
pub struct GeneralizeAddress;

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct P {
    to: String,
}

impl Default for P {
    fn default() -> Self {
        P {
            to: "district".into(),
        }
    }
}

struct Cut(To);

impl CellOp for Cut {
    fn apply(&self, cell: &str, out: &mut String) {
        out.clear();
        let v = cell.trim();
        let cut = cut_address(v, self.0);
        match cut {
            Some(c) => out.push_str(&c),
            None => out.push('*'),
        }
    }
}

/// The cuts, finest first.
const LEVELS: &[super::Choice] = &[
    super::Choice::new(r#"{"to": "district"}"#, "district"),
    super::Choice::new(r#"{"to": "city"}"#, "city"),
    super::Choice::new(r#"{"to": "province"}"#, "province"),
];

impl Operator for GeneralizeAddress {
    fn name(&self) -> &'static str {
        "generalize_address"
    }
    fn describe(&self) -> &'static str {
        "street addresses cut to their district, city or province"
    }
    fn effect(&self) -> super::Effect {
        super::Effect::Generalise
    }
    fn choices(&self) -> &'static [super::Choice] {
        LEVELS
    }
    fn generalises(&self) -> &'static [crate::entity::Entity] {
        &[crate::entity::Entity::StreetAddress]
    }
    fn build(&self, p: &Params, _: &Context<'_>) -> Result<Built> {
        let p: P = params(self.name(), p)?;
        let to = one_of(
            self.name(),
            "to",
            &p.to,
            &[
                ("district", To::District),
                ("city", To::City),
                ("province", To::Province),
                ("state", To::Province),
            ],
        )?;
        Ok(Built::Cells(Box::new(Cut(to))))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::table;
    use crate::entity::Entity;
    use serde_json::json;

    #[test]
    fn cutting_twice_changes_nothing() {
        for a in [
            "浙江省杭州市西湖区文三路90号",
            "北京市海淀区中关村大街1号",
            "12 Main St, Springfield, IL 62704, USA",
            "Apt 4, 9 Elm Road, Leeds, UK",
            "延边朝鲜族自治州延吉市河南街1号",
        ] {
            let d = crate::dict::places::district_of(a);
            assert_eq!(crate::dict::places::district_of(&d), d, "{a}");
            for to in ["city", "province"] {
                let ctx = super::super::Context {
                    entity: crate::entity::Entity::StreetAddress,
                    key: None,
                };
                let Ok(super::super::Built::Cells(op)) =
                    super::super::build("generalize_address", json!({"to": to}), &ctx)
                else {
                    panic!()
                };
                assert_eq!(
                    super::super::apply_one(op.as_ref(), &d),
                    super::super::apply_one(op.as_ref(), a),
                    "{a} to {to}"
                );
            }
        }
    }

    #[test]
    fn cuts() {
        let a = "浙江省杭州市西湖区文三路90号3幢201室";
        table(
            "generalize_address",
            json!({}),
            Entity::StreetAddress,
            &[
                (a, "浙江省杭州市西湖区"),
                ("北京市海淀区中关村大街1号", "北京市海淀区"),
                ("12 Main St, Springfield, IL 62704", "Springfield, IL"),
                ("somewhere", "somewhere"),
                ("浙江省杭州市文三路阳光小区3号", "浙江省杭州市"),
            ],
        );
        table(
            "generalize_address",
            json!({"to": "city"}),
            Entity::StreetAddress,
            &[
                (a, "浙江省杭州市"),
                (
                    "广西壮族自治区南宁市青秀区民族大道1号",
                    "广西壮族自治区南宁市",
                ),
            ],
        );
        table(
            "generalize_address",
            json!({"to": "province"}),
            Entity::StreetAddress,
            &[
                (a, "浙江省"),
                ("12 Main St, Springfield, IL 62704, USA", "IL, USA"),
            ],
        );
    }
}
