//! SQL of monitoring: the region's stages and criteria (written with their defaults on first
//! use), the sources of a snapshot's figures, and the per-case snapshots, values and scores.

use sqlx::types::Json;
use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use super::figures::Figures;
use crate::i18n::ru;
use crate::identification::engine::{IdentificationResult, SchoolResult};
use crate::state::LOCAL_TIME;

#[derive(FromRow, Debug, Clone)]
pub struct StageRow {
    pub id: Uuid,
    pub title: String,
    pub planned_on: Option<chrono::NaiveDate>,
}

#[derive(FromRow, Debug, Clone)]
pub struct CriterionRow {
    pub id: Uuid,
    pub title: String,
    pub max_score: i32,
}

/// Writes the default stages and criteria for a region that has none: a region created after
/// this release gets them as well as one that existed before, without a migration per region.
pub async fn ensure_defaults(conn: &mut PgConnection, tenant: Uuid) -> Result<(), sqlx::Error> {
    let titles: Vec<&str> = ru::MON_DEFAULT_STAGES.to_vec();
    sqlx::query(
        "insert into support_monitoring_stages (tenant_id, position, title)
         select $1, t.position, t.title from unnest($2::text[]) with ordinality as t(title, position)
         where not exists (select 1 from support_monitoring_stages where tenant_id = $1)
         on conflict do nothing",
    )
    .bind(tenant)
    .bind(&titles)
    .execute(&mut *conn)
    .await?;
    let (titles, max): (Vec<&str>, Vec<i32>) = ru::MON_DEFAULT_CRITERIA.iter().copied().unzip();
    sqlx::query(
        "insert into support_rubric_criteria (tenant_id, position, title, max_score)
         select $1, t.position, t.title, t.max from unnest($2::text[], $3::int[]) with ordinality as t(title, max, position)
         where not exists (select 1 from support_rubric_criteria where tenant_id = $1)
         on conflict do nothing",
    )
    .bind(tenant)
    .bind(&titles)
    .bind(&max)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn stages(conn: &mut PgConnection, tenant: Uuid) -> Result<Vec<StageRow>, sqlx::Error> {
    sqlx::query_as(
        "select id, title, planned_on from support_monitoring_stages where tenant_id = $1 order by position",
    )
    .bind(tenant)
    .fetch_all(conn)
    .await
}

pub async fn criteria(conn: &mut PgConnection, tenant: Uuid) -> Result<Vec<CriterionRow>, sqlx::Error> {
    sqlx::query_as(
        "select id, title, max_score from support_rubric_criteria where tenant_id = $1 order by position",
    )
    .bind(tenant)
    .fetch_all(conn)
    .await
}

/// The criteria, locked against a change of their maximum while scores against it are written.
pub async fn lock_criteria(conn: &mut PgConnection, tenant: Uuid) -> Result<Vec<CriterionRow>, sqlx::Error> {
    sqlx::query_as(
        "select id, title, max_score from support_rubric_criteria where tenant_id = $1 order by position for share",
    )
    .bind(tenant)
    .fetch_all(conn)
    .await
}

/// Adds a stage at the end (`id` none) or renames and re-dates one; false if `id` is unknown.
pub async fn save_stage(
    conn: &mut PgConnection,
    tenant: Uuid,
    id: Option<Uuid>,
    title: &str,
    planned_on: Option<chrono::NaiveDate>,
) -> Result<bool, sqlx::Error> {
    let done = match id {
        None => sqlx::query(
            "insert into support_monitoring_stages (tenant_id, position, title, planned_on)
             select $1, coalesce(max(position), 0) + 1, $2, $3 from support_monitoring_stages where tenant_id = $1",
        )
        .bind(tenant)
        .bind(title)
        .bind(planned_on)
        .execute(conn)
        .await?,
        Some(id) => sqlx::query("update support_monitoring_stages set title = $3, planned_on = $4 where tenant_id = $1 and id = $2")
            .bind(tenant)
            .bind(id)
            .bind(title)
            .bind(planned_on)
            .execute(conn)
            .await?,
    };
    Ok(done.rows_affected() == 1)
}

/// Adds a criterion at the end (`id` none) or changes one; false if `id` is unknown.
pub async fn save_criterion(
    conn: &mut PgConnection,
    tenant: Uuid,
    id: Option<Uuid>,
    title: &str,
    max_score: i32,
) -> Result<bool, sqlx::Error> {
    let done = match id {
        None => sqlx::query(
            "insert into support_rubric_criteria (tenant_id, position, title, max_score)
             select $1, coalesce(max(position), 0) + 1, $2, $3 from support_rubric_criteria where tenant_id = $1",
        )
        .bind(tenant)
        .bind(title)
        .bind(max_score)
        .execute(conn)
        .await?,
        Some(id) => sqlx::query("update support_rubric_criteria set title = $3, max_score = $4 where tenant_id = $1 and id = $2")
            .bind(tenant)
            .bind(id)
            .bind(title)
            .bind(max_score)
            .execute(conn)
            .await?,
    };
    Ok(done.rows_affected() == 1)
}

/// The highest score given on a criterion, so its maximum is not lowered below it.
pub async fn highest_score(
    conn: &mut PgConnection,
    tenant: Uuid,
    criterion: Uuid,
) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar(
        "select max(score) from support_rubric_scores where tenant_id = $1 and criterion_id = $2",
    )
    .bind(tenant)
    .bind(criterion)
    .fetch_one(conn)
    .await
}

