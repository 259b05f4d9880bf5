//! The regional operator's side: instruments, campaigns, statistics and individual scores.

use sqlx::{types::Json, FromRow, PgConnection};
use uuid::Uuid;

use super::DrawnItem;
use crate::diagnostics::model::{Answer, AttemptResult, InstrumentBody, Scope};
use crate::state::LOCAL_TIME;

#[derive(FromRow)]
pub struct InstrumentListRow {
    pub id: Uuid,
    pub title: String,
    #[sqlx(json)]
    pub body: InstrumentBody,
    pub time_limit_minutes: Option<i32>,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub finished: i64,
}

pub async fn instruments(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    time_zone: &str,
) -> Result<Vec<InstrumentListRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select i.id, i.title, i.body, i.time_limit_minutes,
                to_char(i.opens_at at time zone $2, {LOCAL_TIME}) as opens_at,
                to_char(i.closes_at at time zone $2, {LOCAL_TIME}) as closes_at,
                (select count(*) from attempts a where a.tenant_id = i.tenant_id and a.instrument_id = i.id
                    and a.finished_at is not null) as finished
         from instruments i where i.tenant_id = $1 order by i.created_at"
    ))
    .bind(tenant_id)
    .bind(time_zone)
    .fetch_all(conn)
    .await
}

#[derive(FromRow)]
pub struct CampaignListRow {
    pub id: Uuid,
    pub title: String,
    pub instrument: String,
    pub due_at: Option<String>,
    pub assigned: i64,
    pub finished: i64,
}

pub async fn campaigns(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    time_zone: &str,
) -> Result<Vec<CampaignListRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select c.id, c.title, i.title as instrument, to_char(c.due_at at time zone $2, {LOCAL_TIME}) as due_at,
                (select count(*) from assignments a where a.tenant_id = c.tenant_id and a.campaign_id = c.id)
                    as assigned,
                (select count(distinct t.user_id) from assignments a join attempts t
                    on t.tenant_id = a.tenant_id and t.user_id = a.user_id and t.instrument_id = c.instrument_id
                    and t.finished_at is not null and t.started_at >= c.created_at
                 where a.tenant_id = c.tenant_id and a.campaign_id = c.id) as finished
         from campaigns c join instruments i on i.tenant_id = c.tenant_id and i.id = c.instrument_id
         where c.tenant_id = $1 order by c.created_at desc"
    ))
    .bind(tenant_id)
    .bind(time_zone)
    .fetch_all(conn)
    .await
}

pub async fn municipalities(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("select name from municipalities where tenant_id = $1 order by lower(name)")
        .bind(tenant_id)
        .fetch_all(conn)
        .await
}

/// An instrument as the operator's form gives it; times are local to the region.
pub struct NewInstrument<'a> {
    pub framework_id: Uuid,
    pub title: &'a str,
    pub body: &'a InstrumentBody,
    pub time_limit_minutes: Option<i32>,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub time_zone: &'a str,
    pub created_by: Uuid,
}

pub async fn insert_instrument(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    new: NewInstrument<'_>,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "insert into instruments (tenant_id, framework_id, title, body, time_limit_minutes, opens_at, closes_at, created_by)
         values ($1, $2, $3, $4, $5, $6::timestamp at time zone $8, $7::timestamp at time zone $8, $9) returning id",
    )
    .bind(tenant_id)
    .bind(new.framework_id)
    .bind(new.title)
    .bind(Json(new.body))
    .bind(new.time_limit_minutes)
    .bind(new.opens_at)
    .bind(new.closes_at)
    .bind(new.time_zone)
    .bind(new.created_by)
    .fetch_one(conn)
    .await
}

pub async fn instrument_title(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    instrument_id: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("select title from instruments where tenant_id = $1 and id = $2")
        .bind(tenant_id)
        .bind(instrument_id)
        .fetch_optional(conn)
        .await
}

/// Which of the given school codes are in the region's registry.
pub async fn known_schools(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    codes: &[String],
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("select code from schools where tenant_id = $1 and code = any($2)")
        .bind(tenant_id)
        .bind(codes)
        .fetch_all(conn)
        .await
}

pub struct NewCampaign<'a> {
    pub instrument_id: Uuid,
    pub title: &'a str,
    pub scope: &'a Scope,
    /// The last day, `YYYY-MM-DD`: due at its end in the region's time zone.
    pub due: Option<&'a str>,
    pub time_zone: &'a str,
    pub created_by: Uuid,
}

pub async fn insert_campaign(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    new: NewCampaign<'_>,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "insert into campaigns (tenant_id, instrument_id, title, scope, due_at, created_by)
         values ($1, $2, $3, $4, ($5::date + 1)::timestamp at time zone $6 - interval '1 second', $7) returning id",
    )
    .bind(tenant_id)
    .bind(new.instrument_id)
    .bind(new.title)
    .bind(Json(new.scope))
    .bind(new.due)
    .bind(new.time_zone)
    .bind(new.created_by)
    .fetch_one(conn)
    .await
}

