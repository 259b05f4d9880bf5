//! The SQL of growth: completed routes, opened re-tests, pairs of a first attempt and its
//! re-test, the catalogue for a new proposal, and completions for the aggregates.

use sqlx::{types::Json, FromRow, PgConnection};
use uuid::Uuid;

use crate::diagnostics::{model::Scope, AttemptResult};

/// An opened re-test of the person, with its attempt once started.
#[derive(FromRow)]
pub struct RetestRow {
    pub previous: Uuid,
    pub instrument_id: Uuid,
    pub title: String,
    pub attempt_id: Option<Uuid>,
    pub finished_on: Option<String>,
    /// The first attempt's result, for the titles of its competencies.
    #[sqlx(json)]
    pub before: AttemptResult,
}

/// The person's re-tests, the newest opening first.
pub async fn my_retests(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    time_zone: &str,
) -> Result<Vec<RetestRow>, sqlx::Error> {
    sqlx::query_as(
        "select r.previous_attempt_id as previous, r.instrument_id, i.title, r.attempt_id,
                to_char(a.finished_at at time zone $3, 'DD.MM.YYYY') as finished_on, b.result as before
         from retests r join instruments i on i.tenant_id = r.tenant_id and i.id = r.instrument_id
         join attempts b on b.tenant_id = r.tenant_id and b.id = r.previous_attempt_id
         left join attempts a on a.tenant_id = r.tenant_id and a.id = r.attempt_id
         where r.tenant_id = $1 and r.user_id = $2
         order by r.opened_at desc",
    )
    .bind(tenant_id)
    .bind(user_id)
    .bind(time_zone)
    .fetch_all(conn)
    .await
}

/// A finished re-test with the attempt it re-tests.
#[derive(FromRow)]
pub struct PairRow {
    pub title: String,
    pub before_on: String,
    pub after_on: String,
    #[sqlx(json)]
    pub before: AttemptResult,
    #[sqlx(json)]
    pub after: AttemptResult,
}

/// The person's own finished re-test `attempt_id` and its first attempt; `None` for anyone
/// else's attempt, an unfinished one, or one that is not a re-test.
pub async fn my_pair(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    attempt_id: Uuid,
    time_zone: &str,
) -> Result<Option<PairRow>, sqlx::Error> {
    sqlx::query_as(
        "select i.title, to_char(b.finished_at at time zone $4, 'DD.MM.YYYY') as before_on,
                to_char(a.finished_at at time zone $4, 'DD.MM.YYYY') as after_on,
                b.result as before, a.result as after
         from attempts a join attempts b on b.tenant_id = a.tenant_id and b.id = a.retest_of
         join instruments i on i.tenant_id = a.tenant_id and i.id = a.instrument_id
         where a.tenant_id = $1 and a.user_id = $2 and a.id = $3
           and a.finished_at is not null and b.finished_at is not null",
    )
    .bind(tenant_id)
    .bind(user_id)
    .bind(attempt_id)
    .bind(time_zone)
    .fetch_optional(conn)
    .await
}

/// A course of the catalogue as the recommender needs it.
#[derive(FromRow)]
pub struct CandidateRow {
    pub code: String,
    pub title: String,
    pub kind: String,
    pub subject: Option<String>,
    pub audience: Vec<String>,
    pub ends_on: Option<String>,
    pub seats_left: Option<i64>,
    pub hours: i32,
    pub competencies: Json<Vec<(String, f64)>>,
}

