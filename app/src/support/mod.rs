//! Support for the identified schools (issue 17), first slice: support cases (one school in
//! one cycle), created in bulk from a published identification run or by hand with a reason;
//! curators assigned to them by the operator or the municipal coordinator; and each case's risk
//! profile, the region's versioned 500+ questionnaire the school answers and the curator
//! confirms. Who sees a case comes from the reader's roles (`scope.rs`): the operator every
//! case, a coordinator their municipality's, a curator their own, a director their school's.
//! It sits above `identification` and `diagnostics`, whose tables it reads.

#[cfg(feature = "ssr")]
mod cases;
#[cfg(feature = "ssr")]
pub use cases::CaseListCache;
pub mod chat;
#[cfg(feature = "ssr")]
mod create;
pub mod dashboard;
#[cfg(feature = "ssr")]
mod db;
pub mod documents;
#[cfg(feature = "ssr")]
pub mod export;
pub mod monitoring;
pub mod pages;
#[cfg(feature = "ssr")]
mod profile;
pub mod risk;
#[cfg(feature = "ssr")]
mod scope;
#[cfg(feature = "ssr")]
pub use scope::on_a_team;
#[cfg(feature = "ssr")]
mod team;
pub mod visits;
mod widgets;

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::access::Role;
use crate::diagnostics::GroupSize;
use crate::error::AppError;
use crate::i18n::ru;
use risk::{FactorLevel, Questionnaire};

/// The roles that read support cases; what each sees comes from `scope.rs`. A teacher reads
/// too, once on a case's school team (`scope::reader`).
pub const READERS: &[Role] = &[
    Role::RegionalOperator,
    Role::MunicipalCoordinator,
    Role::Curator,
    Role::Director,
];

/// Who assigns curators: the operator, or a coordinator within their municipality.
pub const ASSIGNERS: &[Role] = &[Role::RegionalOperator, Role::MunicipalCoordinator];

/// Where a case stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseState {
    Opened,
    ProfileSubmitted,
    ProfileConfirmed,
}

impl CaseState {
    pub const ALL: [CaseState; 3] = [
        CaseState::Opened,
        CaseState::ProfileSubmitted,
        CaseState::ProfileConfirmed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseState::Opened => "opened",
            CaseState::ProfileSubmitted => "profile_submitted",
            CaseState::ProfileConfirmed => "profile_confirmed",
        }
    }

    pub fn from_code(code: &str) -> Option<CaseState> {
        CaseState::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        ru::label(&ru::SUP_STATES, self.code())
    }
}

/// A case in the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseRow {
    pub id: String,
    pub school: String,
    pub municipality: String,
    pub year: i32,
    pub statuses: Vec<String>,
    pub state: CaseState,
    pub curator: Option<String>,
}

/// A status of a published run and how many schools hold it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunStatus {
    pub code: String,
    pub label: String,
    pub schools: usize,
}

/// A published run the operator can create cases from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunChoice {
    pub id: String,
    pub title: String,
    pub published_at: String,
    pub statuses: Vec<RunStatus>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseList {
    /// One page of the cases, and how many there are in all.
    pub cases: Vec<CaseRow>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    /// The municipalities a reader may filter by (the operator's); empty for everyone else.
    pub municipalities: Vec<String>,
    /// The operator's: published runs to create cases from, and this year as the default cycle.
    pub runs: Vec<RunChoice>,
    pub can_create: bool,
    pub this_year: i32,
    /// The operator or a coordinator: the list links the summary (`dashboard`).
    pub summary: bool,
}

/// What Rost already knows beside two factors: the registry's staff number (factor 2) and the
/// share of the school's teachers with a pronounced deficit (factor 3), for n ≥ 5 only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Known {
    pub staff_count: Option<i32>,
    pub teachers_measured: GroupSize,
    pub pronounced_share: Option<f64>,
}

/// A case with its school's statuses and its risk profile's levels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseView {
    pub id: String,
    pub school: String,
    pub school_code: String,
    pub municipality: String,
    pub year: i32,
    pub statuses: Vec<String>,
    /// «title, published on …» of the run the case came from.
    pub run: Option<String>,
    /// The run's explanation of the school, for the operator (whose page it is).
    pub explanation: Option<String>,
    pub reason: Option<String>,
    pub state: CaseState,
    pub curator: Option<String>,
    /// (user id, name) of the region's curators, when the reader may assign one.
    pub curators: Vec<(String, String)>,
    pub levels: Vec<FactorLevel>,
    pub priorities: Vec<String>,
    pub known: Known,
    /// The school team as (user id, name).
    pub team: Vec<(String, String)>,
    /// Whom the school's director may add to the team; empty for everyone else.
    pub team_candidates: Vec<(String, String)>,
    /// The reader names the team (the school's director).
    pub can_name_team: bool,
    pub partner: Option<String>,
    /// (school id, «school, municipality») the operator may pair the case with.
    pub partner_candidates: Vec<(String, String)>,
    pub can_set_partner: bool,
    /// The reader sees the case only as the director of its partner school.
    pub partner_only: bool,
}

