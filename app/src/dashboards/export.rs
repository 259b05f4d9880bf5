//! `GET /r/{slug}/dashboard/export/{view}/{format}` (`xlsx` or `csv`, `?municipality=` for an
//! operator's narrowed view): one view of the reader's dashboard, exactly the table the page
//! shows under the chart. Formulas are neutralised as in every export (`downloads`).

use axum::{
    extract::{Path, Query, State},
    response::Response,
    Extension,
};
use serde::Deserialize;

use super::dashboard::cached;
use super::scope::{scope_of, READERS};
use super::tables::{table, View};
use crate::access::{AuthUser, Staff};
use crate::downloads::{csv_safe_row, download, failure, xlsx};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExportQuery {
    pub municipality: Option<String>,
}

/// The table as CSV (UTF-8 with a BOM, so spreadsheet programs read the Cyrillic right).
pub fn csv_bytes(header: Vec<String>, rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut text = String::from("\u{feff}");
    text.push_str(&crate::identification::uploads::to_csv(
        &csv_safe_row(header),
        rows.into_iter().map(csv_safe_row),
    ));
    text.into_bytes()
}

pub async fn export_view(
    State(state): State<AppState>,
    Path((slug, view, format)): Path<(String, String, String)>,
    Query(query): Query<ExportQuery>,
    user: Option<Extension<AuthUser>>,
) -> Response {
    let result = async {
        let view = View::from_code(&view).ok_or(AppError::NotFound)?;
        if !["xlsx", "csv"].contains(&format.as_str()) {
            return Err(AppError::NotFound);
        }
        let mut staff = Staff::require_of(state, &slug, READERS, user.map(|u| u.0)).await?;
        let scope = scope_of(&mut staff, query.municipality.as_deref()).await?;
        let dashboard = cached(&mut staff, &scope).await?;
        staff
            .audit(
                "dashboard_exported",
                serde_json::json!({ "view": view.code(), "format": format, "scope": scope.name }),
            )
            .await?;
        staff.commit().await?;
        let tab = table(&dashboard, view);
        let name = ru::dash_export_name(view.title(), &dashboard.scope);
        if format == "csv" {
            return Ok(download(
                "text/csv; charset=utf-8",
                &format!("{name}.csv"),
                csv_bytes(tab.header, tab.rows),
            ));
        }
        let bytes = xlsx(&tab.header, &tab.rows).map_err(AppError::internal)?;
        Ok(download(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("{name}.xlsx"),
            bytes,
        ))
    }
    .await;
    result.unwrap_or_else(failure)
}
