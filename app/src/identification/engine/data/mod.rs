//! Reading the input table (CSV or XLSX) into columns, all or nothing, with errors that name
//! the row (1-based, the header is row 1) and the column.

mod dataset;
mod decimals;
mod stored;
#[cfg(test)]
mod tests;

use std::{collections::HashMap, path::Path};

pub use dataset::{Dataset, Interned, TextColumn};
pub use stored::ColumnTable;

/// Rows older than this or newer than [`LAST_YEAR`] are refused: they are typing mistakes
/// (a school year written as 21 or 20201), not data.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("{}", crate::i18n::ru::input_unreadable(path, reason))]
    Unreadable { path: String, reason: String },
    #[error("{}", crate::i18n::ru::INPUT_EMPTY)]
    Empty,
    #[error("{}", crate::i18n::ru::input_missing_column(column))]
    MissingColumn { column: String },
    #[error("{}", crate::i18n::ru::input_duplicate_column(column))]
    DuplicateColumn { column: String },
    #[error("{}", crate::i18n::ru::input_not_a_number(*row, column, value))]
    NotANumber {
        row: usize,
        column: String,
        value: String,
    },
    #[error("{}", crate::i18n::ru::input_bad_year(*row, value, FIRST_YEAR, LAST_YEAR))]
    BadYear { row: usize, value: String },
    #[error("{}", crate::i18n::ru::input_empty_value(*row, column))]
    EmptyValue { row: usize, column: String },
    #[error("{}", crate::i18n::ru::input_duplicate_school_year(*row, school_id, *year, *first_row))]
    DuplicateSchoolYear {
        row: usize,
        school_id: String,
        year: i32,
        first_row: usize,
    },
    #[error("{}", crate::i18n::ru::input_ragged_row(*row, *found, *expected))]
    RaggedRow {
        row: usize,
        found: usize,
        expected: usize,
    },
    #[error("{}", crate::i18n::ru::input_duplicate_list_entry(*row, school_id, status, *first_row))]
    DuplicateListEntry {
        row: usize,
        school_id: String,
        status: String,
        first_row: usize,
    },
    #[error("{}", crate::i18n::ru::input_unknown_status(*row, status, allowed))]
    UnknownStatus {
        row: usize,
        status: String,
        allowed: String,
    },
    #[error("{}", crate::i18n::ru::input_duplicate_school(*row, school_id, *first_row))]
    DuplicateSchool {
        row: usize,
        school_id: String,
        first_row: usize,
    },
    #[error("{}", crate::i18n::ru::input_bad_locality(*row, value))]
    BadLocality { row: usize, value: String },
    #[error("{}", crate::i18n::ru::input_bad_staff_count(*row, value))]
    BadStaffCount { row: usize, value: String },
    #[error("{}", crate::i18n::ru::input_bad_cluster(*row, value))]
    BadCluster { row: usize, value: String },
    #[error("{}", crate::i18n::ru::input_unknown_format(path))]
    UnknownFormat { path: String },
    #[error("{}", crate::i18n::ru::spreadsheet_format_not_supported(path))]
    UnsupportedSpreadsheet { path: String },
    /// A file over one of the bounds of [`super::xlsx`]; `reason` names the bound and the place.
    #[error("{}", crate::i18n::ru::upload_refused(path, reason))]
    Refused { path: String, reason: String },
}

/// A table of text cells with its header; each row keeps its row number in the file.
#[derive(Debug, Default)]
pub struct RawTable {
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// A CSV file split into its header and the bytes after it: UTF-8 with or without BOM, the
/// delimiter (`;` or `,`) whichever the header uses more.
struct Csv<'a> {
    header: Vec<String>,
    delimiter: u8,
    body: &'a [u8],
    /// The line the body starts on (the header is line 1 unless it spans several).
    first_line: usize,
}

