//! Registry, indicator data, uploads and configuration versions: the queries behind the
//! operator's identification pages. Every query runs in a tenant transaction (row-level
//! security) and every entry point checks the regional operator role.

use std::collections::{BTreeMap, HashMap, HashSet};

use sqlx::types::Json;
use uuid::Uuid;

use super::config::Config;
use super::{
    edit, templates, uploads, ConfigEdit, ConfigEditor, ConfigSummary, LoadedYear, Overview, RegistryRow,
    RunSummary, UploadKind, UploadPreview,
};
use crate::accounts::service::{audit, require_role};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::{begin_tenant, AppState};
use crate::tenancy::db::TenantRow;

pub(super) const OPERATOR: &[&str] = &["regional_operator"];

/// The counts a run keeps beside its result, so lists of runs need not read results.
#[derive(serde::Deserialize)]
struct RunCounts {
    schools: usize,
    counts: BTreeMap<String, usize>,
}

pub(super) use crate::state::{parse_id, LOCAL_TIME};

pub async fn schools(state: &AppState, slug: &str) -> Result<Vec<RegistryRow>, AppError> {
    let (tenant, _) = require_role(state, slug, OPERATOR).await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let rows = sqlx::query_as::<_, (String, String, String, String, bool, Option<String>)>(
        "select s.code, s.name, m.name, s.school_group, s.is_rural, s.address
         from schools s join municipalities m on m.tenant_id = s.tenant_id and m.id = s.municipality_id
         where s.tenant_id = $1 order by m.name, s.name",
    )
    .bind(tenant.id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(
            |(code, name, municipality, group, is_rural, address)| RegistryRow {
                code,
                name,
                municipality,
                group,
                is_rural,
                address,
            },
        )
        .collect())
}

struct Upload {
    kind: UploadKind,
    file_name: String,
    target: Option<Uuid>,
    content: Option<String>,
    error: Option<String>,
}

async fn load_upload(tx: &mut sqlx::PgConnection, tenant: &TenantRow, id: Uuid) -> Result<Upload, AppError> {
    let row = sqlx::query_as::<_, (String, String, Option<Uuid>, Option<String>, Option<String>)>(
        "select kind, file_name, target, content, error from identification_uploads
         where tenant_id = $1 and id = $2",
    )
    .bind(tenant.id)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Upload {
        kind: UploadKind::from_code(&row.0).ok_or_else(|| AppError::internal("unknown upload kind"))?,
        file_name: row.1,
        target: row.2,
        content: row.3,
        error: row.4,
    })
}

pub(super) async fn loaded_years(
    tx: &mut sqlx::PgConnection,
    tenant: &TenantRow,
) -> Result<Vec<LoadedYear>, AppError> {
    let rows = sqlx::query_as::<_, (i32, i32, Vec<String>, String, String, String)>(&format!(
        "select y.year, y.schools, y.indicators, y.file_name, coalesce(u.full_name, u.email, ''),
                to_char(y.uploaded_at at time zone $2, {LOCAL_TIME})
         from indicator_years y left join users u on u.id = y.uploaded_by
         where y.tenant_id = $1 order by y.year"
    ))
    .bind(tenant.id)
    .bind(&tenant.time_zone)
    .fetch_all(&mut *tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(year, schools, indicators, file_name, uploaded_by, uploaded_at)| LoadedYear {
                year,
                schools: schools as usize,
                indicators,
                file_name,
                uploaded_by,
                uploaded_at,
            },
        )
        .collect())
}

