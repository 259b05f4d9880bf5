//! Certificates (issue 13): each region's template and issuing rule, gap-free numbers
//! `{region code}-{year}-{sequence}`, PDFs with an embedded Cyrillic font and a QR code to the
//! public verification page, issue by hand or in bulk from the queue of eligible people,
//! e-mail with the PDF attached, revocation and the registry.

#[cfg(feature = "ssr")]
mod admin;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
pub mod evidence;
#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
mod issue;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod logo;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
mod progress;
#[cfg(feature = "ssr")]
mod registry;
#[cfg(feature = "ssr")]
pub mod sealing;
#[cfg(feature = "ssr")]
pub mod signing;
pub mod text;
#[cfg(feature = "ssr")]
mod verify;
#[cfg(feature = "ssr")]
pub mod verify_cache;
#[cfg(feature = "ssr")]
pub mod verify_page;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::access::Role;
use crate::error::AppError;
use crate::growth::CompetencyGrowth;
use crate::i18n::ru;
#[cfg(feature = "ssr")]
use crate::state::with_status;

/// Who administers certificates: the region's certificate administrator.
pub const CERTIFICATE_ADMIN: &[Role] = &[Role::CertificateAdmin];

/// The template's fields, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TemplateForm {
    pub title: String,
    pub body: String,
    pub signatory_name: String,
    pub signatory_position: String,
}

/// The rule's fields: `kind` is `hours` (`min_hours`), `course` (`course_id`), `route` or `manual`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleForm {
    pub kind: String,
    pub min_hours: String,
    pub course_id: String,
}

/// The settings page: the template, the rule in force and its version, the courses to choose.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateSettings {
    pub template: TemplateForm,
    pub rule: RuleForm,
    pub rule_version: i32,
    pub courses: Vec<(String, String)>,
    /// The logo's content type (`image/png`, `image/svg+xml`), when there is one.
    pub logo: Option<String>,
}

/// A person the rule makes eligible, with the evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Eligible {
    pub user_id: String,
    pub full_name: String,
    pub school: Option<String>,
    /// The completed courses, in order of completion.
    pub programme: String,
    pub hours: i32,
    pub dates: String,
    /// Under the route rule: each deficit of the first diagnostic, before and on the re-test.
    pub growth: Vec<CompetencyGrowth>,
}

/// A bulk issue's progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobProgress {
    pub id: String,
    /// When it was started, in the region's time.
    pub started: String,
    pub total: i64,
    pub done: i64,
    pub failed: i64,
    /// (name, error) of each failure.
    pub failures: Vec<(String, String)>,
}

impl JobProgress {
    pub fn finished(&self) -> bool {
        self.done + self.failed >= self.total
    }
}

/// A manual issue: to a member of the region by e-mail, with the facts and a reason.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ManualForm {
    pub email: String,
    pub programme: String,
    pub hours: String,
    pub dates: String,
    pub competencies: String,
    pub reason: String,
}

/// A certificate in the registry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateRow {
    pub number: String,
    pub full_name: String,
    pub school: Option<String>,
    pub programme: String,
    pub hours: i32,
    pub issued_on: String,
    /// «дата: категория» once revoked.
    pub revoked: Option<String>,
}

/// A revocation: the category (`error`, `fraud`, `duplicate`, `request`, `other`) and a reason.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RevokeForm {
    pub number: String,
    pub category: String,
    pub reason: String,
}

/// What the public verification page shows about one number.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, PartialEq)]
pub struct Verification {
    pub number: String,
    /// Masked («Ив*** М. П.») unless the visitor typed the surname.
    pub holder: String,
    pub programme: String,
    pub hours: i32,
    pub issued_on: String,
    pub region: String,
    /// (date, category label) once revoked.
    pub revoked: Option<(String, String)>,
}

/// One of the person's own certificates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyCertificate {
    pub number: String,
    pub programme: String,
    pub hours: i32,
    pub issued_on: String,
    pub revoked: bool,
}

/// The label of a revocation category.
pub fn revoke_category_label(code: &str) -> &str {
    ru::label(&ru::CERTIFICATE_REVOKE_CATEGORIES, code)
}

#[server]
pub async fn get_certificate_settings(slug: String) -> Result<CertificateSettings, AppError> {
    with_status(admin::get_certificate_settings(&slug).await)
}

#[server]
pub async fn save_certificate_template(slug: String, form: TemplateForm) -> Result<(), AppError> {
    with_status(admin::save_certificate_template(&slug, form).await)
}

/// Adds a new version of the region's issuing rule.
#[server]
pub async fn save_certificate_rule(slug: String, form: RuleForm) -> Result<(), AppError> {
    with_status(admin::save_certificate_rule(&slug, form).await)
}

/// The people the rule in force makes eligible who hold no certificate on that basis yet.
#[server]
pub async fn get_eligible(slug: String) -> Result<Vec<Eligible>, AppError> {
    with_status(admin::get_eligible(&slug).await)
}

/// Starts a bulk issue to the given eligible people; returns the job's id.
#[server]
pub async fn issue_eligible(slug: String, users: Vec<String>) -> Result<String, AppError> {
    with_status(admin::issue_eligible(&slug, users).await)
}

#[server]
pub async fn get_certificate_job(slug: String, id: String) -> Result<JobProgress, AppError> {
    with_status(progress::get_certificate_job(&slug, &id).await)
}

/// The region's running bulk jobs and the most recent finished ones, newest first.
#[server]
pub async fn get_certificate_jobs(slug: String) -> Result<Vec<JobProgress>, AppError> {
    with_status(progress::get_certificate_jobs(&slug).await)
}

/// Issues one certificate by hand (a reason is required); returns its number.
#[server]
pub async fn issue_manual(slug: String, form: ManualForm) -> Result<String, AppError> {
    with_status(issue::issue_manual(&slug, form).await)
}

/// The registry, searched by number, name, school, programme or date (`query` may be empty).
#[server]
pub async fn get_certificate_registry(slug: String, query: String) -> Result<Vec<CertificateRow>, AppError> {
    with_status(registry::get_certificate_registry(&slug, &query).await)
}

#[server]
pub async fn revoke_certificate(slug: String, form: RevokeForm) -> Result<(), AppError> {
    with_status(registry::revoke_certificate(&slug, form).await)
}

/// Sends the certificate to its holder again.
#[server]
pub async fn resend_certificate(slug: String, number: String) -> Result<(), AppError> {
    with_status(registry::resend_certificate(&slug, &number).await)
}

/// The person's certificates, and whether they administer the region's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyCertificates {
    pub items: Vec<MyCertificate>,
    pub admin: bool,
}

#[server]
pub async fn get_my_certificates(slug: String) -> Result<MyCertificates, AppError> {
    with_status(registry::get_my_certificates(&slug).await)
}
