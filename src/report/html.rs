//! The printable masking report, in English or Chinese: one self-contained
//! HTML file (inline styles, no script, nothing loaded) that a data
//! provider attaches when the file is shared. It holds the input and
//! output hashes, each column's finding with masked examples only, the
//! risk before and after, the operators applied, what the lint still
//! warns of, and guidance mapped to PIPL Art. 28, GB/T 35273 and
//! GB/T 42460 — labelled as guidance, not legal advice.

use super::Report;
use crate::entity::Entity;
use crate::i18n::{dictionary, params, Dictionary};
use crate::risk::RiskReport;
use std::fmt::Write;

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o.push('\n');
    o
}

/// The dictionary entry `html.<key>`.
fn tr(d: &Dictionary, key: &str) -> String {
    d.get(&format!("html.{key}")).to_string()
}

/// The filing summary section.
fn filing_summary(before: &Report, after: &Report, lang: &Dictionary) -> String {
    let mut o = String::new();
    let row = |o: &mut String, key: &str, value: String| {
        let _ = write!(o, "<tr><th>{}</th><td>{}</td></tr>", tr(lang, key), value);
    };
    let sm = &before.summary;
    let _ = write!(o, "<h2>{}</h2><table class=\"filing\">", tr(lang, "filing"));
    // PI held: each category with its columns.
    let mut held: Vec<(&'static str, Vec<&str>)> = Vec::new();
    for c in &before.columns {
        if let Some(cat) = c.pi_category {
            match held.iter_mut().find(|(k, _)| *k == cat.code()) {
                Some((_, cols)) => cols.push(&c.name),
                None => held.push((cat.code(), vec![&c.name])),
            }
        }
    }
    let held_text = if held.is_empty() {
        esc(&tr(lang, "pipl_none"))
    } else {
        held.iter()
            .map(|(k, cols)| {
                let key = format!("pi.{k}");
                format!("{}: {}", esc(lang.get(&key)), esc(&cols.join(", ")))
            })
            .collect::<Vec<_>>()
            .join("<br>")
    };
    row(&mut o, "pi_held", held_text);
    let sensitive: Vec<&str> = before
        .columns
        .iter()
        .filter(|c| c.sensitive_pi)
        .map(|c| c.name.as_str())
        .collect();
    let sensitive_text = lang.fill_template(
        "{n#plural.sensitivePi}",
        &params(serde_json::json!({"n": sensitive.len()})),
    );
    row(
        &mut o,
        "sensitive_pi",
        if sensitive.is_empty() {
            esc(&sensitive_text)
        } else {
            format!("{}: {}", esc(&sensitive_text), esc(&sensitive.join(", ")))
        },
    );
    if let Some(m) = &sm.minors {
        row(&mut o, "minors", esc(&m.note.render(lang.tag())));
    }
    let people = if sm.individuals.basis.code == "rows" {
        "summary.individualsRows"
    } else {
        "summary.individuals"
    };
    let column = sm
        .individuals
        .basis
        .column
        .and_then(|c| before.columns.get(c))
        .map_or(String::new(), |c| c.name.clone());
    let p = params(serde_json::json!({"n": sm.individuals.estimate, "column": column}));
    row(&mut o, "individuals", esc(&lang.render(people, &p)));
    // De-identification applied: the operators and how many columns each.
    if let Some(m) = &after.masking {
        let mut ops: Vec<(&str, usize)> = Vec::new();
        for a in &m.applied {
            match ops.iter_mut().find(|(n, _)| *n == a.operator) {
                Some((_, c)) => *c += 1,
                None => ops.push((&a.operator, 1)),
            }
        }
        let list = ops
            .iter()
            .map(|(n, c)| format!("{n} × {c}"))
            .collect::<Vec<_>>()
            .join(", ");
        row(
            &mut o,
            "deid",
            format!(
                "{}; {}: {}; {}: {}",
                esc(&list),
                tr(lang, "suppressed_rows"),
                m.rows_suppressed,
                tr(lang, "suppressed_cells"),
                m.cells_suppressed
            ),
        );
        if let Some(check) = &m.policy {
            let met = check.columns.iter().filter(|c| c.met == Some(true)).count();
            let p = params(serde_json::json!({
                "policy": check.policy,
                "met": met,
                "total": check.columns.len(),
            }));
            row(
                &mut o,
                "policy_row",
                esc(&lang.render("mask.policy.met", &p)),
            );
        }
    }
    let k = |r: Option<&RiskReport>| {
        r.map_or("—".to_string(), |r| {
            format!("k = {} ({} / {})", r.k, r.records_at_risk, r.records)
        })
    };
    row(
        &mut o,
        "risk_change",
        format!(
            "{} → {} ({}: {})",
            esc(&k(before.risk.as_ref())),
            esc(&k(after.risk.as_ref())),
            tr(lang, "k_target"),
            after.risk.as_ref().map_or(0, |r| r.k_target)
        ),
    );
    let cb = &sm.cross_border;
    row(
        &mut o,
        "cross_border",
        format!(
            "<strong>{}</strong> {} {}",
            esc(lang.get(&format!("summary.route.{}", cb.route))),
            esc(&cb.reason.render(lang.tag())),
            esc(&cb.note.render(lang.tag()))
        ),
    );
    row(
        &mut o,
        "hashes",
        format!(
            "{}: <code>{}</code><br>{}: <code>{}</code>",
            tr(lang, "input"),
            esc(&before.input.sha256),
            tr(lang, "output"),
            esc(&after.input.sha256)
        ),
    );
    o.push_str("</table>");
    o
}

/// A column's PI category (GB/T 35273 Annex A), marked when it is
/// sensitive PI (PIPL Art. 28).
fn pi_cell(lang: &Dictionary, c: &super::ColumnReport) -> String {
    let Some(cat) = c.pi_category else {
        return "—".into();
    };
    let mut s = esc(lang.get(&format!("pi.{}", cat.code())));
    if c.sensitive_pi {
        s.push_str(&format!(
            " <strong class=\"sensitive\">{}</strong>",
            esc(lang.get("pi.sensitive"))
        ));
    }
    s
}

/// The PIPL Art. 28 category of an entity, if it is one (worded by the
/// dictionary entry `pipl.<code>`).
fn pipl_category(e: Entity) -> Option<&'static str> {
    Some(match e {
        Entity::Biometric => "biometrics",
        Entity::Religion => "religion",
        Entity::Political | Entity::CriminalRecord | Entity::SexualOrientation => {
            "specific_identities"
        }
        Entity::Health | Entity::MedicalRecordNumber => "medical_health",
        Entity::BankCard | Entity::Iban | Entity::Financial => "financial_accounts",
        Entity::GpsCoordinates => "whereabouts",
        e if e.is_identity_document() => "identity_documents",
        _ => return None,
    })
}

