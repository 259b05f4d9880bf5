//! Runs: the engine applied to the region's stored data, the result with overrides, the
//! explanation of one school, the diff against the last published run, publishing.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use sqlx::types::Json;
use uuid::Uuid;

use super::config::{Band, Config, YearsRule};
use super::engine::{self, data::present, Dataset, IdentificationResult, RawTable, SchoolResult, YearResult};
use super::service::{load_config, parse_id, readiness, status_labels, LOCAL_TIME, OPERATOR};
use super::{
    Contribution, DiffEntry, Explanation, FlagExplanation, Histogram, IndexExplanation, OverrideView,
    PublishedList, PublishedRow, RunDiff, RunQuery, RunRow, RunView, YearExplanation,
};
use crate::accounts::service::{audit, require_role};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::{begin_tenant, AppState};
use crate::tenancy::db::TenantRow;

const PAGE_SIZE: usize = 100;
const BINS: usize = 20;

/// A school as the registry knows it.
#[derive(Clone, Debug, Default)]
pub(super) struct Known {
    pub name: String,
    pub municipality: String,
    pub group: String,
}

pub(super) async fn registry(
    tx: &mut sqlx::PgConnection,
    tenant: &TenantRow,
) -> Result<HashMap<String, Known>, AppError> {
    let rows = sqlx::query_as::<_, (String, String, String, String)>(
        "select s.code, s.name, m.name, s.school_group
         from schools s join municipalities m on m.tenant_id = s.tenant_id and m.id = s.municipality_id
         where s.tenant_id = $1",
    )
    .bind(tenant.id)
    .fetch_all(&mut *tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(code, name, municipality, group)| {
            (
                code,
                Known {
                    name,
                    municipality,
                    group,
                },
            )
        })
        .collect())
}

/// When each loaded year was last replaced: a run records it, so an explanation can tell that
/// the data changed since.
type DataStamps = BTreeMap<i32, String>;

/// The stored years of indicator data, oldest first.
pub(super) struct StoredData {
    years: Vec<String>,
    stamps: DataStamps,
}

async fn stored_data(tx: &mut sqlx::PgConnection, tenant: &TenantRow) -> Result<StoredData, AppError> {
    let rows = sqlx::query_as::<_, (i32, String, String)>(
        "select year, content, uploaded_at::text from indicator_years where tenant_id = $1 order by year",
    )
    .bind(tenant.id)
    .fetch_all(&mut *tx)
    .await?;
    Ok(StoredData {
        stamps: rows
            .iter()
            .map(|(year, _, stamp)| (*year, stamp.clone()))
            .collect(),
        years: rows.into_iter().map(|(_, content, _)| content).collect(),
    })
}

/// The region's data as the engine reads it for `config`; a row without a group takes the
/// registry's. Years stored under one header are read as one CSV, straight into columns;
/// years with different indicators are merged under the union of their headers first.
fn dataset(config: &Config, stored: StoredData, known: &HashMap<String, Known>) -> Result<Dataset, AppError> {
    let codes = config.indicator_codes();
    let invalid = |error: super::engine::InputError| AppError::invalid("data", error.to_string());
    let header = |text: &str| text.lines().next().unwrap_or_default().to_string();
    let same_header = stored.years.windows(2).all(|w| header(&w[0]) == header(&w[1]));
    let mut data = if same_header {
        let mut joined = String::with_capacity(stored.years.iter().map(String::len).sum());
        for (i, year) in stored.years.iter().enumerate() {
            let body = if i == 0 {
                year.as_str()
            } else {
                year.split_once('\n').map_or("", |(_, b)| b)
            };
            joined.push_str(body);
        }
        Dataset::from_csv(joined.as_bytes(), &codes, false).map_err(invalid)?
    } else {
        let tables = stored
            .years
            .iter()
            .map(|content| RawTable::from_csv(content.as_bytes()).map_err(AppError::internal))
            .collect::<Result<Vec<_>, _>>()?;
        Dataset::from_table(&merge(tables), &codes, false).map_err(invalid)?
    };
    data.fill_groups(|school| known.get(school).map(|k| k.group.as_str()));
    if config.needs_groups() {
        let mut missing: Vec<&str> = (0..data.len())
            .filter(|&row| data.group(row).is_none())
            .map(|row| data.school_ids[data.school[row] as usize].as_str())
            .collect();
        missing.dedup();
        if !missing.is_empty() {
            return Err(AppError::invalid("group", ru::groups_missing(&missing)));
        }
    }
    Ok(data)
}

/// One table under the union of the headers.
fn merge(tables: Vec<RawTable>) -> RawTable {
    let mut header: Vec<String> = Vec::new();
    for table in &tables {
        for name in &table.header {
            if !header.contains(name) {
                header.push(name.clone());
            }
        }
    }
    let mut rows = Vec::new();
    for table in tables {
        let at: Vec<usize> = table
            .header
            .iter()
            .map(|h| header.iter().position(|x| x == h).expect("in the union"))
            .collect();
        for (_, cells) in table.rows {
            let mut row = vec![String::new(); header.len()];
            for (cell, &p) in cells.into_iter().zip(&at) {
                row[p] = cell;
            }
            rows.push((rows.len() + 2, row));
        }
    }
    RawTable { header, rows }
}

/// The cut-offs of one (year, group, index): what a school's index is compared with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(super) struct Cutoff {
    pub year: i32,
    pub group: String,
    pub index: String,
    pub n: usize,
    pub k: usize,
    pub worst: f64,
    pub best: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct Analysis {
    pub cutoffs: Vec<Cutoff>,
    pub data: DataStamps,
    /// The group of each school in each year, where the configuration compares within groups.
    pub groups: BTreeMap<String, BTreeMap<i32, String>>,
}

