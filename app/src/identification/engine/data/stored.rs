//! A stored year of indicator data in columns (issue 16 §5): written once when the version is
//! created, read by a run without parsing CSV. A column whose every cell is empty or the exact
//! text of its number is kept as numbers, any other column as text, so the canonical CSV is
//! recovered cell for cell and a run gives the same bytes as from the CSV.

use std::collections::HashMap;
use std::fmt::Write;

use super::dataset::{parse_cell, Layout};
use super::decimals;
use super::*;

/// The form's first bytes; a blob without them (or of another form) is read from the CSV.
const MAGIC: &[u8; 8] = b"ROSTCOL1";
const NUMBERS: u8 = 0;
const TEXT: u8 = 1;
/// Numbers in [`decimals`]' form.
const DECIMALS: u8 = 2;

/// One column of a stored year.
#[derive(Debug, Clone)]
enum Column {
    /// NaN where the cell is empty.
    Numbers(Vec<f64>),
    Text(TextColumn),
}

/// Equal when stored alike: numbers compare by their bits, so two empty cells (NaN) are equal
/// and `-0` differs from `0`.
impl PartialEq for Column {
    fn eq(&self, other: &Column) -> bool {
        match (self, other) {
            (Column::Numbers(a), Column::Numbers(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
            }
            (Column::Text(a), Column::Text(b)) => a == b,
            _ => false,
        }
    }
}

/// One year's table in columns, under its header.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnTable {
    header: Vec<String>,
    rows: usize,
    columns: Vec<Column>,
}

/// Columns read as text whatever they hold: the engine reads them as text.
const ALWAYS_TEXT: [&str; 3] = ["school_id", "year", "group"];

/// The number a cell's text stands for, if the text is exactly how that number is written.
fn exact_number(text: &str) -> Option<f64> {
    let value = fast_float2::parse::<f64, _>(text)
        .ok()
        .filter(|v| v.is_finite())?;
    let mut written = String::with_capacity(text.len());
    write!(written, "{value}").expect("writing to a string cannot fail");
    (written == text).then_some(value)
}

impl ColumnTable {
    /// The table of `rows` (cells in header order), each cell as reading its canonical CSV
    /// gives it (trimmed); a column is kept as numbers when every cell is empty or exactly how
    /// its number is written.
    pub fn from_rows(header: &[String], rows: &[Vec<String>]) -> ColumnTable {
        ColumnTable::with_numbers(header, rows, |c| {
            if ALWAYS_TEXT.contains(&header[c].as_str()) {
                return None;
            }
            rows.iter()
                .map(|r| match r[c].trim() {
                    "" => Some(f64::NAN),
                    text => exact_number(text),
                })
                .collect()
        })
    }

    /// The table of `rows`, with the columns for which `numbers` gives values kept as those
    /// numbers (NaN for an empty cell): the caller vouches that each cell is empty or the
    /// number as Rust writes it. The others are kept as text.
    pub fn with_numbers(
        header: &[String],
        rows: &[Vec<String>],
        mut numbers: impl FnMut(usize) -> Option<Vec<f64>>,
    ) -> ColumnTable {
        let columns = (0..header.len())
            .map(|c| match numbers(c) {
                Some(values) => Column::Numbers(values),
                None => {
                    let mut text = TextColumn::with_capacity(rows.len());
                    for r in rows {
                        text.push(r[c].trim());
                    }
                    Column::Text(text)
                }
            })
            .collect();
        ColumnTable {
            header: header.to_vec(),
            rows: rows.len(),
            columns,
        }
    }