fn not_utf8() -> InputError {
    InputError::Unreadable {
        path: "CSV".into(),
        reason: crate::i18n::ru::INPUT_NOT_UTF8.into(),
    }
}

fn utf8(bytes: &[u8]) -> Result<(), InputError> {
    std::str::from_utf8(bytes).map(|_| ()).map_err(|_| not_utf8())
}

/// The header and where the body starts; the body's encoding is checked by whoever reads it.
fn split_csv(bytes: &[u8]) -> Result<Csv<'_>, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let header_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |d: u8| header_line.iter().filter(|b| **b == d).count();
    let delimiter = if count(b';') > count(b',') { b';' } else { b',' };
    let mut reader = body_reader(bytes, delimiter);
    let mut record = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut record).map_err(csv_error)? {
        return Err(InputError::Empty);
    }
    let end = reader.position().byte() as usize;
    utf8(&bytes[..end])?;
    let header: Vec<String> = record.iter().map(|f| cell_text(f).to_string()).collect();
    if header.iter().all(|h| h.is_empty()) {
        return Err(InputError::Empty);
    }
    Ok(Csv {
        header,
        delimiter,
        body: &bytes[end..],
        first_line: reader.position().line() as usize,
    })
}

fn body_reader(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
}

/// Visits each data record of `body` with its row number in the file (the line it starts on,
/// `first_line` being the body's first), checking its width.
fn for_each_record(
    body: &[u8],
    delimiter: u8,
    first_line: usize,
    width: usize,
    mut visit: impl FnMut(usize, &csv::ByteRecord) -> Result<(), InputError>,
) -> Result<(), InputError> {
    let mut reader = body_reader(body, delimiter);
    let mut record = csv::ByteRecord::new();
    let mut lines = LineCounter {
        counted: 0,
        line: first_line,
    };
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| csv_error_at(e, first_line - 1))?
    {
        let row = lines.line_of(body, record.position().map_or(0, |p| p.byte() as usize));
        if record.len() != width {
            if record.len() == 1 && record[0].iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Err(InputError::RaggedRow {
                row,
                found: record.len(),
                expected: width,
            });
        }
        visit(row, &record)?;
    }
    Ok(())
}

/// The line a record starts on: the body's first line plus the line ends before the record. The
/// csv reader's own count lags a line behind in a file with `\r\n` (it places a record before
/// the previous line's `\n`, which it has not read yet), so errors named the row above.
struct LineCounter {
    counted: usize,
    line: usize,
}

impl LineCounter {
    /// The line of the record the reader placed at byte `position`; positions only grow.
    fn line_of(&mut self, body: &[u8], position: usize) -> usize {
        let start = position
            + body[position..]
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
        self.line += memchr::memchr_iter(b'\n', &body[self.counted..start]).count();
        self.counted = start;
        self.line
    }
}

/// A field's text; the whole file was checked to be UTF-8, so this never falls back.
fn cell_text(field: &[u8]) -> &str {
    std::str::from_utf8(field).unwrap_or_default().trim()
}

/// A field's text, checked here: the parallel reader does not check the whole file first.
fn cell_str(field: &[u8]) -> Result<&str, InputError> {
    std::str::from_utf8(field).map(str::trim).map_err(|_| not_utf8())
}

