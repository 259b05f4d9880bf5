//! Competency diagnostics (module B): each region's competency framework, its item bank,
//! instruments and campaigns, attempts whose answers are saved as they are given, and the
//! deficit analysis in the personal account.

#[cfg(feature = "ssr")]
mod admin;
#[cfg(feature = "ssr")]
mod attempts;
#[cfg(feature = "ssr")]
pub mod autosave;
#[cfg(feature = "ssr")]
mod bank;
#[cfg(feature = "ssr")]
mod campaigns;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
mod finalise;
#[cfg(feature = "ssr")]
mod forms;
#[cfg(feature = "ssr")]
mod framework;
#[cfg(feature = "ssr")]
mod instruments;
#[cfg(feature = "ssr")]
mod items;
pub mod model;
#[cfg(feature = "hydrate")]
mod offline;
pub mod pages;
pub mod privacy;
#[cfg(feature = "ssr")]
mod results;
#[cfg(feature = "ssr")]
pub mod retest;
#[cfg(feature = "ssr")]
pub mod scoring;
#[cfg(feature = "ssr")]
mod seed;
#[cfg(feature = "ssr")]
mod statistics;
#[cfg(feature = "ssr")]
pub mod stats;
pub mod stats_model;
#[cfg(feature = "ssr")]
pub mod templates;
mod widgets;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
pub use model::{Answer, AttemptResult, Framework, Item, ItemKind, Level};
pub use privacy::{GroupSize, MIN_GROUP};
/// The cabinet's diagnostics sections (`crate::cabinet` shows them).
pub use widgets::cabinet::{MyDiagnosticsSection, SchoolAggregateSection};

#[cfg(feature = "ssr")]
pub use attempts::save_answer_for;
#[cfg(feature = "ssr")]
pub use bank::{export_items, import_items};
#[cfg(feature = "ssr")]
pub use finalise::finalise_due;
#[cfg(feature = "ssr")]
pub use seed::seed_region;

// ---- the person taking diagnostics ----

