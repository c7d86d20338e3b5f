//! A small deterministic generator of synthetic people and tables, for
//! tests, fixtures, benchmarks and the page's demo datasets. Every value is
//! made up from a seeded generator: names from common-name lists, IDs with
//! correct check digits for random region/birth combinations. Nothing here
//! describes a real person.

use crate::checksum::{gb11643_check_char, gb32100_check_char, luhn_check_digit};
use crate::entity::Entity;

/// SplitMix64: tiny, seeded, reproducible across platforms.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    /// One element of a slice.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    /// `n` random decimal digits.
    pub fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
    /// True with probability `p` percent.
    pub fn chance(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
    /// Shuffles a slice in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            xs.swap(i, j);
        }
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "欧阳", "司马", "诸葛", "上官",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "华", "慧", "建国", "子涵", "浩然", "欣怡", "宇轩", "梓萱", "俊杰", "雨桐",
];
const EN_GIVEN: &[&str] = &[
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Emma",
    "Olivia", "Daniel", "Sophia", "Thomas", "Grace",
];
const EN_SURNAME: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Wilson",
    "Taylor", "Clark", "Lewis", "Walker", "Young", "King",
];
const REGION_CODES: &[&str] = &[
    "110101", "110105", "310104", "310115", "440305", "440106", "330106", "510107", "420106",
    "320102", "610113", "620102", "500103", "370202", "210102",
];
const PROVINCES: &[&str] = &[
    "北京市",
    "上海市",
    "广东省",
    "浙江省",
    "江苏省",
    "四川省",
    "湖北省",
    "山东省",
    "河南省",
    "福建省",
    "陕西省",
    "辽宁省",
];
const CITIES: &[&str] = &[
    "深圳市",
    "广州市",
    "杭州市",
    "南京市",
    "成都市",
    "武汉市",
    "青岛市",
    "郑州市",
    "厦门市",
    "西安市",
];
const DISTRICTS: &[&str] = &[
    "海淀区",
    "朝阳区",
    "南山区",
    "西湖区",
    "鼓楼区",
    "武侯区",
    "洪山区",
    "市南区",
    "金水区",
    "思明区",
];
const ROADS: &[&str] = &[
    "中关村大街",
    "人民路",
    "解放路",
    "建设路",
    "科技园路",
    "文三路",
    "中山路",
    "长江路",
    "和平街",
    "幸福巷",
];
const STREETS_EN: &[&str] = &[
    "Main",
    "Oak",
    "Maple",
    "Cedar",
    "Elm",
    "Pine",
    "Washington",
    "Lake",
    "Hill",
    "Park",
];
const STREET_TYPES: &[&str] = &[
    "St", "Street", "Ave", "Avenue", "Rd", "Road", "Blvd", "Lane", "Dr",
];
const ETHNIC: &[&str] = &[
    "汉族",
    "汉族",
    "汉族",
    "汉族",
    "壮族",
    "回族",
    "满族",
    "维吾尔族",
    "苗族",
    "彝族",
    "土家族",
    "藏族",
    "蒙古族",
];
const OCCUPATIONS: &[&str] = &[
    "教师",
    "医生",
    "护士",
    "工程师",
    "律师",
    "会计",
    "销售",
    "司机",
    "厨师",
    "公务员",
    "农民",
    "工人",
    "学生",
    "退休",
    "程序员",
    "经理",
    "个体户",
];
const EDUCATION: &[&str] = &[
    "小学", "初中", "高中", "中专", "大专", "本科", "硕士", "博士",
];
const MARITAL: &[&str] = &["已婚", "未婚", "离异", "丧偶"];
const NATIONALITY: &[&str] = &[
    "中国",
    "中国",
    "中国",
    "美国",
    "日本",
    "韩国",
    "英国",
    "加拿大",
];
const DIAGNOSES: &[&str] = &[
    "高血压",
    "糖尿病",
    "冠心病",
    "肺炎",
    "哮喘",
    "抑郁症",
    "慢性胃炎",
    "骨折",
    "E11.9",
    "I10",
    "J45.9",
];
const RELIGION: &[&str] = &["无宗教信仰", "佛教", "基督教", "伊斯兰教", "道教", "天主教"];
const POLITICAL: &[&str] = &["群众", "群众", "中共党员", "共青团员", "民主党派"];
const ORIENTATION: &[&str] = &["异性恋", "异性恋", "异性恋", "同性恋", "双性恋"];
const CRIMES: &[&str] = &[
    "无犯罪记录",
    "无犯罪记录",
    "盗窃",
    "诈骗",
    "危险驾驶",
    "故意伤害",
];
const COMPANIES: &[&str] = &[
    "华信科技有限公司",
    "东方建设集团",
    "人民医院",
    "第一中学",
    "星河贸易有限公司",
    "蓝天物流有限公司",
    "市政府办公室",
];
const PLATE_PROV: &[&str] = &["京", "沪", "粤", "浙", "苏", "川", "鄂", "鲁"];
const DOMAINS: &[&str] = &[
    "example.com",
    "example.cn",
    "mail.example.org",
    "example.net",
];
const NOTES: &[&str] = &[
    "客户来电咨询退款事宜",
    "已电话回访，客户表示满意",
    "地址有误，需要重新确认",
    "请尽快安排发货",
    "客户要求开具发票",
];

