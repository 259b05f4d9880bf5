//! SQL of the support summary. Every query binds the reader's reach as `$2` (the operator: the
//! whole region) and `$3` (a coordinator's municipality) over `s`, the case's school.

use sqlx::types::Json;
use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use crate::support::documents::body::Body;

const REACH: &str = "($2 or s.municipality_id = $3)";

/// The data version the summary is kept under: the region dashboards' (schools,
/// municipalities, runs) plus the support tables' own, and the region's date (overdue moves
/// with it).
pub async fn version(
    conn: &mut PgConnection,
    tenant: Uuid,
    zone: &str,
) -> Result<(i64, String), sqlx::Error> {
    sqlx::query_as(
        "select (select coalesce(sum(version), 0) from dash_versions
                 where region in ($1, '00000000-0000-0000-0000-000000000000'))::bigint
              + (select coalesce(max(version), 0) from support_versions where region = $1)::bigint,
                to_char(now() at time zone $2, 'YYYY-MM-DD')",
    )
    .bind(tenant)
    .bind(zone)
    .fetch_one(conn)
    .await
}

/// Cases per state.
pub async fn states(
    conn: &mut PgConnection,
    tenant: Uuid,
    operator: bool,
    municipality: Option<Uuid>,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select c.state, count(*) from support_cases c
         join schools s on s.tenant_id = c.tenant_id and s.id = c.school_id
         where c.tenant_id = $1 and {REACH} group by c.state"
    ))
    .bind(tenant)
    .bind(operator)
    .bind(municipality)
    .fetch_all(conn)
    .await
}

#[derive(FromRow)]
pub struct RoadMap {
    pub case_id: Uuid,
    pub school: String,
    pub body: Json<Body>,
}

/// The latest version of each case's road map.
pub async fn road_maps(
    conn: &mut PgConnection,
    tenant: Uuid,
    operator: bool,
    municipality: Option<Uuid>,
) -> Result<Vec<RoadMap>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select distinct on (d.id) c.id as case_id, s.name as school, v.body
         from support_documents d
         join support_cases c on c.tenant_id = d.tenant_id and c.id = d.case_id
         join schools s on s.tenant_id = c.tenant_id and s.id = c.school_id
         join support_document_versions v on v.tenant_id = d.tenant_id and v.document_id = d.id
         where d.tenant_id = $1 and d.kind = 'roadmap' and {REACH}
         order by d.id, v.version desc"
    ))
    .bind(tenant)
    .bind(operator)
    .bind(municipality)
    .fetch_all(conn)
    .await
}

#[derive(FromRow)]
pub struct Confirmed {
    pub municipality: String,
    pub questionnaire_id: Uuid,
    pub answers: serde_json::Value,
    pub assessment: serde_json::Value,
}

/// Each school's latest confirmed risk profile.
pub async fn confirmed_profiles(
    conn: &mut PgConnection,
    tenant: Uuid,
    operator: bool,
    municipality: Option<Uuid>,
) -> Result<Vec<Confirmed>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select distinct on (c.school_id) mu.name as municipality, p.questionnaire_id, p.answers, p.assessment
         from support_profiles p
         join support_cases c on c.tenant_id = p.tenant_id and c.id = p.case_id
         join schools s on s.tenant_id = c.tenant_id and s.id = c.school_id
         join municipalities mu on mu.tenant_id = s.tenant_id and mu.id = s.municipality_id
         where p.tenant_id = $1 and p.confirmed_at is not null and {REACH}
         order by c.school_id, c.year desc"
    ))
    .bind(tenant)
    .bind(operator)
    .bind(municipality)
    .fetch_all(conn)
    .await
}

/// The region's questionnaires: (id, body), oldest first.
pub async fn questionnaires(
    conn: &mut PgConnection,
    tenant: Uuid,
) -> Result<Vec<(Uuid, serde_json::Value)>, sqlx::Error> {
    sqlx::query_as("select id, body from support_questionnaires where tenant_id = $1 order by version")
        .bind(tenant)
        .fetch_all(conn)
        .await
}

