//! Courses (issue 12): each region's catalogue of further-training courses with the
//! competencies they develop, and each person's individual route (ИОМ), proposed from the
//! deficits of their latest finished diagnostic by [`recommend`] and then owned by the person,
//! every change kept.

#[cfg(feature = "ssr")]
mod catalogue;
#[cfg(feature = "ssr")]
mod catalogue_xlsx;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
mod enrolment;
#[cfg(feature = "ssr")]
mod form;
#[cfg(feature = "ssr")]
mod micro;
pub mod pages;
pub mod recommend;
#[cfg(feature = "ssr")]
mod route;
#[cfg(feature = "ssr")]
mod seed;
#[cfg(feature = "ssr")]
mod sharing;
#[cfg(feature = "ssr")]
pub mod templates;
mod widgets;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::ru;

#[cfg(feature = "ssr")]
pub use catalogue_xlsx::{export_catalogue, import_catalogue};
#[cfg(feature = "ssr")]
pub use enrolment::{download_document, import_completions, upload_document};
#[cfg(feature = "ssr")]
pub use micro::content::render_markdown;
#[cfg(feature = "ssr")]
pub use seed::seed_region;
/// The cabinet's link to the person's route (`crate::cabinet` shows it).
pub use widgets::RouteLinkSection;

/// A course of the catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseView {
    pub id: String,
    pub code: String,
    pub title: String,
    pub provider: String,
    pub description: String,
    /// `soft`, `subject` or `management`.
    pub kind: String,
    pub subject: Option<String>,
    /// очно, очно-заочно, дистанционно or стажировка.
    pub format: String,
    pub hours: i32,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub capacity: Option<i32>,
    pub audience: Vec<String>,
    /// (competency code, weight 0–1), heaviest first.
    pub competencies: Vec<(String, f64)>,
    pub link: Option<String>,
    pub on_platform: bool,
}

impl CourseView {
    pub fn kind_label(&self) -> &str {
        ru::label(&ru::COURSE_KINDS, &self.kind)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseCatalogue {
    pub courses: Vec<CourseView>,
    /// (code, title) of the region's competencies, for the form's hint.
    pub competencies: Vec<(String, String)>,
}

/// The catalogue of the region, for its operator.
#[server]
pub async fn get_course_catalogue(slug: String) -> Result<CourseCatalogue, AppError> {
    crate::state::with_status(catalogue::get_course_catalogue(&slug).await)
}

/// The course form's fields, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CourseForm {
    pub code: String,
    pub title: String,
    pub provider: String,
    pub description: String,
    pub kind: String,
    pub subject: String,
    pub format: String,
    pub hours: String,
    pub starts_on: String,
    pub ends_on: String,
    pub capacity: String,
    /// Position codes separated by commas.
    pub audience: String,
    /// «MET-2: 1; PSY-3: 0.3».
    pub competencies: String,
    pub link: String,
    pub on_platform: Option<String>,
}

impl From<&CourseView> for CourseForm {
    fn from(course: &CourseView) -> Self {
        CourseForm {
            code: course.code.clone(),
            title: course.title.clone(),
            provider: course.provider.clone(),
            description: course.description.clone(),
            kind: course.kind.clone(),
            subject: course.subject.clone().unwrap_or_default(),
            format: course.format.clone(),
            hours: course.hours.to_string(),
            starts_on: course.starts_on.clone().unwrap_or_default(),
            ends_on: course.ends_on.clone().unwrap_or_default(),
            capacity: course.capacity.map(|c| c.to_string()).unwrap_or_default(),
            audience: course.audience.join(", "),
            competencies: course
                .competencies
                .iter()
                .map(|(code, weight)| format!("{code}: {weight}"))
                .collect::<Vec<_>>()
                .join("; "),
            link: course.link.clone().unwrap_or_default(),
            on_platform: course.on_platform.then(|| "on".into()),
        }
    }
}

/// Creates a course, or changes one; returns its id.
#[server]
pub async fn save_course(slug: String, id: Option<String>, form: CourseForm) -> Result<String, AppError> {
    crate::state::with_status(catalogue::save_course(&slug, id.as_deref(), form).await)
}

/// Removes a course from the catalogue (and from the routes that hold it; their histories keep it).
#[server]
pub async fn delete_course(slug: String, id: String) -> Result<(), AppError> {
    crate::state::with_status(catalogue::delete_course(&slug, &id).await)
}

// ---- the person's route ----

/// A deficit a course closes: the competency's title and the person's score (share 0–1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Covered {
    pub code: String,
    pub title: String,
    pub score: f64,
}

