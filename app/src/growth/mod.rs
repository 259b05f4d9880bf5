//! Re-tests and growth (issue 12): the re-test's openings (a completed route, an operator's
//! campaign), the person's growth report (before and after per competency, the deficits
//! closed and remaining, a new route proposal), and the aggregates that show whether a course
//! works. It sits above `diagnostics` (whose `retest` draws the unseen items) and `courses`
//! (whose recommender proposes the new route); only the cabinet and the routes import it.

#[cfg(feature = "ssr")]
pub(crate) mod aggregates;
/// Read by the dashboards, which show the same growth aggregates per scope.
#[cfg(feature = "ssr")]
pub(crate) mod db;
#[cfg(feature = "ssr")]
mod opening;
pub mod pages;
#[cfg(feature = "ssr")]
mod report;
mod widgets;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::diagnostics::GroupSize;
use crate::error::AppError;

/// The re-test of a completed route; in `diagnostics` so that the completion paths in
/// `courses` can call it without an import cycle.
#[cfg(feature = "ssr")]
pub use crate::diagnostics::retest::{on_completion, on_completion_with};

/// A competency before and after: shares 0–1; `after` is `None` when the re-test could not
/// measure it again (no unseen items).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompetencyGrowth {
    pub code: String,
    pub title: String,
    pub before: f64,
    pub after: Option<f64>,
}

/// A course of the new proposal and the remaining deficits it closes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposedCourse {
    pub title: String,
    pub covers: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GrowthReport {
    pub attempt_id: String,
    pub title: String,
    pub before_on: String,
    pub after_on: String,
    /// The lower threshold: below it, a pronounced deficit.
    pub low: f64,
    pub competencies: Vec<CompetencyGrowth>,
    pub closed: Vec<CompetencyGrowth>,
    pub remaining: Vec<CompetencyGrowth>,
    pub not_measured: Vec<CompetencyGrowth>,
    pub proposal: Vec<ProposedCourse>,
    /// Titles of the pronounced deficits no available course closes.
    pub uncovered: Vec<String>,
}

/// The person's own growth report of a finished re-test.
#[server]
pub async fn get_growth_report(slug: String, id: String) -> Result<GrowthReport, AppError> {
    crate::state::with_status(report::get_growth_report(&slug, &id).await)
}

/// A re-test opened for the person and not finished yet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingRetest {
    pub instrument_id: String,
    pub title: String,
    pub active_attempt: Option<String>,
    /// Codes of the competencies the bank cannot measure again in full.
    pub short: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GrowthLink {
    pub attempt_id: String,
    pub title: String,
    pub finished_on: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MyGrowth {
    pub pending: Vec<PendingRetest>,
    pub reports: Vec<GrowthLink>,
}

/// The person's re-tests and growth reports; opens the re-test of a route completed meanwhile.
#[server]
pub async fn get_my_growth(slug: String) -> Result<MyGrowth, AppError> {
    crate::state::with_status(opening::get_my_growth(&slug).await)
}

/// The operator's form to open a re-test for a group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RetestForm {
    pub title: String,
    pub instrument: String,
    /// A municipality's name; empty means the whole region.
    pub municipality: String,
    /// School codes separated by commas or spaces.
    pub schools: String,
    /// A position code; empty means every position.
    pub positions: String,
}

/// Opens a re-test for everyone in the group who finished the instrument and e-mails them;
/// returns how many it opened.
#[server]
pub async fn open_retests(slug: String, form: RetestForm) -> Result<usize, AppError> {
    crate::state::with_status(opening::open_retests(&slug, form).await)
}

/// A figure of a group: shown only for at least five people, counted in a band.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GrowthShare {
    /// The competency's or the course's title.
    pub label: String,
    pub people: GroupSize,
    /// The share of deficits closed, to a whole percent.
    pub closed: Option<f64>,
    /// The mean change of the claimed competencies, in shares (0.25 = 25 points).
    pub growth: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GrowthAggregates {
    /// The region's or the school's name.
    pub scope: String,
    pub people: GroupSize,
    pub by_competency: Vec<GrowthShare>,
    pub by_course: Vec<GrowthShare>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GrowthAdmin {
    /// (id, title).
    pub instruments: Vec<(String, String)>,
    pub municipalities: Vec<String>,
    pub aggregates: GrowthAggregates,
}

#[server]
pub async fn get_growth_admin(slug: String) -> Result<GrowthAdmin, AppError> {
    crate::state::with_status(aggregates::get_growth_admin(&slug).await)
}

/// The director's school: the same aggregates over its confirmed staff.
#[server]
pub async fn get_school_growth(slug: String) -> Result<GrowthAggregates, AppError> {
    crate::state::with_status(aggregates::get_school_growth(&slug).await)
}
