//! Personal accounts: registration inside a region, e-mail confirmation, login and sessions,
//! password recovery, invitations, the operator's people and audit log, and the account's
//! sections of the personal cabinet.

#[cfg(feature = "ssr")]
mod audit_log;
#[cfg(feature = "ssr")]
mod checks;
pub mod confirmations;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
mod invitations;
#[cfg(feature = "ssr")]
mod login;
#[cfg(feature = "ssr")]
mod my_data;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
mod people;
#[cfg(feature = "ssr")]
mod profile;
#[cfg(feature = "ssr")]
pub mod rate_limit;
#[cfg(feature = "ssr")]
mod recovery;
#[cfg(feature = "ssr")]
mod registration;
#[cfg(feature = "ssr")]
pub mod session;
pub mod widgets;

#[cfg(feature = "ssr")]
pub use my_data::my_data;
/// The person's profile in a region, for the header's menu.
#[cfg(feature = "ssr")]
pub use profile::get_profile as profile_of;
pub use widgets::cabinet::{CabinetHead, CabinetSettings};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::state::with_status;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolOption {
    pub id: String,
    pub municipality_id: String,
    pub name: String,
}

/// What the registration form offers: the region's municipalities and schools.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistrationOptions {
    pub region_name: String,
    /// (id, name)
    pub municipalities: Vec<(String, String)>,
    pub schools: Vec<SchoolOption>,
}

/// The registration form as submitted (inputs named `form[full_name]` and so on).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistrationForm {
    pub slug: String,
    pub full_name: String,
    pub email: String,
    pub municipality_id: String,
    pub school_id: String,
    pub position: String,
    pub subjects: String,
    pub experience_years: String,
    pub consent: Option<String>,
}

/// The signed-in person as the personal account shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub full_name: String,
    pub email: String,
    pub region_name: String,
    /// Whether the person belongs to this region.
    pub member: bool,
    pub school: Option<String>,
    pub position: Option<String>,
    pub subjects: Vec<String>,
    pub experience_years: Option<i32>,
    pub roles: Vec<String>,
}

/// A member of the region as its operator manages them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub user_id: String,
    pub full_name: String,
    pub email: String,
    pub position: String,
    pub school: Option<String>,
    pub active: bool,
    pub confirmed: bool,
    pub roles: Vec<String>,
}

#[server]
pub async fn get_people(slug: String) -> Result<Vec<Person>, AppError> {
    with_status(people::get_people(&slug).await)
}

/// Offers a role in the region to an address; it takes effect once the person accepts.
#[server]
pub async fn invite(slug: String, full_name: String, email: String, role: String) -> Result<(), AppError> {
    with_status(invitations::invite(&slug, &full_name, &email, &role).await)
}

/// An invitation not yet accepted, as the operator typed it (nothing about the person's account).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub email: String,
    pub full_name: String,
    pub roles: Vec<String>,
    pub sent_at: String,
}

#[server]
pub async fn get_pending_invitations(slug: String) -> Result<Vec<PendingInvitation>, AppError> {
    with_status(invitations::get_pending_invitations(&slug).await)
}

/// What the holder of an invitation link must do to accept it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationAccess {
    /// No confirmed account has the address: set a password (the link proves the mailbox).
    SetPassword,
    /// The invited account is signed in.
    Accept,
    /// The invited account exists: sign in as it first.
    SignIn,
}

/// An invitation as its link's page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub region_name: String,
    pub email: String,
    /// Russian labels of the roles offered.
    pub roles: String,
    pub access: InvitationAccess,
}

#[server]
pub async fn get_invitation(slug: String, token: String) -> Result<InvitationView, AppError> {
    with_status(invitations::get_invitation(&slug, &token).await)
}

/// Accepts by the e-mailed link; `password` when the address has no confirmed account yet.
#[server]
pub async fn accept_invitation(
    slug: String,
    token: String,
    password: Option<String>,
) -> Result<(), AppError> {
    with_status(invitations::accept_invitation(&slug, &token, password.as_deref()).await)
}