/// [`for_each_record`] for a part of a file: lines cut at `\n` and fields at the delimiter, no
/// CSV state machine; a line with quotes is split by [`split_quoted`]. `None` where the csv
/// reader might read it differently (a lone `\r`, a quoted field over several lines) and on any
/// error; the caller then reads with the csv reader, which words it.
fn for_each_plain_record(
    part: &[u8],
    delimiter: u8,
    first_line: usize,
    width: usize,
    mut visit: impl FnMut(usize, &[&[u8]]) -> Result<(), InputError>,
) -> Option<()> {
    let mut fields: Vec<&[u8]> = Vec::with_capacity(width);
    let mut unquoted = Vec::new();
    let mut ends = Vec::with_capacity(width);
    let mut start = 0;
    let mut line_number = first_line;
    while start < part.len() {
        let end = memchr::memchr(b'\n', &part[start..]).map_or(part.len(), |i| start + i);
        let line = &part[start..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let blank = line.iter().all(u8::is_ascii_whitespace);
        if !blank && memchr::memchr(b'"', line).is_some() {
            split_quoted(line, delimiter, &mut unquoted, &mut ends)?;
            if ends.len() != width {
                return None;
            }
            let quoted: Vec<&[u8]> = (0..width)
                .map(|i| &unquoted[if i == 0 { 0 } else { ends[i - 1] }..ends[i]])
                .collect();
            visit(line_number, &quoted).ok()?;
        } else if !blank {
            fields.clear();
            let mut from = 0;
            // A byte loop: fields are a few bytes long, too short for a vector search to pay.
            for (at, &byte) in line.iter().enumerate() {
                if byte == delimiter {
                    fields.push(&line[from..at]);
                    from = at + 1;
                } else if byte == b'\r' {
                    return None;
                }
            }
            fields.push(&line[from..]);
            if fields.len() != width {
                return None;
            }
            visit(line_number, &fields).ok()?;
        }
        start = end + 1;
        line_number += 1;
    }
    Some(())
}

/// One line with quotes, as Excel writes it (`"МБОУ ""СОШ № 1""; филиал"`): each field's text,
/// quotes removed and `""` read as `"`, is appended to `text` and its end to `ends`. `None` for
/// anything the csv reader could read otherwise: a quote inside an unquoted field, text after a
/// closing quote, a quote left open (a field continued on the next line), a `\r`.
fn split_quoted(line: &[u8], delimiter: u8, text: &mut Vec<u8>, ends: &mut Vec<usize>) -> Option<()> {
    text.clear();
    ends.clear();
    if memchr::memchr(b'\r', line).is_some() {
        return None;
    }
    let mut at = 0;
    loop {
        if line.get(at) == Some(&b'"') {
            at += 1;
            loop {
                let quote = at + memchr::memchr(b'"', &line[at..])?;
                text.extend_from_slice(&line[at..quote]);
                if line.get(quote + 1) == Some(&b'"') {
                    text.push(b'"');
                    at = quote + 2;
                } else {
                    at = quote + 1;
                    break;
                }
            }
            if at < line.len() && line[at] != delimiter {
                return None;
            }
        } else {
            let end = line[at..]
                .iter()
                .position(|&b| b == delimiter)
                .map_or(line.len(), |i| at + i);
            let field = &line[at..end];
            if field.contains(&b'"') {
                return None;
            }
            text.extend_from_slice(field);
            at = end;
        }
        ends.push(text.len());
        if at >= line.len() {
            return Some(());
        }
        at += 1;
        if at == line.len() {
            ends.push(text.len());
            return Some(());
        }
    }
}

impl RawTable {
    /// The cells of a CSV file. A large file is cut at line ends and read by all cores; where a
    /// part cannot be read that way (a field over several lines, any error) the file is read by
    /// the csv reader, which words the error.
    pub fn from_csv(bytes: &[u8]) -> Result<RawTable, InputError> {
        let csv = split_csv(bytes)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
        // A one-column file's blank line is a row to the csv reader, not to the plain one.
        if threads > 1 && csv.header.len() > 1 && csv.body.len() > dataset::PARALLEL_FROM_BYTES {
            if let Some(rows) = Self::parts_of(&csv, threads) {
                return Ok(RawTable {
                    header: csv.header,
                    rows,
                });
            }
        }
        Self::in_order(csv)
    }

    /// The csv reader over the whole body, one record after another.
    fn in_order(csv: Csv) -> Result<RawTable, InputError> {
        utf8(csv.body)?;
        let mut rows = Vec::new();
        for_each_record(
            csv.body,
            csv.delimiter,
            csv.first_line,
            csv.header.len(),
            |row, record| {
                rows.push((row, record.iter().map(|f| cell_text(f).to_string()).collect()));
                Ok(())
            },
        )?;
        Ok(RawTable {
            header: csv.header,
            rows,
        })
    }

    /// The rows of each part of the body read at once, in file order; `None` where a part
    /// needs the csv reader.
    fn parts_of(csv: &Csv, threads: usize) -> Option<Vec<(usize, Vec<String>)>> {
        let (parts, first_lines) = dataset::body_parts(csv, threads);
        let width = csv.header.len();
        let jobs: Vec<(&[u8], usize, usize)> = parts
            .into_iter()
            .zip(first_lines)
            .map(|(part, (line, count))| (part, line, count))
            .collect();
        let read = |&(part, first_line, count): &(&[u8], usize, usize)| {
            let mut rows = Vec::with_capacity(count);
            for_each_plain_record(part, csv.delimiter, first_line, width, |row, fields| {
                let cells = fields
                    .iter()
                    .map(|f| cell_str(f).map(str::to_string))
                    .collect::<Result<Vec<_>, _>>()?;
                rows.push((row, cells));
                Ok(())
            })?;
            Some(rows)
        };
        let parts = crate::identification::engine::parallel_map(&jobs, read);
        let mut rows = Vec::with_capacity(parts.iter().map(|p| p.as_ref().map_or(0, Vec::len)).sum());
        for part in parts {
            rows.extend(part?);
        }
        Some(rows)
    }

    /// The first worksheet of an XLSX file, read within the bounds of [`super::xlsx`]; numbers
    /// keep their value, dates and formulas their displayed text.
    pub fn from_spreadsheet(path: &Path) -> Result<RawTable, InputError> {
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| InputError::Unreadable {
            path: name.clone(),
            reason: e.to_string(),
        })?;
        super::xlsx::read(&name, std::io::BufReader::new(file))
    }
}