/// One synthetic person.
pub struct Person {
    /// Chinese name.
    pub name_zh: String,
    /// Latin-script name.
    pub name_en: String,
    /// 18-character resident ID with a correct check digit.
    pub id: String,
    /// Birth year, month, day.
    pub birth: (u32, u32, u32),
    /// 男 or 女, consistent with the ID's sequence digit.
    pub male: bool,
    /// Mobile number.
    pub mobile: String,
}

impl Person {
    /// Makes a person.
    pub fn new(r: &mut Rng) -> Person {
        let name_zh = format!("{}{}", r.pick(SURNAMES), r.pick(GIVEN));
        let name_en = format!("{} {}", r.pick(EN_GIVEN), r.pick(EN_SURNAME));
        let y = r.range(1940, 2005) as u32;
        let m = r.range(1, 12) as u32;
        let d = r.range(1, crate::detect::detectors::days_in_month(y, m) as u64) as u32;
        let male = r.chance(50);
        let seq = r.range(0, 499) as u32 * 2 + u32::from(male);
        let first17 = format!("{}{y:04}{m:02}{d:02}{seq:03}", r.pick(REGION_CODES));
        let check = gb11643_check_char(first17.as_bytes()) as char;
        let mobile = format!("1{}{}", r.pick(&["3", "5", "7", "8", "9"]), r.digits(9));
        Person {
            name_zh,
            name_en,
            id: format!("{first17}{check}"),
            birth: (y, m, d),
            male,
            mobile,
        }
    }
}

/// A generated column: headers in both languages, the entity a scanner
/// should find, and the value maker.
pub struct ColumnSpec {
    /// Chinese header.
    pub zh: &'static str,
    /// English header.
    pub en: &'static str,
    /// Expected entity.
    pub entity: Entity,
    /// Value maker.
    pub make: fn(&mut Rng, &Person) -> String,
}

fn luhn_number(r: &mut Rng, prefix: &str, len: usize) -> String {
    let mut s = prefix.to_string();
    s.push_str(&r.digits(len - prefix.len() - 1));
    let c = luhn_check_digit(s.as_bytes()) as char;
    s.push(c);
    s
}

/// A USCC as real ones are made: region, a GB 11714 organisation code
/// (about a quarter digits only, as real codes are) and the check. A code
/// meant to be digits only is drawn again until its checks are digits.
fn uscc(r: &mut Rng) -> String {
    const ALPHA: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let digits_only = r.below(4) == 0;
    loop {
        let mut s = format!("91{}", r.pick(REGION_CODES));
        let mut org: Vec<u8> = (0..8)
            .map(|_| {
                if digits_only {
                    b'0' + r.below(10) as u8
                } else {
                    *r.pick(ALPHA)
                }
            })
            .collect();
        let check = (b'0'..=b'9')
            .chain([b'X'])
            .find(|&c| {
                org.push(c);
                let ok = crate::checksum::gb11714(&org);
                org.pop();
                ok
            })
            .unwrap_or(b'0');
        org.push(check);
        s.push_str(std::str::from_utf8(&org).unwrap_or_default());
        let c = gb32100_check_char(s.as_bytes()).unwrap_or(b'0');
        s.push(c as char);
        if !digits_only
            || s.bytes().all(|b| b.is_ascii_digit()) && !crate::checksum::gb11643(s.as_bytes())
        {
            return s;
        }
    }
}

