//! A region's first operators: the platform's invitation, and the administrator's own role in
//! a region. Both go through security-definer functions that also write the region's audit log.

use serde_json::json;

use super::{checks, db};
use crate::{
    access::{PlatformAdmin, Role},
    accounts::session,
    error::AppError,
    i18n::ru,
    notifications::{self, templates},
};

/// How long the invitation link stays valid, as an operator's own invitation.
const INVITATION_HOURS: i32 = 72;

/// Offers the regional operator's role to `email` by an e-mailed link, which sets the password
/// of a new account (the link proves the mailbox) or is accepted by a signed-in one.
pub async fn invite_operator(slug: &str, full_name: &str, email: &str) -> Result<(), AppError> {
    let mut admin = PlatformAdmin::require().await?;
    let region = db::region_by_slug(admin.conn(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let full_name = checks::full_name_of(full_name)?;
    let email = checks::email_of(email)?;
    let (token, hash) = session::new_token();
    let actor = admin.user.user_id;
    db::invite_operator(
        admin.conn(),
        actor,
        region.id,
        &email,
        &full_name,
        hash,
        INVITATION_HOURS,
    )
    .await?;
    let link = format!(
        "{}/r/{}/invitation?token={token}",
        admin.state.public_url.trim_end_matches('/'),
        region.slug
    );
    let role = Role::RegionalOperator.label();
    let message = templates::invitation_offer(&region.name, &full_name, role, &link);
    notifications::enqueue_one_time_link(admin.conn(), Some(region.id), &email, message).await?;
    admin.mail_queued();
    admin
        .audit("operator_invited", Some(region.id), json!({ "to": email }))
        .await?;
    admin.commit().await
}

/// The administrator takes `role` in the region, which is what lets them see its data.
pub async fn grant_self(slug: &str, role: &str) -> Result<(), AppError> {
    let mut admin = PlatformAdmin::require().await?;
    let region = db::region_by_slug(admin.conn(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let role = Role::from_code(role).ok_or_else(|| AppError::invalid("role", ru::ERROR_REGION_ROLE))?;
    let actor = admin.user.user_id;
    db::grant_self(admin.conn(), actor, region.id, role.code()).await?;
    admin
        .audit("self_grant", Some(region.id), json!({ "role": role.code() }))
        .await?;
    admin.commit().await
}
