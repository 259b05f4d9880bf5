//! Indicator data as immutable versions (issue 16 §2): loading a year adds its next version and
//! makes it current; versions no published run reads are deleted after the retention period.

use sha2::{Digest, Sha256};
use sqlx::PgConnection;
use uuid::Uuid;

use super::uploads::IndicatorYear;
use crate::error::AppError;
use crate::state::begin_tenant;

/// How long a replaced version nobody published is kept, unless the server is told otherwise.
pub const DEFAULT_RETENTION_DAYS: u32 = 365;

/// The SHA-256 of a version's content (its canonical CSV in UTF-8), in lower-case hex: the same
/// value the migration computed with PostgreSQL's `sha256()` for the data loaded before it.
pub fn content_sha256(content: impl AsRef<[u8]>) -> String {
    format!("{:x}", Sha256::digest(content.as_ref()))
}

/// Adds the next version of a year and makes it the current one; returns its id. `user` is
/// null for the demo seed.
pub async fn store_year(
    conn: &mut PgConnection,
    tenant: Uuid,
    year: &IndicatorYear,
    file_name: &str,
    user: Option<Uuid>,
) -> Result<Uuid, sqlx::Error> {
    // Two imports of one year at once must not both take the same number.
    sqlx::query("select pg_advisory_xact_lock(hashtext($1::text || ':' || $2::text))")
        .bind(tenant)
        .bind(year.year)
        .execute(&mut *conn)
        .await?;
    let id: Uuid = sqlx::query_scalar(
        "insert into indicator_year_versions
             (tenant_id, year, version, content_packed, sha256, indicators, schools, file_name, uploaded_by, data)
         values ($1, $2, (select coalesce(max(version), 0) + 1 from indicator_year_versions
                          where tenant_id = $1 and year = $2),
                 $3, $4, $5, $6, $7, $8, $9)
         returning id",
    )
    .bind(tenant)
    .bind(year.year)
    .bind(&year.packed)
    .bind(&year.sha256)
    .bind(&year.indicators)
    .bind(year.schools as i32)
    .bind(file_name)
    .bind(user)
    .bind(&year.data)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "insert into indicator_years (tenant_id, year, version_id) values ($1, $2, $3)
         on conflict (tenant_id, year) do update set version_id = excluded.version_id",
    )
    .bind(tenant)
    .bind(year.year)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Deletes, in every region, the versions that were replaced more than `keep_days` days ago and
/// that no published run read; returns how many. A current version is never replaced, and the
/// database refuses to delete one a published run refers to.
pub async fn delete_expired(pool: &sqlx::PgPool, keep_days: u32) -> Result<u64, AppError> {
    let tenants: Vec<Uuid> = sqlx::query_scalar("select id from tenants where active")
        .fetch_all(pool)
        .await?;
    let mut deleted = 0;
    for tenant in tenants {
        let mut tx = begin_tenant(pool, tenant).await?;
        deleted += sqlx::query(
            "delete from indicator_year_versions v
             where v.tenant_id = $1
               and exists (select 1 from indicator_year_versions n
                           where n.tenant_id = v.tenant_id and n.year = v.year and n.version > v.version
                             and n.uploaded_at <= now() - make_interval(days => $2))
               and not exists (select 1 from indicator_years y
                               where y.tenant_id = v.tenant_id and y.version_id = v.id)
               and not exists (select 1 from identification_run_data d
                               join identification_runs r on r.tenant_id = d.tenant_id and r.id = d.run_id
                               where d.tenant_id = v.tenant_id and d.version_id = v.id
                                 and r.published_at is not null)",
        )
        .bind(tenant)
        .bind(keep_days as i32)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
    }
    Ok(deleted)
}