fn vin(r: &mut Rng) -> String {
    const ALPHA: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    loop {
        let mut v: Vec<u8> = (0..17).map(|_| *r.pick(ALPHA)).collect();
        for b in &mut v[13..] {
            *b = b'0' + r.below(10) as u8;
        }
        for check in b"0123456789X" {
            v[8] = *check;
            if crate::checksum::vin(&v) {
                return String::from_utf8(v).unwrap_or_default();
            }
        }
    }
}

fn iban(r: &mut Rng) -> String {
    // GB: 4 letters bank + 14 digits; compute check digits by mod 97.
    let bban = format!("WEST{}", r.digits(14));
    let mut rem: u32 = 0;
    for c in format!("{bban}GB00").bytes() {
        if c.is_ascii_digit() {
            rem = (rem * 10 + u32::from(c - b'0')) % 97;
        } else {
            rem = (rem * 100 + u32::from(c - b'A' + 10)) % 97;
        }
    }
    format!("GB{:02}{bban}", 98 - rem)
}

fn hkid(r: &mut Rng) -> String {
    let letter = (b'A' + r.below(26) as u8) as char;
    let digits = r.digits(6);
    for c in "0123456789A".chars() {
        if crate::checksum::hkid(&[letter as u8], digits.as_bytes(), c as u8) {
            return format!("{letter}{digits}({c})");
        }
    }
    String::new()
}

fn dob(r: &mut Rng, p: &Person) -> String {
    let (y, m, d) = p.birth;
    match r.below(5) {
        0 => format!("{y}-{m:02}-{d:02}"),
        1 => format!("{y}/{m}/{d}"),
        2 => format!("{y}{m:02}{d:02}"),
        3 => format!("{y}年{m}月{d}日"),
        _ => format!("{d:02}/{m:02}/{y}"),
    }
}

fn phone(r: &mut Rng, p: &Person) -> String {
    let m = &p.mobile;
    match r.below(5) {
        0 => format!("+86 {} {} {}", &m[..3], &m[3..7], &m[7..]),
        1 => format!("{}-{}-{}", &m[..3], &m[3..7], &m[7..]),
        2 => format!(
            "0{}-{}",
            r.pick(&["10", "21", "755", "571", "28"]),
            r.range(20_000_000, 89_999_999)
        ),
        _ => m.clone(),
    }
}

fn free_text(r: &mut Rng, p: &Person) -> String {
    let note = r.pick(NOTES);
    if r.chance(30) {
        format!("{note}，联系电话{}，请回电", p.mobile)
    } else {
        format!("{note}，已处理完毕，无需再次跟进")
    }
}

