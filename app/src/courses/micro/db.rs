//! The SQL of micro-courses: lessons, reading progress, the check's attempts and the
//! completion, on a tenant transaction.

use sqlx::{types::Json, FromRow, PgConnection};
use uuid::Uuid;

use crate::diagnostics::Item;

#[derive(Clone, Debug, FromRow)]
pub struct MicroHead {
    pub title: String,
    pub hours: i32,
    /// The main competencies (weight ≥ `COVERS_FROM`), whose items make the check.
    pub main: Vec<String>,
    pub completed: bool,
    /// The latest finished check's score (0–1).
    pub last_score: Option<f64>,
}

/// A platform course with lessons, seen by `user_id`; `None` for any other course.
pub async fn head(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    course_id: Uuid,
    user_id: Uuid,
) -> Result<Option<MicroHead>, sqlx::Error> {
    sqlx::query_as(
        "select c.title, c.hours,
                array(select k.code from course_competencies k
                      where k.tenant_id = c.tenant_id and k.course_id = c.id and k.weight >= $4
                      order by k.weight desc, k.code) as main,
                exists (select 1 from enrolments e where e.tenant_id = c.tenant_id and e.course_id = c.id
                        and e.user_id = $3 and e.status = 'completed') as completed,
                (select a.score from micro_attempts a where a.tenant_id = c.tenant_id and a.course_id = c.id
                 and a.user_id = $3 and a.finished_at is not null order by a.finished_at desc limit 1) as last_score
         from courses c
         where c.tenant_id = $1 and c.id = $2 and c.on_platform
           and exists (select 1 from micro_lessons l where l.tenant_id = c.tenant_id and l.course_id = c.id)",
    )
    .bind(tenant_id)
    .bind(course_id)
    .bind(user_id)
    .bind(crate::courses::recommend::COVERS_FROM)
    .fetch_optional(conn)
    .await
}

#[derive(Clone, Debug, FromRow)]
pub struct LessonRow {
    pub position: i32,
    pub title: String,
    pub markdown: String,
    pub read: bool,
}

pub async fn lessons(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    course_id: Uuid,
    user_id: Uuid,
) -> Result<Vec<LessonRow>, sqlx::Error> {
    sqlx::query_as(
        "select l.position, l.title, l.markdown,
                exists (select 1 from micro_progress p where p.tenant_id = l.tenant_id and p.course_id = l.course_id
                        and p.position = l.position and p.user_id = $3) as read
         from micro_lessons l where l.tenant_id = $1 and l.course_id = $2 order by l.position",
    )
    .bind(tenant_id)
    .bind(course_id)
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// Records a lesson as read; false if the course has no such lesson.
pub async fn mark_read(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    course_id: Uuid,
    user_id: Uuid,
    position: i32,
) -> Result<bool, sqlx::Error> {
    let exists: bool = sqlx::query_scalar(
        "select exists (select 1 from micro_lessons where tenant_id = $1 and course_id = $2 and position = $3)",
    )
    .bind(tenant_id)
    .bind(course_id)
    .bind(position)
    .fetch_one(&mut *conn)
    .await?;
    if exists {
        sqlx::query(
            "insert into micro_progress (tenant_id, course_id, user_id, position) values ($1, $2, $3, $4)
             on conflict do nothing",
        )
        .bind(tenant_id)
        .bind(course_id)
        .bind(user_id)
        .bind(position)
        .execute(conn)
        .await?;
    }
    Ok(exists)
}

/// An item of the bank, current version.
#[derive(Clone, Debug, FromRow)]
pub struct BankItem {
    pub id: Uuid,
    pub version: i32,
    #[sqlx(json)]
    pub item: Item,
}

/// The current, not retired version of every item of the region's bank.
pub async fn bank(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<BankItem>, sqlx::Error> {
    sqlx::query_as(
        "select id, version, body as item from (
             select distinct on (id) id, version, body, retired from items
             where tenant_id = $1 order by id, version desc) latest
         where not retired order by body->>'code'",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await
}

/// One drawn item of a check: its version and the order its options are shown in.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Drawn {
    pub id: Uuid,
    pub version: i32,
    pub order: Vec<usize>,
}

pub async fn insert_attempt(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    course_id: Uuid,
    user_id: Uuid,
    drawn: &[Drawn],
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "insert into micro_attempts (tenant_id, course_id, user_id, drawn) values ($1, $2, $3, $4) returning id",
    )
    .bind(tenant_id)
    .bind(course_id)
    .bind(user_id)
    .bind(Json(drawn))
    .fetch_one(conn)
    .await
}

#[derive(Clone, Debug, FromRow)]
pub struct OpenAttempt {
    pub course_id: Uuid,
    #[sqlx(json)]
    pub drawn: Vec<Drawn>,
}

/// The person's own unanswered attempt, locked for scoring.
pub async fn open_attempt(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    id: Uuid,
    user_id: Uuid,
) -> Result<Option<OpenAttempt>, sqlx::Error> {
    sqlx::query_as(
        "select course_id, drawn from micro_attempts
         where tenant_id = $1 and id = $2 and user_id = $3 and finished_at is null for update",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// The bodies of the drawn item versions.
pub async fn drawn_items(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    drawn: &[Drawn],
) -> Result<Vec<BankItem>, sqlx::Error> {
    let (ids, versions): (Vec<Uuid>, Vec<i32>) = drawn.iter().map(|d| (d.id, d.version)).unzip();
    sqlx::query_as(
        "select i.id, i.version, i.body as item from items i
         join unnest($2::uuid[], $3::int[]) as d (id, version) on d.id = i.id and d.version = i.version
         where i.tenant_id = $1",
    )
    .bind(tenant_id)
    .bind(ids)
    .bind(versions)
    .fetch_all(conn)
    .await
}

pub async fn finish_attempt(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    id: Uuid,
    score: f64,
    passed: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update micro_attempts set finished_at = now(), score = $3, passed = $4 where tenant_id = $1 and id = $2",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(score)
    .bind(passed)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Writes the completion of a micro-course into the person's enrolment (a new row, or the
/// existing one updated); a completion already recorded is kept as it was.
pub async fn complete_enrolment(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    course_id: Uuid,
    user_id: Uuid,
    time_zone: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into enrolments (tenant_id, course_id, user_id, status, enrolled_at, completed_via, completed_on, hours)
         select c.tenant_id, c.id, $3, 'completed', now(), 'micro', (now() at time zone $4)::date, c.hours
         from courses c where c.tenant_id = $1 and c.id = $2
         on conflict (tenant_id, course_id, user_id) do update
            set status = 'completed', completed_via = 'micro', completed_on = excluded.completed_on,
                hours = excluded.hours, enrolled_at = coalesce(enrolments.enrolled_at, excluded.enrolled_at),
                updated_at = now()
          where enrolments.status <> 'completed'",
    )
    .bind(tenant_id)
    .bind(course_id)
    .bind(user_id)
    .bind(time_zone)
    .execute(conn)
    .await
    .map(|_| ())
}