/// The region's courses the person has not completed, with the places left (capacity less
/// the people enrolled).
pub async fn candidates(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<Vec<CandidateRow>, sqlx::Error> {
    sqlx::query_as(
        "select c.code, c.title, c.kind, c.subject, c.audience, c.ends_on::text as ends_on,
                c.capacity - (select count(*) from enrolments e where e.tenant_id = c.tenant_id
                              and e.course_id = c.id and e.status = 'enrolled') as seats_left,
                c.hours,
                coalesce((select jsonb_agg(jsonb_build_array(k.code, k.weight))
                          from course_competencies k where k.tenant_id = c.tenant_id and k.course_id = c.id),
                         '[]') as competencies
         from courses c
         where c.tenant_id = $1
           and not exists (select 1 from enrolments e where e.tenant_id = c.tenant_id and e.course_id = c.id
                           and e.user_id = $2 and e.status = 'completed')
         order by c.code",
    )
    .bind(tenant_id)
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// The person's subjects and today's date (ISO) in the region.
pub async fn learner(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    time_zone: &str,
) -> Result<(Vec<String>, String), sqlx::Error> {
    sqlx::query_as(
        "select subjects, (now() at time zone $3)::date::text from memberships where tenant_id = $1 and user_id = $2",
    )
    .bind(tenant_id)
    .bind(user_id)
    .bind(time_zone)
    .fetch_one(conn)
    .await
}

/// The region's instruments (id, title) and municipalities, for the operator's form.
pub async fn instruments(
    conn: &mut PgConnection,
    tenant_id: Uuid,
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    sqlx::query_as("select id, title from instruments where tenant_id = $1 order by title")
        .bind(tenant_id)
        .fetch_all(conn)
        .await
}

pub async fn municipalities(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("select name from municipalities where tenant_id = $1 order by name")
        .bind(tenant_id)
        .fetch_all(conn)
        .await
}

/// A re-test campaign; its id.
pub async fn insert_campaign(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    instrument_id: Uuid,
    title: &str,
    scope: &Scope,
    user_id: Uuid,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "insert into campaigns (tenant_id, instrument_id, title, scope, created_by, retest)
         values ($1, $2, $3, $4, $5, true) returning id",
    )
    .bind(tenant_id)
    .bind(instrument_id)
    .bind(title)
    .bind(Json(scope))
    .bind(user_id)
    .fetch_one(conn)
    .await
}

/// The latest finished attempt of the instrument of every active, confirmed-address member in
/// the scope: what a re-test campaign re-tests.
pub async fn latest_in_scope(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    instrument_id: Uuid,
    scope: &Scope,
) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "select id from (
             select distinct on (a.user_id) a.id
             from attempts a
             join memberships m on m.tenant_id = a.tenant_id and m.user_id = a.user_id
             join users u on u.id = m.user_id
             left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
             left join municipalities mu on mu.tenant_id = m.tenant_id
                  and mu.id = coalesce(m.municipality_id, s.municipality_id)
             where a.tenant_id = $1 and a.instrument_id = $2 and a.finished_at is not null
               and m.active and u.active and u.email_confirmed_at is not null
               and (cardinality($3::text[]) = 0 or mu.name = any($3))
               and (cardinality($4::text[]) = 0 or s.code = any($4))
               and (cardinality($5::text[]) = 0 or m.position = any($5))
             order by a.user_id, a.finished_at desc) latest",
    )
    .bind(tenant_id)
    .bind(instrument_id)
    .bind(&scope.municipalities)
    .bind(&scope.schools)
    .bind(&scope.positions)
    .fetch_all(conn)
    .await
}

/// Assigns the campaign to one person, so the instrument shows as assigned in their cabinet.
pub async fn assign(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    campaign_id: Uuid,
    user_id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query("insert into assignments (tenant_id, campaign_id, user_id) values ($1, $2, $3) on conflict do nothing")
        .bind(tenant_id)
        .bind(campaign_id)
        .bind(user_id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// School codes of the region among `codes`.
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

/// A confirmed member's latest finished re-test with its first attempt, for the aggregates.
#[derive(FromRow)]
pub struct GrowthFacts {
    pub user_id: Uuid,
    #[sqlx(json)]
    pub before: AttemptResult,
    #[sqlx(json)]
    pub after: AttemptResult,
}

/// Every confirmed member's latest finished re-test that answers at least half of its items
/// (of one school, or of the region): as for group means, an empty re-test of a fake colleague
/// must not move a figure.
pub async fn growth_facts(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    school: Option<Uuid>,
) -> Result<Vec<GrowthFacts>, sqlx::Error> {
    sqlx::query_as(
        "select distinct on (a.user_id) a.user_id, b.result as before, a.result as after
         from attempts a join attempts b on b.tenant_id = a.tenant_id and b.id = a.retest_of
         join memberships m on m.tenant_id = a.tenant_id and m.user_id = a.user_id
         where a.tenant_id = $1 and a.finished_at is not null and b.finished_at is not null
           and m.school_status = 'confirmed' and ($2::uuid is null or m.school_id = $2)
           and 2 * (select count(*) from attempt_answers x
                    where x.tenant_id = a.tenant_id and x.attempt_id = a.id
                      and x.answer->'chosen' is distinct from '[]'::jsonb
                      and coalesce(btrim(x.answer->>'text'), '-') <> '') >= cardinality(a.item_ids)
         order by a.user_id, a.finished_at desc",
    )
    .bind(tenant_id)
    .bind(school)
    .fetch_all(conn)
    .await
}

/// A completed course of a person, with the competencies the course claims to develop.
#[derive(FromRow)]
pub struct Completion {
    pub user_id: Uuid,
    pub course: String,
    pub competencies: Json<Vec<(String, f64)>>,
}

pub async fn completions(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<Completion>, sqlx::Error> {
    sqlx::query_as(
        "select e.user_id, c.title as course,
                coalesce((select jsonb_agg(jsonb_build_array(k.code, k.weight))
                          from course_competencies k where k.tenant_id = c.tenant_id and k.course_id = c.id),
                         '[]') as competencies
         from enrolments e join courses c on c.tenant_id = e.tenant_id and c.id = e.course_id
         where e.tenant_id = $1 and e.status = 'completed'
         order by c.title",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await
}

/// The school the director is confirmed at: (id, name).
pub async fn confirmed_school(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<Option<(Uuid, String)>, sqlx::Error> {
    sqlx::query_as(
        "select s.id, s.name from memberships m join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         where m.tenant_id = $1 and m.user_id = $2 and m.school_status = 'confirmed'",
    )
    .bind(tenant_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await
}
