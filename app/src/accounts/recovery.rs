//! Links sent by e-mail: confirming an address, recovering a password. The functions that take
//! a token have no region in their URL: the token names the person and the region.

use sqlx::{PgConnection, Postgres, Transaction};
use uuid::Uuid;

use super::{
    checks::{check_password, hash_password, limit, normalise_email},
    db,
    rate_limit::Action,
    registration::send_link,
    session,
};
use crate::{
    access::{audit, Visitor},
    error::AppError,
    i18n::ru,
    notifications::{self, templates},
    state::{app_state, begin_tenant, AppState},
};

#[derive(sqlx::FromRow)]
struct OpenToken {
    purpose: String,
    new_email: Option<String>,
}

/// Confirms the address (of a registration, or the new address of an e-mail change);
/// returns the region's slug for the link to the login page.
///
/// Confirming a registration sets the password: anyone can register someone else's address,
/// so the password typed at registration never becomes valid; only the one chosen by whoever
/// opened the e-mailed link does.
pub async fn confirm_email(token: &str, password_text: Option<&str>) -> Result<String, AppError> {
    let state = app_state()?;
    let mut tx = state.db.begin().await?;
    let open: OpenToken = sqlx::query_as(
        "select purpose, new_email from email_tokens
             where token_hash = $1 and used_at is null and expires_at > now()",
    )
    .bind(session::token_hash(token))
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::TokenInvalid)?;
    let new_hash = match (open.purpose.as_str(), password_text.filter(|p| !p.is_empty())) {
        ("confirm_email", None) => return Err(AppError::invalid("password", ru::CONFIRM_PASSWORD_REQUIRED)),
        ("confirm_email", Some(password_text)) => {
            check_password(password_text)?;
            Some(hash_password(password_text).await?)
        }
        _ => None,
    };
    let used = consume(&mut tx, token, &["confirm_email", "change_email"]).await?;
    if let Some(hash) = new_hash {
        sqlx::query(
            "update users set password_hash = $2, failed_logins = 0, locked_until = null where id = $1",
        )
        .bind(used.user_id)
        .bind(hash)
        .execute(&mut *tx)
        .await?;
        session::revoke_all(&mut *tx, used.user_id).await?;
    }
    if let Some(new_email) = open.new_email {
        change_email(&mut tx, used.user_id, &new_email).await?;
    }
    sqlx::query("update users set email_confirmed_at = coalesce(email_confirmed_at, now()) where id = $1")
        .bind(used.user_id)
        .execute(&mut *tx)
        .await?;
    let slug = db::slug_of(&mut tx, used.tenant_id).await?;
    tx.commit().await?;
    audit_in_region(&state, used, "email_confirmed").await?;
    Ok(slug)
}

async fn consume(
    tx: &mut Transaction<'static, Postgres>,
    token: &str,
    purposes: &[&str],
) -> Result<db::TokenUse, AppError> {
    db::consume_token(tx, &session::token_hash(token), purposes)
        .await?
        .ok_or(AppError::TokenInvalid)
}

async fn change_email(conn: &mut PgConnection, user_id: Uuid, new_email: &str) -> Result<(), AppError> {
    let taken: bool = sqlx::query_scalar("select exists(select 1 from users where email = $1 and id <> $2)")
        .bind(new_email)
        .bind(user_id)
        .fetch_one(&mut *conn)
        .await?;
    if taken {
        return Err(AppError::invalid("email", ru::ERROR_EMAIL_TAKEN));
    }
    sqlx::query("update users set email = $2 where id = $1")
        .bind(user_id)
        .bind(new_email)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records what a token did in the region's own log, once the token's change is committed.
async fn audit_in_region(state: &AppState, used: db::TokenUse, action: &str) -> Result<(), AppError> {
    let mut tx = begin_tenant(&state.db, used.tenant_id.unwrap_or_default()).await?;
    audit(
        &mut tx,
        used.tenant_id,
        Some(used.user_id),
        action,
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Mails a link of `purpose` to `email` if it belongs to an account (unconfirmed only, when
/// `unconfirmed_only`); the caller answers the same either way, so addresses cannot be probed.
async fn mail_link_if_known(
    slug: &str,
    email: &str,
    purpose: &str,
    unconfirmed_only: bool,
    message: fn(&str, &str, &str) -> notifications::Email,
) -> Result<(), AppError> {
    limit(&app_state()?, Action::Recover, Some(email))?;
    let mut ctx = Visitor::require(slug).await?;
    let Ok(email) = normalise_email(email) else {
        return Ok(());
    };
    let Some(user) = db::user_by_email(ctx.conn(), &email).await? else {
        return Ok(());
    };
    if unconfirmed_only && user.confirmed {
        return Ok(());
    }
    let region = ctx.tenant.card.name.clone();
    send_link(&mut ctx, user.id, &email, purpose, |link| {
        message(&region, &user.full_name, link)
    })
    .await?;
    let tenant_id = Some(ctx.tenant_id());
    let action = format!("{purpose}_link_sent");
    audit(
        &mut ctx.tx,
        tenant_id,
        Some(user.id),
        &action,
        serde_json::json!({}),
    )
    .await?;
    ctx.commit().await
}

/// Sends the confirmation again.
pub async fn resend_confirmation(slug: &str, email: &str) -> Result<(), AppError> {
    mail_link_if_known(slug, email, "confirm_email", true, templates::confirm_email).await
}

/// Sends a reset link.
pub async fn request_password_reset(slug: &str, email: &str) -> Result<(), AppError> {
    mail_link_if_known(slug, email, "reset_password", false, templates::password_reset).await
}

#[derive(sqlx::FromRow)]
struct Named {
    email: String,
    full_name: String,
}

/// Sets a new password from a reset link, ends every session and tells the person by e-mail.
pub async fn reset_password(token: &str, new_password: &str) -> Result<String, AppError> {
    let state = app_state()?;
    check_password(new_password)?;
    let mut tx = state.db.begin().await?;
    let used = consume(&mut tx, token, &["reset_password", "invitation"]).await?;
    let hash = hash_password(new_password).await?;
    let person: Named = sqlx::query_as(
        "update users set password_hash = $2, failed_logins = 0, locked_until = null,
             email_confirmed_at = coalesce(email_confirmed_at, now())
         where id = $1 returning email, full_name",
    )
    .bind(used.user_id)
    .bind(hash)
    .fetch_one(&mut *tx)
    .await?;
    session::revoke_all(&mut *tx, used.user_id).await?;
    let region: String = sqlx::query_scalar("select name from tenants where id = $1")
        .bind(used.tenant_id)
        .fetch_optional(&mut *tx)
        .await?
        .unwrap_or_default();
    let message = templates::password_changed(&region, &person.full_name);
    notifications::enqueue(&mut tx, used.tenant_id, &person.email, message).await?;
    let slug = db::slug_of(&mut tx, used.tenant_id).await?;
    tx.commit().await?;
    audit_in_region(&state, used, "password_reset").await?;
    state.outbox.wake();
    Ok(slug)
}
