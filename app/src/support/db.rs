//! SQL of support cases and risk profiles. Every case query binds the reader's reach
//! ([`Viewer`]) as `$2`–`$6`, so a case outside it is simply not found.

use serde::Deserialize;
use sqlx::types::Json;
use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use super::scope::Viewer;
use crate::state::LOCAL_TIME;

/// The reader's reach over `c` (a case) and `s` (its school).
const CASE_SCOPE: &str = "($2 or s.municipality_id = $3 or c.curator_id = $4 or c.school_id = $5
    or c.partner_school_id = $5 or t.user_id is not null)";

const CASE_COLUMNS: &str = "c.id, c.school_id, s.code as school_code, s.name as school,
    s.municipality_id, mu.name as municipality, c.year, c.run_id, c.statuses, c.reason, c.state,
    c.curator_id, cu.full_name as curator, s.staff_count, c.partner_school_id, ps.name as partner,
    t.user_id is not null as on_team";

/// `$6` is the reader, whose place on the case's school team `t` is.
const CASE_FROM: &str = "support_cases c
    join schools s on s.tenant_id = c.tenant_id and s.id = c.school_id
    join municipalities mu on mu.tenant_id = s.tenant_id and mu.id = s.municipality_id
    left join users cu on cu.id = c.curator_id
    left join schools ps on ps.tenant_id = c.tenant_id and ps.id = c.partner_school_id
    left join support_team t on t.tenant_id = c.tenant_id and t.case_id = c.id and t.user_id = $6";

#[derive(FromRow, Debug, Clone)]
pub struct CaseRecord {
    pub id: Uuid,
    pub school_id: Uuid,
    pub school_code: String,
    pub school: String,
    pub municipality_id: Uuid,
    pub municipality: String,
    pub year: i32,
    pub run_id: Option<Uuid>,
    pub statuses: Vec<String>,
    pub reason: Option<String>,
    pub state: String,
    pub curator_id: Option<Uuid>,
    pub curator: Option<String>,
    pub staff_count: Option<i32>,
    pub partner_school_id: Option<Uuid>,
    pub partner: Option<String>,
    /// The reader is on the case's school team.
    pub on_team: bool,
}

/// Binds the region and the reader's reach as `$1`–`$6` of a query over [`CASE_FROM`] and
/// [`CASE_SCOPE`] (a count or rows alike, which share no binding trait).
macro_rules! in_reach {
    ($query:expr, $tenant:expr, $viewer:expr) => {
        $query
            .bind($tenant)
            .bind($viewer.operator)
            .bind($viewer.municipality)
            .bind($viewer.curator)
            .bind($viewer.school)
            .bind($viewer.user)
    };
}

/// One page of the cases the reader sees, narrowed by state and municipality name, and how
/// many there are in all.
pub async fn cases(
    conn: &mut PgConnection,
    tenant: Uuid,
    viewer: &Viewer,
    filter: (Option<&str>, Option<&str>),
    page: (i64, i64),
) -> Result<(Vec<CaseRecord>, i64), sqlx::Error> {
    let (state, municipality) = filter;
    let (limit, offset) = page;
    let narrowed = format!(
        "from {CASE_FROM} where c.tenant_id = $1 and {CASE_SCOPE}
           and ($7::text is null or c.state = $7) and ($8::text is null or mu.name = $8)"
    );
    let total: i64 = in_reach!(
        sqlx::query_scalar(&format!("select count(*) {narrowed}")),
        tenant,
        viewer
    )
    .bind(state)
    .bind(municipality)
    .fetch_one(&mut *conn)
    .await?;
    let rows = in_reach!(
        sqlx::query_as(&format!(
            "select {CASE_COLUMNS} {narrowed} order by c.year desc, mu.name, s.name, c.id limit $9 offset $10"
        )),
        tenant,
        viewer
    )
    .bind(state)
    .bind(municipality)
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await?;
    Ok((rows, total))
}

