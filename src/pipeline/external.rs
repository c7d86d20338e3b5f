//! Scans run by another engine: a SQL engine that reads the table itself
//! (DataFusion, Ballista) feeds each column's cells to a [`ColumnState`]
//! in its aggregate function, merges the states of its partitions, and
//! groups the risk columns' values ([`risk_value`]) with counts. The
//! report made from those ([`Scanner::of_states`], then
//! [`Scanner::finish_grouped`]) is the report of one scan of the table.
//!
//! The states keep no copy of the rows: the encoded copies that risk and
//! masking read come from the grouped counts, as distinct tuples that
//! stand for their records (see [`crate::risk::classes::Weights`]).

#[allow(unused_imports)]
use super::*;
use crate::profile::encode::copy_fits;
use crate::profile::state::ColumnWire;
use crate::profile::table::{header_evidence, HeaderLines, TablePart};
use crate::profile::ColumnProfile;

/// What a column's profile depends on besides its cells: made once by the
/// caller for every column ([`column_specs`]) and handed to each worker
/// (as JSON, in a SQL engine's function arguments).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    /// The column's header.
    pub name: String,
    /// Keep its copy for risk whatever it holds (`--qi`, `--sensitive`).
    #[serde(default)]
    pub keep: bool,
    /// The reference date minors are counted at (`--as-of`).
    #[serde(default)]
    pub as_of: Option<String>,
}

/// The specs of a table's columns under `opts`.
pub fn column_specs(opts: &ScanOptions, names: &[String]) -> Result<Vec<ColumnSpec>> {
    opts.validate()?;
    let keep = Keep {
        all: opts.keep_all_columns,
        chosen: Profiling::of(opts).keep,
    };
    Ok(names
        .iter()
        .enumerate()
        .map(|(i, name)| ColumnSpec {
            name: name.clone(),
            keep: keep.covers(names, i),
            as_of: opts.as_of.clone(),
        })
        .collect())
}

/// One column's profile as an engine's aggregate builds it: fed cells
/// with their rows' hashes ([`row_hash`]), merged with the states of the
/// other partitions in any order, saved to bytes between workers.
#[derive(Clone, Debug)]
pub struct ColumnState {
    profile: ColumnProfile,
}

/// The first bytes of a saved column state.
const COLUMN_MAGIC: &[u8; 8] = b"PSCCOLST";

/// What a saved column state holds besides the profile: the spec it was
/// made with, so that states of different columns or options never merge.
#[derive(serde::Serialize, Deserialize)]
struct ColumnStateWire {
    spec: ColumnSpec,
    profile: ColumnWire,
}

impl ColumnState {
    /// The state of a column before its first cell.
    pub fn new(spec: &ColumnSpec) -> Result<ColumnState> {
        let opts = ScanOptions {
            as_of: spec.as_of.clone(),
            ..ScanOptions::default()
        };
        let header = header_evidence(std::slice::from_ref(&spec.name), &HeaderLines::default())
            .pop()
            .flatten()
            .map(|e| e.entity);
        let mut profile = ColumnProfile::starting(header, opts.minor_cutoff()?, spec.keep);
        profile.encoder = std::mem::take(&mut profile.encoder).choosing_only();
        Ok(ColumnState { profile })
    }

    /// Feeds one raw cell (`None`: a null, an empty cell) of the row whose
    /// hash is `row`.
    pub fn feed(&mut self, cell: Option<&str>, row: u64) {
        let t = clean_cell(cell.unwrap_or(""));
        self.profile
            .feed_hashed(t, crate::profile::sketch::value_hash(t), row);
    }

    /// Adds the state of other rows of the same column.
    pub fn merge(&mut self, other: ColumnState) {
        self.profile.merge(other.profile);
    }

    /// The saved form, sealed like a `.pstate` file (magic `PSCCOLST`).
    pub fn encode(&self, spec: &ColumnSpec) -> Result<Vec<u8>> {
        let wire = ColumnStateWire {
            spec: spec.clone(),
            profile: self.profile.to_wire(),
        };
        let payload = postcard::to_allocvec(&wire)
            .map_err(|e| parts::state_error(format!("the column state cannot be written: {e}")))?;
        Ok(parts::seal(COLUMN_MAGIC, &payload))
    }

    /// A state from its saved form, checked, with the spec it was made
    /// with.
    pub fn decode(bytes: &[u8]) -> Result<(ColumnSpec, ColumnState)> {
        let payload = parts::unseal(COLUMN_MAGIC, bytes, "a column profile state")?;
        let wire: ColumnStateWire = postcard::from_bytes(payload)
            .map_err(|e| crate::profile::state::damaged(format!("{e}")))?;
        let mut profile = ColumnProfile::from_wire(wire.profile)?;
        profile.encoder = std::mem::take(&mut profile.encoder).choosing_only();
        Ok((wire.spec, ColumnState { profile }))
    }

