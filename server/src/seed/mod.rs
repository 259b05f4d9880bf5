//! Demo regions, municipalities and schools, created on first start. Every insert is keyed by
//! a natural key and skipped when present, so running it again changes nothing.
//!
//! The full demo ([`seed_demo_data`], `ROST_DEMO_PEOPLE`) adds Khabarovsk's three years of
//! indicator data, Orenburg's «500+» list, people with their diagnostics, routes, re-tests and
//! certificates, the demo sign-ins, and Khabarovsk's and Kuzbass's school support cases.

mod accounts;
mod attempts;
mod people;
mod routes;
mod support;
mod support_documents;
mod support_monitoring;

pub use accounts::ACCOUNTS_FILE;
pub use people::{DEMO_DOMAIN, NO_PASSWORD};

use serde::Deserialize;
use sqlx::PgPool;
use std::collections::BTreeMap;
use uuid::Uuid;

const DEMO_REGIONS: &str = include_str!("../../seed/demo_regions.json");

#[derive(Deserialize)]
struct DemoData {
    regions: Vec<DemoRegion>,
}

#[derive(Deserialize)]
struct DemoRegion {
    slug: String,
    name: String,
    region_code: String,
    time_zone: String,
    status_labels: BTreeMap<String, String>,
    /// The ready configuration that fits the region.
    identification_template: String,
    /// Indicator data from the region's own documents, in `server/seed/`.
    indicator_data: Option<String>,
    /// Generated indicator data, loaded only in the full demo (`scripts/gen-khabarovsk-demo.py`).
    #[serde(default)]
    demo_indicator_data: Option<String>,
    /// An external school list of the region's configuration, loaded only in the full demo.
    #[serde(default)]
    demo_external_list: Option<String>,
    /// Demo people per school in the full demo: a director and teachers.
    #[serde(default)]
    demo_people_per_school: usize,
    municipalities: Vec<DemoMunicipality>,
}

#[derive(Deserialize)]
struct DemoMunicipality {
    code: String,
    name: String,
    kind: String,
    schools: Vec<DemoSchool>,
}

