//! Attempts: the person's instruments and results, drawing, answers, finishing and group means.

use sqlx::{types::Json, FromRow, PgConnection};
use uuid::Uuid;

use crate::diagnostics::model::{Answer, AttemptResult, InstrumentBody};
use crate::state::LOCAL_TIME;

/// An item of an attempt: which version, and the order its options are shown in.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct DrawnItem {
    pub id: Uuid,
    pub version: i32,
    pub order: Vec<usize>,
}

/// The subjects of the person's membership, for the audience of an instrument.
pub async fn subjects_of(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("select subjects from memberships where tenant_id = $1 and user_id = $2")
        .bind(tenant_id)
        .bind(user_id)
        .fetch_one(conn)
        .await
}

/// Who is asking and where, for the person's own lists.
pub struct Asker<'a> {
    pub tenant_id: Uuid,
    pub user_id: Uuid,
    pub time_zone: &'a str,
}

#[derive(FromRow)]
pub struct InstrumentCardRow {
    pub id: Uuid,
    pub title: String,
    pub time_limit_minutes: Option<i32>,
    pub closes_at: Option<String>,
    pub due_at: Option<String>,
    pub assigned: bool,
    pub open: bool,
    pub active_attempt: Option<Uuid>,
}

/// Instruments open to the person (by audience and window) or assigned to them.
pub async fn my_instruments(
    conn: &mut PgConnection,
    me: &Asker<'_>,
    position: &str,
    subjects: &[String],
) -> Result<Vec<InstrumentCardRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "with mine as (
             select c.instrument_id, min(c.due_at) as due_at
             from assignments a join campaigns c on c.tenant_id = a.tenant_id and c.id = a.campaign_id
             where a.tenant_id = $1 and a.user_id = $2 group by c.instrument_id)
         select i.id, i.title, i.time_limit_minutes,
                to_char(i.closes_at at time zone $5, {LOCAL_TIME}) as closes_at,
                to_char(mine.due_at at time zone $5, {LOCAL_TIME}) as due_at,
                mine.instrument_id is not null as assigned,
                (i.opens_at is null or i.opens_at <= now()) and (i.closes_at is null or i.closes_at > now()) as open,
                (select t.id from attempts t where t.tenant_id = i.tenant_id and t.instrument_id = i.id
                    and t.user_id = $2 and t.finished_at is null) as active_attempt
         from instruments i left join mine on mine.instrument_id = i.id
         where i.tenant_id = $1
           and (mine.instrument_id is not null
                or ((jsonb_array_length(i.body->'positions') = 0 or i.body->'positions' ? $3)
                    and (jsonb_array_length(i.body->'subjects') = 0 or i.body->'subjects' ?| $4)
                    and (i.closes_at is null or i.closes_at > now())))
         order by mine.due_at nulls last, i.title"
    ))
    .bind(me.tenant_id)
    .bind(me.user_id)
    .bind(position)
    .bind(subjects)
    .bind(me.time_zone)
    .fetch_all(conn)
    .await
}

#[derive(FromRow)]
pub struct MyResultRow {
    pub id: Uuid,
    pub title: String,
    pub finished_at: String,
    #[sqlx(json)]
    pub result: AttemptResult,
}

/// The person's finished attempts, newest first.
pub async fn my_results(conn: &mut PgConnection, me: &Asker<'_>) -> Result<Vec<MyResultRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select a.id, i.title, to_char(a.finished_at at time zone $3, {LOCAL_TIME}) as finished_at, a.result
         from attempts a join instruments i on i.tenant_id = a.tenant_id and i.id = a.instrument_id
         where a.tenant_id = $1 and a.user_id = $2 and a.finished_at is not null
         order by a.finished_at desc"
    ))
    .bind(me.tenant_id)
    .bind(me.user_id)
    .bind(me.time_zone)
    .fetch_all(conn)
    .await
}

/// What starting an attempt needs to know of its instrument.
#[derive(FromRow)]
pub struct StartingInstrument {
    pub framework_id: Uuid,
    #[sqlx(json)]
    pub body: InstrumentBody,
    pub time_limit_minutes: Option<i32>,
    pub open: bool,
    pub assigned: bool,
}

