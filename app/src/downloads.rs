//! Files the server sends: a download with a safe name, an error as plain text, a workbook.

use axum::{
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};

use crate::error::AppError;

pub fn failure(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, error.to_string()).into_response()
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

/// Percent-encodes everything but letters, digits and `-_.`, for headers and query strings.
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Numbers stay numbers in the workbook, so operators can sort and chart them.
pub fn xlsx(header: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, title) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, title, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell.parse::<f64>() {
                Ok(number) if c > 0 => sheet.write_number(r, c, number)?,
                _ => sheet.write_string(r, c, cell)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    workbook.save_to_buffer()
}
