//! The mask job, one for the CLI and the page: the plan applied in a
//! second pass over the same input ([`crate::mask::apply::Applier`]), its
//! output scanned as it is written, and the report after masking (the
//! output's findings and risk, with the `masking` block) and its printable
//! form.

use super::{ScanOptions, Scanner};
use crate::entity::Kind;
use crate::error::Result;
use crate::input::dialect::Dialect;
use crate::mask::apply::{Applier, MaskOptions};
use crate::mask::operators::{effect_of, operator, Effect};
use crate::mask::optimize::OptimizeOptions;
use crate::mask::plan::{ColumnRef, LintColumn, Step};
use crate::mask::policy::{verify, Assigned, Outcome, PolicyCheck};
use crate::mask::suggest::Suggestions;
use crate::report::Report;

/// The quasi-identifiers the first pass of a mask job keeps encoded: those
/// chosen, and every column a given plan suppresses (its classes are
/// needed whatever it holds).
pub fn mask_job_qi(chosen: Option<Vec<String>>, plan: Option<&[Step]>) -> Option<Vec<String>> {
    let suppressed: Vec<String> = plan
        .unwrap_or_default()
        .iter()
        .filter(|s| effect_of(&s.operator) == Some(Effect::Suppress))
        .map(|s| match &s.column {
            ColumnRef::Index(i) => i.to_string(),
            ColumnRef::Name(n) => n.clone(),
        })
        .collect();
    if suppressed.is_empty() {
        return chosen;
    }
    let mut qi = chosen.unwrap_or_default();
    qi.extend(suppressed);
    Some(qi)
}

/// The suggested plan of a mask job, searched for `opts.k` over the chosen
/// quasi-identifiers (default: the scan's), with l-diversity of the first
/// sensitive column when `opts.l` is given.
pub fn suggested_plan(
    scanner: &Scanner,
    quasi: Option<&[String]>,
    opts: &OptimizeOptions,
) -> Result<Suggestions> {
    crate::risk::k_for_masking(opts.k)?;
    let quasi = quasi.map(|q| scanner.resolve_columns(q)).transpose()?;
    let sensitive = scanner.report.as_ref().and_then(|r| {
        r.columns
            .iter()
            .find(|c| c.kind == Kind::Sensitive)
            .map(|c| c.index)
    });
    scanner.suggest(
        quasi.as_deref(),
        &OptimizeOptions {
            sensitive: opts.l.and(sensitive),
            ..opts.clone()
        },
    )
}

/// Whether a plan needs the pseudonymisation key (its operators say so).
pub fn needs_key(steps: &[Step]) -> bool {
    steps
        .iter()
        .any(|s| operator(&s.operator).is_ok_and(|o| o.needs_key()))
}

/// The columns the purpose of processing does not need (`--purpose`).
pub(crate) fn minimisation(
    report: &Report,
    purpose: Option<&str>,
) -> Result<Option<crate::report::compliance::Minimisation>> {
    let Some(code) = purpose else {
        return Ok(None);
    };
    let p = crate::mask::purpose::purpose(code)?;
    Ok(Some(crate::report::compliance::Minimisation {
        purpose: code.to_string(),
        unneeded: report
            .columns
            .iter()
            .filter(|c| !p.needs(c.entity, c.kind))
            .map(|c| c.index)
            .collect(),
    }))
}

/// Each column's rule under the policy `code`, when one is in force.
pub(crate) fn policy_rules(
    report: &Report,
    code: Option<&str>,
    as_of: Option<&str>,
) -> Result<Option<Vec<Assigned>>> {
    let Some(code) = code else {
        return Ok(None);
    };
    crate::mask::policy::policy(code)?
        .assign(code, &column_facts(report), as_of)
        .map(Some)
}

