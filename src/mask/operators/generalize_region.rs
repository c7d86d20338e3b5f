//! `generalize_region`: places up the GB/T 2260 hierarchy — a district or
//! city to its province (`杭州市` → `浙江省`), or a district to its city —
//! from names (full or short, with or without a province in front) or
//! 6-digit administrative codes. A place that cannot be placed becomes `*`
//! rather than passing through.

use super::{one_of, params, Built, CellOp, Context, Operator, Params};
use crate::error::Result;
use serde::Deserialize;

/// Region generalisation.
pub struct GeneralizeRegion;

/// GB/T 2260 province-level divisions: code, full name, short name.
const PROVINCES: &[(&str, &str, &str)] = &[
    ("11", "北京市", "北京"),
    ("12", "天津市", "天津"),
    ("13", "河北省", "河北"),
    ("14", "山西省", "山西"),
    ("15", "内蒙古自治区", "内蒙古"),
    ("21", "辽宁省", "辽宁"),
    ("22", "吉林省", "吉林"),
    ("23", "黑龙江省", "黑龙江"),
    ("31", "上海市", "上海"),
    ("32", "江苏省", "江苏"),
    ("33", "浙江省", "浙江"),
    ("34", "安徽省", "安徽"),
    ("35", "福建省", "福建"),
    ("36", "江西省", "江西"),
    ("37", "山东省", "山东"),
    ("41", "河南省", "河南"),
    ("42", "湖北省", "湖北"),
    ("43", "湖南省", "湖南"),
    ("44", "广东省", "广东"),
    ("45", "广西壮族自治区", "广西"),
    ("46", "海南省", "海南"),
    ("50", "重庆市", "重庆"),
    ("51", "四川省", "四川"),
    ("52", "贵州省", "贵州"),
    ("53", "云南省", "云南"),
    ("54", "西藏自治区", "西藏"),
    ("61", "陕西省", "陕西"),
    ("62", "甘肃省", "甘肃"),
    ("63", "青海省", "青海"),
    ("64", "宁夏回族自治区", "宁夏"),
    ("65", "新疆维吾尔自治区", "新疆"),
    ("71", "台湾省", "台湾"),
    ("81", "香港特别行政区", "香港"),
    ("82", "澳门特别行政区", "澳门"),
];

