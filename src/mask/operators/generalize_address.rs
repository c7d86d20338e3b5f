//! `generalize_address`: a street address cut to its district, city or
//! province. Chinese addresses are cut after the first 区/县/旗 (district),
//! 市/州/盟 (city) or 省/自治区 (province); English ones (`12 Main St,
//! Springfield, IL 62704`) lose the street part and keep the rest.

use super::generalize_region::province_of;
use super::{one_of, params, Built, CellOp, Context, Operator, Params};
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

#[derive(Clone, Copy, PartialEq)]
enum To {
    District,
    City,
    Province,
}

struct Cut(To);

/// The text through the city: the first 市 after `from`, or else the
/// first 州/盟 (autonomous prefectures: 延边朝鲜族自治州).
fn through_city(v: &str, from: usize) -> Option<&str> {
    through(v, from, &['市']).or_else(|| through(v, from, &['州', '盟']))
}

/// The text up to and including the first of `marks` after `from`.
fn through<'a>(v: &'a str, from: usize, marks: &[char]) -> Option<&'a str> {
    v[from..]
        .char_indices()
        .find(|(_, c)| marks.contains(c))
        .map(|(i, c)| &v[..from + i + c.len_utf8()])
}

fn chinese(v: &str, to: To) -> Option<String> {
    // The province marker ends within the first 24 bytes (eight Han
    // characters) or is not one: searching only there keeps this cheap
    // on every cell of a scanned address column.
    let mut window = v.len().min(24);
    while !v.is_char_boundary(window) {
        window -= 1;
    }
    let head = &v[..window];
    // The end of the first 省, 自治区 or 特别行政区.
    let province_end = head.char_indices().find_map(|(i, c)| {
        let ends_province = c == '省'
            || (c == '区' && (head[..i].ends_with("自治") || head[..i].ends_with("特别行政")));
        ends_province.then_some(i + c.len_utf8())
    });
    match to {
        To::Province => province_of(v).map(str::to_string),
        To::City => {
            let from = province_end.unwrap_or(0);
            through_city(v, from).map(str::to_string)
        }
        To::District => {
            let from = province_end.unwrap_or(0);
            let city = through_city(v, from).map_or(from, str::len);
            // The district marker comes within a few characters of the
            // city (西湖区, 余杭区); further on, 区 is a 小区 in the street.
            through(v, city, &['区', '县', '旗'])
                .filter(|d| {
                    d[city..].chars().count() <= 8
                        && !d[city..].contains(['路', '街', '巷', '号', '弄'])
                })
                .or_else(|| (city > from).then(|| &v[..city]))
                .map(str::to_string)
        }
    }
}

/// A street line: starts with a house number, or names a street or a unit.
fn streety(part: &str) -> bool {
    const WORDS: &[&str] = &[
        "st", "st.", "street", "ave", "ave.", "avenue", "rd", "rd.", "road", "blvd", "lane", "ln",
        "drive", "dr", "dr.", "way", "apt", "apt.", "suite", "unit", "floor", "po", "box", "court",
        "ct", "place", "pl", "terrace", "highway", "hwy",
    ];
    part.starts_with(|c: char| c.is_ascii_digit() || c == '#')
        || part
            .split_whitespace()
            .any(|w| WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

fn english(v: &str, to: To) -> Option<String> {
    let parts: Vec<&str> = v
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    // Street lines first, then city, then state (and ZIP), maybe a country.
    // Cutting only street-like lines makes the cut idempotent: a cut
    // address cut again stays as it is.
    let rest: Vec<String> = parts
        .iter()
        .skip_while(|p| streety(p))
        .map(|p| strip_zip(p))
        .filter(|p| !p.is_empty())
        .collect();
    let kept: &[String] = match to {
        To::District | To::City => &rest,
        To::Province if rest.len() >= 2 => &rest[1..],
        To::Province => &[],
    };
    (!kept.is_empty()).then(|| kept.join(", "))
}

/// `IL 62704` → `IL`: a ZIP is finer than the city it sits in.
fn strip_zip(p: &str) -> String {
    p.split_whitespace()
        .filter(|w| !(w.len() >= 5 && w.bytes().all(|b| b.is_ascii_digit() || b == b'-')))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An address cut to its district (`浙江省杭州市西湖区`, `Springfield,
/// IL`), or `*` when it cannot be placed. Cutting is idempotent, so the
/// scan keeps address columns in this form for the risk measures and the
/// search, and every coarser level follows from it.
pub fn district_of(v: &str) -> String {
    let mut out = String::new();
    Cut(To::District).apply(v, &mut out);
    out
}

impl CellOp for Cut {
    fn apply(&self, cell: &str, out: &mut String) {
        out.clear();
        let v = cell.trim();
        let cut = if v.chars().any(crate::detect::is_han) {
            chinese(v, self.0)
        } else {
            english(v, self.0)
        };
        match cut {
            Some(c) => out.push_str(&c),
            None => out.push('*'),
        }
    }
}

impl Operator for GeneralizeAddress {
    fn name(&self) -> &'static str {
        "generalize_address"
    }
    fn describe(&self) -> &'static str {
        "street addresses cut to their district, city or province"
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
            let d = super::district_of(a);
            assert_eq!(super::district_of(&d), d, "{a}");
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