/// Every personal column the generator can make.
pub fn personal_columns() -> Vec<ColumnSpec> {
    vec![
        ColumnSpec {
            zh: "姓名",
            en: "name",
            entity: Entity::PersonName,
            make: |_, p| p.name_zh.clone(),
        },
        ColumnSpec {
            zh: "英文名",
            en: "full_name",
            entity: Entity::PersonName,
            make: |_, p| p.name_en.clone(),
        },
        ColumnSpec {
            zh: "身份证号",
            en: "id_number",
            entity: Entity::CnResidentId,
            make: |_, p| p.id.clone(),
        },
        ColumnSpec {
            zh: "手机",
            en: "phone",
            entity: Entity::PhoneNumber,
            make: phone,
        },
        ColumnSpec {
            zh: "邮箱",
            en: "email",
            entity: Entity::EmailAddress,
            make: |r, _| format!("user{}@{}", r.digits(5), r.pick(DOMAINS)),
        },
        ColumnSpec {
            zh: "银行卡号",
            en: "card_number",
            entity: Entity::BankCard,
            make: |r, _| {
                if r.chance(50) {
                    format!("62{}", r.digits(17))
                } else {
                    luhn_number(r, "4", 16)
                }
            },
        },
        ColumnSpec {
            zh: "IBAN",
            en: "iban",
            entity: Entity::Iban,
            make: |r, _| iban(r),
        },
        ColumnSpec {
            zh: "社保号",
            en: "ssn",
            entity: Entity::UsSsn,
            make: |r, _| {
                format!(
                    "{:03}-{:02}-{:04}",
                    r.range(1, 665),
                    r.range(1, 99),
                    r.range(1, 9999)
                )
            },
        },
        ColumnSpec {
            zh: "统一社会信用代码",
            en: "uscc",
            entity: Entity::CnUscc,
            make: |r, _| uscc(r),
        },
        ColumnSpec {
            zh: "车牌号",
            en: "plate",
            entity: Entity::LicensePlate,
            make: |r, _| {
                format!(
                    "{}{}{}",
                    r.pick(PLATE_PROV),
                    (b'A' + r.below(8) as u8) as char,
                    r.digits(5)
                )
            },
        },
        ColumnSpec {
            zh: "车架号",
            en: "vin",
            entity: Entity::Vin,
            make: |r, _| vin(r),
        },
        ColumnSpec {
            zh: "登录IP",
            en: "ip",
            entity: Entity::IpAddress,
            make: |r, _| {
                format!(
                    "{}.{}.{}.{}",
                    r.range(1, 223),
                    r.below(256),
                    r.below(256),
                    r.range(1, 254)
                )
            },
        },
        ColumnSpec {
            zh: "MAC地址",
            en: "mac",
            entity: Entity::MacAddress,
            make: |r, _| {
                (0..6)
                    .map(|_| format!("{:02X}", r.below(256)))
                    .collect::<Vec<_>>()
                    .join(":")
            },
        },
        ColumnSpec {
            zh: "IMEI",
            en: "imei",
            entity: Entity::Imei,
            make: |r, _| luhn_number(r, "86", 15),
        },
        ColumnSpec {
            zh: "家庭住址",
            en: "address",
            entity: Entity::StreetAddress,
            make: |r, _| {
                format!(
                    "{}{}{}{}{}号",
                    r.pick(PROVINCES),
                    r.pick(CITIES),
                    r.pick(DISTRICTS),
                    r.pick(ROADS),
                    r.range(1, 300)
                )
            },
        },
        ColumnSpec {
            zh: "英文地址",
            en: "street",
            entity: Entity::StreetAddress,
            make: |r, _| {
                format!(
                    "{} {} {}",
                    r.range(1, 9999),
                    r.pick(STREETS_EN),
                    r.pick(STREET_TYPES)
                )
            },
        },
        ColumnSpec {
            zh: "经纬度",
            en: "location",
            entity: Entity::GpsCoordinates,
            make: |r, _| {
                format!(
                    "{}.{:04}, {}.{:04}",
                    r.range(20, 45),
                    r.below(10000),
                    r.range(100, 125),
                    r.below(10000)
                )
            },
        },
        ColumnSpec {
            zh: "微信号",
            en: "wechat",
            entity: Entity::AccountId,
            make: |r, _| format!("wxid_{}", r.digits(10)),
        },
        ColumnSpec {
            zh: "个人主页",
            en: "homepage",
            entity: Entity::Url,
            make: |r, _| {
                format!(
                    "https://{}.example.com/~u{}",
                    r.pick(&["blog", "home", "me", "site", "page"]),
                    r.digits(4)
                )
            },
        },
        ColumnSpec {
            zh: "病历号",
            en: "mrn",
            entity: Entity::MedicalRecordNumber,
            make: |r, _| format!("MR{}", r.digits(8)),
        },
        ColumnSpec {
            zh: "护照号",
            en: "passport",
            entity: Entity::CnPassport,
            make: |r, _| format!("E{}", r.digits(8)),
        },
        ColumnSpec {
            zh: "港澳通行证",
            en: "travel_permit",
            entity: Entity::CnTravelPermit,
            make: |r, _| format!("C{}", r.digits(8)),
        },
        ColumnSpec {
            zh: "香港身份证",
            en: "hkid",
            entity: Entity::HkId,
            make: |r, _| hkid(r),
        },
        ColumnSpec {
            zh: "出生日期",
            en: "dob",
            entity: Entity::DateOfBirth,
            make: dob,
        },
        ColumnSpec {
            zh: "年龄",
            en: "age",
            entity: Entity::Age,
            make: |_, p| (2024 - p.birth.0).to_string(),
        },
        ColumnSpec {
            zh: "性别",
            en: "sex",
            entity: Entity::Gender,
            make: |_, p| if p.male { "男".into() } else { "女".into() },
        },
        ColumnSpec {
            zh: "省份",
            en: "province",
            entity: Entity::Region,
            make: |r, _| r.pick(PROVINCES).to_string(),
        },
        ColumnSpec {
            zh: "邮编",
            en: "zip",
            entity: Entity::PostalCode,
            make: |r, _| format!("{}{}", r.range(10, 85), r.digits(4)),
        },
        ColumnSpec {
            zh: "民族",
            en: "ethnicity",
            entity: Entity::Ethnicity,
            make: |r, _| r.pick(ETHNIC).to_string(),
        },
        ColumnSpec {
            zh: "国籍",
            en: "nationality",
            entity: Entity::Nationality,
            make: |r, _| r.pick(NATIONALITY).to_string(),
        },
        ColumnSpec {
            zh: "职业",
            en: "occupation",
            entity: Entity::Occupation,
            make: |r, _| r.pick(OCCUPATIONS).to_string(),
        },
        ColumnSpec {
            zh: "学历",
            en: "education",
            entity: Entity::Education,
            make: |r, _| r.pick(EDUCATION).to_string(),
        },
        ColumnSpec {
            zh: "婚姻状况",
            en: "marital_status",
            entity: Entity::MaritalStatus,
            make: |r, _| r.pick(MARITAL).to_string(),
        },
        ColumnSpec {
            zh: "工作单位",
            en: "employer",
            entity: Entity::Employer,
            make: |r, _| r.pick(COMPANIES).to_string(),
        },
        ColumnSpec {
            zh: "入院日期",
            en: "admission_date",
            entity: Entity::Date,
            make: |r, _| format!("2023-{:02}-{:02}", r.range(1, 12), r.range(1, 28)),
        },
        ColumnSpec {
            zh: "诊断",
            en: "diagnosis",
            entity: Entity::Health,
            make: |r, _| r.pick(DIAGNOSES).to_string(),
        },
        ColumnSpec {
            zh: "月收入",
            en: "income",
            entity: Entity::Financial,
            make: |r, _| format!("{}.00", r.range(3000, 50000)),
        },
        ColumnSpec {
            zh: "宗教信仰",
            en: "religion",
            entity: Entity::Religion,
            make: |r, _| r.pick(RELIGION).to_string(),
        },
        ColumnSpec {
            zh: "政治面貌",
            en: "political",
            entity: Entity::Political,
            make: |r, _| r.pick(POLITICAL).to_string(),
        },
        ColumnSpec {
            zh: "性取向",
            en: "sexual_orientation",
            entity: Entity::SexualOrientation,
            make: |r, _| r.pick(ORIENTATION).to_string(),
        },
        ColumnSpec {
            zh: "犯罪记录",
            en: "criminal_record",
            entity: Entity::CriminalRecord,
            make: |r, _| r.pick(CRIMES).to_string(),
        },
        ColumnSpec {
            zh: "指纹",
            en: "fingerprint",
            entity: Entity::Biometric,
            make: |r, _| format!("fp_{}.wsq", r.digits(6)),
        },
        ColumnSpec {
            zh: "备注",
            en: "notes",
            entity: Entity::FreeText,
            make: free_text,
        },
    ]
}

