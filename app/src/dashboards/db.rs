//! The dashboards' SQL. Every query starts from the same `people` of the scope (active members
//! of active accounts, their school only once confirmed) and groups them by the scope's
//! grouping (the municipality, the school or the position) and, in the same pass
//! (`GROUPING SETS`), by position, support status or nothing. What people did in diagnostics is
//! read from the per-person tables the triggers on `attempts` keep (`dash_people`,
//! `dash_measures`, `dash_growth`, migration 20261210000002), never from the attempts' JSON.
//! Counts are exact here and leave the server only through `diagnostics::privacy` (see
//! `figures`).

use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use super::db_support::{latest_statuses, support_statuses};

/// What a row is grouped by; `$4` of every query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grouping {
    Municipality,
    School,
    Position,
    /// Schools with a support status of the latest published run, against all others.
    Support,
    Total,
}

impl Grouping {
    fn code(self) -> &'static str {
        match self {
            Grouping::Municipality => "municipality",
            Grouping::School => "school",
            Grouping::Position => "position",
            Grouping::Support => "support",
            Grouping::Total => "total",
        }
    }
}

/// Settings of the dashboard's transaction: its aggregates group a whole region's people at
/// once, so they are hashed in memory rather than sorted on disk (`work_mem`), and compiling
/// them (`jit`) would cost more than it saves.
pub async fn tune(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query("select set_config('work_mem', '64MB', true), set_config('jit', 'off', true)")
        .execute(conn)
        .await
        .map(|_| ())
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
/// municipality counts without one. Materialized: the people are joined once, and the per-person
/// tables to them, not the other way round. Each person carries every key a view groups by: `grp` (the
/// scope's grouping), `position`, `support` (a school with a support status of the latest
/// published run, against all others) and `low` (teachers of its ШНОР / ШНРО schools).
const PEOPLE: &str = concat!(
    "people as materialized (
    select m.user_id, m.position, m.school_status = 'confirmed' as confirmed,
           case $4 when 'municipality' then coalesce(mu.name, '')
                   when 'school' then coalesce(s.name, '')
                   when 'position' then m.position
                   else '' end as grp,
           case when s.id is null then ''
                when s.code in (select code from ",
    latest_statuses!(),
    " l where l.st in ",
    support_statuses!(),
    ") then 'identified' else 'other' end as support,
           case when m.position = 'teacher' and s.code in (select code from ",
    latest_statuses!(),
    " l where l.st = 'low_results') then 'low' else '' end as low
    from memberships m
    join users u on u.id = m.user_id
    left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id and m.school_status = 'confirmed'
    left join municipalities mu on mu.tenant_id = m.tenant_id and mu.id = coalesce(m.municipality_id, s.municipality_id)
    where m.tenant_id = $1 and m.active and u.active
      and ($2::uuid is null or coalesce(m.municipality_id, s.municipality_id) = $2)
      and ($3::uuid is null or s.id = $3))"
);

/// Which grouping a row of [`coverage`] or [`deficits`] belongs to: `group` (the scope's),
/// `position`, `support`, `low` or `total`.
const SET: &str = "case when grouping(p.grp) = 0 then 'group' when grouping(p.position) = 0 then 'position'
     when grouping(p.support) = 0 then 'support' when grouping(p.low) = 0 then 'low' else 'total' end";

/// What one group of people did: the figures of coverage, course uptake, certificates and the
/// KPIs, from one pass over the scope's people.
#[derive(FromRow, Debug, Clone, Default)]
pub struct GroupCount {
    pub set: String,
    pub grp: String,
    pub registered: i64,
    /// Started a first diagnostic, and finished one.
    pub started: i64,
    pub finished: i64,
    /// With a growth fact (`dash_people.retested`) and a confirmed school.
    pub retested: i64,
    /// With any enrolment (even a waiting one), enrolled in or done with a course, done with one.
    pub enrolments: i64,
    pub enrolled: i64,
    pub completed: i64,
    /// Hours of the completed courses.
    pub hours: i64,
    /// Certificates issued, and of them revoked.
    pub issued: i64,
    pub revoked: i64,
}

impl GroupCount {
    /// The group's course uptake, when someone of it has an enrolment.
    pub fn uptake(&self) -> Option<UptakeCount> {
        (self.enrolments > 0).then(|| UptakeCount {
            grp: self.grp.clone(),
            enrolled: self.enrolled,
            completed: self.completed,
            hours: self.hours,
        })
    }

    /// The group's certificates, when it has any.
    pub fn certificates(&self) -> Option<CertificateCount> {
        (self.issued > 0).then(|| CertificateCount {
            grp: self.grp.clone(),
            issued: self.issued,
            revoked: self.revoked,
        })
    }
}

/// The figures of every grouping of the scope at once.
#[derive(Debug, Default)]
pub struct GroupSets {
    pub by_group: Vec<GroupCount>,
    pub total: GroupCount,
    pub positions: Vec<GroupCount>,
    pub support: Vec<GroupCount>,
    pub low: Vec<GroupCount>,
}

/// Per group of the scope's grouping, in total, by position, by support status and for the
/// ШНОР / ШНРО teachers (`GROUPING SETS`, rows by set and group): one pass over the scope's
/// people with their `dash_people` row and their enrolments and certificates per person.
pub async fn groups(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    limits: Limits,
    grouping: Grouping,
) -> Result<GroupSets, sqlx::Error> {
    let rows: Vec<GroupCount> = scoped(
        conn,
        &format!(
            "with {PEOPLE},
         courses as (
             select e.user_id, bool_or(e.status in ('enrolled', 'completed')) as enrolled,
                    bool_or(e.status = 'completed') as completed,
                    coalesce(sum(e.hours) filter (where e.status = 'completed'), 0) as hours
             from enrolments e where e.tenant_id = $1 group by e.user_id),
         certified as (
             select c.user_id, count(*) as issued, count(*) filter (where c.revoked_at is not null) as revoked
             from certificates c where c.tenant_id = $1 group by c.user_id)
         select {SET} as set, coalesce(p.grp, p.position, p.support, p.low, '') as grp,
                count(*) as registered, count(*) filter (where d.started) as started,
                count(*) filter (where d.finished) as finished,
                count(*) filter (where d.retested and p.confirmed) as retested,
                count(e.user_id) as enrolments, count(*) filter (where e.enrolled) as enrolled,
                count(*) filter (where e.completed) as completed, coalesce(sum(e.hours), 0)::bigint as hours,
                coalesce(sum(c.issued), 0)::bigint as issued, coalesce(sum(c.revoked), 0)::bigint as revoked
         from people p left join dash_people d on d.tenant_id = $1 and d.user_id = p.user_id
         left join courses e on e.user_id = p.user_id
         left join certified c on c.user_id = p.user_id
         group by grouping sets ((p.grp), (p.position), (p.support), (p.low), ())
         order by 1, 2"
        ),
        tenant_id,
        limits,
        grouping,
    )
    .await?;
    let mut sets = GroupSets::default();
    for row in rows {
        match row.set.as_str() {
            "group" => sets.by_group.push(row),
            "position" => sets.positions.push(row),
            "support" => sets.support.push(row),
            "low" => sets.low.push(row),
            _ => sets.total = row,
        }
    }
    Ok(sets)
}

#[derive(FromRow, Debug, Clone)]
pub struct StaffCount {
    /// `group` (the scope's grouping) or `total`.
    pub set: String,
    pub grp: String,
    /// The registry's staff numbers summed; `None` when no school of the group gave one.
    pub staff: Option<i64>,
    pub schools: i64,
}

/// The registry's side of a scope: staff numbers by group, and the totals.
#[derive(Debug, Default)]
pub struct Registry {
    pub by_group: Vec<StaffCount>,
    pub staff: Option<i64>,
    pub schools: i64,
}

/// The registry's schools of the scope with their staff numbers: by municipality or school
/// (every one, even without a registered person; nothing by position), and the totals.
pub async fn staff(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    limits: Limits,
    grouping: Grouping,
) -> Result<Registry, sqlx::Error> {
    let rows: Vec<StaffCount> = scoped(
        conn,
        "select case when grouping(g.grp) = 0 then 'group' else 'total' end as set, coalesce(g.grp, '') as grp,
                sum(g.staff_count)::bigint as staff, count(*) as schools
         from (select case $4 when 'municipality' then mu.name when 'school' then s.name else '' end as grp,
                      s.staff_count
               from schools s join municipalities mu on mu.tenant_id = s.tenant_id and mu.id = s.municipality_id
               where s.tenant_id = $1 and ($2::uuid is null or s.municipality_id = $2)
                 and ($3::uuid is null or s.id = $3)) g
         group by grouping sets ((g.grp), ()) order by 1, 2",
        tenant_id,
        limits,
        grouping,
    )
    .await?;
    let (by_group, total): (Vec<StaffCount>, Vec<StaffCount>) =
        rows.into_iter().partition(|r| r.set == "group");
    Ok(Registry {
        by_group: if grouping == Grouping::Position {
            Vec::new()
        } else {
            by_group
        },
        staff: total.first().and_then(|t| t.staff),
        schools: total.first().map_or(0, |t| t.schools),
    })
}

#[derive(FromRow, Debug, Clone)]
pub struct DeficitCount {
    /// `group` (the scope's grouping) or `support`.
    pub set: String,
    pub grp: String,
    pub code: String,
    pub title: String,
    /// People measured in the competency.
    pub people: i64,
    /// Of them, with a pronounced deficit on their latest measurement.
    pub pronounced: i64,
}

/// Per group (of the scope's grouping, and by support status) and competency: each person's
/// latest finished measurement of it (`dash_measures`). Rows by set, competency and group.
pub async fn deficits(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    limits: Limits,
    grouping: Grouping,
) -> Result<(Vec<DeficitCount>, Vec<DeficitCount>), sqlx::Error> {
    let rows: Vec<DeficitCount> = scoped(
        conn,
        &format!(
            "with {PEOPLE}
         select case when grouping(p.grp) = 0 then 'group' else 'support' end as set,
                coalesce(p.grp, p.support) as grp, d.code, max(d.title) as title, count(*) as people,
                count(*) filter (where d.level = 'pronounced') as pronounced
         from people p join dash_measures d on d.tenant_id = $1 and d.user_id = p.user_id
         group by grouping sets ((p.grp, d.code), (p.support, d.code))
         order by 1, d.code, 2"
        ),
        tenant_id,
        limits,
        grouping,
    )
    .await?;
    Ok(rows.into_iter().partition(|r| r.set == "group"))
}

#[derive(FromRow, Debug, Clone)]
pub struct GrowthCount {
    pub code: String,
    /// The competency's title in the first attempts (the greatest, should two differ).
    pub title: String,
    /// People with a pronounced deficit there before the re-test.
    pub people: i64,
    /// Of them, whose deficit closed.
    pub closed: i64,
}

/// Growth after re-tests by competency over the scope's confirmed members (`dash_growth`).
pub async fn growth(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    limits: Limits,
) -> Result<Vec<GrowthCount>, sqlx::Error> {
    scoped(
        conn,
        &format!(
            "with {PEOPLE}
         select g.code, max(g.title) as title, count(*) as people,
                count(*) filter (where g.closed) as closed
         from people p join dash_growth g on g.tenant_id = $1 and g.user_id = p.user_id
         where p.confirmed group by g.code"
        ),
        tenant_id,
        limits,
        Grouping::Total,
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

#[derive(Debug, Clone)]
pub struct UptakeCount {
    pub grp: String,
    /// People enrolled in or done with at least one course.
    pub enrolled: i64,
    /// People with at least one completed course.
    pub completed: i64,
    /// Hours of the completed courses.
    pub hours: i64,
}

#[derive(Debug, Clone)]
pub struct CertificateCount {
    pub grp: String,
    pub issued: i64,
    pub revoked: i64,
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
