//! The engine on the region's stored data, and what a run keeps beside its result: the
//! cut-offs of each band and the groups the schools were compared in.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::clusters::fill::{RegistryDefaults, Taken};
use super::config::{Config, Orientation};
use super::db::{self, Known};
use super::engine::{self, Dataset, IdentificationResult, RawTable, YearResult};
use crate::access::Ctx;
use crate::error::AppError;
use crate::i18n::ru;

/// When each loaded year was last replaced: a run records it, so an explanation can tell that
/// the data changed since.
pub(super) type DataStamps = BTreeMap<i32, String>;

/// The version of one year's data a run read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(super) struct DataVersion {
    pub year: i32,
    pub id: Uuid,
    pub version: i32,
    pub sha256: String,
}

/// Years of indicator data (one version each), oldest first.
pub(super) struct StoredData {
    years: Vec<String>,
    pub stamps: DataStamps,
    pub versions: Vec<DataVersion>,
}

impl From<Vec<db::DataYear>> for StoredData {
    fn from(rows: Vec<db::DataYear>) -> Self {
        StoredData {
            stamps: rows.iter().map(|row| (row.year, row.stamp.clone())).collect(),
            versions: rows
                .iter()
                .map(|row| DataVersion {
                    year: row.year,
                    id: row.id,
                    version: row.version,
                    sha256: row.sha256.clone(),
                })
                .collect(),
            years: rows.into_iter().map(|row| row.content).collect(),
        }
    }
}

impl StoredData {
    /// The first year whose content no longer has the hash it was recorded with.
    pub fn corrupted(&self) -> Option<i32> {
        self.years
            .iter()
            .zip(&self.versions)
            .find(|(content, v)| super::versions::content_sha256(content) != v.sha256)
            .map(|(_, v)| v.year)
    }
}

/// The current version of every loaded year.
pub(super) async fn stored_data(ctx: &mut Ctx) -> Result<StoredData, AppError> {
    Ok(StoredData::from(db::data_years(ctx).await?))
}

/// What a run read besides its data versions and configuration version: the configuration as
/// it was (a draft may change later), the external list, and the group the registry gave each
/// school whose rows have none. Recomputing from these gives the same result.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct RunInputs {
    pub config: Option<Config>,
    pub external: Option<String>,
    pub groups: BTreeMap<String, String>,
    /// The cluster the registry gave each school whose rows have none, when the configuration
    /// is limited to clusters.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub clusters: BTreeMap<String, String>,
}

/// The registry's group and cluster of each school, for rows without one.
pub(super) fn registry_groups(known: &HashMap<String, Known>) -> RegistryDefaults {
    RegistryDefaults::of(known)
}

/// The region's data as the engine reads it for `config`; a row without a group takes the one
/// `groups` gives its school (the registry's), and the groups so taken are returned. Years
/// stored under one header are read as one CSV, straight into columns; years with different
/// indicators are merged under the union of their headers first.
pub(super) fn dataset(
    config: &Config,
    stored: StoredData,
    groups: &RegistryDefaults,
) -> Result<(Dataset, Taken), AppError> {
    let codes = config.indicator_codes();
    let invalid = |error: engine::InputError| AppError::invalid("data", error.to_string());
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
    let mut taken = BTreeMap::new();
    for row in 0..data.len() {
        let school = &data.school_ids[data.school[row] as usize];
        if data.group(row).is_none() {
            if let Some(group) = groups.groups.get(school) {
                taken.insert(school.clone(), group.clone());
            }
        }
    }
    data.fill_groups(|school| groups.groups.get(school).map(String::as_str));
    let clusters = if config.uses_clusters() {
        groups.fill_clusters(&mut data)
    } else {
        BTreeMap::new()
    };
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
    Ok((
        data,
        Taken {
            groups: taken,
            clusters,
        },
    ))
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
            Orientation::HigherIsBetter => (low, high),
            Orientation::HigherIsWorse => (high, low),
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

/// A run's result and analysis, and what it read besides data and configuration.
pub(super) struct Computed {
    pub result: IdentificationResult,
    pub analysis: Analysis,
    pub inputs: RunInputs,
}

pub(super) fn compute(
    config: &Config,
    stored: Option<StoredData>,
    groups: &RegistryDefaults,
    external: Option<String>,
) -> Result<Computed, AppError> {
    let mut inputs = RunInputs {
        config: Some(config.clone()),
        external: external.clone(),
        ..RunInputs::default()
    };
    let Some(stored) = stored else {
        let list = RawTable::from_csv(external.unwrap_or_default().as_bytes()).map_err(AppError::internal)?;
        let result = engine::run_table(config, list).map_err(|e| AppError::invalid("data", e.to_string()))?;
        return Ok(Computed {
            result,
            analysis: Analysis::default(),
            inputs,
        });
    };
    let stamps = stored.stamps.clone();
    let (data, taken) = dataset(config, stored, groups)?;
    (inputs.groups, inputs.clusters) = (taken.groups, taken.clusters);
    let result = engine::run(config, &data).map_err(|e| AppError::invalid("data", e.to_string()))?;
    let analysis = analyse(config, &data, &result, stamps);
    Ok(Computed {
        result,
        analysis,
        inputs,
    })
}