const RISK_ROWS: [&str; 7] = [
    "qi",
    "k_target",
    "k",
    "unique",
    "at_risk",
    "prosecutor",
    "ldiv",
];

/// The values of [`RISK_ROWS`] for one risk block.
fn risk_values(r: Option<&RiskReport>, names: &dyn Fn(&[usize]) -> String) -> Vec<String> {
    let Some(r) = r else {
        return vec!["—".into(); RISK_ROWS.len()];
    };
    vec![
        names(&r.quasi_identifiers),
        r.k_target.to_string(),
        r.k.to_string(),
        format!("{} / {}", r.unique_records, r.records),
        format!("{} / {}", r.records_at_risk, r.records),
        format!("{:.1} %", r.prosecutor_risk_avg * 100.0),
        r.l_diversity
            .values()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    ]
}

const STYLE: &str = "body{font:14px/1.5 system-ui,sans-serif;color:#1b1f24;max-width:980px;margin:2rem auto;padding:0 1rem}h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #ddd}table{border-collapse:collapse;width:100%;margin:.4rem 0}th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #eee}th{font-weight:600}code{font-size:12px;word-break:break-all}.note{background:#fff4e0;border-left:4px solid #b26a00;padding:.5rem .8rem}.muted{color:#5b6470}.direct{color:#c62828}.quasi{color:#b26a00}.sensitive{color:#7b3fb5}@media print{body{margin:0}}";