pub async fn upload_preview(state: &AppState, slug: &str, id: &str) -> Result<UploadPreview, AppError> {
    let (tenant, _) = require_role(state, slug, OPERATOR).await?;
    let id = parse_id(id)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let upload = load_upload(&mut tx, &tenant, id).await?;
    let mut preview = UploadPreview {
        id: id.to_string(),
        kind: upload.kind,
        file_name: upload.file_name.clone(),
        error: upload.error.clone(),
        rows: 0,
        header: Vec::new(),
        sample: Vec::new(),
        years: Vec::new(),
        new_schools: 0,
        updated_schools: 0,
        new_municipalities: Vec::new(),
        target: upload.target.map(|t| t.to_string()),
    };
    let Some(content) = upload.content else {
        tx.commit().await?;
        return Ok(preview);
    };
    let stored = read_stored(upload.kind, content).await?;
    preview.rows = stored.rows;
    preview.header = stored.header;
    preview.sample = stored.sample;
    match stored.parsed {
        Parsed::Indicators(years) => {
            let existing: HashMap<i32, LoadedYear> = loaded_years(&mut tx, &tenant)
                .await?
                .into_iter()
                .map(|y| (y.year, y))
                .collect();
            preview.years = years
                .into_iter()
                .map(|y| {
                    let loaded = LoadedYear {
                        year: y.year,
                        schools: y.schools,
                        indicators: y.indicators,
                        file_name: upload.file_name.clone(),
                        uploaded_by: String::new(),
                        uploaded_at: String::new(),
                    };
                    let replaces = existing.get(&y.year).cloned();
                    (loaded, replaces)
                })
                .collect();
        }
        Parsed::Schools(rows) => {
            // Sets: a registry of thousands of schools checked against a list was quadratic.
            let known: HashSet<String> = sqlx::query_scalar("select code from schools where tenant_id = $1")
                .bind(tenant.id)
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .collect();
            let municipalities: HashSet<String> =
                sqlx::query_scalar("select lower(name) from municipalities where tenant_id = $1")
                    .bind(tenant.id)
                    .fetch_all(&mut *tx)
                    .await?
                    .into_iter()
                    .collect();
            preview.updated_schools = rows.iter().filter(|r| known.contains(&r.code)).count();
            preview.new_schools = rows.len() - preview.updated_schools;
            let mut new: Vec<String> = rows
                .iter()
                .filter(|r| !municipalities.contains(&r.municipality.to_lowercase()))
                .map(|r| r.municipality.clone())
                .collect();
            new.sort();
            new.dedup();
            preview.new_municipalities = new;
        }
        Parsed::ExternalList => {}
    }
    tx.commit().await?;
    Ok(preview)
}

/// A stored upload read again: its size, header and first rows, and what it holds.
struct StoredUpload {
    content: String,
    rows: usize,
    header: Vec<String>,
    sample: Vec<Vec<String>>,
    parsed: Parsed,
}

enum Parsed {
    Indicators(Vec<uploads::IndicatorYear>),
    Schools(Vec<RegistryRow>),
    ExternalList,
}

/// Reads a stored upload's canonical CSV on a blocking thread: a large region's years of data
/// take seconds, which on the async runtime would hold up every region's requests.
async fn read_stored(kind: UploadKind, content: String) -> Result<StoredUpload, AppError> {
    tokio::task::spawn_blocking(move || {
        let table = super::engine::RawTable::from_csv(content.as_bytes()).map_err(AppError::internal)?;
        let (rows, header) = (table.rows.len(), table.header.clone());
        let sample = table.rows.iter().take(10).map(|(_, r)| r.clone()).collect();
        let parsed = match kind {
            UploadKind::Indicators => {
                Parsed::Indicators(uploads::parse_indicators(table).map_err(AppError::internal)?)
            }
            UploadKind::Schools => {
                Parsed::Schools(uploads::parse_registry(&table).map_err(AppError::internal)?)
            }
            UploadKind::ExternalList => Parsed::ExternalList,
        };
        Ok(StoredUpload {
            content,
            rows,
            header,
            sample,
            parsed,
        })
    })
    .await
    .map_err(AppError::internal)?
}

