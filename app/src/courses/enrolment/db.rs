//! The SQL of enrolments, completions and documents, on a tenant transaction.

use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

/// A course, locked for the transaction, so that counting its places and taking one is one step.
#[derive(Clone, Debug, FromRow)]
pub struct LockedCourse {
    pub id: Uuid,
    pub title: String,
    pub hours: i32,
    pub capacity: Option<i32>,
}

pub async fn lock_course(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    course_id: Uuid,
) -> Result<Option<LockedCourse>, sqlx::Error> {
    sqlx::query_as(
        "select id, title, hours, capacity from courses where tenant_id = $1 and id = $2 for update",
    )
    .bind(tenant_id)
    .bind(course_id)
    .fetch_optional(conn)
    .await
}

#[derive(Clone, Debug, FromRow)]
pub struct EnrolmentRow {
    pub id: Uuid,
    pub course_id: Uuid,
    pub user_id: Uuid,
    pub status: String,
}

pub async fn enrolment_of(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    course_id: Uuid,
    user_id: Uuid,
) -> Result<Option<EnrolmentRow>, sqlx::Error> {
    sqlx::query_as(
        "select id, course_id, user_id, status from enrolments
         where tenant_id = $1 and course_id = $2 and user_id = $3",
    )
    .bind(tenant_id)
    .bind(course_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

pub async fn enrolment(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<Option<EnrolmentRow>, sqlx::Error> {
    sqlx::query_as("select id, course_id, user_id, status from enrolments where tenant_id = $1 and id = $2")
        .bind(tenant_id)
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Places taken: people enrolled, and people who completed the course.
pub async fn taken(conn: &mut PgConnection, tenant_id: Uuid, course_id: Uuid) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select count(*) from enrolments
         where tenant_id = $1 and course_id = $2 and status in ('enrolled', 'completed')",
    )
    .bind(tenant_id)
    .bind(course_id)
    .fetch_one(conn)
    .await
}

/// Enrols the person (or puts them on the waiting list, at its end), also after a cancellation.
pub async fn request(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    course_id: Uuid,
    user_id: Uuid,
    status: &str,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "insert into enrolments (tenant_id, course_id, user_id, status, enrolled_at)
         values ($1, $2, $3, $4, case when $4 = 'enrolled' then now() end)
         on conflict (tenant_id, course_id, user_id) do update
            set status = excluded.status, requested_at = now(), enrolled_at = excluded.enrolled_at,
                updated_at = now()
         returning id",
    )
    .bind(tenant_id)
    .bind(course_id)
    .bind(user_id)
    .bind(status)
    .fetch_one(conn)
    .await
}

pub async fn cancel(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update enrolments set status = 'cancelled', updated_at = now() where tenant_id = $1 and id = $2",
    )
    .bind(tenant_id)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// The place of a waiting enrolment on its course's list, from 1.
pub async fn waiting_position(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select count(*) from enrolments w join enrolments e on e.tenant_id = w.tenant_id and e.id = $2
         where w.tenant_id = $1 and w.course_id = e.course_id and w.status = 'waiting'
           and (w.requested_at, w.id) <= (e.requested_at, e.id)",
    )
    .bind(tenant_id)
    .bind(id)
    .fetch_one(conn)
    .await
}

/// Moves the first person waiting to the course (the caller holds the course's lock); their user id.
pub async fn promote_first(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    course_id: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "update enrolments set status = 'enrolled', enrolled_at = now(), updated_at = now()
         where tenant_id = $1 and id = (
            select id from enrolments where tenant_id = $1 and course_id = $2 and status = 'waiting'
            order by requested_at, id limit 1)
         returning user_id",
    )
    .bind(tenant_id)
    .bind(course_id)
    .fetch_optional(conn)
    .await
}

/// The address and name a message goes to.
#[derive(Clone, Debug, FromRow)]
pub struct Contact {
    pub email: String,
    pub full_name: String,
}

pub async fn contact(conn: &mut PgConnection, user_id: Uuid) -> Result<Contact, sqlx::Error> {
    sqlx::query_as("select email, full_name from users where id = $1")
        .bind(user_id)
        .fetch_one(conn)
        .await
}

/// What a completion writes, whoever confirms it.
pub struct Completion<'a> {
    pub course_id: Uuid,
    pub user_id: Uuid,
    pub via: &'a str,
    pub hours: i32,
    pub completed_on: &'a str,
    pub confirmed_by: Uuid,
}