/// Someone a campaign reached, to e-mail.
#[derive(FromRow)]
pub struct Assignee {
    pub email: String,
    pub full_name: String,
}

/// Assigns the campaign to every confirmed, active member in its scope not assigned yet.
pub async fn assign(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    campaign_id: Uuid,
    scope: &Scope,
) -> Result<Vec<Assignee>, sqlx::Error> {
    sqlx::query_as(
        "insert into assignments (tenant_id, campaign_id, user_id)
         select m.tenant_id, $2, m.user_id
         from memberships m join users u on u.id = m.user_id
         left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         left join municipalities mu on mu.tenant_id = m.tenant_id
              and mu.id = coalesce(m.municipality_id, s.municipality_id)
         where m.tenant_id = $1 and m.active and u.active and u.email_confirmed_at is not null
           and (cardinality($3::text[]) = 0 or mu.name = any($3))
           and (cardinality($4::text[]) = 0 or s.code = any($4))
           and (cardinality($5::text[]) = 0 or m.position = any($5))
         on conflict do nothing
         returning (select email from users where id = user_id) as email,
                   (select full_name from users where id = user_id) as full_name",
    )
    .bind(tenant_id)
    .bind(campaign_id)
    .bind(&scope.municipalities)
    .bind(&scope.schools)
    .bind(&scope.positions)
    .fetch_all(conn)
    .await
}

#[derive(FromRow)]
pub struct InstrumentHead {
    pub title: String,
    pub framework_id: Uuid,
}

pub async fn instrument_head(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    instrument_id: Uuid,
) -> Result<Option<InstrumentHead>, sqlx::Error> {
    sqlx::query_as("select title, framework_id from instruments where tenant_id = $1 and id = $2")
        .bind(tenant_id)
        .bind(instrument_id)
        .fetch_optional(conn)
        .await
}

#[derive(FromRow)]
pub struct FinishedRow {
    pub id: Uuid,
    #[sqlx(json)]
    pub items: Vec<DrawnItem>,
}

/// The finished attempts of an instrument, oldest first.
pub async fn finished_attempts(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    instrument_id: Uuid,
) -> Result<Vec<FinishedRow>, sqlx::Error> {
    sqlx::query_as(
        "select id, items from attempts where tenant_id = $1 and instrument_id = $2 and finished_at is not null
         order by finished_at",
    )
    .bind(tenant_id)
    .bind(instrument_id)
    .fetch_all(conn)
    .await
}

#[derive(FromRow)]
pub struct GivenAnswer {
    pub attempt_id: Uuid,
    pub item_id: Uuid,
    #[sqlx(json)]
    pub answer: Answer,
}

/// Every answer of the finished attempts of an instrument.
pub async fn finished_answers(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    instrument_id: Uuid,
) -> Result<Vec<GivenAnswer>, sqlx::Error> {
    sqlx::query_as(
        "select w.attempt_id, w.item_id, w.answer from attempt_answers w
         join attempts a on a.tenant_id = w.tenant_id and a.id = w.attempt_id
         where a.tenant_id = $1 and a.instrument_id = $2 and a.finished_at is not null",
    )
    .bind(tenant_id)
    .bind(instrument_id)
    .fetch_all(conn)
    .await
}

#[derive(FromRow)]
pub struct PersonScoreRow {
    pub id: Uuid,
    pub person: String,
    pub school: Option<String>,
    pub finished_at: String,
    #[sqlx(json)]
    pub result: AttemptResult,
}

pub async fn person_scores(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    instrument_id: Uuid,
    time_zone: &str,
) -> Result<Vec<PersonScoreRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select a.id, u.full_name as person, s.name as school,
                to_char(a.finished_at at time zone $3, {LOCAL_TIME}) as finished_at, a.result
         from attempts a join users u on u.id = a.user_id
         join memberships m on m.tenant_id = a.tenant_id and m.user_id = a.user_id
         left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         where a.tenant_id = $1 and a.instrument_id = $2 and a.finished_at is not null
         order by a.finished_at desc"
    ))
    .bind(tenant_id)
    .bind(instrument_id)
    .bind(time_zone)
    .fetch_all(conn)
    .await
}

/// An instrument of a demo region, without a window.
pub async fn insert_demo_instrument(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    framework_id: Uuid,
    title: &str,
    body: &InstrumentBody,
    time_limit_minutes: Option<i32>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into instruments (tenant_id, framework_id, title, body, time_limit_minutes) values ($1, $2, $3, $4, $5)",
    )
    .bind(tenant_id)
    .bind(framework_id)
    .bind(title)
    .bind(Json(body))
    .bind(time_limit_minutes)
    .execute(conn)
    .await
    .map(|_| ())
}
