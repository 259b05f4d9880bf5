//! The bulk jobs' progress, read from the database, so the administrator sees a job started
//! earlier (or by a colleague) on every open of the page, not only while the page that started
//! it stays open.

use uuid::Uuid;

use super::{JobProgress, CERTIFICATE_ADMIN};
use crate::access::Staff;
use crate::error::AppError;
use crate::state::parse_id;

/// How many finished jobs the page shows besides the running ones.
const RECENT: i64 = 3;
/// How many failures of one job are listed (the counts cover all of them).
const FAILURES: i64 = 200;

#[derive(sqlx::FromRow)]
struct JobRow {
    id: Uuid,
    started: String,
    total: i64,
    done: i64,
    failed: i64,
}

pub async fn get_certificate_job(slug: &str, id: &str) -> Result<JobProgress, AppError> {
    let mut staff = Staff::require(slug, CERTIFICATE_ADMIN).await?;
    let job = parse_id(id)?;
    let (tenant_id, zone) = (staff.tenant_id(), staff.tenant.time_zone.clone());
    let rows = jobs(staff.conn(), tenant_id, &zone, Some(job)).await?;
    let progress = with_failures(staff.conn(), tenant_id, rows).await?;
    staff.commit().await?;
    progress.into_iter().next().ok_or(AppError::NotFound)
}

/// The region's running jobs and the most recent finished ones, newest first.
pub async fn get_certificate_jobs(slug: &str) -> Result<Vec<JobProgress>, AppError> {
    let mut staff = Staff::require(slug, CERTIFICATE_ADMIN).await?;
    let (tenant_id, zone) = (staff.tenant_id(), staff.tenant.time_zone.clone());
    let rows = jobs(staff.conn(), tenant_id, &zone, None).await?;
    let progress = with_failures(staff.conn(), tenant_id, rows).await?;
    staff.commit().await?;
    Ok(progress)
}

/// One job's counts, or those of every running job and the `RECENT` newest finished ones.
async fn jobs(
    conn: &mut sqlx::PgConnection,
    tenant_id: Uuid,
    zone: &str,
    only: Option<Uuid>,
) -> Result<Vec<JobRow>, sqlx::Error> {
    sqlx::query_as(
        "with counted as (
             select j.id, j.created_at,
                    count(*) as total,
                    count(*) filter (where i.status = 'done') as done,
                    count(*) filter (where i.status = 'failed') as failed,
                    bool_or(i.status = 'pending') as running
             from certificate_jobs j
             join certificate_job_items i on i.tenant_id = j.tenant_id and i.job_id = j.id
             where j.tenant_id = $1 and ($3::uuid is null or j.id = $3)
             group by j.id, j.created_at),
         ranked as (
             select *, row_number() over (partition by running order by created_at desc) as rank from counted)
         select id, to_char(created_at at time zone $2, 'DD.MM.YYYY HH24:MI') as started, total, done, failed
         from ranked where running or rank <= $4
         order by running desc, created_at desc",
    )
    .bind(tenant_id)
    .bind(zone)
    .bind(only)
    .bind(RECENT)
    .fetch_all(conn)
    .await
}

async fn with_failures(
    conn: &mut sqlx::PgConnection,
    tenant_id: Uuid,
    rows: Vec<JobRow>,
) -> Result<Vec<JobProgress>, sqlx::Error> {
    let mut progress = Vec::with_capacity(rows.len());
    for row in rows {
        let failures = if row.failed == 0 {
            Vec::new()
        } else {
            sqlx::query_as(
                "select u.full_name, coalesce(i.error, '') from certificate_job_items i join users u on u.id = i.user_id
                 where i.tenant_id = $1 and i.job_id = $2 and i.status = 'failed' order by u.full_name limit $3",
            )
            .bind(tenant_id)
            .bind(row.id)
            .bind(FAILURES)
            .fetch_all(&mut *conn)
            .await?
        };
        progress.push(JobProgress {
            id: row.id.to_string(),
            started: row.started,
            total: row.total,
            done: row.done,
            failed: row.failed,
            failures,
        });
    }
    Ok(progress)
}