/// Completes the person's enrolment in the course, creating it if they were not enrolled.
pub async fn complete(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    completion: &Completion<'_>,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "insert into enrolments (tenant_id, course_id, user_id, status, enrolled_at, completed_via,
                                 completed_on, hours, confirmed_by)
         values ($1, $2, $3, 'completed', now(), $4, $5::date, $6, $7)
         on conflict (tenant_id, course_id, user_id) do update
            set status = 'completed', enrolled_at = coalesce(enrolments.enrolled_at, now()),
                completed_via = excluded.completed_via, completed_on = excluded.completed_on,
                hours = excluded.hours, confirmed_by = excluded.confirmed_by, updated_at = now()
         returning id",
    )
    .bind(tenant_id)
    .bind(completion.course_id)
    .bind(completion.user_id)
    .bind(completion.via)
    .bind(completion.completed_on)
    .bind(completion.hours)
    .bind(completion.confirmed_by)
    .fetch_one(conn)
    .await
}

/// The region's date today.
pub async fn today(conn: &mut PgConnection, time_zone: &str) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("select (now() at time zone $1)::date::text")
        .bind(time_zone)
        .fetch_one(conn)
        .await
}

/// Refuses to let a course with completions leave the catalogue; removes its other enrolments
/// (with their documents). `false` if the course has completions.
pub async fn release_course(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    course_id: Uuid,
) -> Result<bool, sqlx::Error> {
    // A completion being written holds the course's key share lock, so it finishes first.
    lock_course(conn, tenant_id, course_id).await?;
    let completed: bool = sqlx::query_scalar(
        "select exists (select 1 from enrolments
                        where tenant_id = $1 and course_id = $2 and status = 'completed')",
    )
    .bind(tenant_id)
    .bind(course_id)
    .fetch_one(&mut *conn)
    .await?;
    if completed {
        return Ok(false);
    }
    sqlx::query("delete from enrolments where tenant_id = $1 and course_id = $2")
        .bind(tenant_id)
        .bind(course_id)
        .execute(conn)
        .await?;
    Ok(true)
}

/// One of the person's enrolments, with the latest document and the place on the waiting list.
#[derive(Clone, Debug, FromRow)]
pub struct MyEnrolmentRow {
    pub course_id: Uuid,
    pub title: String,
    pub status: String,
    pub position: Option<i64>,
    pub hours: Option<i32>,
    pub completed_on: Option<String>,
    pub document_status: Option<String>,
    pub document_name: Option<String>,
    pub document_comment: Option<String>,
}

