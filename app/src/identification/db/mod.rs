//! The identification tables: registry, indicator years, uploads, configuration versions, runs
//! and overrides. Every query runs in the gate's tenant transaction.

use std::collections::{HashMap, HashSet};

use sqlx::types::Json;
use uuid::Uuid;

use super::config::Config;
use super::{OverrideView, RegistryRow, UploadKind};
use crate::access::Ctx;
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::LOCAL_TIME;

/// A school as the registry knows it.
#[derive(Clone, Debug, Default)]
pub(super) struct Known {
    pub name: String,
    pub municipality: String,
    pub group: String,
    pub cluster: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SchoolRow {
    code: String,
    name: String,
    municipality: String,
    group: String,
    is_rural: bool,
    address: Option<String>,
    staff_count: Option<i32>,
    cluster: Option<String>,
}

const SCHOOLS: &str =
    "select s.code, s.name, m.name as municipality, s.school_group as \"group\", s.is_rural, s.address,
            s.staff_count, s.cluster
     from schools s join municipalities m on m.tenant_id = s.tenant_id and m.id = s.municipality_id
     where s.tenant_id = $1";

pub(super) async fn schools(ctx: &mut Ctx) -> Result<Vec<RegistryRow>, AppError> {
    let tenant = ctx.tenant_id();
    let rows: Vec<SchoolRow> = sqlx::query_as(&format!("{SCHOOLS} order by m.name, s.name"))
        .bind(tenant)
        .fetch_all(ctx.conn())
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| RegistryRow {
            code: r.code,
            name: r.name,
            municipality: r.municipality,
            group: r.group,
            is_rural: r.is_rural,
            address: r.address,
            staff_count: r.staff_count,
            cluster: r.cluster,
        })
        .collect())
}

/// The registry by school code.
pub(super) async fn registry(ctx: &mut Ctx) -> Result<HashMap<String, Known>, AppError> {
    let tenant = ctx.tenant_id();
    let rows: Vec<SchoolRow> = sqlx::query_as(SCHOOLS).bind(tenant).fetch_all(ctx.conn()).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let known = Known {
                name: r.name,
                municipality: r.municipality,
                group: r.group,
                cluster: r.cluster,
            };
            (r.code, known)
        })
        .collect())
}

pub(super) async fn school_count(ctx: &mut Ctx) -> Result<i64, AppError> {
    let tenant = ctx.tenant_id();
    Ok(
        sqlx::query_scalar("select count(*) from schools where tenant_id = $1")
            .bind(tenant)
            .fetch_one(ctx.conn())
            .await?,
    )
}

pub(super) async fn school_codes(ctx: &mut Ctx) -> Result<HashSet<String>, AppError> {
    let tenant = ctx.tenant_id();
    let codes: Vec<String> = sqlx::query_scalar("select code from schools where tenant_id = $1")
        .bind(tenant)
        .fetch_all(ctx.conn())
        .await?;
    Ok(codes.into_iter().collect())
}

#[derive(sqlx::FromRow)]
struct MunicipalityRow {
    key: String,
    id: Uuid,
}

/// The region's municipalities by lower-case name.
pub(super) async fn municipalities(ctx: &mut Ctx) -> Result<HashMap<String, Uuid>, AppError> {
    let tenant = ctx.tenant_id();
    let rows: Vec<MunicipalityRow> =
        sqlx::query_as("select lower(name) as key, id from municipalities where tenant_id = $1")
            .bind(tenant)
            .fetch_all(ctx.conn())
            .await?;
    Ok(rows.into_iter().map(|r| (r.key, r.id)).collect())
}

pub(super) async fn insert_municipality(ctx: &mut Ctx, name: &str) -> Result<Uuid, AppError> {
    let tenant = ctx.tenant_id();
    Ok(sqlx::query_scalar(
        "insert into municipalities (tenant_id, code, name, kind)
         values ($1, 'm-' || substr(md5($2), 1, 10), $2, $3) returning id",
    )
    .bind(tenant)
    .bind(name)
    .bind(ru::MUNICIPALITY_KIND_UNKNOWN)
    .fetch_one(ctx.conn())
    .await?)
}

