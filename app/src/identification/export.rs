//! Downloads: a run's lists as XLSX or CSV, a configuration version as JSON.

use axum::{
    extract::{Path, State},
    response::Response,
    Extension,
};

use super::service::{load_config, parse_id, OPERATOR};
use crate::accounts::{service::require_role_of, session::AuthUser};
use crate::downloads::{csv_safe_row, download, failure, xlsx};
use crate::error::AppError;
use crate::state::{begin_tenant, AppState};

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
                text.push_str(&super::uploads::to_csv(
                    &csv_safe_row(header),
                    rows.into_iter().map(csv_safe_row),
                ));
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
