//! Downloads: a run's lists as XLSX or CSV, a configuration version as JSON.

use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};

use super::service::{load_config, parse_id, OPERATOR};
use crate::accounts::{service::require_role_of, session::AuthUser};
use crate::error::AppError;
use crate::state::{begin_tenant, AppState};

fn failure(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, error.to_string()).into_response()
}

fn download(content_type: &str, file_name: &str, body: Vec<u8>) -> Response {
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

fn percent_encode(text: &str) -> String {
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

/// `GET /r/{slug}/admin/identification/runs/{id}/export/{format}` with `xlsx` or `csv`.
pub async fn run_export(
    State(state): State<AppState>,
    Path((slug, id, format)): Path<(String, String, String)>,
    user: Option<Extension<AuthUser>>,
) -> Response {
    let result = async {
        let (tenant, _) = require_role_of(&state, &slug, OPERATOR, user.map(|u| u.0)).await?;
        let (title, header, rows) = super::runs::export_rows(&state, &tenant, parse_id(&id)?).await?;
        match format.as_str() {
            "csv" => {
                let mut text = String::from("\u{feff}");
                text.push_str(&super::uploads::to_csv(&header, rows));
                Ok(download(
                    "text/csv; charset=utf-8",
                    &format!("{title}.csv"),
                    text.into_bytes(),
                ))
            }
            "xlsx" => {
                let bytes = xlsx(&header, &rows).map_err(AppError::internal)?;
                Ok(download(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    &format!("{title}.xlsx"),
                    bytes,
                ))
            }
            _ => Err(AppError::NotFound),
        }
    }
    .await;
    result.unwrap_or_else(failure)
}

/// Numbers stay numbers in the workbook, so operators can sort and chart them.
fn xlsx(header: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
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

/// `GET /r/{slug}/admin/identification/configs/{id}/export/json`
pub async fn config_export(
    State(state): State<AppState>,
    Path((slug, id, format)): Path<(String, String, String)>,
    user: Option<Extension<AuthUser>>,
) -> Response {
    let result = async {
        if format != "json" {
            return Err(AppError::NotFound);
        }
        let (tenant, _) = require_role_of(&state, &slug, OPERATOR, user.map(|u| u.0)).await?;
        let mut tx = begin_tenant(&state.db, tenant.id).await?;
        let stored = load_config(&mut tx, &tenant, parse_id(&id)?).await?;
        tx.commit().await?;
        let text = serde_json::to_string_pretty(&stored.body).map_err(AppError::internal)?;
        Ok(download(
            "application/json; charset=utf-8",
            &format!("{} (v{}).json", stored.body.title(), stored.version),
            text.into_bytes(),
        ))
    }
    .await;
    result.unwrap_or_else(failure)
}
