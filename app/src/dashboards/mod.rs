//! Dashboards (issue 15): diagnostic coverage against the registry's staff numbers, the deficit
//! heat map, growth after re-tests, course uptake and certificates, for the regional operator
//! (the region, or one municipality of it), a municipal coordinator (their municipality) and a
//! director (their school). The server decides the scope from the person's roles; every figure
//! about people passes `diagnostics::privacy` (n ≥ 5, counts in bands). Each view is also a
//! table (under its chart, and as XLSX or CSV). It sits above `diagnostics`, `growth`,
//! `courses` and `certificates`, whose tables it reads.

#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
mod dashboard;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
mod db_support;
#[cfg(feature = "ssr")]
mod export;
#[cfg(feature = "ssr")]
mod figures;
#[cfg(feature = "ssr")]
mod kpi;
pub mod pages;
#[cfg(feature = "ssr")]
mod scope;
#[cfg(feature = "ssr")]
mod support;
mod tables;
mod widgets;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::diagnostics::GroupSize;
use crate::error::AppError;
use crate::growth::GrowthShare;

#[cfg(feature = "ssr")]
pub use export::export_view;
pub use tables::{Table, View};

/// How much of the region a dashboard shows, decided by the reader's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ScopeKind {
    /// The regional operator: rows are municipalities.
    Region,
    /// A municipality (a coordinator's, or one an operator chose): rows are its schools.
    Municipality,
    /// A director's school: rows are positions.
    School,
}

/// Coverage of one group: people counted in bands, shares to whole percents for n ≥ 5.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoverageRow {
    pub label: String,
    /// Staff numbers from the registry (not people on the platform), when the registry gave any.
    pub staff: Option<i64>,
    pub registered: GroupSize,
    pub started: GroupSize,
    pub finished: GroupSize,
    /// Finished of the registered.
    pub of_registered: Option<f64>,
    /// Finished of the registry's staff.
    pub of_staff: Option<f64>,
}

/// One cell of the heat map: the share with a pronounced deficit among the people measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeatCell {
    pub people: GroupSize,
    pub share: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseLink {
    pub code: String,
    pub title: String,
}

/// A competency's row: one cell per group of [`DeficitMap::groups`], and the courses covering it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeatRow {
    pub code: String,
    pub title: String,
    pub cells: Vec<HeatCell>,
    pub courses: Vec<CourseLink>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeficitMap {
    pub groups: Vec<String>,
    pub rows: Vec<HeatRow>,
}

/// Course uptake of one group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UptakeRow {
    pub label: String,
    pub enrolled: GroupSize,
    pub completed: GroupSize,
    /// Completed of the enrolled.
    pub completion: Option<f64>,
    /// Hours of completed courses, for at least five people who completed.
    pub hours: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateRow {
    pub label: String,
    pub issued: GroupSize,
    pub revoked: GroupSize,
}

/// Schools of one status in a published run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusCount {
    pub status: String,
    pub schools: i64,
}

/// A published run: its configuration, the latest year of its data, and schools per status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublishedYear {
    pub config: String,
    pub year: i32,
    pub published_on: String,
    pub counts: Vec<StatusCount>,
}

/// Schools that went from one status to another between consecutive published runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Movement {
    pub config: String,
    /// «2024 → 2025».
    pub years: String,
    pub from: String,
    pub to: String,
    pub schools: i64,
}

/// Targeted support: the identified schools (ШНОР / ШНРО / ШНСУ of the latest published run)
/// against the others, and the seeds' targets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Support {
    pub coverage: Vec<CoverageRow>,
    pub deficits: DeficitMap,
    /// Seed 004: teachers of ШНОР / ШНРО schools who finished a diagnostic (target 100 %).
    pub low_teachers: CoverageRow,
    /// Seed 001: each ШНРО / ШНОР school, and whether at least five of its people completed
    /// courses of at least 32 hours.
    pub trained: Vec<(String, bool)>,
}

/// A KPI target planned against actual, as text ready to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    pub label: String,
    pub target: Option<String>,
    pub actual: Option<String>,
    pub met: Option<bool>,
}

/// The operator's form of the region's targets; an empty field clears a target.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KpiForm {
    pub share_diagnosed: String,
    pub hours_per_school: String,
    pub certificates: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub kind: ScopeKind,
    /// The region's, the municipality's or the school's name.
    pub scope: String,
    /// The municipalities an operator may narrow to; empty for everyone else.
    pub municipalities: Vec<String>,
    /// What the rows are: «Муниципалитет», «Школа» or «Должность».
    pub group_title: String,
    pub coverage: Vec<CoverageRow>,
    pub total: CoverageRow,
    pub positions: Vec<CoverageRow>,
    pub deficits: DeficitMap,
    pub growth_people: GroupSize,
    pub growth: Vec<GrowthShare>,
    pub uptake: Vec<UptakeRow>,
    pub certificates: Vec<CertificateRow>,
    pub years: Vec<PublishedYear>,
    pub movements: Vec<Movement>,
    pub support: Support,
    pub kpis: Vec<Kpi>,
    /// The current targets, for the operator's form; `None` for everyone else.
    pub kpi_form: Option<KpiForm>,
}

/// The dashboard of the reader's scope. `municipality` narrows an operator's view to one
/// municipality; anyone else's scope is theirs whatever it says.
#[server]
pub async fn get_dashboard(slug: String, municipality: Option<String>) -> Result<Dashboard, AppError> {
    crate::state::with_status(dashboard::get_dashboard(&slug, municipality.as_deref()).await)
}

/// Sets the region's KPI targets (the regional operator).
#[server]
pub async fn save_kpi_targets(slug: String, form: KpiForm) -> Result<(), AppError> {
    crate::state::with_status(kpi::save_kpi_targets(&slug, form).await)
}