    /// The table of a canonical CSV (one version's content).
    pub fn from_csv(content: &str) -> Result<ColumnTable, InputError> {
        let table = RawTable::from_csv(content.as_bytes())?;
        let rows: Vec<Vec<String>> = table.rows.into_iter().map(|(_, cells)| cells).collect();
        Ok(ColumnTable::from_rows(&table.header, &rows))
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The stored bytes: the magic, the row and column counts, then each column's name, kind
    /// and cells (decimals: the scale, the `u32` length and the integers; else little-endian
    /// `f64`; or `u32` text ends and the text).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.rows * self.columns.len() * 8);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.rows as u32).to_le_bytes());
        out.extend_from_slice(&(self.columns.len() as u32).to_le_bytes());
        for (name, column) in self.header.iter().zip(&self.columns) {
            out.extend_from_slice(&(name.len() as u32).to_le_bytes());
            out.extend_from_slice(name.as_bytes());
            match column {
                Column::Numbers(values) => match decimals::encode(values) {
                    Some((scale, integers)) => {
                        out.push(DECIMALS);
                        out.push(scale);
                        out.extend_from_slice(&(integers.len() as u32).to_le_bytes());
                        out.extend_from_slice(&integers);
                    }
                    None => {
                        out.push(NUMBERS);
                        for v in values {
                            out.extend_from_slice(&v.to_le_bytes());
                        }
                    }
                },
                Column::Text(text) => {
                    out.push(TEXT);
                    out.extend_from_slice(&(text.text.len() as u32).to_le_bytes());
                    for end in &text.ends {
                        out.extend_from_slice(&(*end as u32).to_le_bytes());
                    }
                    out.extend_from_slice(text.text.as_bytes());
                }
            }
        }
        out
    }