/// Applies an upload: a registry upload adds and updates schools, an indicator upload replaces
/// each year it contains, an external list replaces its configuration's list. All in one
/// transaction, recorded in the audit log.
pub async fn commit_upload(state: &AppState, slug: &str, id: &str) -> Result<String, AppError> {
    let (tenant, user) = require_role(state, slug, OPERATOR).await?;
    let id = parse_id(id)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let upload = load_upload(&mut tx, &tenant, id).await?;
    let content = upload
        .content
        .ok_or_else(|| AppError::invalid("file", ru::UPLOAD_HAS_ERRORS))?;
    let stored = read_stored(upload.kind, content).await?;
    let next = match stored.parsed {
        Parsed::Indicators(years) => {
            for year in &years {
                sqlx::query(
                    "insert into indicator_years
                         (tenant_id, year, content, indicators, schools, file_name, uploaded_by, uploaded_at)
                     values ($1, $2, $3, $4, $5, $6, $7, now())
                     on conflict (tenant_id, year) do update set content = excluded.content,
                         indicators = excluded.indicators, schools = excluded.schools,
                         file_name = excluded.file_name, uploaded_by = excluded.uploaded_by, uploaded_at = now()",
                )
                .bind(tenant.id)
                .bind(year.year)
                .bind(&year.content)
                .bind(&year.indicators)
                .bind(year.schools as i32)
                .bind(&upload.file_name)
                .bind(user.user_id)
                .execute(&mut *tx)
                .await?;
            }
            audit(
                &mut tx,
                Some(tenant.id),
                Some(user.user_id),
                "indicator_data_loaded",
                serde_json::json!({
                    "file": upload.file_name,
                    "years": years.iter().map(|y| y.year).collect::<Vec<_>>(),
                }),
            )
            .await?;
            format!("/r/{slug}/admin/identification")
        }
        Parsed::Schools(rows) => {
            import_registry(&mut tx, &tenant, &rows).await?;
            audit(
                &mut tx,
                Some(tenant.id),
                Some(user.user_id),
                "schools_imported",
                serde_json::json!({ "file": upload.file_name, "schools": rows.len() }),
            )
            .await?;
            format!("/r/{slug}/admin/schools")
        }
        Parsed::ExternalList => {
            let target = upload.target.ok_or(AppError::BadRequest)?;
            let published: bool = sqlx::query_scalar(
                "select published_at is not null from identification_configs where tenant_id = $1 and id = $2",
            )
            .bind(tenant.id)
            .bind(target)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?;
            // A published version never changes: the new list starts the next version.
            let version = if published {
                next_version(&mut tx, &tenant, target, user.user_id).await?
            } else {
                target
            };
            sqlx::query("update identification_configs set external = $3 where tenant_id = $1 and id = $2")
                .bind(tenant.id)
                .bind(version)
                .bind(&stored.content)
                .execute(&mut *tx)
                .await?;
            format!("/r/{slug}/admin/identification/configs/{version}")
        }
    };
    sqlx::query("delete from identification_uploads where tenant_id = $1 and id = $2")
        .bind(tenant.id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(next)
}

async fn import_registry(
    tx: &mut sqlx::PgConnection,
    tenant: &TenantRow,
    rows: &[RegistryRow],
) -> Result<(), AppError> {
    let mut municipalities: HashMap<String, Uuid> = sqlx::query_as::<_, (String, Uuid)>(
        "select lower(name), id from municipalities where tenant_id = $1",
    )
    .bind(tenant.id)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .collect();
    for row in rows {
        let key = row.municipality.to_lowercase();
        let municipality = match municipalities.get(&key) {
            Some(id) => *id,
            None => {
                let id: Uuid = sqlx::query_scalar(
                    "insert into municipalities (tenant_id, code, name, kind)
                     values ($1, 'm-' || substr(md5($2), 1, 10), $2, $3) returning id",
                )
                .bind(tenant.id)
                .bind(&row.municipality)
                .bind(ru::MUNICIPALITY_KIND_UNKNOWN)
                .fetch_one(&mut *tx)
                .await?;
                municipalities.insert(key, id);
                id
            }
        };
        sqlx::query(
            "insert into schools (tenant_id, code, name, municipality_id, school_group, is_rural, address)
             values ($1, $2, $3, $4, $5, $6, $7)
             on conflict (tenant_id, code) do update set name = excluded.name,
                 municipality_id = excluded.municipality_id, school_group = excluded.school_group,
                 is_rural = excluded.is_rural, address = excluded.address",
        )
        .bind(tenant.id)
        .bind(&row.code)
        .bind(&row.name)
        .bind(municipality)
        .bind(&row.group)
        .bind(row.is_rural)
        .bind(&row.address)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

pub async fn discard_upload(state: &AppState, slug: &str, id: &str) -> Result<(), AppError> {
    let (tenant, _) = require_role(state, slug, OPERATOR).await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    sqlx::query("delete from identification_uploads where tenant_id = $1 and id = $2")
        .bind(tenant.id)
        .bind(parse_id(id)?)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

fn method_of(config: &Config) -> &'static str {
    match config {
        Config::IndexBands(_) => "index_bands",
        Config::FlagCount(_) => "flag_count",
        Config::ExternalList(_) => "external_list",
    }
}

/// The label of each status code: the configuration's own, else the region's, else the code.
pub(super) fn status_labels(config: &Config, region: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let (codes, labels): (Vec<String>, &BTreeMap<String, String>) = match config {
        Config::IndexBands(c) => (c.statuses.iter().map(|s| s.code.clone()).collect(), &c.labels),
        Config::FlagCount(c) => (c.statuses.iter().map(|s| s.code.clone()).collect(), &c.labels),
        Config::ExternalList(c) => (c.statuses.iter().map(|s| s.code.clone()).collect(), &c.labels),
    };
    codes
        .into_iter()
        .map(|code| {
            let label = labels
                .get(&code)
                .or_else(|| region.get(&code))
                .cloned()
                .unwrap_or(code.clone());
            (code, label)
        })
        .collect()
}

async fn config_summaries(
    tx: &mut sqlx::PgConnection,
    tenant: &TenantRow,
    config_id: Option<Uuid>,
) -> Result<Vec<ConfigSummary>, AppError> {
    let rows = sqlx::query_as::<_, (Uuid, Uuid, i32, Json<Config>, Option<String>)>(&format!(
        "select id, config_id, version, body, to_char(published_at at time zone $2, {LOCAL_TIME})
         from identification_configs
         where tenant_id = $1 and ($3::uuid is null or config_id = $3)
         order by created_at desc, version desc"
    ))
    .bind(tenant.id)
    .bind(&tenant.time_zone)
    .bind(config_id)
    .fetch_all(&mut *tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, config_id, version, body, published_at)| ConfigSummary {
            id: id.to_string(),
            config_id: config_id.to_string(),
            version,
            title: body.title().to_string(),
            method: method_of(&body).to_string(),
            published_at,
        })
        .collect())
}

pub async fn overview(state: &AppState, slug: &str) -> Result<Overview, AppError> {
    let (tenant, _) = require_role(state, slug, OPERATOR).await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let registry_schools: i64 = sqlx::query_scalar("select count(*) from schools where tenant_id = $1")
        .bind(tenant.id)
        .fetch_one(&mut *tx)
        .await?;
    let years = loaded_years(&mut tx, &tenant).await?;
    let configs = config_summaries(&mut tx, &tenant, None).await?;
    let runs = sqlx::query_as::<
        _,
        (
            Uuid,
            Json<Config>,
            i32,
            String,
            String,
            Option<String>,
            Json<RunCounts>,
        ),
    >(&format!(
        "select r.id, c.body, c.version, to_char(r.created_at at time zone $2, {LOCAL_TIME}),
                    coalesce(u.full_name, u.email, ''), to_char(r.published_at at time zone $2, {LOCAL_TIME}),
                    r.summary
             from identification_runs r
             join identification_configs c on c.tenant_id = r.tenant_id and c.id = r.config_version
             left join users u on u.id = r.created_by
             where r.tenant_id = $1 order by r.created_at desc limit 20"
    ))
    .bind(tenant.id)
    .bind(&tenant.time_zone)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Overview {
        registry_schools: registry_schools as usize,
        years,
        configs,
        runs: runs
            .into_iter()
            .map(
                |(id, config, version, created_at, created_by, published_at, summary)| {
                    let counts = status_labels(&config, &tenant.status_labels)
                        .into_iter()
                        .map(|(code, label)| (label, summary.counts.get(&code).copied().unwrap_or(0)))
                        .collect();
                    RunSummary {
                        id: id.to_string(),
                        config_title: config.title().to_string(),
                        version,
                        created_at,
                        created_by,
                        published_at,
                        schools: summary.schools,
                        counts,
                    }
                },
            )
            .collect(),
    })
}

