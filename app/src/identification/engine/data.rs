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
}

/// A table of text cells with its header; each row keeps its row number in the file.
#[derive(Debug, Default)]
pub struct RawTable {
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// A CSV reader positioned after the header: UTF-8 with or without BOM, the delimiter (`;` or
/// `,`) whichever the header uses more.
fn csv_reader(bytes: &[u8]) -> Result<(Vec<String>, csv::Reader<&[u8]>), InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if std::str::from_utf8(bytes).is_err() {
        return Err(InputError::Unreadable {
            path: "CSV".into(),
            reason: "текст не в кодировке UTF-8; сохраните файл как «CSV UTF-8»".into(),
        });
    }
    let header_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |d: u8| header_line.iter().filter(|b| **b == d).count();
    let delimiter = if count(b';') > count(b',') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut record).map_err(csv_error)? {
        return Err(InputError::Empty);
    }
    let header: Vec<String> = record.iter().map(|f| cell_text(f).to_string()).collect();
    if header.iter().all(|h| h.is_empty()) {
        return Err(InputError::Empty);
    }
    Ok((header, reader))
}

/// Visits each data record with its row number (the line it starts on), checking its width.
fn for_each_record(
    mut reader: csv::Reader<&[u8]>,
    width: usize,
    mut visit: impl FnMut(usize, &csv::ByteRecord) -> Result<(), InputError>,
) -> Result<(), InputError> {
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).map_err(csv_error)? {
        let row = record.position().map_or(0, |p| p.line() as usize);
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

impl RawTable {
    pub fn from_csv(bytes: &[u8]) -> Result<RawTable, InputError> {
        let (header, reader) = csv_reader(bytes)?;
        let mut rows = Vec::new();
        for_each_record(reader, header.len(), |row, record| {
            rows.push((row, record.iter().map(|f| cell_text(f).to_string()).collect()));
            Ok(())
        })?;
        Ok(RawTable { header, rows })
    }

    /// The first worksheet; numbers keep their value, dates and formulas their displayed text.
    pub fn from_spreadsheet(path: &Path) -> Result<RawTable, InputError> {
        let name = path.display().to_string();
        Self::from_spreadsheet_bytes(&name, &read_bytes(path)?)
    }

    /// [`RawTable::from_spreadsheet`] for a file already in memory (an upload).
    pub fn from_spreadsheet_bytes(name: &str, bytes: &[u8]) -> Result<RawTable, InputError> {
        use calamine::{open_workbook_auto_from_rs, Data, Reader};
        let unreadable = |reason: String| InputError::Unreadable {
            path: name.to_string(),
            reason,
        };
        let mut workbook =
            open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
        let sheet = workbook
            .worksheet_range_at(0)
            .ok_or_else(|| unreadable("в книге нет листов".into()))?
            .map_err(|e| unreadable(e.to_string()))?;
        let cell = |data: &Data| match data {
            Data::Empty => String::new(),
            Data::String(s) => s.trim().to_string(),
            Data::Float(f) => format_number(*f),
            Data::Int(i) => i.to_string(),
            Data::Bool(b) => b.to_string(),
            other => other.to_string(),
        };
        // Row numbers follow the sheet, so a table that does not start in A1 still reports the
        // rows a person sees.
        let first_row = sheet.start().map_or(0, |(row, _)| row as usize) + 1;
        let mut lines = sheet.rows().map(|r| r.iter().map(cell).collect::<Vec<_>>());
        let header = lines.next().ok_or(InputError::Empty)?;
        let width = header.iter().rposition(|h| !h.is_empty()).map_or(0, |p| p + 1);
        if width == 0 {
            return Err(InputError::Empty);
        }
        let header = header[..width].to_vec();
        let rows = lines
            .enumerate()
            .map(|(i, mut row)| {
                row.resize(width.max(row.len()), String::new());
                row.truncate(width);
                (first_row + 1 + i, row)
            })
            .filter(|(_, row)| row.iter().any(|c| !c.is_empty()))
            .collect();
        Ok(RawTable { header, rows })
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
            Some("xlsx") | Some("xlsm") | Some("xls") | Some("ods") => Ok(Format::Spreadsheet),
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

fn format_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

fn csv_error(error: csv::Error) -> InputError {
    let row = error.position().map(|p| p.line() as usize).unwrap_or(0);
    InputError::Unreadable {
        path: "CSV".into(),
        reason: format!("строка {row}: {error}"),
    }
}

/// A number as Russian and English spreadsheets write it: `12.5`, `12,5`, `1 234,5`.
pub fn parse_number(text: &str) -> Option<f64> {
    let parsed = if text.contains([',', ' ', '\u{a0}', '\u{202f}']) {
        let cleaned: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .map(|c| if c == ',' { '.' } else { c })
            .collect();
        cleaned.parse::<f64>()
    } else {
        text.parse::<f64>()
    };
    // Rust also reads «inf» and «NaN»; neither is a measurement.
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
    /// Indicator code → value per row (`None` when the cell is empty).
    pub indicators: Vec<(String, Vec<Option<f64>>)>,
    /// Columns the engine does not use, carried to the output.
    pub extra: Vec<(String, Vec<String>)>,
}

/// Repeated text stored once: `values[of_row[row]]` is the row's value.
#[derive(Debug, Default, Clone)]
pub struct Interned {
    pub values: Vec<String>,
    pub of_row: Vec<u32>,
    index: HashMap<String, u32>,
}

impl Interned {
    fn push(&mut self, value: &str) -> u32 {
        let id = match self.index.get(value) {
            Some(&id) => id,
            None => {
                let id = self.values.len() as u32;
                self.values.push(value.to_string());
                self.index.insert(value.to_string(), id);
                id
            }
        };
        self.of_row.push(id);
        id
    }

    pub fn get(&self, row: usize) -> &str {
        &self.values[self.of_row[row] as usize]
    }
}

/// Where each column the engine reads sits in the table.
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
    seen: HashMap<(u32, i32), usize>,
}

impl Builder {
    fn new(layout: Layout) -> Self {
        let data = Dataset {
            school: Vec::new(),
            school_ids: Vec::new(),
            years: Vec::new(),
            groups: layout.group.map(|_| Interned::default()),
            indicators: layout
                .indicators
                .iter()
                .map(|(code, _)| (code.clone(), Vec::new()))
                .collect(),
            extra: layout
                .extra
                .iter()
                .map(|(name, _)| (name.clone(), Vec::new()))
                .collect(),
        };
        Builder {
            layout,
            data,
            schools: Interned::default(),
            seen: HashMap::new(),
        }
    }

    fn push<'a>(&mut self, row: usize, cell: impl Fn(usize) -> &'a str) -> Result<(), InputError> {
        let layout = &self.layout;
        let school_id = cell(layout.school);
        if school_id.is_empty() {
            return Err(InputError::EmptyValue {
                row,
                column: "school_id".into(),
            });
        }
        let year_text = cell(layout.year);
        let year = parse_year(year_text).ok_or_else(|| InputError::BadYear {
            row,
            value: year_text.to_string(),
        })?;
        let school = self.schools.push(school_id);
        if let Some(first_row) = self.seen.insert((school, year), row) {
            return Err(InputError::DuplicateSchoolYear {
                row,
                school_id: school_id.to_string(),
                year,
                first_row,
            });
        }
        if let (Some(groups), Some(col)) = (self.data.groups.as_mut(), layout.group) {
            let group = cell(col);
            if group.is_empty() && layout.needs_groups {
                return Err(InputError::EmptyValue {
                    row,
                    column: "group".into(),
                });
            }
            groups.push(group);
        }
        for ((code, values), (_, col)) in self.data.indicators.iter_mut().zip(&layout.indicators) {
            let text = cell(*col);
            if text.is_empty() {
                values.push(None);
            } else {
                let value = parse_number(text).ok_or_else(|| InputError::NotANumber {
                    row,
                    column: code.clone(),
                    value: text.to_string(),
                })?;
                values.push(Some(value));
            }
        }
        for ((_, values), (_, col)) in self.data.extra.iter_mut().zip(&layout.extra) {
            values.push(cell(*col).to_string());
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
        table: RawTable,
        indicator_codes: &[String],
        needs_groups: bool,
    ) -> Result<Dataset, InputError> {
        let mut builder = Builder::new(Layout::of(&table.header, indicator_codes, needs_groups)?);
        for (row, cells) in &table.rows {
            builder.push(*row, |i| cells[i].as_str())?;
        }
        Ok(builder.finish())
    }

    /// Reads CSV straight into columns, without a table of strings in between.
    pub fn from_csv(
        bytes: &[u8],
        indicator_codes: &[String],
        needs_groups: bool,
    ) -> Result<Dataset, InputError> {
        let (header, reader) = csv_reader(bytes)?;
        let layout = Layout::of(&header, indicator_codes, needs_groups)?;
        let width = layout.width;
        let mut builder = Builder::new(layout);
        for_each_record(reader, width, |row, record| {
            builder.push(row, |i| cell_text(&record[i]))
        })?;
        Ok(builder.finish())
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
