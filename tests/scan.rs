//! Integration tests over generated fixtures (synthetic people only).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use encoding_rs::GBK;
use privscan::pipeline::{scan_bytes, ScanOptions, Scanner};
use privscan::synth::{decoy_columns, encode, personal_columns, Headers, Table};
use privscan::{Entity, Kind, Report};
use proptest::prelude::*;

fn specs() -> Vec<privscan::synth::ColumnSpec> {
    let mut s = personal_columns();
    s.extend(decoy_columns());
    s
}

fn scan(bytes: &[u8]) -> Report {
    let r = scan_bytes(bytes, ScanOptions::default()).expect("scan");
    support::assert_valid(&r);
    r
}

fn entities(r: &Report) -> Vec<Entity> {
    r.columns.iter().map(|c| c.entity).collect()
}

/// Entities that only a header can establish (their values look like
/// everything else): without a meaningful header they must come out NONE.
fn needs_header(e: Entity) -> bool {
    matches!(
        e,
        Entity::MedicalRecordNumber | Entity::Employer | Entity::Financial | Entity::Biometric
    )
}

fn check_table(headers: Headers, seed: u64) {
    let t = Table::generate(&specs(), 1500, headers, seed);
    let r = scan(t.to_csv(b',').as_bytes());
    assert_eq!(r.input.rows, 1500);
    assert_eq!(r.input.has_header, headers != Headers::None, "{headers:?}");
    let mut wrong = Vec::new();
    for (c, &want) in r.columns.iter().zip(&t.expected) {
        let want = if matches!(headers, Headers::Meaningless | Headers::None) && needs_header(want)
        {
            Entity::None
        } else {
            want
        };
        if c.entity != want {
            wrong.push(format!(
                "{} {}: got {} want {} ({:?})",
                c.index,
                c.name,
                c.entity.name(),
                want.name(),
                c.evidence
            ));
        }
        assert!(c.confidence > 0.0 && c.confidence <= 1.0);
    }
    assert!(wrong.is_empty(), "{headers:?}:\n{}", wrong.join("\n"));
}

#[test]
fn chinese_headers() {
    check_table(Headers::Chinese, 11);
}

#[test]
fn english_headers() {
    check_table(Headers::English, 12);
}

#[test]
fn meaningless_headers_values_decide() {
    check_table(Headers::Meaningless, 13);
}

#[test]
fn headerless_table() {
    check_table(Headers::None, 14);
    let t = Table::generate(&personal_columns()[..3], 50, Headers::None, 1);
    let r = scan(t.to_csv(b',').as_bytes());
    assert_eq!(r.columns[0].name, "column_1");
    assert_eq!(r.columns[2].name, "column_3");
}

#[test]
fn identical_verdicts_across_encodings_and_delimiters() {
    let t = Table::generate(&specs(), 800, Headers::Chinese, 21);
    let text = t.to_csv(b',');
    let base = scan(text.as_bytes());
    assert_eq!(base.input.encoding, "UTF-8");
    assert_eq!(base.input.encoding_confidence, "valid_utf8");

    let enc = |label: &str| encode(&text, label).expect("known label");
    let (gbk, _, unmappable) = GBK.encode(&text);
    assert!(!unmappable);
    let variants: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("utf-8 bom", enc("utf-8-bom"), "UTF-8", "bom"),
        ("gbk", gbk.into_owned(), "GBK", "guessed"),
        ("utf-16le bom", enc("utf-16le"), "UTF-16LE", "bom"),
        (
            "utf-16le no bom",
            enc("utf-16le-nobom"),
            "UTF-16LE",
            "guessed",
        ),
        ("utf-16be bom", enc("utf-16be"), "UTF-16BE", "bom"),
        (
            "semicolon",
            t.to_csv(b';').into_bytes(),
            "UTF-8",
            "valid_utf8",
        ),
        ("tab", t.to_csv(b'\t').into_bytes(), "UTF-8", "valid_utf8"),
        ("pipe", t.to_csv(b'|').into_bytes(), "UTF-8", "valid_utf8"),
    ];
    for (what, bytes, enc, how) in variants {
        let r = scan(&bytes);
        assert_eq!(r.input.encoding, enc, "{what}");
        assert_eq!(r.input.encoding_confidence, how, "{what}");
        assert_eq!(r.input.rows, base.input.rows, "{what}");
        assert_eq!(entities(&r), entities(&base), "{what}");
        let m = |r: &Report| {
            r.columns
                .iter()
                .map(|c| (c.matched, c.non_empty, c.distinct))
                .collect::<Vec<_>>()
        };
        assert_eq!(m(&r), m(&base), "{what}: counts differ");
    }
}

#[test]
fn short_gbk_file_is_detected() {
    let text = "姓名,电话,地址\r\n张伟,13812345678,北京市海淀区中关村大街27号\r\n";
    let (bytes, _, _) = GBK.encode(text);
    let r = scan(&bytes);
    assert_eq!(r.input.encoding, "GBK");
    assert_eq!(r.columns[0].entity, Entity::PersonName);
    assert_eq!(r.columns[2].entity, Entity::StreetAddress);
}

