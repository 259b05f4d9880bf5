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
    #[error("Неизвестный формат файла «{path}»: ожидается .csv или .xlsx")]
    UnknownFormat { path: String },
}

/// A rectangular table of text cells with its header; row `i` of `rows` is file row `i + 2`.
#[derive(Debug, Default)]
pub struct RawTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl RawTable {
    pub fn read(path: &Path) -> Result<RawTable, InputError> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("csv") | Some("txt") => {
                let bytes = std::fs::read(path).map_err(|e| InputError::Unreadable {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                })?;
                RawTable::from_csv(&bytes)
            }
            Some("xlsx") | Some("xlsm") | Some("xls") | Some("ods") => RawTable::from_spreadsheet(path),
            _ => Err(InputError::UnknownFormat {
                path: path.display().to_string(),
            }),
        }
    }

    /// UTF-8 with or without BOM; the delimiter (`;` or `,`) is whichever the header uses more.
    pub fn from_csv(bytes: &[u8]) -> Result<RawTable, InputError> {
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
        let mut records = reader.byte_records();
        let header = match records.next() {
            Some(Ok(record)) => record_to_strings(&record),
            Some(Err(e)) => return Err(csv_error(e)),
            None => return Err(InputError::Empty),
        };
        if header.iter().all(|h| h.is_empty()) {
            return Err(InputError::Empty);
        }
        let mut rows = Vec::new();
        for (i, record) in records.enumerate() {
            let record = record.map_err(csv_error)?;
            let row = record_to_strings(&record);
            if row.len() == 1 && row[0].is_empty() {
                continue;
            }
            if row.len() != header.len() {
                return Err(InputError::RaggedRow {
                    row: i + 2,
                    found: row.len(),
                    expected: header.len(),
                });
            }
            rows.push(row);
        }
        Ok(RawTable { header, rows })
    }

    /// The first worksheet; numbers keep their value, dates and formulas their displayed text.
    pub fn from_spreadsheet(path: &Path) -> Result<RawTable, InputError> {
        use calamine::{open_workbook_auto, Data, Reader};
        let unreadable = |reason: String| InputError::Unreadable {
            path: path.display().to_string(),
            reason,
        };
        let mut workbook = open_workbook_auto(path).map_err(|e| unreadable(e.to_string()))?;
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
        let mut lines = sheet.rows().map(|r| r.iter().map(cell).collect::<Vec<_>>());
        let header = lines.next().ok_or(InputError::Empty)?;
        let width = header.iter().rposition(|h| !h.is_empty()).map_or(0, |p| p + 1);
        if width == 0 {
            return Err(InputError::Empty);
        }
        let header = header[..width].to_vec();
        let rows = lines
            .map(|mut row| {
                row.resize(width.max(row.len()), String::new());
                row.truncate(width);
                row
            })
            .filter(|row| row.iter().any(|c| !c.is_empty()))
            .collect();
        Ok(RawTable { header, rows })
    }

    /// Column positions by name; duplicated names are an error.
    pub fn columns(&self) -> Result<HashMap<&str, usize>, InputError> {
        let mut map = HashMap::new();
        for (i, name) in self.header.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            if map.insert(name.as_str(), i).is_some() {
                return Err(InputError::DuplicateColumn { column: name.clone() });
            }
        }
        Ok(map)
    }
}

fn format_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

