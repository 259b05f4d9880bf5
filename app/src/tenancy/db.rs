//! Queries of the tenancy module.

use std::collections::BTreeMap;

use sqlx::PgPool;
use uuid::Uuid;

use super::{MunicipalitySummary, RegionCard, RegionOverview, SchoolSummary};
use crate::state::begin_tenant;

pub async fn active_regions(db: &PgPool) -> Result<Vec<RegionCard>, sqlx::Error> {
    sqlx::query_as("select slug, name, region_code from tenants where active order by lower(name)")
        .fetch_all(db)
        .await
}

/// A tenant's id and public facts, looked up by the slug in the URL.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TenantRow {
    pub id: Uuid,
    #[sqlx(flatten)]
    pub card: RegionCard,
    pub time_zone: String,
    #[sqlx(json)]
    pub status_labels: BTreeMap<String, String>,
}

/// What [`TenantRow`] reads.
const TENANT: &str = "select id, slug, name, region_code, time_zone, status_labels from tenants";

pub async fn tenant_by_slug(db: &PgPool, slug: &str) -> Result<Option<TenantRow>, sqlx::Error> {
    sqlx::query_as(&format!("{TENANT} where slug = $1 and active"))
        .bind(slug)
        .fetch_optional(db)
        .await
}

/// The active region whose code starts a certificate number (`27` for Хабаровский край).
pub async fn tenant_by_code(db: &PgPool, code: &str) -> Result<Option<TenantRow>, sqlx::Error> {
    sqlx::query_as(&format!("{TENANT} where region_code = $1 and active"))
        .bind(code)
        .fetch_optional(db)
        .await
}

pub async fn region_overview(db: &PgPool, slug: &str) -> Result<Option<RegionOverview>, sqlx::Error> {
    let Some(tenant) = tenant_by_slug(db, slug).await? else {
        return Ok(None);
    };
    let mut tx = begin_tenant(db, tenant.id).await?;
    let municipalities: Vec<MunicipalitySummary> = sqlx::query_as(
        "select m.name, count(s.id) as school_count
         from municipalities m
         left join schools s on s.tenant_id = m.tenant_id and s.municipality_id = m.id
         where m.tenant_id = $1
         group by m.id, m.name
         order by lower(m.name)",
    )
    .bind(tenant.id)
    .fetch_all(&mut *tx)
    .await?;
    let schools: Vec<SchoolSummary> = sqlx::query_as(
        "select s.code, s.name, m.name as municipality, s.school_group, s.is_rural
         from schools s
         join municipalities m on m.tenant_id = s.tenant_id and m.id = s.municipality_id
         where s.tenant_id = $1
         order by lower(m.name), lower(s.name)",
    )
    .bind(tenant.id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(RegionOverview {
        region: tenant.card,
        time_zone: tenant.time_zone,
        status_labels: tenant.status_labels,
        municipalities,
        schools,
    }))
}
/// Slug → tenant id for the hottest paths (autosave), so they skip a query per request.
/// Entries expire quickly, so a deactivated region stops answering within seconds.
#[derive(Default)]
pub struct TenantIds {
    entries: std::sync::RwLock<std::collections::HashMap<String, (Uuid, std::time::Instant)>>,
}

impl TenantIds {
    const TTL: std::time::Duration = std::time::Duration::from_secs(10);

    pub async fn get(&self, db: &PgPool, slug: &str) -> Result<Option<Uuid>, sqlx::Error> {
        let cached = self
            .entries
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(slug)
            .filter(|(_, at)| at.elapsed() < Self::TTL)
            .map(|(id, _)| *id);
        if cached.is_some() {
            return Ok(cached);
        }
        let id: Option<Uuid> = sqlx::query_scalar("select id from tenants where slug = $1 and active")
            .bind(slug)
            .fetch_optional(db)
            .await?;
        if let Some(id) = id {
            self.entries
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(slug.to_string(), (id, std::time::Instant::now()));
        }
        Ok(id)
    }
}