fn analyse(
    config: &Config,
    data: &Dataset,
    result: &IdentificationResult,
    data_stamps: DataStamps,
) -> Analysis {
    let mut analysis = Analysis {
        data: data_stamps,
        ..Analysis::default()
    };
    let Config::IndexBands(c) = config else {
        return analysis;
    };
    if c.grouped {
        for row in 0..data.len() {
            if let Some(group) = data.group(row) {
                analysis
                    .groups
                    .entry(data.school_ids[data.school[row] as usize].clone())
                    .or_default()
                    .insert(data.years[row], group.to_string());
            }
        }
    }
    let mut values: BTreeMap<(i32, String, String), Vec<f64>> = BTreeMap::new();
    for school in &result.schools {
        for (year, entry) in &school.years {
            let YearResult::Indices(indices) = entry else {
                continue;
            };
            let group = analysis
                .groups
                .get(&school.school_id)
                .and_then(|g| g.get(year))
                .cloned()
                .unwrap_or_default();
            for (code, value) in indices {
                if let Some(index) = value.index {
                    values
                        .entry((*year, group.clone(), code.clone()))
                        .or_default()
                        .push(index);
                }
            }
        }
    }
    for ((year, group, index), mut list) in values {
        let Some(spec) = c.indices.iter().find(|i| i.code == index) else {
            continue;
        };
        list.sort_by(f64::total_cmp);
        let n = list.len();
        let k = ((spec.share * n as f64 - 1e-9).ceil() as usize).clamp(1, n);
        let (low, high) = (list[k - 1], list[n - k]);
        let (worst, best) = match spec.orientation {
            super::config::Orientation::HigherIsBetter => (low, high),
            super::config::Orientation::HigherIsWorse => (high, low),
        };
        analysis.cutoffs.push(Cutoff {
            year,
            group,
            index,
            n,
            k,
            worst,
            best,
        });
    }
    analysis
}

/// Runs a configuration version on the region's data and stores the result.
pub async fn start(state: &AppState, slug: &str, version: &str) -> Result<String, AppError> {
    let (tenant, user) = require_role(state, slug, OPERATOR).await?;
    let version = parse_id(version)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let stored = load_config(&mut tx, &tenant, version).await?;
    let loaded: Vec<String> = super::service::loaded_years(&mut tx, &tenant)
        .await?
        .into_iter()
        .flat_map(|y| y.indicators)
        .collect();
    if let Some(problem) = readiness(&stored.body, stored.external.is_some(), &loaded) {
        return Err(AppError::invalid("config", problem));
    }
    let known = registry(&mut tx, &tenant).await?;
    let data = match &stored.body {
        Config::ExternalList(_) => None,
        _ => Some(stored_data(&mut tx, &tenant).await?),
    };
    let config = stored.body.clone();
    let external = stored.external.clone();
    let (result, analysis) = tokio::task::spawn_blocking(move || compute(&config, data, &known, external))
        .await
        .map_err(AppError::internal)??;
    let summary = serde_json::json!({
        "schools": result.schools.len(),
        "counts": status_labels(&stored.body, &tenant.status_labels)
            .iter()
            .map(|(code, _)| (code.clone(), result.schools.iter().filter(|s| s.statuses.contains(code)).count()))
            .collect::<BTreeMap<_, _>>(),
    });
    let id: Uuid = sqlx::query_scalar(
        "insert into identification_runs (tenant_id, config_version, config_id, result, analysis, summary, created_by)
         values ($1, $2, $3, $4, $5, $6, $7) returning id",
    )
    .bind(tenant.id)
    .bind(version)
    .bind(stored.config_id)
    .bind(Json(&result))
    .bind(Json(&analysis))
    .bind(summary)
    .bind(user.user_id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id.to_string())
}

fn compute(
    config: &Config,
    stored: Option<StoredData>,
    known: &HashMap<String, Known>,
    external: Option<String>,
) -> Result<(IdentificationResult, Analysis), AppError> {
    let Some(stored) = stored else {
        let list = RawTable::from_csv(external.unwrap_or_default().as_bytes()).map_err(AppError::internal)?;
        let result = engine::run_table(config, list).map_err(|e| AppError::invalid("data", e.to_string()))?;
        return Ok((result, Analysis::default()));
    };
    let stamps = stored.stamps.clone();
    let data = dataset(config, stored, known)?;
    let result = engine::run(config, &data).map_err(|e| AppError::invalid("data", e.to_string()))?;
    let analysis = analyse(config, &data, &result, stamps);
    Ok((result, analysis))
}

struct Run {
    config_id: Uuid,
    config_version: Uuid,
    version: i32,
    config: Config,
    result: IdentificationResult,
    analysis: Analysis,
    created_at: String,
    created_by: String,
    published_at: Option<String>,
}

