//! The SQL of the diagnostics, on a tenant transaction (`&mut *ctx.tx`), with row structs.

mod attempts;
mod operator;
mod retest;

use std::collections::{HashMap, HashSet};

use sqlx::{types::Json, FromRow, PgConnection};
use uuid::Uuid;

use super::model::{Framework, Item};

pub use attempts::*;
pub use operator::*;
pub use retest::*;

/// One version of an item of the bank.
#[derive(Clone, Debug, FromRow)]
pub struct BankItem {
    pub id: Uuid,
    pub version: i32,
    #[sqlx(json)]
    pub item: Item,
}

/// The current version of every item of a framework that is not retired.
pub async fn current_items(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    framework_id: Uuid,
) -> Result<Vec<BankItem>, sqlx::Error> {
    sqlx::query_as(
        "select id, version, body as item from (
             select distinct on (id) id, version, body, retired from items
             where tenant_id = $1 and framework_id = $2 order by id, version desc) latest
         where not retired order by body->>'code'",
    )
    .bind(tenant_id)
    .bind(framework_id)
    .fetch_all(conn)
    .await
}

/// The bodies of the given item versions: the versions an attempt drew, or every version that
/// finished attempts used.
pub async fn item_versions(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    versions: impl Iterator<Item = (Uuid, i32)>,
) -> Result<HashMap<(Uuid, i32), Item>, sqlx::Error> {
    let (ids, versions): (Vec<Uuid>, Vec<i32>) = versions.unzip();
    let rows: Vec<BankItem> = sqlx::query_as(
        "select i.id, i.version, i.body as item from items i
         join unnest($2::uuid[], $3::int[]) as d(id, version) on d.id = i.id and d.version = i.version
         where i.tenant_id = $1",
    )
    .bind(tenant_id)
    .bind(&ids)
    .bind(&versions)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ((row.id, row.version), row.item))
        .collect())
}

/// A region's framework with its id.
#[derive(Debug, FromRow)]
pub struct FrameworkRow {
    pub id: Uuid,
    #[sqlx(json)]
    pub body: Framework,
}

/// The region's framework (one per region), if it has one.
pub async fn framework_of(
    conn: &mut PgConnection,
    tenant_id: Uuid,
) -> Result<Option<FrameworkRow>, sqlx::Error> {
    sqlx::query_as("select id, body from frameworks where tenant_id = $1 order by updated_at limit 1")
        .bind(tenant_id)
        .fetch_optional(conn)
        .await
}

/// The framework an instrument scores against.
pub async fn framework_body(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<Framework, sqlx::Error> {
    let Json(framework): Json<Framework> =
        sqlx::query_scalar("select body from frameworks where tenant_id = $1 and id = $2")
            .bind(tenant_id)
            .bind(id)
            .fetch_one(conn)
            .await?;
    Ok(framework)
}

/// A new framework; its id.
pub async fn insert_framework(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    framework: &Framework,
    user: Option<Uuid>,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "insert into frameworks (tenant_id, body, updated_by) values ($1, $2, $3) returning id",
    )
    .bind(tenant_id)
    .bind(Json(framework))
    .bind(user)
    .fetch_one(conn)
    .await
}

pub async fn update_framework(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    id: Uuid,
    framework: &Framework,
    user: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update frameworks set body = $3, updated_by = $4, updated_at = now() where tenant_id = $1 and id = $2",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(Json(framework))
    .bind(user)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Where a new item version goes and who wrote it.
pub struct NewItem<'a> {
    pub framework_id: Uuid,
    pub id: Uuid,
    pub version: i32,
    pub item: &'a Item,
    pub user: Option<Uuid>,
}

pub async fn insert_item(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    new: NewItem<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into items (tenant_id, id, version, framework_id, code, body, created_by)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant_id)
    .bind(new.id)
    .bind(new.version)
    .bind(new.framework_id)
    .bind(&new.item.code)
    .bind(Json(new.item))
    .bind(new.user)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Changes an item version in place (no finished attempt used it).
pub async fn update_item(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    id: Uuid,
    version: i32,
    item: &Item,
) -> Result<(), sqlx::Error> {
    sqlx::query("update items set body = $4, code = $5 where tenant_id = $1 and id = $2 and version = $3")
        .bind(tenant_id)
        .bind(id)
        .bind(version)
        .bind(Json(item))
        .bind(&item.code)
        .execute(conn)
        .await
        .map(|_| ())
}

#[derive(FromRow)]
struct VersionRow {
    id: Uuid,
    version: i32,
}

/// The item versions that finished attempts used (of one item, or of all): they are frozen.
pub async fn frozen_versions(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    only: Option<Uuid>,
) -> Result<HashSet<(Uuid, i32)>, sqlx::Error> {
    let rows: Vec<VersionRow> = sqlx::query_as(
        "select distinct d.id, d.version
         from attempts a, jsonb_to_recordset(a.items) as d(id uuid, version int)
         where a.tenant_id = $1 and a.finished_at is not null
           and ($2::uuid is null or ($2 = any(a.item_ids) and d.id = $2))",
    )
    .bind(tenant_id)
    .bind(only)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|row| (row.id, row.version)).collect())
}
