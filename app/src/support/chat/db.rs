//! SQL of a case's chat. The case itself is found through `support::scope` first, so these
//! queries only ever see a case the reader may see.

use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use crate::state::LOCAL_TIME;
use crate::support::db::CaseRecord;

#[derive(FromRow, Debug, Clone)]
pub struct ParticipantRow {
    pub id: Uuid,
    pub full_name: String,
    pub email: String,
}

/// The case's participants, active and with a confirmed address: its curator, the school's
/// confirmed directors and team, the municipality's coordinators and the region's operators.
pub async fn participants(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: &CaseRecord,
) -> Result<Vec<ParticipantRow>, sqlx::Error> {
    sqlx::query_as(
        "select distinct u.id, u.full_name, u.email from role_grants g
         join users u on u.id = g.user_id
         join memberships m on m.tenant_id = g.tenant_id and m.user_id = g.user_id
         where g.tenant_id = $1 and u.active and m.active and u.email_confirmed_at is not null
           and (g.role = 'regional_operator'
                or (g.role = 'municipal_coordinator' and m.municipality_id = $2)
                or (g.role = 'curator' and g.user_id = $3)
                or (g.role = 'director' and m.school_id = $4 and m.school_status = 'confirmed')
                or exists (select 1 from support_team t
                           where t.tenant_id = g.tenant_id and t.case_id = $5 and t.user_id = g.user_id))
         order by u.full_name, u.id",
    )
    .bind(tenant)
    .bind(case.municipality_id)
    .bind(case.curator_id)
    .bind(case.school_id)
    .bind(case.id)
    .fetch_all(conn)
    .await
}

#[derive(FromRow, Debug, Clone)]
pub struct CommentRow {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub author: String,
    pub at: String,
    pub body: String,
    pub mentions: Vec<String>,
}

/// Every comment of the case, oldest first, with the names of those it mentions.
pub async fn comments(
    conn: &mut PgConnection,
    tenant: Uuid,
    zone: &str,
    case: Uuid,
) -> Result<Vec<CommentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select c.id, c.parent_id, u.full_name as author,
                to_char(c.created_at at time zone $3, {LOCAL_TIME}) as at, c.body,
                array(select m.full_name from users m where m.id = any(c.mentions) order by m.full_name) as mentions
         from support_comments c join users u on u.id = c.author_id
         where c.tenant_id = $1 and c.case_id = $2
         order by c.created_at, c.id"
    ))
    .bind(tenant)
    .bind(case)
    .bind(zone)
    .fetch_all(conn)
    .await
}

/// Whether `parent` is a top-level comment of this case (replies go one level deep).
pub async fn is_thread_of(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
    parent: Uuid,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "select exists (select 1 from support_comments
                        where tenant_id = $1 and case_id = $2 and id = $3 and parent_id is null)",
    )
    .bind(tenant)
    .bind(case)
    .bind(parent)
    .fetch_one(conn)
    .await
}

pub struct NewComment<'a> {
    pub case: Uuid,
    pub parent: Option<Uuid>,
    pub author: Uuid,
    pub body: &'a str,
    pub mentions: &'a [Uuid],
}

pub async fn insert(conn: &mut PgConnection, tenant: Uuid, new: NewComment<'_>) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "insert into support_comments (tenant_id, case_id, parent_id, author_id, body, mentions)
         values ($1, $2, $3, $4, $5, $6) returning id",
    )
    .bind(tenant)
    .bind(new.case)
    .bind(new.parent)
    .bind(new.author)
    .bind(new.body)
    .bind(new.mentions)
    .fetch_one(conn)
    .await
}
