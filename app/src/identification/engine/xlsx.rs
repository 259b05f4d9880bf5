//! The first worksheet of an XLSX file, read within fixed bounds.
//!
//! calamine's `Range` is dense (rows × columns of the used area), so a 1.6 KB file with cells
//! at A1 and XFD1048576 asked for 24 GB and took every region offline. Here the archive is
//! checked before anything is decompressed, and the cells come one at a time from calamine's
//! streaming reader into rows; nothing is sized by coordinates the file chooses.

use std::io::{Read, Seek};

use calamine::{Data, DataRef, Dimensions, Reader, Xlsx, XlsxCellReader};

use super::data::{format_number, InputError, RawTable};
use crate::i18n::ru;

/// Excel's own maximum: a row past it does not come from a spreadsheet program.
pub const MAX_ROWS: u32 = 1_048_576;
/// A region's widest table has an indicator per column: tens, not hundreds.
pub const MAX_COLUMNS: u32 = 200;
/// Filled cells. The identification benchmark's data (45,000 schools × 3 years × 37 columns)
/// is 5 million; each kept cell costs about 60 bytes, so a sheet at the bound holds ~360 MB.
pub const MAX_CELLS: usize = 6_000_000;
/// Text kept from the cells: as much as the largest CSV upload carries. Bounds what shared
/// strings repeated in many cells would otherwise multiply.
pub const MAX_TEXT_BYTES: usize = 100 << 20;
/// Parts of the archive (a workbook has a dozen or two).
pub const MAX_PARTS: usize = 1_000;
/// One part decompressed: a sheet of [`MAX_CELLS`] cells is about 250 MB of XML.
pub const MAX_PART_BYTES: u64 = 512 << 20;
/// The whole archive decompressed.
pub const MAX_ARCHIVE_BYTES: u64 = 1 << 30;
/// Decompressed size over compressed size for parts above [`RATIO_FROM_BYTES`]: worksheet
/// XML compresses 5–30 times; 100 is Apache POI's default bound (`ZipSecureFile`).
pub const MAX_RATIO: u64 = 100;
const RATIO_FROM_BYTES: u64 = 1 << 20;

/// Reads the first worksheet of the XLSX in `reader`; `name` is the file's name for messages.
pub fn read<R: Read + Seek>(name: &str, reader: R) -> Result<RawTable, InputError> {
    read_sheet(reader).map_err(|e| e.named(name))?.into_table()
}

/// Why an archive or a sheet is not read, before the file's name is attached.
#[derive(Debug)]
enum ReadError {
    Unreadable(String),
    Refused(String),
}

impl ReadError {
    fn named(self, name: &str) -> InputError {
        let path = name.to_string();
        match self {
            ReadError::Unreadable(reason) => InputError::Unreadable { path, reason },
            ReadError::Refused(reason) => InputError::Refused { path, reason },
        }
    }
}

fn unreadable(error: impl std::fmt::Display) -> ReadError {
    ReadError::Unreadable(error.to_string())
}

fn read_sheet<R: Read + Seek>(mut reader: R) -> Result<Cells, ReadError> {
    check_archive(&mut reader)?;
    reader.rewind().map_err(unreadable)?;
    let mut workbook = Xlsx::new(reader).map_err(unreadable)?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| unreadable(ru::SHEETS_NONE))?;
    let cells = match workbook.worksheet_cells_reader(&sheet) {
        Ok(cells) => read_cells(&sheet, cells),
        // A chart sheet first: no cells, as calamine's own range reader treats it.
        Err(calamine::XlsxError::NotAWorksheet(_)) => Ok(Cells::default()),
        Err(e) => Err(unreadable(e)),
    };
    cells
}

/// Checks the archive's directory before any part is decompressed. The sizes it declares are
/// binding: the zip reader (zip ≥ 9, `Crc32Reader::with_size_limit`) fails a part that
/// decompresses to more than its declared size, so a lying directory cannot get past this.
fn check_archive<R: Read + Seek>(reader: R) -> Result<(), ReadError> {
    let mut archive = zip::ZipArchive::new(reader).map_err(unreadable)?;
    if archive.len() > MAX_PARTS {
        return Err(ReadError::Refused(ru::archive_too_many_parts(
            archive.len(),
            MAX_PARTS,
        )));
    }
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let part = archive.by_index_data(index).map_err(unreadable)?;
        let name = String::from_utf8_lossy(part.name_raw()).into_owned();
        let (size, packed) = (part.size(), part.compressed_size());
        if size > MAX_PART_BYTES {
            return Err(ReadError::Refused(ru::archive_part_too_large(
                &name,
                size,
                MAX_PART_BYTES,
            )));
        }
        if size > RATIO_FROM_BYTES && size / packed.max(1) > MAX_RATIO {
            return Err(ReadError::Refused(ru::archive_part_ratio(
                &name,
                size / packed.max(1),
                MAX_RATIO,
            )));
        }
        total = total.saturating_add(size);
    }
    if total > MAX_ARCHIVE_BYTES {
        return Err(ReadError::Refused(ru::archive_too_large(
            total,
            MAX_ARCHIVE_BYTES,
        )));
    }
    // Parts sharing their compressed bytes multiply what a small file unpacks to.
    if archive.has_overlapping_files().map_err(unreadable)? {
        return Err(ReadError::Refused(ru::ARCHIVE_OVERLAP.into()));
    }
    Ok(())
}

