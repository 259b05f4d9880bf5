//! The SQL of the catalogue and the routes, on a tenant transaction, with row structs.

use sqlx::{types::Json, FromRow, PgConnection};
use uuid::Uuid;

use super::{CourseView, Covered, RouteChange};
use crate::diagnostics::{AttemptResult, Framework};

/// A course with its competencies and the places taken in other people's routes.
#[derive(Clone, Debug, FromRow)]
pub struct CourseRow {
    pub id: Uuid,
    #[sqlx(flatten)]
    pub course: NewCourse,
    pub taken: i64,
}

impl CourseRow {
    pub fn view(&self) -> CourseView {
        self.course.view(self.id.to_string())
    }
}

/// A course as a form or the seed gives it, and as a row reads it.
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct NewCourse {
    pub code: String,
    pub title: String,
    pub provider: String,
    pub description: String,
    pub kind: String,
    pub subject: Option<String>,
    pub format: String,
    pub hours: i32,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub capacity: Option<i32>,
    pub audience: Vec<String>,
    #[sqlx(json)]
    pub competencies: Vec<(String, f64)>,
    pub link: Option<String>,
    pub on_platform: bool,
}

impl NewCourse {
    /// The course as the pages show it, under its id.
    pub fn view(&self, id: String) -> CourseView {
        CourseView {
            id,
            code: self.code.clone(),
            title: self.title.clone(),
            provider: self.provider.clone(),
            description: self.description.clone(),
            kind: self.kind.clone(),
            subject: self.subject.clone(),
            format: self.format.clone(),
            hours: self.hours,
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            capacity: self.capacity,
            audience: self.audience.clone(),
            competencies: self.competencies.clone(),
            link: self.link.clone(),
            on_platform: self.on_platform,
        }
    }
}

/// The region's courses, by code; `taken` counts the routes holding each, other than `user`'s.
pub async fn courses(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user: Option<Uuid>,
) -> Result<Vec<CourseRow>, sqlx::Error> {
    sqlx::query_as(
        "select c.id, c.code, c.title, c.provider, c.description, c.kind, c.subject, c.format,
                c.hours, c.starts_on::text as starts_on, c.ends_on::text as ends_on, c.capacity,
                c.audience, c.link, c.on_platform,
                coalesce((select jsonb_agg(jsonb_build_array(k.code, k.weight) order by k.weight desc, k.code)
                          from course_competencies k
                          where k.tenant_id = c.tenant_id and k.course_id = c.id), '[]') as competencies,
                (select count(*) from route_items i join routes r on r.tenant_id = i.tenant_id and r.id = i.route_id
                 where i.tenant_id = c.tenant_id and i.course_id = c.id
                   and r.user_id is distinct from $2) as taken
         from courses c where c.tenant_id = $1 order by c.code",
    )
    .bind(tenant_id)
    .bind(user)
    .fetch_all(conn)
    .await
}

/// Inserts a course, or with `id` replaces one's fields; its id, or `None` if `id` names no
/// course of the region.
pub async fn save_course(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    id: Option<Uuid>,
    course: &NewCourse,
) -> Result<Option<Uuid>, sqlx::Error> {
    let sql = match id {
        None => {
            "insert into courses (tenant_id, code, title, provider, description, kind, subject, format,
                                  hours, starts_on, ends_on, capacity, audience, link, on_platform)
             values ($1, $3, $4, $5, $6, $7, $8, $9, $10, $11::date, $12::date, $13, $14, $15, $16)
             returning id"
        }
        Some(_) => {
            "update courses set code = $3, title = $4, provider = $5, description = $6, kind = $7,
                    subject = $8, format = $9, hours = $10, starts_on = $11::date, ends_on = $12::date,
                    capacity = $13, audience = $14, link = $15, on_platform = $16, updated_at = now()
             where tenant_id = $1 and id = $2 returning id"
        }
    };
    let saved: Option<Uuid> = sqlx::query_scalar(sql)
        .bind(tenant_id)
        .bind(id)
        .bind(&course.code)
        .bind(&course.title)
        .bind(&course.provider)
        .bind(&course.description)
        .bind(&course.kind)
        .bind(&course.subject)
        .bind(&course.format)
        .bind(course.hours)
        .bind(&course.starts_on)
        .bind(&course.ends_on)
        .bind(course.capacity)
        .bind(&course.audience)
        .bind(&course.link)
        .bind(course.on_platform)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(saved) = saved else {
        return Ok(None);
    };
    sqlx::query("delete from course_competencies where tenant_id = $1 and course_id = $2")
        .bind(tenant_id)
        .bind(saved)
        .execute(&mut *conn)
        .await?;
    let (codes, weights): (Vec<String>, Vec<f64>) = course.competencies.iter().cloned().unzip();
    sqlx::query(
        "insert into course_competencies (tenant_id, course_id, code, weight)
         select $1, $2, code, weight from unnest($3::text[], $4::float8[]) as t (code, weight)",
    )
    .bind(tenant_id)
    .bind(saved)
    .bind(codes)
    .bind(weights)
    .execute(conn)
    .await?;
    Ok(Some(saved))
}