/// One case, if the reader sees it.
pub async fn case(
    conn: &mut PgConnection,
    tenant: Uuid,
    id: Uuid,
    viewer: &Viewer,
) -> Result<Option<CaseRecord>, sqlx::Error> {
    in_reach!(
        sqlx::query_as(&format!(
            "select {CASE_COLUMNS} from {CASE_FROM} where c.tenant_id = $1 and {CASE_SCOPE} and c.id = $7"
        )),
        tenant,
        viewer
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The region's municipality names, for the operator's filter.
pub async fn municipality_names(conn: &mut PgConnection, tenant: Uuid) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("select name from municipalities where tenant_id = $1 order by name")
        .bind(tenant)
        .fetch_all(conn)
        .await
}

/// A coordinator's municipality.
pub async fn own_municipality(
    conn: &mut PgConnection,
    tenant: Uuid,
    user: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("select municipality_id from memberships where tenant_id = $1 and user_id = $2")
        .bind(tenant)
        .bind(user)
        .fetch_optional(conn)
        .await
        .map(Option::flatten)
}

/// A director's confirmed school.
pub async fn confirmed_school(
    conn: &mut PgConnection,
    tenant: Uuid,
    user: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "select school_id from memberships
         where tenant_id = $1 and user_id = $2 and school_status = 'confirmed' and active",
    )
    .bind(tenant)
    .bind(user)
    .fetch_optional(conn)
    .await
    .map(Option::flatten)
}

/// The frozen lists of a published run, as much as cases need.
#[derive(Deserialize, Debug, Default, Clone)]
pub struct Published {
    pub title: String,
    pub labels: Vec<(String, String)>,
    pub schools: Vec<PublishedSchool>,
}

#[derive(Deserialize, Debug, Clone)]
pub struct PublishedSchool {
    /// The school's registry code.
    pub school_id: String,
    pub statuses: Vec<String>,
}

/// What a list of published runs shows of one, kept by the database beside its frozen lists
/// (`rost_published_summary`), so listing runs never reads the lists themselves.
#[derive(Deserialize, Debug, Default, Clone)]
pub struct RunSummary {
    pub title: String,
    pub labels: Vec<(String, String)>,
    /// Status code → how many schools carry it.
    pub counts: std::collections::BTreeMap<String, usize>,
}

#[derive(FromRow, Debug)]
pub struct PublishedRun {
    pub id: Uuid,
    pub summary: Json<RunSummary>,
    pub published_at: String,
}

/// Published runs, newest first; `only` picks one.
pub async fn published_runs(
    conn: &mut PgConnection,
    tenant: Uuid,
    zone: &str,
    only: Option<Uuid>,
) -> Result<Vec<PublishedRun>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select id, published_summary as summary,
                to_char(published_at at time zone $2, {LOCAL_TIME}) as published_at
         from identification_runs
         where tenant_id = $1 and published_at is not null and ($3::uuid is null or id = $3)
         order by published_at desc"
    ))
    .bind(tenant)
    .bind(zone)
    .bind(only)
    .fetch_all(conn)
    .await
}

/// The frozen lists of a published run, for creating its cases.
pub async fn published_lists(
    conn: &mut PgConnection,
    tenant: Uuid,
    run: Uuid,
) -> Result<Option<Published>, sqlx::Error> {
    let lists: Option<Json<Published>> = sqlx::query_scalar(
        "select published from identification_runs
         where tenant_id = $1 and id = $2 and published_at is not null",
    )
    .bind(tenant)
    .bind(run)
    .fetch_optional(conn)
    .await?;
    Ok(lists.map(|Json(lists)| lists))
}

/// Registry codes → school ids.
pub async fn schools_by_code(
    conn: &mut PgConnection,
    tenant: Uuid,
    codes: &[String],
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    sqlx::query_as("select id, code from schools where tenant_id = $1 and code = any($2)")
        .bind(tenant)
        .bind(codes)
        .fetch_all(conn)
        .await
}

/// A new case, unless the school has one in the cycle; its id when created.
#[allow(clippy::too_many_arguments)]
pub async fn insert_case(
    conn: &mut PgConnection,
    tenant: Uuid,
    school: Uuid,
    year: i32,
    run: Option<Uuid>,
    statuses: &[String],
    reason: Option<&str>,
    by: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "insert into support_cases (tenant_id, school_id, year, run_id, statuses, reason, created_by)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (tenant_id, school_id, year) do nothing returning id",
    )
    .bind(tenant)
    .bind(school)
    .bind(year)
    .bind(run)
    .bind(statuses)
    .bind(reason)
    .bind(by)
    .fetch_optional(conn)
    .await
}

/// The region's curators: (user id, name).
pub async fn curators(conn: &mut PgConnection, tenant: Uuid) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    sqlx::query_as(
        "select u.id, u.full_name from role_grants g
         join users u on u.id = g.user_id
         join memberships m on m.tenant_id = g.tenant_id and m.user_id = g.user_id
         where g.tenant_id = $1 and g.role = 'curator' and m.active and u.active
         order by u.full_name",
    )
    .bind(tenant)
    .fetch_all(conn)
    .await
}

