//! The signed-in person's own account: what the cabinet shows, and the changes they make to it.

use super::{
    checks::{
        check_password, confirm_password, experience_of, full_name_of, hash_password, limit, normalise_email,
        subjects_of,
    },
    db,
    rate_limit::Action,
    session, Profile,
};
use crate::{
    access::{signed_in_user, Ctx, Person},
    error::AppError,
    i18n::ru,
    notifications::{self, templates},
    state::app_state,
};

#[derive(sqlx::FromRow)]
struct Membership {
    school: Option<String>,
    position: String,
    subjects: Vec<String>,
    experience_years: Option<i32>,
}

#[derive(sqlx::FromRow)]
struct Named {
    full_name: String,
    email: String,
}

/// The person as the cabinet shows them; `None` when nobody is signed in (the page then asks
/// to sign in) or the account is gone.
pub async fn get_profile(slug: &str) -> Result<Option<Profile>, AppError> {
    if signed_in_user().is_none() {
        return Ok(None);
    }
    let Person { mut ctx, user } = Person::require(slug).await?;
    let person: Option<Named> = sqlx::query_as("select full_name, email from users where id = $1 and active")
        .bind(user.user_id)
        .fetch_optional(ctx.conn())
        .await?;
    let Some(person) = person else {
        return Ok(None);
    };
    let tenant_id = ctx.tenant_id();
    let membership: Option<Membership> = sqlx::query_as(
        "select s.name as school, m.position, m.subjects, m.experience_years from memberships m
         left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         where m.tenant_id = $1 and m.user_id = $2 and m.active",
    )
    .bind(tenant_id)
    .bind(user.user_id)
    .fetch_optional(ctx.conn())
    .await?;
    let roles = match membership {
        Some(_) => db::role_codes(ctx.conn(), tenant_id, user.user_id).await?,
        None => Vec::new(),
    };
    let region_name = ctx.tenant.card.name.clone();
    ctx.commit().await?;
    Ok(Some(Profile {
        full_name: person.full_name,
        email: person.email,
        region_name,
        member: membership.is_some(),
        school: membership.as_ref().and_then(|m| m.school.clone()),
        subjects: membership
            .as_ref()
            .map(|m| m.subjects.clone())
            .unwrap_or_default(),
        experience_years: membership.as_ref().and_then(|m| m.experience_years),
        position: membership.map(|m| m.position),
        roles,
    }))
}

/// The signed-in person's address and name, once `password_text` proves it is them.
async fn prove(
    ctx: &mut Ctx,
    user_id: uuid::Uuid,
    password_text: &str,
    field: &str,
) -> Result<db::Credentials, AppError> {
    let credentials = db::credentials(ctx.conn(), user_id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    confirm_password(credentials.password_hash.clone(), password_text, field).await?;
    Ok(credentials)
}

/// Edits the person's name and, in this region, subjects and experience.
pub async fn update_profile(
    slug: &str,
    full_name: &str,
    subjects: &str,
    experience_years: &str,
) -> Result<(), AppError> {
    let Person { mut ctx, user } = Person::require(slug).await?;
    let full_name = full_name_of(full_name)?;
    let experience = experience_of(experience_years)?;
    let subjects = subjects_of(subjects)?;
    sqlx::query("update users set full_name = $2 where id = $1 and active")
        .bind(user.user_id)
        .bind(&full_name)
        .execute(ctx.conn())
        .await?;
    sqlx::query(
        "update memberships set subjects = $3, experience_years = $4 where tenant_id = $1 and user_id = $2",
    )
    .bind(ctx.tenant_id())
    .bind(user.user_id)
    .bind(&subjects)
    .bind(experience)
    .execute(ctx.conn())
    .await?;
    ctx.audit("profile_updated", serde_json::json!({})).await?;
    ctx.commit().await
}

/// Changes the password after checking the current one; every other session of the person ends.
pub async fn change_password(slug: &str, current: &str, new_password: &str) -> Result<(), AppError> {
    let Person { mut ctx, user } = Person::require(slug).await?;
    check_password(new_password)?;
    let me = prove(&mut ctx, user.user_id, current, "current_password").await?;
    let hash = hash_password(new_password).await?;
    sqlx::query("update users set password_hash = $2 where id = $1")
        .bind(user.user_id)
        .bind(hash)
        .execute(ctx.conn())
        .await?;
    sqlx::query(
        "update refresh_tokens set revoked_at = now()
         where user_id = $1 and family_id <> $2 and revoked_at is null",
    )
    .bind(user.user_id)
    .bind(user.session_id)
    .execute(ctx.conn())
    .await?;
    let message = templates::password_changed(&ctx.tenant.card.name, &me.full_name);
    notifications::send(&mut ctx, &me.email, message).await?;
    ctx.audit("password_changed", serde_json::json!({})).await?;
    ctx.commit().await
}

/// Starts an e-mail change: the new address gets a confirmation link, the old one a warning.
pub async fn request_email_change(slug: &str, new_email: &str, password_text: &str) -> Result<(), AppError> {
    let user = signed_in_user().ok_or(AppError::Unauthorized)?;
    let state = app_state()?;
    limit(&state, Action::EmailChange, Some(&user.user_id.to_string()))?;
    let Person { mut ctx, user } = Person::require_of(state, slug, Some(user)).await?;
    let new_email = normalise_email(new_email)?;
    let me = prove(&mut ctx, user.user_id, password_text, "password").await?;
    if new_email == me.email {
        return Err(AppError::invalid("email", ru::ERROR_SAME_EMAIL));
    }
    if db::user_by_email(ctx.conn(), &new_email).await?.is_some() {
        return Err(AppError::invalid("email", ru::ERROR_EMAIL_TAKEN));
    }
    let (token, hash) = session::new_token();
    let tenant_id = ctx.tenant_id();
    db::insert_email_token(
        ctx.conn(),
        hash,
        user.user_id,
        tenant_id,
        "change_email",
        24,
        Some(&new_email),
    )
    .await?;
    let link = format!(
        "{}/confirm?change=email&token={token}",
        ctx.state.public_url.trim_end_matches('/')
    );
    let region = ctx.tenant.card.name.clone();
    let confirm = templates::confirm_new_email(&region, &me.full_name, &link);
    notifications::send_one_time_link(&mut ctx, &new_email, confirm).await?;
    let warning = templates::email_change_requested(&region, &me.full_name, &new_email);
    notifications::send(&mut ctx, &me.email, warning).await?;
    ctx.audit("email_change_requested", serde_json::json!({ "to": new_email }))
        .await?;
    ctx.commit().await
}

/// Deletes the account: personal data is anonymised, sessions end, and what aggregates need
/// (membership of a school, position, results to come) stays without a name.
pub async fn delete_account(slug: &str, password_text: &str) -> Result<(), AppError> {
    let Person { mut ctx, user } = Person::require(slug).await?;
    prove(&mut ctx, user.user_id, password_text, "password").await?;
    sqlx::query(
        "update users set email = 'deleted-' || id || '@deleted.invalid', full_name = $2,
             password_hash = '!', active = false, email_confirmed_at = null
         where id = $1",
    )
    .bind(user.user_id)
    .bind(ru::DELETED_USER_NAME)
    .execute(ctx.conn())
    .await?;
    session::revoke_all(ctx.conn(), user.user_id).await?;
    ctx.audit("account_deleted", serde_json::json!({})).await?;
    let secure = ctx.state.auth.secure_cookies;
    ctx.commit().await?;
    crate::state::set_cookies(session::clear_cookies(secure));
    Ok(())
}
