//! Curators' visits to a case's school (issue 17, «Visits»): a log of date, purpose and
//! findings, with targeted recommendations («адресные рекомендации»). The case's curator
//! records a visit; the school (its director or team) accepts a recommendation into stage 1 or 2
//! of its road map, with a deadline and a responsible person, or declines it with a reason. The
//! school is told of a visit by e-mail.

#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
mod record;
pub mod widget;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Recommendations of one visit at most.
pub const MAX_RECOMMENDATIONS: usize = 20;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecommendationView {
    pub id: String,
    pub text: String,
    /// `proposed`, `accepted` or `declined`.
    pub state: String,
    /// Where an accepted one went («этап 1 дорожной карты, версия 2»), or why it was declined.
    pub outcome: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VisitView {
    pub id: String,
    pub visited_on: String,
    pub curator: String,
    pub purpose: String,
    pub findings: String,
    pub recommendations: Vec<RecommendationView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Visits {
    /// Newest first.
    pub visits: Vec<VisitView>,
    /// The reader is the case's curator.
    pub can_record: bool,
    /// The reader works on the case for the school.
    pub can_decide: bool,
}

/// A visit as the curator writes it; `recommendations` holds one per line.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VisitForm {
    pub visited_on: String,
    pub purpose: String,
    pub findings: String,
    pub recommendations: String,
}

/// The school's decision on a recommendation: `accept` into `stage` with `deadline` and
/// `responsible`, or `decline` with `reason`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Decision {
    pub decision: String,
    pub stage: String,
    pub deadline: String,
    pub responsible: String,
    pub reason: String,
}

#[server]
pub async fn get_visits(slug: String, case: String) -> Result<Visits, AppError> {
    crate::state::with_status(record::get_visits(&slug, &case).await)
}

/// The case's curator records a visit with its recommendations.
#[server]
pub async fn record_visit(slug: String, case: String, form: VisitForm) -> Result<(), AppError> {
    crate::state::with_status(record::record_visit(&slug, &case, form).await)
}

/// The school accepts a recommendation into its road map or declines it.
#[server]
pub async fn decide_recommendation(
    slug: String,
    case: String,
    recommendation: String,
    form: Decision,
) -> Result<(), AppError> {
    crate::state::with_status(record::decide_recommendation(&slug, &case, &recommendation, form).await)
}