/// The names of the municipalities in reach that have a case, in order.
pub async fn case_municipalities(
    conn: &mut PgConnection,
    tenant: Uuid,
    operator: bool,
    municipality: Option<Uuid>,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "select distinct mu.name from support_cases c
         join schools s on s.tenant_id = c.tenant_id and s.id = c.school_id
         join municipalities mu on mu.tenant_id = s.tenant_id and mu.id = s.municipality_id
         where c.tenant_id = $1 and {REACH} order by mu.name"
    ))
    .bind(tenant)
    .bind(operator)
    .bind(municipality)
    .fetch_all(conn)
    .await
}

/// The registry codes of the schools in reach that have a case.
pub async fn case_schools(
    conn: &mut PgConnection,
    tenant: Uuid,
    operator: bool,
    municipality: Option<Uuid>,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "select distinct s.code from support_cases c
         join schools s on s.tenant_id = c.tenant_id and s.id = c.school_id
         where c.tenant_id = $1 and {REACH}"
    ))
    .bind(tenant)
    .bind(operator)
    .bind(municipality)
    .fetch_all(conn)
    .await
}

#[derive(FromRow)]
pub struct RunHead {
    /// 0 the latest published run, 1 the one before it of the same configuration.
    pub back: i64,
    pub title: String,
    pub published_on: String,
    pub labels: Json<Vec<(String, String)>>,
}

/// The latest published run and the previous one of its configuration.
const RUNS: &str = "with runs as (
        select r.published, to_char(r.published_at at time zone $2, 'DD.MM.YYYY') as published_on,
               (row_number() over (order by r.published_at desc) - 1)::bigint as back
        from identification_runs r
        where r.tenant_id = $1 and r.published_at is not null
          and r.config_id = (select config_id from identification_runs
                             where tenant_id = $1 and published_at is not null
                             order by published_at desc limit 1)
        order by r.published_at desc limit 2)";

pub async fn run_heads(
    conn: &mut PgConnection,
    tenant: Uuid,
    zone: &str,
) -> Result<Vec<RunHead>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{RUNS} select back, coalesce(published->>'title', '') as title, published_on,
                       coalesce(published->'labels', '[]'::json)::jsonb as labels
         from runs order by back"
    ))
    .bind(tenant)
    .bind(zone)
    .fetch_all(conn)
    .await
}

/// (run back, school code, statuses) of the given schools in the two runs of [`RUNS`].
pub async fn run_statuses(
    conn: &mut PgConnection,
    tenant: Uuid,
    codes: &[String],
    zone: &str,
) -> Result<Vec<(i64, String, Vec<String>)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{RUNS} select r.back, x->>'school_id' as code,
                       array(select json_array_elements_text(x->'statuses')) as statuses
         from runs r, json_array_elements(r.published->'schools') x
         where x->>'school_id' = any($3)"
    ))
    .bind(tenant)
    .bind(zone)
    .bind(codes)
    .fetch_all(conn)
    .await
}

/// The region's target share of case schools that left the list, if the operator set one.
pub async fn target(conn: &mut PgConnection, tenant: Uuid) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar("select left_percent from support_targets where tenant_id = $1")
        .bind(tenant)
        .fetch_optional(conn)
        .await
}

pub async fn set_target(
    conn: &mut PgConnection,
    tenant: Uuid,
    percent: i32,
    by: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into support_targets (tenant_id, left_percent, updated_by) values ($1, $2, $3)
         on conflict (tenant_id) do update
         set left_percent = excluded.left_percent, updated_by = excluded.updated_by, updated_at = now()",
    )
    .bind(tenant)
    .bind(percent)
    .bind(by)
    .execute(conn)
    .await
    .map(|_| ())
}
