//! What a finished scan answers without reading the file again: risk
//! for other columns, links to another table, suggestions, the mask job.

#[allow(unused_imports)]
use super::*;

impl Scanner {
    /// Suggested masking for the finished scan, with a full search of the
    /// generalisation lattice for `opts.k` over `quasi` (default: the
    /// report's quasi-identifiers).
    pub fn suggest(
        &self,
        quasi: Option<&[usize]>,
        opts: &crate::mask::optimize::OptimizeOptions,
    ) -> Result<crate::mask::suggest::Suggestions> {
        let report = self.finished_report()?;
        // A purpose or a policy given here replaces the scan's own.
        let chosen = masking::minimisation(report, opts.purpose.as_deref())?;
        let code = opts.policy.as_deref().or(self.opts.policy.as_deref());
        let rules = masking::policy_rules(report, code, self.opts.as_of.as_deref())?;
        let columns = masking::column_facts(report);
        let default_qi = report
            .risk
            .as_ref()
            .map(|r| r.quasi_identifiers.clone())
            .unwrap_or_default();
        let weighted;
        let opts = match &self.grouped {
            Some(w) => {
                weighted = crate::mask::optimize::OptimizeOptions {
                    weights: Some(w.clone()),
                    ..opts.clone()
                };
                &weighted
            }
            None => opts,
        };
        let mut s = crate::mask::suggest::suggest(
            &columns,
            &self.encoded,
            self.risk_rows(),
            quasi.unwrap_or(&default_qi),
            opts,
            match &chosen {
                Some(m) => Some(crate::mask::suggest::Minimise {
                    purpose: &m.purpose,
                    unneeded: &m.unneeded,
                }),
                None => masking::minimise(report),
            },
            rules.as_deref(),
        );
        if let (Some(code), Some(rules)) = (code, &rules) {
            s.policy = Some(crate::mask::policy::check(code, opts.k, &columns, rules));
        }
        Ok(s)
    }

    /// The report of the finished scan (an error before it finished).
    pub fn finished_report(&self) -> Result<&Report> {
        self.report
            .as_ref()
            .ok_or_else(|| Error::new(ErrorKind::Options("masking needs a finished scan".into())))
    }

    /// The mask job over the same input: a second pass (feed it the same
    /// bytes again) applying `steps`, and a scan of what it writes.
    pub fn masker(
        &self,
        steps: &[crate::mask::plan::Step],
        key: Option<&[u8]>,
        opts: &crate::mask::apply::MaskOptions,
    ) -> Result<Masker> {
        let report = self.finished_report()?;
        let dialect = self.dialect_or_default();
        let columns = masking::column_facts(report);
        let quasi: Vec<usize> = report
            .risk
            .as_ref()
            .map(|r| r.quasi_identifiers.clone())
            .unwrap_or_default();
        let field_cap = self.opts.field_cap.unwrap_or(DEFAULT_FIELD_CAP).max(1024);
        let applier = crate::mask::apply::Applier::new(
            &crate::mask::apply::Source {
                encoding: self.decoding().encoding,
                delimiter: dialect.delimiter,
                has_header: dialect.has_header,
                names: &self.names,
                columns: &columns,
                quasi_identifiers: &quasi,
                title_rows: report.input.anomalies.title_rows,
                header_lines: self.table.lines.around(),
                input_sha256: &report.input.sha256,
                encoded: &self.encoded,
                records: self.records(),
                rows: self.table.rows,
                field_cap,
            },
            steps,
            key,
            opts,
        )?;
        let code = opts.policy.as_deref().or(self.opts.policy.as_deref());
        let policy = masking::policy_rules(report, code, self.opts.as_of.as_deref())?
            .zip(code)
            .map(|(assigned, code)| {
                let k = applier.after_scan().k.unwrap_or(self.opts.k_target());
                let check = crate::mask::policy::check(code, k, &columns, &assigned);
                (check, assigned)
            });
        Masker::new(applier, report.clone(), &dialect, field_cap, opts, policy)
    }