pub(super) async fn upsert_school(
    ctx: &mut Ctx,
    row: &RegistryRow,
    municipality: Uuid,
) -> Result<(), AppError> {
    let tenant = ctx.tenant_id();
    sqlx::query(
        "insert into schools (tenant_id, code, name, municipality_id, school_group, is_rural, address, staff_count,
                              cluster)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (tenant_id, code) do update set name = excluded.name,
             municipality_id = excluded.municipality_id, school_group = excluded.school_group,
             is_rural = excluded.is_rural, address = excluded.address,
             staff_count = coalesce(excluded.staff_count, schools.staff_count),
             cluster = coalesce(excluded.cluster, schools.cluster)",
    )
    .bind(tenant)
    .bind(&row.code)
    .bind(&row.name)
    .bind(municipality)
    .bind(&row.group)
    .bind(row.is_rural)
    .bind(&row.address)
    .bind(row.staff_count)
    .bind(&row.cluster)
    .execute(ctx.conn())
    .await?;
    Ok(())
}

/// An upload waiting for the operator.
pub(super) struct Upload {
    pub kind: UploadKind,
    pub file_name: String,
    pub target: Option<Uuid>,
    pub content: Option<String>,
    pub error: Option<String>,
}

#[derive(sqlx::FromRow)]
struct UploadRow {
    kind: String,
    file_name: String,
    target: Option<Uuid>,
    content: Option<String>,
    error: Option<String>,
}

pub(super) async fn load_upload(ctx: &mut Ctx, id: Uuid) -> Result<Upload, AppError> {
    let tenant = ctx.tenant_id();
    let row: UploadRow = sqlx::query_as(
        "select kind, file_name, target, content, error from identification_uploads
         where tenant_id = $1 and id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(ctx.conn())
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Upload {
        kind: UploadKind::from_code(&row.kind).ok_or_else(|| AppError::internal("unknown upload kind"))?,
        file_name: row.file_name,
        target: row.target,
        content: row.content,
        error: row.error,
    })
}

pub(super) async fn delete_upload(ctx: &mut Ctx, id: Uuid) -> Result<(), AppError> {
    let tenant = ctx.tenant_id();
    sqlx::query("delete from identification_uploads where tenant_id = $1 and id = $2")
        .bind(tenant)
        .bind(id)
        .execute(ctx.conn())
        .await?;
    Ok(())
}

/// A received file kept, valid or not, as an upload to preview.
pub(super) struct NewUpload {
    pub kind: UploadKind,
    pub file_name: String,
    pub target: Option<Uuid>,
    pub content: Option<String>,
    pub error: Option<String>,
}

pub(super) async fn insert_upload(ctx: &mut Ctx, upload: NewUpload, user: Uuid) -> Result<Uuid, AppError> {
    let tenant = ctx.tenant_id();
    // Previews nobody confirmed or cancelled are not kept for long.
    sqlx::query(
        "delete from identification_uploads where tenant_id = $1 and created_at < now() - interval '1 day'",
    )
    .bind(tenant)
    .execute(ctx.conn())
    .await?;
    Ok(sqlx::query_scalar(
        "insert into identification_uploads (tenant_id, kind, file_name, target, content, error, created_by)
         values ($1, $2, $3, $4, $5, $6, $7) returning id",
    )
    .bind(tenant)
    .bind(upload.kind.code())
    .bind(&upload.file_name)
    .bind(upload.target)
    .bind(upload.content)
    .bind(upload.error)
    .bind(user)
    .fetch_one(ctx.conn())
    .await?)
}