/// Prefecture-level cities by province code.
const CITIES: &[(&str, &str)] = &[
    ("13", "石家庄|唐山|秦皇岛|邯郸|邢台|保定|张家口|承德|沧州|廊坊|衡水"),
    ("14", "太原|大同|阳泉|长治|晋城|朔州|晋中|运城|忻州|临汾|吕梁"),
    ("15", "呼和浩特|包头|乌海|赤峰|通辽|鄂尔多斯|呼伦贝尔|巴彦淖尔|乌兰察布"),
    ("21", "沈阳|大连|鞍山|抚顺|本溪|丹东|锦州|营口|阜新|辽阳|盘锦|铁岭|朝阳|葫芦岛"),
    ("22", "长春|四平|辽源|通化|白山|松原|白城|延边"),
    ("23", "哈尔滨|齐齐哈尔|鸡西|鹤岗|双鸭山|大庆|伊春|佳木斯|七台河|牡丹江|黑河|绥化"),
    ("32", "南京|无锡|徐州|常州|苏州|南通|连云港|淮安|盐城|扬州|镇江|泰州|宿迁"),
    ("33", "杭州|宁波|温州|嘉兴|湖州|绍兴|金华|衢州|舟山|台州|丽水"),
    ("34", "合肥|芜湖|蚌埠|淮南|马鞍山|淮北|铜陵|安庆|黄山|滁州|阜阳|宿州|六安|亳州|池州|宣城"),
    ("35", "福州|厦门|莆田|三明|泉州|漳州|南平|龙岩|宁德"),
    ("36", "南昌|景德镇|萍乡|九江|新余|鹰潭|赣州|吉安|宜春|抚州|上饶"),
    ("37", "济南|青岛|淄博|枣庄|东营|烟台|潍坊|济宁|泰安|威海|日照|临沂|德州|聊城|滨州|菏泽"),
    ("41", "郑州|开封|洛阳|平顶山|安阳|鹤壁|新乡|焦作|濮阳|许昌|漯河|三门峡|南阳|商丘|信阳|周口|驻马店"),
    ("42", "武汉|黄石|十堰|宜昌|襄阳|鄂州|荆门|孝感|荆州|黄冈|咸宁|随州|恩施"),
    ("43", "长沙|株洲|湘潭|衡阳|邵阳|岳阳|常德|张家界|益阳|郴州|永州|怀化|娄底|湘西"),
    ("44", "广州|韶关|深圳|珠海|汕头|佛山|江门|湛江|茂名|肇庆|惠州|梅州|汕尾|河源|阳江|清远|东莞|中山|潮州|揭阳|云浮"),
    ("45", "南宁|柳州|桂林|梧州|北海|防城港|钦州|贵港|玉林|百色|贺州|河池|来宾|崇左"),
    ("46", "海口|三亚|三沙|儋州"),
    ("51", "成都|自贡|攀枝花|泸州|德阳|绵阳|广元|遂宁|内江|乐山|南充|眉山|宜宾|广安|达州|雅安|巴中|资阳|阿坝|甘孜|凉山"),
    ("52", "贵阳|六盘水|遵义|安顺|毕节|铜仁"),
    ("53", "昆明|曲靖|玉溪|保山|昭通|丽江|普洱|临沧|大理|红河|文山|西双版纳|楚雄|德宏|怒江|迪庆"),
    ("54", "拉萨|日喀则|昌都|林芝|山南|那曲|阿里"),
    ("61", "西安|铜川|宝鸡|咸阳|渭南|延安|汉中|榆林|安康|商洛"),
    ("62", "兰州|嘉峪关|金昌|白银|天水|武威|张掖|平凉|酒泉|庆阳|定西|陇南|临夏|甘南"),
    ("63", "西宁|海东|海北|黄南|海南州|果洛|玉树|海西"),
    ("64", "银川|石嘴山|吴忠|固原|中卫"),
    ("65", "乌鲁木齐|克拉玛依|吐鲁番|哈密|昌吉|博尔塔拉|巴音郭楞|阿克苏|克孜勒苏|喀什|和田|伊犁|塔城|阿勒泰|石河子"),
];

/// Prefecture-level divisions in [`CITIES`] that are not cities.
const PREFECTURES: &str = "延边|恩施|湘西|阿坝|甘孜|凉山|红河|文山|西双版纳|楚雄|大理|德宏|怒江|迪庆|临夏|甘南|海北|黄南|海南州|果洛|玉树|海西|昌吉|博尔塔拉|巴音郭楞|克孜勒苏|伊犁|阿里|那曲";

/// Districts of the municipalities (their city is the province).
const MUNICIPAL_DISTRICTS: &[(&str, &str)] = &[
    ("11", "东城|西城|朝阳|丰台|石景山|海淀|门头沟|房山|通州|顺义|昌平|大兴|怀柔|平谷|密云|延庆"),
    ("31", "黄浦|徐汇|长宁|静安|普陀|虹口|杨浦|闵行|宝山|嘉定|浦东新|金山|松江|青浦|奉贤|崇明"),
    ("12", "和平|河东|河西|南开|河北|红桥|东丽|西青|津南|北辰|武清|宝坻|滨海新|宁河|静海|蓟州"),
    ("50", "渝中|大渡口|江北|沙坪坝|九龙坡|南岸|北碚|綦江|大足|渝北|巴南|黔江|长寿|江津|合川|永川|南川|璧山|铜梁|潼南|荣昌|开州|梁平|武隆"),
];

/// A place's province and, when known, its city.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// Index into the province table.
    province: usize,
    /// The city's short name.
    city: Option<&'static str>,
}

fn province_index(code: &str) -> Option<usize> {
    PROVINCES.iter().position(|p| p.0 == code)
}

