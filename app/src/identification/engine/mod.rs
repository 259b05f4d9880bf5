//! The identification engine of `../shared/identification.md`: the same code serves the web UI
//! and `server identify`. Normalisation, indices and bands are computed with polars.

pub mod data;
mod external_list;
mod flag_count;
mod index_bands;
pub mod result;
pub mod xlsx;

pub use data::{ColumnTable, Dataset, ExternalList, InputError, RawTable};
pub use result::{IdentificationResult, SchoolResult, YearResult};

use crate::identification::config::{Band, Config, Orientation};

/// The version of the engine's semantics, recorded with every run. Bump it with any change that
/// can change a result for the same data and configuration (normalisation, bands, rules, the
/// output's form), so a run that no longer reproduces says why.
pub const ENGINE_VERSION: i32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Config(#[from] crate::identification::config::ConfigError),
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{}", crate::i18n::ru::engine_compute_failed(.0))]
    Compute(String),
}

impl From<polars::error::PolarsError> for EngineError {
    fn from(error: polars::error::PolarsError) -> Self {
        EngineError::Compute(error.to_string())
    }
}

/// Runs `config` on a CSV or XLSX file.
pub fn run_file(config: &Config, path: &std::path::Path) -> Result<IdentificationResult, EngineError> {
    match data::Format::of(path)? {
        data::Format::Csv if matches!(config, Config::ExternalList(_)) => {
            run_csv(config, &data::read_bytes(path)?)
        }
        data::Format::Csv => {
            let bytes = data::read_bytes(path)?;
            let data = Dataset::from_csv(&bytes, &config.indicator_codes(), config.needs_groups())?;
            // The file is not needed once parsed: freed before the run, it is not part of the
            // run's peak memory.
            drop(bytes);
            run(config, &data)
        }
        data::Format::Spreadsheet => run_table(config, RawTable::from_spreadsheet(path)?),
    }
}

/// Runs `config` on the bytes of a CSV file.
pub fn run_csv(config: &Config, bytes: &[u8]) -> Result<IdentificationResult, EngineError> {
    match config {
        Config::ExternalList(_) => run_table(config, RawTable::from_csv(bytes)?),
        _ => run(
            config,
            &Dataset::from_csv(bytes, &config.indicator_codes(), config.needs_groups())?,
        ),
    }
}

/// Runs `config` on a table already read from a spreadsheet.
pub fn run_table(config: &Config, table: RawTable) -> Result<IdentificationResult, EngineError> {
    match config {
        Config::ExternalList(c) => {
            let allowed: Vec<String> = c.statuses.iter().map(|s| s.code.clone()).collect();
            let list = ExternalList::from_table(table, &allowed)?;
            Ok(external_list::run(c, &list))
        }
        _ => {
            let data = Dataset::from_table(&table, &config.indicator_codes(), config.needs_groups())?;
            run(config, &data)
        }
    }
}

/// Runs an indicator method on a parsed dataset.
pub fn run(config: &Config, data: &Dataset) -> Result<IdentificationResult, EngineError> {
    run_with_cutoffs(config, data).map(|(result, _)| result)
}

/// The cut-offs one index was banded with in one (year, group): `n` schools had the index, each
/// band holds at least `k`; `worst` and `best` are in the orientation's terms (the values that
/// were compared, rounded for ties).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Cutoff {
    pub year: i32,
    pub group: String,
    pub index: String,
    pub n: usize,
    pub k: usize,
    pub worst: f64,
    pub best: f64,
}

/// [`run`], with the cut-offs of the `index_bands` method (none for the others), so that what
/// a run keeps beside its result need not be computed again.
pub fn run_with_cutoffs(
    config: &Config,
    data: &Dataset,
) -> Result<(IdentificationResult, Vec<Cutoff>), EngineError> {
    if config.uses_clusters() && !data.extra.iter().any(|(name, _)| name == CLUSTER) {
        return Err(InputError::MissingColumn {
            column: CLUSTER.into(),
        }
        .into());
    }
    match config {
        Config::IndexBands(c) => index_bands::run(c, data),
        Config::FlagCount(c) => Ok((flag_count::run(c, data)?, Vec::new())),
        Config::ExternalList(c) => Ok((external_list::run(c, &ExternalList::default()), Vec::new())),
    }
}

