//! SQL of the support documents, their versions, their mail and who turned which mail off.
//! The case itself is found (and its visibility checked) by `support::scope` first.

use sqlx::types::Json;
use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use super::body::Body;
use crate::state::LOCAL_TIME;

/// The latest version of each document of a case.
#[derive(FromRow, Debug)]
pub struct Latest {
    pub kind: String,
    pub factor: String,
    pub version: i32,
    pub state: String,
}

pub async fn latest_of_case(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
) -> Result<Vec<Latest>, sqlx::Error> {
    sqlx::query_as(
        "select distinct on (d.id) d.kind, d.factor, v.version, v.state
         from support_documents d
         join support_document_versions v on v.tenant_id = d.tenant_id and v.document_id = d.id
         where d.tenant_id = $1 and d.case_id = $2
         order by d.id, v.version desc",
    )
    .bind(tenant)
    .bind(case)
    .fetch_all(conn)
    .await
}

pub async fn document(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
    kind: &str,
    factor: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "select id from support_documents where tenant_id = $1 and case_id = $2 and kind = $3 and factor = $4",
    )
    .bind(tenant)
    .bind(case)
    .bind(kind)
    .bind(factor)
    .fetch_optional(conn)
    .await
}

pub async fn insert_document(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
    kind: &str,
    factor: &str,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "insert into support_documents (tenant_id, case_id, kind, factor) values ($1, $2, $3, $4) returning id",
    )
    .bind(tenant)
    .bind(case)
    .bind(kind)
    .bind(factor)
    .fetch_one(conn)
    .await
}

/// A version with the names of who wrote, submitted and reviewed it.
#[derive(FromRow, Debug, Clone)]
pub struct VersionRecord {
    pub version: i32,
    pub body: Json<Body>,
    pub state: String,
    pub edited_at: String,
    pub editor: String,
    pub submitted_by: Option<Uuid>,
    pub reviewed_at: Option<String>,
    pub reviewer: Option<String>,
    pub comment: Option<String>,
    pub field_comments: Json<std::collections::BTreeMap<String, String>>,
}

/// Every version of a document, oldest first.
pub async fn versions(
    conn: &mut PgConnection,
    tenant: Uuid,
    zone: &str,
    document: Uuid,
) -> Result<Vec<VersionRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select v.version, v.body, v.state,
                to_char(v.edited_at at time zone $3, {LOCAL_TIME}) as edited_at, e.full_name as editor,
                v.submitted_by, to_char(v.reviewed_at at time zone $3, {LOCAL_TIME}) as reviewed_at,
                r.full_name as reviewer, v.comment, v.field_comments
         from support_document_versions v
         join users e on e.id = v.edited_by
         left join users r on r.id = v.reviewed_by
         where v.tenant_id = $1 and v.document_id = $2
         order by v.version"
    ))
    .bind(tenant)
    .bind(document)
    .bind(zone)
    .fetch_all(conn)
    .await
}

/// The latest version's number and state, locked against a concurrent transition.
pub async fn lock_latest(
    conn: &mut PgConnection,
    tenant: Uuid,
    document: Uuid,
) -> Result<Option<(i32, String, Option<Uuid>)>, sqlx::Error> {
    sqlx::query_as(
        "select version, state, submitted_by from support_document_versions
         where tenant_id = $1 and document_id = $2 order by version desc limit 1 for update",
    )
    .bind(tenant)
    .bind(document)
    .fetch_optional(conn)
    .await
}

/// Writes a draft: a new version (`new`), or the latest draft over again.
#[allow(clippy::too_many_arguments)]
pub async fn write_version(
    conn: &mut PgConnection,
    tenant: Uuid,
    document: Uuid,
    version: i32,
    body: &Body,
    by: Uuid,
    submit: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into support_document_versions
             (tenant_id, document_id, version, body, state, edited_by, submitted_at, submitted_by)
         values ($1, $2, $3, $4, case when $6 then 'submitted' else 'draft' end, $5,
                 case when $6 then now() end, case when $6 then $5 end)
         on conflict (tenant_id, document_id, version) do update
         set body = excluded.body, state = excluded.state, edited_by = excluded.edited_by,
             edited_at = now(), submitted_at = excluded.submitted_at, submitted_by = excluded.submitted_by",
    )
    .bind(tenant)
    .bind(document)
    .bind(version)
    .bind(Json(body))
    .bind(by)
    .bind(submit)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Records the curator's decision on the submitted version.
#[allow(clippy::too_many_arguments)]
pub async fn decide(
    conn: &mut PgConnection,
    tenant: Uuid,
    document: Uuid,
    version: i32,
    state: &str,
    by: Uuid,
    comment: Option<&str>,
    field_comments: &serde_json::Value,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update support_document_versions
         set state = $4, reviewed_at = now(), reviewed_by = $5, comment = $6, field_comments = $7
         where tenant_id = $1 and document_id = $2 and version = $3 and state = 'submitted'",
    )
    .bind(tenant)
    .bind(document)
    .bind(version)
    .bind(state)
    .bind(by)
    .bind(comment)
    .bind(field_comments)
    .execute(conn)
    .await
    .map(|_| ())
}

/// (address, user id) of the school's directors.
pub async fn directors(
    conn: &mut PgConnection,
    tenant: Uuid,
    school: Uuid,
) -> Result<Vec<(String, Uuid)>, sqlx::Error> {
    sqlx::query_as(
        "select u.email, u.id from memberships m
         join users u on u.id = m.user_id
         join role_grants g on g.tenant_id = m.tenant_id and g.user_id = m.user_id and g.role = 'director'
         where m.tenant_id = $1 and m.school_id = $2 and m.school_status = 'confirmed' and m.active and u.active
         order by u.email",
    )
    .bind(tenant)
    .bind(school)
    .fetch_all(conn)
    .await
}

/// The address of an active person of the region.
pub async fn address(
    conn: &mut PgConnection,
    tenant: Uuid,
    user: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "select u.email from users u join memberships m on m.user_id = u.id
         where m.tenant_id = $1 and u.id = $2 and m.active and u.active",
    )
    .bind(tenant)
    .bind(user)
    .fetch_optional(conn)
    .await
}

/// The e-mail kinds the person turned off.
pub async fn mail_off(conn: &mut PgConnection, tenant: Uuid, user: Uuid) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("select kind from support_mail_off where tenant_id = $1 and user_id = $2")
        .bind(tenant)
        .bind(user)
        .fetch_all(conn)
        .await
}

pub async fn set_mail_off(
    conn: &mut PgConnection,
    tenant: Uuid,
    user: Uuid,
    off: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query("delete from support_mail_off where tenant_id = $1 and user_id = $2")
        .bind(tenant)
        .bind(user)
        .execute(&mut *conn)
        .await?;
    sqlx::query("insert into support_mail_off (tenant_id, user_id, kind) select $1, $2, unnest($3::text[])")
        .bind(tenant)
        .bind(user)
        .bind(off)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Whether the person gets e-mails of this kind.
pub async fn mail_on(
    conn: &mut PgConnection,
    tenant: Uuid,
    user: Uuid,
    kind: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "select not exists (select 1 from support_mail_off where tenant_id = $1 and user_id = $2 and kind = $3)",
    )
    .bind(tenant)
    .bind(user)
    .bind(kind)
    .fetch_one(conn)
    .await
}