async fn load_run(tx: &mut sqlx::PgConnection, tenant: &TenantRow, id: Uuid) -> Result<Run, AppError> {
    type Row = (
        Uuid,
        Uuid,
        Json<IdentificationResult>,
        Json<Analysis>,
        String,
        String,
        Option<String>,
    );
    let (config_id, config_version, result, analysis, created_at, created_by, published_at) =
        sqlx::query_as::<_, Row>(&format!(
            "select r.config_id, r.config_version, r.result, r.analysis,
                    to_char(r.created_at at time zone $3, {LOCAL_TIME}), coalesce(u.full_name, u.email, ''),
                    to_char(r.published_at at time zone $3, {LOCAL_TIME})
             from identification_runs r left join users u on u.id = r.created_by
             where r.tenant_id = $1 and r.id = $2"
        ))
        .bind(tenant.id)
        .bind(id)
        .bind(&tenant.time_zone)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let stored = load_config(&mut *tx, tenant, config_version).await?;
    Ok(Run {
        config_id,
        config_version,
        version: stored.version,
        config: stored.body,
        result: result.0,
        analysis: analysis.0,
        created_at,
        created_by,
        published_at,
    })
}

/// A run with what every view of it needs: the active overrides of its configuration, the
/// registry, and the status labels in the configuration's order.
struct RunContext {
    run: Run,
    overrides: Vec<OverrideView>,
    known: HashMap<String, Known>,
    order: Vec<(String, String)>,
}

async fn load_context(
    tx: &mut sqlx::PgConnection,
    tenant: &TenantRow,
    id: Uuid,
) -> Result<RunContext, AppError> {
    let run = load_run(&mut *tx, tenant, id).await?;
    let overrides = overrides(&mut *tx, tenant, run.config_id).await?;
    let known = registry(&mut *tx, tenant).await?;
    let order = status_labels(&run.config, &tenant.status_labels);
    Ok(RunContext {
        run,
        overrides,
        known,
        order,
    })
}

async fn overrides(
    tx: &mut sqlx::PgConnection,
    tenant: &TenantRow,
    config_id: Uuid,
) -> Result<Vec<OverrideView>, AppError> {
    let rows = sqlx::query_as::<_, (Uuid, String, String, String, String, String, String)>(&format!(
        "select o.id, o.school_code, o.status, o.action, o.reason, coalesce(u.full_name, u.email, ''),
                to_char(o.created_at at time zone $3, {LOCAL_TIME})
         from identification_overrides o left join users u on u.id = o.created_by
         where o.tenant_id = $1 and o.config_id = $2 and o.withdrawn_at is null
         order by o.created_at"
    ))
    .bind(tenant.id)
    .bind(config_id)
    .bind(&tenant.time_zone)
    .fetch_all(&mut *tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, school_id, status, action, reason, author, created_at)| OverrideView {
                id: id.to_string(),
                school_id,
                status,
                add: action == "add",
                reason,
                author,
                created_at,
            },
        )
        .collect())
}

/// A school's statuses after overrides, in the configuration's order.
fn final_statuses(
    order: &[(String, String)],
    engine: &[String],
    school_id: &str,
    overrides: &[OverrideView],
) -> Vec<String> {
    order
        .iter()
        .map(|(code, _)| code)
        .filter(|code| {
            let manual = overrides
                .iter()
                .rev()
                .find(|o| o.school_id == school_id && &o.status == *code);
            match manual {
                Some(o) => o.add,
                None => engine.contains(code),
            }
        })
        .cloned()
        .collect()
}

fn label<'a>(order: &'a [(String, String)], code: &'a str) -> &'a str {
    order
        .iter()
        .find(|(c, _)| c == code)
        .map_or(code, |(_, l)| l.as_str())
}

fn format_index(value: f64) -> String {
    format!("{value:.3}").replace('.', ",")
}

/// Why the engine gives (or does not give) `status` to a school, in the operator's words.
fn engine_why(config: &Config, years: &[i32], school: Option<&SchoolResult>, status: &str) -> String {
    let Some(school) = school else {
        return ru::WHY_NOT_IN_DATA.to_string();
    };
    match config {
        Config::IndexBands(c) => {
            let Some(rule) = c.statuses.iter().find(|s| s.code == status) else {
                return String::new();
            };
            let per_year: Vec<String> = years
                .iter()
                .map(|year| {
                    let entry = match school.years.get(year) {
                        Some(YearResult::Indices(map)) => map.get(&rule.index),
                        _ => None,
                    };
                    match entry {
                        Some(v) => match (v.index, v.band) {
                            (Some(index), Some(band)) => {
                                let mark = if band == rule.band {
                                    ru::WHY_IN_BAND
                                } else {
                                    ru::WHY_NOT_IN_BAND
                                };
                                format!("{year}: {} ({mark})", format_index(index))
                            }
                            _ => format!("{year}: {}", ru::WHY_NO_INDEX),
                        },
                        None => format!("{year}: {}", ru::WHY_NO_ROW),
                    }
                })
                .collect();
            let rule_text = match rule.rule {
                YearsRule::AllYears => ru::RULE_ALL_YEARS.to_string(),
                YearsRule::LastYears { n } => ru::rule_last_years(n),
                YearsRule::AtLeast { n } => ru::rule_at_least(n),
            };
            let band = if rule.band == Band::Worst {
                ru::BAND_WORST
            } else {
                ru::BAND_BEST
            };
            format!(
                "{}: {band} {}, {rule_text}; {}",
                ru::WHY_INDEX,
                rule.index,
                per_year.join("; ")
            )
        }
        Config::FlagCount(_) => {
            let per_year: Vec<String> = years
                .iter()
                .rev()
                .map(|year| match school.years.get(year) {
                    Some(YearResult::Flags { flags }) if !flags.is_empty() => {
                        format!("{year}: {} ({})", flags.len(), flags.join(", "))
                    }
                    Some(_) => format!("{year}: 0"),
                    None => format!("{year}: {}", ru::WHY_NO_ROW),
                })
                .collect();
            format!("{}: {}", ru::WHY_FLAGS, per_year.join("; "))
        }
        Config::ExternalList(_) => match school.attributes.get(&format!("reason:{status}")) {
            Some(reason) => format!("{}: {reason}", ru::WHY_LIST),
            None => ru::WHY_LIST.to_string(),
        },
    }
}