    /// Risk options from the scan options, defaulting to the report's
    /// verdicts: its quasi-identifier and sensitive columns.
    pub(super) fn default_risk_options(&self, report: &Report) -> Result<RiskOptions> {
        let of_kind = |kind: Kind| -> Vec<usize> {
            report
                .columns
                .iter()
                .filter(|c| c.kind == kind)
                .map(|c| c.index)
                .collect()
        };
        let quasi_identifiers = match &self.opts.qi {
            Some(sel) => self.resolve_columns(sel)?,
            None => of_kind(Kind::Quasi),
        };
        let sensitive = match &self.opts.sensitive {
            Some(sel) => self.resolve_columns(sel)?,
            None => of_kind(Kind::Sensitive),
        };
        let sampling_fraction = self
            .opts
            .sampling_fraction
            .unwrap_or(crate::risk::SAMPLING_FRACTION);
        if !(sampling_fraction > 0.0 && sampling_fraction <= 1.0) {
            return Err(Error::new(ErrorKind::Options(format!(
                "the sampling fraction must be above 0 and at most 1, not {sampling_fraction}"
            ))));
        }
        Ok(RiskOptions {
            quasi_identifiers,
            sensitive,
            k_target: self.opts.k_target(),
            sampling_fraction,
            max_driver_size: self.opts.drivers.unwrap_or(3),
            driver_budget: if self.opts.drivers.is_some() {
                u64::MAX
            } else {
                crate::risk::DRIVER_BUDGET
            },
            examples: 0,
            weights: self.grouped.clone(),
        })
    }

    /// Column indexes for selectors: a header name (exact, then ignoring
    /// case and surrounding spaces) or a 0-based index.
    pub fn resolve_columns(&self, selectors: &[String]) -> Result<Vec<usize>> {
        let mut out = Vec::new();
        for sel in selectors.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            match resolve_column(&self.names, self.names.len(), sel) {
                Some(i) if !out.contains(&i) => out.push(i),
                Some(_) => {}
                None => return Err(Error::new(ErrorKind::UnknownColumn(sel.to_string()))),
            }
        }
        Ok(out)
    }

    /// Risk for another choice of columns, from the encoded copy kept by
    /// `finish` (no second pass over the input).
    pub fn risk(&self, opts: &RiskOptions) -> Result<crate::risk::RiskReport> {
        crate::risk::k_for_measuring(opts.k_target)?;
        if !self.finished || self.names.is_empty() && self.encoded.is_empty() {
            return Err(Error::new(ErrorKind::Options(
                "risk needs a finished scan".into(),
            )));
        }
        if let Some(&bad) = opts
            .quasi_identifiers
            .iter()
            .chain(&opts.sensitive)
            .find(|&&i| i >= self.encoded.len())
        {
            return Err(Error::new(ErrorKind::UnknownColumn(bad.to_string())));
        }
        Ok(crate::risk::assess(&self.encoded, self.records(), opts))
    }

    /// Links this (finished) table to a second, "public" one scanned with
    /// `keep_all_columns`: how many records its shared quasi-identifiers tie
    /// to exactly one named person there. See [`crate::risk::linkage`].
    pub fn link(
        &self,
        public: &Scanner,
        opts: &crate::risk::linkage::LinkOptions,
    ) -> Result<crate::risk::linkage::LinkReport> {
        if !self.finished || !public.finished {
            return Err(Error::new(ErrorKind::Options(
                "linkage needs two finished scans".into(),
            )));
        }
        crate::risk::linkage::link(&self.side(), &public.side(), opts)
    }

    pub(super) fn side(&self) -> crate::risk::linkage::Side<'_> {
        crate::risk::linkage::Side {
            columns: &self.encoded,
            names: &self.names,
            entities: &self.entities,
            records: self.records(),
        }
    }

    /// Rows the risk measures cover: all data rows, up to the encoding cap.
    pub(super) fn records(&self) -> usize {
        (self.table.rows as usize).min(crate::profile::encode::ROW_CAP)
    }

    /// The text of each value of a column's encoded copy (`values[code]`),
    /// and the codes; `None` for a high-cardinality column.
    pub fn encoded_column(&self, index: usize) -> Option<&EncodedColumn> {
        self.encoded.get(index)
    }

    /// How the input was decoded: by this scanner, or by the parsing side
    /// of a split scan.
    pub(super) fn decoding(&self) -> Decoding {
        self.relayed.unwrap_or(Decoding {
            encoding: self.decoder.encoding(),
            source: self.decoder.source(),
            replaced_bytes: self.decoder.replaced_bytes,
            nul_bytes: self.decoder.nul_bytes,
        })
    }

    pub(super) fn dialect_or_default(&self) -> Dialect {
        self.dialect.unwrap_or(Dialect {
            delimiter: b',',
            quote: b'"',
            has_header: false,
        })
    }
}