/// An open invitation to the signed-in person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyInvitation {
    pub id: String,
    /// Russian labels of the roles offered.
    pub roles: String,
}

#[server]
pub async fn get_my_invitations(slug: String) -> Result<Vec<MyInvitation>, AppError> {
    with_status(invitations::get_my_invitations(&slug).await)
}

#[server]
pub async fn accept_my_invitation(slug: String, id: String) -> Result<(), AppError> {
    with_status(invitations::accept_my_invitation(&slug, &id).await)
}

/// Grants (`grant` present) or revokes a role.
#[server]
pub async fn set_role(
    slug: String,
    user_id: String,
    role: String,
    grant: Option<String>,
) -> Result<(), AppError> {
    with_status(people::set_role(&slug, &user_id, &role, grant.is_some()).await)
}

/// Closes (`active` absent) or reopens a member's access to the region.
#[server]
pub async fn set_member_active(
    slug: String,
    user_id: String,
    active: Option<String>,
) -> Result<(), AppError> {
    with_status(people::set_member_active(&slug, &user_id, active.is_some()).await)
}

/// One security event as the regional operator reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    pub email: Option<String>,
    pub action: String,
    pub ip: Option<String>,
    pub details: String,
}

#[server]
pub async fn get_audit_log(slug: String) -> Result<Vec<AuditEntry>, AppError> {
    with_status(audit_log::get_audit_log(&slug).await)
}

#[server]
pub async fn get_registration_options(slug: String) -> Result<RegistrationOptions, AppError> {
    with_status(registration::get_registration_options(&slug).await)
}

#[server]
pub async fn register(form: RegistrationForm) -> Result<(), AppError> {
    with_status(registration::register(form).await)
}

/// Confirms an address; a registration's confirmation sets the `password` too.
#[server]
pub async fn confirm_email(token: String, password: Option<String>) -> Result<String, AppError> {
    with_status(recovery::confirm_email(&token, password.as_deref()).await)
}

#[server]
pub async fn resend_confirmation(slug: String, email: String) -> Result<(), AppError> {
    with_status(recovery::resend_confirmation(&slug, &email).await)
}

#[server]
pub async fn login(slug: String, email: String, password: String) -> Result<(), AppError> {
    with_status(login::login(&slug, &email, &password).await)?;
    leptos_axum::redirect(&format!("/r/{slug}/cabinet"));
    Ok(())
}

#[server]
pub async fn logout(slug: String, everywhere: Option<String>) -> Result<(), AppError> {
    login::logout(everywhere.is_some()).await?;
    leptos_axum::redirect(&format!("/r/{slug}/login"));
    Ok(())
}

#[server]
pub async fn request_password_reset(slug: String, email: String) -> Result<(), AppError> {
    with_status(recovery::request_password_reset(&slug, &email).await)
}

#[server]
pub async fn reset_password(token: String, password: String) -> Result<String, AppError> {
    with_status(recovery::reset_password(&token, &password).await)
}

#[server]
pub async fn change_password(
    slug: String,
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    with_status(profile::change_password(&slug, &current_password, &new_password).await)
}

#[server]
pub async fn update_profile(
    slug: String,
    full_name: String,
    subjects: String,
    experience_years: String,
) -> Result<(), AppError> {
    with_status(profile::update_profile(&slug, &full_name, &subjects, &experience_years).await)
}

#[server]
pub async fn request_email_change(slug: String, email: String, password: String) -> Result<(), AppError> {
    with_status(profile::request_email_change(&slug, &email, &password).await)
}

#[server]
pub async fn delete_account(slug: String, password: String) -> Result<(), AppError> {
    with_status(profile::delete_account(&slug, &password).await)?;
    leptos_axum::redirect(&format!("/r/{slug}"));
    Ok(())
}

#[server]
pub async fn get_profile(slug: String) -> Result<Option<Profile>, AppError> {
    with_status(profile::get_profile(&slug).await)
}
