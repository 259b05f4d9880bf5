//! Monitoring and evaluation of support cases (issue 17, «Мониторинг и оценка»). The region has
//! monitoring stages (entry, intermediate, final by default; the operator renames, re-dates and
//! adds them) and a rubric for the curator (the «Методика качества и результативности
//! принимаемых мер»: criteria with a maximum score). Per case and stage the curator (or the
//! operator) fixes the indicators Rost computes from its own data (`figures.rs`), so later
//! stages compare with earlier ones; the school and the curator keep manual indicators with
//! targets; the curator scores and comments each criterion. Everyone who works on the case reads
//! it; the partner school does not.

#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
pub mod figures;
#[cfg(feature = "ssr")]
mod record;
#[cfg(feature = "ssr")]
mod setup;
pub mod setup_widget;
pub mod widget;

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageView {
    pub id: String,
    pub title: String,
    /// `DD.MM.YYYY`, if the operator set one.
    pub planned_on: Option<String>,
    /// `YYYY-MM-DD` for a date field; empty without a date.
    pub planned_iso: String,
}

/// One indicator of a stage as shown: `reached` is whether a target is met, where it has one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub code: String,
    pub label: String,
    pub value: String,
    pub target: Option<String>,
    pub reached: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub stage_id: String,
    /// «Зафиксировано …, who».
    pub taken: String,
    pub figures: Vec<Figure>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManualValue {
    pub stage_id: String,
    pub value: f64,
    pub reached: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManualIndicator {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub baseline: Option<f64>,
    pub target: f64,
    pub values: Vec<ManualValue>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: String,
    pub title: String,
    pub max_score: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub criterion_id: String,
    pub score: i32,
    pub comment: String,
}

/// The curator's evaluation of one stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rubric {
    pub stage_id: String,
    pub scores: Vec<Score>,
    pub total: i32,
    pub max: i32,
    /// «Оценка от …, who».
    pub scored: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Monitoring {
    pub stages: Vec<StageView>,
    pub snapshots: Vec<Snapshot>,
    pub manual: Vec<ManualIndicator>,
    pub criteria: Vec<Criterion>,
    pub rubrics: Vec<Rubric>,
    /// The case's curator or the operator: fixes stages and scores the rubric.
    pub can_evaluate: bool,
    /// The school (director, team), the curator or the operator: keeps manual indicators.
    pub can_enter: bool,
}

/// The operator's page of the region's stages and criteria.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Setup {
    pub stages: Vec<StageView>,
    pub criteria: Vec<Criterion>,
}

/// A stage as the operator writes it; an empty `id` adds one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StageForm {
    pub id: String,
    pub title: String,
    pub planned_on: String,
}

/// A criterion as the operator writes it; an empty `id` adds one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CriterionForm {
    pub id: String,
    pub title: String,
    pub max_score: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IndicatorForm {
    pub name: String,
    pub unit: String,
    pub baseline: String,
    pub target: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValueForm {
    pub indicator: String,
    pub stage: String,
    pub value: String,
}

/// A criterion's key in the rubric form (`scores[c<id>]`): an id may start with a digit, which
/// the form decoder would read as a list index.
pub fn score_key(id: &str) -> String {
    format!("c{id}")
}

#[server]
pub async fn get_monitoring(slug: String, case: String) -> Result<Monitoring, AppError> {
    crate::state::with_status(record::get_monitoring(&slug, &case).await)
}

/// The curator (or the operator) fixes the stage's indicators from Rost's data as they are now.
#[server]
pub async fn fix_stage(slug: String, case: String, stage: String) -> Result<(), AppError> {
    crate::state::with_status(record::fix_stage(&slug, &case, &stage).await)
}

/// The school, the curator or the operator adds a manual indicator with its target.
#[server]
pub async fn add_indicator(slug: String, case: String, form: IndicatorForm) -> Result<(), AppError> {
    crate::state::with_status(record::add_indicator(&slug, &case, form).await)
}

/// The value of a manual indicator at a stage (a new value replaces the stage's old one).
#[server]
pub async fn set_indicator_value(slug: String, case: String, form: ValueForm) -> Result<(), AppError> {
    crate::state::with_status(record::set_value(&slug, &case, form).await)
}

/// The curator (or the operator) scores every criterion of the rubric for a stage, with comments.
#[server]
pub async fn save_rubric(
    slug: String,
    case: String,
    stage: String,
    scores: Option<BTreeMap<String, String>>,
    comments: Option<BTreeMap<String, String>>,
) -> Result<(), AppError> {
    let (scores, comments) = (scores.unwrap_or_default(), comments.unwrap_or_default());
    crate::state::with_status(record::save_rubric(&slug, &case, &stage, scores, comments).await)
}

/// The region's stages and criteria (the operator).
#[server]
pub async fn get_monitoring_setup(slug: String) -> Result<Setup, AppError> {
    crate::state::with_status(setup::get_setup(&slug).await)
}

#[server]
pub async fn save_stage(slug: String, form: StageForm) -> Result<(), AppError> {
    crate::state::with_status(setup::save_stage(&slug, form).await)
}

#[server]
pub async fn save_criterion(slug: String, form: CriterionForm) -> Result<(), AppError> {
    crate::state::with_status(setup::save_criterion(&slug, form).await)
}