    /// How the column's values are grouped for risk, or `None` when a
    /// scan would keep no copy of it (an identifier, prose, values that
    /// nothing reads as personal).
    pub fn risk_form(&self) -> Option<RiskForm> {
        let e = &self.profile.encoder;
        e.active().then_some(if e.districts() {
            RiskForm::Districts
        } else {
            RiskForm::Values
        })
    }
}

/// How a column's values are grouped for risk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskForm {
    /// As they are (trimmed, null tokens empty).
    Values,
    /// Street addresses as their districts.
    Districts,
}

impl RiskForm {
    /// The form's name in function arguments.
    pub fn as_str(self) -> &'static str {
        match self {
            RiskForm::Values => "values",
            RiskForm::Districts => "districts",
        }
    }

    /// The form a name gives.
    pub fn parse(name: &str) -> Option<RiskForm> {
        match name {
            "values" => Some(RiskForm::Values),
            "districts" => Some(RiskForm::Districts),
            _ => None,
        }
    }
}

/// A cell's value as risk encodes it, in `form`: `None` for an empty
/// cell (a null token, spaces, a null), which is one value of its own.
pub fn risk_value(cell: Option<&str>, form: RiskForm) -> Option<String> {
    let t = clean_cell(cell.unwrap_or(""));
    if t.is_empty() {
        return None;
    }
    Some(match form {
        RiskForm::Values => t.to_string(),
        RiskForm::Districts => crate::dict::places::district_of(t),
    })
}

/// A table's merged column states and what the report says of its input.
#[derive(Debug)]
pub struct TableStates {
    /// The column names, in order.
    pub names: Vec<String>,
    /// Data rows.
    pub rows: u64,
    /// Each column's state, in order.
    pub columns: Vec<ColumnState>,
    /// The input block's facts (bytes, hash, encoding, delimiter).
    pub input: Relayed,
    /// The files read, when there were several.
    pub parts: Option<Vec<PartInfo>>,
}

/// The risk columns' values grouped with counts: one row per distinct
/// tuple, as `SELECT …, count(*) … GROUP BY …` returns it.
#[derive(Clone, Debug, Default)]
pub struct Grouped {
    /// The columns grouped ([`Scanner::risk_columns`]), by index.
    pub columns: Vec<usize>,
    /// Per grouped column, its value in each tuple (`None`: empty).
    pub values: Vec<Vec<Option<String>>>,
    /// Per tuple, the records it stands for.
    pub counts: Vec<u64>,
}

/// The distinct tuples an engine may hand back for risk: past this the
/// measures are left out, as they are for columns too many-valued to
/// keep.
pub const MAX_TUPLES: usize = crate::profile::encode::ROW_CAP;

impl Scanner {
    /// A finished scan of the table whose merged column states are given:
    /// its report has the columns and summary, and waits for the risk
    /// columns' grouped values ([`Scanner::risk_columns`],
    /// [`Scanner::finish_grouped`]) for its risk and suggestions.
    pub fn of_states(opts: ScanOptions, table: TableStates) -> Result<Scanner> {
        if table.columns.len() != table.names.len() {
            return Err(Error::new(ErrorKind::Options(format!(
                "{} column states for {} columns",
                table.columns.len(),
                table.names.len()
            ))));
        }
        opts.validate()?;
        let width = table.names.len();
        let part = TablePart {
            header: Some(table.names),
            width: Some(width),
            rows: table.rows,
            columns: table.columns.into_iter().map(|c| c.profile).collect(),
            ..TablePart::default()
        };
        let mut s = Scanner::new(opts)?;
        s.table = std::mem::take(&mut s.table).inline();
        s.table.absorb_part(part);
        s.grouped = Some(Arc::from(Vec::new()));
        let mut input = table.input;
        input.rows = s.table.rows;
        let mut report = s.finish_relayed(input)?;
        report.input.parts = table.parts;
        s.report = Some(report);
        Ok(s)
    }

    /// The columns whose values risk groups (the quasi-identifiers and
    /// sensitive columns of the report, or those the options name, and
    /// the street addresses the masking search cuts to their districts),
    /// each with the form a scan would keep it in; those a scan would keep
    /// no copy of are left out, as they are from a scan's measures.
    /// `states`: each column's [`ColumnState::risk_form`].
    pub fn risk_columns(&self, states: &[Option<RiskForm>]) -> Result<Vec<(usize, RiskForm)>> {
        let report = self.finished_report()?;
        let opts = self.default_risk_options(report)?;
        let addresses = report
            .columns
            .iter()
            .filter(|c| c.entity == crate::entity::Entity::StreetAddress && c.kind == Kind::Direct)
            .map(|c| c.index);
        let mut cols: Vec<usize> = opts
            .quasi_identifiers
            .iter()
            .chain(&opts.sensitive)
            .copied()
            .chain(addresses)
            .collect();
        cols.sort_unstable();
        cols.dedup();
        Ok(cols
            .into_iter()
            .filter_map(|i| Some((i, (*states.get(i)?)?)))
            .collect())
    }