#[test]
fn forced_encoding_and_delimiter() {
    let text = "姓名;电话\n张伟;13812345678\n李娜;13912345678\n";
    let (bytes, _, _) = GBK.encode(text);
    let opts = ScanOptions {
        encoding: Some("gb18030".into()),
        delimiter: Some(";".into()),
        ..Default::default()
    };
    let r = scan_bytes(&bytes, opts).unwrap();
    assert_eq!(r.input.encoding_confidence, "forced");
    assert_eq!(r.input.encoding, "gb18030");
    assert_eq!(r.input.delimiter, ";");
    assert_eq!(r.columns[1].entity, Entity::PhoneNumber);
    let bad = ScanOptions {
        encoding: Some("no-such".into()),
        ..Default::default()
    };
    assert_eq!(
        scan_bytes(b"a\n", bad).unwrap_err().code(),
        "unknown_encoding"
    );
}

#[test]
fn excel_sep_line_sets_the_delimiter() {
    let r = scan("sep=;\r\n姓名;手机\r\n张伟;13812345678\r\n李娜;13912345678\r\n".as_bytes());
    assert_eq!(r.input.delimiter, ";");
    assert_eq!(r.input.rows, 2);
    assert_eq!(r.columns[0].name, "姓名");
    assert_eq!(r.columns[1].entity, Entity::PhoneNumber);
}

/// Habits of real exports that the generated tables do not have: the same
/// few titled doctors on every row, diagnoses written as phrases, landlines
/// with a switchboard extension.
#[test]
fn export_habits() {
    let doctors = [
        "Dr. Smith",
        "Dr. Garcia",
        "Dr. Chen",
        "Mrs Jones",
        "Dr. Miller",
    ];
    let dx = [
        "Major depressive disorder",
        "HIV infection",
        "Chronic kidney disease",
        "Rheumatoid arthritis",
        "Iron deficiency anaemia",
    ];
    let mut csv = String::from("Attending,Diagnosis,固定电话,主治医生\n");
    for r in 0..300u32 {
        csv.push_str(&format!(
            "{},{},0755-8{:07}-{},{}\n",
            doctors[r as usize % 5],
            dx[(r * 7) as usize % 5],
            (r * 7919) % 10_000_000,
            100 + r % 50,
            ["王医生", "李医生", "张医生"][r as usize % 3],
        ));
    }
    let report = scan(csv.as_bytes());
    assert_eq!(
        entities(&report),
        [
            Entity::PersonName,
            Entity::Health,
            Entity::PhoneNumber,
            Entity::PersonName
        ]
    );
    assert_eq!(report.columns[2].matched, 300);
}

/// A spreadsheet's caption above the header is skipped and counted: the
/// columns are judged as without it, by their header names too.
#[test]
fn title_lines_above_the_header_are_skipped() {
    let text = Table::generate(&specs(), 600, Headers::Chinese, 41).to_csv(b',');
    let plain = scan(text.as_bytes());
    for title in [
        "2024年第三季度客户信息表,,,,\r\n",
        "客户信息表\n\n",
        "\"Customers, Q3\"\n,,\n",
    ] {
        let titled = scan(format!("{title}{text}").as_bytes());
        assert_eq!(
            titled.input.anomalies.title_rows,
            1 + u64::from(title.contains(",,\n")),
            "{title}"
        );
        assert_eq!(titled.input.rows, plain.input.rows, "{title}");
        assert!(titled.input.has_header);
        let names = |r: &Report| r.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&titled), names(&plain));
        assert_eq!(entities(&titled), entities(&plain), "{title}");
    }
    // Without a header there is nothing for a title to stand above.
    let forced = scan_bytes(
        format!("客户信息表,,,\n{text}").as_bytes(),
        ScanOptions {
            has_header: Some(false),
            ..ScanOptions::default()
        },
    )
    .unwrap();
    assert_eq!(forced.input.anomalies.title_rows, 0);
    assert_eq!(forced.input.rows, plain.input.rows + 2);
}

/// Without headers, a column of five- or six-digit numbers in a table with
/// a region column reads as postal codes, but not when its numbers are
/// amounts: lengths mixed and round thousands.
#[test]
fn amounts_beside_a_region_are_not_postal_codes() {
    let states = ["CA", "TX", "NY", "FL", "WA"];
    let mut csv = String::new();
    for r in 0..400u32 {
        csv.push_str(&format!(
            "{},{:05},{}\n",
            states[r as usize % 5],
            10_000 + (r * 7_919) % 89_000,
            (40 + (r * 37) % 160) * 1000,
        ));
    }
    let report = scan(csv.as_bytes());
    assert!(!report.input.has_header);
    assert_eq!(
        entities(&report),
        [Entity::Region, Entity::PostalCode, Entity::None]
    );
}

/// Columns of real exports whose header or values resemble a personal
/// entity but are not: links into one shop under "Product URL", colours
/// that include Black and White, invoice numbers under a header ending in
/// 号码.
#[test]
fn look_alikes_of_real_exports_stay_none() {
    let colours = ["Black", "White", "Red", "Blue", "Black", "Green"];
    let mut csv = String::from("Product URL,Colour,发票号码,Shade\n");
    for r in 0..300u32 {
        csv.push_str(&format!(
            "https://shop.example.com/p/{},{},{},{}\n",
            1000 + (r * 37) % 9000,
            colours[r as usize % 6],
            10_000_000 + (r * 7_919) % 89_999_999,
            colours[(r as usize + 1) % 6],
        ));
    }
    let report = scan(csv.as_bytes());
    assert_eq!(entities(&report), [Entity::None; 4]);
}

