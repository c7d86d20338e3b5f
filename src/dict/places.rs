//! Places: GB/T 2260 provinces, cities and districts, and street
//! addresses cut to their district, city or province. The scan reads them
//! (address columns are kept as districts for the risk measures) and the
//! masking operators `generalize_region` and `generalize_address` write
//! them.

use crate::cell::is_han;
use std::borrow::Cow;

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
    /// Index into the province table ([`province_full`], [`province_short`]).
    pub province: usize,
    /// The city's short name.
    pub city: Option<&'static str>,
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

/// Whether a city's short name is an autonomous prefecture (延边), which
/// is not written with 市.
pub fn is_prefecture(short: &str) -> bool {
    PREFECTURES.split('|').any(|p| p == short)
}

/// The full name of province `i` (`浙江省`).
pub fn province_full(i: usize) -> &'static str {
    PROVINCES[i].1
}

/// The short name of province `i` (`浙江`).
pub fn province_short(i: usize) -> &'static str {
    PROVINCES[i].2
}

/// How far an address is cut.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AddressLevel {
    /// 浙江省杭州市西湖区, `Springfield, IL`.
    District,
    /// 浙江省杭州市.
    City,
    /// 浙江省, `IL`.
    Province,
}

use AddressLevel as To;

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

fn chinese(v: &str, to: To) -> Option<Cow<'_, str>> {
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
        To::Province => province_of(v).map(Cow::Borrowed),
        To::City => {
            let from = province_end.unwrap_or(0);
            through_city(v, from).map(Cow::Borrowed)
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
                .map(Cow::Borrowed)
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

fn english(v: &str, to: To) -> Option<Cow<'_, str>> {
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
    (!kept.is_empty()).then(|| Cow::Owned(kept.join(", ")))
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
    district_cut(v).into_owned()
}

/// [`district_of`], borrowed from the value where the cut is a prefix of
/// it (a Chinese address): the scan cuts every cell of an address column.
pub fn district_cut(v: &str) -> Cow<'_, str> {
    cut_address(v.trim(), To::District).unwrap_or(Cow::Borrowed("*"))
}

/// An address cut to `level`, or `None` when it cannot be placed.
pub fn cut_address(v: &str, level: AddressLevel) -> Option<Cow<'_, str>> {
    if v.chars().any(is_han) {
        chinese(v, level)
    } else {
        english(v, level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_city_has_its_province() {
        for &(code, list) in CITIES {
            assert!(province_index(code).is_some(), "{code}");
            for c in list.split('|') {
                assert!(place(c).is_some(), "{c}");
            }
        }
    }
}