/// A course of a route, with why it is there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RouteCourse {
    pub course: CourseView,
    /// The deficits it closes, most severe first; empty for a course the person added.
    pub covers: Vec<Covered>,
    /// (id, title) of courses that close the same deficits, to replace it with.
    pub alternatives: Vec<(String, String)>,
    pub planned_start: Option<String>,
    pub planned_end: Option<String>,
}

impl RouteCourse {
    /// «закрывает: Проектирование урока (0 %), Формирующее оценивание (0 %)».
    pub fn explanation(&self) -> String {
        let covers: Vec<(String, f64)> = self.covers.iter().map(|c| (c.title.clone(), c.score)).collect();
        ru::route_covers(&covers)
    }

    /// Subject courses are shown apart from soft-skill and management ones.
    pub fn is_subject(&self) -> bool {
        self.course.kind == "subject"
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RouteChange {
    pub at: String,
    pub action: String,
    pub course: Option<String>,
    pub replaced_by: Option<String>,
}

impl RouteChange {
    pub fn label(&self) -> &str {
        ru::label(&ru::ROUTE_HISTORY_ACTIONS, &self.action)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyRoute {
    /// The accepted route's id; `None` while the route is only proposed.
    pub route_id: Option<String>,
    /// The diagnostic it comes from: «title, date».
    pub based_on: Option<String>,
    pub courses: Vec<RouteCourse>,
    /// Pronounced deficits no available course closes.
    pub uncovered: Vec<Covered>,
    pub history: Vec<RouteChange>,
    /// (id, title) of the catalogue's courses not in the route, to add.
    pub catalogue: Vec<(String, String)>,
}

/// The person's route: the accepted one, or the proposal from their latest finished diagnostic.
#[server]
pub async fn get_my_route(slug: String) -> Result<MyRoute, AppError> {
    crate::state::with_status(route::get_my_route(&slug).await)
}

/// Accepts the current proposal as the person's route (replacing the courses of an earlier
/// one); returns the route's id.
#[server]
pub async fn accept_route(slug: String) -> Result<String, AppError> {
    crate::state::with_status(route::accept_route(&slug).await)
}

/// One change to the person's own route: `op` is `remove` (`course`), `replace` (`course`,
/// `with`), `add` (`with`) or `plan` (`course`, `planned_start`, `planned_end`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RouteEdit {
    pub op: String,
    pub course: String,
    pub with: String,
    pub planned_start: String,
    pub planned_end: String,
}

#[server]
pub async fn edit_route(slug: String, route: String, edit: RouteEdit) -> Result<(), AppError> {
    crate::state::with_status(route::edit_route(&slug, &route, edit).await)
}

// ---- enrolment and completion ----

/// A document the person uploaded for one of their enrolments: the latest one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyDocument {
    /// `pending`, `approved` or `returned`.
    pub status: String,
    pub file_name: String,
    pub comment: Option<String>,
}

/// The person's enrolment in one course.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyEnrolment {
    pub course_id: String,
    pub title: String,
    /// `enrolled`, `waiting`, `completed` or `cancelled`.
    pub status: String,
    /// The place on the waiting list, from 1.
    pub position: Option<i64>,
    pub hours: Option<i32>,
    pub completed_on: Option<String>,
    pub document: Option<MyDocument>,
}

impl MyEnrolment {
    /// «записан», «в листе ожидания (№ 2)», «пройден, 36 ч».
    pub fn state(&self) -> String {
        match self.status.as_str() {
            "enrolled" => ru::ENROL_ENROLLED.to_string(),
            "waiting" => ru::enrol_waiting(self.position.unwrap_or(1)),
            "completed" => ru::enrol_completed(self.hours.unwrap_or(0)),
            "cancelled" => ru::ENROL_CANCELLED.to_string(),
            _ => ru::ENROL_PLANNED.to_string(),
        }
    }

