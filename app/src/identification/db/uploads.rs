//! What an upload keeps from being read once (issue 16 §5): its preview and, for indicator data,
//! each year ready to become a version.

use sqlx::types::Json;
use uuid::Uuid;

use crate::access::Ctx;
use crate::error::AppError;
use crate::identification::uploads::{IndicatorYear, UploadSummary};

/// Keeps an upload's preview and its years of indicator data, each with its content's hash and
/// its content and columns packed.
pub(in crate::identification) async fn insert_parsed(
    ctx: &mut Ctx,
    upload: Uuid,
    summary: &UploadSummary,
    years: &[IndicatorYear],
) -> Result<(), AppError> {
    let tenant = ctx.tenant_id();
    sqlx::query("update identification_uploads set summary = $3 where tenant_id = $1 and id = $2")
        .bind(tenant)
        .bind(upload)
        .bind(Json(summary))
        .execute(ctx.conn())
        .await?;
    for year in years {
        sqlx::query(
            "insert into identification_upload_years
                 (tenant_id, upload_id, year, schools, indicators, content_packed, sha256, data)
             values ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(tenant)
        .bind(upload)
        .bind(year.year)
        .bind(year.schools as i32)
        .bind(&year.indicators)
        .bind(&year.packed)
        .bind(&year.sha256)
        .bind(&year.data)
        .execute(ctx.conn())
        .await?;
    }
    Ok(())
}

/// An upload's preview, if it was kept when the upload was received.
pub(in crate::identification) async fn upload_summary(
    ctx: &mut Ctx,
    upload: Uuid,
) -> Result<Option<UploadSummary>, AppError> {
    let tenant = ctx.tenant_id();
    let summary: Option<Option<Json<UploadSummary>>> =
        sqlx::query_scalar("select summary from identification_uploads where tenant_id = $1 and id = $2")
            .bind(tenant)
            .bind(upload)
            .fetch_optional(ctx.conn())
            .await?;
    Ok(summary.flatten().map(|s| s.0))
}

#[derive(sqlx::FromRow)]
struct UploadYearRow {
    year: i32,
    schools: i32,
    indicators: Vec<String>,
}

/// The years an upload holds, without their data, oldest first.
pub(in crate::identification) async fn upload_years(
    ctx: &mut Ctx,
    upload: Uuid,
) -> Result<Vec<IndicatorYear>, AppError> {
    let tenant = ctx.tenant_id();
    let rows: Vec<UploadYearRow> = sqlx::query_as(
        "select year, schools, indicators from identification_upload_years
         where tenant_id = $1 and upload_id = $2 order by year",
    )
    .bind(tenant)
    .bind(upload)
    .fetch_all(ctx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| IndicatorYear {
            year: r.year,
            schools: r.schools as usize,
            indicators: r.indicators,
            ..IndicatorYear::default()
        })
        .collect())
}

/// Makes each year of an upload the next version of its year, copied inside the database;
/// returns the years.
pub(in crate::identification) async fn commit_upload_years(
    ctx: &mut Ctx,
    upload: Uuid,
    file_name: &str,
    user: Uuid,
) -> Result<Vec<i32>, AppError> {
    let tenant = ctx.tenant_id();
    let years: Vec<i32> = sqlx::query_scalar(
        "select year from identification_upload_years where tenant_id = $1 and upload_id = $2 order by year",
    )
    .bind(tenant)
    .bind(upload)
    .fetch_all(ctx.conn())
    .await?;
    // The lock of `versions::store_year`: two imports of one year must not take one number.
    for year in &years {
        sqlx::query("select pg_advisory_xact_lock(hashtext($1::text || ':' || $2::text))")
            .bind(tenant)
            .bind(year)
            .execute(ctx.conn())
            .await?;
    }
    sqlx::query(
        "with added as (
             insert into indicator_year_versions
                 (tenant_id, year, version, content, content_packed, sha256, indicators, schools, file_name,
                  uploaded_by, data)
             select u.tenant_id, u.year,
                    (select coalesce(max(v.version), 0) + 1 from indicator_year_versions v
                     where v.tenant_id = u.tenant_id and v.year = u.year),
                    u.content, u.content_packed, u.sha256, u.indicators, u.schools, $3, $4, u.data
             from identification_upload_years u where u.tenant_id = $1 and u.upload_id = $2
             returning tenant_id, year, id)
         insert into indicator_years (tenant_id, year, version_id) select tenant_id, year, id from added
         on conflict (tenant_id, year) do update set version_id = excluded.version_id",
    )
    .bind(tenant)
    .bind(upload)
    .bind(file_name)
    .bind(user)
    .execute(ctx.conn())
    .await?;
    Ok(years)
}