pub async fn starting_instrument(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    instrument_id: Uuid,
    user_id: Uuid,
) -> Result<Option<StartingInstrument>, sqlx::Error> {
    sqlx::query_as(
        "select framework_id, body, time_limit_minutes,
                (opens_at is null or opens_at <= now()) and (closes_at is null or closes_at > now()) as open,
                exists(select 1 from assignments a join campaigns c on c.tenant_id = a.tenant_id
                       and c.id = a.campaign_id where a.tenant_id = $1 and a.user_id = $3
                       and c.instrument_id = $2) as assigned
         from instruments where tenant_id = $1 and id = $2",
    )
    .bind(tenant_id)
    .bind(instrument_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// A new attempt, unless one is already in progress (then none).
pub struct NewAttempt<'a> {
    pub instrument_id: Uuid,
    pub user_id: Uuid,
    pub drawn: &'a [DrawnItem],
    pub time_limit_minutes: Option<i32>,
}

pub async fn insert_attempt(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    new: NewAttempt<'_>,
) -> Result<Option<Uuid>, sqlx::Error> {
    let ids: Vec<Uuid> = new.drawn.iter().map(|d| d.id).collect();
    sqlx::query_scalar(
        "insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, deadline_at)
         select $1, $2, $3, $4, $5,
                least(now() + make_interval(mins => $6), (select closes_at from instruments where tenant_id = $1 and id = $2))
         on conflict do nothing returning id",
    )
    .bind(tenant_id)
    .bind(new.instrument_id)
    .bind(new.user_id)
    .bind(&ids)
    .bind(Json(new.drawn))
    .bind(new.time_limit_minutes)
    .fetch_optional(conn)
    .await
}

/// The person's attempt in progress on an instrument, if any.
pub async fn active_attempt(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    instrument_id: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "select id from attempts where tenant_id = $1 and user_id = $2 and instrument_id = $3 and finished_at is null",
    )
    .bind(tenant_id)
    .bind(user_id)
    .bind(instrument_id)
    .fetch_optional(conn)
    .await
}

/// Whether the attempt is the person's.
pub async fn owns_attempt(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    attempt_id: Uuid,
    user_id: Uuid,
) -> Result<bool, sqlx::Error> {
    let owner: Option<Uuid> =
        sqlx::query_scalar("select user_id from attempts where tenant_id = $1 and id = $2 and user_id = $3")
            .bind(tenant_id)
            .bind(attempt_id)
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(owner.is_some())
}

#[derive(FromRow)]
pub struct AttemptRow {
    pub title: String,
    #[sqlx(json)]
    pub body: InstrumentBody,
    #[sqlx(json)]
    pub items: Vec<DrawnItem>,
    pub deadline: Option<String>,
    pub seconds_left: Option<i64>,
    pub finished: bool,
}

/// The person's own attempt, to take it.
pub async fn my_attempt(
    conn: &mut PgConnection,
    me: &Asker<'_>,
    attempt_id: Uuid,
) -> Result<Option<AttemptRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select i.title, i.body, a.items, to_char(a.deadline_at at time zone $3, {LOCAL_TIME}) as deadline,
                extract(epoch from a.deadline_at - now())::bigint as seconds_left,
                a.finished_at is not null as finished
         from attempts a join instruments i on i.tenant_id = a.tenant_id and i.id = a.instrument_id
         where a.tenant_id = $1 and a.id = $2 and a.user_id = $4"
    ))
    .bind(me.tenant_id)
    .bind(attempt_id)
    .bind(me.time_zone)
    .bind(me.user_id)
    .fetch_optional(conn)
    .await
}

#[derive(FromRow)]
pub struct AnswerRow {
    pub item_id: Uuid,
    pub seq: i64,
    #[sqlx(json)]
    pub answer: Answer,
}

pub async fn answers(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    attempt_id: Uuid,
) -> Result<Vec<AnswerRow>, sqlx::Error> {
    sqlx::query_as(
        "select item_id, seq, answer from attempt_answers where tenant_id = $1 and attempt_id = $2",
    )
    .bind(tenant_id)
    .bind(attempt_id)
    .fetch_all(conn)
    .await
}

/// An attempt being finished, with what the e-mail about its result needs.
#[derive(FromRow)]
pub struct FinishingRow {
    #[sqlx(json)]
    pub items: Vec<DrawnItem>,
    pub framework_id: Uuid,
    pub finished: bool,
    pub title: String,
    pub user_id: Uuid,
    pub email: String,
    pub full_name: String,
    pub region: String,
    pub slug: String,
}

/// Locks the attempt against autosaves in flight (they take the lock shared, see
/// `rost_save_answer`) and reads it.
pub async fn lock_attempt(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    attempt_id: Uuid,
) -> Result<Option<FinishingRow>, sqlx::Error> {
    sqlx::query("select pg_advisory_xact_lock(hashtextextended($1::text, 0))")
        .bind(attempt_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query_as(
        "select a.items, i.framework_id, a.finished_at is not null as finished, i.title, a.user_id, u.email,
                u.full_name, t.name as region, t.slug
         from attempts a join instruments i on i.tenant_id = a.tenant_id and i.id = a.instrument_id
         join users u on u.id = a.user_id join tenants t on t.id = a.tenant_id
         where a.tenant_id = $1 and a.id = $2 for update of a",
    )
    .bind(tenant_id)
    .bind(attempt_id)
    .fetch_optional(conn)
    .await
}

pub async fn close_attempt(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    attempt_id: Uuid,
    by: &str,
    result: &AttemptResult,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update attempts set finished_at = now(), finished_by = $3, result = $4 where tenant_id = $1 and id = $2",
    )
    .bind(tenant_id)
    .bind(attempt_id)
    .bind(by)
    .bind(Json(result))
    .execute(conn)
    .await
    .map(|_| ())
}