pub async fn my_enrolments(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<Vec<MyEnrolmentRow>, sqlx::Error> {
    sqlx::query_as(
        "select e.course_id, c.title, e.status, e.hours, to_char(e.completed_on, 'DD.MM.YYYY') as completed_on,
                case when e.status = 'waiting' then
                    (select count(*) from enrolments w
                     where w.tenant_id = e.tenant_id and w.course_id = e.course_id and w.status = 'waiting'
                       and (w.requested_at, w.id) <= (e.requested_at, e.id)) end as position,
                d.status as document_status, d.file_name as document_name, d.comment as document_comment
         from enrolments e join courses c on c.tenant_id = e.tenant_id and c.id = e.course_id
         left join lateral (
            select status, file_name, comment from enrolment_documents x
            where x.tenant_id = e.tenant_id and x.enrolment_id = e.id
            order by x.uploaded_at desc limit 1) d on true
         where e.tenant_id = $1 and e.user_id = $2
         order by c.code",
    )
    .bind(tenant_id)
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// The courses of the person's accepted route.
pub async fn route_courses(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "select i.course_id from route_items i join routes r on r.tenant_id = i.tenant_id and r.id = i.route_id
         where i.tenant_id = $1 and r.user_id = $2",
    )
    .bind(tenant_id)
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// A course with someone enrolled, waiting or done.
#[derive(Clone, Debug, FromRow)]
pub struct AdminCourseRow {
    pub id: Uuid,
    pub code: String,
    pub title: String,
    pub hours: i32,
    pub capacity: Option<i32>,
}

pub async fn courses(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<AdminCourseRow>, sqlx::Error> {
    sqlx::query_as("select id, code, title, hours, capacity from courses where tenant_id = $1 order by code")
        .bind(tenant_id)
        .fetch_all(conn)
        .await
}

#[derive(Clone, Debug, FromRow)]
pub struct AdminPersonRow {
    pub id: Uuid,
    pub course_id: Uuid,
    pub user_id: Uuid,
    pub full_name: String,
    pub email: String,
    pub status: String,
    pub position: Option<i64>,
    pub hours: Option<i32>,
    pub completed_on: Option<String>,
    pub completed_via: Option<String>,
}

/// Every enrolment of the region but cancelled ones: enrolled, then waiting in order, then done.
pub async fn people(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<AdminPersonRow>, sqlx::Error> {
    sqlx::query_as(
        "select e.id, e.course_id, e.user_id, u.full_name, u.email, e.status, e.hours, e.completed_via,
                to_char(e.completed_on, 'DD.MM.YYYY') as completed_on,
                case when e.status = 'waiting' then
                    row_number() over (partition by e.course_id, e.status order by e.requested_at, e.id) end
                    as position
         from enrolments e join users u on u.id = e.user_id
         where e.tenant_id = $1 and e.status <> 'cancelled'
         order by e.course_id, array_position(array['enrolled', 'waiting', 'completed'], e.status),
                  e.requested_at, e.id",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await
}

// ---- documents ----

pub struct NewDocument<'a> {
    pub enrolment_id: Uuid,
    pub user_id: Uuid,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub body: &'a [u8],
}

pub async fn insert_document(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    document: &NewDocument<'_>,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "insert into enrolment_documents (tenant_id, enrolment_id, user_id, file_name, content_type, size, body)
         values ($1, $2, $3, $4, $5, $6, $7) returning id",
    )
    .bind(tenant_id)
    .bind(document.enrolment_id)
    .bind(document.user_id)
    .bind(document.file_name)
    .bind(document.content_type)
    .bind(document.body.len() as i32)
    .bind(document.body)
    .fetch_one(conn)
    .await
}

/// A document with its enrolment, as a decision needs it; locked for the transaction.
#[derive(Clone, Debug, FromRow)]
pub struct DocumentRow {
    pub id: Uuid,
    pub enrolment_id: Uuid,
    pub course_id: Uuid,
    pub user_id: Uuid,
    pub status: String,
    pub enrolment_status: String,
}

pub async fn lock_document(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<Option<DocumentRow>, sqlx::Error> {
    sqlx::query_as(
        "select d.id, d.enrolment_id, e.course_id, d.user_id, d.status, e.status as enrolment_status
         from enrolment_documents d join enrolments e on e.tenant_id = d.tenant_id and e.id = d.enrolment_id
         where d.tenant_id = $1 and d.id = $2 for update of d",
    )
    .bind(tenant_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn decide_document(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    id: Uuid,
    status: &str,
    comment: Option<&str>,
    decided_by: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update enrolment_documents set status = $3, comment = $4, decided_at = now(), decided_by = $5
         where tenant_id = $1 and id = $2",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(status)
    .bind(comment)
    .bind(decided_by)
    .execute(conn)
    .await
    .map(|_| ())
}

#[derive(Clone, Debug, FromRow)]
pub struct PendingRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub course_title: String,
    pub course_hours: i32,
    pub full_name: String,
    pub email: String,
    pub file_name: String,
    pub uploaded_at: String,
}

pub async fn pending_documents(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    time_zone: &str,
) -> Result<Vec<PendingRow>, sqlx::Error> {
    sqlx::query_as(
        "select d.id, d.user_id, c.title as course_title, c.hours as course_hours, u.full_name, u.email,
                d.file_name, to_char(d.uploaded_at at time zone $2, 'DD.MM.YYYY HH24:MI') as uploaded_at
         from enrolment_documents d
         join enrolments e on e.tenant_id = d.tenant_id and e.id = d.enrolment_id
         join courses c on c.tenant_id = e.tenant_id and c.id = e.course_id
         join users u on u.id = d.user_id
         where d.tenant_id = $1 and d.status = 'pending' and e.status in ('enrolled', 'waiting')
         order by d.uploaded_at, d.id",
    )
    .bind(tenant_id)
    .bind(time_zone)
    .fetch_all(conn)
    .await
}

#[derive(Clone, Debug, FromRow)]
pub struct DocumentFile {
    pub file_name: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

pub async fn document_file(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<Option<DocumentFile>, sqlx::Error> {
    sqlx::query_as(
        "select file_name, content_type, body from enrolment_documents where tenant_id = $1 and id = $2",
    )
    .bind(tenant_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Whether the person has an active account and an active membership of the region.
pub async fn active_member(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "select exists (select 1 from memberships m join users u on u.id = m.user_id
                        where m.tenant_id = $1 and m.user_id = $2 and m.active and u.active)",
    )
    .bind(tenant_id)
    .bind(user_id)
    .fetch_one(conn)
    .await
}

/// The region's members by address (lower case), for a list of completions.
pub async fn members_by_email(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    emails: &[String],
) -> Result<Vec<(String, Uuid)>, sqlx::Error> {
    sqlx::query_as(
        "select u.email, u.id from users u join memberships m on m.user_id = u.id
         where m.tenant_id = $1 and m.active and u.email = any($2)",
    )
    .bind(tenant_id)
    .bind(emails)
    .fetch_all(conn)
    .await
}