/// Habits of real exports around people named in passing: an attending
/// doctor (four names over every row) is still a person; short buyer
/// messages, some with a phone in them, under a comment header carry an
/// identifier; medical "charges" that are amounts are not a criminal
/// record.
#[test]
fn role_names_short_messages_and_charges() {
    let doctors = ["张建国", "李红", "王志强", "赵敏"];
    let notes = [
        "请尽快发货",
        "放门口就行，谢谢",
        "到了打电话13812345678",
        "不要放快递柜",
        "",
    ];
    let mut csv = String::from("主治医师,买家留言,charges\n");
    for r in 0..300usize {
        csv.push_str(&format!(
            "{},{},{}.{:02}\n",
            doctors[r % 4],
            notes[(r * 7) % 5],
            100 + (r * 7_919) % 49_000,
            r % 100
        ));
    }
    let report = scan(csv.as_bytes());
    assert_eq!(
        entities(&report),
        [Entity::PersonName, Entity::FreeText, Entity::None]
    );
    assert_eq!(report.columns[1].kind, Kind::Direct);
    assert_eq!(report.columns[1].matched, 60);
}

/// Without a header the values decide: places of origin written as a short
/// province and city (山东济南), short messages of which a fifth carry a
/// phone, English diagnoses named by their last word.
#[test]
fn headerless_origins_messages_and_diagnoses() {
    let origins = [
        "山东济南",
        "河北保定",
        "黑龙江哈尔滨",
        "广东深圳",
        "湖南长沙",
    ];
    let notes = [
        "请尽快发货",
        "放门口就行",
        "到了打电话13812345678",
        "不要放快递柜",
        "周末送",
    ];
    let dx = [
        "Essential hypertension",
        "Type 2 diabetes mellitus",
        "Low back pain",
        "Major depressive disorder",
        "Asthma",
    ];
    let mut csv = String::new();
    for r in 0..300usize {
        csv.push_str(&format!(
            "{},{},{}\n",
            origins[r % 5],
            notes[(r * 3) % 5],
            dx[(r * 7) % 5]
        ));
    }
    let report = scan(csv.as_bytes());
    assert!(!report.input.has_header);
    assert_eq!(
        entities(&report),
        [Entity::Region, Entity::FreeText, Entity::Health]
    );
    assert_eq!(report.columns[1].kind, Kind::Direct);
}

/// A shop's own data beside its products: hotlines under a phone header,
/// store addresses and cities, supplier names in a few phrases, a country
/// of origin in ISO codes. None of it is about a person.
#[test]
fn business_columns_stay_none() {
    let hotlines = ["400-820-8820", "400-100-5678", "800-810-8888"];
    let stores = [
        "北京市朝阳区建国路88号",
        "上海市浦东新区世纪大道100号",
        "广州市天河区体育西路191号",
    ];
    let suppliers = [
        "Acme Supplies Ltd",
        "Globex Trading Co",
        "Initech Components Inc",
    ];
    let origins = ["CN", "US", "DE", "JP", "VN"];
    let mut csv = String::from("store_phone,门店地址,门店城市,supplier,country of origin\n");
    for r in 0..300usize {
        csv.push_str(&format!(
            "{},{},{},{},{}\n",
            hotlines[r % 3],
            stores[(r / 3) % 3],
            ["北京", "上海", "广州"][(r / 3) % 3],
            suppliers[(r * 7) % 3],
            origins[r % 5]
        ));
    }
    let report = scan(csv.as_bytes());
    assert_eq!(entities(&report), [Entity::None; 5]);
}

/// Phones typed with a Chinese input method's full-width digits are
/// phones; their masked examples are written in ASCII.
#[test]
fn full_width_digits_read_as_digits() {
    let mut csv = String::from("联系电话\n");
    for r in 0..200u64 {
        let phone = format!("138{:08}", (r * 7_919_113) % 100_000_000);
        let wide: String = phone
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
            .collect();
        csv.push_str(&wide);
        csv.push('\n');
    }
    let report = scan(csv.as_bytes());
    assert_eq!(entities(&report), [Entity::PhoneNumber]);
    assert_eq!(report.columns[0].matched, 200);
    assert!(report.columns[0].examples[0].starts_with("138****"));
}