fn override_why(o: &OverrideView) -> String {
    let what = if o.add {
        ru::OVERRIDE_ADDED
    } else {
        ru::OVERRIDE_REMOVED
    };
    format!("{what} ({}, {}): {}", o.author, o.created_at, o.reason)
}

/// The statuses a published run froze: school → (name, municipality, status codes, notes).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Published {
    title: String,
    years: Vec<i32>,
    labels: Vec<(String, String)>,
    schools: Vec<PublishedSchool>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct PublishedSchool {
    school_id: String,
    name: String,
    municipality: String,
    statuses: Vec<String>,
    notes: Vec<String>,
}

struct Final<'a> {
    school: &'a SchoolResult,
    statuses: Vec<String>,
}

fn finals<'a>(run: &'a Run, order: &[(String, String)], overrides: &[OverrideView]) -> Vec<Final<'a>> {
    run.result
        .schools
        .iter()
        .map(|school| Final {
            school,
            statuses: final_statuses(order, &school.statuses, &school.school_id, overrides),
        })
        .collect()
}

fn diff(
    run: &Run,
    order: &[(String, String)],
    finals: &[Final],
    overrides: &[OverrideView],
    known: &HashMap<String, Known>,
    previous: &Published,
    against: String,
) -> RunDiff {
    let by_id: HashMap<&str, &Final> = finals.iter().map(|f| (f.school.school_id.as_str(), f)).collect();
    let before: HashMap<&str, &PublishedSchool> = previous
        .schools
        .iter()
        .map(|s| (s.school_id.as_str(), s))
        .collect();
    let name = |id: &str| {
        known
            .get(id)
            .map(|k| k.name.clone())
            .or_else(|| before.get(id).map(|s| s.name.clone()))
            .unwrap_or_default()
    };
    let why = |id: &str, status: &str| match overrides
        .iter()
        .rev()
        .find(|o| o.school_id == id && o.status == status)
    {
        Some(o) => override_why(o),
        None => engine_why(
            &run.config,
            &run.result.years,
            by_id.get(id).map(|f| f.school),
            status,
        ),
    };
    let mut entering = Vec::new();
    let mut leaving = Vec::new();
    for f in finals {
        let id = f.school.school_id.as_str();
        for status in &f.statuses {
            if !before.get(id).is_some_and(|s| s.statuses.contains(status)) {
                entering.push(DiffEntry {
                    school_id: id.to_string(),
                    name: name(id),
                    status: label(order, status).to_string(),
                    why: why(id, status),
                });
            }
        }
    }
    for s in &previous.schools {
        for status in &s.statuses {
            let now = by_id
                .get(s.school_id.as_str())
                .is_some_and(|f| f.statuses.contains(status));
            if !now {
                leaving.push(DiffEntry {
                    school_id: s.school_id.clone(),
                    name: name(&s.school_id),
                    status: label(&previous.labels, status).to_string(),
                    why: why(&s.school_id, status),
                });
            }
        }
    }
    RunDiff {
        against,
        entering,
        leaving,
    }
}

fn histograms(run: &Run) -> Vec<Histogram> {
    let Config::IndexBands(c) = &run.config else {
        return Vec::new();
    };
    let Some(&year) = run.result.years.last() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for spec in &c.indices {
        let mut groups: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for school in &run.result.schools {
            let Some(YearResult::Indices(map)) = school.years.get(&year) else {
                continue;
            };
            let Some(index) = map.get(&spec.code).and_then(|v| v.index) else {
                continue;
            };
            let group = run
                .analysis
                .groups
                .get(&school.school_id)
                .and_then(|g| g.get(&year))
                .cloned()
                .unwrap_or_default();
            let bins = groups.entry(group).or_insert_with(|| vec![0; BINS]);
            bins[((index * BINS as f64) as usize).min(BINS - 1)] += 1;
        }
        for (group, bins) in groups {
            let cutoff = run
                .analysis
                .cutoffs
                .iter()
                .find(|c| c.year == year && c.group == group && c.index == spec.code);
            out.push(Histogram {
                index: spec.title.clone().unwrap_or(spec.code.clone()),
                year,
                group,
                bins,
                worst_cutoff: cutoff.map(|c| c.worst),
                best_cutoff: cutoff.map(|c| c.best),
            });
        }
    }
    out
}

fn latest_summary(run: &Run, school: &SchoolResult) -> String {
    let Some(year) = run.result.years.last() else {
        return String::new();
    };
    match school.years.get(year) {
        Some(YearResult::Indices(map)) => map
            .iter()
            .map(|(code, v)| match v.index {
                Some(index) => format!("{code}: {}", format_index(index)),
                None => format!("{code}: —"),
            })
            .collect::<Vec<_>>()
            .join("; "),
        Some(YearResult::Flags { flags }) => flags.join(", "),
        None => String::new(),
    }
}