#[derive(FromRow, Debug)]
pub struct CaseSchool {
    pub id: Uuid,
    pub school_id: Uuid,
    pub school_code: String,
    pub run_id: Option<Uuid>,
}

pub async fn case_school(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
) -> Result<CaseSchool, sqlx::Error> {
    sqlx::query_as(
        "select c.id, c.school_id, s.code as school_code, c.run_id from support_cases c
         join schools s on s.tenant_id = c.tenant_id and s.id = c.school_id
         where c.tenant_id = $1 and c.id = $2",
    )
    .bind(tenant)
    .bind(case)
    .fetch_one(conn)
    .await
}

/// The school's entry in the case's run, or else in the region's latest published run that has
/// it, with the run configuration's indices (`[{code, title}]`). A result is stored packed, so
/// each is read whole (off the async runtime), newest first, until one has the school.
pub async fn run_school(
    conn: &mut PgConnection,
    tenant: Uuid,
    run: Option<Uuid>,
    code: &str,
) -> Result<Option<(SchoolResult, serde_json::Value)>, sqlx::Error> {
    let runs: Vec<(Uuid, serde_json::Value)> = sqlx::query_as(
        "select r.id, coalesce(c.body->'indices', '[]'::jsonb)
         from identification_runs r
         join identification_configs c on c.tenant_id = r.tenant_id and c.id = r.config_version
         where r.tenant_id = $1 and (r.id = $2 or ($2::uuid is null and r.published_at is not null))
         order by r.published_at desc nulls last",
    )
    .bind(tenant)
    .bind(run)
    .fetch_all(&mut *conn)
    .await?;
    for (id, indices) in runs {
        let result: Vec<u8> =
            sqlx::query_scalar("select result from identification_runs where tenant_id = $1 and id = $2")
                .bind(tenant)
                .bind(id)
                .fetch_one(&mut *conn)
                .await?;
        let code = code.to_string();
        let school = tokio::task::spawn_blocking(move || {
            let json = crate::identification::packed::unpack(&result)?;
            let result: IdentificationResult = serde_json::from_slice(&json)?;
            Ok::<_, sqlx::error::BoxDynError>(result.schools.into_iter().find(|s| s.school_id == code))
        })
        .await
        .map_err(|e| sqlx::Error::Decode(e.into()))?
        .map_err(sqlx::Error::Decode)?;
        if let Some(school) = school {
            return Ok(Some((school, indices)));
        }
    }
    Ok(None)
}

#[derive(FromRow, Debug)]
pub struct People {
    pub teachers: i64,
    pub diagnosed: i64,
    pub members: i64,
    pub hours: i64,
    pub trained: i64,
}

