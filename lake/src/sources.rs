//! The files of a table in a lake: found under the paths given, checked
//! one by one before the engine reads them (a file that is not a table,
//! or not the same table, is named and left out, and the others are
//! read), and read as one DataFusion table whose every column is text.

use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::Result as DfResult;
use datafusion::prelude::{
    cast, col, ident, lit, CsvReadOptions, DataFrame, ParquetReadOptions, SessionContext,
};
use std::path::{Path, PathBuf};

/// How a file is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Delimited text, UTF-8, with a header line.
    Csv,
    /// Apache Parquet.
    Parquet,
}

/// One file of the table.
#[derive(Clone, Debug)]
pub struct Source {
    /// Where it is.
    pub path: PathBuf,
    /// How it is read.
    pub format: Format,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its column names (trimmed header cells, or Parquet field names).
    pub names: Vec<String>,
    /// The delimiter of a CSV file.
    pub delimiter: u8,
    /// The file starts with a UTF-8 byte order mark.
    pub bom: bool,
}

/// A file left out, and why.
#[derive(Clone, Debug)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// What is wrong with it, in a sentence.
    pub reason: String,
}

/// Bytes of a CSV file read to check it and find its header.
const HEAD: usize = 1 << 20;

/// The files under `paths`: files as given, directories walked (sorted,
/// hidden files and a writer's marker files such as `_SUCCESS` left out)
/// for `.csv`, `.tsv`, `.txt` and `.parquet` files.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Skipped>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut files, &mut skipped),
            Ok(_) => files.push(p.clone()),
            Err(e) => skipped.push(Skipped {
                path: p.clone(),
                reason: format!("cannot be read: {e}"),
            }),
        }
    }
    (files, skipped)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, skipped: &mut Vec<Skipped>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            skipped.push(Skipped {
                path: dir.to_path_buf(),
                reason: format!("cannot be listed: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name.starts_with('_') {
            continue;
        }
        if p.is_dir() {
            walk(&p, files, skipped);
        } else if matches!(
            extension(&p).to_ascii_lowercase().as_str(),
            "csv" | "tsv" | "txt" | "parquet"
        ) {
            files.push(p);
        }
    }
}

fn extension(p: &Path) -> &str {
    p.extension().and_then(|e| e.to_str()).unwrap_or("")
}

/// Checks a file and reads its header: a clear sentence for what cannot
/// be read as a table.
pub fn inspect(path: &Path, delimiter: Option<u8>) -> Result<Source, String> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|e| format!("cannot be opened: {e}"))?;
    let bytes = f
        .metadata()
        .map_err(|e| format!("cannot be read: {e}"))?
        .len();
    let mut head = Vec::with_capacity(HEAD.min(bytes as usize));
    (&mut f)
        .take(HEAD as u64)
        .read_to_end(&mut head)
        .map_err(|e| format!("cannot be read: {e}"))?;
    if head.starts_with(b"PAR1") || extension(path).eq_ignore_ascii_case("parquet") {
        return inspect_parquet(path, bytes);
    }
    if head.is_empty() {
        return Err("is empty".into());
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(
            "is UTF-16 text: convert it to UTF-8, or scan it with privscan, which reads UTF-16"
                .into(),
        );
    }
    if head.contains(&0) {
        return Err("is not a text table (it holds NUL bytes): a binary file, or UTF-16 without a byte order mark".into());
    }
    let cut = head.len() < bytes as usize;
    let text = match std::str::from_utf8(&head) {
        Ok(t) => t,
        // A character cut by the end of the sample is not an error.
        Err(e) if cut && e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(e) => {
            let guess = guess_encoding(&head);
            return Err(format!(
                "is not UTF-8 (byte {} is not; it reads as {guess}): convert it to UTF-8 (iconv -f {guess} -t UTF-8), or scan it with privscan, which reads {guess}",
                e.valid_up_to()
            ));
        }
    };
    let bom = text.starts_with('\u{feff}');
    let text = text.trim_start_matches('\u{feff}');
    let delimiter = delimiter
        .unwrap_or_else(|| privscan::input::dialect::sniff_delimiter(text.as_bytes(), !cut));
    let rows = privscan::input::dialect::parse_sample(text.as_bytes(), delimiter, 1, !cut);
    let names: Vec<String> = rows
        .into_iter()
        .next()
        .ok_or("has no header line")?
        .iter()
        .map(|h| privscan::cell::trim_cell(h).to_string())
        .collect();
    Ok(Source {
        path: path.to_path_buf(),
        format: Format::Csv,
        bytes,
        names,
        delimiter,
        bom,
    })
}

/// The encoding privscan's own decoder reads `head` in.
fn guess_encoding(head: &[u8]) -> &'static str {
    let mut d = privscan::input::decode::StreamDecoder::new(None);
    let mut out = Vec::new();
    let _ = d.feed(head, &mut out);
    let _ = d.finish(&mut out);
    d.encoding().name()
}

fn inspect_parquet(path: &Path, bytes: u64) -> Result<Source, String> {
    use datafusion::parquet::file::reader::{FileReader, SerializedFileReader};
    let f = std::fs::File::open(path).map_err(|e| format!("cannot be opened: {e}"))?;
    let reader =
        SerializedFileReader::new(f).map_err(|e| format!("is not a readable Parquet file: {e}"))?;
    let schema = reader.metadata().file_metadata().schema_descr();
    let names = schema
        .root_schema()
        .get_fields()
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    Ok(Source {
        path: path.to_path_buf(),
        format: Format::Parquet,
        bytes,
        names,
        delimiter: b',',
        bom: false,
    })
}

/// The internal name of column `j` (header names may repeat, be empty or
/// hold any character; the engine's names do not).
pub fn column_name(j: usize) -> String {
    format!("c{j}")
}

/// One file as a DataFrame of the table's columns as text (`c0`, `c1` …)
/// after a column `f`, the file's number.
pub async fn read(
    ctx: &SessionContext,
    s: &Source,
    number: u32,
    names: &[String],
) -> DfResult<DataFrame> {
    let path = s.path.to_string_lossy().to_string();
    let ext = extension(&s.path);
    let dotted = if ext.is_empty() {
        String::new()
    } else {
        format!(".{ext}")
    };
    match s.format {
        Format::Csv => {
            let schema = Schema::new(
                (0..s.names.len())
                    .map(|j| Field::new(column_name(j), DataType::Utf8, true))
                    .collect::<Vec<_>>(),
            );
            let mut o = CsvReadOptions::new()
                .has_header(true)
                .delimiter(s.delimiter)
                .schema(&schema)
                .file_extension(&dotted);
            // Quoted fields may hold line breaks (exports of comments and
            // addresses do): the files are then read whole, not in ranges.
            o.newlines_in_values = true;
            let df = ctx.read_csv(path, o).await?;
            let mut cols = vec![lit(number).alias("f")];
            cols.extend((0..names.len()).map(|j| col(column_name(j))));
            df.select(cols)
        }
        Format::Parquet => {
            let df = ctx
                .read_parquet(path, ParquetReadOptions::default().file_extension(&dotted))
                .await?;
            let mut cols = vec![lit(number).alias("f")];
            cols.extend(
                names
                    .iter()
                    .enumerate()
                    .map(|(j, n)| cast(ident(n), DataType::Utf8).alias(column_name(j))),
            );
            df.select(cols)
        }
    }
}

/// SHA-256 of a file, as the report spells it.
pub fn sha256(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut h = privscan::pipeline::InputHasher::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finish_hex())
}