    /// The report with its risk, policy check and suggestions, measured on
    /// the grouped values of the risk columns.
    pub fn finish_grouped(&mut self, grouped: Grouped) -> Result<Report> {
        let mut report = self.finished_report()?.clone();
        let tuples = grouped.counts.len();
        if grouped.values.len() != grouped.columns.len()
            || grouped.values.iter().any(|v| v.len() != tuples)
        {
            return Err(Error::new(ErrorKind::Options(
                "the grouped values do not line up with their columns and counts".into(),
            )));
        }
        let width = report.columns.len();
        let records: u64 = grouped.counts.iter().sum();
        if records != report.input.rows {
            return Err(Error::new(ErrorKind::Options(format!(
                "the grouped counts add up to {records} records, and the table has {} rows",
                report.input.rows
            ))));
        }
        let keep = column_specs(&self.opts, &self.names)?;
        let mut encoded: Vec<EncodedColumn> = vec![EncodedColumn::default(); width];
        if tuples <= MAX_TUPLES {
            for (&i, values) in grouped.columns.iter().zip(&grouped.values) {
                if i >= width {
                    continue;
                }
                let column = EncodedColumn::from_values(values);
                if keep[i].keep || copy_fits(column.cardinality() - 1, records as usize) {
                    encoded[i] = column;
                }
            }
        }
        self.encoded = encoded;
        self.grouped = Some(Arc::from(grouped.counts));
        report.risk = None;
        report.suggestions = Vec::new();
        report.policy = None;
        let report = self.measure(report)?;
        self.report = Some(report.clone());
        Ok(report)
    }
}

/// One column's verdict as the report gives it, from its state alone (no
/// other column is weighed, as a scan weighs its neighbours).
pub fn column_report(spec: &ColumnSpec, state: &ColumnState) -> Result<ColumnReport> {
    let s = Scanner::of_states(
        ScanOptions {
            as_of: spec.as_of.clone(),
            ..ScanOptions::default()
        },
        TableStates {
            names: vec![spec.name.clone()],
            rows: state.profile.cells,
            columns: vec![state.clone()],
            input: Relayed {
                bytes: 1,
                encoding: "UTF-8".into(),
                encoding_confidence: "valid_utf8".into(),
                delimiter: b',',
                ..Relayed::default()
            },
            parts: None,
        },
    )?;
    let mut report = s.finished_report()?.clone();
    report
        .columns
        .pop()
        .ok_or_else(|| Error::new(ErrorKind::Options("no column".into())))
}

/// One column of a plan resolved for an engine that masks cell by cell.
#[derive(Clone, Debug)]
pub struct ColumnMask {
    /// What the column was judged to hold (operators mask by it).
    pub entity: crate::entity::Entity,
    /// Its cell operators in order, with their parameters.
    pub steps: Vec<(String, crate::mask::operators::Params)>,
    /// Removed from the output.
    pub drop: bool,
    /// Suppressed (`*`) in records whose class is smaller than k.
    pub suppress: bool,
}

/// A plan resolved for an engine ([`Scanner::engine_plan`]).
#[derive(Clone, Debug, Default)]
pub struct EnginePlan {
    /// Per column of the input.
    pub columns: Vec<ColumnMask>,
    /// The class size below which records are suppressed, when any
    /// column is.
    pub k: Option<u32>,
    /// Whole records are dropped rather than their cells suppressed.
    pub drop_records: bool,
    /// What the plan still leaks.
    pub warnings: Vec<crate::mask::plan::Lint>,
    /// The plan, its columns as indexes.
    pub plan: Vec<crate::mask::plan::Step>,
    /// The quasi-identifiers and sensitive columns the scan of the output
    /// measures, as its column names.
    pub after_qi: Vec<String>,
    /// See `after_qi`.
    pub after_sensitive: Vec<String>,
}

impl Scanner {
    /// `steps` resolved against the finished scan, each operator built
    /// once to check its parameters (with a stand-in key: the engine's
    /// workers read the real one from their key file), as the masker
    /// resolves them.
    pub fn engine_plan(&self, steps: &[crate::mask::plan::Step]) -> Result<EnginePlan> {
        let report = self.finished_report()?;
        let quasi = report
            .risk
            .as_ref()
            .map(|r| r.quasi_identifiers.clone())
            .unwrap_or_default();
        let stand_in = [0u8; crate::key::Key::NEW_BYTES];
        let r = crate::mask::apply::resolve(
            &self.names,
            &masking::column_facts(report),
            &quasi,
            steps,
            Some(&stand_in),
        )?;
        let names = |cols: &[usize]| cols.iter().map(|&i| self.names[i].clone()).collect();
        Ok(EnginePlan {
            after_qi: names(&r.after_qi),
            after_sensitive: names(&r.after_sensitive),
            columns: r
                .columns
                .into_iter()
                .enumerate()
                .map(|(i, c)| ColumnMask {
                    entity: report
                        .columns
                        .get(i)
                        .map_or(crate::entity::Entity::None, |c| c.entity),
                    steps: c.steps,
                    drop: c.drop,
                    suppress: c.suppress,
                })
                .collect(),
            k: r.k,
            drop_records: r.drop_records,
            warnings: r.warnings,
            plan: r.plan,
        })
    }
}