/// The suggestions' view of a report's minimisation block.
pub(crate) fn minimise(report: &Report) -> Option<crate::mask::suggest::Minimise<'_>> {
    report
        .minimisation
        .as_ref()
        .map(|m| crate::mask::suggest::Minimise {
            purpose: &m.purpose,
            unneeded: &m.unneeded,
        })
}

/// What masking needs to know of each column of a scan.
pub(crate) fn column_facts(report: &Report) -> Vec<LintColumn<'_>> {
    report
        .columns
        .iter()
        .map(|c| LintColumn {
            name: &c.name,
            entity: c.entity,
            kind: c.kind,
            embedded: c.embedded.iter().map(|(e, n)| (e.clone(), *n)).collect(),
        })
        .collect()
}

/// A running mask job: feed the input again, chunk by chunk; output bytes
/// come back as they are made.
pub struct Masker {
    applier: Applier,
    after: Scanner,
    before: Report,
    after_report: Option<Report>,
    /// The policy in force: each column's rule, checked at the end.
    policy: Option<(PolicyCheck, Vec<Assigned>)>,
}

impl Masker {
    pub(super) fn new(
        applier: Applier,
        before: Report,
        dialect: &Dialect,
        field_cap: usize,
        opts: &MaskOptions,
        policy: Option<(PolicyCheck, Vec<Assigned>)>,
    ) -> Result<Masker> {
        let a = applier.after_scan().clone();
        let after = Scanner::new(ScanOptions {
            name: opts.name.clone(),
            encoding: Some(a.encoding.into()),
            delimiter: Some((dialect.delimiter as char).to_string()),
            has_header: Some(dialect.has_header),
            field_cap: Some(field_cap),
            qi: Some(a.qi),
            sensitive: Some(a.sensitive),
            k: a.k,
            ..ScanOptions::default()
        })?;
        Ok(Masker {
            applier,
            after,
            before,
            after_report: None,
            policy,
        })
    }

    /// Keeps the first `rows` records (the header included), input and
    /// output, for [`Masker::preview`].
    pub fn capture(&mut self, rows: usize) {
        self.applier.capture(rows);
    }

    /// The captured records: `(input fields, output fields)` each.
    pub fn preview(&self) -> &[(Vec<String>, Vec<String>)] {
        self.applier.preview()
    }

    /// Feeds the next chunk of the source; appends output bytes to `out`.
    pub fn feed(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<()> {
        let start = out.len();
        self.applier.feed(chunk, out)?;
        self.after.feed(&out[start..])
    }

    /// Ends the source; appends the last output bytes and returns the
    /// report of the output with its `masking` block.
    pub fn finish(&mut self, out: &mut Vec<u8>) -> Result<Report> {
        let start = out.len();
        let mut masking = self.applier.finish(out)?;
        self.after.feed(&out[start..])?;
        if self.after.bytes_fed() == 0 {
            // An empty output (a header-only file whose every column was
            // dropped): nothing to scan.
            self.after.feed(b"\r\n")?;
        }
        let mut report = self.after.finish()?;
        masking.output_sha256 = report.input.sha256.clone();
        if let Some((mut check, assigned)) = self.policy.take() {
            let dropped = &masking.dropped_columns;
            let outcome = |i: usize| {
                if dropped.contains(&i) {
                    return Outcome::Dropped;
                }
                let out = i - dropped.iter().filter(|&&d| d < i).count();
                Outcome::Kept(report.columns.get(out).map_or(Kind::None, |c| c.kind))
            };
            verify(
                &mut check,
                &assigned,
                &masking.plan,
                outcome,
                report.risk.as_ref().map(|r| r.k),
            );
            masking.policy = Some(check);
        }
        report.masking = Some(masking);
        self.after_report = Some(report.clone());
        Ok(report)
    }

    /// After `finish`: the printable report (HTML) in `lang`.
    pub fn html(&self, lang: &str) -> Option<String> {
        self.after_report
            .as_ref()
            .map(|after| crate::report::html::masking_report(&self.before, after, lang))
    }
}