/// A Hong Kong or Taiwan export: traditional characters in the headers and
/// the values, in Big5, read against the same lexicon and word lists.
#[test]
fn traditional_chinese_in_big5() {
    let names = ["陳大文", "張美玲", "黃志強", "劉偉", "歐陽娜"];
    let jobs = ["會計師", "工程師", "護士", "教師", "律師"];
    let schools = ["大學", "碩士", "高中", "博士", "中學"];
    let mut csv = String::from("姓名,電話,職業,學歷,婚姻狀況,國籍,地址\n");
    for r in 0..200usize {
        csv.push_str(&format!(
            "{},{} {},{},{},{},{},台北市大安區忠孝東路{}號{}樓\n",
            names[r % 5],
            2000 + (r * 37) % 7000,
            1000 + (r * 91) % 9000,
            jobs[(r / 5) % 5],
            schools[(r / 3) % 5],
            ["已婚", "未婚", "離婚"][r % 3],
            ["香港", "台灣", "中國"][r % 3],
            r + 1,
            r % 12 + 1,
        ));
    }
    let (big5, _, bad) = encoding_rs::BIG5.encode(&csv);
    assert!(!bad);
    let report = scan(&big5);
    assert_eq!(report.input.encoding, "Big5");
    assert_eq!(
        entities(&report),
        [
            Entity::PersonName,
            Entity::PhoneNumber,
            Entity::Occupation,
            Entity::Education,
            Entity::MaritalStatus,
            Entity::Nationality,
            Entity::StreetAddress,
        ]
    );
}

#[test]
fn report_never_holds_raw_identifiers() {
    let t = Table::generate(&personal_columns(), 300, Headers::Chinese, 31);
    let json = serde_json::to_string(&scan(t.to_csv(b',').as_bytes())).unwrap();
    for (i, spec) in personal_columns().iter().enumerate() {
        if spec.entity.kind() != privscan::Kind::Direct {
            continue;
        }
        for row in &t.rows {
            let v = &row[i];
            if v.chars().count() >= 6 {
                assert!(
                    !json.contains(v.as_str()),
                    "raw {} value {v} in report",
                    spec.entity.name()
                );
            }
        }
    }
}

#[test]
fn bad_inputs_are_clear_errors() {
    let err = |b: &[u8]| scan_bytes(b, ScanOptions::default()).unwrap_err();
    assert_eq!(err(b"").code(), "empty");
    let e = err(b"PK\x03\x04\x14\x00\x06\x00");
    assert_eq!(e.code(), "not_text");
    assert!(e.to_string().contains("Excel"), "{e}");
    assert_eq!(
        err(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).code(),
        "not_text"
    );
    assert_eq!(err(b"%PDF-1.4\n%\xe2\xe3").code(), "not_text");
    assert_eq!(err(&[0u8; 4096]).code(), "not_text");

    let mut text = String::from("a,b\n1,2\n3,\"open quote\n");
    text.push_str(&"x,y\n".repeat(5000));
    let opts = ScanOptions {
        field_cap: Some(4096),
        ..Default::default()
    };
    let e = scan_bytes(text.as_bytes(), opts).unwrap_err();
    assert_eq!(e.code(), "field_too_large");
    let msg = e.to_string();
    assert!(
        msg.contains("row 3") && msg.contains("byte 8") && msg.contains("quote"),
        "{msg}"
    );
}

