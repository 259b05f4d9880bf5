//! Personal accounts: registration inside a region, e-mail confirmation, login and sessions,
//! password recovery, and the personal account page.

pub mod components;
pub mod confirmations;
pub mod invitation_pages;
#[cfg(feature = "ssr")]
pub mod invitations;
#[cfg(feature = "ssr")]
pub mod login;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod rate_limit;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

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
    let state = crate::state::app_state()?;
    crate::state::with_status(service::people(&state, &slug).await)
}

/// Offers a role in the region to an address; it takes effect once the person accepts.
#[server]
pub async fn invite(slug: String, full_name: String, email: String, role: String) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(invitations::invite(&state, &slug, &full_name, &email, &role).await)
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
    let state = crate::state::app_state()?;
    crate::state::with_status(invitations::pending(&state, &slug).await)
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
    let state = crate::state::app_state()?;
    crate::state::with_status(invitations::view(&state, &slug, &token).await)
}

/// Accepts by the e-mailed link; `password` when the address has no confirmed account yet.
#[server]
pub async fn accept_invitation(
    slug: String,
    token: String,
    password: Option<String>,
) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(invitations::accept(&state, &slug, &token, password.as_deref()).await)
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
    let state = crate::state::app_state()?;
    crate::state::with_status(invitations::mine(&state, &slug).await)
}

#[server]
pub async fn accept_my_invitation(slug: String, id: String) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(invitations::accept_mine(&state, &slug, &id).await)
}

/// Grants (`grant` present) or revokes a role.
#[server]
pub async fn set_role(
    slug: String,
    user_id: String,
    role: String,
    grant: Option<String>,
) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(service::set_role(&state, &slug, &user_id, &role, grant.is_some()).await)
}

/// Closes (`active` absent) or reopens a member's access to the region.
#[server]
pub async fn set_member_active(
    slug: String,
    user_id: String,
    active: Option<String>,
) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(service::set_active(&state, &slug, &user_id, active.is_some()).await)
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
    let state = crate::state::app_state()?;
    crate::state::with_status(service::audit_log(&state, &slug).await)
}

#[server]
pub async fn get_registration_options(slug: String) -> Result<RegistrationOptions, AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(service::registration_options(&state, &slug).await)
}

#[server]
pub async fn register(form: RegistrationForm) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(service::register(&state, form).await)
}

/// Confirms an address; a registration's confirmation sets the `password` too.
#[server]
pub async fn confirm_email(token: String, password: Option<String>) -> Result<String, AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(service::confirm_email(&state, &token, password.as_deref()).await)
}

#[server]
pub async fn resend_confirmation(slug: String, email: String) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(service::resend_confirmation(&state, &slug, &email).await)
}

#[server]
pub async fn login(slug: String, email: String, password: String) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(login::login(&state, &slug, &email, &password).await)?;
    leptos_axum::redirect(&format!("/r/{slug}/cabinet"));
    Ok(())
}

#[server]
pub async fn logout(slug: String, everywhere: Option<String>) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    service::logout(&state, everywhere.is_some()).await?;
    leptos_axum::redirect(&format!("/r/{slug}/login"));
    Ok(())
}

#[server]
pub async fn request_password_reset(slug: String, email: String) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(service::request_password_reset(&state, &slug, &email).await)
}

#[server]
pub async fn reset_password(token: String, password: String) -> Result<String, AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(service::reset_password(&state, &token, &password).await)
}

#[server]
pub async fn change_password(
    slug: String,
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(service::change_password(&state, &slug, &current_password, &new_password).await)
}

#[server]
pub async fn update_profile(
    slug: String,
    full_name: String,
    subjects: String,
    experience_years: String,
) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(
        service::update_profile(&state, &slug, &full_name, &subjects, &experience_years).await,
    )
}

#[server]
pub async fn request_email_change(slug: String, email: String, password: String) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(service::request_email_change(&state, &slug, &email, &password).await)
}

#[server]
pub async fn delete_account(slug: String, password: String) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(service::delete_account(&state, &slug, &password).await)?;
    leptos_axum::redirect(&format!("/r/{slug}"));
    Ok(())
}

/// `GET /my-data.json`: everything stored about the signed-in person, as a download.
#[cfg(feature = "ssr")]
pub async fn my_data(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    user: Option<axum::Extension<session::AuthUser>>,
) -> axum::response::Response {
    use axum::{http::header, response::IntoResponse};
    let Some(axum::Extension(user)) = user else {
        return (
            axum::http::StatusCode::UNAUTHORIZED,
            crate::i18n::ru::ERROR_UNAUTHORIZED,
        )
            .into_response();
    };
    match service::export_my_data(&state, &user).await {
        Ok(data) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"rost-my-data.json\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            serde_json::to_string_pretty(&data).unwrap_or_default(),
        )
            .into_response(),
        Err(error) => {
            let status = axum::http::StatusCode::from_u16(error.status())
                .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
            (status, error.to_string()).into_response()
        }
    }
}

#[server]
pub async fn get_profile(slug: String) -> Result<Option<Profile>, AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(service::profile(&state, &slug).await)
}
