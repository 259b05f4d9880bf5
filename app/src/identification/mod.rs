//! Identification of schools that need help (module A): each region's criteria as
//! configuration, the engine that applies them, the school registry and indicator data it reads,
//! runs with explanations and overrides, and the lists published to municipal coordinators.

pub mod clusters;
pub mod combined;
pub mod config;
pub mod edit;
#[cfg(feature = "ssr")]
pub mod engine;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod packed;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod uploads;
#[cfg(feature = "ssr")]
pub mod versions;
mod widgets;

#[cfg(feature = "ssr")]
mod analysis;
#[cfg(feature = "ssr")]
mod configs;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
mod explain;
#[cfg(feature = "ssr")]
mod lists;
#[cfg(feature = "ssr")]
mod overrides;
#[cfg(feature = "ssr")]
mod overview;
#[cfg(feature = "ssr")]
mod published;
#[cfg(feature = "ssr")]
mod reproduce;
#[cfg(feature = "ssr")]
mod runs;
#[cfg(feature = "ssr")]
mod schools;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
pub use edit::ConfigEdit;

#[cfg(feature = "ssr")]
pub use uploads::receive_upload;

/// What an uploaded file is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UploadKind {
    Schools,
    Indicators,
    ExternalList,
}

impl UploadKind {
    pub fn code(self) -> &'static str {
        match self {
            UploadKind::Schools => "schools",
            UploadKind::Indicators => "indicators",
            UploadKind::ExternalList => "external_list",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            UploadKind::Schools,
            UploadKind::Indicators,
            UploadKind::ExternalList,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// One school of the regional registry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistryRow {
    pub code: String,
    pub name: String,
    pub municipality: String,
    pub group: String,
    pub is_rural: bool,
    pub address: Option<String>,
    /// The school's number of teaching staff, if the registry gave it (dashboards' coverage).
    #[serde(default)]
    pub staff_count: Option<i32>,
    /// The school's cluster, which criteria may be limited to (from the registry or by hand).
    #[serde(default)]
    pub cluster: Option<String>,
}

#[server]
pub async fn get_schools(slug: String) -> Result<Vec<RegistryRow>, AppError> {
    crate::state::with_status(schools::get_schools(&slug).await)
}

/// A year of indicator data as it would be (preview) or is (overview) loaded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoadedYear {
    pub year: i32,
    /// 1, 2, … per year; 0 in a preview, before loading.
    pub version: i32,
    pub schools: usize,
    pub indicators: Vec<String>,
    pub file_name: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

/// An upload waiting for the operator: what it would change, or why it cannot be loaded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UploadPreview {
    pub id: String,
    pub kind: UploadKind,
    pub file_name: String,
    pub error: Option<String>,
    pub rows: usize,
    pub header: Vec<String>,
    pub sample: Vec<Vec<String>>,
    /// Indicator data: the years in the file, and what each replaces.
    pub years: Vec<(LoadedYear, Option<LoadedYear>)>,
    /// Registry: schools added, schools updated, municipalities created.
    pub new_schools: usize,
    pub updated_schools: usize,
    pub new_municipalities: Vec<String>,
    /// External list: the configuration version it is for.
    pub target: Option<String>,
}

#[server]
pub async fn get_upload(slug: String, id: String) -> Result<UploadPreview, AppError> {
    crate::state::with_status(uploads::get_upload(&slug, &id).await)
}

/// Applies a previewed upload in one transaction; returns where to go next.
#[server]
pub async fn commit_upload(slug: String, id: String) -> Result<String, AppError> {
    let next = crate::state::with_status(uploads::commit_upload(&slug, &id).await)?;
    leptos_axum::redirect(&next);
    Ok(next)
}

#[server]
pub async fn discard_upload(slug: String, id: String) -> Result<(), AppError> {
    crate::state::with_status(uploads::discard_upload(&slug, &id).await)?;
    leptos_axum::redirect(&format!("/r/{slug}/admin/identification"));
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfigSummary {
    pub id: String,
    pub config_id: String,
    pub version: i32,
    pub title: String,
    pub method: String,
    pub published_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub id: String,
    pub config_title: String,
    pub version: i32,
    pub created_at: String,
    pub created_by: String,
    pub published_at: Option<String>,
    pub schools: usize,
    /// (label, count) per status.
    pub counts: Vec<(String, usize)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub registry_schools: usize,
    pub years: Vec<LoadedYear>,
    pub configs: Vec<ConfigSummary>,
    pub runs: Vec<RunSummary>,
}

#[server]
pub async fn get_overview(slug: String) -> Result<Overview, AppError> {
    crate::state::with_status(overview::get_overview(&slug).await)
}

/// Starts a configuration from a template (`template:khabarovsk`), an empty method
/// (`empty:flag_count`) or pasted JSON; opens the editor on it.
#[server]
pub async fn create_config(slug: String, source: String, json: Option<String>) -> Result<String, AppError> {
    let id = crate::state::with_status(configs::create_config(&slug, &source, json.as_deref()).await)?;
    leptos_axum::redirect(&format!("/r/{slug}/admin/identification/configs/{id}"));
    Ok(id)
}

/// A configuration version as the editor shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfigEditor {
    pub id: String,
    pub config_id: String,
    pub version: i32,
    pub published_at: Option<String>,
    pub config: config::Config,
    pub json: String,
    /// Why the configuration cannot run yet, in Russian.
    pub problem: Option<String>,
    /// Indicator codes present in the loaded data.
    pub loaded_indicators: Vec<String>,
    pub has_external_list: bool,
    pub versions: Vec<ConfigSummary>,
}

