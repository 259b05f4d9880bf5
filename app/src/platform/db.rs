//! SQL of the platform: global tables and the security-definer functions only.

use std::collections::BTreeMap;

use sqlx::PgConnection;
use uuid::Uuid;

use super::{ClubSummary, RegionUsage};

/// A region as the platform looks it up by slug, active or not.
#[derive(sqlx::FromRow)]
pub struct Region {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub region_code: String,
    pub time_zone: String,
    #[sqlx(json)]
    pub status_labels: BTreeMap<String, String>,
    pub active: bool,
}

pub async fn region_by_slug(conn: &mut PgConnection, slug: &str) -> Result<Option<Region>, sqlx::Error> {
    sqlx::query_as(
        "select id, slug, name, region_code, time_zone, status_labels, active from tenants where slug = $1",
    )
    .bind(slug)
    .fetch_optional(conn)
    .await
}

/// Every region with its counts, from `rost_platform_usage` (which checks `actor` again).
pub async fn regions_with_usage(
    conn: &mut PgConnection,
    actor: Uuid,
) -> Result<Vec<RegionUsage>, sqlx::Error> {
    sqlx::query_as(
        "select t.slug, t.name, t.region_code, t.active, u.people, u.attempts, u.storage_bytes, u.mail_failures
         from tenants t join rost_platform_usage($1) u on u.region_id = t.id
         order by lower(t.name)",
    )
    .bind(actor)
    .fetch_all(conn)
    .await
}

/// The fields `rost_platform_create_region` and `rost_platform_update_region` take.
pub struct RegionFields<'a> {
    pub name: &'a str,
    pub region_code: &'a str,
    pub time_zone: &'a str,
    pub status_labels: &'a BTreeMap<String, String>,
}

pub async fn create_region(
    conn: &mut PgConnection,
    actor: Uuid,
    slug: &str,
    fields: &RegionFields<'_>,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar("select rost_platform_create_region($1, $2, $3, $4, $5, $6)")
        .bind(actor)
        .bind(slug)
        .bind(fields.name)
        .bind(fields.region_code)
        .bind(fields.time_zone)
        .bind(sqlx::types::Json(fields.status_labels))
        .fetch_one(conn)
        .await
}

pub async fn update_region(
    conn: &mut PgConnection,
    actor: Uuid,
    id: Uuid,
    fields: &RegionFields<'_>,
    active: bool,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("select rost_platform_update_region($1, $2, $3, $4, $5, $6, $7)")
        .bind(actor)
        .bind(id)
        .bind(fields.name)
        .bind(fields.region_code)
        .bind(fields.time_zone)
        .bind(sqlx::types::Json(fields.status_labels))
        .bind(active)
        .fetch_one(conn)
        .await
}

/// What a new region starts with, written under that region's tenant setting inside the
/// creating transaction (the same content `server::seed` gives the demo regions): the chosen
/// template configuration, the competency framework with its demo instruments, and the course
/// catalogue. The setting is cleared afterwards, so the rest of the transaction sees no region.
pub async fn seed_new_region(
    conn: &mut PgConnection,
    id: Uuid,
    template: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("select set_config('rost.tenant_id', $1, true)")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    if let Some(template) = template {
        let body: serde_json::Value =
            serde_json::from_str(template).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        sqlx::query(
            "insert into identification_configs (tenant_id, config_id, version, body)
             values ($1, gen_random_uuid(), 1, $2)",
        )
        .bind(id)
        .bind(&body)
        .execute(&mut *conn)
        .await?;
    }
    crate::diagnostics::seed_region(conn, id).await?;
    crate::courses::seed_region(conn, id).await?;
    sqlx::query("select set_config('rost.tenant_id', '', true)")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn invite_operator(
    conn: &mut PgConnection,
    actor: Uuid,
    region: Uuid,
    email: &str,
    full_name: &str,
    token_hash: Vec<u8>,
    hours: i32,
) -> Result<(), sqlx::Error> {
    sqlx::query("select rost_platform_invite_operator($1, $2, $3, $4, $5, $6)")
        .bind(actor)
        .bind(region)
        .bind(email)
        .bind(full_name)
        .bind(token_hash)
        .bind(hours)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn grant_self(
    conn: &mut PgConnection,
    actor: Uuid,
    region: Uuid,
    role: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("select rost_platform_grant_self($1, $2, $3)")
        .bind(actor)
        .bind(region)
        .bind(role)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Every club with its counts, from `rost_platform_clubs` (which checks `actor` again).
pub async fn clubs(conn: &mut PgConnection, actor: Uuid) -> Result<Vec<ClubSummary>, sqlx::Error> {
    sqlx::query_as("select slug, name, regions, moderators, threads from rost_platform_clubs($1)")
        .bind(actor)
        .fetch_all(conn)
        .await
}

/// The active regions as (slug, name), by name.
pub async fn active_regions(conn: &mut PgConnection) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("select slug, name from tenants where active order by lower(name)")
        .fetch_all(conn)
        .await
}

/// An active account with a confirmed address, by its (lower-case) e-mail.
pub async fn confirmed_user(conn: &mut PgConnection, email: &str) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("select id from users where email = $1 and active and email_confirmed_at is not null")
        .bind(email)
        .fetch_optional(conn)
        .await
}

/// What `rost_platform_create_club` takes.
pub struct NewClubRow<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub regions: Vec<Uuid>,
    pub moderators: Vec<Uuid>,
    /// `[{slug, title, description}]`, in order.
    pub sections: serde_json::Value,
}

pub async fn create_club(
    conn: &mut PgConnection,
    actor: Uuid,
    club: &NewClubRow<'_>,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar("select rost_platform_create_club($1, $2, $3, $4, $5, $6, $7)")
        .bind(actor)
        .bind(club.slug)
        .bind(club.name)
        .bind(club.description)
        .bind(&club.regions)
        .bind(&club.moderators)
        .bind(&club.sections)
        .fetch_one(conn)
        .await
}