/// The school's confirmed subject teachers and how many finished a diagnostic; its confirmed
/// people, their completed course hours and how many have at least `trained` hours.
pub async fn people(
    conn: &mut PgConnection,
    tenant: Uuid,
    school: Uuid,
    trained: i64,
) -> Result<People, sqlx::Error> {
    sqlx::query_as(
        "with members as (
             select m.user_id, m.position from memberships m
             where m.tenant_id = $1 and m.school_id = $2 and m.school_status = 'confirmed' and m.active),
         done as (
             select e.user_id, sum(e.hours)::int8 as hours from enrolments e
             where e.tenant_id = $1 and e.status = 'completed' and e.user_id in (select user_id from members)
             group by e.user_id)
         select (select count(*) from members where position = 'teacher') as teachers,
                (select count(*) from members m where m.position = 'teacher' and exists (
                     select 1 from attempts a
                     where a.tenant_id = $1 and a.user_id = m.user_id and a.finished_at is not null)) as diagnosed,
                (select count(*) from members) as members,
                coalesce((select sum(hours) from done), 0)::int8 as hours,
                (select count(*) from done where hours >= $3) as trained",
    )
    .bind(tenant)
    .bind(school)
    .bind(trained)
    .fetch_one(conn)
    .await
}

/// The activities of the latest version of the case's road map (both stages), and those done.
pub async fn roadmap(conn: &mut PgConnection, tenant: Uuid, case: Uuid) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "select count(*), count(*) filter (where a->>'status' = 'done')
         from (select distinct on (d.id) v.body from support_documents d
               join support_document_versions v on v.tenant_id = d.tenant_id and v.document_id = d.id
               where d.tenant_id = $1 and d.case_id = $2 and d.kind = 'roadmap'
               order by d.id, v.version desc) l
         cross join lateral jsonb_array_elements(
             coalesce(l.body->'tables'->'stage1', '[]'::jsonb) || coalesce(l.body->'tables'->'stage2', '[]'::jsonb)) a",
    )
    .bind(tenant)
    .bind(case)
    .fetch_one(conn)
    .await
}

pub async fn put_snapshot(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
    stage: Uuid,
    figures: &Figures,
    by: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into support_stage_snapshots (tenant_id, case_id, stage_id, figures, taken_by)
         values ($1, $2, $3, $4, $5)
         on conflict (tenant_id, case_id, stage_id)
         do update set figures = excluded.figures, taken_by = excluded.taken_by, taken_at = now()",
    )
    .bind(tenant)
    .bind(case)
    .bind(stage)
    .bind(Json(figures))
    .bind(by)
    .execute(conn)
    .await
    .map(|_| ())
}

#[derive(FromRow, Debug)]
pub struct SnapshotRow {
    pub stage_id: Uuid,
    pub figures: Json<Figures>,
    pub taken_at: String,
    pub taken_by: String,
}

pub async fn snapshots(
    conn: &mut PgConnection,
    tenant: Uuid,
    zone: &str,
    case: Uuid,
) -> Result<Vec<SnapshotRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select n.stage_id, n.figures, to_char(n.taken_at at time zone $3, {LOCAL_TIME}) as taken_at,
                u.full_name as taken_by
         from support_stage_snapshots n join users u on u.id = n.taken_by
         where n.tenant_id = $1 and n.case_id = $2"
    ))
    .bind(tenant)
    .bind(case)
    .bind(zone)
    .fetch_all(conn)
    .await
}

#[derive(FromRow, Debug)]
pub struct IndicatorRow {
    pub id: Uuid,
    pub name: String,
    pub unit: String,
    pub baseline: Option<f64>,
    pub target: f64,
}

pub async fn indicators(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
) -> Result<Vec<IndicatorRow>, sqlx::Error> {
    sqlx::query_as(
        "select id, name, unit, baseline, target from support_manual_indicators
         where tenant_id = $1 and case_id = $2 order by created_at, id",
    )
    .bind(tenant)
    .bind(case)
    .fetch_all(conn)
    .await
}

