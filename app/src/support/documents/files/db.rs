//! SQL of the support documents' files. The document and its version are found, locked and
//! checked first (`target.rs`); the trigger of migration `20261213000001` refuses any change to
//! a version that was submitted.

use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use super::super::body::Body;
use crate::files::store::{FileRow, Stored};

#[derive(FromRow)]
pub struct FileRecord {
    pub id: Uuid,
    pub stage: String,
    pub activity: String,
    pub file_name: String,
    pub size_bytes: i64,
}

pub async fn of_version(
    conn: &mut PgConnection,
    tenant: Uuid,
    document: Uuid,
    version: i32,
) -> Result<Vec<FileRecord>, sqlx::Error> {
    sqlx::query_as(
        "select id, stage, activity, file_name, size_bytes from support_files
         where tenant_id = $1 and document_id = $2 and added_in <= $3 and coalesce(removed_in > $3, true)
         order by uploaded_at, file_name",
    )
    .bind(tenant)
    .bind(document)
    .bind(version)
    .fetch_all(conn)
    .await
}

/// The hashes of the files still attached at this place.
pub async fn hashes_at(
    conn: &mut PgConnection,
    tenant: Uuid,
    document: Uuid,
    (stage, activity): (&str, &str),
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "select sha256 from support_files
         where tenant_id = $1 and document_id = $2 and stage = $3 and activity = $4 and removed_in is null",
    )
    .bind(tenant)
    .bind(document)
    .bind(stage)
    .bind(activity)
    .fetch_all(conn)
    .await
}

#[allow(clippy::too_many_arguments)]
pub async fn insert(
    conn: &mut PgConnection,
    tenant: Uuid,
    document: Uuid,
    (stage, activity): (&str, &str),
    version: i32,
    file: &Stored,
    by: Uuid,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "insert into support_files
             (tenant_id, document_id, stage, activity, file_name, content_type, size_bytes, sha256, added_in, uploaded_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id",
    )
    .bind(tenant)
    .bind(document)
    .bind(stage)
    .bind(activity)
    .bind(&file.name)
    .bind(file.kind.content_type())
    .bind(file.size)
    .bind(&file.sha256)
    .bind(version)
    .bind(by)
    .fetch_one(conn)
    .await
}

/// A file still attached to a document of the case, with where it is.
#[derive(FromRow)]
pub struct Attached {
    pub kind: String,
    pub factor: String,
    pub stage: String,
    pub activity: String,
    pub file_name: String,
    pub added_in: i32,
}

pub async fn attached(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
    id: Uuid,
) -> Result<Option<Attached>, sqlx::Error> {
    sqlx::query_as(
        "select d.kind, d.factor, f.stage, f.activity, f.file_name, f.added_in
         from support_files f
         join support_documents d on d.tenant_id = f.tenant_id and d.id = f.document_id
         where f.tenant_id = $1 and d.case_id = $2 and f.id = $3 and f.removed_in is null",
    )
    .bind(tenant)
    .bind(case)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Takes the file out of `version` on: a file added in this very draft is forgotten, an older
/// one stays in the versions it was part of.
pub async fn remove(
    conn: &mut PgConnection,
    tenant: Uuid,
    id: Uuid,
    version: i32,
) -> Result<(), sqlx::Error> {
    sqlx::query("delete from support_files where tenant_id = $1 and id = $2 and added_in = $3")
        .bind(tenant)
        .bind(id)
        .bind(version)
        .execute(&mut *conn)
        .await?;
    sqlx::query("update support_files set removed_in = $3 where tenant_id = $1 and id = $2 and added_in < $3")
        .bind(tenant)
        .bind(id)
        .bind(version)
        .execute(conn)
        .await
        .map(|_| ())
}

/// The evidence files of activities that `body` (the draft `version`) no longer has leave that
/// version with them.
pub async fn leave_with_activities(
    conn: &mut PgConnection,
    tenant: Uuid,
    document: Uuid,
    version: i32,
    body: &Body,
) -> Result<(), sqlx::Error> {
    let kept: Vec<String> = body
        .activities()
        .map(|a| super::place(a.stage, a.key()))
        .collect();
    let gone: Vec<Uuid> = sqlx::query_scalar(
        "select id from support_files
         where tenant_id = $1 and document_id = $2 and activity <> '' and removed_in is null
           and not (stage || ':' || activity = any($3))",
    )
    .bind(tenant)
    .bind(document)
    .bind(&kept)
    .fetch_all(&mut *conn)
    .await?;
    for id in gone {
        remove(conn, tenant, id, version).await?;
    }
    Ok(())
}

/// A file of the case, for its download.
pub async fn download(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
    id: Uuid,
) -> Result<Option<FileRow>, sqlx::Error> {
    sqlx::query_as(
        "select f.file_name, f.content_type, f.size_bytes, f.sha256
         from support_files f
         join support_documents d on d.tenant_id = f.tenant_id and d.id = f.document_id
         where f.tenant_id = $1 and d.case_id = $2 and f.id = $3",
    )
    .bind(tenant)
    .bind(case)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Every hash the region's rows refer to, whichever version they belong to, for the sweep.
pub async fn hashes_in_use(conn: &mut PgConnection, tenant: Uuid) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("select distinct sha256 from support_files where tenant_id = $1")
        .bind(tenant)
        .fetch_all(conn)
        .await
}