async fn previous_published(
    tx: &mut sqlx::PgConnection,
    tenant: &TenantRow,
    config_id: Uuid,
    except: Uuid,
) -> Result<Option<(Published, String)>, AppError> {
    let row = sqlx::query_as::<_, (Json<Published>, String)>(&format!(
        "select published, to_char(published_at at time zone $4, {LOCAL_TIME}) from identification_runs
         where tenant_id = $1 and config_id = $2 and id <> $3 and published_at is not null
         order by published_at desc limit 1"
    ))
    .bind(tenant.id)
    .bind(config_id)
    .bind(except)
    .bind(&tenant.time_zone)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(row.map(|(p, at)| (p.0, at)))
}

pub async fn view(state: &AppState, slug: &str, id: &str, query: RunQuery) -> Result<RunView, AppError> {
    let (tenant, _) = require_role(state, slug, OPERATOR).await?;
    let id = parse_id(id)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let RunContext {
        run,
        overrides,
        known,
        order,
    } = load_context(&mut tx, &tenant, id).await?;
    let previous = previous_published(&mut tx, &tenant, run.config_id, id).await?;
    tx.commit().await?;

    let finals = finals(&run, &order, &overrides);
    let counts = order
        .iter()
        .map(|(code, l)| {
            (
                l.clone(),
                finals.iter().filter(|f| f.statuses.contains(code)).count(),
            )
        })
        .collect();
    let known_of = |id: &str| known.get(id).cloned().unwrap_or_default();
    let mut municipalities: Vec<String> = finals
        .iter()
        .map(|f| known_of(&f.school.school_id).municipality)
        .filter(|m| !m.is_empty())
        .collect();
    municipalities.sort();
    municipalities.dedup();
    let mut groups: Vec<String> = finals
        .iter()
        .filter_map(|f| {
            f.school
                .group
                .clone()
                .or_else(|| Some(known_of(&f.school.school_id).group))
        })
        .filter(|g| !g.is_empty())
        .collect();
    groups.sort();
    groups.dedup();
    let unknown = finals
        .iter()
        .filter(|f| !known.contains_key(&f.school.school_id))
        .count();
    let mut warnings = Vec::new();
    if unknown > 0 {
        warnings.push(ru::schools_not_in_registry(unknown));
    }

    let wanted = |value: &Option<String>| value.clone().filter(|v| !v.is_empty());
    let (status, municipality, group) = (
        wanted(&query.status),
        wanted(&query.municipality),
        wanted(&query.group),
    );
    let search = wanted(&query.search).map(|s| s.to_lowercase());
    let mut rows: Vec<RunRow> = finals
        .iter()
        .filter(|f| match status.as_deref() {
            Some("none") => f.statuses.is_empty(),
            Some("any") => !f.statuses.is_empty(),
            Some(code) => f.statuses.iter().any(|s| s == code),
            None => true,
        })
        .map(|f| {
            let k = known_of(&f.school.school_id);
            RunRow {
                school_id: f.school.school_id.clone(),
                name: k.name,
                municipality: k.municipality,
                group: f.school.group.clone().unwrap_or(k.group),
                statuses: f.statuses.iter().map(|s| label(&order, s).to_string()).collect(),
                overridden: overrides.iter().any(|o| o.school_id == f.school.school_id),
                latest: latest_summary(&run, f.school),
            }
        })
        .filter(|r| municipality.as_ref().is_none_or(|m| &r.municipality == m))
        .filter(|r| group.as_ref().is_none_or(|g| &r.group == g))
        .filter(|r| {
            search
                .as_ref()
                .is_none_or(|s| r.school_id.to_lowercase().contains(s) || r.name.to_lowercase().contains(s))
        })
        .collect();
    match query.sort.as_deref().unwrap_or("statuses") {
        "name" => rows.sort_by(|a, b| a.name.cmp(&b.name)),
        "municipality" => rows.sort_by(|a, b| (&a.municipality, &a.name).cmp(&(&b.municipality, &b.name))),
        "group" => rows.sort_by(|a, b| (&a.group, &a.school_id).cmp(&(&b.group, &b.school_id))),
        "school" => rows.sort_by(|a, b| a.school_id.cmp(&b.school_id)),
        _ => rows.sort_by_key(|r| r.statuses.is_empty()),
    }
    let matching = rows.len();
    let pages = matching.div_ceil(PAGE_SIZE).max(1);
    let page = query.page.unwrap_or(1).clamp(1, pages);
    let rows = rows
        .into_iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    let diff =
        previous.map(|(published, at)| diff(&run, &order, &finals, &overrides, &known, &published, at));
    Ok(RunView {
        id: id.to_string(),
        config_id: run.config_id.to_string(),
        config_version: run.config_version.to_string(),
        config_title: run.config.title().to_string(),
        version: run.version,
        method: run.config.method_label().to_string(),
        created_at: run.created_at.clone(),
        created_by: run.created_by.clone(),
        published_at: run.published_at.clone(),
        years: run.result.years.clone(),
        statuses: order.clone(),
        counts,
        total: finals.len(),
        municipalities,
        groups,
        rows,
        matching,
        page,
        pages,
        overrides,
        diff,
        histograms: histograms(&run),
        warnings,
    })
}

