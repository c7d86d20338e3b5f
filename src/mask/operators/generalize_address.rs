//! `generalize_address`: a street address cut to its district, city or
//! province. Chinese addresses are cut after the first 区/县/旗 (district),
//! 市/州/盟 (city) or 省/自治区 (province); English ones (`12 Main St,
//! Springfield, IL 62704`) lose the street part and keep the rest.

use super::generalize_region::province_of;
use super::{params, Built, CellOp, Context, Operator, Params};
use crate::error::{Error, ErrorKind, Result};
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
    let province_end = ["省", "自治区", "特别行政区"]
        .iter()
        .filter_map(|m| v.find(m).map(|i| i + m.len()))
        .min()
        .filter(|&i| i <= 24);
    match to {
        To::Province => province_of(v).map(str::to_string),
        To::City => {
            let from = province_end.unwrap_or(0);
            through_city(v, from).map(str::to_string)
        }
        To::District => {
            let from = province_end.unwrap_or(0);
            let city = through_city(v, from).map_or(from, str::len);
            through(v, city, &['区', '县', '旗'])
                .or_else(|| (city > from).then(|| &v[..city]))
                .map(str::to_string)
        }
    }
}

fn english(v: &str, to: To) -> Option<String> {
    let parts: Vec<&str> = v
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    // Street first, then city, then state (and ZIP), then maybe a country.
    let rest = &parts[1..];
    let kept: Vec<String> = match to {
        To::District | To::City => rest.iter().map(|p| strip_zip(p)).collect(),
        To::Province => rest.iter().skip(1).map(|p| strip_zip(p)).collect(),
    };
    let kept: Vec<String> = kept.into_iter().filter(|p| !p.is_empty()).collect();
    (!kept.is_empty()).then(|| kept.join(", "))
}

/// `IL 62704` → `IL`: a ZIP is finer than the city it sits in.
fn strip_zip(p: &str) -> String {
    p.split_whitespace()
        .filter(|w| !(w.len() >= 5 && w.bytes().all(|b| b.is_ascii_digit() || b == b'-')))
        .collect::<Vec<_>>()
        .join(" ")
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
            // Never the whole address back.
            Some(c) if c != v => out.push_str(&c),
            _ => out.push('*'),
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
        let to = match p.to.as_str() {
            "district" => To::District,
            "city" => To::City,
            "province" | "state" => To::Province,
            other => {
                return Err(Error::new(ErrorKind::Options(format!(
                    "generalize_address: `to` is district, city or province, not {other:?}"
                ))))
            }
        };
        Ok(Built::Cells(Box::new(Cut(to))))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::table;
    use crate::entity::Entity;
    use serde_json::json;

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
                ("somewhere", "*"),
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