/// Unfinished attempts past their deadline: of one person, or (at most 500) of everyone.
pub async fn overdue(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Option<Uuid>,
) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "select id from attempts where tenant_id = $1 and ($2::uuid is null or user_id = $2)
           and finished_at is null and deadline_at <= now()
         order by deadline_at limit 500",
    )
    .bind(tenant_id)
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// A result with who it belongs to and where they work.
#[derive(FromRow)]
pub struct ResultRow {
    pub owner: Uuid,
    pub instrument_id: Uuid,
    pub title: String,
    pub person: String,
    pub finished_at: String,
    pub finished_by: Option<String>,
    #[sqlx(json(nullable))]
    pub result: Option<AttemptResult>,
    pub school: Option<Uuid>,
    pub municipality: Option<Uuid>,
    pub confirmed: bool,
}

pub async fn result_of(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    attempt_id: Uuid,
    time_zone: &str,
) -> Result<Option<ResultRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select a.user_id as owner, a.instrument_id, i.title, u.full_name as person,
                coalesce(to_char(a.finished_at at time zone $3, {LOCAL_TIME}), '') as finished_at,
                a.finished_by, a.result, m.school_id as school,
                coalesce(m.municipality_id, s.municipality_id) as municipality,
                m.school_status = 'confirmed' as confirmed
         from attempts a join instruments i on i.tenant_id = a.tenant_id and i.id = a.instrument_id
         join users u on u.id = a.user_id
         join memberships m on m.tenant_id = a.tenant_id and m.user_id = a.user_id
         left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         where a.tenant_id = $1 and a.id = $2"
    ))
    .bind(tenant_id)
    .bind(attempt_id)
    .bind(time_zone)
    .fetch_optional(conn)
    .await
}

/// The people a group average is over.
pub struct Group {
    pub instrument_id: Uuid,
    pub school: Option<Uuid>,
    pub municipality: Option<Uuid>,
}

#[derive(FromRow)]
pub struct MeanRow {
    pub code: String,
    pub mean: f64,
    pub people: i64,
}

/// Means per competency over the latest finished attempt of each person in a group. Only
/// confirmed members count, and only attempts with at least half of their items answered: a
/// self-chosen school or an empty attempt would let fake colleagues dilute the group until its
/// average is one real person's score divided by the head count.
pub async fn group_means(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    group: &Group,
) -> Result<Vec<MeanRow>, sqlx::Error> {
    sqlx::query_as(
        "with latest as (
             select distinct on (a.user_id) a.user_id, a.result
             from attempts a
             join memberships m on m.tenant_id = a.tenant_id and m.user_id = a.user_id
             left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
             where a.tenant_id = $1 and a.instrument_id = $2 and a.finished_at is not null
               and m.school_status = 'confirmed'
               and ($3::uuid is null or m.school_id = $3)
               and ($4::uuid is null or coalesce(m.municipality_id, s.municipality_id) = $4)
               and 2 * (select count(*) from attempt_answers x
                        where x.tenant_id = a.tenant_id and x.attempt_id = a.id
                          and x.answer->'chosen' is distinct from '[]'::jsonb
                          and coalesce(btrim(x.answer->>'text'), '-') <> '') >= cardinality(a.item_ids)
             order by a.user_id, a.finished_at desc),
         people as (select count(*) as n from latest)
         select c->>'code' as code, avg((c->>'score')::float8) as mean, (select n from people) as people
         from latest, jsonb_array_elements(latest.result->'competencies') c
         group by 1 order by 1",
    )
    .bind(tenant_id)
    .bind(group.instrument_id)
    .bind(group.school)
    .bind(group.municipality)
    .fetch_all(conn)
    .await
}

#[derive(FromRow)]
pub struct SchoolRow {
    pub id: Uuid,
    pub name: String,
}

/// The school the person's membership is confirmed at.
pub async fn confirmed_school(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<Option<SchoolRow>, sqlx::Error> {
    sqlx::query_as(
        "select s.id, s.name from memberships m join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         where m.tenant_id = $1 and m.user_id = $2 and m.school_status = 'confirmed'",
    )
    .bind(tenant_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

#[derive(FromRow)]
pub struct TakenInstrument {
    pub id: Uuid,
    pub title: String,
    pub framework_id: Uuid,
}

/// Instruments that confirmed staff of a school finished.
pub async fn school_instruments(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    school_id: Uuid,
) -> Result<Vec<TakenInstrument>, sqlx::Error> {
    sqlx::query_as(
        "select distinct i.id, i.title, i.framework_id from attempts a
         join instruments i on i.tenant_id = a.tenant_id and i.id = a.instrument_id
         join memberships m on m.tenant_id = a.tenant_id and m.user_id = a.user_id
         where a.tenant_id = $1 and m.school_id = $2 and m.school_status = 'confirmed'
           and a.finished_at is not null
         order by i.title",
    )
    .bind(tenant_id)
    .bind(school_id)
    .fetch_all(conn)
    .await
}