/// Column positions by name; duplicated names are an error.
fn column_positions(header: &[String]) -> Result<HashMap<&str, usize>, InputError> {
    let mut map = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if map.insert(name.as_str(), i).is_some() {
            return Err(InputError::DuplicateColumn { column: name.clone() });
        }
    }
    Ok(map)
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Spreadsheet,
}

impl Format {
    pub fn of(path: &Path) -> Result<Format, InputError> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("csv") | Some("txt") => Ok(Format::Csv),
            Some("xlsx") | Some("xlsm") => Ok(Format::Spreadsheet),
            // calamine reads these whole into dense ranges at open, before any bound can be
            // checked; the contract (`identification.md`) promises CSV and XLSX only.
            Some("xls") | Some("ods") => Err(InputError::UnsupportedSpreadsheet {
                path: path.display().to_string(),
            }),
            _ => Err(InputError::UnknownFormat {
                path: path.display().to_string(),
            }),
        }
    }
}

pub fn read_bytes(path: &Path) -> Result<Vec<u8>, InputError> {
    std::fs::read(path).map_err(|e| InputError::Unreadable {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

pub(super) fn format_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

fn csv_error(error: csv::Error) -> InputError {
    csv_error_at(error, 0)
}

/// A CSV syntax error, its line shifted by the lines before the part that was read.
fn csv_error_at(error: csv::Error, lines_before: usize) -> InputError {
    let row = error
        .position()
        .map(|p| p.line() as usize + lines_before)
        .unwrap_or(0);
    InputError::Unreadable {
        path: "CSV".into(),
        reason: crate::i18n::ru::input_at_row(row, &error),
    }
}

/// Powers of ten that an `f64` holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// `-12.345` and `-12,345` (a Russian export's decimal comma), which are nearly all cells,
/// without the general number parser; the comma reads as [`parse_number`] reads it. With
/// at most 15 digits both the digits as an integer and the power of ten are exact, and one
/// correctly rounded division gives the same `f64` as any correct parser.
fn plain_decimal(bytes: &[u8]) -> Option<f64> {
    let (negative, digits) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let mut mantissa: u64 = 0;
    let mut count = 0;
    let mut decimals = None;
    for (i, &byte) in digits.iter().enumerate() {
        match byte {
            b'0'..=b'9' if count < 15 => {
                mantissa = mantissa * 10 + u64::from(byte - b'0');
                count += 1;
            }
            b'.' | b',' if decimals.is_none() => decimals = Some(digits.len() - i - 1),
            _ => return None,
        }
    }
    if count == 0 {
        return None;
    }
    let value = mantissa as f64 / EXACT_POWERS_OF_TEN[decimals.unwrap_or(0)];
    Some(if negative { -value } else { value })
}

/// A stored indicator cell: `None` for an empty one.
pub fn present(value: f64) -> Option<f64> {
    (!value.is_nan()).then_some(value)
}

/// A number as Russian and English spreadsheets write it: `12.5`, `12,5`, `1 234,5`.
pub fn parse_number(text: &str) -> Option<f64> {
    let parsed = if needs_rewrite(text) {
        let cleaned: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .map(|c| if c == ',' { '.' } else { c })
            .collect();
        fast_float2::parse::<f64, _>(cleaned)
    } else {
        fast_float2::parse::<f64, _>(text)
    };
    // «inf» and «NaN» also read as numbers; neither is a measurement.
    parsed.ok().filter(|x| x.is_finite())
}

/// Whether [`parse_number`] rewrites a number's text before reading it: a byte scan for the
/// comma, the space, or the first byte of a no-break space (C2 A0) or a narrow one (E2 80 AF).
/// Most cells are plain `57.23`, which read as they are written.
pub fn needs_rewrite(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, b',' | b' ' | 0xC2 | 0xE2))
}

fn parse_year(text: &str) -> Option<i32> {
    let year: i32 = text.trim().parse().ok()?;
    (FIRST_YEAR..=LAST_YEAR).contains(&year).then_some(year)
}

/// The list of the `external_list` method.
#[derive(Debug, Default, Clone)]
pub struct ExternalList {
    /// (school_id, status, reason)
    pub entries: Vec<(String, String, Option<String>)>,
}

impl ExternalList {
    pub fn from_table(table: RawTable, allowed: &[String]) -> Result<ExternalList, InputError> {
        let columns = column_positions(&table.header)?;
        let require = |name: &str| {
            columns
                .get(name)
                .copied()
                .ok_or_else(|| InputError::MissingColumn { column: name.into() })
        };
        let school_col = require("school_id")?;
        let status_col = require("status")?;
        let reason_col = columns.get("reason").copied();
        let mut seen: HashMap<(String, String), usize> = HashMap::new();
        let mut entries = Vec::with_capacity(table.rows.len());
        for (row_number, row) in table.rows {
            let school_id = row[school_col].clone();
            let status = row[status_col].clone();
            if school_id.is_empty() {
                return Err(InputError::EmptyValue {
                    row: row_number,
                    column: "school_id".into(),
                });
            }
            if status.is_empty() {
                return Err(InputError::EmptyValue {
                    row: row_number,
                    column: "status".into(),
                });
            }
            if !allowed.is_empty() && !allowed.contains(&status) {
                return Err(InputError::UnknownStatus {
                    row: row_number,
                    status,
                    allowed: allowed.join(", "),
                });
            }
            if let Some(first_row) = seen.insert((school_id.clone(), status.clone()), row_number) {
                return Err(InputError::DuplicateListEntry {
                    row: row_number,
                    school_id,
                    status,
                    first_row,
                });
            }
            let reason = reason_col.map(|c| row[c].clone()).filter(|r| !r.is_empty());
            entries.push((school_id, status, reason));
        }
        Ok(ExternalList { entries })
    }
}
