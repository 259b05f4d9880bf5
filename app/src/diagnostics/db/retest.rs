//! Re-tests: their openings, the items a person has seen, and re-test attempts.

use sqlx::{types::Json, FromRow, PgConnection};
use uuid::Uuid;

use super::DrawnItem;

/// The earliest opened re-test of an instrument the person has not started yet: the finished
/// attempt it re-tests.
pub async fn pending_retest(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    instrument_id: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "select previous_attempt_id from retests
         where tenant_id = $1 and user_id = $2 and instrument_id = $3 and attempt_id is null
         order by opened_at limit 1",
    )
    .bind(tenant_id)
    .bind(user_id)
    .bind(instrument_id)
    .fetch_optional(conn)
    .await
}

/// Titles of the person's re-tests not finished yet, the earliest opening first.
pub async fn open_retest_titles(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "select i.title from retests r
         join instruments i on i.tenant_id = r.tenant_id and i.id = r.instrument_id
         left join attempts a on a.tenant_id = r.tenant_id and a.id = r.attempt_id
         where r.tenant_id = $1 and r.user_id = $2 and a.finished_at is null
         order by r.opened_at",
    )
    .bind(tenant_id)
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// Every item the person was ever given, in any attempt of any instrument.
pub async fn seen_items(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar("select distinct unnest(item_ids) from attempts where tenant_id = $1 and user_id = $2")
        .bind(tenant_id)
        .bind(user_id)
        .fetch_all(conn)
        .await
}

/// The items an attempt drew.
pub async fn drawn_items(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    attempt_id: Uuid,
) -> Result<Vec<DrawnItem>, sqlx::Error> {
    let Json(items): Json<Vec<DrawnItem>> =
        sqlx::query_scalar("select items from attempts where tenant_id = $1 and id = $2")
            .bind(tenant_id)
            .bind(attempt_id)
            .fetch_one(conn)
            .await?;
    Ok(items)
}

/// A re-test attempt about to be inserted.
pub struct NewRetest<'a> {
    pub instrument_id: Uuid,
    pub user_id: Uuid,
    pub previous: Uuid,
    pub drawn: &'a [DrawnItem],
    pub time_limit_minutes: Option<i32>,
}

/// Inserts the re-test attempt and marks the opening as started; `None` if an attempt of the
/// instrument is already in progress. The instrument's window does not apply: the opening is
/// the re-test's own window.
pub async fn insert_retest_attempt(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    new: NewRetest<'_>,
) -> Result<Option<Uuid>, sqlx::Error> {
    let ids: Vec<Uuid> = new.drawn.iter().map(|d| d.id).collect();
    let id: Option<Uuid> = sqlx::query_scalar(
        "insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, deadline_at, retest_of)
         values ($1, $2, $3, $4, $5, now() + make_interval(mins => $6), $7)
         on conflict do nothing returning id",
    )
    .bind(tenant_id)
    .bind(new.instrument_id)
    .bind(new.user_id)
    .bind(&ids)
    .bind(Json(new.drawn))
    .bind(new.time_limit_minutes)
    .bind(new.previous)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = id {
        sqlx::query("update retests set attempt_id = $3 where tenant_id = $1 and previous_attempt_id = $2")
            .bind(tenant_id)
            .bind(new.previous)
            .bind(id)
            .execute(conn)
            .await?;
    }
    Ok(id)
}

/// Who opened a re-test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opening {
    /// The person's route was completed.
    Route,
    /// An operator's campaign.
    Campaign(Uuid),
}

/// Opens a re-test of a finished attempt; false if one was opened for it before (or the
/// attempt is not finished).
pub async fn open_retest(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    previous: Uuid,
    opening: Opening,
) -> Result<bool, sqlx::Error> {
    let (by, campaign) = match opening {
        Opening::Route => ("route", None),
        Opening::Campaign(id) => ("campaign", Some(id)),
    };
    let opened = sqlx::query(
        "insert into retests (tenant_id, previous_attempt_id, user_id, instrument_id, opened_by, campaign_id)
         select tenant_id, id, user_id, instrument_id, $3, $4 from attempts
         where tenant_id = $1 and id = $2 and finished_at is not null
         on conflict do nothing",
    )
    .bind(tenant_id)
    .bind(previous)
    .bind(by)
    .bind(campaign)
    .execute(conn)
    .await?;
    Ok(opened.rows_affected() == 1)
}

/// The attempt a re-test attempt re-tests, if it is one.
pub async fn retest_of(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    attempt_id: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar::<_, Option<Uuid>>("select retest_of from attempts where tenant_id = $1 and id = $2")
        .bind(tenant_id)
        .bind(attempt_id)
        .fetch_optional(conn)
        .await
        .map(Option::flatten)
}

/// The finished attempt to re-test when the person's route is complete: the one the route was
/// proposed from (else the latest). `None` while a course of the route has no completed
/// enrolment of the person, or the route is empty.
pub async fn completed_route_attempt(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar::<_, Option<Uuid>>(
        "select coalesce(r.attempt_id,
                  (select a.id from attempts a where a.tenant_id = r.tenant_id and a.user_id = r.user_id
                     and a.finished_at is not null order by a.finished_at desc limit 1))
         from routes r
         where r.tenant_id = $1 and r.user_id = $2
           and exists (select 1 from route_items i where i.tenant_id = r.tenant_id and i.route_id = r.id)
           and not exists (
               select 1 from route_items i
               where i.tenant_id = r.tenant_id and i.route_id = r.id
                 and not exists (select 1 from enrolments e
                                 where e.tenant_id = i.tenant_id and e.course_id = i.course_id
                                   and e.user_id = r.user_id and e.status = 'completed'))",
    )
    .bind(tenant_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await
    .map(Option::flatten)
}

/// Who a re-test of an attempt is mailed to, and about which instrument.
#[derive(FromRow)]
pub struct Addressee {
    pub user_id: Uuid,
    pub email: String,
    pub full_name: String,
    pub region: String,
    pub slug: String,
    pub title: String,
}

pub async fn addressee(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    attempt_id: Uuid,
) -> Result<Addressee, sqlx::Error> {
    sqlx::query_as(
        "select a.user_id, u.email, u.full_name, t.name as region, t.slug, i.title
         from attempts a join users u on u.id = a.user_id join tenants t on t.id = a.tenant_id
         join instruments i on i.tenant_id = a.tenant_id and i.id = a.instrument_id
         where a.tenant_id = $1 and a.id = $2",
    )
    .bind(tenant_id)
    .bind(attempt_id)
    .fetch_one(conn)
    .await
}