/// Look-alike columns that must stay NONE.
pub fn decoy_columns() -> Vec<ColumnSpec> {
    vec![
        ColumnSpec {
            zh: "订单号",
            en: "order_no",
            entity: Entity::None,
            make: |r, _| format!("2{}", r.digits(10)),
        },
        ColumnSpec {
            zh: "流水号",
            en: "serial",
            entity: Entity::None,
            make: |r, _| format!("{}{}", r.range(1, 9), r.digits(17)),
        },
        ColumnSpec {
            zh: "价格",
            en: "price",
            entity: Entity::None,
            make: |r, _| format!("{}.{:02}", r.range(1, 999), r.below(100)),
        },
        ColumnSpec {
            zh: "商品编码",
            en: "sku",
            entity: Entity::None,
            make: |r, _| format!("SKU-{}", r.digits(6)),
        },
        ColumnSpec {
            zh: "ISBN",
            en: "isbn",
            entity: Entity::None,
            make: |r, _| format!("978-7-{}-{}-{}", r.digits(3), r.digits(5), r.digits(1)),
        },
        ColumnSpec {
            zh: "快递单号",
            en: "tracking",
            entity: Entity::None,
            make: |r, _| format!("SF{}", r.digits(12)),
        },
        ColumnSpec {
            zh: "校验值",
            en: "checksum",
            entity: Entity::None,
            make: |r, _| format!("{:016x}{:016x}", r.next_u64(), r.next_u64()),
        },
        ColumnSpec {
            zh: "UUID",
            en: "uuid",
            entity: Entity::None,
            make: |r, _| {
                let a = r.next_u64();
                let b = r.next_u64();
                format!(
                    "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
                    a >> 32,
                    (a >> 16) & 0xffff,
                    a & 0xfff,
                    b >> 52,
                    b & 0xffff_ffff_ffff
                )
            },
        },
        ColumnSpec {
            zh: "创建时间",
            en: "created_at",
            entity: Entity::None,
            make: |r, _| {
                format!(
                    "2024-{:02}-{:02} {:02}:{:02}:{:02}",
                    r.range(1, 12),
                    r.range(1, 28),
                    r.below(24),
                    r.below(60),
                    r.below(60)
                )
            },
        },
        ColumnSpec {
            zh: "数量",
            en: "quantity",
            entity: Entity::None,
            make: |r, _| r.range(1, 5).to_string(),
        },
        ColumnSpec {
            zh: "状态",
            en: "status",
            entity: Entity::None,
            make: |r, _| {
                r.pick(&["已发货", "待付款", "已完成", "已取消"])
                    .to_string()
            },
        },
    ]
}

