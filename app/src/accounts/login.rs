//! Login and the lockout after repeated wrong passwords.
//!
//! A locked account answers exactly like an unknown address or a wrong password, so the lock
//! reveals nothing about which addresses are registered. The lock is short and bounded (1, 2,
//! 4 … at most 15 minutes per further failure), so an attacker who keeps guessing slows the
//! account's owner down; the owner is told by e-mail when the first lock begins, and the
//! recovery link in that e-mail lifts the lock at once (a reset clears it).

use uuid::Uuid;

use super::{
    password,
    rate_limit::Action,
    service::{audit, limit, normalise_email, tenant},
    session,
};
use crate::{
    error::AppError,
    notifications::{self, templates},
    state::{begin_tenant, AppState},
    tenancy::db::TenantRow,
};

/// Failures in a row after which the account is locked.
const FAILED_LOGINS_BEFORE_LOCK: i32 = 5;
/// The longest lock, in minutes: the bound on how long guessing can keep the owner out.
const MAX_LOCK_MINUTES: i32 = 15;

/// The account behind an address, as the login needs it.
struct Account {
    id: Uuid,
    password_hash: String,
    full_name: String,
    confirmed: bool,
    locked: bool,
}

async fn account(state: &AppState, email: &str) -> Result<Option<Account>, sqlx::Error> {
    let row = sqlx::query_as::<_, (Uuid, String, String, bool, bool)>(
        "select id, password_hash, full_name, email_confirmed_at is not null,
                coalesce(locked_until > now(), false)
         from users where email = $1 and active",
    )
    .bind(email)
    .fetch_optional(&state.db)
    .await?;
    Ok(
        row.map(|(id, password_hash, full_name, confirmed, locked)| Account {
            id,
            password_hash,
            full_name,
            confirmed,
            locked,
        }),
    )
}

pub async fn login(state: &AppState, slug: &str, email: &str, password_text: &str) -> Result<(), AppError> {
    limit(state, Action::Login, Some(email))?;
    let tenant = tenant(&state.db, slug).await?;
    let email = normalise_email(email).map_err(|_| AppError::BadCredentials)?;
    let password_text = password_text.to_string();
    let account = match account(state, &email).await? {
        Some(account) if !account.locked => account,
        other => {
            // Unknown and locked accounts cost one verification and answer alike.
            tokio::task::spawn_blocking(move || password::verify_dummy(&password_text))
                .await
                .map_err(AppError::internal)?;
            if let Some(locked) = other {
                let mut tx = begin_tenant(&state.db, tenant.id).await?;
                let details = serde_json::json!({});
                audit(
                    &mut tx,
                    Some(tenant.id),
                    Some(locked.id),
                    "login_refused_locked",
                    details,
                )
                .await?;
                tx.commit().await?;
            }
            return Err(AppError::BadCredentials);
        }
    };
    let stored = account.password_hash.clone();
    let (valid, upgraded) = tokio::task::spawn_blocking(move || password::verify(&password_text, &stored))
        .await
        .map_err(AppError::internal)?;
    if !valid {
        record_failure(state, &tenant, &account, &email).await?;
        return Err(AppError::BadCredentials);
    }
    if !account.confirmed {
        return Err(AppError::EmailNotConfirmed);
    }
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let closed: bool = sqlx::query_scalar(
        "select exists(select 1 from memberships where tenant_id = $1 and user_id = $2 and not active)",
    )
    .bind(tenant.id)
    .bind(account.id)
    .fetch_one(&mut *tx)
    .await?;
    if closed {
        let details = serde_json::json!({});
        audit(
            &mut tx,
            Some(tenant.id),
            Some(account.id),
            "login_refused_deactivated",
            details,
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::Forbidden);
    }
    sqlx::query(
        "update users set failed_logins = 0, locked_until = null, password_hash = coalesce($2, password_hash)
         where id = $1",
    )
    .bind(account.id)
    .bind(upgraded)
    .execute(&mut *tx)
    .await?;
    audit(
        &mut tx,
        Some(tenant.id),
        Some(account.id),
        "login",
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    start_session(state, account.id).await
}

/// Counts a wrong password in one atomic statement (parallel guesses cannot lose counts),
/// locks the account from the threshold on, and mails the owner when the first lock begins.
async fn record_failure(
    state: &AppState,
    tenant: &TenantRow,
    account: &Account,
    email: &str,
) -> Result<(), AppError> {
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
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
    .fetch_one(&mut *tx)
    .await?;
    if failed == FAILED_LOGINS_BEFORE_LOCK {
        let link = format!(
            "{}/r/{}/recover",
            state.public_url.trim_end_matches('/'),
            tenant.card.slug
        );
        let message = templates::login_locked(&tenant.card.name, &account.full_name, failed, &link);
        notifications::enqueue(&mut tx, Some(tenant.id), email, message).await?;
    }
    let details = serde_json::json!({ "failed": failed });
    audit(
        &mut tx,
        Some(tenant.id),
        Some(account.id),
        "login_failed",
        details,
    )
    .await?;
    tx.commit().await?;
    if failed == FAILED_LOGINS_BEFORE_LOCK {
        state.outbox.wake();
    }
    Ok(())
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