/// The filled cells of a sheet in file order, and the corner of the area calamine's range
/// would have covered (every cell that is not empty, even one holding only spaces).
#[derive(Default)]
struct Cells {
    kept: Vec<(u32, u32, String)>,
    first_row: u32,
    first_column: u32,
}

fn read_cells<RS: Read + Seek>(sheet: &str, mut reader: XlsxCellReader<'_, RS>) -> Result<Cells, ReadError> {
    let declared = reader.dimensions();
    let (rows, columns) = extent(declared);
    if rows > u64::from(MAX_ROWS) || columns > u64::from(MAX_COLUMNS) {
        return Err(ReadError::Refused(ru::sheet_declared_too_large(
            sheet,
            &range_name(declared),
            rows,
            columns,
            MAX_ROWS,
            MAX_COLUMNS,
        )));
    }
    // A single cell is both what calamine reports for a missing `<dimension>` and what writers
    // that do not know the size put there; only a real area is held against the cells.
    let declared = (rows * columns > 1).then_some(declared);
    let mut cells = Cells {
        first_row: u32::MAX,
        first_column: u32::MAX,
        ..Cells::default()
    };
    let (mut count, mut text_bytes) = (0, 0);
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (row, column) = cell.get_position();
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(ReadError::Refused(ru::sheet_cell_beyond_limits(
                sheet,
                &cell_name(row, column),
                MAX_ROWS,
                MAX_COLUMNS,
            )));
        }
        if let Some(area) = declared.filter(|area| !area.contains(row, column)) {
            return Err(ReadError::Refused(ru::sheet_cell_outside_dimension(
                sheet,
                &cell_name(row, column),
                &range_name(area),
            )));
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(ReadError::Refused(ru::sheet_too_many_cells(sheet, MAX_CELLS)));
        }
        cells.first_row = cells.first_row.min(row);
        cells.first_column = cells.first_column.min(column);
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        text_bytes += text.len();
        if text_bytes > MAX_TEXT_BYTES {
            return Err(ReadError::Refused(ru::sheet_too_much_text(sheet, MAX_TEXT_BYTES)));
        }
        cells.kept.push((row, column, text));
    }
    Ok(cells)
}

/// A cell's text as the dense reader gave it: strings trimmed, whole numbers without `.0`,
/// dates and errors as calamine displays them.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::SharedString(s) => s.trim().to_string(),
        other => match Data::from(other.clone()) {
            Data::Empty => String::new(),
            Data::String(s) => s.trim().to_string(),
            Data::Float(f) => format_number(f),
            Data::Int(i) => i.to_string(),
            Data::Bool(b) => b.to_string(),
            other => other.to_string(),
        },
    }
}

impl Cells {
    /// The table the dense range gave: its first row is the header (as wide as its last filled
    /// cell), later rows keep their sheet row numbers, rows with nothing under the header are
    /// left out. Of two cells at one place the later wins, as in calamine's range.
    fn into_table(mut self) -> Result<RawTable, InputError> {
        // Stable: cells at one place stay in file order, so the later one is written last.
        self.kept.sort_by_key(|&(row, column, _)| (row, column));
        let (first_row, first_column) = (self.first_row, self.first_column);
        let mut kept = self.kept.into_iter().peekable();
        if kept.peek().is_none_or(|&(row, _, _)| row != first_row) {
            return Err(InputError::Empty);
        }
        let mut header = Vec::new();
        while let Some((_, column, text)) = kept.next_if(|&(row, _, _)| row == first_row) {
            let at = (column - first_column) as usize;
            header.resize(header.len().max(at + 1), String::new());
            header[at] = text;
        }
        let width = header.len();
        let mut rows = Vec::new();
        while let Some(&(row, _, _)) = kept.peek() {
            let mut cells = vec![String::new(); width];
            let mut filled = false;
            while let Some((_, column, text)) = kept.next_if(|&(r, _, _)| r == row) {
                if let Some(cell) = cells.get_mut((column - first_column) as usize) {
                    *cell = text;
                    filled = true;
                }
            }
            if filled {
                rows.push((row as usize + 1, cells));
            }
        }
        Ok(RawTable { header, rows })
    }
}

/// Rows and columns of an area, whichever way round its corners are written.
fn extent(area: Dimensions) -> (u64, u64) {
    let span = |a: u32, b: u32| u64::from(a.abs_diff(b)) + 1;
    (span(area.start.0, area.end.0), span(area.start.1, area.end.1))
}

/// `A1`-style name of a 0-based cell.
fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), u64::from(row) + 1)
}

fn range_name(area: Dimensions) -> String {
    format!(
        "{}:{}",
        cell_name(area.start.0, area.start.1),
        cell_name(area.end.0, area.end.1)
    )
}

#[cfg(test)]
#[path = "xlsx_tests.rs"]
mod tests;
