//! The support summary (issue 17, «Дашборды»): for the operator the whole region, for a
//! municipal coordinator their municipality. Cases by state, the road maps' completion and
//! overdue activities, the risk heat map (high-level factors × municipality, from confirmed
//! profiles), how the case schools moved between statuses from the previous published run to
//! the latest, and the share of case schools that left the list against the region's target.
//! Schools are counted, not people, so no n ≥ 5 rule applies. Built once per data version
//! (`cache.rs`).

#[cfg(feature = "ssr")]
mod build;
#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
pub(in crate::support) use db::version;
pub mod page;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::access::Role;
use crate::error::AppError;

/// Who reads the summary: the operator (the region) and a coordinator (their municipality).
pub const SUMMARY_READERS: &[Role] = &[Role::RegionalOperator, Role::MunicipalCoordinator];

/// The statuses that mean targeted support (as the region dashboards count them): ШНОР / ШНРО,
/// ШНСУ and the federal «500+» list. A case school outside them in the latest published run has
/// left the list.
pub const SUPPORT_STATUSES: [&str; 3] = ["low_results", "social", "project_500"];

/// The target share of case schools that left the list when the operator set none, in percent.
pub const DEFAULT_LEFT_TARGET: i32 = 75;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateCount {
    pub code: String,
    pub label: String,
    pub cases: i64,
}

/// A road-map activity past its deadline and not done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overdue {
    pub case_id: String,
    pub school: String,
    pub activity: String,
    /// `DD.MM.YYYY`.
    pub deadline: String,
    pub days: i64,
}

/// One factor's row of the heat map: schools with a high level, per municipality (the
/// columns of [`HeatMap::municipalities`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeatRow {
    pub factor: String,
    pub cells: Vec<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeatMap {
    pub municipalities: Vec<String>,
    /// Confirmed profiles per municipality (the cells' denominators).
    pub profiles: Vec<i64>,
    pub rows: Vec<HeatRow>,
}

/// How many case schools went from one status to another between two published runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Transition {
    pub from: String,
    pub to: String,
    pub schools: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Movement {
    /// «title, published on …» of the previous and the latest run.
    pub previous: String,
    pub latest: String,
    pub transitions: Vec<Transition>,
}

/// The share of case schools no longer in the support statuses, against the target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeftList {
    pub schools: i64,
    pub left: i64,
    /// Percent of `schools`, rounded; `None` without case schools or a published run.
    pub percent: Option<i64>,
    pub target: i32,
    /// Whether a published run exists to compare with.
    pub has_run: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupportSummary {
    /// The region's or the municipality's name.
    pub scope: String,
    /// The operator's: may set the target.
    pub operator: bool,
    pub cases: i64,
    pub states: Vec<StateCount>,
    pub activities: i64,
    pub done: i64,
    /// The most overdue activities first, at most [`OVERDUE_SHOWN`].
    pub overdue: Vec<Overdue>,
    pub overdue_total: i64,
    pub heat: HeatMap,
    pub movement: Option<Movement>,
    pub left: LeftList,
}

/// Overdue activities listed at most; the count says how many there are.
pub const OVERDUE_SHOWN: usize = 50;

#[server]
pub async fn get_support_summary(slug: String) -> Result<SupportSummary, AppError> {
    crate::state::with_status(build::get_support_summary(&slug).await)
}

/// The operator sets the region's target share of case schools that left the list (1–100 %).
#[server]
pub async fn save_support_target(slug: String, left_percent: String) -> Result<(), AppError> {
    crate::state::with_status(build::save_support_target(&slug, &left_percent).await)
}