/// A typical export mixing personal and business columns (a customer /
/// order table): what the scan benchmark measures.
pub fn mixed_columns() -> Vec<ColumnSpec> {
    let pick = |names: &[&str], from: Vec<ColumnSpec>| -> Vec<ColumnSpec> {
        from.into_iter().filter(|c| names.contains(&c.en)).collect()
    };
    let mut cols = pick(
        &[
            "name",
            "id_number",
            "phone",
            "email",
            "address",
            "dob",
            "sex",
            "province",
            "occupation",
            "notes",
        ],
        personal_columns(),
    );
    cols.extend(pick(
        &["order_no", "price", "sku", "created_at", "status"],
        decoy_columns(),
    ));
    cols
}

/// Postal codes of one made-up city district: few enough that many
/// people share each, as in a real district.
const DISTRICT_POSTCODES: &[&str] = &[
    "310002", "310003", "310004", "310005", "310006", "310007", "310008", "310009", "310011",
    "310012", "310013", "310014",
];

/// The two tables of the linkage demo, made from the same people: a
/// clinic's visits with the names removed (sex, birth date, postal code,
/// ethnicity, diagnosis) and a public register with names (name, sex, birth
/// date written another way, postal code, mobile) that holds about 70 % of
/// the patients among as many other residents. Linking the second to the
/// first on sex + birth date + postal code names most patients, as
/// Sweeney showed with a voter roll and hospital discharge data.
pub fn linkage_tables(rows: usize, headers: Headers, seed: u64) -> (Table, Table) {
    let mut people = Rng::new(seed);
    let mut values = Rng::new(seed ^ 0x5157_EE4E_1A3E_D0C5);
    let header = |cols: &[(&str, &str)]| match headers {
        Headers::Chinese => Some(cols.iter().map(|c| c.0.to_string()).collect()),
        Headers::English => Some(cols.iter().map(|c| c.1.to_string()).collect()),
        Headers::Meaningless => Some((1..=cols.len()).map(|i| format!("col{i}")).collect()),
        Headers::None => None,
    };
    let sex = |p: &Person| if p.male { "男" } else { "女" }.to_string();
    let mut clinic = Vec::with_capacity(rows);
    let mut register = Vec::with_capacity(rows * 3 / 2);
    let resident = |r: &mut Rng, p: &Person, postcode: &str| {
        let (y, m, d) = p.birth;
        vec![
            p.name_zh.clone(),
            sex(p),
            format!("{y}年{m}月{d}日"),
            postcode.to_string(),
            p.mobile.clone(),
        ]
        .into_iter()
        .chain(std::iter::once(
            r.pick(&["在册", "迁出", "在册"]).to_string(),
        ))
        .collect::<Vec<_>>()
    };
    for _ in 0..rows {
        let p = Person::new(&mut people);
        let postcode = *values.pick(DISTRICT_POSTCODES);
        let (y, m, d) = p.birth;
        clinic.push(vec![
            sex(&p),
            format!("{y}-{m:02}-{d:02}"),
            postcode.to_string(),
            values.pick(ETHNIC).to_string(),
            values.pick(DIAGNOSES).to_string(),
            format!("2024-{:02}-{:02}", values.range(1, 12), values.range(1, 28)),
        ]);
        if values.chance(70) {
            register.push(resident(&mut values, &p, postcode));
        }
        // Residents who never visited the clinic.
        if values.chance(60) {
            let other = Person::new(&mut people);
            let pc = *values.pick(DISTRICT_POSTCODES);
            register.push(resident(&mut values, &other, pc));
        }
    }
    let clinic = Table {
        header: header(&[
            ("性别", "sex"),
            ("出生日期", "birth_date"),
            ("邮编", "postcode"),
            ("民族", "ethnicity"),
            ("诊断", "diagnosis"),
            ("就诊日期", "visit_date"),
        ]),
        expected: vec![
            Entity::Gender,
            Entity::DateOfBirth,
            Entity::PostalCode,
            Entity::Ethnicity,
            Entity::Health,
            Entity::Date,
        ],
        rows: clinic,
    };
    let register = Table {
        header: header(&[
            ("姓名", "name"),
            ("性别", "sex"),
            ("出生日期", "date_of_birth"),
            ("邮政编码", "zip"),
            ("手机号", "mobile"),
            ("状态", "status"),
        ]),
        expected: vec![
            Entity::PersonName,
            Entity::Gender,
            Entity::DateOfBirth,
            Entity::PostalCode,
            Entity::PhoneNumber,
            Entity::None,
        ],
        rows: register,
    };
    (clinic, register)
}