pub async fn set_curator(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
    curator: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query("update support_cases set curator_id = $3 where tenant_id = $1 and id = $2")
        .bind(tenant)
        .bind(case)
        .bind(curator)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn set_state(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
    state: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("update support_cases set state = $3 where tenant_id = $1 and id = $2")
        .bind(tenant)
        .bind(case)
        .bind(state)
        .execute(conn)
        .await
        .map(|_| ())
}

/// The latest questionnaire of the region, created from the 500+ template on first use.
pub async fn questionnaire(
    conn: &mut PgConnection,
    tenant: Uuid,
    template: &serde_json::Value,
) -> Result<(Uuid, i32, serde_json::Value), sqlx::Error> {
    sqlx::query(
        "insert into support_questionnaires (tenant_id, version, body)
         select $1, 1, $2 where not exists (select 1 from support_questionnaires where tenant_id = $1)
         on conflict do nothing",
    )
    .bind(tenant)
    .bind(template)
    .execute(&mut *conn)
    .await?;
    sqlx::query_as(
        "select id, version, body from support_questionnaires where tenant_id = $1 order by version desc limit 1",
    )
    .bind(tenant)
    .fetch_one(conn)
    .await
}

#[derive(FromRow, Debug, Clone)]
pub struct ProfileRecord {
    pub questionnaire_id: Uuid,
    pub version: i32,
    pub body: serde_json::Value,
    pub answers: serde_json::Value,
    pub priorities: Vec<String>,
    pub assessment: serde_json::Value,
    pub submitted_at: Option<String>,
    pub confirmed_at: Option<String>,
}

/// A case's profile with the questionnaire version it answers.
pub async fn profile(
    conn: &mut PgConnection,
    tenant: Uuid,
    zone: &str,
    case: Uuid,
) -> Result<Option<ProfileRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select p.questionnaire_id, q.version, q.body, p.answers, p.priorities, p.assessment,
                to_char(p.submitted_at at time zone $3, {LOCAL_TIME}) as submitted_at,
                to_char(p.confirmed_at at time zone $3, {LOCAL_TIME}) as confirmed_at
         from support_profiles p
         join support_questionnaires q on q.tenant_id = p.tenant_id and q.id = p.questionnaire_id
         where p.tenant_id = $1 and p.case_id = $2"
    ))
    .bind(tenant)
    .bind(case)
    .bind(zone)
    .fetch_optional(conn)
    .await
}

/// Writes the school's answers and priorities; `submitted_by` marks it submitted.
pub async fn save_answers(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
    questionnaire: Uuid,
    answers: &serde_json::Value,
    priorities: &[String],
    submitted_by: Option<Uuid>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into support_profiles (tenant_id, case_id, questionnaire_id, answers, priorities,
                                       submitted_at, submitted_by)
         values ($1, $2, $3, $4, $5, case when $6::uuid is null then null else now() end, $6)
         on conflict (tenant_id, case_id) do update
         set answers = excluded.answers, priorities = excluded.priorities,
             submitted_at = coalesce(excluded.submitted_at, support_profiles.submitted_at),
             submitted_by = coalesce(excluded.submitted_by, support_profiles.submitted_by)",
    )
    .bind(tenant)
    .bind(case)
    .bind(questionnaire)
    .bind(answers)
    .bind(priorities)
    .bind(submitted_by)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn confirm(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
    assessment: &serde_json::Value,
    by: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update support_profiles set assessment = $3, confirmed_at = now(), confirmed_by = $4
         where tenant_id = $1 and case_id = $2",
    )
    .bind(tenant)
    .bind(case)
    .bind(assessment)
    .bind(by)
    .execute(conn)
    .await
    .map(|_| ())
}

/// The school's teachers measured by a finished diagnostic, and those of them whose latest
/// measurement of some competency shows a pronounced deficit.
pub async fn teacher_deficits(
    conn: &mut PgConnection,
    tenant: Uuid,
    school: Uuid,
) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "with latest as (
             select distinct on (a.user_id, c->>'code') a.user_id, c->>'level' as level
             from attempts a
             join memberships m on m.tenant_id = a.tenant_id and m.user_id = a.user_id
             cross join jsonb_array_elements(a.result->'competencies') c
             where a.tenant_id = $1 and m.school_id = $2 and m.school_status = 'confirmed'
               and m.position = 'teacher' and m.active and a.finished_at is not null
             order by a.user_id, c->>'code', a.finished_at desc)
         select count(distinct user_id), count(distinct user_id) filter (where level = 'pronounced')
         from latest",
    )
    .bind(tenant)
    .bind(school)
    .fetch_one(conn)
    .await
}