    /// Whether the person may still upload a document or cancel.
    pub fn is_open(&self) -> bool {
        matches!(self.status.as_str(), "enrolled" | "waiting")
    }
}

/// The courses of the person's route and enrolments: how many are done, and their hours.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub done: i64,
    pub total: i64,
    pub hours: i64,
}

impl Progress {
    /// «Пройдено 2 из 5 курсов, 36 ч».
    pub fn summary(&self) -> String {
        ru::enrol_progress(self.done, self.total, self.hours)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MyEnrolments {
    pub enrolments: Vec<MyEnrolment>,
    pub progress: Progress,
}

/// The person's enrolments (cancelled ones too, to enrol again) and their progress.
#[server]
pub async fn get_my_enrolments(slug: String) -> Result<MyEnrolments, AppError> {
    crate::state::with_status(enrolment::enrol::get_my_enrolments(&slug).await)
}

/// The progress along the person's route, for the cabinet.
#[server]
pub async fn get_my_progress(slug: String) -> Result<Progress, AppError> {
    crate::state::with_status(enrolment::enrol::get_my_progress(&slug).await)
}

/// Enrols the person in a course, or puts them on its waiting list when it is full; returns
/// the enrolment's status.
#[server]
pub async fn enrol(slug: String, course: String) -> Result<String, AppError> {
    crate::state::with_status(enrolment::enrol::enrol(&slug, &course).await)
}

/// Cancels the person's enrolment (or place on the waiting list); a freed place goes to the
/// first person waiting.
#[server]
pub async fn cancel_enrolment(slug: String, course: String) -> Result<(), AppError> {
    crate::state::with_status(enrolment::enrol::cancel_enrolment(&slug, &course).await)
}

/// A person enrolled in a course, as its administrators see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnrolledPerson {
    pub enrolment_id: String,
    pub full_name: String,
    pub email: String,
    pub status: String,
    pub position: Option<i64>,
    pub hours: Option<i32>,
    pub completed_on: Option<String>,
    pub completed_via: Option<String>,
    /// The administrator's own enrolment: someone else confirms it.
    pub own: bool,
}

impl EnrolledPerson {
    pub fn state(&self) -> String {
        let via = self
            .completed_via
            .as_deref()
            .map(|v| format!(" ({})", ru::label(&ru::ENROL_VIA, v)))
            .unwrap_or_default();
        match self.status.as_str() {
            "waiting" => ru::enrol_waiting(self.position.unwrap_or(1)),
            "completed" => format!(
                "{}, {}{via}",
                ru::enrol_completed(self.hours.unwrap_or(0)),
                self.completed_on.clone().unwrap_or_default()
            ),
            _ => ru::ENROL_ENROLLED.to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseEnrolments {
    pub id: String,
    pub code: String,
    pub title: String,
    pub hours: i32,
    pub capacity: Option<i32>,
    /// Enrolled and completed: the places taken.
    pub taken: i64,
    /// Enrolled, then waiting in order, then completed.
    pub people: Vec<EnrolledPerson>,
}

/// A document waiting for an administrator's decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingDocument {
    pub id: String,
    pub course_title: String,
    pub course_hours: i32,
    pub full_name: String,
    pub email: String,
    pub file_name: String,
    pub uploaded_at: String,
    pub own: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnrolmentsAdmin {
    /// Courses with anyone enrolled, waiting or done, by code.
    pub courses: Vec<CourseEnrolments>,
    pub documents: Vec<PendingDocument>,
    /// (id, «code title») of every course, for the bulk completion.
    pub catalogue: Vec<(String, String)>,
    /// The region's date today, `YYYY-MM-DD`: the default date of a completion.
    pub today: String,
}

/// The course administrator's page: enrolments per course and the documents to check.
#[server]
pub async fn get_enrolments_admin(slug: String) -> Result<EnrolmentsAdmin, AppError> {
    crate::state::with_status(enrolment::admin::get_enrolments_admin(&slug).await)
}

/// Confirms a person's completion of the course they are enrolled in (or waiting for).
#[server]
pub async fn complete_enrolment(
    slug: String,
    enrolment: String,
    hours: String,
    completed_on: String,
) -> Result<(), AppError> {
    crate::state::with_status(
        enrolment::admin::complete_enrolment(&slug, &enrolment, &hours, &completed_on).await,
    )
}

/// Accepts an uploaded document: the enrolment is completed with these hours and date.
#[server]
pub async fn approve_document(
    slug: String,
    id: String,
    hours: String,
    completed_on: String,
) -> Result<(), AppError> {
    crate::state::with_status(enrolment::documents::approve_document(&slug, &id, &hours, &completed_on).await)
}

/// Returns an uploaded document to the person with a comment saying what to fix.
#[server]
pub async fn return_document(slug: String, id: String, comment: String) -> Result<(), AppError> {
    crate::state::with_status(enrolment::documents::return_document(&slug, &id, &comment).await)
}

// ---- micro-courses ----

/// A check passed at this share of its points completes the micro-course.
pub const PASS_SHARE: f64 = 0.8;

/// A lesson of a micro-course; `html` is its Markdown rendered and sanitised on the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MicroLesson {
    pub position: i32,
    pub title: String,
    pub html: String,
    pub read: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MicroCourse {
    pub id: String,
    pub title: String,
    pub hours: i32,
    pub lessons: Vec<MicroLesson>,
    pub completed: bool,
    /// The latest check's score (share 0–1).
    pub last_score: Option<f64>,
}

/// A drawn check: its items without keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MicroCheck {
    pub attempt: String,
    pub items: Vec<crate::diagnostics::AttemptItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckAnswer {
    pub item: String,
    pub answer: crate::diagnostics::Answer,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckOutcome {
    /// Share 0–1 of the check's points.
    pub score: f64,
    pub passed: bool,
}

/// A micro-course with its lessons and the person's progress.
#[server]
pub async fn get_micro_course(slug: String, course: String) -> Result<MicroCourse, AppError> {
    crate::state::with_status(micro::get_micro_course(&slug, &course).await)
}

/// Records that the person has read a lesson.
#[server]
pub async fn mark_lesson_read(slug: String, course: String, lesson: i32) -> Result<(), AppError> {
    crate::state::with_status(micro::mark_lesson_read(&slug, &course, lesson).await)
}

/// Draws a new final check once every lesson is read.
#[server]
pub async fn start_micro_check(slug: String, course: String) -> Result<MicroCheck, AppError> {
    crate::state::with_status(micro::start_micro_check(&slug, &course).await)
}

/// Scores the check on the server; a pass completes the course.
#[server(input = leptos::server_fn::codec::Json)]
pub async fn submit_micro_check(
    slug: String,
    attempt: String,
    answers: Vec<CheckAnswer>,
) -> Result<CheckOutcome, AppError> {
    crate::state::with_status(micro::submit_micro_check(&slug, &attempt, answers).await)
}

// ---- route sharing ----

/// A director or methodologist of the person's school the route can be shared with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareCandidate {
    pub user_id: String,
    pub name: String,
    /// `director` or `methodologist`.
    pub position: String,
    pub shared: bool,
}

impl ShareCandidate {
    pub fn position_label(&self) -> &str {
        ru::label(&ru::POSITIONS, &self.position)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RouteSharing {
    pub has_route: bool,
    pub candidates: Vec<ShareCandidate>,
}

/// A course of a route someone shared, as its reader sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedCourse {
    pub title: String,
    /// «provider, format, 36 ч».
    pub facts: String,
    pub explanation: String,
    pub plan: Option<String>,
    pub completed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedRoute {
    pub owner: String,
    pub updated_on: String,
    pub courses: Vec<SharedCourse>,
}

/// Whom the person's route can be shared with, and with whom it is.
#[server]
pub async fn get_route_sharing(slug: String) -> Result<RouteSharing, AppError> {
    crate::state::with_status(sharing::get_route_sharing(&slug).await)
}

/// Shares the person's route with `viewer` (`op` = `share`) or stops (`revoke`).
#[server]
pub async fn share_route(slug: String, viewer: String, op: String) -> Result<(), AppError> {
    crate::state::with_status(sharing::share_route(&slug, &viewer, &op).await)
}

/// The routes colleagues shared with the person.
#[server]
pub async fn get_shared_routes(slug: String) -> Result<Vec<SharedRoute>, AppError> {
    crate::state::with_status(sharing::get_shared_routes(&slug).await)
}
