// The report's evidence and masking reasons are English (they are part of
// the report JSON that other tools read). In the Chinese page they are shown
// translated, phrase by phrase; anything not known here stays English
// rather than half-translated.

const CHECKS_ZH = {
  'have the form of an online account handle': '为网络账号形式',
  'have an administrative and a street-level part': '含行政区划和街道门牌',
  'are whole numbers of years from 0 to 120': '为 0–120 的整数年龄',
  'match a card scheme (IIN range, length, Luhn where the scheme uses it)': '符合银行卡规则（发卡行号段、长度、Luhn 校验）',
  'are templates or image references': '为生物特征模板或图像引用',
  'have the form of a PRC passport number': '为中国护照号码形式',
  'pass GB 11643 region, birth date and check digit': '通过 GB 11643 地区码、出生日期和校验码检查',
  'have the form of a mainland / HK / Macau / Taiwan travel permit': '为港澳台通行证号码形式',
  'pass the GB 32100 mod-31 check': '通过 GB 32100 校验码检查',
  'are real calendar dates': '为真实的日历日期',
  'are well-formed e-mail addresses': '为格式正确的电子邮箱',
  'are organisations or employment sectors': '为单位名称或行业',
  'are income classes, ratings or amounts': '为收入档次、信用评级或金额',
  'are gender values': '为性别取值',
  'are latitude/longitude pairs in range': '为有效的经纬度',
  'are diagnoses, conditions or ICD-10 codes': '为诊断、疾病或 ICD-10 编码',
  'pass the HKID check digit': '通过香港身份证校验码检查',
  'pass the IBAN country length and mod-97 check': '通过 IBAN 长度和 mod-97 校验',
  'are 15 digits passing Luhn': '为通过 Luhn 校验的 15 位数字',
  'parse as IPv4 or IPv6 addresses': '为 IPv4 或 IPv6 地址',
  'have the structure of a Chinese vehicle plate': '符合中国车牌号结构',
  'parse as MAC addresses': '为 MAC 地址',
  'have the form of a record number': '为病历号形式',
  'are occupations or job titles': '为职业或职务',
  'have the form of a passport number': '为护照号码形式',
  'are names with a known surname or given name': '为含常见姓氏或名字的姓名',
  'fit a telephone number plan': '符合电话号码编号规则',
  'have the form of postal codes': '为邮政编码形式',
  'are known regions or administrative division names': '为已知地区或行政区划名称',
  'parse as web addresses': '为网址',
  'follow SSA area/group/serial rules': '符合美国社会安全号编号规则',
  'pass the ISO 3779 check digit': '通过 ISO 3779 校验位检查',
  'are known values of this attribute': '为该属性的已知取值',
};

const EXACT_ZH = {
  'column is empty': '该列为空',
  'consecutive integers: a row key': '连续整数：行号或主键',
  'values do not contradict the header': '取值与表头不矛盾，由表头决定',
  'short messages with identifiers inside': '短消息中含有标识符',
  'no detector matched': '没有检测器匹配',
  'the table has a region or address column': '表中有地区或地址列',
  "most cells are business hotlines (400/800 numbers), not people's phones": '多数为企业热线（400/800 号码），不是个人电话',
  'dates with a time of day: event timestamps': '带时刻的日期：事件时间戳',
  'web addresses of one shared site': '同一网站的链接，不是个人主页',
  // Masking reasons.
  'name: keep only the surname (张*)': '姓名：只保留姓（张*）',
  'phone number: keep the first 3 and last 4 digits (138****5678)': '电话：保留前 3 位和后 4 位（138****5678）',
  'e-mail: keep the first letter and the domain': '邮箱：保留首字母和域名',
  'account number: keep the last 4 digits': '账号：只保留后 4 位',
  'address: keep the district, drop the street and number': '地址：保留到区县，去掉街道门牌',
  'precise location or biometric data: remove': '精确位置或生物特征：删除',
  'free text holding identifiers: replace': '含标识符的自由文本：替换',
  'personal URL: replace': '个人网址：替换',
  'identifier: keyed pseudonym, so records stay linkable without the number': '证件等标识符：带密钥的假名，记录仍可关联但不含原号码',
  'quasi-identifier with too many distinct values to generalise: suppress': '准标识符取值过多，无法泛化：抑制',
  'sensitive attribute: kept for analysis; check its l-diversity': '敏感属性：保留以供分析，请检查其 l-多样性',
};

const LEVELS_ZH = {
  district: '区县',
  city: '城市',
  province: '省份',
  month: '月',
  year: '年',
  '5 years': '5 年',
  decade: '十年',
  'band 5': '5 岁一档',
  'band 10': '10 岁一档',
  'band 20': '20 岁一档',
  '4 digits': '前 4 位',
  '3 digits': '前 3 位',
  '2 digits': '前 2 位',
  '*': '*',
};