/// Header style of a generated table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Headers {
    /// Chinese headers.
    Chinese,
    /// English headers.
    English,
    /// `col1`, `col2` …
    Meaningless,
    /// No header row.
    None,
}

/// A generated table: rows of cells, with the header (if any) and the
/// expected entity of each column.
pub struct Table {
    /// The header row, if any.
    pub header: Option<Vec<String>>,
    /// Expected entities, per column.
    pub expected: Vec<Entity>,
    /// Data rows.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Generates `rows` rows of `specs` with a seed.
    pub fn generate(specs: &[ColumnSpec], rows: usize, headers: Headers, seed: u64) -> Table {
        let mut r = Rng::new(seed);
        let header = match headers {
            Headers::Chinese => Some(specs.iter().map(|s| s.zh.to_string()).collect()),
            Headers::English => Some(specs.iter().map(|s| s.en.to_string()).collect()),
            Headers::Meaningless => Some((1..=specs.len()).map(|i| format!("col{i}")).collect()),
            Headers::None => None,
        };
        let rows = (0..rows)
            .map(|_| {
                let p = Person::new(&mut r);
                specs.iter().map(|s| (s.make)(&mut r, &p)).collect()
            })
            .collect();
        Table {
            header,
            expected: specs.iter().map(|s| s.entity).collect(),
            rows,
        }
    }