/// An instrument the person may take now, or was assigned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InstrumentCard {
    pub id: String,
    pub title: String,
    pub time_limit_minutes: Option<i32>,
    pub closes_at: Option<String>,
    /// The nearest due date of a campaign that assigned it to the person.
    pub due_at: Option<String>,
    pub assigned: bool,
    pub open: bool,
    /// The attempt in progress, to continue.
    pub active_attempt: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PastResult {
    pub attempt_id: String,
    pub title: String,
    pub finished_at: String,
    pub points: f64,
    pub max_points: f64,
    /// Titles of the deficits, most severe first.
    pub deficits: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyDiagnostics {
    pub instruments: Vec<InstrumentCard>,
    pub results: Vec<PastResult>,
    /// Titles of the re-tests open for the person, announced with a link to the growth page.
    pub open_retests: Vec<String>,
}

#[server]
pub async fn get_my_diagnostics(slug: String) -> Result<MyDiagnostics, AppError> {
    crate::state::with_status(attempts::get_my_diagnostics(&slug).await)
}

/// Starts an attempt (or returns the one in progress) and opens it.
#[server]
pub async fn start_attempt(slug: String, instrument: String) -> Result<String, AppError> {
    let id = crate::state::with_status(attempts::start_attempt(&slug, &instrument).await)?;
    leptos_axum::redirect(&format!("/r/{slug}/diagnostics/{id}"));
    Ok(id)
}

/// An item as the person taking it sees it: no key, options in the attempt's order, each
/// carrying its index in the item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptItem {
    pub id: String,
    pub kind: ItemKind,
    pub stem: String,
    pub options: Vec<(usize, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedAnswer {
    pub item_id: String,
    pub seq: i64,
    pub answer: Answer,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptView {
    pub id: String,
    pub title: String,
    pub instructions: String,
    pub deadline: Option<String>,
    pub seconds_left: Option<i64>,
    pub finished: bool,
    pub items: Vec<AttemptItem>,
    pub answers: Vec<SavedAnswer>,
}

#[server]
pub async fn get_attempt(slug: String, id: String) -> Result<AttemptView, AppError> {
    crate::state::with_status(attempts::get_attempt(&slug, &id).await)
}

/// What became of an autosave.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveOutcome {
    Saved,
    /// A write with a higher sequence number is already stored; this one changed nothing.
    Stale,
}

/// Saves one answer; repeating it is harmless, and an older write never replaces a newer one.
#[server(input = leptos::server_fn::codec::Json)]
pub async fn save_answer(
    slug: String,
    attempt: String,
    item: String,
    seq: i64,
    answer: Answer,
) -> Result<SaveOutcome, AppError> {
    let state = crate::state::app_state()?;
    let user = crate::access::signed_in_user();
    crate::state::with_status(
        attempts::save_answer_for(&state, user, &slug, &attempt, &item, seq, answer).await,
    )
}

/// Finishes the attempt, scores it and opens the result.
#[server]
pub async fn finish_attempt(slug: String, id: String) -> Result<(), AppError> {
    crate::state::with_status(attempts::finish_attempt(&slug, &id).await)?;
    leptos_axum::redirect(&format!("/r/{slug}/diagnostics/{id}/result"));
    Ok(())
}

/// The average score per competency of a group, given only when it has enough people: its
/// confirmed members who answered at least half of their attempt's items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupAverage {
    pub group: String,
    /// How many people the averages are over, as a band (never exact).
    pub people: GroupSize,
    /// (competency code, mean score rounded to a whole percent); empty when the group is too
    /// small to show.
    pub scores: Vec<(String, f64)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultView {
    pub attempt_id: String,
    pub title: String,
    pub person: String,
    pub finished_at: String,
    pub finished_by_deadline: bool,
    pub result: AttemptResult,
    pub comparison: Vec<GroupAverage>,
}

#[server]
pub async fn get_result(slug: String, id: String) -> Result<ResultView, AppError> {
    crate::state::with_status(results::get_result(&slug, &id).await)
}

// ---- the regional operator ----

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemRow {
    pub id: String,
    pub version: i32,
    pub item: Item,
    /// A finished attempt used this version, so editing it makes a new one.
    pub frozen: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InstrumentRow {
    pub id: String,
    pub title: String,
    pub body: model::InstrumentBody,
    pub time_limit_minutes: Option<i32>,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub finished_attempts: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignRow {
    pub id: String,
    pub title: String,
    pub instrument: String,
    pub due_at: Option<String>,
    pub assigned: usize,
    pub finished: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DiagnosticsAdmin {
    pub framework: Option<Framework>,
    pub items: Vec<ItemRow>,
    pub instruments: Vec<InstrumentRow>,
    pub campaigns: Vec<CampaignRow>,
    pub municipalities: Vec<String>,
}

#[server]
pub async fn get_diagnostics_admin(slug: String) -> Result<DiagnosticsAdmin, AppError> {
    crate::state::with_status(admin::get_diagnostics_admin(&slug).await)
}

/// One change to the framework from the constructor's forms: `op` is `thresholds` (`low`,
/// `high` in per cent), `area` (`code`, `title`), `competency` (`code`, `area`, `title`,
/// `description`, `deficit_meaning`), `remove_competency` (`code`), `profile` (`position`,
/// `subject`, `competencies`), `json` (`json`: the whole framework) or `template`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FrameworkEdit {
    pub op: String,
    pub code: String,
    pub area: String,
    pub title: String,
    pub description: String,
    pub deficit_meaning: String,
    pub low: String,
    pub high: String,
    pub position: String,
    pub subject: String,
    pub competencies: String,
    pub json: String,
}

#[server]
pub async fn edit_framework(slug: String, edit: FrameworkEdit) -> Result<(), AppError> {
    crate::state::with_status(framework::edit_framework(&slug, edit).await)
}

/// The item editor's fields, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemForm {
    pub code: String,
    pub kind: String,
    pub stem: String,
    /// One option per line.
    pub options: String,
    /// Numbers of the correct options, e.g. «1, 3».
    pub correct: String,
    /// One accepted answer per line.
    pub accepted: String,
    /// «NPA-1: 1; MET-2: 0.5».
    pub competencies: String,
    pub points: String,
}

impl From<&Item> for ItemForm {
    /// The editor's (and the workbook's) fields of an item.
    fn from(item: &Item) -> Self {
        ItemForm {
            code: item.code.clone(),
            kind: item.kind.code().to_string(),
            stem: item.stem.clone(),
            options: item.options.join("\n"),
            correct: item
                .correct
                .iter()
                .map(|i| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(", "),
            accepted: item.accepted.join("\n"),
            competencies: item
                .competencies
                .iter()
                .map(|c| format!("{}: {}", c.code, c.weight))
                .collect::<Vec<_>>()
                .join("; "),
            points: item.points.to_string(),
        }
    }
}

/// Creates an item, or changes one: in place while no finished attempt used it, as a new
/// version otherwise.
#[server]
pub async fn save_item(slug: String, id: Option<String>, form: ItemForm) -> Result<String, AppError> {
    crate::state::with_status(items::save_item(&slug, id.as_deref(), form).await)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstrumentForm {
    pub title: String,
    pub instructions: String,
    /// `fixed` or `per_competency`.
    pub selection: String,
    /// Item codes for a fixed list, separated by commas or spaces.
    pub items: String,
    pub k: String,
    /// Competency codes for k per competency; empty means those of the audience's profiles.
    pub competencies: String,
    pub time_limit_minutes: String,
    /// Position codes separated by commas; empty means everyone.
    pub positions: String,
    pub subjects: String,
    pub opens_at: String,
    pub closes_at: String,
    pub shuffle_options: Option<String>,
}

#[server]
pub async fn create_instrument(slug: String, form: InstrumentForm) -> Result<String, AppError> {
    crate::state::with_status(instruments::create_instrument(&slug, form).await)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CampaignForm {
    pub title: String,
    pub instrument: String,
    /// A municipality's name; empty means the whole region.
    pub municipality: String,
    /// School codes separated by commas or spaces.
    pub schools: String,
    /// Position codes separated by commas; empty means every position.
    pub positions: String,
    pub due_at: String,
}

/// Assigns an instrument and e-mails everyone it reaches; returns how many people that is.
#[server]
pub async fn create_campaign(slug: String, form: CampaignForm) -> Result<usize, AppError> {
    crate::state::with_status(campaigns::create_campaign(&slug, form).await)
}

/// Item statistics of one instrument over its finished attempts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemStatistics {
    pub instrument: String,
    pub attempts: usize,
    pub items: Vec<stats_model::ItemStat>,
    pub scales: Vec<stats_model::ScaleStat>,
}

#[server]
pub async fn get_item_statistics(slug: String, instrument: String) -> Result<ItemStatistics, AppError> {
    crate::state::with_status(statistics::get_item_statistics(&slug, &instrument).await)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonScore {
    pub attempt_id: String,
    pub person: String,
    pub school: String,
    pub finished_at: String,
    pub points: f64,
    pub max_points: f64,
    pub deficits: usize,
}

/// Individual scores of an instrument for the regional operator; every look is audited.
#[server]
pub async fn get_person_scores(slug: String, instrument: String) -> Result<Vec<PersonScore>, AppError> {
    crate::state::with_status(statistics::get_person_scores(&slug, &instrument).await)
}

/// A school's aggregate for its director: per instrument, the mean per competency, given only
/// for groups of at least [`MIN_GROUP`] people.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolAggregate {
    pub school: String,
    pub instruments: Vec<SchoolInstrument>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolInstrument {
    pub title: String,
    pub average: GroupAverage,
    /// (code, title) of the competencies in `average`.
    pub titles: Vec<(String, String)>,
}

#[server]
pub async fn get_school_aggregate(slug: String) -> Result<SchoolAggregate, AppError> {
    crate::state::with_status(results::get_school_aggregate(&slug).await)
}
