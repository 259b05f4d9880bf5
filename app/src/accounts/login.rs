//! Login, logout and the lockout after repeated wrong passwords.
//!
//! A locked account answers exactly like an unknown address or a wrong password, so the lock
//! reveals nothing about which addresses are registered. The lock is short and bounded (1, 2,
//! 4 … at most 15 minutes per further failure), so an attacker who keeps guessing slows the
//! account's owner down; the owner is told by e-mail when the first lock begins, and the
//! recovery link in that e-mail lifts the lock at once (a reset clears it).

use uuid::Uuid;

use super::{
    checks::{limit, normalise_email},
    password,
    rate_limit::Action,
    session,
};
use crate::{
    access::{audit, signed_in_user, Ctx, Visitor},
    error::AppError,
    notifications::{self, templates},
    state::{app_state, AppState},
};

/// Failures in a row after which the account is locked.
const FAILED_LOGINS_BEFORE_LOCK: i32 = 5;
/// The longest lock, in minutes: the bound on how long guessing can keep the owner out.
const MAX_LOCK_MINUTES: i32 = 15;

/// The account behind an address, as the login needs it.
#[derive(sqlx::FromRow)]
struct Account {
    id: Uuid,
    password_hash: String,
    full_name: String,
    confirmed: bool,
    locked: bool,
}

async fn account(ctx: &mut Ctx, email: &str) -> Result<Option<Account>, sqlx::Error> {
    sqlx::query_as(
        "select id, password_hash, full_name, email_confirmed_at is not null as confirmed,
                coalesce(locked_until > now(), false) as locked
         from users where email = $1 and active",
    )
    .bind(email)
    .fetch_optional(ctx.conn())
    .await
}

/// Records an event of the account signing in (not of whoever is signed in already).
async fn audit_account(
    ctx: &mut Ctx,
    account: Uuid,
    action: &str,
    details: serde_json::Value,
) -> Result<(), AppError> {
    let tenant_id = Some(ctx.tenant_id());
    audit(&mut ctx.tx, tenant_id, Some(account), action, details).await?;
    Ok(())
}

pub async fn login(slug: &str, email: &str, password_text: &str) -> Result<(), AppError> {
    limit(&app_state()?, Action::Login, Some(email))?;
    let mut ctx = Visitor::require(slug).await?.ctx;
    let email = normalise_email(email).map_err(|_| AppError::BadCredentials)?;
    let password_text = password_text.to_string();
    let account = match account(&mut ctx, &email).await? {
        Some(account) if !account.locked => account,
        other => {
            // Unknown and locked accounts cost one verification and answer alike.
            tokio::task::spawn_blocking(move || password::verify_dummy(&password_text))
                .await
                .map_err(AppError::internal)?;
            if let Some(locked) = other {
                audit_account(&mut ctx, locked.id, "login_refused_locked", serde_json::json!({})).await?;
                ctx.commit().await?;
            }
            return Err(AppError::BadCredentials);
        }
    };
    let stored = account.password_hash.clone();
    let (valid, upgraded) = tokio::task::spawn_blocking(move || password::verify(&password_text, &stored))
        .await
        .map_err(AppError::internal)?;
    if !valid {
        record_failure(ctx, &account, &email).await?;
        return Err(AppError::BadCredentials);
    }
    if !account.confirmed {
        return Err(AppError::EmailNotConfirmed);
    }
    let closed: bool = sqlx::query_scalar(
        "select exists(select 1 from memberships where tenant_id = $1 and user_id = $2 and not active)",
    )
    .bind(ctx.tenant_id())
    .bind(account.id)
    .fetch_one(ctx.conn())
    .await?;
    if closed {
        audit_account(
            &mut ctx,
            account.id,
            "login_refused_deactivated",
            serde_json::json!({}),
        )
        .await?;
        ctx.commit().await?;
        return Err(AppError::Forbidden);
    }
    sqlx::query(
        "update users set failed_logins = 0, locked_until = null, password_hash = coalesce($2, password_hash)
         where id = $1",
    )
    .bind(account.id)
    .bind(upgraded)
    .execute(ctx.conn())
    .await?;
    audit_account(&mut ctx, account.id, "login", serde_json::json!({})).await?;
    let state = ctx.state.clone();
    ctx.commit().await?;
    start_session(&state, account.id).await
}

/// Counts a wrong password in one atomic statement (parallel guesses cannot lose counts),
/// locks the account from the threshold on, and mails the owner when the first lock begins.
async fn record_failure(mut ctx: Ctx, account: &Account, email: &str) -> Result<(), AppError> {
    let failed: i32 = sqlx::query_scalar(
        "update users set failed_logins = failed_logins + 1,
             locked_until = case when failed_logins + 1 >= $2
                                 then now() + make_interval(mins => least(
                                          power(2, least(failed_logins + 1 - $2, 10))::int, $3))
                                 else locked_until end
         where id = $1
         returning failed_logins",
    )
    .bind(account.id)
    .bind(FAILED_LOGINS_BEFORE_LOCK)
    .bind(MAX_LOCK_MINUTES)
    .fetch_one(ctx.conn())
    .await?;
    if failed == FAILED_LOGINS_BEFORE_LOCK {
        let tenant = &ctx.tenant.card;
        let link = format!(
            "{}/r/{}/recover",
            ctx.state.public_url.trim_end_matches('/'),
            tenant.slug
        );
        let message = templates::login_locked(&tenant.name, &account.full_name, failed, &link);
        notifications::send(&mut ctx, email, message).await?;
    }
    audit_account(
        &mut ctx,
        account.id,
        "login_failed",
        serde_json::json!({ "failed": failed }),
    )
    .await?;
    ctx.commit().await
}

/// Starts a session family and sets its cookies on the response.
async fn start_session(state: &AppState, user_id: Uuid) -> Result<(), AppError> {
    let (family, refresh) = session::start_family(&state.db, user_id).await?;
    let user = session::AuthUser {
        user_id,
        session_id: family,
    };
    let access = session::issue_access(&state.auth.keys, &user, chrono::Utc::now().timestamp());
    crate::state::set_cookies(session::session_cookies(
        &access,
        Some(&refresh),
        state.auth.secure_cookies,
    ));
    Ok(())
}

/// Ends this device's session (or every session) and clears the cookies; no region is needed,
/// since a session is the person's, not a region's.
pub async fn logout(everywhere: bool) -> Result<(), AppError> {
    let state = app_state()?;
    if let Some(user) = signed_in_user() {
        if everywhere {
            session::revoke_all(&state.db, user.user_id).await?;
        } else {
            session::revoke_family(&state.db, user.session_id).await?;
        }
        let mut conn = state.db.acquire().await?;
        let action = if everywhere { "logout_everywhere" } else { "logout" };
        audit(&mut conn, None, Some(user.user_id), action, serde_json::json!({})).await?;
    }
    crate::state::set_cookies(session::clear_cookies(state.auth.secure_cookies));
    Ok(())
}