#[server]
pub async fn get_config(slug: String, id: String) -> Result<ConfigEditor, AppError> {
    crate::state::with_status(configs::get_config(&slug, &id).await)
}

/// Applies one edit; a published version is copied into a new draft first. Returns the id of
/// the version that now holds the edit.
#[server]
pub async fn edit_config(slug: String, id: String, edit: ConfigEdit) -> Result<String, AppError> {
    crate::state::with_status(configs::edit_config(&slug, &id, edit).await)
}

/// Runs a configuration version on the region's data and opens the result.
#[server]
pub async fn start_run(slug: String, config: String) -> Result<String, AppError> {
    let id = crate::state::with_status(runs::start_run(&slug, &config).await)?;
    leptos_axum::redirect(&format!("/r/{slug}/admin/identification/runs/{id}"));
    Ok(id)
}

/// Filters and order of the per-school table of a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunQuery {
    pub status: Option<String>,
    pub municipality: Option<String>,
    pub group: Option<String>,
    pub search: Option<String>,
    /// `school`, `name`, `municipality`, `group`, `statuses`, or `index:<code>` (latest year)
    pub sort: Option<String>,
    pub page: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverrideView {
    pub id: String,
    pub school_id: String,
    pub status: String,
    pub add: bool,
    pub reason: String,
    pub author: String,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRow {
    pub school_id: String,
    pub name: String,
    pub municipality: String,
    pub group: String,
    /// Final statuses (engine and overrides), as labels.
    pub statuses: Vec<String>,
    pub overridden: bool,
    /// Latest year's value of each index, or the latest year's flags.
    pub latest: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DiffEntry {
    pub school_id: String,
    pub name: String,
    pub status: String,
    pub why: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunDiff {
    pub against: String,
    pub entering: Vec<DiffEntry>,
    pub leaving: Vec<DiffEntry>,
}

/// One group's index distribution in one year, for the chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    pub index: String,
    pub year: i32,
    pub group: String,
    /// Counts of schools in 20 equal bins of [0, 1].
    pub bins: Vec<u32>,
    pub worst_cutoff: Option<f64>,
    pub best_cutoff: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunView {
    pub id: String,
    pub config_id: String,
    pub config_version: String,
    pub config_title: String,
    pub version: i32,
    pub method: String,
    pub created_at: String,
    pub created_by: String,
    pub published_at: Option<String>,
    pub years: Vec<i32>,
    /// (code, label) of every status the configuration gives.
    pub statuses: Vec<(String, String)>,
    /// (label, count) after overrides.
    pub counts: Vec<(String, usize)>,
    pub total: usize,
    pub municipalities: Vec<String>,
    pub groups: Vec<String>,
    pub rows: Vec<RunRow>,
    pub matching: usize,
    pub page: usize,
    pub pages: usize,
    pub overrides: Vec<OverrideView>,
    pub diff: Option<RunDiff>,
    pub histograms: Vec<Histogram>,
    pub warnings: Vec<String>,
    /// The data versions the run read, empty for a run made before versions were recorded.
    pub data: Vec<UsedYear>,
    /// Years loaded after the run, which it did not read.
    pub added_years: Vec<i32>,
    /// The run recorded what it read, so «Воспроизвести» can recompute it.
    pub reproducible: bool,
    pub engine_version: Option<i32>,
}

/// One year of data a run read: its version and hash, and the version loaded since, if any.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UsedYear {
    pub year: i32,
    pub version: i32,
    pub sha256: String,
    /// False once retention deleted the version (the run was never published).
    pub kept: bool,
    /// (version, loaded at) of the current version when it is another one.
    pub newer: Option<(i32, String)>,
}

/// JSON, because an all-empty query has no form fields to carry it.
#[server(input = leptos::server_fn::codec::Json)]
pub async fn get_run(slug: String, id: String, query: RunQuery) -> Result<RunView, AppError> {
    crate::state::with_status(runs::get_run(&slug, &id, query).await)
}

/// A run recomputed from what it recorded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reproduction {
    /// The recomputed engine output is byte for byte the stored one.
    pub identical: bool,
    /// SHA-256 of the stored and of the recomputed output.
    pub stored_sha256: String,
    pub recomputed_sha256: String,
    /// Schools whose statuses differ, when the output does.
    pub schools_differing: usize,
    pub engine_recorded: Option<i32>,
    pub engine_now: i32,
}

/// Recomputes a run from its recorded data versions, configuration and engine inputs.
#[server]
pub async fn reproduce_run(slug: String, run: String) -> Result<Reproduction, AppError> {
    crate::state::with_status(reproduce::reproduce_run(&slug, &run).await)
}

/// The schools of one status that a run on the current data adds or removes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: String,
    /// (code, name) of each school.
    pub added: Vec<(String, String)>,
    pub removed: Vec<(String, String)>,
}

