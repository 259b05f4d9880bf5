//! The SQL of the identification views: published runs, and the targets of the schools
//! identified by the latest published run.

use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use super::db::Limits;
use crate::state::LOCAL_TIME;

/// The statuses that mean targeted support: ШНОР / ШНРО (`low_results`), ШНСУ (`social`) and
/// the federal «500+» list (`project_500`). A macro, so that queries can `concat!` it.
macro_rules! support_statuses {
    () => {
        "('low_results', 'social', 'project_500')"
    };
}

/// `(code, status)` of every school of the region's latest published run (`$1` the tenant).
macro_rules! latest_statuses {
    () => {
        "(select x->>'school_id' as code, st
          from (select published from identification_runs r
                where r.tenant_id = $1 and r.published_at is not null order by r.published_at desc limit 1) r,
               json_array_elements(r.published->'schools') x, json_array_elements_text(x->'statuses') st)"
    };
}
pub(super) use {latest_statuses, support_statuses};

#[derive(FromRow, Debug, Clone)]
pub struct PublishedRunRow {
    pub config_id: Uuid,
    pub published_on: String,
    /// The run's frozen lists (`identification::published::Published`), as JSON text.
    pub published: String,
}

/// Every published run of the region, oldest first within each configuration.
pub async fn published_runs(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    time_zone: &str,
) -> Result<Vec<PublishedRunRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select config_id, to_char(published_at at time zone $2, {LOCAL_TIME}) as published_on,
                published::text as published
         from identification_runs where tenant_id = $1 and published_at is not null
         order by config_id, published_at"
    ))
    .bind(tenant_id)
    .bind(time_zone)
    .fetch_all(conn)
    .await
}

#[derive(FromRow, Debug, Clone)]
pub struct TrainedCount {
    pub school: String,
    /// People of the school with at least `hours` of completed courses.
    pub trained: i64,
}

/// Each ШНРО / ШНОР school of the latest published run in the scope, with how many of its
/// confirmed people completed courses of at least `hours` hours in total.
pub async fn trained_in_low_results(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    limits: Limits,
    hours: i64,
) -> Result<Vec<TrainedCount>, sqlx::Error> {
    sqlx::query_as(concat!(
        "with done as (
             select e.user_id, sum(e.hours) as hours from enrolments e
             where e.tenant_id = $1 and e.status = 'completed' group by e.user_id)
         select s.name as school,
                count(m.user_id) filter (where d.hours >= $4) as trained
         from schools s
         left join memberships m on m.tenant_id = s.tenant_id and m.school_id = s.id
              and m.school_status = 'confirmed' and m.active
         left join done d on d.user_id = m.user_id
         where s.tenant_id = $1 and ($2::uuid is null or s.municipality_id = $2) and ($3::uuid is null or s.id = $3)
           and s.code in (select code from ",
        latest_statuses!(),
        " l where l.st = 'low_results')
         group by s.id, s.name order by s.name"
    ))
    .bind(tenant_id)
    .bind(limits.municipality)
    .bind(limits.school)
    .bind(hours)
    .fetch_all(conn)
    .await
}

/// The code of a school by its id.
pub async fn school_code(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("select code from schools where tenant_id = $1 and id = $2")
        .bind(tenant_id)
        .bind(id)
        .fetch_one(conn)
        .await
}
