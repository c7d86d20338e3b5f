//! Report assembly: the input block, the column verdicts with their
//! masked examples, the summary.

#[allow(unused_imports)]
use super::*;

impl Scanner {
    pub(super) fn build_report(&mut self, sha256: String) -> Report {
        let dialect = self.dialect_or_default();
        let decoding = self.decoding();
        let t = &mut self.table;
        let mut columns = t.finish(t.header.as_ref().map_or(0, Vec::len));
        let width = columns.len();
        let names: Vec<String> = (0..width)
            .map(|i| match t.header.as_ref().and_then(|h| h.get(i)) {
                Some(n) if !n.is_empty() => n.clone(),
                _ => format!("column_{}", i + 1),
            })
            .collect();
        t.evidence.resize(width, None);
        let evidence = &t.evidence;
        let mut verdicts: Vec<Verdict> = columns
            .iter()
            .zip(evidence)
            .map(|(p, h)| decide(p, h.as_ref()))
            .collect();
        cross_column(&mut verdicts, &columns);
        self.encoded = columns
            .iter_mut()
            .map(|p| std::mem::take(&mut p.encoder).finish())
            .collect();
        self.names = names.clone();

        // Minors, as counted by the detector that won each column.
        let minors: Vec<Option<u64>> = verdicts
            .iter()
            .zip(&columns)
            .map(|(v, p)| {
                let k = v.detector?;
                matches!(
                    v.entity,
                    crate::entity::Entity::DateOfBirth
                        | crate::entity::Entity::CnResidentId
                        | crate::entity::Entity::Age
                )
                .then(|| p.detectors[k].minors)
            })
            .collect();
        let columns: Vec<ColumnReport> = verdicts
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                let p = &columns[i];
                let raw = match v.detector {
                    Some(k) if !p.detectors[k].examples.is_empty() => &p.detectors[k].examples,
                    _ => &p.first_values,
                };
                let kind = v.kind;
                let examples = raw
                    .iter()
                    .map(|x| ops::example(v.entity, kind, x))
                    .collect();
                let mut embedded = BTreeMap::new();
                if v.entity == crate::entity::Entity::FreeText && kind == Kind::Direct {
                    for (k, &c) in p.embedded.iter().enumerate() {
                        if c > 0 {
                            *embedded
                                .entry(
                                    crate::detect::registry::DETECTORS[k]
                                        .entity()
                                        .name()
                                        .to_string(),
                                )
                                .or_insert(0) += c;
                        }
                    }
                }
                // Personal columns only: a FREE_TEXT column without
                // identifiers is prose, not personal information.
                let pi = (kind != Kind::None)
                    .then(|| crate::detect::registry::pi_of(v.entity))
                    .flatten();
                ColumnReport {
                    index: i,
                    name: names[i].clone(),
                    entity: v.entity,
                    kind,
                    pi_category: pi.map(|p| p.0),
                    sensitive_pi: pi.is_some_and(|p| p.1),
                    confidence: v.confidence,
                    non_empty: p.non_empty,
                    matched: v.matched,
                    distinct: p.distinct(),
                    distinct_capped: p.distinct_capped,
                    evidence: v.evidence.iter().map(|e| e.message()).collect(),
                    examples,
                    embedded,
                }
            })
            .collect();
        let summary = Summary::of(
            &columns,
            &crate::report::SummaryFacts {
                rows: t.rows,
                minors: &minors,
                as_of: self.opts.as_of.as_deref(),
                cii_or_important: self.opts.cii || self.opts.important_data,
            },
        );
        self.entities = columns.iter().map(|c| (c.entity, c.kind)).collect();
        Report {
            schema: SCHEMA,
            tool: Tool::default(),
            input: InputInfo {
                name: self.opts.name.clone(),
                bytes: self.opts.workbook.as_ref().map_or(self.bytes, |w| w.bytes),
                sha256,
                encoding: decoding.encoding.name().to_string(),
                encoding_confidence: decoding.source.as_str(),
                delimiter: (dialect.delimiter as char).to_string(),
                quote: (dialect.quote as char).to_string(),
                has_header: t.header.is_some(),
                rows: t.rows,
                columns: width,
                anomalies: Anomalies {
                    ragged_rows: t.ragged,
                    title_rows: t.title_rows,
                    header_rows: t.lines.count(),
                    footer_rows: t.footer_rows,
                    replaced_bytes: decoding.replaced_bytes,
                    nul_bytes: decoding.nul_bytes,
                },
                workbook: self.opts.workbook.clone(),
                parts: None,
            },
            columns,
            summary,
            risk: None,
            minimisation: None,
            policy: None,
            suggestions: Vec::new(),
            masking: None,
        }
    }
}