/// Deletes a course; its title, or `None` if there is no such course.
pub async fn delete_course(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    // The routes that held it say so in their histories.
    sqlx::query(
        "insert into route_history (tenant_id, route_id, action, course)
         select i.tenant_id, i.route_id, 'removed', c.title
         from route_items i join courses c on c.tenant_id = i.tenant_id and c.id = i.course_id
         where i.tenant_id = $1 and i.course_id = $2",
    )
    .bind(tenant_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar("delete from courses where tenant_id = $1 and id = $2 returning title")
        .bind(tenant_id)
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The region's competency framework, if it has one.
pub async fn framework(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Option<Framework>, sqlx::Error> {
    let body: Option<Json<Framework>> =
        sqlx::query_scalar("select body from frameworks where tenant_id = $1 order by updated_at limit 1")
            .bind(tenant_id)
            .fetch_optional(conn)
            .await?;
    Ok(body.map(|Json(framework)| framework))
}

/// The person's latest finished diagnostic.
#[derive(Clone, Debug, FromRow)]
pub struct LatestResult {
    pub attempt_id: Uuid,
    pub title: String,
    pub finished_on: String,
    #[sqlx(json)]
    pub result: AttemptResult,
}

pub async fn latest_result(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    time_zone: &str,
) -> Result<Option<LatestResult>, sqlx::Error> {
    sqlx::query_as(
        "select a.id as attempt_id, i.title, to_char(a.finished_at at time zone $3, 'DD.MM.YYYY') as finished_on,
                a.result
         from attempts a join instruments i on i.tenant_id = a.tenant_id and i.id = a.instrument_id
         where a.tenant_id = $1 and a.user_id = $2 and a.finished_at is not null
         order by a.finished_at desc limit 1",
    )
    .bind(tenant_id)
    .bind(user_id)
    .bind(time_zone)
    .fetch_optional(conn)
    .await
}

/// The subjects the person teaches, from their membership.
pub async fn subjects(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<Vec<String>, sqlx::Error> {
    let subjects: Option<Vec<String>> =
        sqlx::query_scalar("select subjects from memberships where tenant_id = $1 and user_id = $2")
            .bind(tenant_id)
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(subjects.unwrap_or_default())
}

#[derive(Clone, Debug, FromRow)]
pub struct RouteRow {
    pub id: Uuid,
    pub user_id: Uuid,
}

/// The person's route, locked for a change.
pub async fn route_of(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<Option<RouteRow>, sqlx::Error> {
    sqlx::query_as("select id, user_id from routes where tenant_id = $1 and user_id = $2 for update")
        .bind(tenant_id)
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// A route by its id, locked for a change.
pub async fn route(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<Option<RouteRow>, sqlx::Error> {
    sqlx::query_as("select id, user_id from routes where tenant_id = $1 and id = $2 for update")
        .bind(tenant_id)
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Creates the person's route, or points the existing one at a new diagnostic and empties it.
pub async fn reset_route(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    attempt_id: Uuid,
) -> Result<Uuid, sqlx::Error> {
    let id: Uuid = sqlx::query_scalar(
        "insert into routes (tenant_id, user_id, attempt_id) values ($1, $2, $3)
         on conflict (tenant_id, user_id) do update
            set attempt_id = excluded.attempt_id, accepted_at = now(), updated_at = now()
         returning id",
    )
    .bind(tenant_id)
    .bind(user_id)
    .bind(attempt_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("delete from route_items where tenant_id = $1 and route_id = $2")
        .bind(tenant_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(id)
}

#[derive(Clone, Debug, FromRow)]
pub struct ItemRow {
    pub course_id: Uuid,
    #[sqlx(json)]
    pub covers: Vec<Covered>,
    pub planned_start: Option<String>,
    pub planned_end: Option<String>,
}

pub async fn items(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    route_id: Uuid,
) -> Result<Vec<ItemRow>, sqlx::Error> {
    sqlx::query_as(
        "select course_id, covers, planned_start::text as planned_start, planned_end::text as planned_end
         from route_items where tenant_id = $1 and route_id = $2 order by position, added_at",
    )
    .bind(tenant_id)
    .bind(route_id)
    .fetch_all(conn)
    .await
}

/// Puts a course at the end of the route (or at `position`).
pub async fn add_item(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    route_id: Uuid,
    course_id: Uuid,
    covers: &[Covered],
    position: Option<i32>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into route_items (tenant_id, route_id, course_id, position, covers)
         values ($1, $2, $3, coalesce($5, (select coalesce(max(position), 0) + 1 from route_items
                                            where tenant_id = $1 and route_id = $2)), $4)",
    )
    .bind(tenant_id)
    .bind(route_id)
    .bind(course_id)
    .bind(Json(covers))
    .bind(position)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Takes a course out of the route; its position and explanation, if it was there.
pub async fn remove_item(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    route_id: Uuid,
    course_id: Uuid,
) -> Result<Option<(i32, Json<Vec<Covered>>)>, sqlx::Error> {
    sqlx::query_as(
        "delete from route_items where tenant_id = $1 and route_id = $2 and course_id = $3
         returning position, covers",
    )
    .bind(tenant_id)
    .bind(route_id)
    .bind(course_id)
    .fetch_optional(conn)
    .await
}

/// Sets a course's planned dates; false if it is not in the route.
pub async fn plan_item(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    route_id: Uuid,
    course_id: Uuid,
    dates: (Option<String>, Option<String>),
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "update route_items set planned_start = $4::date, planned_end = $5::date
         where tenant_id = $1 and route_id = $2 and course_id = $3",
    )
    .bind(tenant_id)
    .bind(route_id)
    .bind(course_id)
    .bind(dates.0)
    .bind(dates.1)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn record(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    route_id: Uuid,
    action: &str,
    course: Option<&str>,
    replaced_by: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into route_history (tenant_id, route_id, action, course, replaced_by) values ($1, $2, $3, $4, $5)",
    )
    .bind(tenant_id)
    .bind(route_id)
    .bind(action)
    .bind(course)
    .bind(replaced_by)
    .execute(&mut *conn)
    .await?;
    sqlx::query("update routes set updated_at = now() where tenant_id = $1 and id = $2")
        .bind(tenant_id)
        .bind(route_id)
        .execute(conn)
        .await
        .map(|_| ())
}

#[derive(Clone, Debug, FromRow)]
struct HistoryRow {
    at: String,
    action: String,
    course: Option<String>,
    replaced_by: Option<String>,
}

/// The route's changes, newest first.
pub async fn history(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    route_id: Uuid,
    time_zone: &str,
) -> Result<Vec<RouteChange>, sqlx::Error> {
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "select to_char(at at time zone $3, 'DD.MM.YYYY HH24:MI') as at, action, course, replaced_by
         from route_history where tenant_id = $1 and route_id = $2 order by id desc",
    )
    .bind(tenant_id)
    .bind(route_id)
    .bind(time_zone)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RouteChange {
            at: r.at,
            action: r.action,
            course: r.course,
            replaced_by: r.replaced_by,
        })
        .collect())
}
