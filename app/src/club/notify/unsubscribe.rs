//! Unsubscribing by the link of an e-mail, without signing in: the page
//! `/club-unsubscribe/{token}` (GET shows what the link turns off, its button turns it off) and
//! the RFC 8058 one-click address `/club-unsubscribe/{token}/one-click`, which mail clients POST
//! to with `List-Unsubscribe=One-Click`. The token names one subscription and can only turn it
//! off; the database functions are the only way to it without a club transaction.

use axum::{
    extract::{Path, State},
    http::StatusCode,
};

use super::UnsubscribeInfo;
use crate::{
    access::audit,
    error::AppError,
    i18n::ru,
    state::{app_state, AppState},
};

/// A token has the shape of [`super::subscriptions::new_token`]; anything else is unknown at once.
fn plausible(token: &str) -> bool {
    (32..=64).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub async fn get_unsubscribe(token: &str) -> Result<Option<UnsubscribeInfo>, AppError> {
    if !plausible(token) {
        return Ok(None);
    }
    let state = app_state()?;
    let row: Option<(String, String, String, String, String)> = sqlx::query_as(
        "select club_slug, club_name, scope, title, delivery from rost_club_subscription_by_token($1)",
    )
    .bind(token)
    .fetch_optional(&state.db)
    .await?;
    Ok(row.map(|(_, club, scope, title, delivery)| UnsubscribeInfo {
        what: ru::club_unsubscribe_what(&scope, &title, &club),
        active: delivery != "off",
    }))
}

/// Turns the subscription off; `true` if it was on. Audited without a person: the link is
/// the only credential.
pub async fn unsubscribe(token: &str) -> Result<bool, AppError> {
    if !plausible(token) {
        return Err(AppError::invalid("token", ru::CLUB_UNSUBSCRIBE_UNKNOWN));
    }
    turn_off(&app_state()?, token).await
}

async fn turn_off(state: &AppState, token: &str) -> Result<bool, AppError> {
    let mut tx = state.db.begin().await?;
    let known: Option<String> =
        sqlx::query_scalar("select club_slug from rost_club_subscription_by_token($1)")
            .bind(token)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(club) = known else {
        return Err(AppError::invalid("token", ru::CLUB_UNSUBSCRIBE_UNKNOWN));
    };
    let changed: bool = sqlx::query_scalar("select rost_club_unsubscribe($1)")
        .bind(token)
        .fetch_one(&mut *tx)
        .await?;
    if changed {
        audit(
            &mut tx,
            None,
            None,
            "club_unsubscribed",
            serde_json::json!({ "club": club }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(changed)
}

/// The RFC 8058 one-click POST: 200 when the subscription is off (also if it already was),
/// 404 for an unknown token. A mail client posts it from its own site, so the server's
/// same-origin check lets this path through; it reads no cookie.
pub async fn one_click(State(state): State<AppState>, Path(token): Path<String>) -> StatusCode {
    if !plausible(&token) {
        return StatusCode::NOT_FOUND;
    }
    match turn_off(&state, &token).await {
        Ok(_) => StatusCode::OK,
        Err(AppError::Invalid { .. }) => StatusCode::NOT_FOUND,
        Err(error) => {
            tracing::error!(%error, "one-click unsubscribe");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

/// Whether `path` is the one-click address: mail clients post to it from their own site, so the
/// same-origin check of state-changing requests does not apply (the token is the credential,
/// and no cookie is read).
pub fn is_one_click(path: &str) -> bool {
    path.strip_prefix("/club-unsubscribe/")
        .and_then(|rest| rest.strip_suffix("/one-click"))
        .is_some_and(|token| !token.is_empty() && !token.contains('/'))
}
