//! The `privscan` command: a thin layer over [`privscan::pipeline`]. It
//! parses arguments, makes one pipeline call and prints the report.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::main());
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    mod batch;
    mod mask;

    use clap::{Parser, Subcommand, ValueEnum};
    use indicatif::{ProgressBar, ProgressStyle};
    use privscan::i18n::{dictionary, params, Dictionary};
    use privscan::pipeline::{scan_reader, ScanOptions};
    use privscan::report::Report;
    use privscan::synth::{
        decoy_columns, encode, linkage_tables, mixed_columns, personal_columns, ColumnSpec,
        Headers, Table,
    };
    use privscan::Kind;
    use serde_json::json;
    use std::io::{self, IsTerminal, Read, Write};
    use unicode_width::UnicodeWidthStr;

    /// Finds personal data in a table before it is shared.
    #[derive(Parser)]
    #[command(name = "privscan", version, about, long_about = None)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    /// How a table file is read.
    #[derive(clap::Args, Clone)]
    pub(crate) struct ReadArgs {
        /// Force the input encoding (utf-8, gbk, gb18030, big5, shift_jis, utf-16le, windows-1252 …).
        #[arg(long, value_name = "LABEL")]
        pub(crate) encoding: Option<String>,
        /// Force the delimiter (`,` `;` `|` `tab`).
        #[arg(long, value_name = "C")]
        pub(crate) delimiter: Option<String>,
        /// The first row is data, not a header.
        #[arg(long, conflicts_with = "header")]
        pub(crate) no_header: bool,
        /// The first row is a header.
        #[arg(long)]
        pub(crate) header: bool,
        /// Largest field accepted, in MiB.
        #[arg(long, value_name = "MIB", default_value_t = 16)]
        pub(crate) max_field_mib: usize,
        /// The sheet of a workbook (.xlsx, .xls, .ods) to read: a name or
        /// a 0-based index (default: the first).
        #[arg(long, value_name = "SHEET")]
        pub(crate) sheet: Option<String>,
        /// Threads to read and profile the file on (default: every core;
        /// 1: one thread, as in the browser). From 4 threads, files from
        /// 8 MiB are cut at record boundaries into a part per two threads.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        pub(crate) threads: Option<u16>,
    }

    /// The columns risk is measured on, and the reference date (a part's
    /// profile depends on them).
    #[derive(clap::Args, Clone)]
    pub(crate) struct ColumnArgs {
        /// Quasi-identifiers for the risk measures: comma-separated column
        /// names or 0-based indexes (default: the columns judged quasi).
        #[arg(long, value_name = "COLS")]
        pub(crate) qi: Option<String>,
        /// Sensitive columns for l-diversity (default: those judged sensitive).
        #[arg(long, value_name = "COLS")]
        pub(crate) sensitive: Option<String>,
        /// Count minors (under 14, PIPL Art. 28/31) on this date,
        /// YYYY-MM-DD (default: today, UTC).
        #[arg(long, value_name = "DATE")]
        pub(crate) as_of: Option<String>,
    }

    /// What the report says and how it is printed.
    #[derive(clap::Args, Clone)]
    pub(crate) struct ReportArgs {
        /// Print the report as JSON (docs/report.schema.json) instead of a table.
        #[arg(long)]
        pub(crate) json: bool,
        /// Exit with code 1 when a column of these kinds is found
        /// (comma-separated: direct, quasi, sensitive, personal = any of them).
        #[arg(long, value_name = "KINDS")]
        pub(crate) fail_on: Option<String>,
        /// Target k: records in smaller groups count as at risk (at least
        /// 1; default: the policy's, else 5).
        #[arg(long, value_name = "N")]
        pub(crate) k: Option<u32>,
        /// Share of the population the file holds (0–1], for the
        /// population-uniques estimate.
        #[arg(long, value_name = "F", default_value_t = 0.01)]
        pub(crate) sampling_fraction: f64,
        /// Examine every combination of up to N quasi-identifiers (0–3) for
        /// the drivers, however long it takes (default: up to 3 within
        /// about a second).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=3))]
        pub(crate) drivers: Option<u8>,
        /// The provider is a critical information infrastructure
        /// operator: the cross-border route is always a security assessment.
        #[arg(long)]
        pub(crate) cii: bool,
        /// The file holds important data (重要数据): likewise.
        #[arg(long)]
        pub(crate) important_data: bool,
        /// The purpose of processing: statistics, medical_research,
        /// credit_risk, marketing_contact, academic_sharing. Personal
        /// columns it does not need are listed (`minimisation`) and
        /// dropped by the suggested plan.
        #[arg(long, value_name = "CODE")]
        pub(crate) purpose: Option<String>,
        /// A policy preset: pipl (GB/T 37964, k = 5), hipaa-safe-harbor
        /// (45 CFR 164.514(b)(2)) or gdpr (pseudonyms and k). The report
        /// gives each column's rule and the suggestions follow them.
        #[arg(long, value_name = "POLICY")]
        pub(crate) policy: Option<String>,
        /// A settings profile (JSON, `privscan.profile/1`, as the page
        /// exports it): its policy, k, purpose, quasi-identifier and
        /// sensitive columns, where these options do not say otherwise.
        #[arg(long, value_name = "PROFILE.json")]
        pub(crate) profile: Option<String>,
        /// Language of the table printed without --json: en, zh or
        /// zh-Hant (the JSON report is coded and language-neutral).
        #[arg(long, value_name = "LANG", default_value = "en", value_parser = parse_lang)]
        pub(crate) lang: String,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Scan a CSV file (or `-` for standard input) for personal data.
        Scan {
            /// The file to scan, or `-` for standard input; several files
            /// or directories (walked for .csv, .tsv, .txt and workbooks)
            /// scan as a batch: a line per file and a total, or one
            /// `privscan.batch/1` document with --json.
            #[arg(required = true, num_args = 1..)]
            files: Vec<String>,
            #[command(flatten)]
            read: ReadArgs,
            #[command(flatten)]
            columns: ColumnArgs,
            #[command(flatten)]
            report: ReportArgs,
        },
        /// Profile one part of a table (a file with the table's header line
        /// and some of its rows) into a state file, for `privscan merge`.
        Profile {
            /// The part to profile.
            file: String,
            /// Where to write the state (a `.pstate` file).
            #[arg(long, value_name = "OUT.pstate")]
            state: String,
            #[command(flatten)]
            read: ReadArgs,
            #[command(flatten)]
            columns: ColumnArgs,
        },
        /// Merge the states of a table's parts, in the order of their rows,
        /// into the report `privscan scan` gives of the whole table.
        Merge {
            /// The parts' states, as `privscan profile --state` wrote them.
            #[arg(required = true, num_args = 1..)]
            states: Vec<String>,
            #[command(flatten)]
            columns: ColumnArgs,
            #[command(flatten)]
            report: ReportArgs,
        },
        /// Mask a CSV file: apply a plan (or the suggested one) and write the
        /// masked file, with a report of what was done and the risk after.
        Mask(mask::Args),
        /// Write a synthetic table (made-up people) for tests, demos and benchmarks.
        Generate {
            /// Data rows.
            #[arg(long, default_value_t = 1000)]
            rows: usize,
            /// Header style.
            #[arg(long, value_enum, default_value_t = HeaderStyle::Zh)]
            headers: HeaderStyle,
            /// Add look-alike columns that are not personal.
            #[arg(long)]
            decoys: bool,
            /// Which columns: every entity (`wide`), a typical customer/order
            /// export (`mixed`, 15 columns; ignores --decoys), or the two
            /// tables of the linkage demo from the same people: a clinic's
            /// visits without names (`clinic`) and a public register with
            /// names (`register`; about 1.3 rows per clinic row).
            #[arg(long, value_enum, default_value_t = Profile::Wide)]
            profile: Profile,
            /// Random seed.
            #[arg(long, default_value_t = 1)]
            seed: u64,
            /// Output file (default: standard output).
            #[arg(long)]
            out: Option<String>,
            /// Output encoding: utf-8, utf-8-bom, utf-16le, utf-16be (add -nobom), gbk, gb18030 …
            #[arg(long, default_value = "utf-8")]
            encoding: String,
            /// Field delimiter: `,` `;` `|` `tab`.
            #[arg(long, default_value = ",")]
            delimiter: String,
        },
    }

    #[derive(Clone, Copy, ValueEnum)]
    enum Profile {
        Wide,
        Mixed,
        Clinic,
        Register,
    }

    #[derive(Clone, Copy, ValueEnum)]
    enum HeaderStyle {
        Zh,
        En,
        Meaningless,
        None,
    }

    /// Reads a settings profile (`--profile FILE`).
    pub(crate) fn read_settings(path: &str) -> Result<privscan::pipeline::Settings, Failure> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Io(format!("cannot read {path}: {e}")))?;
        privscan::pipeline::Settings::parse(&text).map_err(Failure::about(path))
    }

    /// Runs the CLI and returns the exit code.
    pub fn main() -> i32 {
        let cli = match Cli::try_parse() {
            Ok(c) => c,
            Err(e) => {
                let code = if e.use_stderr() { 2 } else { 0 };
                let _ = e.print();
                return code;
            }
        };
        let result = match cli.command {
            Command::Scan {
                files,
                read,
                columns,
                report,
            } => {
                let batch = files.len() > 1 || std::path::Path::new(&files[0]).is_dir();
                let file = files[0].clone();
                let mut opts = scan_options(Some(&read), &columns, Some(&report));
                opts.name = (file != "-").then(|| display_name(&file));
                match report_settings(&report, &mut opts) {
                    Ok(gate) if batch => batch::run(&files, opts, report.json, &gate, &report.lang),
                    Ok(gate) => scan(&file, opts, report.json, gate, &report.lang),
                    Err(e) => Err(e),
                }
            }
            Command::Profile {
                file,
                state,
                read,
                columns,
            } => {
                let mut opts = scan_options(Some(&read), &columns, None);
                opts.name = Some(display_name(&file));
                profile_part(&file, &state, opts)
            }
            Command::Merge {
                states,
                columns,
                report,
            } => {
                let mut opts = scan_options(None, &columns, Some(&report));
                // The reference date is the parts' unless given.
                opts.as_of = columns.as_of.clone();
                match report_settings(&report, &mut opts) {
                    Ok(gate) => merge(&states, opts, report.json, gate, &report.lang),
                    Err(e) => Err(e),
                }
            }
            Command::Mask(args) => mask::run(args),
            Command::Generate {
                rows,
                headers,
                decoys,
                profile,
                seed,
                out,
                encoding,
                delimiter,
            } => match privscan::pipeline::parse_delimiter(&delimiter) {
                Err(e) => Err(Failure::from(e)),
                Ok(d) => match profile {
                    Profile::Clinic | Profile::Register => {
                        let (clinic, register) = linkage_tables(rows, header_style(headers), seed);
                        let t = if let Profile::Clinic = profile {
                            clinic
                        } else {
                            register
                        };
                        write_table(&t, out, &encoding, d)
                    }
                    Profile::Mixed | Profile::Wide => {
                        let specs = match profile {
                            Profile::Wide if decoys => personal_columns()
                                .into_iter()
                                .chain(decoy_columns())
                                .collect(),
                            Profile::Wide => personal_columns(),
                            _ => mixed_columns(),
                        };
                        generate(&specs, rows, headers, seed, out, &encoding, d)
                    }
                },
            },
        };
        match result {
            Ok(()) => 0,
            Err(Failure::BrokenPipe) => 0,
            Err(f) => {
                eprintln!("privscan: {f}");
                f.exit_code()
            }
        }
    }

    /// Today's date in UTC, `YYYY-MM-DD`.
    pub(crate) fn today() -> String {
        privscan::calendar::today()
    }

    /// A language the dictionaries hold (`--lang`).
    pub(crate) fn parse_lang(s: &str) -> Result<String, String> {
        if privscan::i18n::known(s) {
            Ok(s.to_string())
        } else {
            let tags: Vec<&str> = privscan::i18n::LANGS.iter().map(|l| l.0).collect();
            Err(format!("unknown language {s:?} (use {})", tags.join(", ")))
        }
    }

    /// How a command failed; each maps to an exit code (README "Exit
    /// codes"), and the core's errors keep their kind to the end.
    pub(crate) enum Failure {
        /// stdout was closed (`privscan … | head`): exit 0.
        BrokenPipe,
        /// The findings gate (`--fail-on`) tripped: exit 1.
        Gate(String),
        /// Wrong arguments: exit 2.
        Usage(String),
        /// An error of the core, with what it was about (a file name):
        /// its kind decides the exit code.
        Core(Option<String>, privscan::Error),
        /// A file could not be opened, read or written: exit 4.
        Io(String),
        /// A file of a batch could not be scanned: its own exit code.
        Batch(i32, String),
    }

    impl Failure {
        pub(crate) fn exit_code(&self) -> i32 {
            match self {
                Failure::BrokenPipe => 0,
                Failure::Gate(_) => 1,
                Failure::Usage(_) => 2,
                Failure::Core(_, e) => e.exit_code(),
                Failure::Io(_) => 4,
                Failure::Batch(code, _) => *code,
            }
        }

        /// A core error about `what` (a file).
        pub(crate) fn about(what: &str) -> impl FnOnce(privscan::Error) -> Failure + '_ {
            move |e| Failure::Core(Some(what.to_string()), e)
        }
    }

    impl std::fmt::Display for Failure {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                Failure::BrokenPipe => f.write_str("broken pipe"),
                Failure::Gate(m) | Failure::Usage(m) | Failure::Io(m) | Failure::Batch(_, m) => {
                    f.write_str(m)
                }
                Failure::Core(Some(what), e) => write!(f, "{what}: {e}"),
                Failure::Core(None, e) => write!(f, "{e}"),
            }
        }
    }

    impl From<privscan::Error> for Failure {
        fn from(e: privscan::Error) -> Self {
            Failure::Core(None, e)
        }
    }

    /// Parses `--fail-on` kinds into the set of kinds that trip the gate.
    fn parse_gate(s: &str) -> Result<Vec<Kind>, Failure> {
        let mut kinds = Vec::new();
        for k in s.split(',').map(str::trim).filter(|k| !k.is_empty()) {
            match k {
                "direct" => kinds.push(Kind::Direct),
                "quasi" => kinds.push(Kind::Quasi),
                "sensitive" => kinds.push(Kind::Sensitive),
                "personal" | "any" => kinds.extend([Kind::Direct, Kind::Quasi, Kind::Sensitive]),
                other => {
                    return Err(Failure::Usage(format!(
                    "--fail-on: unknown kind {other:?} (use direct, quasi, sensitive or personal)"
                )))
                }
            }
        }
        Ok(kinds)
    }

    impl From<io::Error> for Failure {
        fn from(e: io::Error) -> Self {
            if e.kind() == io::ErrorKind::BrokenPipe {
                Failure::BrokenPipe
            } else {
                Failure::Io(format!("write error: {e}"))
            }
        }
    }

    pub(crate) fn display_name(path: &str) -> String {
        std::path::Path::new(path)
            .file_name()
            .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
    }

    /// Reads a whole workbook (they are bounded: see the workbook limits),
    /// after `head`, the bytes already read.
    #[cfg(feature = "excel")]
    pub(crate) fn read_workbook(mut head: Vec<u8>, mut r: impl Read) -> io::Result<Vec<u8>> {
        let limit = privscan::input::excel::Limits::default().max_bytes;
        r.by_ref()
            .take(limit + 1 - head.len().min(limit as usize) as u64)
            .read_to_end(&mut head)?;
        Ok(head)
    }

    /// Whether the bytes start like a workbook this build can read.
    pub(crate) fn workbook(head: &[u8]) -> bool {
        #[cfg(feature = "excel")]
        return privscan::input::excel::looks_like_workbook(head);
        #[cfg(not(feature = "excel"))]
        return {
            let _ = head;
            false
        };
    }

    /// The first bytes of a reader, to tell a workbook from text.
    pub(crate) fn peek(r: &mut impl Read) -> io::Result<Vec<u8>> {
        let mut head = vec![0u8; 8];
        let mut n = 0;
        while n < head.len() {
            match r.read(&mut head[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        head.truncate(n);
        Ok(head)
    }

    /// The scan options the argument groups give (a group that is absent
    /// leaves its options at their defaults).
    fn scan_options(
        read: Option<&ReadArgs>,
        columns: &ColumnArgs,
        report: Option<&ReportArgs>,
    ) -> ScanOptions {
        let cols = |s: &Option<String>| {
            s.as_ref()
                .map(|s| s.split(',').map(|c| c.trim().to_string()).collect())
        };
        let mut opts = ScanOptions {
            qi: cols(&columns.qi),
            sensitive: cols(&columns.sensitive),
            as_of: Some(columns.as_of.clone().unwrap_or_else(today)),
            ..ScanOptions::default()
        };
        if let Some(r) = read {
            opts.encoding = r.encoding.clone();
            opts.delimiter = r.delimiter.clone();
            opts.has_header = if r.no_header {
                Some(false)
            } else if r.header {
                Some(true)
            } else {
                None
            };
            opts.field_cap = Some(r.max_field_mib.max(1) << 20);
            opts.sheet = r.sheet.clone();
            opts.threads = r.threads.map(usize::from);
        }
        if let Some(r) = report {
            opts.k = r.k;
            opts.sampling_fraction = Some(r.sampling_fraction);
            opts.drivers = r.drivers.map(usize::from);
            opts.cii = r.cii;
            opts.important_data = r.important_data;
            opts.purpose = r.purpose.clone();
            opts.policy = r.policy.clone();
        }
        opts
    }

    /// Applies the settings profile (`--profile`) and returns the
    /// findings gate (`--fail-on`).
    fn report_settings(report: &ReportArgs, opts: &mut ScanOptions) -> Result<Vec<Kind>, Failure> {
        let gate = report.fail_on.as_deref().map(parse_gate).transpose()?;
        if let Some(s) = report.profile.as_deref().map(read_settings).transpose()? {
            s.fill(opts);
        }
        Ok(gate.unwrap_or_default())
    }

    /// `privscan profile`: one part's state, written to `out`.
    fn profile_part(file: &str, out: &str, opts: ScanOptions) -> Result<(), Failure> {
        opts.validate()?;
        let f = std::fs::File::open(file)
            .map_err(|e| Failure::Io(format!("cannot open {file}: {e}")))?;
        let size = f.metadata().ok().map(|m| m.len());
        let bar = progress_bar(size);
        let part = privscan::pipeline::profile_file_handle(f, opts, |done| {
            if let Some(b) = &bar {
                b.set_position(done);
            }
        })
        .map_err(Failure::about(file))?;
        if let Some(b) = &bar {
            b.finish_and_clear();
        }
        let bytes = part.encode().map_err(Failure::about(file))?;
        std::fs::write(out, bytes).map_err(|e| Failure::Io(format!("cannot write {out}: {e}")))?;
        eprintln!(
            "privscan: {file}: {} rows, {} columns profiled into {out}",
            part.table.rows,
            part.table.columns.len()
        );
        Ok(())
    }

    /// `privscan merge`: the report of the table whose parts' states are
    /// given, printed as `scan` prints one.
    fn merge(
        states: &[String],
        opts: ScanOptions,
        json: bool,
        gate: Vec<Kind>,
        lang: &str,
    ) -> Result<(), Failure> {
        opts.validate()?;
        let mut read = Vec::with_capacity(states.len());
        for path in states {
            let bytes =
                std::fs::read(path).map_err(|e| Failure::Io(format!("cannot read {path}: {e}")))?;
            read.push((path.clone(), bytes));
        }
        let (_, report) = privscan::pipeline::merge_states(opts, &read)?;
        emit(&report, json, gate, lang)
    }

    fn scan(
        file: &str,
        opts: ScanOptions,
        json: bool,
        gate: Vec<Kind>,
        lang: &str,
    ) -> Result<(), Failure> {
        let report = scan_report(file, opts, true)?;
        emit(&report, json, gate, lang)
    }

    /// Prints a report (a table, or JSON) and applies the findings gate.
    fn emit(report: &Report, json: bool, gate: Vec<Kind>, lang: &str) -> Result<(), Failure> {
        // Buffered: stdout is line-buffered, and a wide report has a line per field.
        let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
        if json {
            serde_json::to_writer_pretty(&mut out, report)
                .map_err(|e| Failure::from(io::Error::from(e)))?;
            writeln!(out)?;
        } else {
            print_table(&mut out, report, dictionary(lang))?;
        }
        out.flush()?;
        let tripped: Vec<&str> = report
            .columns
            .iter()
            .filter(|c| gate.contains(&c.kind))
            .map(|c| c.name.as_str())
            .collect();
        if !tripped.is_empty() {
            let p = params(json!({"n": tripped.len(), "cols": tripped.join(", ")}));
            return Err(Failure::Gate(dictionary(lang).render("cli.gate", &p)));
        }
        Ok(())
    }

    /// The report of one file (`-`: standard input), CSV or workbook, with
    /// a progress bar on a terminal when `progress` is set.
    pub(crate) fn scan_report(
        file: &str,
        opts: ScanOptions,
        progress: bool,
    ) -> Result<privscan::Report, Failure> {
        opts.validate()?;
        let plain = file != "-" && !std::path::Path::new(file).is_dir();
        let (mut reader, size): (Box<dyn Read>, Option<u64>) = if file == "-" {
            (Box::new(io::stdin().lock()), None)
        } else {
            let f = std::fs::File::open(file)
                .map_err(|e| Failure::Io(format!("cannot open {file}: {e}")))?;
            let size = f.metadata().ok().map(|m| m.len());
            (Box::new(f), size)
        };
        let head = peek(&mut reader)?;
        let report = if workbook(&head) {
            #[cfg(feature = "excel")]
            {
                let bytes = read_workbook(head, reader)?;
                privscan::pipeline::scan_workbook(&bytes, opts).map(|(_, r, _)| r)
            }
            #[cfg(not(feature = "excel"))]
            unreachable!("workbooks are not read by this build")
        } else {
            let bar = if progress { progress_bar(size) } else { None };
            let tick = |done| {
                if let Some(b) = &bar {
                    b.set_position(done);
                }
            };
            let report = if plain {
                // A file is read again from its start, in parts on every core.
                drop(reader);
                privscan::pipeline::scan_file(std::path::Path::new(file), opts, tick)
            } else {
                scan_reader(io::Cursor::new(head).chain(reader), opts, tick)
            };
            if let Some(b) = &bar {
                b.finish_and_clear();
            }
            report
        };
        report.map_err(|e| Failure::Core((file != "-").then(|| file.to_string()), e))
    }

    /// A bar counting files on a terminal.
    pub(crate) fn progress_count(n: u64) -> Option<ProgressBar> {
        styled_bar(
            Some(n),
            "{spinner} scanning [{bar:30}] {pos}/{len} files eta {eta}",
        )
    }

    /// A bar counting the bytes of a file on a terminal (a spinner when
    /// the size is unknown).
    pub(crate) fn progress_bar(size: Option<u64>) -> Option<ProgressBar> {
        styled_bar(
            size,
            "{spinner} scanning [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
        )
    }

    fn styled_bar(total: Option<u64>, template: &str) -> Option<ProgressBar> {
        if !io::stderr().is_terminal() {
            return None;
        }
        let bar = match total {
            Some(n) => ProgressBar::new(n),
            None => ProgressBar::new_spinner(),
        };
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        Some(bar)
    }

    fn pad(s: &str, w: usize) -> String {
        let width = s.width();
        if width >= w {
            s.to_string()
        } else {
            format!("{s}{}", " ".repeat(w - width))
        }
    }

    /// `s` right-aligned in `w` terminal columns (Chinese takes two).
    fn pad_left(s: &str, w: usize) -> String {
        format!("{}{s}", " ".repeat(w.saturating_sub(s.width())))
    }

    fn truncate(s: &str, w: usize) -> String {
        if s.width() <= w {
            return s.to_string();
        }
        let mut out = String::new();
        for c in s.chars() {
            if out.width() + 2 > w {
                break;
            }
            out.push(c);
        }
        out.push('…');
        out
    }

    fn print_table(out: &mut impl Write, r: &Report, d: &Dictionary) -> io::Result<()> {
        let i = &r.input;
        let name = i.name.as_deref().unwrap_or("<stdin>");
        if let Some(w) = &i.workbook {
            let p = params(json!({
                "name": name,
                "sheet": format!("{:?}", w.sheet),
                "pos": w.sheets.iter().position(|s| *s == w.sheet).map_or(1, |p| p + 1),
                "count": w.sheets.len(),
                "format": w.format,
                "rows": i.rows,
                "columns": i.columns,
            }));
            writeln!(out, "{}", d.render("cli.input.workbook", &p))?;
        } else {
            let p = params(json!({
                "name": name,
                "rows": i.rows,
                "columns": i.columns,
                "encoding": i.encoding,
                "confidence": i.encoding_confidence,
                "delimiter": format!("{:?}", i.delimiter),
                "header": d.get(if i.has_header { "cli.header_row" } else { "cli.no_header_row" }),
            }));
            writeln!(out, "{}", d.render("cli.input.text", &p))?;
        }
        let a = &i.anomalies;
        if a.ragged_rows + a.replaced_bytes + a.nul_bytes > 0 {
            let p = params(json!({
                "ragged": a.ragged_rows,
                "replaced": a.replaced_bytes,
                "nul": a.nul_bytes,
            }));
            writeln!(out, "{}", d.render("cli.tolerated", &p))?;
        }
        for (n, key) in [
            (a.title_rows, "{n#cli.title_rows}"),
            (a.header_rows, "{n#cli.header_rows}"),
            (a.footer_rows, "{n#cli.footer_rows}"),
        ] {
            if n > 0 {
                let p = params(json!({ "n": n }));
                writeln!(out, "{}", d.fill_template(key, &p))?;
            }
        }
        writeln!(out)?;
        let name_w = r
            .columns
            .iter()
            .map(|c| truncate(&c.name, 24).width())
            .max()
            .unwrap_or(4)
            .max(6);
        let kind_w = ["direct", "quasi", "sensitive", "none"]
            .iter()
            .map(|k| d.get(&format!("cli.kind.{k}")).width())
            .max()
            .unwrap_or(9)
            .max(9);
        writeln!(
            out,
            "{:>3}  {}  {} {} {}  {}  {}",
            "#",
            pad(d.get("cli.col.column"), name_w),
            pad(d.get("cli.col.entity"), 22),
            pad(d.get("cli.col.kind"), kind_w),
            pad_left(d.get("cli.col.conf"), 5),
            pad_left(d.get("cli.col.matched"), 13),
            d.get("cli.col.examples"),
        )?;
        for c in &r.columns {
            let matched = format!("{}/{}", c.matched, c.non_empty);
            writeln!(
                out,
                "{:>3}  {}  {:<22} {} {:>5.2}  {:>13}  {}",
                c.index,
                pad(&truncate(&c.name, 24), name_w),
                c.entity.name(),
                pad(d.get(&format!("cli.kind.{}", c.kind.as_str())), kind_w),
                c.confidence,
                matched,
                truncate(&c.examples.join(", "), 40)
            )?;
        }
        writeln!(out)?;
        writeln!(out, "{}", r.summary.verdict.render(d.tag()))?;
        if let Some(risk) = &r.risk {
            print_risk(out, r, risk, d)?;
        }
        Ok(())
    }

    fn print_risk(
        out: &mut impl Write,
        r: &Report,
        risk: &privscan::risk::RiskReport,
        d: &Dictionary,
    ) -> io::Result<()> {
        let name = |i: usize| {
            r.columns
                .get(i)
                .map_or_else(|| i.to_string(), |c| c.name.clone())
        };
        let names = |cols: &[usize]| {
            cols.iter()
                .map(|&i| name(i))
                .collect::<Vec<_>>()
                .join(" + ")
        };
        let pct = |n: u64| {
            let p = if risk.records == 0 {
                0.0
            } else {
                100.0 * n as f64 / risk.records as f64
            };
            format!("{p:.1}")
        };
        let line = |out: &mut dyn Write, key: &str, v: serde_json::Value| {
            writeln!(out, "{}", d.render(key, &params(v)))
        };
        writeln!(out)?;
        if risk.quasi_identifiers.is_empty() {
            return line(out, "cli.risk.none", json!({}));
        }
        line(
            out,
            "cli.risk.on",
            json!({"cols": names(&risk.quasi_identifiers), "records": risk.records}),
        )?;
        line(
            out,
            "cli.risk.k",
            json!({
                "k": risk.k,
                "unique": risk.unique_records,
                "unique_pct": pct(risk.unique_records),
                "at_risk": risk.records_at_risk,
                "at_risk_pct": pct(risk.records_at_risk),
                "target": risk.k_target,
            }),
        )?;
        line(
            out,
            "cli.risk.groups",
            json!({
                "classes": risk.classes,
                "pmax": format!("{:.2}", risk.prosecutor_risk_max),
                "pavg": format!("{:.2}", risk.prosecutor_risk_avg),
                "marketer": format!("{:.2}", risk.marketer_risk),
            }),
        )?;
        for (col, l) in &risk.l_diversity {
            let entropy = risk.l_diversity_entropy.get(col).copied().unwrap_or(0.0);
            let col: usize = col.parse().unwrap_or(usize::MAX);
            line(
                out,
                "cli.risk.l",
                json!({"col": name(col), "l": l, "entropy": format!("{entropy:.2}")}),
            )?;
        }
        if let Some(p) = &risk.population {
            line(
                out,
                "cli.risk.population",
                json!({
                    "share": format!("{:.1}", 100.0 * p.population_uniques_share),
                    "fraction": format!("{:.0}", 100.0 * p.sampling_fraction),
                }),
            )?;
        }
        if !risk.high_cardinality.is_empty() {
            line(
                out,
                "cli.risk.left_out",
                json!({"cols": names(&risk.high_cardinality)}),
            )?;
        }
        if risk.drivers_max_size < 3 && risk.quasi_identifiers.len() > risk.drivers_max_size {
            line(
                out,
                "cli.risk.drivers_limited",
                json!({"n": risk.drivers_max_size}),
            )?;
        }
        for dr in risk.drivers.iter().take(5) {
            line(
                out,
                "cli.risk.driver",
                json!({
                    "cols": names(&dr.columns),
                    "ncols": dr.columns.len(),
                    "unique": dr.unique_records,
                    "pct": pct(dr.unique_records),
                    "minimal": dr.minimal_unique_records,
                }),
            )?;
        }
        Ok(())
    }

    fn header_style(headers: HeaderStyle) -> Headers {
        match headers {
            HeaderStyle::Zh => Headers::Chinese,
            HeaderStyle::En => Headers::English,
            HeaderStyle::Meaningless => Headers::Meaningless,
            HeaderStyle::None => Headers::None,
        }
    }

    fn create_out(out: &Option<String>, encoding: &str) -> Result<Box<dyn Write>, Failure> {
        if encode("", encoding).is_none() {
            return Err(Failure::Usage(format!("unknown encoding {encoding:?}")));
        }
        Ok(match out {
            Some(p) => Box::new(io::BufWriter::new(
                std::fs::File::create(p)
                    .map_err(|e| Failure::Io(format!("cannot create {p}: {e}")))?,
            )),
            None => Box::new(io::BufWriter::new(io::stdout().lock())),
        })
    }

    /// Writes a whole generated table (the small demo tables).
    fn write_table(
        t: &Table,
        out: Option<String>,
        encoding: &str,
        delimiter: u8,
    ) -> Result<(), Failure> {
        let mut w = create_out(&out, encoding)?;
        w.write_all(&encode(&t.to_csv(delimiter), encoding).unwrap_or_default())?;
        w.flush()?;
        Ok(())
    }

    fn generate(
        specs: &[ColumnSpec],
        rows: usize,
        headers: HeaderStyle,
        seed: u64,
        out: Option<String>,
        encoding: &str,
        delimiter: u8,
    ) -> Result<(), Failure> {
        let mut w = create_out(&out, encoding)?;
        let h = header_style(headers);
        // Generate in blocks so that large benchmark files stream.
        let block = 10_000;
        let mut done = 0;
        let mut first = true;
        while done < rows {
            let n = block.min(rows - done);
            let mut t = Table::generate(specs, n, h, seed.wrapping_add(done as u64));
            if !first {
                t.header = None;
            }
            // Only the first block carries a byte order mark.
            let label = if first {
                encoding
            } else {
                match encoding.to_ascii_lowercase().as_str() {
                    "utf-8-bom" | "utf8-bom" => "utf-8",
                    "utf-16le" | "utf-16" => "utf-16le-nobom",
                    "utf-16be" => "utf-16be-nobom",
                    _ => encoding,
                }
            };
            let bytes = encode(&t.to_csv(delimiter), label).unwrap_or_default();
            w.write_all(&bytes)?;
            first = false;
            done += n;
        }
        w.flush()?;
        Ok(())
    }
}