/// Strips a leading province name (full or short); returns its index and
/// the rest.
fn leading_province(v: &str) -> Option<(usize, &str)> {
    PROVINCES
        .iter()
        .enumerate()
        .find_map(|(i, &(_, full, short))| {
            v.strip_prefix(full)
                .or_else(|| {
                    v.strip_prefix(short)
                        .map(|r| r.trim_start_matches(['省', '市']))
                })
                .map(|rest| (i, rest))
        })
}

/// A city at the start of `v`, within province `within` when known.
fn leading_city(v: &str, within: Option<&str>) -> Option<(&'static str, &'static str)> {
    CITIES
        .iter()
        .filter(|c| within.is_none_or(|w| w == c.0))
        .find_map(|&(code, list)| {
            list.split('|')
                .filter(|c| v.starts_with(c))
                .max_by_key(|c| c.len())
                .map(|c| (code, c))
        })
}

fn leading_district(v: &str, within: Option<&str>) -> Option<&'static str> {
    MUNICIPAL_DISTRICTS
        .iter()
        .filter(|d| within.is_none_or(|w| w == d.0))
        .find_map(|&(code, list)| {
            list.split('|')
                .any(|d| {
                    v.strip_prefix(d)
                        .is_some_and(|r| r.is_empty() || r.starts_with(['区', '县']))
                })
                .then_some(code)
        })
}

/// Where a region value lies, or `None` when it cannot be placed.
pub fn place(value: &str) -> Option<Place> {
    let v = value.trim();
    // A GB/T 2260 code: 110105 → Beijing; 330106 → Hangzhou's province.
    if v.len() == 6 && v.bytes().all(|b| b.is_ascii_digit()) {
        return province_index(&v[..2]).map(|province| Place {
            province,
            city: None,
        });
    }
    let (province, rest) = match leading_province(v) {
        Some((i, rest)) => (Some(i), rest),
        None => (None, v),
    };
    let within = province.map(|p| PROVINCES[p].0);
    // Within a named province only its own places count: 浙江杭州 is a
    // place, 江苏杭州 is not.
    if let Some((code, city)) = leading_city(rest, within) {
        let p = province_index(code)?;
        return Some(Place {
            province: p,
            city: Some(city),
        });
    }
    if let Some(code) = leading_district(rest, within) {
        let p = province_index(code)?;
        return Some(Place {
            province: p,
            city: Some(PROVINCES[p].2),
        });
    }
    let p = province?;
    if !rest.is_empty() && leading_city(rest, None).is_some() {
        return None;
    }
    let municipal = matches!(PROVINCES[p].0, "11" | "12" | "31" | "50");
    Some(Place {
        province: p,
        city: municipal.then_some(PROVINCES[p].2),
    })
}

/// The full name of a place's province (`浙江省`), if it can be placed.
pub fn province_of(value: &str) -> Option<&'static str> {
    place(value).map(|p| PROVINCES[p.province].1)
}

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
            Some(p) if !self.city => out.push_str(PROVINCES[p.province].1),
            Some(Place {
                city: Some(c),
                province,
            }) => {
                if PROVINCES[province].2 != c {
                    out.push_str(PROVINCES[province].1);
                }
                out.push_str(c);
                // Autonomous prefectures are not 市.
                if !PREFECTURES.split('|').any(|p| p == c) {
                    out.push('市');
                }
            }
            _ => out.push('*'),
        }
    }
}

impl Operator for GeneralizeRegion {
    fn name(&self) -> &'static str {
        "generalize_region"
    }
    fn describe(&self) -> &'static str {
        "places up to their province or city (GB/T 2260): 杭州市西湖区 → 浙江省"
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

    #[test]
    fn every_city_has_its_province() {
        for &(code, list) in super::CITIES {
            assert!(super::province_index(code).is_some(), "{code}");
            for c in list.split('|') {
                assert!(super::place(c).is_some(), "{c}");
            }
        }
    }
}