    /// The table of [`ColumnTable::encode`]'s bytes; `None` for anything else (another form,
    /// damaged bytes), which the caller then reads from the CSV.
    pub fn decode(bytes: &[u8]) -> Option<ColumnTable> {
        let mut reader = Reader { bytes };
        if reader.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let rows = reader.u32()? as usize;
        let count = reader.u32()? as usize;
        let mut header = Vec::with_capacity(count.min(4096));
        let mut columns = Vec::with_capacity(count.min(4096));
        for _ in 0..count {
            let length = reader.u32()? as usize;
            header.push(std::str::from_utf8(reader.take(length)?).ok()?.to_string());
            let column = match reader.take(1)?[0] {
                NUMBERS => Column::Numbers(
                    reader
                        .take(rows.checked_mul(8)?)?
                        .chunks_exact(8)
                        .map(|b| f64::from_le_bytes(b.try_into().expect("eight bytes")))
                        .collect(),
                ),
                DECIMALS => {
                    let scale = reader.take(1)?[0];
                    let length = reader.u32()? as usize;
                    Column::Numbers(decimals::decode(scale, rows, reader.take(length)?)?)
                }
                TEXT => {
                    let length = reader.u32()? as usize;
                    let ends: Vec<usize> = reader
                        .take(rows.checked_mul(4)?)?
                        .chunks_exact(4)
                        .map(|b| u32::from_le_bytes(b.try_into().expect("four bytes")) as usize)
                        .collect();
                    let text = std::str::from_utf8(reader.take(length)?).ok()?;
                    let mut previous = 0;
                    for &end in &ends {
                        if end < previous || !text.is_char_boundary(end) {
                            return None;
                        }
                        previous = end;
                    }
                    if previous != text.len() {
                        return None;
                    }
                    Column::Text(TextColumn {
                        text: text.to_string(),
                        ends,
                    })
                }
                _ => return None,
            };
            columns.push(column);
        }
        reader.bytes.is_empty().then_some(ColumnTable {
            header,
            rows,
            columns,
        })
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

/// One cell of a union column: the table's own column, or empty where the table lacks it.
fn cell<'a>(column: Option<&'a Column>, row: usize, buffer: &'a mut String) -> &'a str {
    match column {
        None => "",
        Some(Column::Text(text)) => text.get(row),
        Some(Column::Numbers(values)) => {
            buffer.clear();
            if !values[row].is_nan() {
                write!(buffer, "{}", values[row]).expect("writing to a string cannot fail");
            }
            buffer.as_str()
        }
    }
}

impl Dataset {
    /// The years of `tables` (oldest first) as one dataset under the union of their headers,
    /// as [`Dataset::from_csv`] reads their canonical CSV joined: same rows, same order, same
    /// values, same errors (rows numbered as in the joined file).
    pub fn from_columns(
        tables: &[ColumnTable],
        indicator_codes: &[String],
        needs_groups: bool,
    ) -> Result<Dataset, InputError> {
        let mut header: Vec<String> = Vec::new();
        for table in tables {
            for name in &table.header {
                if !header.contains(name) {
                    header.push(name.clone());
                }
            }
        }
        let layout = Layout::of(&header, indicator_codes, needs_groups)?;
        let total: usize = tables.iter().map(ColumnTable::len).sum();
        let mut data = Dataset {
            school: Vec::with_capacity(total),
            school_ids: Vec::new(),
            years: Vec::with_capacity(total),
            groups: layout.group.map(|_| Interned::default()),
            indicators: layout
                .indicators
                .iter()
                .map(|(code, _)| (code.clone(), Vec::with_capacity(total)))
                .collect(),
            extra: layout
                .extra
                .iter()
                .map(|(name, _)| (name.clone(), TextColumn::with_capacity(total)))
                .collect(),
        };
        let mut schools = Interned::default();
        let mut first_row = 2;
        let mut buffer = String::new();
        for table in tables {
            let at: HashMap<&str, &Column> = table
                .header
                .iter()
                .map(String::as_str)
                .zip(&table.columns)
                .collect();
            let column = |position: usize| at.get(header[position].as_str()).copied();
            push_keys(&mut data, &mut schools, &layout, &column, table.rows, first_row)?;
            for ((code, values), (_, position)) in data.indicators.iter_mut().zip(&layout.indicators) {
                match column(*position) {
                    None => values.extend(std::iter::repeat_n(f64::NAN, table.rows)),
                    Some(Column::Numbers(numbers)) => values.extend_from_slice(numbers),
                    Some(Column::Text(text)) => {
                        for row in 0..table.rows {
                            values.push(parse_cell(first_row + row, code, text.get(row).as_bytes())?);
                        }
                    }
                }
            }
            for ((_, values), (_, position)) in data.extra.iter_mut().zip(&layout.extra) {
                match column(*position) {
                    Some(Column::Text(text)) => values.append(text),
                    other => {
                        for row in 0..table.rows {
                            values.push(cell(other, row, &mut buffer));
                        }
                    }
                }
            }
            first_row += table.rows;
        }
        data.school = schools.of_row;
        data.school_ids = schools.values;
        if data.repeats_school_year() {
            return Err(data.first_repeat());
        }
        Ok(data)
    }

    /// The error naming the first (school, year) that appears twice.
    fn first_repeat(&self) -> InputError {
        let mut seen: HashMap<(u32, i32), usize> = HashMap::new();
        for (row, (&school, &year)) in self.school.iter().zip(&self.years).enumerate() {
            if let Some(first) = seen.insert((school, year), row + 2) {
                return InputError::DuplicateSchoolYear {
                    row: row + 2,
                    school_id: self.school_ids[school as usize].clone(),
                    year,
                    first_row: first,
                };
            }
        }
        unreachable!("called when a pair repeats")
    }
}

/// Appends each row's school, year and group, checked as the CSV reader checks them.
fn push_keys<'a>(
    data: &mut Dataset,
    schools: &mut Interned,
    layout: &Layout,
    column: &impl Fn(usize) -> Option<&'a Column>,
    rows: usize,
    first_row: usize,
) -> Result<(), InputError> {
    let mut buffer = String::new();
    for row in 0..rows {
        let number = first_row + row;
        let school_id = cell(column(layout.school), row, &mut buffer);
        if school_id.is_empty() {
            return Err(InputError::EmptyValue {
                row: number,
                column: "school_id".into(),
            });
        }
        schools.push(school_id);
        let year_text = cell(column(layout.year), row, &mut buffer);
        let year = parse_year(year_text).ok_or_else(|| InputError::BadYear {
            row: number,
            value: year_text.to_string(),
        })?;
        data.years.push(year);
        if let (Some(groups), Some(position)) = (data.groups.as_mut(), layout.group) {
            let group = cell(column(position), row, &mut buffer);
            if group.is_empty() && layout.needs_groups {
                return Err(InputError::EmptyValue {
                    row: number,
                    column: "group".into(),
                });
            }
            groups.push(group);
        }
    }
    Ok(())
}