/// (indicator, stage, value) of the case's manual indicators.
pub async fn values(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
) -> Result<Vec<(Uuid, Uuid, f64)>, sqlx::Error> {
    sqlx::query_as(
        "select v.indicator_id, v.stage_id, v.value from support_manual_values v
         join support_manual_indicators i on i.tenant_id = v.tenant_id and i.id = v.indicator_id
         where v.tenant_id = $1 and i.case_id = $2",
    )
    .bind(tenant)
    .bind(case)
    .fetch_all(conn)
    .await
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_indicator(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
    name: &str,
    unit: &str,
    baseline: Option<f64>,
    target: f64,
    by: Uuid,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "insert into support_manual_indicators (tenant_id, case_id, name, unit, baseline, target, created_by)
         values ($1, $2, $3, $4, $5, $6, $7) returning id",
    )
    .bind(tenant)
    .bind(case)
    .bind(name)
    .bind(unit)
    .bind(baseline)
    .bind(target)
    .bind(by)
    .fetch_one(conn)
    .await
}

/// Whether the indicator belongs to the case.
pub async fn indicator_of(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
    id: Uuid,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "select exists (select 1 from support_manual_indicators where tenant_id = $1 and case_id = $2 and id = $3)",
    )
    .bind(tenant)
    .bind(case)
    .bind(id)
    .fetch_one(conn)
    .await
}

pub async fn put_value(
    conn: &mut PgConnection,
    tenant: Uuid,
    indicator: Uuid,
    stage: Uuid,
    value: f64,
    by: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into support_manual_values (tenant_id, indicator_id, stage_id, value, entered_by)
         values ($1, $2, $3, $4, $5)
         on conflict (tenant_id, indicator_id, stage_id)
         do update set value = excluded.value, entered_by = excluded.entered_by, entered_at = now()",
    )
    .bind(tenant)
    .bind(indicator)
    .bind(stage)
    .bind(value)
    .bind(by)
    .execute(conn)
    .await
    .map(|_| ())
}

#[derive(FromRow, Debug)]
pub struct ScoreRow {
    pub stage_id: Uuid,
    pub criterion_id: Uuid,
    pub score: i32,
    pub comment: String,
    pub scored_at: String,
    pub scored_by: String,
}

pub async fn scores(
    conn: &mut PgConnection,
    tenant: Uuid,
    zone: &str,
    case: Uuid,
) -> Result<Vec<ScoreRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select r.stage_id, r.criterion_id, r.score, r.comment,
                to_char(r.scored_at at time zone $3, {LOCAL_TIME}) as scored_at, u.full_name as scored_by
         from support_rubric_scores r
         join support_rubric_criteria c on c.tenant_id = r.tenant_id and c.id = r.criterion_id
         join users u on u.id = r.scored_by
         where r.tenant_id = $1 and r.case_id = $2 order by c.position"
    ))
    .bind(tenant)
    .bind(case)
    .bind(zone)
    .fetch_all(conn)
    .await
}

/// Replaces the stage's scores with these (criterion, score, comment).
pub async fn put_scores(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
    stage: Uuid,
    scores: &[(Uuid, i32, String)],
    by: Uuid,
) -> Result<(), sqlx::Error> {
    let criteria: Vec<Uuid> = scores.iter().map(|s| s.0).collect();
    let values: Vec<i32> = scores.iter().map(|s| s.1).collect();
    let comments: Vec<&str> = scores.iter().map(|s| s.2.as_str()).collect();
    sqlx::query(
        "insert into support_rubric_scores (tenant_id, case_id, stage_id, criterion_id, score, comment, scored_by)
         select $1, $2, $3, t.criterion, t.score, t.comment, $7
         from unnest($4::uuid[], $5::int[], $6::text[]) as t(criterion, score, comment)
         on conflict (tenant_id, case_id, stage_id, criterion_id)
         do update set score = excluded.score, comment = excluded.comment, scored_by = excluded.scored_by,
                       scored_at = now()",
    )
    .bind(tenant)
    .bind(case)
    .bind(stage)
    .bind(&criteria)
    .bind(&values)
    .bind(&comments)
    .bind(by)
    .execute(conn)
    .await
    .map(|_| ())
}