fn record_to_strings(record: &csv::ByteRecord) -> Vec<String> {
    record
        .iter()
        .map(|field| String::from_utf8_lossy(field).trim().to_string())
        .collect()
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
    let text = text.trim();
    let cleaned: String;
    let text = if text.contains([',', ' ', '\u{a0}', '\u{202f}']) {
        cleaned = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .map(|c| if c == ',' { '.' } else { c })
            .collect();
        cleaned.as_str()
    } else {
        text
    };
    if text.is_empty()
        || text
            .chars()
            .any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
    {
        return None;
    }
    text.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// The indicator table of the contract, parsed and checked.
#[derive(Debug, Default, Clone)]
pub struct Dataset {
    pub school_ids: Vec<String>,
    pub years: Vec<i32>,
    pub groups: Option<Vec<String>>,
    /// Indicator code → value per row (`None` when the cell is empty).
    pub indicators: Vec<(String, Vec<Option<f64>>)>,
    /// Columns the engine does not use, carried to the output.
    pub extra: Vec<(String, Vec<String>)>,
}

impl Dataset {
    pub fn from_table(
        table: RawTable,
        indicator_codes: &[String],
        needs_groups: bool,
    ) -> Result<Dataset, InputError> {
        let columns = table.columns()?;
        let require = |name: &str| {
            columns
                .get(name)
                .copied()
                .ok_or_else(|| InputError::MissingColumn { column: name.into() })
        };
        let school_col = require("school_id")?;
        let year_col = require("year")?;
        let group_col = if needs_groups {
            Some(require("group")?)
        } else {
            columns.get("group").copied()
        };
        let indicator_cols = indicator_codes
            .iter()
            .map(|code| require(code).map(|col| (code.clone(), col)))
            .collect::<Result<Vec<_>, _>>()?;
        let used: Vec<usize> = [Some(school_col), Some(year_col), group_col]
            .into_iter()
            .flatten()
            .chain(indicator_cols.iter().map(|(_, c)| *c))
            .collect();
        let extra_cols: Vec<(String, usize)> = table
            .header
            .iter()
            .enumerate()
            .filter(|(i, name)| !used.contains(i) && !name.is_empty())
            .map(|(i, name)| (name.clone(), i))
            .collect();

        let n = table.rows.len();
        let mut data = Dataset {
            school_ids: Vec::with_capacity(n),
            years: Vec::with_capacity(n),
            groups: group_col.map(|_| Vec::with_capacity(n)),
            indicators: indicator_cols
                .iter()
                .map(|(code, _)| (code.clone(), Vec::with_capacity(n)))
                .collect(),
            extra: extra_cols
                .iter()
                .map(|(name, _)| (name.clone(), Vec::with_capacity(n)))
                .collect(),
        };
        let mut seen: HashMap<(String, i32), usize> = HashMap::with_capacity(n);
        for (i, row) in table.rows.into_iter().enumerate() {
            let row_number = i + 2;
            let school_id = row[school_col].clone();
            if school_id.is_empty() {
                return Err(InputError::EmptyValue {
                    row: row_number,
                    column: "school_id".into(),
                });
            }
            let year = parse_year(&row[year_col]).ok_or_else(|| InputError::BadYear {
                row: row_number,
                value: row[year_col].clone(),
            })?;
            if let Some(first_row) = seen.insert((school_id.clone(), year), row_number) {
                return Err(InputError::DuplicateSchoolYear {
                    row: row_number,
                    school_id,
                    year,
                    first_row,
                });
            }
            if let (Some(groups), Some(col)) = (data.groups.as_mut(), group_col) {
                if row[col].is_empty() && needs_groups {
                    return Err(InputError::EmptyValue {
                        row: row_number,
                        column: "group".into(),
                    });
                }
                groups.push(row[col].clone());
            }
            for ((code, values), (_, col)) in data.indicators.iter_mut().zip(&indicator_cols) {
                let cell = &row[*col];
                if cell.is_empty() {
                    values.push(None);
                } else {
                    let value = parse_number(cell).ok_or_else(|| InputError::NotANumber {
                        row: row_number,
                        column: code.clone(),
                        value: cell.clone(),
                    })?;
                    values.push(Some(value));
                }
            }
            for ((_, values), (_, col)) in data.extra.iter_mut().zip(&extra_cols) {
                values.push(row[*col].clone());
            }
            data.school_ids.push(school_id);
            data.years.push(year);
        }
        Ok(data)
    }

    pub fn len(&self) -> usize {
        self.years.len()
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
        let columns = table.columns()?;
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
        for (i, row) in table.rows.into_iter().enumerate() {
            let row_number = i + 2;
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
