//! The engine on the region's stored data, and what a run keeps beside its result: the
//! cut-offs of each band and the groups the schools were compared in.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::clusters::fill::{RegistryDefaults, Taken};
use super::config::Config;
use super::db::{self, Known};
use super::engine::{self, ColumnTable, Dataset, IdentificationResult, RawTable};
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

/// One year's stored data: its columns (read without parsing; packed, unpacked with the run),
/// or, for a version stored before columns were kept or read for reproducing, its canonical CSV.
enum YearData {
    Columns(Vec<u8>),
    Csv(String),
}

/// Years of indicator data (one version each), oldest first.
pub(super) struct StoredData {
    years: Vec<YearData>,
    pub stamps: DataStamps,
    pub versions: Vec<DataVersion>,
}

impl TryFrom<Vec<db::DataYear>> for StoredData {
    type Error = AppError;

    fn try_from(mut rows: Vec<db::DataYear>) -> Result<Self, AppError> {
        let mut years = Vec::with_capacity(rows.len());
        for row in &mut rows {
            years.push(match row.data.take() {
                Some(data) => YearData::Columns(data),
                None => YearData::Csv(row.csv()?.unwrap_or_default()),
            });
        }
        Ok(StoredData {
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
            years,
        })
    }
}

impl StoredData {
    /// The first year read as CSV whose content no longer has the hash it was recorded with.
    pub fn corrupted(&self) -> Option<i32> {
        self.years
            .iter()
            .zip(&self.versions)
            .find(|(year, v)| {
                matches!(year, YearData::Csv(content) if super::versions::content_sha256(content) != v.sha256)
            })
            .map(|(_, v)| v.year)
    }
}

/// The current version of every loaded year.
pub(super) async fn stored_data(ctx: &mut Ctx) -> Result<StoredData, AppError> {
    StoredData::try_from(db::data_years(ctx).await?)
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
/// stored in columns are read without parsing; the CSV of older versions is parsed.
pub(super) fn dataset(
    config: &Config,
    stored: StoredData,
    groups: &RegistryDefaults,
) -> Result<(Dataset, Taken), AppError> {
    let codes = config.indicator_codes();
    let invalid = |error: engine::InputError| AppError::invalid("data", error.to_string());
    let csv: Option<Vec<&String>> = stored
        .years
        .iter()
        .map(|year| match year {
            YearData::Csv(content) => Some(content),
            YearData::Columns(_) => None,
        })
        .collect();
    let mut data = match csv {
        Some(years) => csv_dataset(&years, &codes).map_err(invalid)?,
        None => {
            let tables = engine::parallel_map(&stored.years, |year| match year {
                YearData::Columns(bytes) => super::packed::unpack(bytes)
                    .ok()
                    .and_then(|columns| ColumnTable::decode(&columns))
                    .ok_or_else(|| AppError::internal("stored indicator columns are damaged")),
                YearData::Csv(content) => ColumnTable::from_csv(content).map_err(AppError::internal),
            })
            .into_iter()
            .collect::<Result<Vec<_>, _>>()?;
            Dataset::from_columns(&tables, &codes, false).map_err(invalid)?
        }
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

/// Years stored as CSV only (loaded before columns were kept): under one header they are read
/// as one CSV, straight into columns; with different indicators they are merged under the
/// union of their headers first.
fn csv_dataset(years: &[&String], codes: &[String]) -> Result<Dataset, engine::InputError> {
    let header = |text: &str| text.lines().next().unwrap_or_default().to_string();
    if years.windows(2).all(|w| header(w[0]) == header(w[1])) {
        let mut joined = String::with_capacity(years.iter().map(|y| y.len()).sum());
        for (i, year) in years.iter().enumerate() {
            let body = if i == 0 {
                year.as_str()
            } else {
                year.split_once('\n').map_or("", |(_, b)| b)
            };
            joined.push_str(body);
        }
        Dataset::from_csv(joined.as_bytes(), codes, false)
    } else {
        let tables = years
            .iter()
            .map(|content| RawTable::from_csv(content.as_bytes()))
            .collect::<Result<Vec<_>, _>>()?;
        Dataset::from_table(&merge(tables), codes, false)
    }
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

/// The cut-offs of one (year, group, index): what a school's index was compared with.
pub(super) use super::engine::Cutoff;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct Analysis {
    pub cutoffs: Vec<Cutoff>,
    pub data: DataStamps,
    /// The group of each school in each year, where the configuration compares within groups.
    pub groups: BTreeMap<String, BTreeMap<i32, String>>,
}

/// What a run keeps beside its result: the engine's cut-offs, the data stamps, and each
/// school's group per year where the configuration compares within groups.
fn analyse(config: &Config, data: &Dataset, cutoffs: Vec<Cutoff>, data_stamps: DataStamps) -> Analysis {
    let mut analysis = Analysis {
        cutoffs,
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
    let (result, cutoffs) =
        engine::run_with_cutoffs(config, &data).map_err(|e| AppError::invalid("data", e.to_string()))?;
    let analysis = analyse(config, &data, cutoffs, stamps);
    Ok(Computed {
        result,
        analysis,
        inputs,
    })
}