    /// Writes the table as CSV text with `delim`, quoting where needed.
    pub fn to_csv(&self, delim: u8) -> String {
        let d = delim as char;
        let quote = |v: &str| {
            if v.contains(d) || v.contains('"') || v.contains('\n') || v.contains('\r') {
                format!("\"{}\"", v.replace('"', "\"\""))
            } else {
                v.to_string()
            }
        };
        let mut out = String::new();
        for row in self.header.iter().chain(self.rows.iter()) {
            let line: Vec<String> = row.iter().map(|v| quote(v)).collect();
            out.push_str(&line.join(&d.to_string()));
            out.push_str("\r\n");
        }
        out
    }
}

/// Encodes generated text the way exports arrive: `utf-8`, `utf-8-bom`,
/// `utf-16le` / `utf-16be` (with a BOM; add `-nobom` for none), or any
/// encoding_rs can encode to (`gbk`, `gb18030`, `big5`, `shift_jis`,
/// `windows-1252` …). Characters the target cannot hold become `?`.
pub fn encode(text: &str, label: &str) -> Option<Vec<u8>> {
    let l = label.trim().to_ascii_lowercase();
    let utf16 = |le: bool, bom: bool| {
        let mut out = Vec::with_capacity(text.len() * 2 + 2);
        if bom {
            out.extend_from_slice(if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
        }
        for u in text.encode_utf16() {
            out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    };
    Some(match l.as_str() {
        "utf-8" | "utf8" => text.as_bytes().to_vec(),
        "utf-8-bom" | "utf8-bom" => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        "utf-16le" | "utf-16" => utf16(true, true),
        "utf-16be" => utf16(false, true),
        "utf-16le-nobom" => utf16(true, false),
        "utf-16be-nobom" => utf16(false, false),
        _ => {
            let enc = encoding_rs::Encoding::for_label(l.as_bytes())?;
            let (bytes, _, unmappable) = enc.encode(text);
            if !unmappable {
                return Some(bytes.into_owned());
            }
            let mut enc_text = String::with_capacity(text.len());
            // Replace what the target cannot hold rather than writing HTML
            // numeric references (encoding_rs's behaviour).
            for c in text.chars() {
                let mut buf = [0u8; 4];
                let (_, _, bad) = enc.encode(c.encode_utf8(&mut buf));
                enc_text.push(if bad { '?' } else { c });
            }
            enc.encode(&enc_text).0.into_owned()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_round_trip() {
        use encoding_rs::{GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};
        let text = "姓名,手机\n张伟,13812345678\n";
        let cases = [
            ("utf-8", UTF_8),
            ("utf-8-bom", UTF_8),
            ("utf-16le", UTF_16LE),
            ("utf-16be", UTF_16BE),
            ("gbk", GBK),
            ("gb18030", GB18030),
        ];
        for (label, enc) in cases {
            let bytes = encode(text, label).unwrap();
            let (dec, _, bad) = enc.decode(&bytes);
            assert!(!bad, "{label}");
            assert_eq!(dec, text, "{label}");
        }
        let b = encode(text, "utf-16le-nobom").unwrap();
        assert_eq!(UTF_16LE.decode_without_bom_handling(&b).0, text);
        assert_eq!(encode("😀", "gbk").unwrap(), b"?");
        assert!(encode("x", "klingon").is_none());
    }

    #[test]
    fn generated_ids_validate() {
        let mut r = Rng::new(1);
        for _ in 0..100 {
            let p = Person::new(&mut r);
            assert!(crate::checksum::gb11643(p.id.as_bytes()), "{}", p.id);
            assert!(crate::checksum::gb32100(uscc(&mut r).as_bytes()));
            assert!(crate::checksum::vin(vin(&mut r).as_bytes()));
            assert!(crate::checksum::iban_mod97(iban(&mut r).as_bytes()));
        }
    }

    #[test]
    fn deterministic() {
        let a = Table::generate(&personal_columns(), 5, Headers::Chinese, 9).to_csv(b',');
        let b = Table::generate(&personal_columns(), 5, Headers::Chinese, 9).to_csv(b',');
        assert_eq!(a, b);
    }
}
