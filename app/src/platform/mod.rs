//! Platform administration (issue 15): the global role `platform_admin` creates, edits and
//! deactivates regions, invites their first operators, sees per-region usage as counts, and
//! every step lands in the platform's log (`platform_audit`).
//!
//! The gate `access::PlatformAdmin` opens a transaction without a tenant, so the role reads no
//! region's rows; `tenants` changes and writes into a region go through the security-definer
//! functions of migration `20261206000001`. To work inside a region the administrator takes a
//! role there (`grant_self`), recorded in both logs. Interregional clubs are created here too
//! (`/admin/clubs`, `clubs.rs`), through security-definer functions past the clubs' own
//! row-level security, with the default sections of the `club` module.

#[cfg(feature = "ssr")]
mod audit;
#[cfg(feature = "ssr")]
pub mod bootstrap;
#[cfg(feature = "ssr")]
mod checks;
#[cfg(feature = "ssr")]
mod clubs;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
mod operators;
pub mod pages;
#[cfg(feature = "ssr")]
mod regions;

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::state::with_status;

/// A region with its usage, as the platform's list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct RegionUsage {
    pub slug: String,
    pub name: String,
    pub region_code: String,
    pub active: bool,
    pub people: i64,
    pub attempts: i64,
    pub storage_bytes: i64,
    pub mail_failures: i64,
}

/// A region's settings as the edit form shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionSettings {
    pub slug: String,
    pub name: String,
    pub region_code: String,
    pub time_zone: String,
    /// `code = label` lines, as typed in the form.
    pub status_labels: String,
    pub active: bool,
}

/// An event of the platform's log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PlatformAuditEntry {
    /// UTC, `DD.MM.YYYY HH24:MI:SS`.
    pub at: String,
    pub email: Option<String>,
    pub action: String,
    pub region: Option<String>,
    pub ip: Option<String>,
    pub details: String,
}

/// A club as the platform's list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ClubSummary {
    pub slug: String,
    pub name: String,
    /// The names of its regions, comma-separated.
    pub regions: String,
    pub moderators: i64,
    pub threads: i64,
}

/// The clubs page: every club, and the active regions a new one can span (slug, name).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlatformClubs {
    pub clubs: Vec<ClubSummary>,
    pub regions: Vec<(String, String)>,
}

/// The create-club form as typed: `form[regions][<slug>]=on` for each region ticked, the
/// moderators' addresses separated by commas or lines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewClub {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub regions: BTreeMap<String, String>,
    #[serde(default)]
    pub moderators: String,
}

#[server]
pub async fn get_platform_clubs() -> Result<PlatformClubs, AppError> {
    with_status(clubs::get_platform_clubs().await)
}

/// Creates an interregional club with its regions, moderators and the default sections;
/// answers its slug.
#[server]
pub async fn create_club(form: NewClub) -> Result<String, AppError> {
    with_status(clubs::create_club(form).await)
}

#[server]
pub async fn get_platform_regions() -> Result<Vec<RegionUsage>, AppError> {
    with_status(regions::get_platform_regions().await)
}

#[server]
pub async fn get_platform_region(slug: String) -> Result<RegionSettings, AppError> {
    with_status(regions::get_platform_region(&slug).await)
}

/// Creates a region with the template configuration and the demo framework and catalogue
/// every region starts with; answers its slug.
#[server]
pub async fn create_region(
    slug: String,
    name: String,
    region_code: String,
    time_zone: String,
    status_labels: String,
    template: String,
) -> Result<String, AppError> {
    let form = checks::NewRegion {
        slug,
        name,
        region_code,
        time_zone,
        status_labels,
        template,
    };
    with_status(regions::create_region(form).await)
}

/// Saves a region's settings; `active` absent deactivates it.
#[server]
pub async fn update_region(
    slug: String,
    name: String,
    region_code: String,
    time_zone: String,
    status_labels: String,
    active: Option<String>,
) -> Result<(), AppError> {
    let form = RegionSettings {
        slug,
        name,
        region_code,
        time_zone,
        status_labels,
        active: active.is_some(),
    };
    with_status(regions::update_region(form).await)
}

/// Invites a region's operator: an e-mail with a link that sets the password and accepts.
#[server]
pub async fn invite_operator(slug: String, full_name: String, email: String) -> Result<(), AppError> {
    with_status(operators::invite_operator(&slug, &full_name, &email).await)
}

/// Gives the administrator a role in a region; recorded in the platform's and the region's log.
#[server]
pub async fn grant_self(slug: String, role: String) -> Result<(), AppError> {
    with_status(operators::grant_self(&slug, &role).await)
}

#[server]
pub async fn get_platform_audit() -> Result<Vec<PlatformAuditEntry>, AppError> {
    with_status(audit::get_platform_audit().await)
}