/// `f` over `items` on every core, results in order: the per-partition frames and the
/// per-school results are independent of each other. Runs on polars' own threads, which stay
/// for the whole run, so memory one phase frees is at hand for the next.
pub(crate) fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use rayon::prelude::*;
    polars_core::runtime::RAYON.install(|| items.par_iter().map(&f).collect())
}

/// [`parallel_map`] taking the items: each is consumed by `f` (an upload's years, rewritten
/// and packed in place).
pub(crate) fn parallel_into<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    polars_core::runtime::RAYON.install(|| items.into_par_iter().map(&f).collect())
}

/// A column of the engine's frames, an empty cell (NaN) null. The values go into the array as
/// they are and the nulls are set by a bitmap: building the array value by value as options was
/// a tenth of a run.
fn nullable(name: String, values: Vec<f64>) -> polars::prelude::Float64Chunked {
    let validity: polars_arrow::bitmap::Bitmap = values.iter().map(|v| !v.is_nan()).collect();
    polars::prelude::Float64Chunked::from_vec_validity(name.into(), values, Some(validity))
}

/// Where an index stands against the cut-offs of its (year, group): in the worst band when it is
/// no better than `worst`, in the best when no worse than `best`, in the middle when both or
/// neither hold (a band larger than half the schools).
pub fn band_of(orientation: Orientation, index: f64, worst: f64, best: f64) -> Band {
    let (in_worst, in_best) = match orientation {
        Orientation::HigherIsBetter => (index <= worst, index >= best),
        Orientation::HigherIsWorse => (index >= worst, index <= best),
    };
    match (in_worst, in_best) {
        (true, false) => Band::Worst,
        (false, true) => Band::Best,
        _ => Band::Middle,
    }
}

/// The `n` latest distinct years present in the data, oldest first.
fn window(years: &[i32], n: usize) -> Vec<i32> {
    let mut distinct: Vec<i32> = years.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let skip = distinct.len().saturating_sub(n);
    distinct.split_off(skip)
}

/// Rows of each school, with the schools in order of their ids.
struct Schools {
    order: Vec<usize>,
    rows: Vec<Vec<usize>>,
}

impl Schools {
    fn of(data: &Dataset) -> Self {
        let mut rows = vec![Vec::new(); data.school_ids.len()];
        for (row, &school) in data.school.iter().enumerate() {
            rows[school as usize].push(row);
        }
        let mut order: Vec<usize> = (0..data.school_ids.len()).collect();
        order.sort_unstable_by(|&a, &b| data.school_ids[a].cmp(&data.school_ids[b]));
        Schools { order, rows }
    }

    /// The school's row with the latest year.
    fn latest_row(&self, data: &Dataset, school: usize) -> usize {
        self.rows[school]
            .iter()
            .copied()
            .max_by_key(|&row| data.years[row])
            .expect("every school has a row")
    }
}

fn attributes(data: &Dataset, row: usize) -> result::SmallMap<String, String> {
    data.extra
        .iter()
        .map(|(name, values)| (name, values.get(row)))
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| (name.clone(), value.to_string()))
        .collect()
}

/// The column of a school's cluster, carried like any other extra column.
pub const CLUSTER: &str = "cluster";

/// The cluster written in `row`, when the data has one.
fn row_cluster(data: &Dataset, row: usize) -> Option<&str> {
    data.extra
        .iter()
        .find(|(name, _)| name == CLUSTER)
        .map(|(_, values)| values.get(row))
        .filter(|c| !c.is_empty())
}

/// Assigns statuses in configuration order; `exclude` looks at statuses assigned before.
fn assign_statuses<'s>(rules: impl Iterator<Item = (&'s str, &'s [String], bool)>) -> Vec<String> {
    let mut held: Vec<String> = Vec::new();
    for (code, exclude, qualifies) in rules {
        if qualifies && !exclude.iter().any(|e| held.contains(e)) {
            held.push(code.to_string());
        }
    }
    held
}
#[cfg(test)]
mod combined_tests;
#[cfg(test)]
mod tests;