pub async fn create_config(
    state: &AppState,
    slug: &str,
    source: &str,
    json: Option<&str>,
) -> Result<String, AppError> {
    let (tenant, user) = require_role(state, slug, OPERATOR).await?;
    let config = match source.split_once(':') {
        Some(("template", name)) => {
            let text = match name {
                "khabarovsk" => templates::KHABAROVSK,
                "federal_shnor" => templates::FEDERAL_SHNOR,
                "project_500" => templates::PROJECT_500,
                _ => return Err(AppError::BadRequest),
            };
            Config::from_json(text).map_err(AppError::internal)?
        }
        Some(("empty", method)) => edit::empty(method).ok_or(AppError::BadRequest)?,
        _ if source == "json" => Config::from_json(json.unwrap_or_default())
            .map_err(|error| AppError::invalid("json", error.to_string()))?,
        _ => return Err(AppError::BadRequest),
    };
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let id: Uuid = sqlx::query_scalar(
        "insert into identification_configs (tenant_id, config_id, version, body, created_by)
         values ($1, gen_random_uuid(), 1, $2, $3) returning id",
    )
    .bind(tenant.id)
    .bind(Json(&config))
    .bind(user.user_id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id.to_string())
}

pub(super) struct StoredConfig {
    pub config_id: Uuid,
    pub version: i32,
    pub body: Config,
    pub external: Option<String>,
    pub published_at: Option<String>,
}

