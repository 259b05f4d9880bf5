//! The SQL of route sharing, on a tenant transaction.

use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use crate::courses::Covered;

/// The positions a route may be shared with, within the person's own school.
pub const VIEWER_POSITIONS: [&str; 2] = ["director", "methodologist"];

#[derive(Clone, Debug, FromRow)]
pub struct CandidateRow {
    pub user_id: Uuid,
    pub full_name: String,
    pub position: String,
    pub shared: bool,
}

/// The director and methodologists of `school` (confirmed, active), other than `user_id`, and
/// whether the route is shared with each.
pub async fn candidates(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    school: Uuid,
    user_id: Uuid,
    route: Option<Uuid>,
) -> Result<Vec<CandidateRow>, sqlx::Error> {
    sqlx::query_as(
        "select m.user_id, u.full_name, m.position,
                exists (select 1 from route_shares s where s.tenant_id = m.tenant_id and s.route_id = $4
                        and s.viewer_id = m.user_id) as shared
         from memberships m join users u on u.id = m.user_id
         where m.tenant_id = $1 and m.school_id = $2 and m.school_status = 'confirmed' and m.active and u.active
           and m.position = any($5) and m.user_id <> $3
         order by m.position, u.full_name",
    )
    .bind(tenant_id)
    .bind(school)
    .bind(user_id)
    .bind(route)
    .bind(&VIEWER_POSITIONS[..])
    .fetch_all(conn)
    .await
}

pub async fn route_of(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("select id from routes where tenant_id = $1 and user_id = $2")
        .bind(tenant_id)
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// Shares or stops sharing; true if something changed.
pub async fn set_share(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    route: Uuid,
    viewer: Uuid,
    share: bool,
) -> Result<bool, sqlx::Error> {
    let sql = if share {
        "insert into route_shares (tenant_id, route_id, viewer_id) values ($1, $2, $3) on conflict do nothing"
    } else {
        "delete from route_shares where tenant_id = $1 and route_id = $2 and viewer_id = $3"
    };
    let done = sqlx::query(sql)
        .bind(tenant_id)
        .bind(route)
        .bind(viewer)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Clone, Debug, FromRow)]
pub struct SharedRouteRow {
    pub id: Uuid,
    pub owner: String,
    pub updated_on: String,
}

/// The routes shared with `viewer`, while the owner and the viewer are confirmed members of the
/// same school and the viewer still holds a viewing position there.
pub async fn shared_with(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    viewer: Uuid,
    time_zone: &str,
) -> Result<Vec<SharedRouteRow>, sqlx::Error> {
    sqlx::query_as(
        "select r.id, u.full_name as owner, to_char(r.updated_at at time zone $3, 'DD.MM.YYYY') as updated_on
         from route_shares s
         join routes r on r.tenant_id = s.tenant_id and r.id = s.route_id
         join memberships o on o.tenant_id = r.tenant_id and o.user_id = r.user_id
         join users u on u.id = r.user_id
         join memberships v on v.tenant_id = s.tenant_id and v.user_id = s.viewer_id
         where s.tenant_id = $1 and s.viewer_id = $2
           and o.active and u.active and o.school_status = 'confirmed'
           and v.active and v.school_status = 'confirmed' and v.school_id = o.school_id
           and v.position = any($4)
         order by u.full_name",
    )
    .bind(tenant_id)
    .bind(viewer)
    .bind(time_zone)
    .bind(&VIEWER_POSITIONS[..])
    .fetch_all(conn)
    .await
}

#[derive(Clone, Debug, FromRow)]
pub struct SharedItemRow {
    pub title: String,
    pub provider: String,
    pub format: String,
    pub hours: i32,
    #[sqlx(json)]
    pub covers: Vec<Covered>,
    pub planned_start: Option<String>,
    pub planned_end: Option<String>,
    pub completed: bool,
}

pub async fn shared_items(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    route: Uuid,
) -> Result<Vec<SharedItemRow>, sqlx::Error> {
    sqlx::query_as(
        "select c.title, c.provider, c.format, c.hours, i.covers,
                i.planned_start::text as planned_start, i.planned_end::text as planned_end,
                exists (select 1 from enrolments e where e.tenant_id = r.tenant_id and e.course_id = c.id
                        and e.user_id = r.user_id and e.status = 'completed') as completed
         from route_items i
         join routes r on r.tenant_id = i.tenant_id and r.id = i.route_id
         join courses c on c.tenant_id = i.tenant_id and c.id = i.course_id
         where i.tenant_id = $1 and i.route_id = $2 order by i.position, i.added_at",
    )
    .bind(tenant_id)
    .bind(route)
    .fetch_all(conn)
    .await
}
