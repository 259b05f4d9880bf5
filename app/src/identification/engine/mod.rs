//! The identification engine of `../shared/identification.md`: the same code serves the web UI
//! and `server identify`. Normalisation, indices and bands are computed with polars.

pub mod data;
mod external_list;
mod flag_count;
mod index_bands;
pub mod result;

use std::collections::{BTreeMap, HashMap};

pub use data::{Dataset, ExternalList, InputError, RawTable};
pub use result::{IdentificationResult, SchoolResult, YearResult};

use crate::identification::config::Config;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Config(#[from] crate::identification::config::ConfigError),
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("внутренняя ошибка вычисления: {0}")]
    Compute(String),
}

impl From<polars::error::PolarsError> for EngineError {
    fn from(error: polars::error::PolarsError) -> Self {
        EngineError::Compute(error.to_string())
    }
}

/// Reads the input for `config` from a CSV or XLSX table and runs it.
pub fn run_table(config: &Config, table: RawTable) -> Result<IdentificationResult, EngineError> {
    match config {
        Config::ExternalList(c) => {
            let allowed: Vec<String> = c.statuses.iter().map(|s| s.code.clone()).collect();
            let list = ExternalList::from_table(table, &allowed)?;
            Ok(external_list::run(c, &list))
        }
        _ => {
            let data = Dataset::from_table(table, &config.indicator_codes(), config.needs_groups())?;
            run(config, &data)
        }
    }
}

/// Runs an indicator method on a parsed dataset.
pub fn run(config: &Config, data: &Dataset) -> Result<IdentificationResult, EngineError> {
    match config {
        Config::IndexBands(c) => index_bands::run(c, data),
        Config::FlagCount(c) => flag_count::run(c, data),
        Config::ExternalList(c) => Ok(external_list::run(c, &ExternalList::default())),
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

/// Rows of each school, with the school ids sorted; rows keep their dataset indices.
struct Schools<'a> {
    order: Vec<&'a str>,
    rows: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Schools<'a> {
    fn of(data: &'a Dataset) -> Self {
        let mut rows: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, id) in data.school_ids.iter().enumerate() {
            rows.entry(id.as_str()).or_default().push(i);
        }
        let mut order: Vec<&str> = rows.keys().copied().collect();
        order.sort_unstable();
        Schools { order, rows }
    }

    /// The school's row with the latest year.
    fn latest_row(&self, data: &Dataset, school: &str) -> usize {
        self.rows[school]
            .iter()
            .copied()
            .max_by_key(|&row| data.years[row])
            .expect("every listed school has a row")
    }
}

fn attributes(data: &Dataset, row: usize) -> BTreeMap<String, String> {
    data.extra
        .iter()
        .filter(|(_, values)| !values[row].is_empty())
        .map(|(name, values)| (name.clone(), values[row].clone()))
        .collect()
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
mod tests;