/// A configuration version as stored.
pub(super) struct StoredConfig {
    pub config_id: Uuid,
    pub version: i32,
    pub body: Config,
    pub external: Option<String>,
    pub published_at: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ConfigRow {
    config_id: Uuid,
    version: i32,
    body: Json<Config>,
    external: Option<String>,
    published_at: Option<String>,
}

pub(super) async fn load_config(ctx: &mut Ctx, id: Uuid) -> Result<StoredConfig, AppError> {
    let (tenant, zone) = (ctx.tenant_id(), ctx.tenant.time_zone.clone());
    let row: ConfigRow = sqlx::query_as(&format!(
        "select config_id, version, body, external,
                to_char(published_at at time zone $3, {LOCAL_TIME}) as published_at
         from identification_configs where tenant_id = $1 and id = $2"
    ))
    .bind(tenant)
    .bind(id)
    .bind(zone)
    .fetch_optional(ctx.conn())
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(StoredConfig {
        config_id: row.config_id,
        version: row.version,
        body: row.body.0,
        external: row.external,
        published_at: row.published_at,
    })
}

/// The body of a configuration version, if the region has it.
pub(super) async fn config_body(ctx: &mut Ctx, id: Uuid) -> Result<Option<Config>, AppError> {
    let tenant = ctx.tenant_id();
    let body: Option<Json<Config>> =
        sqlx::query_scalar("select body from identification_configs where tenant_id = $1 and id = $2")
            .bind(tenant)
            .bind(id)
            .fetch_optional(ctx.conn())
            .await?;
    Ok(body.map(|b| b.0))
}

#[derive(sqlx::FromRow)]
pub(super) struct VersionRow {
    pub id: Uuid,
    pub config_id: Uuid,
    pub version: i32,
    pub body: Json<Config>,
    pub published_at: Option<String>,
}

/// The versions of one configuration, or of all, newest first.
pub(super) async fn versions(ctx: &mut Ctx, config_id: Option<Uuid>) -> Result<Vec<VersionRow>, AppError> {
    let (tenant, zone) = (ctx.tenant_id(), ctx.tenant.time_zone.clone());
    Ok(sqlx::query_as(&format!(
        "select id, config_id, version, body, to_char(published_at at time zone $2, {LOCAL_TIME}) as published_at
         from identification_configs
         where tenant_id = $1 and ($3::uuid is null or config_id = $3)
         order by created_at desc, version desc"
    ))
    .bind(tenant)
    .bind(zone)
    .bind(config_id)
    .fetch_all(ctx.conn())
    .await?)
}

pub(super) async fn insert_config(ctx: &mut Ctx, config: &Config, user: Uuid) -> Result<Uuid, AppError> {
    let tenant = ctx.tenant_id();
    Ok(sqlx::query_scalar(
        "insert into identification_configs (tenant_id, config_id, version, body, created_by)
         values ($1, gen_random_uuid(), 1, $2, $3) returning id",
    )
    .bind(tenant)
    .bind(Json(config))
    .bind(user)
    .fetch_one(ctx.conn())
    .await?)
}

/// Copies a published version into a new draft (version + 1) and returns the draft's id.
pub(super) async fn next_version(ctx: &mut Ctx, id: Uuid, user: Uuid) -> Result<Uuid, AppError> {
    let tenant = ctx.tenant_id();
    Ok(sqlx::query_scalar(
        "insert into identification_configs (tenant_id, config_id, version, body, external, created_by)
         select tenant_id, config_id,
                (select max(version) + 1 from identification_configs v
                 where v.tenant_id = c.tenant_id and v.config_id = c.config_id),
                body, external, $3
         from identification_configs c where tenant_id = $1 and id = $2
         returning id",
    )
    .bind(tenant)
    .bind(id)
    .bind(user)
    .fetch_one(ctx.conn())
    .await?)
}

pub(super) async fn set_body(ctx: &mut Ctx, id: Uuid, config: &Config) -> Result<(), AppError> {
    let tenant = ctx.tenant_id();
    sqlx::query("update identification_configs set body = $3 where tenant_id = $1 and id = $2")
        .bind(tenant)
        .bind(id)
        .bind(Json(config))
        .execute(ctx.conn())
        .await?;
    Ok(())
}

pub(super) async fn is_published(ctx: &mut Ctx, id: Uuid) -> Result<bool, AppError> {
    let tenant = ctx.tenant_id();
    sqlx::query_scalar(
        "select published_at is not null from identification_configs where tenant_id = $1 and id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(ctx.conn())
    .await?
    .ok_or(AppError::NotFound)
}

pub(super) async fn set_external(ctx: &mut Ctx, id: Uuid, content: &str) -> Result<(), AppError> {
    let tenant = ctx.tenant_id();
    sqlx::query("update identification_configs set external = $3 where tenant_id = $1 and id = $2")
        .bind(tenant)
        .bind(id)
        .bind(content)
        .execute(ctx.conn())
        .await?;
    Ok(())
}

/// Freezes a version: lists were published from it.
pub(super) async fn freeze_config(ctx: &mut Ctx, id: Uuid) -> Result<(), AppError> {
    let tenant = ctx.tenant_id();
    sqlx::query(
        "update identification_configs set published_at = coalesce(published_at, now())
         where tenant_id = $1 and id = $2",
    )
    .bind(tenant)
    .bind(id)
    .execute(ctx.conn())
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct OverrideRow {
    id: Uuid,
    school_code: String,
    status: String,
    action: String,
    reason: String,
    author: String,
    created_at: String,
}

/// The active overrides of a configuration, oldest first.
pub(super) async fn overrides(ctx: &mut Ctx, config_id: Uuid) -> Result<Vec<OverrideView>, AppError> {
    let (tenant, zone) = (ctx.tenant_id(), ctx.tenant.time_zone.clone());
    let rows: Vec<OverrideRow> = sqlx::query_as(&format!(
        "select o.id, o.school_code, o.status, o.action, o.reason, coalesce(u.full_name, u.email, '') as author,
                to_char(o.created_at at time zone $3, {LOCAL_TIME}) as created_at
         from identification_overrides o left join users u on u.id = o.created_by
         where o.tenant_id = $1 and o.config_id = $2 and o.withdrawn_at is null
         order by o.created_at"
    ))
    .bind(tenant)
    .bind(config_id)
    .bind(zone)
    .fetch_all(ctx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OverrideView {
            id: r.id.to_string(),
            school_id: r.school_code,
            status: r.status,
            add: r.action == "add",
            reason: r.reason,
            author: r.author,
            created_at: r.created_at,
        })
        .collect())
}

/// An override to record: it replaces the active one of the same school and status.
pub(super) struct NewOverride<'a> {
    pub config_id: Uuid,
    pub school: &'a str,
    pub status: &'a str,
    pub action: &'a str,
    pub reason: &'a str,
}

pub(super) async fn insert_override(ctx: &mut Ctx, o: &NewOverride<'_>, user: Uuid) -> Result<(), AppError> {
    let tenant = ctx.tenant_id();
    sqlx::query(
        "update identification_overrides set withdrawn_at = now()
         where tenant_id = $1 and config_id = $2 and school_code = $3 and status = $4 and withdrawn_at is null",
    )
    .bind(tenant)
    .bind(o.config_id)
    .bind(o.school)
    .bind(o.status)
    .execute(ctx.conn())
    .await?;
    sqlx::query(
        "insert into identification_overrides (tenant_id, config_id, school_code, status, action, reason, created_by)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant)
    .bind(o.config_id)
    .bind(o.school)
    .bind(o.status)
    .bind(o.action)
    .bind(o.reason)
    .bind(user)
    .execute(ctx.conn())
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub(super) struct Withdrawn {
    pub school_code: String,
    pub status: String,
}

pub(super) async fn withdraw_override(
    ctx: &mut Ctx,
    config_id: Uuid,
    id: Uuid,
) -> Result<Withdrawn, AppError> {
    let tenant = ctx.tenant_id();
    sqlx::query_as(
        "update identification_overrides set withdrawn_at = now()
         where tenant_id = $1 and config_id = $2 and id = $3 and withdrawn_at is null
         returning school_code, status",
    )
    .bind(tenant)
    .bind(config_id)
    .bind(id)
    .fetch_optional(ctx.conn())
    .await?
    .ok_or(AppError::NotFound)
}

mod runs;
mod uploads;
mod versions;
pub(super) use runs::*;
pub(super) use uploads::*;
pub(super) use versions::*;
