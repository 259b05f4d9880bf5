//! Runs: the stored result of the engine, its analysis and the lists published from it.

use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::postgres::{PgTypeInfo, PgValueRef, Postgres};
use sqlx::types::Json;
use uuid::Uuid;

use crate::access::Ctx;
use crate::error::AppError;
use crate::identification::analysis::{Analysis, RunInputs};
use crate::identification::config::Config;
use crate::identification::engine::{IdentificationResult, ENGINE_VERSION};
use crate::identification::published::Published;
use crate::state::LOCAL_TIME;

/// A run to store.
pub(in crate::identification) struct NewRun {
    pub config_version: Uuid,
    pub config_id: Uuid,
    pub json: RunJson,
    pub summary: serde_json::Value,
}

/// A run's result, analysis and inputs as the JSON bytes stored, written on a blocking thread
/// (20 MB for 45,000 schools). The result is the engine's own bytes, which a reproduction
/// compares, [packed](crate::identification::packed).
pub(in crate::identification) struct RunJson {
    result: Vec<u8>,
    analysis: Vec<u8>,
    inputs: Vec<u8>,
}

impl RunJson {
    pub fn of(
        result: &IdentificationResult,
        analysis: &Analysis,
        inputs: &RunInputs,
    ) -> Result<Self, AppError> {
        let mut bytes = Vec::new();
        result.write_json(&mut bytes).map_err(AppError::internal)?;
        Ok(RunJson {
            result: crate::identification::packed::pack(&bytes),
            analysis: json_bytes(analysis)?,
            inputs: json_bytes(inputs)?,
        })
    }
}

pub(in crate::identification) async fn insert_run(
    ctx: &mut Ctx,
    run: NewRun,
    user: Uuid,
) -> Result<Uuid, AppError> {
    let tenant = ctx.tenant_id();
    Ok(sqlx::query_scalar(
        "insert into identification_runs
             (tenant_id, config_version, config_id, result, analysis, summary, created_by, engine_version, inputs)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id",
    )
    .bind(tenant)
    .bind(run.config_version)
    .bind(run.config_id)
    .bind(run.json.result)
    .bind(run.json.analysis)
    .bind(run.summary)
    .bind(user)
    .bind(ENGINE_VERSION)
    .bind(run.json.inputs)
    .fetch_one(ctx.conn())
    .await?)
}

/// A run's result, analysis and inputs are JSON kept as `bytea`: PostgreSQL neither parses
/// 20 MB of it on every run (as `json` or `jsonb` it did, for a third of the run's time) nor
/// re-spaces it, and a reproduction compares the result's bytes.
fn json_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>, AppError> {
    serde_json::to_vec(value).map_err(AppError::internal)
}

/// A `bytea` column holding JSON, packed or not, read as `T`.
pub(in crate::identification) struct JsonBytes<T>(pub T);

impl<T> sqlx::Type<Postgres> for JsonBytes<T> {
    fn type_info() -> PgTypeInfo {
        <Vec<u8> as sqlx::Type<Postgres>>::type_info()
    }
}

impl<'r, T: DeserializeOwned> sqlx::Decode<'r, Postgres> for JsonBytes<T> {
    fn decode(value: PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let bytes = <&[u8] as sqlx::Decode<Postgres>>::decode(value)?;
        let json = crate::identification::packed::unpack(bytes)?;
        Ok(JsonBytes(serde_json::from_slice(&json)?))
    }
}

/// A `bytea` column's bytes, unpacked if they were packed.
#[derive(Clone)]
pub(in crate::identification) struct Unpacked(pub Vec<u8>);

impl sqlx::Type<Postgres> for Unpacked {
    fn type_info() -> PgTypeInfo {
        <Vec<u8> as sqlx::Type<Postgres>>::type_info()
    }
}

impl<'r> sqlx::Decode<'r, Postgres> for Unpacked {
    fn decode(value: PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let bytes = <&[u8] as sqlx::Decode<Postgres>>::decode(value)?;
        Ok(Unpacked(
            crate::identification::packed::unpack(bytes)?.into_owned(),
        ))
    }
}

#[derive(sqlx::FromRow)]
pub(in crate::identification) struct RunRow {
    pub config_id: Uuid,
    pub config_version: Uuid,
    pub result: JsonBytes<IdentificationResult>,
    pub analysis: JsonBytes<Analysis>,
    pub created_at: String,
    pub created_by: String,
    pub published_at: Option<String>,
    pub engine_version: Option<i32>,
    pub recorded: bool,
}

pub(in crate::identification) async fn run(ctx: &mut Ctx, id: Uuid) -> Result<RunRow, AppError> {
    let (tenant, zone) = (ctx.tenant_id(), ctx.tenant.time_zone.clone());
    sqlx::query_as(&format!(
        "select r.config_id, r.config_version, r.result, r.analysis,
                to_char(r.created_at at time zone $3, {LOCAL_TIME}) as created_at,
                coalesce(u.full_name, u.email, '') as created_by,
                to_char(r.published_at at time zone $3, {LOCAL_TIME}) as published_at, r.engine_version,
                r.inputs is not null as recorded
         from identification_runs r left join users u on u.id = r.created_by
         where r.tenant_id = $1 and r.id = $2"
    ))
    .bind(tenant)
    .bind(id)
    .bind(zone)
    .fetch_optional(ctx.conn())
    .await?
    .ok_or(AppError::NotFound)
}

