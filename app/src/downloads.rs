//! Files the server sends: a download with a safe name, an error as plain text, a workbook.

use axum::{
    http::{header, StatusCode},
    response::{IntoResponse, Redirect, Response},
};

use crate::error::AppError;

pub fn failure(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, error.to_string()).into_response()
}

/// Where a plain form post that sends a file (an import, a document) takes the browser back:
/// `back?{ok}=message`, or `back?{ok-prefix}_error=message` for a mistake in the file. Who may
/// not post gets a refusal rather than a page that talks about the file, and a file too large or
/// a busy region gets its status (413, 503) with the message.
pub fn posted_outcome(back: &str, keys: (&str, &str), outcome: Result<String, AppError>) -> Response {
    let (key, message) = match outcome {
        Ok(message) => (keys.0, message),
        Err(
            error @ (AppError::Unauthorized
            | AppError::Forbidden
            | AppError::RegionNotFound
            | AppError::NotFound
            | AppError::TooLarge { .. }
            | AppError::Busy),
        ) => return failure(error),
        Err(error) => (keys.1, error.to_string()),
    };
    Redirect::to(&format!("{back}?{key}={}", percent_encode(&message))).into_response()
}

/// [`posted_outcome`] of an import: `imported` or `import_error`.
pub fn import_outcome(back: &str, outcome: Result<String, AppError>) -> Response {
    posted_outcome(back, ("imported", "import_error"), outcome)
}

pub fn download(content_type: &str, file_name: &str, body: Vec<u8>) -> Response {
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        file_name.replace(|c: char| !c.is_ascii_alphanumeric() && c != '.', "_"),
        percent_encode(file_name)
    );
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

pub use crate::components::percent_encode;

/// Whether a spreadsheet program could take `text` for a formula (or a DDE command) when it
/// opens a CSV file, or when a person edits the cell: it starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return ("CSV injection": school names and reasons are typed by people).
fn starts_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A cell of a CSV export. Text that could run as a formula gets a leading `'`, which
/// spreadsheet programs show as text. A plain number such as `-20` or `+1.5` stays as it is:
/// a spreadsheet reads it as a number, never as a formula, and people sort and sum it.
pub fn csv_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if starts_like_formula(text) && !text.parse::<f64>().is_ok_and(f64::is_finite) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// [`csv_safe`] for every cell of a row.
pub fn csv_safe_row(cells: Vec<String>) -> Vec<String> {
    cells.into_iter().map(|c| csv_safe(&c).into_owned()).collect()
}

/// Numbers stay numbers in the workbook, so operators can sort and chart them. Text that
/// starts like a formula gets Excel's quote prefix (the `'` a person would type): it shows
/// and stays text even when edited, and the value itself is unchanged, so an exported item
/// bank imports back as it was. A text cell is never a formula in XLSX; editing made it one.
pub fn xlsx(header: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    write_sheet(workbook.add_worksheet(), header, rows)?;
    workbook.save_to_buffer()
}

/// One flat table on `sheet` as [`xlsx`] writes it: a bold header row, numbers as numbers
/// (except in the first column, a code), formula-like text quote-prefixed.
pub fn write_sheet(
    sheet: &mut rust_xlsxwriter::Worksheet,
    header: &[String],
    rows: &[Vec<String>],
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::Format;
    let bold = Format::new().set_bold();
    let bold_quoted = Format::new().set_bold().set_quote_prefix();
    let quoted = Format::new().set_quote_prefix();
    for (c, title) in header.iter().enumerate() {
        let format = if starts_like_formula(title) {
            &bold_quoted
        } else {
            &bold
        };
        sheet.write_string_with_format(0, c as u16, title, format)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell.parse::<f64>() {
                Ok(number) if c > 0 => sheet.write_number(r, c, number)?,
                _ if starts_like_formula(cell) => sheet.write_string_with_format(r, c, cell, &quoted)?,
                _ => sheet.write_string(r, c, cell)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_that_could_run_as_formulas_get_a_quote_and_numbers_stay_numbers() {
        for text in [
            "=1+1",
            "+7 (999) 123",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "-",
            "-inf",
        ] {
            assert_eq!(csv_safe(text), format!("'{text}"), "{text:?}");
        }
        for text in ["-20", "-1.5", "+3", "1e5", "Школа № 1", "", "a=b", "57,5"] {
            assert_eq!(csv_safe(text), text, "{text:?}");
        }
        assert_eq!(
            csv_safe_row(vec!["=HYPERLINK(\"http://x\")".into(), "-20".into()]),
            ["'=HYPERLINK(\"http://x\")", "-20"]
        );
    }

    /// The workbook's own XML: which cells carry the quote-prefix style and which are numbers.
    fn part(bytes: &[u8], name: &str) -> String {
        use std::io::Read;
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
    }

    #[test]
    fn xlsx_text_that_starts_like_a_formula_is_quote_prefixed_and_unchanged() {
        let header = vec!["code".to_string(), "value".to_string(), "name".to_string()];
        let rows = vec![vec![
            "=cmd|' /C calc'!A0".to_string(),
            "-20".to_string(),
            "Школа".to_string(),
        ]];
        let bytes = xlsx(&header, &rows).unwrap();
        let styles = part(&bytes, "xl/styles.xml");
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(styles.contains("quotePrefix=\"1\""), "{styles}");
        let cell = |name: &str| {
            let start = sheet
                .find(&format!("<c r=\"{name}\""))
                .unwrap_or_else(|| panic!("{name}: {sheet}"));
            sheet[start..start + sheet[start..].find("</c>").unwrap()].to_string()
        };
        assert!(
            cell("A2").contains(" s=\""),
            "the formula-like text has a style: {}",
            cell("A2")
        );
        assert!(
            !cell("C2").contains(" s=\""),
            "plain text keeps the default style: {}",
            cell("C2")
        );
        assert!(
            !cell("B2").contains("t=\"s\"") && cell("B2").contains("<v>-20</v>"),
            "{}",
            cell("B2")
        );
    }
}