pub(super) async fn load_config(
    tx: &mut sqlx::PgConnection,
    tenant: &TenantRow,
    id: Uuid,
) -> Result<StoredConfig, AppError> {
    let (config_id, version, body, external, published_at) =
        sqlx::query_as::<_, (Uuid, i32, Json<Config>, Option<String>, Option<String>)>(&format!(
            "select config_id, version, body, external, to_char(published_at at time zone $3, {LOCAL_TIME})
             from identification_configs where tenant_id = $1 and id = $2"
        ))
        .bind(tenant.id)
        .bind(id)
        .bind(&tenant.time_zone)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(StoredConfig {
        config_id,
        version,
        body: body.0,
        external,
        published_at,
    })
}

pub async fn config_editor(state: &AppState, slug: &str, id: &str) -> Result<ConfigEditor, AppError> {
    let (tenant, _) = require_role(state, slug, OPERATOR).await?;
    let id = parse_id(id)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let stored = load_config(&mut tx, &tenant, id).await?;
    let mut loaded: Vec<String> = loaded_years(&mut tx, &tenant)
        .await?
        .into_iter()
        .flat_map(|y| y.indicators)
        .collect();
    loaded.sort();
    loaded.dedup();
    let versions = config_summaries(&mut tx, &tenant, Some(stored.config_id)).await?;
    tx.commit().await?;
    let problem = readiness(&stored.body, stored.external.is_some(), &loaded);
    Ok(ConfigEditor {
        id: id.to_string(),
        config_id: stored.config_id.to_string(),
        version: stored.version,
        published_at: stored.published_at,
        json: serde_json::to_string_pretty(&stored.body).map_err(AppError::internal)?,
        config: stored.body,
        problem,
        loaded_indicators: loaded,
        has_external_list: stored.external.is_some(),
        versions,
    })
}

/// Why a configuration cannot run on the loaded data yet.
pub(super) fn readiness(config: &Config, has_list: bool, loaded: &[String]) -> Option<String> {
    if let Err(error) = config.validate() {
        return Some(error.to_string());
    }
    if matches!(config, Config::ExternalList(_)) {
        return (!has_list).then(|| ru::EXTERNAL_LIST_MISSING.to_string());
    }
    let missing: Vec<String> = config
        .indicator_codes()
        .into_iter()
        .filter(|code| !loaded.contains(code))
        .collect();
    (!missing.is_empty()).then(|| ru::indicators_not_loaded(&missing))
}

/// Copies a published version into a new draft (version + 1) and returns the draft's id.
async fn next_version(
    tx: &mut sqlx::PgConnection,
    tenant: &TenantRow,
    id: Uuid,
    user: Uuid,
) -> Result<Uuid, AppError> {
    let id: Uuid = sqlx::query_scalar(
        "insert into identification_configs (tenant_id, config_id, version, body, external, created_by)
         select tenant_id, config_id,
                (select max(version) + 1 from identification_configs v
                 where v.tenant_id = c.tenant_id and v.config_id = c.config_id),
                body, external, $3
         from identification_configs c where tenant_id = $1 and id = $2
         returning id",
    )
    .bind(tenant.id)
    .bind(id)
    .bind(user)
    .fetch_one(&mut *tx)
    .await?;
    Ok(id)
}

pub async fn edit_config(
    state: &AppState,
    slug: &str,
    id: &str,
    change: ConfigEdit,
) -> Result<String, AppError> {
    let (tenant, user) = require_role(state, slug, OPERATOR).await?;
    let mut id = parse_id(id)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let stored = load_config(&mut tx, &tenant, id).await?;
    let mut config = stored.body;
    edit::apply(&mut config, &change)?;
    if stored.published_at.is_some() {
        id = next_version(&mut tx, &tenant, id, user.user_id).await?;
    }
    sqlx::query("update identification_configs set body = $3 where tenant_id = $1 and id = $2")
        .bind(tenant.id)
        .bind(id)
        .bind(Json(&config))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id.to_string())
}