/// The counts a run keeps beside its result, so lists of runs need not read results.
#[derive(serde::Deserialize)]
pub(in crate::identification) struct RunCounts {
    pub schools: usize,
    pub counts: std::collections::BTreeMap<String, usize>,
}

#[derive(sqlx::FromRow)]
pub(in crate::identification) struct RecentRun {
    pub id: Uuid,
    pub body: Json<Config>,
    pub version: i32,
    pub created_at: String,
    pub created_by: String,
    pub published_at: Option<String>,
    pub summary: Json<RunCounts>,
}

/// The region's latest twenty runs.
pub(in crate::identification) async fn recent_runs(ctx: &mut Ctx) -> Result<Vec<RecentRun>, AppError> {
    let (tenant, zone) = (ctx.tenant_id(), ctx.tenant.time_zone.clone());
    Ok(sqlx::query_as(&format!(
        "select r.id, c.body, c.version, to_char(r.created_at at time zone $2, {LOCAL_TIME}) as created_at,
                coalesce(u.full_name, u.email, '') as created_by,
                to_char(r.published_at at time zone $2, {LOCAL_TIME}) as published_at, r.summary
         from identification_runs r
         join identification_configs c on c.tenant_id = r.tenant_id and c.id = r.config_version
         left join users u on u.id = r.created_by
         where r.tenant_id = $1 order by r.created_at desc limit 20"
    ))
    .bind(tenant)
    .bind(zone)
    .fetch_all(ctx.conn())
    .await?)
}

#[derive(sqlx::FromRow)]
pub(in crate::identification) struct PublishedRun {
    pub published: Json<Published>,
    pub published_at: String,
}

/// The latest published run of the configuration other than `except`.
pub(in crate::identification) async fn previous_published(
    ctx: &mut Ctx,
    config_id: Uuid,
    except: Uuid,
) -> Result<Option<PublishedRun>, AppError> {
    let (tenant, zone) = (ctx.tenant_id(), ctx.tenant.time_zone.clone());
    Ok(sqlx::query_as(&format!(
        "select published, to_char(published_at at time zone $4, {LOCAL_TIME}) as published_at
         from identification_runs
         where tenant_id = $1 and config_id = $2 and id <> $3 and published_at is not null
         order by published_at desc limit 1"
    ))
    .bind(tenant)
    .bind(config_id)
    .bind(except)
    .bind(zone)
    .fetch_optional(ctx.conn())
    .await?)
}

/// The latest published run of each configuration.
pub(in crate::identification) async fn published_runs(ctx: &mut Ctx) -> Result<Vec<PublishedRun>, AppError> {
    let (tenant, zone) = (ctx.tenant_id(), ctx.tenant.time_zone.clone());
    Ok(sqlx::query_as(&format!(
        "select distinct on (config_id) published,
                to_char(published_at at time zone $2, {LOCAL_TIME}) as published_at
         from identification_runs where tenant_id = $1 and published_at is not null
         order by config_id, published_at desc"
    ))
    .bind(tenant)
    .bind(zone)
    .fetch_all(ctx.conn())
    .await?)
}

pub(in crate::identification) async fn publish(
    ctx: &mut Ctx,
    id: Uuid,
    published: &Published,
    user: Uuid,
) -> Result<(), AppError> {
    let tenant = ctx.tenant_id();
    sqlx::query(
        "update identification_runs set published = $3, published_at = now(), published_by = $4
         where tenant_id = $1 and id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(Json(published))
    .bind(user)
    .execute(ctx.conn())
    .await?;
    Ok(())
}

/// The name of the municipality of a person's membership.
pub(in crate::identification) async fn own_municipality(
    ctx: &mut Ctx,
    user: Uuid,
) -> Result<Option<String>, AppError> {
    let tenant = ctx.tenant_id();
    Ok(sqlx::query_scalar(
        "select m.name from memberships ms
         join municipalities m on m.tenant_id = ms.tenant_id and m.id = ms.municipality_id
         where ms.tenant_id = $1 and ms.user_id = $2",
    )
    .bind(tenant)
    .bind(user)
    .fetch_optional(ctx.conn())
    .await?)
}

/// What a run recorded for reproducing it: its result exactly as stored (packed or not), and
/// its inputs.
#[derive(sqlx::FromRow)]
pub(in crate::identification) struct RecordedRun {
    pub config_version: Uuid,
    pub engine_version: Option<i32>,
    pub result: Unpacked,
    pub inputs: Option<JsonBytes<RunInputs>>,
}

pub(in crate::identification) async fn recorded_run(
    ctx: &mut Ctx,
    id: Uuid,
) -> Result<RecordedRun, AppError> {
    let tenant = ctx.tenant_id();
    sqlx::query_as(
        "select config_version, engine_version, result, inputs
         from identification_runs where tenant_id = $1 and id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(ctx.conn())
    .await?
    .ok_or(AppError::NotFound)
}
