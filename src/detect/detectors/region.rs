//! Regions: provinces, cities, districts and counties (full and short
//! names), US states, well-known cities abroad, and Chinese names with an
//! administrative suffix (…省/市/区/县/州/镇/乡). Six-digit GB/T 2260 codes
//! have the shape only (postal codes look the same) and need a header.

use super::cn_province_code;
use crate::detect::{Cell, Detector, Hit, Meta, PiCategory, Shape};
use crate::entity::Entity;

/// The region detector.
pub struct Region;

const SUFFIXES: &[char] = &[
    '省', '市', '区', '县', '州', '盟', '旗', '镇', '乡', '區', '縣', '鎮', '鄉',
];

/// Header words naming this entity, in the syntax of `headers.txt`
/// (`~` marks a weak word: the header hints, values must agree).
const HEADERS: &str = "省|省份|城市|地区|区县|区域|所在地|籍贯|户籍|户籍所在地|出生地|所在城市|所在省份|所在地区|行政区划|行政区划代码|地市|省市|乡镇|居住地|常住地\
     |户口所在地|市|县|区|province|state|city|county|district|region|town|municipality\
     |prefecture|residence|native place|hometown|birthplace|place of birth|state code\
     |province code|~area|~location|nbhd|nbrhd|neighbourhood|neighborhood|puma|tract\
     |census tract|ward|suburb|locality|precinct|constituency|electoral district";

const META: Meta = Meta::new("region", Entity::Region)
    .headers(HEADERS)
    .pi(PiCategory::Basic, false);

impl Detector for Region {
    fn meta(&self) -> &Meta {
        &META
    }
    fn prefilter(&self, s: &Shape) -> bool {
        s.chars <= 24 && (s.digits == 0 || (s.digits == 6 && s.chars == 6))
    }
    fn detect(&self, cell: &Cell<'_>) -> Hit {
        let s = &cell.shape;
        if s.digits == 6 {
            let b = cell.text.as_bytes();
            return if cn_province_code(b[0], b[1]) {
                Hit::SHAPE
            } else {
                Hit::NO
            };
        }
        if cell.in_vocab(Entity::Region) {
            return Hit::VALID;
        }
        // 广东省深圳市南山区: a chain of admin names with suffixes.
        if s.all_han() && (2..=12).contains(&s.chars) && cell.text.ends_with(SUFFIXES) {
            return Hit::WEAK;
        }
        // 山东济南, 黑龙江哈尔滨 (籍贯 as people write it): a short province
        // name followed by a short city name.
        if s.all_han() && (4..=7).contains(&s.chars) && short_pair(cell.text) {
            return Hit::WEAK;
        }
        Hit::NO
    }
}

/// Whether `t` splits, after its second or third character, into two
/// region names.
fn short_pair(t: &str) -> bool {
    let region = 1u64 << Entity::Region as u8;
    t.char_indices().skip(2).take(2).any(|(at, _)| {
        let (a, b) = t.split_at(at);
        crate::dict::vocab_bits(a) & region != 0 && crate::dict::vocab_bits(b) & region != 0
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{check_table, Level};

    #[test]
    fn table() {
        check_table(
            &Region,
            &[
                ("广东省", Level::Valid),
                ("广东", Level::Valid),
                ("深圳", Level::Valid),
                ("California", Level::Valid),
                ("NY", Level::Valid),
                ("广东省深圳市南山区", Level::Weak),
                ("山东济南", Level::Weak),
                ("黑龙江哈尔滨", Level::Weak),
                ("广东深圳", Level::Weak),
                ("山东大学", Level::No),
                ("110105", Level::Shape),
                ("990105", Level::No),
                ("苹果", Level::No),
            ],
        );
    }
}