// Detector ids, as "match by structure (id)" names them.
const DETECTORS_ZH = {
  account_id: '网络账号',
  street_address: '地址',
  age: '年龄',
  bank_card: '银行卡',
  biometric: '生物特征',
  cn_passport: '中国护照',
  cn_resident_id: '居民身份证',
  cn_travel_permit: '通行证',
  cn_uscc: '统一社会信用代码',
  date: '日期',
  email: '电子邮箱',
  employer: '工作单位',
  financial: '财务',
  gender: '性别',
  gps: '经纬度',
  health: '健康',
  hk_id: '香港身份证',
  iban: 'IBAN 账号',
  imei: 'IMEI 设备号',
  ip_address: 'IP 地址',
  license_plate: '车牌',
  mac_address: 'MAC 地址',
  mrn: '病历号',
  occupation: '职业',
  passport: '护照',
  person_name: '姓名',
  phone: '电话',
  postal_code: '邮政编码',
  region: '地区',
  url: '网址',
  us_ssn: '美国社会安全号',
  vin: '车辆识别代号',
  ethnicity: '民族',
  nationality: '国籍',
  education: '学历',
  marital_status: '婚姻状况',
  religion: '宗教信仰',
  political: '政治面貌',
  sexual_orientation: '性取向',
  criminal_record: '犯罪记录',
};

const cells = (n) => `${n} 个单元格`;

// What "N cells …" says besides a detector's check.
const CELLS_ZH = {
  'have the shape (header decides)': '形式相符（由表头决定）',
  'have the shape but do not validate': '形式相符但未通过校验',
  'read as free text': '为自由文本',
};

const level = (l) => LEVELS_ZH[l] ?? l;
const structure = (rest) => {
  const id = rest.match(/^match by structure \((.+)\)$/)?.[1];
  return id && `结构上像${DETECTORS_ZH[id] ?? id}`;
};

/** The phrases with numbers or names in them: [pattern, (match, entityLabel) → zh]. */
const RULES = [
  [/^header: (.*?)(?: \("(.*)"\))?( \(weak\))?$/, (m) => `表头：${m[1]}${m[2] ? `（含“${m[2]}”）` : ''}${m[3] ? '（弱提示）' : ''}`],
  [/^(\d+\/\d+)( \(at least\))? cells (.*)$/, (m) => {
    const zh = CHECKS_ZH[m[3]] ?? structure(m[3]) ?? CELLS_ZH[m[3]];
    return zh ? `${cells(m[1])}${m[2] ? '（至少）' : ''}${zh}` : null;
  }],
  [/^also (\d+\/\d+) cells are ([A-Z_]+)$/, (m, label) => `另有 ${cells(m[1])}是${label(m[2])}`],
  [/^identifiers inside: (.*)$/, (m, label) => `文本中的标识符：${m[1].split(', ').map((p) => p.replace(/^([A-Z_]+) (\d+)$/, (_, e, n) => `${label(e)} ${n}`)).join('，')}`],
  [/^at most (\d+\/\d+) cells look like ([A-Z_]+) \(too few to decide\)$/, (m, label) => `至多 ${cells(m[1])}像${label(m[2])}（太少，无法判定）`],
  [/^(\d+) of the first (\d+) values are masked or pseudonymised$/, (m) => `前 ${m[2]} 个值中有 ${m[1]} 个已脱敏或假名化`],
  [/^(\d+) of the first (\d+) values are in scientific notation/, (m) => `前 ${m[2]} 个值中有 ${m[1]} 个是科学计数法（表格软件截断了长数字，位数已丢失）`],
  [/^values spread like ages \(median (\d+), max (\d+)\)$/, (m) => `取值分布像年龄（中位数 ${m[1]}，最大 ${m[2]}）`],
  [/^years spread (\d+)–(\d+), as birth dates are$/, (m) => `年份分布于 ${m[1]}–${m[2]}，符合出生日期`],
  [/^only (\d+) distinct values: a category, not names$/, (m) => `只有 ${m[1]} 个不同值：是类别，不是姓名`],
  [/^only (\d+) of (\d+) values are ethnic groups: another category$/, (m) => `${m[2]} 个值中只有 ${m[1]} 个是民族：属于其他类别`],
  [/^quasi-identifier: to the (.+) \(the least loss reaching k ≥ (\d+): k = (\d+) after\)$/, (m) => `准标识符：泛化到${level(m[1])}（达到 k ≥ ${m[2]} 的最小损失：之后 k = ${m[3]}）`],
  [/^quasi-identifier: to the (.+) \(a default level; `privscan mask --suggested` searches\)$/, (m) => `准标识符：泛化到${level(m[1])}（默认级别；\`privscan mask --suggested\` 会搜索最优级别）`],
  [/^quasi-identifier: \* where the record's group is still smaller than (\d+)$/, (m) => `准标识符：记录所在组仍小于 ${m[1]} 时置为 *`],
];

/**
 * `text` (an evidence string or a masking reason from the report) in
 * `lang`; English, and anything unknown, is returned as it is.
 * `entityLabel` names an entity (PHONE_NUMBER → 电话号码).
 */
export function explain(text, lang, entityLabel = (e) => e) {
  if (lang !== 'zh' || typeof text !== 'string') return text;
  if (EXACT_ZH[text]) return EXACT_ZH[text];
  for (const [re, fn] of RULES) {
    const m = text.match(re);
    if (m) return fn(m, entityLabel) ?? text;
  }
  return text;
}

/** Every phrase this module knows, for the test that keeps it complete. */
export const KNOWN = { CHECKS_ZH, EXACT_ZH, LEVELS_ZH, DETECTORS_ZH, CELLS_ZH };
