//! Downloads: a run's lists as XLSX or CSV, a configuration version as JSON.

use axum::{
    extract::{Path, State},
    response::Response,
    Extension,
};

use super::config::Config;
use super::db;
use super::engine::{SchoolResult, YearResult};
use super::lists::{finals, label, load_context, override_why, RunContext};
use crate::access::{AuthUser, Staff, OPERATOR};
use crate::downloads::{csv_safe_row, download, failure, xlsx};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::{parse_id, AppState};

/// `GET /r/{slug}/admin/identification/runs/{id}/export/{format}` with `xlsx` or `csv`.
pub async fn run_export(
    State(state): State<AppState>,
    Path((slug, id, format)): Path<(String, String, String)>,
    user: Option<Extension<AuthUser>>,
) -> Response {
    let result = async {
        let mut ctx = Staff::require_of(state, &slug, OPERATOR, user.map(|u| u.0)).await?;
        let context = load_context(&mut ctx, parse_id(&id)?).await?;
        ctx.commit().await?;
        let (title, header, rows) = export_rows(context);
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
        let mut ctx = Staff::require_of(state, &slug, OPERATOR, user.map(|u| u.0)).await?;
        let stored = db::load_config(&mut ctx, parse_id(&id)?).await?;
        ctx.commit().await?;
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

/// The rows of the export: one per school, with every year's indices or flags.
fn export_rows(context: RunContext) -> (String, Vec<String>, Vec<Vec<String>>) {
    let RunContext {
        run,
        overrides,
        known,
        order,
    } = context;
    let columns: Vec<(i32, String)> = match &run.config {
        Config::IndexBands(c) => run
            .result
            .years
            .iter()
            .flat_map(|y| c.indices.iter().map(move |i| (*y, i.code.clone())))
            .collect(),
        Config::FlagCount(_) => run.result.years.iter().map(|y| (*y, String::new())).collect(),
        Config::ExternalList(_) => Vec::new(),
    };
    let mut header: Vec<String> = ru::EXPORT_COLUMNS.iter().map(|c| c.to_string()).collect();
    for (year, index) in &columns {
        if index.is_empty() {
            header.push(ru::export_flags(*year));
        } else {
            header.push(ru::export_index(*year, index));
            header.push(ru::export_band(*year, index));
        }
    }
    let labels = |statuses: &[String]| {
        statuses
            .iter()
            .map(|s| label(&order, s))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let rows = finals(&run, &order, &overrides)
        .into_iter()
        .map(|f| {
            let k = known.get(&f.school.school_id).cloned().unwrap_or_default();
            let mut row = vec![
                f.school.school_id.clone(),
                k.name,
                k.municipality,
                f.school.group.clone().unwrap_or(k.group),
                labels(&f.statuses),
                labels(&f.school.statuses),
                overrides
                    .iter()
                    .filter(|o| o.school_id == f.school.school_id)
                    .map(override_why)
                    .collect::<Vec<_>>()
                    .join("; "),
            ];
            year_cells(&mut row, f.school, &columns);
            row
        })
        .collect();
    (run.config.title().to_string(), header, rows)
}

/// Each year's index and band, or flags, of one school.
fn year_cells(row: &mut Vec<String>, school: &SchoolResult, columns: &[(i32, String)]) {
    for (year, index) in columns {
        match school.years.get(year) {
            Some(YearResult::Indices(map)) => {
                let v = map.get(index);
                row.push(
                    v.and_then(|v| v.index)
                        .map(|x| format!("{x:.6}"))
                        .unwrap_or_default(),
                );
                row.push(
                    v.and_then(|v| v.band)
                        .map(|b| b.label().to_string())
                        .unwrap_or_default(),
                );
            }
            Some(YearResult::Flags { flags }) => row.push(flags.join(", ")),
            None if index.is_empty() => row.push(String::new()),
            None => row.extend([String::new(), String::new()]),
        }
    }
}