/// A run against the same configuration computed on the current data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentDiff {
    pub years: Vec<i32>,
    /// Only the statuses that change.
    pub changes: Vec<StatusChange>,
}

/// Computes the run's configuration on the current data and lists, per status, the schools
/// added and removed (the engine's statuses; overrides apply to both alike).
#[server]
pub async fn diff_with_current(slug: String, run: String) -> Result<CurrentDiff, AppError> {
    crate::state::with_status(reproduce::diff_with_current(&slug, &run).await)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub code: String,
    pub title: String,
    pub value: Option<f64>,
    /// The normalised value, or why the indicator is left out.
    pub normalised: Option<f64>,
    pub note: Option<String>,
    pub weight: f64,
    /// Its part of the index: w·x / Σw.
    pub contribution: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexExplanation {
    pub code: String,
    pub title: String,
    pub index: Option<f64>,
    pub band: Option<String>,
    pub schools_compared: usize,
    pub band_size: usize,
    pub worst_cutoff: Option<f64>,
    pub best_cutoff: Option<f64>,
    pub contributions: Vec<Contribution>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlagExplanation {
    pub code: String,
    pub title: String,
    pub value: Option<f64>,
    pub rule: String,
    pub flagged: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct YearExplanation {
    pub year: i32,
    pub group: Option<String>,
    pub indices: Vec<IndexExplanation>,
    pub flags: Vec<FlagExplanation>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub school_id: String,
    pub name: String,
    pub municipality: String,
    /// (label, why) of each status the school holds after overrides.
    pub statuses: Vec<(String, String)>,
    pub years: Vec<YearExplanation>,
    pub overrides: Vec<OverrideView>,
    pub data_changed: bool,
}

#[server]
pub async fn explain_school(slug: String, run: String, school: String) -> Result<Explanation, AppError> {
    crate::state::with_status(explain::explain_school(&slug, &run, &school).await)
}

/// Adds (`action` = `add`) or removes a status by hand, with a reason.
#[server]
pub async fn add_override(
    slug: String,
    run: String,
    school: String,
    status: String,
    action: String,
    reason: String,
) -> Result<(), AppError> {
    crate::state::with_status(overrides::add_override(&slug, &run, &school, &status, &action, &reason).await)
}

#[server]
pub async fn withdraw_override(slug: String, run: String, id: String) -> Result<(), AppError> {
    crate::state::with_status(overrides::withdraw_override(&slug, &run, &id).await)
}

/// Freezes the run's lists (overrides included) and shows them to municipal coordinators.
#[server]
pub async fn publish_run(slug: String, run: String) -> Result<(), AppError> {
    crate::state::with_status(published::publish_run(&slug, &run).await)
}

/// A published list as a municipal coordinator sees it: the schools of their municipalities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublishedList {
    pub config_title: String,
    pub published_at: String,
    pub years: Vec<i32>,
    pub schools: Vec<PublishedRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublishedRow {
    pub school_id: String,
    pub name: String,
    pub municipality: String,
    /// Labels, not codes.
    pub statuses: Vec<String>,
    /// The reasons of overrides.
    pub notes: Vec<String>,
}

#[server]
pub async fn get_published_lists(slug: String) -> Result<Vec<PublishedList>, AppError> {
    crate::state::with_status(published::get_published_lists(&slug).await)
}

/// Ready configurations that regions copy and edit.
pub mod templates {
    /// Khabarovsk's methodology (seed 001): both tables, Russian and mathematics separately,
    /// gap thresholds 20 / 4 / 1 / 1.
    pub const KHABAROVSK: &str = include_str!("templates/khabarovsk.json");
    /// The federal ШНОР rule as applied in Ленинск-Кузнецкий округ (seed 004).
    pub const FEDERAL_SHNOR: &str = include_str!("templates/federal_shnor.json");
    /// The federal list of project 500+ participants (seed 003).
    pub const PROJECT_500: &str = include_str!("templates/project_500.json");
    /// Leskensky district (seed 002): the regional information system's list refined by ВПР.
    pub const LESKENSKY: &str = include_str!("templates/leskensky.json");
    /// A demo dataset for [`LESKENSKY`]: eight schools, one year.
    pub const LESKENSKY_DEMO: &str = include_str!("templates/leskensky_demo.csv");
    /// Ryazan region (seed 000): ШСНОР and ШФНСУ as separate criteria sets, ШСНОР by cluster.
    pub const RYAZAN: &str = include_str!("templates/ryazan.json");
    /// A demo dataset for [`RYAZAN`]: seven schools of two clusters, one year.
    pub const RYAZAN_DEMO: &str = include_str!("templates/ryazan_demo.csv");

    #[cfg(test)]
    mod demo_tests;

    #[cfg(test)]
    mod tests;
}
