//! Uploads of the registry, indicator data and external lists: the preview the operator sees,
//! then applying or discarding it.

mod parse;
mod receive;

use std::collections::HashMap;

use uuid::Uuid;

pub use parse::*;
pub use receive::receive_upload;

use super::db::{self, Upload};
use super::{LoadedYear, RegistryRow, UploadKind, UploadPreview};
use crate::access::{Ctx, Staff, OPERATOR};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

pub async fn get_upload(slug: &str, id: &str) -> Result<UploadPreview, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let id = parse_id(id)?;
    let upload = db::load_upload(&mut ctx, id).await?;
    let mut preview = UploadPreview {
        id: id.to_string(),
        kind: upload.kind,
        file_name: upload.file_name.clone(),
        error: upload.error.clone(),
        rows: 0,
        header: Vec::new(),
        sample: Vec::new(),
        years: Vec::new(),
        new_schools: 0,
        updated_schools: 0,
        new_municipalities: Vec::new(),
        target: upload.target.map(|t| t.to_string()),
    };
    if upload.error.is_some() {
        ctx.commit().await?;
        return Ok(preview);
    }
    let summary = db::upload_summary(&mut ctx, id).await?;
    match (upload.kind, summary, upload.content) {
        // Read when it was received: nothing is parsed again.
        (UploadKind::Indicators, Some(summary), _) => {
            let years = db::upload_years(&mut ctx, id).await?;
            preview.years = replaced_years(&mut ctx, years, &upload.file_name).await?;
            show(&mut preview, summary);
        }
        // A registry or a list (small, bounded), or an upload received before summaries were
        // kept: its canonical CSV is read again.
        (kind, _, Some(content)) => {
            let stored = read_stored(kind, content).await?;
            match stored.parsed {
                Parsed::Indicators(years) => {
                    preview.years = replaced_years(&mut ctx, years, &upload.file_name).await?
                }
                Parsed::Schools(rows) => registry_changes(&mut ctx, &rows, &mut preview).await?,
                Parsed::ExternalList => {}
            }
            show(&mut preview, stored.summary);
        }
        (_, _, None) => return Err(AppError::internal("an upload without content or error")),
    }
    ctx.commit().await?;
    Ok(preview)
}

fn show(preview: &mut UploadPreview, summary: UploadSummary) {
    preview.rows = summary.rows;
    preview.header = summary.header;
    preview.sample = summary.sample;
}

/// Each year of the file with the loaded year it would replace.
async fn replaced_years(
    ctx: &mut Ctx,
    years: Vec<IndicatorYear>,
    file_name: &str,
) -> Result<Vec<(LoadedYear, Option<LoadedYear>)>, AppError> {
    let existing: HashMap<i32, LoadedYear> = db::loaded_years(ctx)
        .await?
        .into_iter()
        .map(|y| (y.year, y))
        .collect();
    Ok(years
        .into_iter()
        .map(|y| {
            let loaded = LoadedYear {
                year: y.year,
                version: 0,
                schools: y.schools,
                indicators: y.indicators,
                file_name: file_name.to_string(),
                uploaded_by: String::new(),
                uploaded_at: String::new(),
            };
            let replaces = existing.get(&y.year).cloned();
            (loaded, replaces)
        })
        .collect())
}

/// Schools added and updated, and municipalities created, by a registry upload.
async fn registry_changes(
    ctx: &mut Ctx,
    rows: &[RegistryRow],
    preview: &mut UploadPreview,
) -> Result<(), AppError> {
    // Sets: a registry of thousands of schools checked against a list was quadratic.
    let known = db::school_codes(ctx).await?;
    let municipalities = db::municipalities(ctx).await?;
    preview.updated_schools = rows.iter().filter(|r| known.contains(&r.code)).count();
    preview.new_schools = rows.len() - preview.updated_schools;
    let mut new: Vec<String> = rows
        .iter()
        .filter(|r| !municipalities.contains_key(&r.municipality.to_lowercase()))
        .map(|r| r.municipality.clone())
        .collect();
    new.sort();
    new.dedup();
    preview.new_municipalities = new;
    Ok(())
}

/// A stored upload read again: its size, header and first rows, and what it holds.
struct StoredUpload {
    content: String,
    summary: UploadSummary,
    parsed: Parsed,
}

enum Parsed {
    Indicators(Vec<IndicatorYear>),
    Schools(Vec<RegistryRow>),
    ExternalList,
}

