//! Reading the input table (CSV or XLSX) into columns, all or nothing, with errors that name
//! the row (1-based, the header is row 1) and the column.

use std::{collections::HashMap, path::Path};

/// Rows older than this or newer than [`LAST_YEAR`] are refused: they are typing mistakes
/// (a school year written as 21 or 20201), not data.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("Не удалось прочитать файл «{path}»: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("Файл пуст: нет строки заголовка")]
    Empty,
    #[error("Строка 1: нет обязательного столбца «{column}»")]
    MissingColumn { column: String },
    #[error("Строка 1: столбец «{column}» встречается дважды")]
    DuplicateColumn { column: String },
    #[error("Строка {row}, столбец «{column}»: значение «{value}» не является числом")]
    NotANumber {
        row: usize,
        column: String,
        value: String,
    },
    #[error("Строка {row}, столбец «year»: «{value}» не является годом (целое число от {FIRST_YEAR} до {LAST_YEAR})")]
    BadYear { row: usize, value: String },
    #[error("Строка {row}, столбец «{column}»: пустое значение; заполните его")]
    EmptyValue { row: usize, column: String },
    #[error("Строка {row}, столбцы «school_id» и «year»: школа «{school_id}» за {year} год уже была в строке {first_row}")]
    DuplicateSchoolYear {
        row: usize,
        school_id: String,
        year: i32,
        first_row: usize,
    },
    #[error("Строка {row}: {found} значений вместо {expected} (столбцов в заголовке)")]
    RaggedRow {
        row: usize,
        found: usize,
        expected: usize,
    },
    #[error("Строка {row}, столбцы «school_id» и «status»: школе «{school_id}» статус «{status}» уже присвоен в строке {first_row}")]
    DuplicateListEntry {
        row: usize,
        school_id: String,
        status: String,
        first_row: usize,
    },
    #[error(
        "Строка {row}, столбец «status»: статус «{status}» не описан в конфигурации (допустимы: {allowed})"
    )]
    UnknownStatus {
        row: usize,
        status: String,
        allowed: String,
    },
    #[error("Строка {row}, столбец «school_id»: школа «{school_id}» уже указана в строке {first_row}")]
    DuplicateSchool {
        row: usize,
        school_id: String,
        first_row: usize,
    },
    #[error("Строка {row}, столбец «locality»: «{value}» — укажите «город» или «село»")]
    BadLocality { row: usize, value: String },
    #[error("Неизвестный формат файла «{path}»: ожидается .csv или .xlsx")]
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
        reason: "текст не в кодировке UTF-8; сохраните файл как «CSV UTF-8»".into(),
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
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| csv_error_at(e, first_line - 1))?
    {
        let row = record.position().map_or(0, |p| p.line() as usize) + first_line - 1;
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

/// A field's text; the whole file was checked to be UTF-8, so this never falls back.
fn cell_text(field: &[u8]) -> &str {
    std::str::from_utf8(field).unwrap_or_default().trim()
}

/// A field's text, checked here: the parallel reader does not check the whole file first.
fn cell_str(field: &[u8]) -> Result<&str, InputError> {
    std::str::from_utf8(field).map(str::trim).map_err(|_| not_utf8())
}

/// [`for_each_record`] for a part without quotes: lines cut at `\n` and fields at the
/// delimiter, no CSV state machine. `None` where the csv reader might read it differently (a
/// lone `\r`) and on any error; the caller then reads with the csv reader, which words it.
fn for_each_plain_record(
    part: &[u8],
    delimiter: u8,
    first_line: usize,
    width: usize,
    mut visit: impl FnMut(usize, &[&[u8]]) -> Result<(), InputError>,
) -> Option<()> {
    let mut fields: Vec<&[u8]> = Vec::with_capacity(width);
    let mut start = 0;
    let mut line_number = first_line;
    while start < part.len() {
        let end = memchr::memchr(b'\n', &part[start..]).map_or(part.len(), |i| start + i);
        let line = &part[start..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.iter().all(u8::is_ascii_whitespace) {
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

impl RawTable {
    pub fn from_csv(bytes: &[u8]) -> Result<RawTable, InputError> {
        let csv = split_csv(bytes)?;
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
        reason: format!("строка {row}: {error}"),
    }
}

/// Powers of ten that an `f64` holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// `-12.345` and the like, which are nearly all cells, without the general number parser. With
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
            b'.' if decimals.is_none() => decimals = Some(digits.len() - i - 1),
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
    // A byte scan: the comma, the space, or the first byte of a no-break space (C2 A0) or a
    // narrow one (E2 80 AF). Most cells are plain `57.23` and skip the rewrite.
    let parsed = if text.bytes().any(|b| matches!(b, b',' | b' ' | 0xC2 | 0xE2)) {
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

/// The indicator table of the contract, parsed and checked.
#[derive(Debug, Default, Clone)]
pub struct Dataset {
    /// Each row's school, as an index into `school_ids`.
    pub school: Vec<u32>,
    /// Distinct school ids in order of first appearance.
    pub school_ids: Vec<String>,
    pub years: Vec<i32>,
    /// Each row's group, when the table has a group column.
    pub groups: Option<Interned>,
    /// Indicator code → value per row, NaN where the cell is empty (half the memory of
    /// `Option<f64>`; parsed values are never NaN). Read a cell with [`present`].
    pub indicators: Vec<(String, Vec<f64>)>,
    /// Columns the engine does not use, carried to the output.
    pub extra: Vec<(String, TextColumn)>,
}

/// The text cells of one column in one buffer. A region's file has a name per row, and a
/// string allocated per cell was a tenth of a large parse.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TextColumn {
    text: String,
    ends: Vec<usize>,
}

impl TextColumn {
    fn with_capacity(rows: usize) -> Self {
        TextColumn {
            text: String::new(),
            ends: Vec::with_capacity(rows),
        }
    }

    fn push(&mut self, value: &str) {
        self.text.push_str(value);
        self.ends.push(self.text.len());
    }

    fn append(&mut self, more: &TextColumn) {
        let shift = self.text.len();
        self.text.push_str(&more.text);
        self.ends.extend(more.ends.iter().map(|end| end + shift));
    }

    fn reserve(&mut self, rows: usize) {
        self.ends.reserve_exact(rows);
    }

    pub fn get(&self, row: usize) -> &str {
        let start = if row == 0 { 0 } else { self.ends[row - 1] };
        &self.text[start..self.ends[row]]
    }
}

/// Repeated text stored once: `values[of_row[row]]` is the row's value.
#[derive(Debug, Default, Clone)]
pub struct Interned {
    pub values: Vec<String>,
    pub of_row: Vec<u32>,
    index: foldhash::HashMap<String, u32>,
}

impl Interned {
    /// The distinct values, each its own id, with no rows yet.
    fn from_values(values: Vec<String>) -> Self {
        let index = values
            .iter()
            .enumerate()
            .map(|(i, v)| (v.clone(), i as u32))
            .collect();
        Interned {
            values,
            of_row: Vec::new(),
            index,
        }
    }

    /// The id of `value`, added if new, without recording a row.
    fn id(&mut self, value: &str) -> u32 {
        match self.index.get(value) {
            Some(&id) => id,
            None => {
                let id = self.values.len() as u32;
                self.values.push(value.to_string());
                self.index.insert(value.to_string(), id);
                id
            }
        }
    }

    fn push(&mut self, value: &str) -> u32 {
        let id = self.id(value);
        self.of_row.push(id);
        id
    }

    pub fn get(&self, row: usize) -> &str {
        &self.values[self.of_row[row] as usize]
    }
}

/// Line ends in `bytes`: the number of records, give or take a blank line.
fn lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Files smaller than this are read by one thread: starting others costs more than it saves.
const PARALLEL_FROM_BYTES: usize = 1 << 20;

/// Where each column the engine reads sits in the table.
#[derive(Clone)]
struct Layout {
    width: usize,
    school: usize,
    year: usize,
    group: Option<usize>,
    needs_groups: bool,
    indicators: Vec<(String, usize)>,
    extra: Vec<(String, usize)>,
}

impl Layout {
    fn of(header: &[String], indicator_codes: &[String], needs_groups: bool) -> Result<Layout, InputError> {
        let columns = column_positions(header)?;
        let require = |name: &str| {
            columns
                .get(name)
                .copied()
                .ok_or_else(|| InputError::MissingColumn { column: name.into() })
        };
        let school = require("school_id")?;
        let year = require("year")?;
        let group = if needs_groups {
            Some(require("group")?)
        } else {
            columns.get("group").copied()
        };
        let indicators = indicator_codes
            .iter()
            .map(|code| require(code).map(|col| (code.clone(), col)))
            .collect::<Result<Vec<_>, _>>()?;
        let used: Vec<usize> = [school, year]
            .into_iter()
            .chain(group)
            .chain(indicators.iter().map(|(_, c)| *c))
            .collect();
        let extra = header
            .iter()
            .enumerate()
            .filter(|(i, name)| !used.contains(i) && !name.is_empty())
            .map(|(i, name)| (name.clone(), i))
            .collect();
        Ok(Layout {
            width: header.len(),
            school,
            year,
            group,
            needs_groups,
            indicators,
            extra,
        })
    }
}

/// Checks and appends rows one at a time, so a CSV never has to exist as a table of strings.
struct Builder {
    layout: Layout,
    data: Dataset,
    schools: Interned,
    /// The first row of each (school, year), to name it when the pair repeats. The parallel
    /// reader leaves it out and checks the joined columns once instead.
    seen: Option<HashMap<(u32, i32), usize>>,
}

impl Builder {
    /// Columns sized for `rows` up front: growing them by doubling would copy and touch twice
    /// the memory.
    fn new(layout: Layout, rows: usize) -> Self {
        let data = Dataset {
            school: Vec::with_capacity(rows),
            school_ids: Vec::new(),
            years: Vec::with_capacity(rows),
            groups: layout.group.map(|_| Interned::default()),
            indicators: layout
                .indicators
                .iter()
                .map(|(code, _)| (code.clone(), Vec::with_capacity(rows)))
                .collect(),
            extra: layout
                .extra
                .iter()
                .map(|(name, _)| (name.clone(), TextColumn::with_capacity(rows)))
                .collect(),
        };
        Builder {
            layout,
            data,
            schools: Interned::default(),
            seen: Some(HashMap::new()),
        }
    }

    /// Appends a row given its raw cells.
    fn push<'a>(&mut self, row: usize, raw: impl Fn(usize) -> &'a [u8]) -> Result<(), InputError> {
        let layout = &self.layout;
        let cell = |col: usize| cell_str(raw(col));
        let school_id = cell(layout.school)?;
        if school_id.is_empty() {
            return Err(InputError::EmptyValue {
                row,
                column: "school_id".into(),
            });
        }
        let year_text = cell(layout.year)?;
        let year = parse_year(year_text).ok_or_else(|| InputError::BadYear {
            row,
            value: year_text.to_string(),
        })?;
        let school = self.schools.push(school_id);
        if let Some(first_row) = self
            .seen
            .as_mut()
            .and_then(|seen| seen.insert((school, year), row))
        {
            return Err(InputError::DuplicateSchoolYear {
                row,
                school_id: school_id.to_string(),
                year,
                first_row,
            });
        }
        if let (Some(groups), Some(col)) = (self.data.groups.as_mut(), layout.group) {
            let group = cell(col)?;
            if group.is_empty() && layout.needs_groups {
                return Err(InputError::EmptyValue {
                    row,
                    column: "group".into(),
                });
            }
            groups.push(group);
        }
        for ((code, values), (_, col)) in self.data.indicators.iter_mut().zip(&layout.indicators) {
            let bytes = raw(*col).trim_ascii();
            // Most cells are plain `57.23`: parsed from the bytes, no text checks needed.
            let parsed = plain_decimal(bytes).or_else(|| fast_float2::parse::<f64, _>(bytes).ok());
            let value = match parsed.filter(|value| value.is_finite()) {
                Some(value) => value,
                None => {
                    let text = cell_str(bytes)?;
                    if text.is_empty() {
                        f64::NAN
                    } else {
                        parse_number(text).ok_or_else(|| InputError::NotANumber {
                            row,
                            column: code.clone(),
                            value: text.to_string(),
                        })?
                    }
                }
            };
            values.push(value);
        }
        for ((_, values), (_, col)) in self.data.extra.iter_mut().zip(&layout.extra) {
            values.push(cell(*col)?);
        }
        self.data.years.push(year);
        Ok(())
    }

    fn finish(mut self) -> Dataset {
        self.data.school = self.schools.of_row;
        self.data.school_ids = self.schools.values;
        self.data
    }
}

impl Dataset {
    pub fn from_table(
        table: &RawTable,
        indicator_codes: &[String],
        needs_groups: bool,
    ) -> Result<Dataset, InputError> {
        let mut builder = Builder::new(
            Layout::of(&table.header, indicator_codes, needs_groups)?,
            table.rows.len(),
        );
        for (row, cells) in &table.rows {
            builder.push(*row, |i| cells[i].as_bytes())?;
        }
        Ok(builder.finish())
    }

    /// Reads CSV straight into columns, without a table of strings in between. A large file
    /// without quotes is cut at line ends and read by all cores; any error is then looked for
    /// again in file order, so the message is the same as from one reader.
    pub fn from_csv(
        bytes: &[u8],
        indicator_codes: &[String],
        needs_groups: bool,
    ) -> Result<Dataset, InputError> {
        let csv = split_csv(bytes)?;
        let layout = Layout::of(&csv.header, indicator_codes, needs_groups)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
        if threads > 1 && csv.body.len() > PARALLEL_FROM_BYTES && !csv.body.contains(&b'"') {
            if let Some(data) = Self::from_parts(&csv, &layout, threads) {
                return Ok(data);
            }
        }
        utf8(csv.body)?;
        let mut builder = Builder::new(layout, lines(csv.body));
        for_each_record(
            csv.body,
            csv.delimiter,
            csv.first_line,
            builder.layout.width,
            |row, record| builder.push(row, |i| &record[i]),
        )?;
        Ok(builder.finish())
    }

    /// Reads `threads` parts of the body at once; `None` on any error.
    fn from_parts(csv: &Csv, layout: &Layout, threads: usize) -> Option<Dataset> {
        let mut parts = Vec::with_capacity(threads);
        let mut start = 0;
        for i in 1..=threads {
            let mut end = (csv.body.len() * i / threads).max(start);
            while end < csv.body.len() && csv.body[end - 1] != b'\n' {
                end += 1;
            }
            parts.push(&csv.body[start..end]);
            start = end;
        }
        let counts: Vec<usize> = parts.iter().map(|part| lines(part)).collect();
        let mut first_lines = Vec::with_capacity(threads);
        let mut line = csv.first_line;
        for count in &counts {
            first_lines.push((line, *count));
            line += count;
        }
        // The first part's columns will receive the others: size them for the whole file.
        first_lines[0].1 = counts.iter().sum();
        let read = |part: &[u8], (first_line, rows): (usize, usize)| -> Option<Dataset> {
            let mut builder = Builder::new(layout.clone(), rows);
            builder.seen = None;
            for_each_plain_record(part, csv.delimiter, first_line, layout.width, |row, fields| {
                builder.push(row, |i| fields[i])
            })?;
            Some(builder.finish())
        };
        let jobs: Vec<(&[u8], (usize, usize))> = parts.into_iter().zip(first_lines).collect();
        let datasets = super::parallel_map(&jobs, |&(part, first)| read(part, first));
        let data = Dataset::concat(datasets.into_iter().collect::<Option<Vec<_>>>()?)?;
        (!data.repeats_school_year()).then_some(data)
    }

    /// Joins datasets read from consecutive parts of one file.
    fn concat(parts: Vec<Dataset>) -> Option<Dataset> {
        let total: usize = parts.iter().map(Dataset::len).sum();
        let mut parts = parts.into_iter();
        let mut data = parts.next()?;
        // Each column grows once to its final size instead of doubling part by part.
        let more = total - data.len();
        data.school.reserve_exact(more);
        data.years.reserve_exact(more);
        for (_, values) in &mut data.indicators {
            values.reserve_exact(more);
        }
        for (_, values) in &mut data.extra {
            values.reserve(more);
        }
        let mut schools = Interned::from_values(std::mem::take(&mut data.school_ids));
        for part in parts {
            let ids: Vec<u32> = part.school_ids.iter().map(|s| schools.id(s)).collect();
            data.school.extend(part.school.iter().map(|&s| ids[s as usize]));
            data.years.extend_from_slice(&part.years);
            if let (Some(groups), Some(more)) = (data.groups.as_mut(), part.groups.as_ref()) {
                let ids: Vec<u32> = more.values.iter().map(|g| groups.id(g)).collect();
                groups.of_row.extend(more.of_row.iter().map(|&g| ids[g as usize]));
            }
            for ((_, values), (_, more)) in data.indicators.iter_mut().zip(part.indicators) {
                values.extend(more);
            }
            for ((_, values), (_, more)) in data.extra.iter_mut().zip(&part.extra) {
                values.append(more);
            }
        }
        data.school_ids = schools.values;
        Some(data)
    }

    /// Whether a (school, year) appears twice, checked on the whole table at once: each row is
    /// linked to the school's previous row, and a school has only a few years.
    fn repeats_school_year(&self) -> bool {
        const NONE: usize = usize::MAX;
        let mut last = vec![NONE; self.school_ids.len()];
        let mut previous = vec![NONE; self.len()];
        for (row, (&school, &year)) in self.school.iter().zip(&self.years).enumerate() {
            let mut other = last[school as usize];
            while other != NONE {
                if self.years[other] == year {
                    return true;
                }
                other = previous[other];
            }
            previous[row] = last[school as usize];
            last[school as usize] = row;
        }
        false
    }

    pub fn len(&self) -> usize {
        self.years.len()
    }

    /// Gives rows without a group the one `lookup` knows for their school (the registry).
    pub fn fill_groups<'a>(&mut self, lookup: impl Fn(&str) -> Option<&'a str>) {
        let mut groups = Interned::default();
        for row in 0..self.len() {
            let school = &self.school_ids[self.school[row] as usize];
            groups.push(self.group(row).or_else(|| lookup(school)).unwrap_or_default());
        }
        self.groups = Some(groups);
    }

    pub fn group(&self, row: usize) -> Option<&str> {
        self.groups.as_ref().map(|g| g.get(row)).filter(|g| !g.is_empty())
    }

    pub fn is_empty(&self) -> bool {
        self.years.is_empty()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A file above the parallel threshold: 40,000 school-years of three indicators.
    fn large(edit: impl Fn(usize, String) -> String) -> String {
        let mut text = String::from("\u{feff}school_id;year;group;name;a;b;c\n");
        for i in 0..40_000 {
            let line = format!(
                "s{};{};g{};Школа {i};{},5;{};\n",
                i / 2,
                2020 + i % 2,
                i % 3,
                i % 97,
                i % 13
            );
            text.push_str(&edit(i, line));
        }
        text
    }

    fn codes() -> Vec<String> {
        ["a", "b", "c"].map(String::from).to_vec()
    }

    /// The parallel reader alone, without the fallback to the csv reader.
    fn read_in_parts(text: &str) -> Option<Dataset> {
        let csv = split_csv(text.as_bytes()).unwrap();
        let layout = Layout::of(&csv.header, &codes(), true).unwrap();
        Dataset::from_parts(&csv, &layout, 2)
    }

    fn assert_parts_equal_one_reader(text: &str) {
        assert!(text.len() > PARALLEL_FROM_BYTES);
        let parts = read_in_parts(text).expect("read in parts");
        let whole =
            Dataset::from_table(&RawTable::from_csv(text.as_bytes()).unwrap(), &codes(), true).unwrap();
        assert_eq!(parts.school_ids, whole.school_ids);
        assert_eq!(parts.school, whole.school);
        assert_eq!(parts.years, whole.years);
        let cells = |d: &Dataset| -> Vec<Vec<Option<f64>>> {
            d.indicators
                .iter()
                .map(|(_, v)| v.iter().map(|&x| present(x)).collect())
                .collect()
        };
        assert_eq!(cells(&parts), cells(&whole));
        assert_eq!(parts.extra, whole.extra);
        let groups = |d: &Dataset| {
            (0..d.len())
                .map(|r| d.group(r).map(str::to_string))
                .collect::<Vec<_>>()
        };
        assert_eq!(groups(&parts), groups(&whole));
    }

    #[test]
    fn plain_decimals_read_exactly_as_the_general_parser() {
        let mut state: u64 = 7;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            state >> 33
        };
        for _ in 0..200_000 {
            let digits = 1 + next() % 15;
            let mut text: String = (0..digits)
                .map(|_| char::from(b'0' + (next() % 10) as u8))
                .collect();
            if next() % 4 != 0 {
                text.insert((next() % (digits + 1)) as usize, '.');
            }
            if next() % 3 == 0 {
                text.insert(0, '-');
            }
            let general = fast_float2::parse::<f64, _>(text.as_bytes()).ok();
            assert_eq!(
                plain_decimal(text.as_bytes()).map(f64::to_bits),
                general.map(f64::to_bits),
                "{text}"
            );
        }
        for text in [
            "",
            "-",
            ".",
            "1.2.3",
            "+5",
            "1e5",
            "12,5",
            "1234567890123456",
            " 5",
            "inf",
        ] {
            assert_eq!(plain_decimal(text.as_bytes()), None, "{text}");
        }
    }

    #[test]
    fn a_large_file_read_in_parts_equals_one_read_row_by_row() {
        let text = large(|_, line| line);
        assert_parts_equal_one_reader(&text);
        let parts = Dataset::from_csv(text.as_bytes(), &codes(), true).unwrap();
        assert_eq!(parts.indicators[0].1[3], 3.5);
        assert_eq!(parts.extra[0].1.get(39_999), "Школа 39999");
    }

    #[test]
    fn windows_line_ends_blank_lines_and_spaced_numbers_read_as_by_one_reader() {
        let crlf = large(|_, line| line.replace('\n', "\r\n"));
        assert_parts_equal_one_reader(&crlf);
        let blanks = large(|i, line| {
            if i % 1000 == 0 {
                format!("{line}\n  \n")
            } else {
                line
            }
        });
        assert_parts_equal_one_reader(&blanks);
        let spaced = large(|i, line| match i % 3 {
            0 => line.replacen(";7;", ";1 234,5;", 1),
            1 => line.replacen(";5;", ";\u{a0}5 ;", 1),
            _ => line,
        });
        assert_parts_equal_one_reader(&spaced);
        let data = Dataset::from_csv(spaced.as_bytes(), &codes(), true).unwrap();
        let b = &data.indicators[1].1;
        assert!(b.contains(&1234.5) && b.contains(&5.0));
        // A lone carriage return is a line end for the csv reader: the plain reader steps aside.
        let lone = large(|i, line| {
            if i == 20_000 {
                line.replace('\n', "\r")
            } else {
                line
            }
        });
        assert!(read_in_parts(&lone).is_none());
        let whole =
            Dataset::from_table(&RawTable::from_csv(lone.as_bytes()).unwrap(), &codes(), true).unwrap();
        assert_eq!(
            Dataset::from_csv(lone.as_bytes(), &codes(), true).unwrap().years,
            whole.years
        );
    }

    #[test]
    fn errors_in_a_large_file_are_the_first_in_file_order() {
        let error_of = |edit: &dyn Fn(usize, String) -> String| {
            let text = large(edit);
            Dataset::from_csv(text.as_bytes(), &codes(), true)
                .unwrap_err()
                .to_string()
        };
        // A text late in the file and a duplicate across the middle: the duplicate comes first.
        assert_eq!(
            error_of(&|i, line| match i {
                30_000 => line.replace("Школа 30000;", "Школа 30000;семь"),
                25_000 => "s0;2020;g0;Школа;1;2;3\n".to_string(),
                _ => line,
            }),
            "Строка 25002, столбцы «school_id» и «year»: школа «s0» за 2020 год уже была в строке 2"
        );
        assert_eq!(
            error_of(&|i, line| if i == 39_999 {
                line.replacen("s19999", "", 1)
            } else {
                line
            }),
            "Строка 40001, столбец «school_id»: пустое значение; заполните его"
        );
        // A repeat inside one part is found as well as one across parts.
        assert_eq!(
            error_of(&|i, line| if i == 10 {
                "s0;2020;g0;Школа;1;2;3\n".to_string()
            } else {
                line
            }),
            "Строка 12, столбцы «school_id» и «year»: школа «s0» за 2020 год уже была в строке 2"
        );
        let mut bytes = large(|_, line| line).into_bytes();
        let at = bytes.len() - 30;
        bytes[at] = 0xFF;
        let error = Dataset::from_csv(&bytes, &codes(), true).unwrap_err();
        assert!(error.to_string().contains("UTF-8"), "{error}");
    }
}
