//! The dashboards' SQL. Every query starts from the same `people` of the scope (active members
//! of active accounts, their school only once confirmed) and groups them by one dimension:
//! the municipality, the school, the position, or nothing (`total`). Counts are exact here and
//! leave the server only through `diagnostics::privacy` (see `figures`).

use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use super::db_support::{latest_statuses, support_statuses};
use crate::growth::db::GrowthFacts;

/// What a row is grouped by; `$4` of every query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grouping {
    Municipality,
    School,
    Position,
    /// Schools with a support status of the latest published run, against all others.
    Support,
    /// Teachers of the ШНОР / ШНРО schools of the latest published run (`low`), no one else.
    LowResultsTeachers,
    Total,
}

impl Grouping {
    fn code(self) -> &'static str {
        match self {
            Grouping::Municipality => "municipality",
            Grouping::School => "school",
            Grouping::Position => "position",
            Grouping::Support => "support",
            Grouping::LowResultsTeachers => "low_teachers",
            Grouping::Total => "total",
        }
    }
}

/// Runs one of the scoped aggregates, which all bind the same four parameters: `$1` the tenant,
/// `$2` and `$3` the municipality and school limits, `$4` the grouping.
async fn scoped<T>(
    conn: &mut PgConnection,
    sql: &str,
    tenant_id: Uuid,
    limits: Limits,
    grouping: Grouping,
) -> Result<Vec<T>, sqlx::Error>
where
    T: for<'r> FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    sqlx::query_as(sql)
        .bind(tenant_id)
        .bind(limits.municipality)
        .bind(limits.school)
        .bind(grouping.code())
        .fetch_all(conn)
        .await
}

/// The part of the region a query covers: `None` is no limit.
#[derive(Clone, Copy, Debug, Default)]
pub struct Limits {
    pub municipality: Option<Uuid>,
    pub school: Option<Uuid>,
}

/// `$1` tenant, `$2` municipality, `$3` school, `$4` grouping. A member counts in a school (and
/// through it a municipality) only once the school is confirmed; a coordinator's own
/// municipality counts without one.
const PEOPLE: &str = concat!(
    "people as (
    select m.user_id, m.position, s.id as school_id,
           coalesce(m.municipality_id, s.municipality_id) as municipality_id,
           case $4 when 'municipality' then coalesce(mu.name, '')
                   when 'school' then coalesce(s.name, '')
                   when 'position' then m.position
                   when 'support' then case when s.id is null then ''
                       when s.code in (select code from ",
    latest_statuses!(),
    " l where l.st in ",
    support_statuses!(),
    ") then 'identified' else 'other' end
                   when 'low_teachers' then case when m.position = 'teacher' and s.code in (select code from ",
    latest_statuses!(),
    " l where l.st = 'low_results') then 'low' else '' end
                   else '' end as grp
    from memberships m
    join users u on u.id = m.user_id
    left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id and m.school_status = 'confirmed'
    left join municipalities mu on mu.tenant_id = m.tenant_id and mu.id = coalesce(m.municipality_id, s.municipality_id)
    where m.tenant_id = $1 and m.active and u.active
      and ($2::uuid is null or coalesce(m.municipality_id, s.municipality_id) = $2)
      and ($3::uuid is null or s.id = $3))"
);

/// An attempt with at least half of its items answered: as for group means, an empty attempt
/// of a fake colleague must not move a share of scores.
const ANSWERED: &str = "2 * (select count(*) from attempt_answers x
        where x.tenant_id = a.tenant_id and x.attempt_id = a.id
          and x.answer->'chosen' is distinct from '[]'::jsonb
          and coalesce(btrim(x.answer->>'text'), '-') <> '') >= cardinality(a.item_ids)";

#[derive(FromRow, Debug, Clone)]
pub struct CoverageCount {
    pub grp: String,
    pub registered: i64,
    pub started: i64,
    pub finished: i64,
}

/// Registered people, those who started a first diagnostic, and those who finished one.
pub async fn coverage(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    limits: Limits,
    grouping: Grouping,
) -> Result<Vec<CoverageCount>, sqlx::Error> {
    scoped(
        conn,
        &format!(
            "with {PEOPLE},
         marks as (
             select p.grp,
                    exists (select 1 from attempts a where a.tenant_id = $1 and a.user_id = p.user_id
                            and a.retest_of is null) as started,
                    exists (select 1 from attempts a where a.tenant_id = $1 and a.user_id = p.user_id
                            and a.retest_of is null and a.finished_at is not null) as finished
             from people p)
         select grp, count(*) as registered, count(*) filter (where started) as started,
                count(*) filter (where finished) as finished
         from marks group by grp order by grp"
        ),
        tenant_id,
        limits,
        grouping,
    )
    .await
}