pub async fn explain(
    state: &AppState,
    slug: &str,
    run_id: &str,
    school_id: &str,
) -> Result<Explanation, AppError> {
    let (tenant, _) = require_role(state, slug, OPERATOR).await?;
    let run_id = parse_id(run_id)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let RunContext {
        run,
        overrides,
        known,
        order,
    } = load_context(&mut tx, &tenant, run_id).await?;
    let stored = match run.config {
        Config::ExternalList(_) => None,
        _ => Some(stored_data(&mut tx, &tenant).await?),
    };
    tx.commit().await?;
    let stamps = stored.as_ref().map(|s| s.stamps.clone()).unwrap_or_default();
    let school = run
        .result
        .schools
        .iter()
        .find(|s| s.school_id == school_id)
        .ok_or(AppError::NotFound)?;
    let own: Vec<OverrideView> = overrides
        .into_iter()
        .filter(|o| o.school_id == school_id)
        .collect();
    let statuses = order
        .iter()
        .filter(|(code, _)| {
            final_statuses(&order, &school.statuses, school_id, &own).contains(code)
                || own.iter().any(|o| &o.status == code)
        })
        .map(|(code, l)| {
            let why = match own.iter().rev().find(|o| &o.status == code) {
                Some(o) => override_why(o),
                None => engine_why(&run.config, &run.result.years, Some(school), code),
            };
            (l.clone(), why)
        })
        .collect();
    let k = known.get(school_id).cloned().unwrap_or_default();
    let years = match stored {
        None => Vec::new(),
        Some(stored) => {
            let config = run.config.clone();
            let school_id = school_id.to_string();
            let cutoffs = run.analysis.cutoffs.clone();
            tokio::task::spawn_blocking(move || {
                dataset(&config, stored, &known)
                    .map(|data| explain_years(&config, &data, &school_id, &cutoffs))
            })
            .await
            .map_err(AppError::internal)??
        }
    };
    Ok(Explanation {
        school_id: school_id.to_string(),
        name: k.name,
        municipality: k.municipality,
        statuses,
        years,
        overrides: own,
        data_changed: !matches!(run.config, Config::ExternalList(_)) && stamps != run.analysis.data,
    })
}

/// Per year of the school: each index with its cut-offs and each indicator's part, or the flags.
fn explain_years(
    config: &Config,
    data: &Dataset,
    school_id: &str,
    cutoffs: &[Cutoff],
) -> Vec<YearExplanation> {
    let Some(school) = data.school_ids.iter().position(|s| s == school_id) else {
        return Vec::new();
    };
    let mut rows: Vec<usize> = (0..data.len())
        .filter(|&r| data.school[r] as usize == school)
        .collect();
    rows.sort_by_key(|&r| std::cmp::Reverse(data.years[r]));
    let column = |code: &str| data.indicators.iter().find(|(c, _)| c == code).map(|(_, v)| v);
    rows.into_iter()
        .map(|row| {
            let year = data.years[row];
            let grouped = matches!(config, Config::IndexBands(c) if c.grouped);
            let group = data.group(row).filter(|_| grouped).map(str::to_string);
            let mut explanation = YearExplanation {
                year,
                group: group.clone(),
                indices: Vec::new(),
                flags: Vec::new(),
            };
            match config {
                Config::IndexBands(c) => {
                    let peers: Vec<usize> = (0..data.len())
                        .filter(|&r| {
                            data.years[r] == year && (!c.grouped || data.group(r) == group.as_deref())
                        })
                        .collect();
                    for spec in &c.indices {
                        let mut parts: Vec<Contribution> = spec
                            .indicators
                            .iter()
                            .map(|ind| {
                                let values = column(&ind.code);
                                let value = values.and_then(|v| present(v[row]));
                                let (normalised, note) = match (value, ind.normalization) {
                                    (None, _) => (None, Some(ru::NOTE_NO_VALUE.to_string())),
                                    (Some(x), super::config::Normalization::Threshold) => {
                                        let flag = ind
                                            .op
                                            .expect("validated")
                                            .holds(x, ind.value.expect("validated"));
                                        let f = if flag { 1.0 } else { 0.0 };
                                        let n = match ind.direction {
                                            super::config::Direction::Direct => f,
                                            super::config::Direction::Inverse => 1.0 - f,
                                        };
                                        (Some(n), None)
                                    }
                                    (Some(x), super::config::Normalization::Minmax) => {
                                        let in_group =
                                            peers.iter().filter_map(|&r| values.and_then(|v| present(v[r])));
                                        let (min, max) = in_group
                                            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                                                (lo.min(v), hi.max(v))
                                            });
                                        if max == min {
                                            (None, Some(ru::NOTE_NO_SPREAD.to_string()))
                                        } else {
                                            let n = match ind.direction {
                                                super::config::Direction::Direct => (x - min) / (max - min),
                                                super::config::Direction::Inverse => (max - x) / (max - min),
                                            };
                                            (Some(n), Some(ru::note_range(min, max)))
                                        }
                                    }
                                };
                                Contribution {
                                    code: ind.code.clone(),
                                    title: ind.title.clone().unwrap_or_default(),
                                    value,
                                    normalised,
                                    note,
                                    weight: ind.weight,
                                    contribution: None,
                                }
                            })
                            .collect();
                        let total: f64 = parts
                            .iter()
                            .filter(|p| p.normalised.is_some())
                            .map(|p| p.weight)
                            .sum();
                        let available = parts.iter().filter(|p| p.normalised.is_some()).count();
                        for part in &mut parts {
                            part.contribution = part.normalised.map(|n| n * part.weight / total);
                        }
                        let index = (available >= spec.min_indicators && total > 0.0)
                            .then(|| parts.iter().filter_map(|p| p.contribution).sum::<f64>());
                        let cutoff = cutoffs.iter().find(|k| {
                            k.year == year
                                && k.index == spec.code
                                && k.group == group.clone().unwrap_or_default()
                        });
                        let band = match (index, cutoff) {
                            (Some(i), Some(k)) => Some(band_of(spec.orientation, i, k)),
                            _ => None,
                        };
                        explanation.indices.push(IndexExplanation {
                            code: spec.code.clone(),
                            title: spec.title.clone().unwrap_or_default(),
                            index,
                            band: band.map(|b| b.label().to_string()),
                            schools_compared: cutoff.map_or(0, |k| k.n),
                            band_size: cutoff.map_or(0, |k| k.k),
                            worst_cutoff: cutoff.map(|k| k.worst),
                            best_cutoff: cutoff.map(|k| k.best),
                            contributions: parts,
                        });
                    }
                }
                Config::FlagCount(c) => {
                    for ind in &c.indicators {
                        let value = column(&ind.code).and_then(|v| present(v[row]));
                        explanation.flags.push(FlagExplanation {
                            code: ind.code.clone(),
                            title: ind.title.clone().unwrap_or_default(),
                            value,
                            rule: format!("{} {}", ind.op.symbol(), ind.value),
                            flagged: value.is_some_and(|x| ind.op.holds(x, ind.value)),
                        });
                    }
                }
                Config::ExternalList(_) => {}
            }
            explanation
        })
        .collect()
}