#[test]
fn tolerated_anomalies_are_counted() {
    let text = "name,phone,city\n张伟,13812345678,北京\n李娜,13912345678\n王芳,13712345678,上海,extra\n\n赵磊,13612345678,广州\n";
    let r = scan(text.as_bytes());
    assert_eq!(r.input.rows, 4);
    assert_eq!(r.input.anomalies.ragged_rows, 2);
    // Blank lines hold no cell: the parser skips them.
    assert_eq!(r.input.columns, 4);
    assert_eq!(r.columns[3].name, "column_4");
    assert_eq!(r.columns[1].non_empty, 4);

    let mut bytes = b"name,note\nZhang Wei,a\x00b\n".to_vec();
    bytes.extend_from_slice(b"Li Na,ok\xff\xfe\n");
    let r = scan_bytes(
        &bytes,
        ScanOptions {
            encoding: Some("utf-8".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(r.input.anomalies.nul_bytes, 1);
    assert_eq!(r.input.anomalies.replaced_bytes, 2);
    assert_eq!(r.input.rows, 2);
}

#[test]
fn sha256_matches_the_input() {
    let r = scan(b"a,b\n1,2\n");
    // Independent: the same digest through the sha2 crate directly.
    use sha2::{Digest, Sha256};
    let want: String = Sha256::digest(b"a,b\n1,2\n")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(r.input.sha256, want);
}

fn golden(name: &str, report: &Report) {
    let path = format!("{}/tests/golden/{name}.json", env!("CARGO_MANIFEST_DIR"));
    support::assert_valid(report);
    let got = serde_json::to_string_pretty(report).unwrap() + "\n";
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{path} missing: run with UPDATE_GOLDEN=1"));
    if got != want {
        let (i, (g, w)) = got
            .lines()
            .zip(want.lines())
            .enumerate()
            .find(|(_, (g, w))| g != w)
            .unwrap_or((0, ("(length)", "(length)")));
        panic!("{name}: report changed at line {}: got {g:?}, golden {w:?}. If intended, run UPDATE_GOLDEN=1 cargo test", i + 1);
    }
}

#[test]
fn golden_reports() {
    let specs = specs();
    let t = Table::generate(&specs, 60, Headers::Chinese, 41);
    let mut o = ScanOptions {
        name: Some("golden_zh.csv".into()),
        ..Default::default()
    };
    golden(
        "zh",
        &scan_bytes(t.to_csv(b',').as_bytes(), o.clone()).unwrap(),
    );
    let t = Table::generate(&specs, 60, Headers::None, 42);
    o.name = Some("golden_headerless.csv".into());
    golden(
        "headerless",
        &scan_bytes(t.to_csv(b';').as_bytes(), o).unwrap(),
    );
}

fn chunked(bytes: &[u8], sizes: &[usize]) -> Result<Report, privscan::Error> {
    let mut s = Scanner::new(ScanOptions::default())?;
    let mut i = 0;
    let mut k = 0;
    while i < bytes.len() {
        let n = sizes[k % sizes.len()].max(1).min(bytes.len() - i);
        s.feed(&bytes[i..i + n])?;
        i += n;
        k += 1;
    }
    s.finish()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = scan_bytes(&bytes, ScanOptions::default());
    }

    #[test]
    fn arbitrary_text_never_panics(text in "[a-z0-9,;\"\\n\\r\\t 张伟省市号@.-]{0,600}") {
        let _ = scan_bytes(text.as_bytes(), ScanOptions::default());
    }

    /// The findings depend on the values, not on their order: shuffled
    /// rows give the same columns (entities, kinds, confidences, counts,
    /// evidence, examples) and summary, on tables small enough to be held
    /// whole and large enough to be sampled.
    #[test]
    fn row_order_never_changes_the_findings(seed in 0u64..1000, rows in prop_oneof![Just(150usize), Just(4000usize)]) {
        let mut t = Table::generate(&specs()[..18], rows, Headers::English, seed);
        let whole = scan(t.to_csv(b',').as_bytes());
        privscan::synth::Rng::new(seed ^ 0x5eed).shuffle(&mut t.rows);
        let shuffled = scan(t.to_csv(b',').as_bytes());
        let view = |r: &Report| serde_json::to_string(&(&r.columns, &r.summary)).unwrap();
        prop_assert_eq!(view(&whole), view(&shuffled));
    }

    #[test]
    fn chunking_never_changes_the_report(sizes in proptest::collection::vec(1usize..5000, 1..8), seed in 0u64..1000) {
        let t = Table::generate(&personal_columns()[..12], 120, Headers::Chinese, seed);
        let bytes = t.to_csv(b',').into_bytes();
        let whole = serde_json::to_string(&scan(&bytes)).unwrap();
        let parts = serde_json::to_string(&chunked(&bytes, &sizes).unwrap()).unwrap();
        prop_assert_eq!(whole, parts);
    }
}

#[test]
fn a_caller_computed_sha256_gives_the_same_report() {
    let t = Table::generate(&personal_columns(), 200, Headers::English, 41);
    let bytes = t.to_csv(b',').into_bytes();
    let plain = scan_bytes(&bytes, ScanOptions::default()).unwrap();

    let by_caller = || {
        let mut s = Scanner::new(ScanOptions {
            sha256_by_caller: true,
            ..ScanOptions::default()
        })
        .unwrap();
        for c in bytes.chunks(999) {
            s.feed(c).unwrap();
        }
        s
    };
    let mut hasher = privscan::pipeline::InputHasher::new();
    for c in bytes.chunks(4096) {
        hasher.update(c);
    }
    let mut s = by_caller();
    s.set_sha256(&hasher.finish_hex().to_uppercase()).unwrap();
    let report = s.finish().unwrap();
    assert_eq!(
        serde_json::to_value(&report).unwrap(),
        serde_json::to_value(&plain).unwrap()
    );

    let err = by_caller().finish().unwrap_err();
    assert_eq!(err.code(), "options");
    assert!(
        err.to_string().contains("no SHA-256 was handed over"),
        "{err}"
    );
    assert_eq!(by_caller().set_sha256("abc").unwrap_err().code(), "options");
}

/// A scan split as the page splits it across two workers: one scanner
/// parses into frames, another profiles them.
fn split(bytes: &[u8], opts: ScanOptions, chunk: usize) -> Result<Report, privscan::Error> {
    let mut parse = Scanner::relay(opts.clone())?;
    let mut profile = Scanner::new(opts)?;
    for c in bytes.chunks(chunk.max(1)) {
        parse.feed(c)?;
        while let Some(f) = parse.take_frame() {
            profile.absorb(&f)?;
        }
    }
    let input = parse.finish_relay()?;
    while let Some(f) = parse.take_frame() {
        profile.absorb(&f)?;
    }
    profile.finish_relayed(input)
}

#[test]
fn a_split_scan_gives_the_report_of_one_scanner() {
    let t = Table::generate(&specs(), 9000, Headers::Chinese, 23);
    let text = t.to_csv(b',');
    let (gbk, _, _) = GBK.encode(&text);
    let headerless = Table::generate(&specs(), 500, Headers::None, 24).to_csv(b';');
    let mut ragged = text.clone();
    ragged.insert_str(ragged.find('\n').unwrap() + 1, "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64\n");
    let cases: Vec<(&str, Vec<u8>, ScanOptions)> = vec![
        (
            "utf-8, several batches",
            text.clone().into_bytes(),
            ScanOptions::default(),
        ),
        ("gbk", gbk.into_owned(), ScanOptions::default()),
        (
            "utf-16le",
            encode(&text[..200_000], "utf-16le").unwrap(),
            ScanOptions::default(),
        ),
        (
            "headerless, ;",
            headerless.into_bytes(),
            ScanOptions::default(),
        ),
        (
            "a long row adds columns",
            ragged.into_bytes(),
            ScanOptions::default(),
        ),
        (
            "header only",
            b"name,phone\n".to_vec(),
            ScanOptions::default(),
        ),
        (
            "a title line",
            format!("客户信息表,,,\n{text}").into_bytes(),
            ScanOptions::default(),
        ),
        (
            "chosen columns",
            text.clone().into_bytes(),
            ScanOptions {
                qi: Some(vec!["0".into(), "1".into()]),
                name: Some("x.csv".into()),
                ..ScanOptions::default()
            },
        ),
    ];
    for (what, bytes, opts) in cases {
        let one = scan_bytes(&bytes, opts.clone()).unwrap();
        for chunk in [1 << 20, 4099] {
            let two = split(&bytes, opts.clone(), chunk).unwrap();
            assert_eq!(
                serde_json::to_value(&two).unwrap(),
                serde_json::to_value(&one).unwrap(),
                "{what}, chunks of {chunk}"
            );
        }
    }
    // Errors are the parsing side's, as in one scanner.
    let err = split(b"", ScanOptions::default(), 10).unwrap_err();
    assert_eq!(err.code(), "empty");
    let err = split(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", ScanOptions::default(), 10).unwrap_err();
    assert_eq!(err.code(), "not_text");
}

#[test]
fn damaged_frames_are_errors_not_panics() {
    let t = Table::generate(&personal_columns()[..6], 300, Headers::English, 5);
    let bytes = t.to_csv(b',').into_bytes();
    let mut parse = Scanner::relay(ScanOptions::default()).unwrap();
    parse.feed(&bytes).unwrap();
    parse.finish_relay().unwrap();
    let frames: Vec<Vec<u8>> = std::iter::from_fn(|| parse.take_frame()).collect();
    assert_eq!(frames.len(), 2, "a header frame and one batch");
    let batch = &frames[1];
    let mut broken = vec![Vec::new(), vec![9], batch[..batch.len() - 1].to_vec()];
    let mut extra = batch.clone();
    extra.push(0);
    broken.push(extra);
    // Flip bytes all over the batch: each result is an error or a
    // profile, never a panic.
    for i in (0..batch.len()).step_by(97) {
        let mut b = batch.clone();
        b[i] ^= 0xA5;
        broken.push(b);
    }
    let mut errors = 0;
    for b in &broken {
        let mut profile = Scanner::new(ScanOptions::default()).unwrap();
        profile.absorb(&frames[0]).unwrap();
        if profile.absorb(b).is_err() {
            errors += 1;
        }
    }
    assert!(errors >= 4, "{errors}");
}
/// Regression: the first chunk of a GBK file, cut inside a double-byte
/// character, was judged as if it were the end of the input, which ruled
/// GBK out (a 1 MiB chunk read as windows-1252).
#[test]
fn gbk_detection_does_not_depend_on_chunk_size() {
    let t = Table::generate(&specs(), 9000, Headers::Chinese, 23);
    let text = t.to_csv(b',');
    let (gbk, _, _) = GBK.encode(&text);
    let whole = scan(&gbk);
    assert_eq!(whole.input.encoding, "GBK");
    for size in [1 << 20, 65536, 4099, 777] {
        let r = chunked(&gbk, &[size]).unwrap();
        assert_eq!(r.input.encoding, "GBK", "chunks of {size}");
        assert_eq!(entities(&r), entities(&whole), "chunks of {size}");
    }
}

/// With the input's size known, the copies kept for risk are sized once
/// from the first 65,536 rows; the report (risk included) is the same.
#[test]
fn a_size_hint_changes_no_result() {
    let t = Table::generate(&personal_columns()[..12], 90_000, Headers::Chinese, 8);
    let bytes = t.to_csv(b',').into_bytes();
    let plain = scan(&bytes);
    for hint in [
        bytes.len() as u64,
        bytes.len() as u64 / 3,
        bytes.len() as u64 * 5,
    ] {
        let opts = ScanOptions {
            size_hint: Some(hint),
            ..ScanOptions::default()
        };
        let mut s = Scanner::new(opts.clone()).unwrap();
        for c in bytes.chunks(1 << 20) {
            s.feed(c).unwrap();
        }
        let hinted = s.finish().unwrap();
        assert_eq!(
            serde_json::to_value(&hinted).unwrap(),
            serde_json::to_value(&plain).unwrap(),
            "size hint {hint}"
        );
        let two = split(&bytes, opts, 1 << 20).unwrap();
        assert_eq!(
            serde_json::to_value(&two).unwrap(),
            serde_json::to_value(&plain).unwrap()
        );
    }
}

/// A table handed over as columns of text (a DataFrame's) gives the
/// findings of the same table as CSV.
#[test]
fn columns_of_text_scan_as_their_csv() {
    let t = Table::generate(&specs(), 600, Headers::English, 77);
    let csv = scan(t.to_csv(b',').as_bytes());
    let names = t.header.clone().unwrap();
    let columns: Vec<Vec<Option<String>>> = (0..names.len())
        .map(|c| {
            t.rows
                .iter()
                .map(|r| r.get(c).cloned().filter(|v| !v.is_empty()))
                .collect()
        })
        .collect();
    let cols = privscan::pipeline::scan_columns(&names, &columns, ScanOptions::default()).unwrap();
    support::assert_valid(&cols);
    let view = |r: &Report| serde_json::to_string(&(&r.columns, &r.summary, &r.risk)).unwrap();
    assert_eq!(view(&cols), view(&csv));
    assert_eq!(cols.input.rows, 600);
    assert!(
        privscan::pipeline::scan_columns(&names[..2], &columns, ScanOptions::default()).is_err()
    );
}

/// Unified social credit codes made of digits only (about a quarter of
/// real ones) are recognised, under their own header and under a neutral
/// one; 18-digit order numbers stay nothing and resident IDs stay IDs.
#[test]
fn digit_only_credit_codes_are_recognised() {
    use privscan::checksum::{gb11643, gb11714, gb32100_check_char};
    let mut rng = privscan::synth::Rng::new(5);
    let mut codes = Vec::new();
    while codes.len() < 300 {
        let body: String = (0..8)
            .map(|_| char::from(b'0' + rng.below(10) as u8))
            .collect();
        let Some(check) =
            (b'0'..=b'9').find(|&c| gb11714(format!("{body}{}", c as char).as_bytes()))
        else {
            continue;
        };
        let region = ["110105", "440305", "310115", "510104"][rng.below(4) as usize];
        let first = format!("91{region}{body}{}", check as char);
        let Some(last) = gb32100_check_char(first.as_bytes()).filter(u8::is_ascii_digit) else {
            continue;
        };
        let code = format!("{first}{}", last as char);
        if !gb11643(code.as_bytes()) {
            codes.push(code);
        }
    }
    for header in ["统一社会信用代码", "code"] {
        let csv = format!("{header}\n{}\n", codes.join("\n"));
        let r = scan(csv.as_bytes());
        assert_eq!(r.columns[0].entity, Entity::CnUscc, "under {header:?}");
    }
    let orders: Vec<String> = (0..300)
        .map(|_| format!("91{:016}", rng.below(10_000_000_000_000_000)))
        .collect();
    let r = scan(format!("order_no\n{}\n", orders.join("\n")).as_bytes());
    assert_eq!(r.columns[0].kind, Kind::None, "{:?}", r.columns[0].entity);
}

/// Identifiers in the forms real exports write them (#17, validators):
/// e-mails with display names, IPv4 with ports, IBANs in lower case, Hong
/// Kong identity card numbers inside sentences.
#[test]
fn identifiers_in_the_forms_exports_write_them() {
    let mut rng = privscan::synth::Rng::new(8);
    let names = ["Zhang Wei", "Li Na", "王芳", "Chen Jie"];
    let column = |header: &str, cells: Vec<String>| {
        let mut csv = format!("{header}\n");
        for c in cells {
            csv.push_str(&format!("\"{}\"\n", c.replace('"', "\"\"")));
        }
        scan(csv.as_bytes()).columns.remove(0)
    };
    let emails = (0..200)
        .map(|i| format!("\"{}\" <user{i}@example.com>", names[i % 4]))
        .collect();
    assert_eq!(column("contact", emails).entity, Entity::EmailAddress);
    let ips = (0..200)
        .map(|_| {
            format!(
                "{}.{}.{}.{}:{}",
                11 + rng.below(200),
                rng.below(256),
                rng.below(256),
                1 + rng.below(254),
                1024 + rng.below(60000)
            )
        })
        .collect();
    assert_eq!(column("remote", ips).entity, Entity::IpAddress);
    let ibans = (0..200)
        .map(|_| {
            // GB: bank code, sort code, account number; check digits by mod 97.
            let bban = format!(
                "WEST{:06}{:08}",
                rng.below(1_000_000),
                rng.below(100_000_000)
            );
            let digits: String = format!("{bban}GB00")
                .chars()
                .map(|c| match c {
                    'A'..='Z' => (c as u32 - 55).to_string(),
                    _ => c.to_string(),
                })
                .collect();
            let rem = digits
                .bytes()
                .fold(0u64, |acc, d| (acc * 10 + u64::from(d - b'0')) % 97);
            format!("gb{:02}{}", 98 - rem, bban.to_lowercase())
        })
        .collect();
    assert_eq!(column("account", ibans).entity, Entity::Iban);
    let notes: Vec<String> = (0..200)
        .map(|i| {
            let letter = b"ABCDEGHKMPRTVYZ"[rng.below(15) as usize];
            let digits: Vec<u64> = (0..6).map(|_| rng.below(10)).collect();
            let sum = (u64::from(letter) - 55) * 8
                + 36 * 9
                + digits
                    .iter()
                    .zip([7, 6, 5, 4, 3, 2])
                    .map(|(d, w)| d * w)
                    .sum::<u64>();
            let check = match (11 - sum % 11) % 11 {
                10 => "A".to_string(),
                c => c.to_string(),
            };
            let d: String = digits.iter().map(u64::to_string).collect();
            format!(
                "Customer verified with HKID {}{d}({check}) at the counter on visit {i}",
                letter as char
            )
        })
        .collect();
    let c = column("remarks", notes);
    assert_eq!((c.entity, c.kind), (Entity::FreeText, Kind::Direct));
    assert_eq!(c.embedded.get("HK_ID"), Some(&200));
}

/// 16–19 digit numbers starting 62 (#17, validators): order numbers that
/// pass Luhn no more often than chance are not cards, and Gansu resident
/// IDs (province 62) with a wrong check digit stay resident IDs.
#[test]
fn numbers_starting_62_are_not_cards_by_their_prefix_alone() {
    let mut rng = privscan::synth::Rng::new(9);
    let orders: Vec<String> = (0..300)
        .map(|_| format!("62{:014}", rng.below(100_000_000_000_000)))
        .collect();
    let r = scan(format!("number\n{}\n", orders.join("\n")).as_bytes());
    assert_eq!(r.columns[0].kind, Kind::None, "{:?}", r.columns[0].entity);
    let ids: Vec<String> = (0..300)
        .map(|i| {
            let first = format!(
                "6201{:02}{}{:02}{:02}{:03}",
                1 + rng.below(30),
                1950 + rng.below(55),
                1 + rng.below(12),
                1 + rng.below(28),
                rng.below(1000)
            );
            let check = privscan::checksum::gb11643_check_char(first.as_bytes());
            // One in three with a wrong check digit.
            let check = if i % 3 == 0 {
                if check == b'1' {
                    b'2'
                } else {
                    b'1'
                }
            } else {
                check
            };
            format!("{first}{}", check as char)
        })
        .collect();
    let r = scan(format!("number\n{}\n", ids.join("\n")).as_bytes());
    assert_eq!(r.columns[0].entity, Entity::CnResidentId);
}

/// Dotted version numbers (#17, false matches) are not IP addresses
/// unless the header names addresses; a log of the private 10.x range is.
#[test]
fn version_numbers_are_not_addresses() {
    let mut rng = privscan::synth::Rng::new(12);
    let versions: Vec<String> = (0..300)
        .map(|_| {
            format!(
                "{}.{}.{}.{}",
                1 + rng.below(9),
                rng.below(20),
                rng.below(40),
                rng.below(250)
            )
        })
        .collect();
    let r = scan(format!("value\n{}\n", versions.join("\n")).as_bytes());
    assert_eq!(r.columns[0].kind, Kind::None, "{:?}", r.columns[0].entity);
    let r = scan(format!("client ip\n{}\n", versions.join("\n")).as_bytes());
    assert_eq!(r.columns[0].entity, Entity::IpAddress);
    let private: Vec<String> = (0..300)
        .map(|_| format!("10.0.0.{}", 1 + rng.below(254)))
        .collect();
    let r = scan(format!("value\n{}\n", private.join("\n")).as_bytes());
    assert_eq!(r.columns[0].entity, Entity::IpAddress);
}

/// Tables that are not about people (#17): days of weather in cities have
/// dates and places, which are quasi-identifiers of people, but nothing
/// that points to a person: the report says the rows describe places or
/// events, and raises no warning. An age column beside them is people.
#[test]
fn tables_of_places_and_days_are_not_about_people() {
    let cities = ["北京市", "上海市", "广州市", "深圳市", "成都市", "杭州市"];
    let mut csv = String::from("date,city,max_temp_c,rain_mm\n");
    let mut with_age = String::from("date,city,max_temp_c,rain_mm,age\n");
    for d in 0..360u32 {
        for (i, c) in cities.iter().enumerate() {
            let date = format!("2025-{:02}-{:02}", 1 + d / 30, 1 + d % 28);
            let row = format!("{date},{c},{},{}.{}", 5 + (d + i as u32) % 30, d % 7, i);
            csv.push_str(&format!("{row}\n"));
            with_age.push_str(&format!("{row},{}\n", 18 + (d * 7 + i as u32) % 60));
        }
    }
    let r = scan(csv.as_bytes());
    assert!(r.summary.quasi >= 2, "{:?}", entities(&r));
    assert_eq!(r.summary.verdict.code, "not_about_people");
    assert!(
        r.summary.verdict.text.contains("not people"),
        "{}",
        r.summary.verdict.text
    );
    let r = scan(with_age.as_bytes());
    assert_eq!(r.summary.verdict.code, "combinable", "{:?}", entities(&r));
}

/// A day of the month is not an age (#17, survey coding): 1 to 31, all
/// of them there; ages under a neutral header still are.
#[test]
fn days_of_the_month_are_not_ages() {
    let mut rng = privscan::synth::Rng::new(1);
    let mut csv = String::from("day,value\n");
    for _ in 0..400 {
        csv.push_str(&format!("{},{}\n", 1 + rng.below(31), 18 + rng.below(63)));
    }
    let r = scan(csv.as_bytes());
    assert_eq!(r.columns[0].kind, Kind::None, "{:?}", r.columns[0].entity);
    assert_eq!(r.columns[1].entity, Entity::Age);
}