/// The report of a masking: `before` is the scan of the input, `after`
/// the report of the output with its `masking` block.
pub fn masking_report(before: &Report, after: &Report, lang: &str) -> String {
    let lang = dictionary(lang);
    let mut o = String::new();
    let m = after.masking.as_ref();
    let _ = write!(
        o,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"><title>{}</title><style>{STYLE}</style></head><body>",
        lang.tag(),
        tr(lang, "title"),
    );
    let _ = write!(
        o,
        "<h1>{}</h1><p class=\"note\">{}</p>",
        tr(lang, "title"),
        tr(lang, "disclaimer")
    );

    // The filing summary: one page in the shape of a data exchange's
    // compliance self-assessment (the input's findings, what was done,
    // the risk before and after, the route, the hashes).
    o.push_str(&filing_summary(before, after, lang));

    // Files.
    let _ = write!(
        o,
        "<h2>{}</h2><table><tr><th></th><th>{}</th><th>{}</th></tr>",
        tr(lang, "files"),
        tr(lang, "input"),
        tr(lang, "output")
    );
    let i = &before.input;
    let a = &after.input;
    let rows: Vec<(&str, String, String)> = vec![
        (
            "name",
            i.name.clone().unwrap_or_default(),
            a.name.clone().unwrap_or_default(),
        ),
        ("rows", i.rows.to_string(), a.rows.to_string()),
        ("bytes", i.bytes.to_string(), a.bytes.to_string()),
        (
            "encoding",
            i.encoding.clone(),
            m.map_or(a.encoding.clone(), |m| m.output_encoding.to_string()),
        ),
        (
            "sha",
            format!("<code>{}</code>", esc(&i.sha256)),
            format!("<code>{}</code>", esc(&a.sha256)),
        ),
    ];
    for (k, x, y) in rows {
        let (x, y) = if k == "sha" {
            (x, y)
        } else {
            (esc(&x), esc(&y))
        };
        let _ = write!(
            o,
            "<tr><th>{}</th><td>{x}</td><td>{y}</td></tr>",
            tr(lang, k)
        );
    }
    o.push_str("</table>");
    if let Some(m) = m {
        let _ = write!(
            o,
            "<p>{}: {} · {}: {} · {}: {}</p>",
            tr(lang, "suppressed_rows"),
            m.rows_suppressed,
            tr(lang, "suppressed_cells"),
            m.cells_suppressed,
            tr(lang, "formulas"),
            m.formula_cells_neutralised
        );
    }

    // Risk before and after.
    let in_names = |cols: &[usize]| {
        cols.iter()
            .filter_map(|&c| before.columns.get(c).map(|x| x.name.clone()))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let out_names = |cols: &[usize]| {
        cols.iter()
            .filter_map(|&c| after.columns.get(c).map(|x| x.name.clone()))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let _ = write!(
        o,
        "<h2>{}</h2><table><tr><th></th><th>{}</th><th>{}</th></tr>",
        tr(lang, "risk"),
        tr(lang, "before"),
        tr(lang, "after")
    );
    let vb = risk_values(before.risk.as_ref(), &in_names);
    let va = risk_values(after.risk.as_ref(), &out_names);
    for ((key, x), y) in RISK_ROWS.iter().zip(vb).zip(va) {
        let _ = write!(
            o,
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
            tr(lang, key),
            esc(&x),
            esc(&y)
        );
    }
    o.push_str("</table>");

    // Columns.
    let _ = write!(
        o,
        "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        tr(lang, "columns"),
        tr(lang, "column"),
        tr(lang, "found"),
        tr(lang, "kind"),
        tr(lang, "category"),
        tr(lang, "operators"),
        tr(lang, "changed"),
        tr(lang, "examples")
    );
    let dropped: Vec<usize> = m.map(|m| m.dropped_columns.clone()).unwrap_or_default();
    for c in &before.columns {
        let ops: Vec<String> = m
            .map(|m| {
                m.applied
                    .iter()
                    .filter(|a| a.column == c.index)
                    .map(|a| a.operator.clone())
                    .collect()
            })
            .unwrap_or_default();
        let changed: u64 = m
            .and_then(|m| {
                m.applied
                    .iter()
                    .find(|a| a.column == c.index)
                    .map(|a| a.cells_changed)
            })
            .unwrap_or(0);
        let out_index = c.index - dropped.iter().filter(|&&d| d < c.index).count();
        let examples = if dropped.contains(&c.index) {
            tr(lang, "dropped")
        } else {
            after
                .columns
                .get(out_index)
                .map(|x| x.examples.join(" · "))
                .unwrap_or_default()
        };
        let kind = c.kind.as_str();
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td class=\"{kind}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            esc(&c.name),
            esc(lang.get(&format!("entity.{}", c.entity.name()))),
            esc(lang.get(&format!("kind.{kind}"))),
            pi_cell(lang, c),
            if ops.is_empty() { tr(lang, "kept") } else { esc(&ops.join(" → ")) },
            changed,
            esc(&examples)
        );
    }
    o.push_str("</table>");

    // The policy in force: each column's rule, met or not.
    if let Some(check) = m.and_then(|m| m.policy.as_ref()) {
        let p = crate::i18n::params(serde_json::json!({"policy": check.policy}));
        let _ = write!(
            o,
            "<h2>{}</h2><p class=\"note\">{}</p><table><tr><th>{}</th><th>{}</th><th></th></tr>",
            esc(&lang.render("html.policy", &p)),
            esc(lang.get(&format!("policy.{}.help", check.policy))),
            tr(lang, "column"),
            esc(lang.get("mask.col.why")),
        );
        for c in &check.columns {
            let (class, word) = match c.met {
                Some(false) => ("direct", "policy.unmet"),
                _ => ("none", "policy.met"),
            };
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td class=\"{class}\">{}</td></tr>",
                esc(&c.name),
                esc(&c.rule.render(lang.tag())),
                esc(lang.get(word)),
            );
        }
        o.push_str("</table>");
    }

    // Warnings.
    let _ = write!(o, "<h2>{}</h2>", tr(lang, "warnings"));
    match m.map(|m| &m.warnings) {
        Some(w) if !w.is_empty() => {
            o.push_str("<ul>");
            for l in w {
                let _ = write!(o, "<li>{}</li>", esc(&l.message.render(lang.tag())));
            }
            o.push_str("</ul>");
        }
        _ => {
            let _ = write!(o, "<p>{}</p>", tr(lang, "no_warnings"));
        }
    }

    // Guidance.
    let _ = write!(
        o,
        "<h2>{}</h2><p>{} ",
        tr(lang, "guidance"),
        tr(lang, "pipl")
    );
    let sensitive: Vec<String> = before
        .columns
        .iter()
        .filter(|c| !dropped.contains(&c.index))
        .filter_map(|c| {
            pipl_category(c.entity).map(|cat| {
                let key = format!("pipl.{cat}");
                format!("{} ({})", esc(&c.name), esc(lang.get(&key)))
            })
        })
        .collect();
    if sensitive.is_empty() {
        o.push_str(&tr(lang, "pipl_none"));
    } else {
        o.push_str(&sensitive.join("; "));
    }
    let _ = write!(
        o,
        "</p><p>{}</p><p>{} ",
        tr(lang, "tc260"),
        tr(lang, "gbt42460")
    );
    if let Some(r) = &after.risk {
        let qi = out_names(&r.quasi_identifiers);
        let line = if r.k >= u64::from(r.k_target) {
            tr(lang, "met")
        } else {
            tr(lang, "not_met")
        };
        let p = params(serde_json::json!({"k": r.k, "t": r.k_target, "qi": qi}));
        o.push_str(&esc(&lang.fill_template(&line, &p)));
    }
    let _ = write!(
        o,
        "</p><p class=\"muted\">{}</p></body></html>",
        esc(&tr(lang, "generated").replace("{v}", env!("CARGO_PKG_VERSION")))
    );
    o.push('\n');
    o
}