#[derive(FromRow, Debug, Clone)]
pub struct StaffCount {
    pub grp: String,
    /// The registry's staff numbers summed; `None` when no school of the group gave one.
    pub staff: Option<i64>,
}

/// The registry's schools of the scope by municipality or school (every one, even without a
/// registered person), with their staff numbers; `Position` gives nothing.
pub async fn staff(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    limits: Limits,
    grouping: Grouping,
) -> Result<Vec<StaffCount>, sqlx::Error> {
    if grouping == Grouping::Position {
        return Ok(Vec::new());
    }
    scoped(conn, "select case $4 when 'municipality' then mu.name when 'school' then s.name else '' end as grp,
                sum(s.staff_count)::bigint as staff
         from schools s join municipalities mu on mu.tenant_id = s.tenant_id and mu.id = s.municipality_id
         where s.tenant_id = $1 and ($2::uuid is null or s.municipality_id = $2) and ($3::uuid is null or s.id = $3)
         group by 1 order by 1", tenant_id, limits, grouping).await
}

#[derive(FromRow, Debug, Clone)]
pub struct DeficitCount {
    pub grp: String,
    pub code: String,
    pub title: String,
    /// People measured in the competency.
    pub people: i64,
    /// Of them, with a pronounced deficit on their latest measurement.
    pub pronounced: i64,
}

/// Per group and competency: each person's latest finished measurement of it (a first
/// diagnostic or a re-test that answers at least half of its items).
pub async fn deficits(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    limits: Limits,
    grouping: Grouping,
) -> Result<Vec<DeficitCount>, sqlx::Error> {
    scoped(
        conn,
        &format!(
            "with {PEOPLE},
         latest as (
             select distinct on (a.user_id, c->>'code') a.user_id, c->>'code' as code,
                    c->>'title' as title, c->>'level' as level
             from attempts a join people p on p.user_id = a.user_id
             cross join jsonb_array_elements(a.result->'competencies') c
             where a.tenant_id = $1 and a.finished_at is not null and {ANSWERED}
             order by a.user_id, c->>'code', a.finished_at desc)
         select p.grp, l.code, max(l.title) as title, count(*) as people,
                count(*) filter (where l.level = 'pronounced') as pronounced
         from latest l join people p on p.user_id = l.user_id
         group by p.grp, l.code order by l.code, p.grp"
        ),
        tenant_id,
        limits,
        grouping,
    )
    .await
}

#[derive(FromRow, Debug, Clone)]
pub struct CoveringCourse {
    pub competency: String,
    pub code: String,
    pub title: String,
}

/// The catalogue's courses that cover a competency (weight ≥ `from`), by title.
pub async fn covering_courses(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    from: f64,
) -> Result<Vec<CoveringCourse>, sqlx::Error> {
    sqlx::query_as(
        "select k.code as competency, c.code, c.title
         from course_competencies k join courses c on c.tenant_id = k.tenant_id and c.id = k.course_id
         where k.tenant_id = $1 and k.weight >= $2 order by k.code, c.title",
    )
    .bind(tenant_id)
    .bind(from)
    .fetch_all(conn)
    .await
}

/// The growth aggregates' facts (`growth::db::growth_facts`) over the scope's confirmed members.
pub async fn growth_facts(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    limits: Limits,
) -> Result<Vec<GrowthFacts>, sqlx::Error> {
    scoped(
        conn,
        &format!(
            "with {PEOPLE}
         select distinct on (a.user_id) a.user_id, b.result as before, a.result as after
         from attempts a join attempts b on b.tenant_id = a.tenant_id and b.id = a.retest_of
         join people p on p.user_id = a.user_id
         join memberships m on m.tenant_id = a.tenant_id and m.user_id = a.user_id
         where a.tenant_id = $1 and a.finished_at is not null and b.finished_at is not null
           and m.school_status = 'confirmed' and {ANSWERED}
         order by a.user_id, a.finished_at desc"
        ),
        tenant_id,
        limits,
        Grouping::Total,
    )
    .await
}

#[derive(FromRow, Debug, Clone)]
pub struct UptakeCount {
    pub grp: String,
    /// People enrolled in or done with at least one course.
    pub enrolled: i64,
    /// People with at least one completed course.
    pub completed: i64,
    /// Hours of the completed courses.
    pub hours: i64,
}

pub async fn uptake(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    limits: Limits,
    grouping: Grouping,
) -> Result<Vec<UptakeCount>, sqlx::Error> {
    scoped(
        conn,
        &format!(
            "with {PEOPLE}
         select p.grp,
                count(distinct e.user_id) filter (where e.status in ('enrolled', 'completed')) as enrolled,
                count(distinct e.user_id) filter (where e.status = 'completed') as completed,
                coalesce(sum(e.hours) filter (where e.status = 'completed'), 0)::bigint as hours
         from people p join enrolments e on e.tenant_id = $1 and e.user_id = p.user_id
         group by p.grp order by p.grp"
        ),
        tenant_id,
        limits,
        grouping,
    )
    .await
}

#[derive(FromRow, Debug, Clone)]
pub struct CertificateCount {
    pub grp: String,
    pub issued: i64,
    pub revoked: i64,
}

pub async fn certificates(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    limits: Limits,
    grouping: Grouping,
) -> Result<Vec<CertificateCount>, sqlx::Error> {
    scoped(
        conn,
        &format!(
            "with {PEOPLE}
         select p.grp, count(*) as issued, count(*) filter (where c.revoked_at is not null) as revoked
         from people p join certificates c on c.tenant_id = $1 and c.user_id = p.user_id
         group by p.grp order by p.grp"
        ),
        tenant_id,
        limits,
        grouping,
    )
    .await
}

/// The municipality of a coordinator's membership: (id, name).
pub async fn own_municipality(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<Option<(Uuid, String)>, sqlx::Error> {
    sqlx::query_as(
        "select mu.id, mu.name from memberships m
         join municipalities mu on mu.tenant_id = m.tenant_id and mu.id = m.municipality_id
         where m.tenant_id = $1 and m.user_id = $2",
    )
    .bind(tenant_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// A municipality of the region by its name: (id, name).
pub async fn municipality_named(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    name: &str,
) -> Result<Option<(Uuid, String)>, sqlx::Error> {
    sqlx::query_as("select id, name from municipalities where tenant_id = $1 and name = $2")
        .bind(tenant_id)
        .bind(name)
        .fetch_optional(conn)
        .await
}

pub async fn municipalities(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("select name from municipalities where tenant_id = $1 order by name")
        .bind(tenant_id)
        .fetch_all(conn)
        .await
}

/// The region's KPI targets: (metric, value).
pub async fn targets(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<(String, f64)>, sqlx::Error> {
    sqlx::query_as("select metric, target from kpi_targets where tenant_id = $1")
        .bind(tenant_id)
        .fetch_all(conn)
        .await
}

/// Sets a target, or clears it with `None`.
pub async fn set_target(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    metric: &str,
    value: Option<f64>,
    user_id: Uuid,
) -> Result<(), sqlx::Error> {
    let Some(value) = value else {
        return sqlx::query("delete from kpi_targets where tenant_id = $1 and metric = $2")
            .bind(tenant_id)
            .bind(metric)
            .execute(conn)
            .await
            .map(|_| ());
    };
    sqlx::query(
        "insert into kpi_targets (tenant_id, metric, target, updated_by) values ($1, $2, $3, $4)
         on conflict (tenant_id, metric) do update set target = excluded.target,
             updated_by = excluded.updated_by, updated_at = now()",
    )
    .bind(tenant_id)
    .bind(metric)
    .bind(value)
    .bind(user_id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// What the KPIs are measured from, over the scope's people and schools.
#[derive(FromRow, Debug, Clone)]
pub struct Done {
    /// Hours of completed courses, and the people who completed at least one.
    pub hours: i64,
    pub completed: i64,
    /// Unrevoked certificates.
    pub certificates: i64,
    /// Schools of the registry in the scope.
    pub schools: i64,
}

pub async fn hours_and_certificates(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    limits: Limits,
) -> Result<Done, sqlx::Error> {
    sqlx::query_as(&format!(
        "with {PEOPLE}
         select (select coalesce(sum(e.hours), 0)::bigint from enrolments e join people p on p.user_id = e.user_id
                 where e.tenant_id = $1 and e.status = 'completed') as hours,
                (select count(distinct e.user_id) from enrolments e join people p on p.user_id = e.user_id
                 where e.tenant_id = $1 and e.status = 'completed') as completed,
                (select count(*) from certificates c join people p on p.user_id = c.user_id
                 where c.tenant_id = $1 and c.revoked_at is null) as certificates,
                (select count(*) from schools s where s.tenant_id = $1
                   and ($2::uuid is null or s.municipality_id = $2) and ($3::uuid is null or s.id = $3)) as schools"
    ))
    .bind(tenant_id)
    .bind(limits.municipality)
    .bind(limits.school)
    .bind(Grouping::Total.code())
    .fetch_one(conn)
    .await
}