/// Reads a stored upload's canonical CSV on a blocking thread: a large region's years of data
/// take seconds, which on the async runtime would hold up every region's requests.
async fn read_stored(kind: UploadKind, content: String) -> Result<StoredUpload, AppError> {
    tokio::task::spawn_blocking(move || {
        let table = super::engine::RawTable::from_csv(content.as_bytes()).map_err(AppError::internal)?;
        let summary = UploadSummary {
            rows: table.rows.len(),
            header: table.header.clone(),
            sample: table.rows.iter().take(10).map(|(_, r)| r.clone()).collect(),
        };
        let parsed = match kind {
            UploadKind::Indicators => {
                Parsed::Indicators(parse_indicators(table).map_err(AppError::internal)?)
            }
            UploadKind::Schools => Parsed::Schools(parse_registry(&table).map_err(AppError::internal)?),
            UploadKind::ExternalList => Parsed::ExternalList,
        };
        Ok(StoredUpload {
            content,
            summary,
            parsed,
        })
    })
    .await
    .map_err(AppError::internal)?
}

/// Applies an upload: a registry upload adds and updates schools, an indicator upload replaces
/// each year it contains, an external list replaces its configuration's list. All in one
/// transaction, recorded in the audit log.
pub async fn commit_upload(slug: &str, id: &str) -> Result<String, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let user = ctx.user.user_id;
    let id = parse_id(id)?;
    let upload = db::load_upload(&mut ctx, id).await?;
    if upload.error.is_some() {
        return Err(AppError::invalid("file", ru::UPLOAD_HAS_ERRORS));
    }
    let Some(content) = upload.content.clone() else {
        // Indicator data read when it was received: its years are copied as they were kept.
        let years = db::commit_upload_years(&mut ctx, id, &upload.file_name, user).await?;
        loaded(&mut ctx, &upload.file_name, years).await?;
        db::delete_upload(&mut ctx, id).await?;
        ctx.commit().await?;
        return Ok(format!("/r/{slug}/admin/identification"));
    };
    let stored = read_stored(upload.kind, content).await?;
    let next = match stored.parsed {
        Parsed::Indicators(years) => {
            for year in &years {
                db::save_year(&mut ctx, year, &upload.file_name, user).await?;
            }
            loaded(
                &mut ctx,
                &upload.file_name,
                years.iter().map(|y| y.year).collect(),
            )
            .await?;
            format!("/r/{slug}/admin/identification")
        }
        Parsed::Schools(rows) => {
            import_registry(&mut ctx, &rows).await?;
            ctx.audit(
                "schools_imported",
                serde_json::json!({ "file": upload.file_name, "schools": rows.len() }),
            )
            .await?;
            format!("/r/{slug}/admin/schools")
        }
        Parsed::ExternalList => {
            let version = replace_external(&mut ctx, &upload, &stored.content, user).await?;
            format!("/r/{slug}/admin/identification/configs/{version}")
        }
    };
    db::delete_upload(&mut ctx, id).await?;
    ctx.commit().await?;
    Ok(next)
}

async fn loaded(ctx: &mut Ctx, file_name: &str, years: Vec<i32>) -> Result<(), AppError> {
    ctx.audit(
        "indicator_data_loaded",
        serde_json::json!({ "file": file_name, "years": years }),
    )
    .await?;
    Ok(())
}

/// Stores an external list on its configuration version; returns the version that holds it.
async fn replace_external(
    ctx: &mut Ctx,
    upload: &Upload,
    content: &str,
    user: Uuid,
) -> Result<Uuid, AppError> {
    let target = upload.target.ok_or(AppError::BadRequest)?;
    // A published version never changes: the new list starts the next version.
    let version = if db::is_published(ctx, target).await? {
        db::next_version(ctx, target, user).await?
    } else {
        target
    };
    db::set_external(ctx, version, content).await?;
    Ok(version)
}

async fn import_registry(ctx: &mut Ctx, rows: &[RegistryRow]) -> Result<(), AppError> {
    let mut municipalities = db::municipalities(ctx).await?;
    for row in rows {
        let key = row.municipality.to_lowercase();
        let municipality = match municipalities.get(&key) {
            Some(id) => *id,
            None => {
                let id = db::insert_municipality(ctx, &row.municipality).await?;
                municipalities.insert(key, id);
                id
            }
        };
        db::upsert_school(ctx, row, municipality).await?;
    }
    Ok(())
}

pub async fn discard_upload(slug: &str, id: &str) -> Result<(), AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    db::delete_upload(&mut ctx, parse_id(id)?).await?;
    ctx.commit().await
}