/// The questionnaire page of a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileView {
    pub case_id: String,
    pub school: String,
    pub year: i32,
    pub state: CaseState,
    pub questionnaire: Questionnaire,
    pub version: i32,
    pub answers: BTreeMap<String, usize>,
    pub priorities: Vec<String>,
    pub levels: Vec<FactorLevel>,
    pub known: Known,
    /// The school's director, until the curator confirms.
    pub can_answer: bool,
    /// The case's curator, once the school submitted.
    pub can_confirm: bool,
    pub submitted_at: Option<String>,
    pub confirmed_at: Option<String>,
}

/// One page of the cases the reader sees, narrowed by state and (for the operator)
/// municipality.
#[server]
pub async fn get_cases(
    slug: String,
    state: Option<String>,
    municipality: Option<String>,
    page: Option<i64>,
) -> Result<CaseList, AppError> {
    crate::state::with_status(cases::get_cases(&slug, state.as_deref(), municipality.as_deref(), page).await)
}

/// Opens a case for each school of a published run holding one of the chosen statuses (the
/// operator); schools that already have a case in the cycle are skipped. Returns how many.
#[server]
pub async fn create_cases_from_run(
    slug: String,
    run: String,
    year: String,
    statuses: Option<BTreeMap<String, String>>,
) -> Result<usize, AppError> {
    crate::state::with_status(
        create::create_cases_from_run(&slug, &run, &year, statuses.unwrap_or_default()).await,
    )
}

/// Opens one school's case by hand, with a reason (the operator).
#[server]
pub async fn create_case(
    slug: String,
    school: String,
    year: String,
    reason: String,
) -> Result<String, AppError> {
    crate::state::with_status(create::create_case(&slug, &school, &year, &reason).await)
}

/// Assigns a curator to a case: the operator, or a coordinator in their municipality.
#[server]
pub async fn assign_curator(slug: String, case: String, curator: String) -> Result<(), AppError> {
    crate::state::with_status(cases::assign_curator(&slug, &case, &curator).await)
}

/// The school's director puts a confirmed member of the school on the case's team.
#[server]
pub async fn add_team_member(slug: String, case: String, user: String) -> Result<(), AppError> {
    crate::state::with_status(team::add_team_member(&slug, &case, &user).await)
}

/// The school's director takes a member off the case's team.
#[server]
pub async fn remove_team_member(slug: String, case: String, user: String) -> Result<(), AppError> {
    crate::state::with_status(team::remove_team_member(&slug, &case, &user).await)
}

/// The operator pairs the case with a school of stable high results (empty: no partner).
#[server]
pub async fn set_partner(slug: String, case: String, school: String) -> Result<(), AppError> {
    crate::state::with_status(team::set_partner(&slug, &case, &school).await)
}

#[server]
pub async fn get_case(slug: String, id: String) -> Result<CaseView, AppError> {
    crate::state::with_status(cases::get_case(&slug, &id).await)
}

#[server]
pub async fn get_profile(slug: String, case: String) -> Result<ProfileView, AppError> {
    crate::state::with_status(profile::get_profile(&slug, &case).await)
}

/// The director saves the school's answers and priority risks (at most three); `submit`
/// hands the profile to the curator, which needs every question answered.
#[server]
pub async fn save_profile(
    slug: String,
    case: String,
    answers: Option<BTreeMap<String, String>>,
    priorities: Option<BTreeMap<String, String>>,
    submit: Option<String>,
) -> Result<(), AppError> {
    let (answers, priorities) = (answers.unwrap_or_default(), priorities.unwrap_or_default());
    crate::state::with_status(
        profile::save_profile(&slug, &case, answers, priorities, submit.is_some()).await,
    )
}

/// The case's curator records their own level of each factor they disagree with (an empty
/// level keeps the computed one), with a comment, and confirms the profile.
#[server]
pub async fn confirm_profile(
    slug: String,
    case: String,
    levels: Option<BTreeMap<String, String>>,
    comments: Option<BTreeMap<String, String>>,
) -> Result<(), AppError> {
    let (levels, comments) = (levels.unwrap_or_default(), comments.unwrap_or_default());
    crate::state::with_status(profile::confirm_profile(&slug, &case, levels, comments).await)
}