fn band_of(orientation: super::config::Orientation, index: f64, cutoff: &Cutoff) -> Band {
    let round = |x: f64| (x * 1e12).round();
    engine::band_of(orientation, round(index), round(cutoff.worst), round(cutoff.best))
}

pub async fn add_override(
    state: &AppState,
    slug: &str,
    run_id: &str,
    school_id: &str,
    status: &str,
    action: &str,
    reason: &str,
) -> Result<(), AppError> {
    let (tenant, user) = require_role(state, slug, OPERATOR).await?;
    let run_id = parse_id(run_id)?;
    let reason = reason.trim();
    if reason.chars().count() < 5 {
        return Err(AppError::invalid("reason", ru::OVERRIDE_REASON_REQUIRED));
    }
    if !["add", "remove"].contains(&action) {
        return Err(AppError::invalid(
            "action",
            ru::edit_unknown_choice("rule", action),
        ));
    }
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let run = load_run(&mut tx, &tenant, run_id).await?;
    if !status_labels(&run.config, &tenant.status_labels)
        .iter()
        .any(|(c, _)| c == status)
    {
        return Err(AppError::invalid(
            "status",
            ru::edit_unknown_choice("status", status),
        ));
    }
    let known = registry(&mut tx, &tenant).await?;
    if !known.contains_key(school_id) && !run.result.schools.iter().any(|s| s.school_id == school_id) {
        return Err(AppError::invalid(
            "school",
            ru::override_unknown_school(school_id),
        ));
    }
    sqlx::query(
        "update identification_overrides set withdrawn_at = now()
         where tenant_id = $1 and config_id = $2 and school_code = $3 and status = $4 and withdrawn_at is null",
    )
    .bind(tenant.id)
    .bind(run.config_id)
    .bind(school_id)
    .bind(status)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "insert into identification_overrides (tenant_id, config_id, school_code, status, action, reason, created_by)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant.id)
    .bind(run.config_id)
    .bind(school_id)
    .bind(status)
    .bind(action)
    .bind(reason)
    .bind(user.user_id)
    .execute(&mut *tx)
    .await?;
    audit(
        &mut tx,
        Some(tenant.id),
        Some(user.user_id),
        "identification_override",
        serde_json::json!({
            "config": run.config.title(), "school": school_id, "status": status,
            "action": action, "reason": reason,
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn withdraw_override(state: &AppState, slug: &str, run_id: &str, id: &str) -> Result<(), AppError> {
    let (tenant, user) = require_role(state, slug, OPERATOR).await?;
    let run_id = parse_id(run_id)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let run = load_run(&mut tx, &tenant, run_id).await?;
    let withdrawn = sqlx::query_as::<_, (String, String)>(
        "update identification_overrides set withdrawn_at = now()
         where tenant_id = $1 and config_id = $2 and id = $3 and withdrawn_at is null
         returning school_code, status",
    )
    .bind(tenant.id)
    .bind(run.config_id)
    .bind(parse_id(id)?)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    audit(
        &mut tx,
        Some(tenant.id),
        Some(user.user_id),
        "identification_override_withdrawn",
        serde_json::json!({ "config": run.config.title(), "school": withdrawn.0, "status": withdrawn.1 }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn publish(state: &AppState, slug: &str, run_id: &str) -> Result<(), AppError> {
    let (tenant, user) = require_role(state, slug, OPERATOR).await?;
    let run_id = parse_id(run_id)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let RunContext {
        run,
        overrides,
        known,
        order,
    } = load_context(&mut tx, &tenant, run_id).await?;
    if run.published_at.is_some() {
        return Err(AppError::invalid("run", ru::RUN_ALREADY_PUBLISHED));
    }
    let published = Published {
        title: run.config.title().to_string(),
        years: run.result.years.clone(),
        labels: order.clone(),
        schools: finals(&run, &order, &overrides)
            .into_iter()
            .filter(|f| !f.statuses.is_empty())
            .map(|f| {
                let k = known.get(&f.school.school_id).cloned().unwrap_or_default();
                PublishedSchool {
                    school_id: f.school.school_id.clone(),
                    name: k.name,
                    municipality: k.municipality,
                    notes: overrides
                        .iter()
                        .filter(|o| o.school_id == f.school.school_id)
                        .map(override_why)
                        .collect(),
                    statuses: f.statuses,
                }
            })
            .collect(),
    };
    sqlx::query(
        "update identification_runs set published = $3, published_at = now(), published_by = $4
         where tenant_id = $1 and id = $2",
    )
    .bind(tenant.id)
    .bind(run_id)
    .bind(Json(&published))
    .bind(user.user_id)
    .execute(&mut *tx)
    .await?;
    // The lists came from this version, so it is frozen from now on.
    sqlx::query(
        "update identification_configs set published_at = coalesce(published_at, now())
         where tenant_id = $1 and id = $2",
    )
    .bind(tenant.id)
    .bind(run.config_version)
    .execute(&mut *tx)
    .await?;
    audit(
        &mut tx,
        Some(tenant.id),
        Some(user.user_id),
        "identification_published",
        serde_json::json!({ "config": run.config.title(), "version": run.version, "schools": published.schools.len() }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The latest published list of each configuration; a municipal coordinator sees the schools
/// of their own municipality, a regional operator all of them.
pub async fn published_lists(state: &AppState, slug: &str) -> Result<Vec<PublishedList>, AppError> {
    let (tenant, user) = require_role(state, slug, &["municipal_coordinator", "regional_operator"]).await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let operator: bool = sqlx::query_scalar(
        "select exists(select 1 from role_grants where tenant_id = $1 and user_id = $2 and role = 'regional_operator')",
    )
    .bind(tenant.id)
    .bind(user.user_id)
    .fetch_one(&mut *tx)
    .await?;
    let own: Option<String> = sqlx::query_scalar(
        "select m.name from memberships ms
         join municipalities m on m.tenant_id = ms.tenant_id and m.id = ms.municipality_id
         where ms.tenant_id = $1 and ms.user_id = $2",
    )
    .bind(tenant.id)
    .bind(user.user_id)
    .fetch_optional(&mut *tx)
    .await?;
    let runs = sqlx::query_as::<_, (Json<Published>, String)>(&format!(
        "select distinct on (config_id) published, to_char(published_at at time zone $2, {LOCAL_TIME})
         from identification_runs where tenant_id = $1 and published_at is not null
         order by config_id, published_at desc"
    ))
    .bind(tenant.id)
    .bind(&tenant.time_zone)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(runs
        .into_iter()
        .map(|(published, published_at)| PublishedList {
            config_title: published.title.clone(),
            published_at,
            years: published.years.clone(),
            schools: published
                .schools
                .iter()
                .filter(|s| operator || own.as_ref().is_some_and(|m| &s.municipality == m))
                .map(|s| PublishedRow {
                    school_id: s.school_id.clone(),
                    name: s.name.clone(),
                    municipality: s.municipality.clone(),
                    statuses: s
                        .statuses
                        .iter()
                        .map(|c| label(&published.labels, c).to_string())
                        .collect(),
                    notes: s.notes.clone(),
                })
                .collect(),
        })
        .collect())
}

/// The rows of the export: one per school, with every year's indices or flags.
pub(super) async fn export_rows(
    state: &AppState,
    tenant: &TenantRow,
    run_id: Uuid,
) -> Result<(String, Vec<String>, Vec<Vec<String>>), AppError> {
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let RunContext {
        run,
        overrides,
        known,
        order,
    } = load_context(&mut tx, tenant, run_id).await?;
    tx.commit().await?;
    let mut header: Vec<String> = ru::EXPORT_COLUMNS.iter().map(|c| c.to_string()).collect();
    let columns: Vec<(i32, String)> = match &run.config {
        Config::IndexBands(c) => run
            .result
            .years
            .iter()
            .flat_map(|y| c.indices.iter().map(move |i| (*y, i.code.clone())))
            .collect(),
        Config::FlagCount(_) => run.result.years.iter().map(|y| (*y, String::new())).collect(),
        Config::ExternalList(_) => Vec::new(),
    };
    for (year, index) in &columns {
        if index.is_empty() {
            header.push(ru::export_flags(*year));
        } else {
            header.push(ru::export_index(*year, index));
            header.push(ru::export_band(*year, index));
        }
    }
    let rows = finals(&run, &order, &overrides)
        .into_iter()
        .map(|f| {
            let k = known.get(&f.school.school_id).cloned().unwrap_or_default();
            let mut row = vec![
                f.school.school_id.clone(),
                k.name,
                k.municipality,
                f.school.group.clone().unwrap_or(k.group),
                f.statuses
                    .iter()
                    .map(|s| label(&order, s))
                    .collect::<Vec<_>>()
                    .join("; "),
                f.school
                    .statuses
                    .iter()
                    .map(|s| label(&order, s))
                    .collect::<Vec<_>>()
                    .join("; "),
                overrides
                    .iter()
                    .filter(|o| o.school_id == f.school.school_id)
                    .map(override_why)
                    .collect::<Vec<_>>()
                    .join("; "),
            ];
            for (year, index) in &columns {
                match f.school.years.get(year) {
                    Some(YearResult::Indices(map)) => {
                        let v = map.get(index);
                        row.push(
                            v.and_then(|v| v.index)
                                .map(|x| format!("{x:.6}"))
                                .unwrap_or_default(),
                        );
                        row.push(
                            v.and_then(|v| v.band)
                                .map(|b| b.label().to_string())
                                .unwrap_or_default(),
                        );
                    }
                    Some(YearResult::Flags { flags }) => row.push(flags.join(", ")),
                    None if index.is_empty() => row.push(String::new()),
                    None => row.extend([String::new(), String::new()]),
                }
            }
            row
        })
        .collect();
    Ok((run.config.title().to_string(), header, rows))
}