#[derive(Deserialize)]
struct DemoSchool {
    code: String,
    name: String,
    group: String,
    rural: bool,
    address: Option<String>,
    /// Ryazan's clusters «город» and «село», which its criteria are specialised by.
    #[serde(default)]
    cluster: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("the embedded demo data is malformed: {0}")]
    Data(#[from] serde_json::Error),
    #[error("seeding failed: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("the demo indicator data is invalid: {0}")]
    Input(#[from] app::identification::engine::InputError),
    #[error("the demo club: {0}")]
    Club(#[from] app::club::seed::ClubSeedError),
    #[error("the demo club's events: {0}")]
    ClubEvents(#[from] app::club::events::seed::EventSeedError),
    #[error("unknown identification template «{0}»")]
    Template(String),
    #[error("hashing a demo password: {0}")]
    Hashing(String),
    #[error("writing the demo sign-ins to {path}: {source}")]
    AccountsFile { path: String, source: std::io::Error },
}

/// Seed 004, Appendix 1: the Ленинск-Кузнецкий schools as indicator data (see
/// docs/identification.md for how its columns were read).
const KUZBASS_APPENDIX_1: &str = include_str!("../../seed/kuzbass_appendix1.csv");
/// Three generated years of the Khabarovsk template's indicators (`scripts/gen-khabarovsk-demo.py`).
const KHABAROVSK_INDICATORS: &str = include_str!("../../seed/khabarovsk_indicators.csv");
/// Orenburg's schools of the federal «500+» project.
const ORENBURG_500: &str = include_str!("../../seed/orenburg_500.csv");

fn seed_file(name: &str) -> Result<&'static str, SeedError> {
    match name {
        "kuzbass_appendix1.csv" => Ok(KUZBASS_APPENDIX_1),
        "khabarovsk_indicators.csv" => Ok(KHABAROVSK_INDICATORS),
        "orenburg_500.csv" => Ok(ORENBURG_500),
        other => Err(SeedError::Template(other.to_string())),
    }
}

/// The region's template configuration and its demo data, each only once.
async fn seed_identification(
    tx: &mut sqlx::PgConnection,
    tenant_id: Uuid,
    region: &DemoRegion,
) -> Result<(), SeedError> {
    use app::identification::templates;
    let template = match region.identification_template.as_str() {
        "khabarovsk" => templates::KHABAROVSK,
        "federal_shnor" => templates::FEDERAL_SHNOR,
        "project_500" => templates::PROJECT_500,
        other => return Err(SeedError::Template(other.to_string())),
    };
    let body: serde_json::Value = serde_json::from_str(template)?;
    sqlx::query(
        "insert into identification_configs (tenant_id, config_id, version, body)
         select $1, gen_random_uuid(), 1, $2
         where not exists (select 1 from identification_configs where tenant_id = $1)",
    )
    .bind(tenant_id)
    .bind(&body)
    .execute(&mut *tx)
    .await?;
    match region.indicator_data.as_deref() {
        Some(name) => load_indicators(tx, tenant_id, name).await,
        None => Ok(()),
    }
}

/// Stores each year of the named seed file the region has not loaded yet.
async fn load_indicators(tx: &mut sqlx::PgConnection, tenant_id: Uuid, name: &str) -> Result<(), SeedError> {
    use app::identification::{engine::RawTable, uploads};
    for year in uploads::parse_indicators(RawTable::from_csv(seed_file(name)?.as_bytes())?)? {
        let loaded: bool = sqlx::query_scalar(
            "select exists (select 1 from indicator_years where tenant_id = $1 and year = $2)",
        )
        .bind(tenant_id)
        .bind(year.year)
        .fetch_one(&mut *tx)
        .await?;
        if !loaded {
            app::identification::versions::store_year(tx, tenant_id, &year, name, None).await?;
        }
    }
    Ok(())
}

/// Puts the named list on the region's first configuration, unless it has one.
async fn load_external_list(
    tx: &mut sqlx::PgConnection,
    tenant_id: Uuid,
    name: &str,
) -> Result<(), SeedError> {
    use app::identification::{engine::RawTable, uploads};
    let statuses = ["project_500".to_string()];
    let content = uploads::parse_external_list(RawTable::from_csv(seed_file(name)?.as_bytes())?, &statuses)?;
    sqlx::query(
        "update identification_configs set external = $2
         where tenant_id = $1 and version = 1 and external is null and created_by is null",
    )
    .bind(tenant_id)
    .bind(content)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The full demo, after [`seed_demo`]: identification data, people and the demo sign-ins, in
/// one transaction, each part skipped when present. The sign-ins' passwords, when created,
/// are logged once and written to `<data_dir>/demo-accounts.txt`.
pub async fn seed_demo_data(owner: &PgPool, data_dir: &std::path::Path) -> Result<(), SeedError> {
    let started = std::time::Instant::now();
    let data: DemoData = serde_json::from_str(DEMO_REGIONS)?;
    let mut tx = owner.begin().await?;
    let mut people = 0;
    for region in &data.regions {
        let tenant_id: Uuid = sqlx::query_scalar("select id from tenants where slug = $1")
            .bind(&region.slug)
            .fetch_one(&mut *tx)
            .await?;
        if let Some(name) = &region.demo_indicator_data {
            load_indicators(&mut tx, tenant_id, name).await?;
        }
        if let Some(name) = &region.demo_external_list {
            load_external_list(&mut tx, tenant_id, name).await?;
        }
        let written =
            people::seed_region_people(&mut tx, tenant_id, &region.slug, region.demo_people_per_school)
                .await?;
        if written.people > 0 {
            tracing::info!(region = %region.slug, ?written, "demo people seeded");
        }
        people += written.people;
    }
    let accounts = accounts::seed_accounts(&mut tx).await?;
    for slug in ["khabarovsk", "kuzbass"] {
        let tenant_id: Uuid = sqlx::query_scalar("select id from tenants where slug = $1")
            .bind(slug)
            .fetch_one(&mut *tx)
            .await?;
        support::seed_support(&mut tx, tenant_id, slug).await?;
        support_documents::seed_documents(&mut tx, tenant_id).await?;
        support_monitoring::seed_monitoring(&mut tx, tenant_id).await?;
    }
    if let Some(accounts) = &accounts {
        let path =
            accounts::write_accounts(data_dir, accounts).map_err(|source| SeedError::AccountsFile {
                path: data_dir.join(ACCOUNTS_FILE).display().to_string(),
                source,
            })?;
        tracing::warn!(
            file = %path.display(),
            "demo sign-ins created; their passwords are shown once:\n{}",
            accounts::accounts_text(accounts)
        );
    }
    tx.commit().await?;
    if people > 0 || accounts.is_some() {
        tracing::info!(
            people,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "full demo seeded"
        );
    }
    Ok(())
}

/// Seeds with the owner pool (the platform administrator's rights), in one transaction.
pub async fn seed_demo(owner: &PgPool) -> Result<(), SeedError> {
    let data: DemoData = serde_json::from_str(DEMO_REGIONS)?;
    let mut tx = owner.begin().await?;
    for region in &data.regions {
        sqlx::query(
            "insert into tenants (slug, name, region_code, time_zone, status_labels)
             values ($1, $2, $3, $4, $5)
             on conflict (slug) do nothing",
        )
        .bind(&region.slug)
        .bind(&region.name)
        .bind(&region.region_code)
        .bind(&region.time_zone)
        .bind(sqlx::types::Json(&region.status_labels))
        .execute(&mut *tx)
        .await?;
        let tenant_id: Uuid = sqlx::query_scalar("select id from tenants where slug = $1")
            .bind(&region.slug)
            .fetch_one(&mut *tx)
            .await?;
        seed_identification(&mut tx, tenant_id, region).await?;
        app::diagnostics::seed_region(&mut tx, tenant_id).await?;
        app::courses::seed_region(&mut tx, tenant_id).await?;
        for municipality in &region.municipalities {
            sqlx::query(
                "insert into municipalities (tenant_id, code, name, kind) values ($1, $2, $3, $4)
                 on conflict (tenant_id, code) do nothing",
            )
            .bind(tenant_id)
            .bind(&municipality.code)
            .bind(&municipality.name)
            .bind(&municipality.kind)
            .execute(&mut *tx)
            .await?;
            let municipality_id: Uuid =
                sqlx::query_scalar("select id from municipalities where tenant_id = $1 and code = $2")
                    .bind(tenant_id)
                    .bind(&municipality.code)
                    .fetch_one(&mut *tx)
                    .await?;
            for school in &municipality.schools {
                sqlx::query(
                    "insert into schools (tenant_id, code, name, municipality_id, school_group, is_rural, address, cluster)
                     values ($1, $2, $3, $4, $5, $6, $7, $8)
                     on conflict (tenant_id, code) do nothing",
                )
                .bind(tenant_id)
                .bind(&school.code)
                .bind(&school.name)
                .bind(municipality_id)
                .bind(&school.group)
                .bind(school.rural)
                .bind(&school.address)
                .bind(&school.cluster)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    app::club::seed::seed_club(&mut tx, app::club::seed::DEMO_CLUB).await?;
    app::club::events::seed::seed_events(&mut tx, app::club::seed::DEMO_CLUB).await?;
    tx.commit().await?;
    Ok(())
}

/// Makes the listed people regional operators of the listed regions. People who have not
/// registered and confirmed their address yet are skipped with a warning, so the setting can be
/// in place before they do: anyone can register an address, and only its confirmation (which
/// sets the password) shows that the mailbox's owner holds the account.
pub async fn bootstrap_operators(owner: &PgPool, pairs: &[(String, String)]) -> Result<(), SeedError> {
    for (slug, email) in pairs {
        let found = sqlx::query_as::<_, (Uuid, Uuid)>(
            "select t.id, u.id from tenants t, users u
             where t.slug = $1 and u.email = $2 and u.active and u.email_confirmed_at is not null",
        )
        .bind(slug)
        .bind(email)
        .fetch_optional(owner)
        .await?;
        let Some((tenant_id, user_id)) = found else {
            tracing::warn!(%slug, %email, "ROST_BOOTSTRAP_OPERATORS: no such region or confirmed user yet");
            continue;
        };
        let mut tx = owner.begin().await?;
        sqlx::query(
            "insert into memberships (tenant_id, user_id, position) values ($1, $2, 'other')
             on conflict do nothing",
        )
        .bind(tenant_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "insert into role_grants (tenant_id, user_id, role) values ($1, $2, 'regional_operator')
             on conflict do nothing",
        )
        .bind(tenant_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        tracing::info!(%slug, %email, "regional operator appointed");
    }
    Ok(())
}
