//! E-mail on every event, through a transactional outbox: a message is written in the same
//! transaction as the event that causes it, and the [`worker`] sends it with retries.

pub mod components;
#[cfg(feature = "ssr")]
pub mod templates;
#[cfg(feature = "ssr")]
pub mod worker;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A message of the region's outbox as operators see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub id: i64,
    pub created_at: String,
    pub recipient: String,
    pub subject: String,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
}

/// Messages not yet delivered (pending or failed), newest first.
#[server]
pub async fn get_undelivered(slug: String) -> Result<Vec<OutboxEntry>, AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(undelivered(&state, &slug).await)
}

/// Puts a failed message back in the queue.
#[server]
pub async fn retry_message(slug: String, id: i64) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(retry(&state, &slug, id).await)
}

#[cfg(feature = "ssr")]
async fn undelivered(state: &crate::state::AppState, slug: &str) -> Result<Vec<OutboxEntry>, AppError> {
    let (tenant, _) = crate::accounts::service::require_role(state, slug, &["regional_operator"]).await?;
    let rows = sqlx::query_as::<_, (i64, String, String, String, String, i32, Option<String>)>(
        "select id, to_char(created_at at time zone $2, 'DD.MM.YYYY HH24:MI'), recipient, subject, status,
                attempts, last_error
         from outbox where tenant_id = $1 and status in ('pending', 'failed', 'sending')
         order by id desc limit 500",
    )
    .bind(tenant.id)
    .bind(&tenant.time_zone)
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, created_at, recipient, subject, status, attempts, last_error)| OutboxEntry {
                id,
                created_at,
                recipient,
                subject,
                status,
                attempts,
                last_error,
            },
        )
        .collect())
}

#[cfg(feature = "ssr")]
async fn retry(state: &crate::state::AppState, slug: &str, id: i64) -> Result<(), AppError> {
    let (tenant, user) = crate::accounts::service::require_role(state, slug, &["regional_operator"]).await?;
    let mut tx = crate::state::begin_tenant(&state.db, tenant.id).await?;
    let updated = sqlx::query(
        "update outbox set status = 'pending', attempts = 0, next_attempt_at = now()
         where id = $1 and tenant_id = $2 and status = 'failed'",
    )
    .bind(id)
    .bind(tenant.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(AppError::invalid(
            "id",
            "Такого неотправленного письма нет или оно уже в очереди.",
        ));
    }
    crate::accounts::service::audit(
        &mut tx,
        Some(tenant.id),
        Some(user.user_id),
        "email_retry",
        serde_json::json!({ "outbox_id": id }),
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    Ok(())
}

/// A rendered message: Russian subject, plain text and HTML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Writes `email` to the outbox inside the caller's transaction.
#[cfg(feature = "ssr")]
pub async fn enqueue(
    tx: &mut sqlx::PgConnection,
    tenant_id: Option<uuid::Uuid>,
    recipient: &str,
    email: Email,
) -> Result<(), sqlx::Error> {
    insert(tx, tenant_id, recipient, email, false).await
}

/// [`enqueue`] for a message that carries a one-time link (confirmation, reset, invitation):
/// the worker replaces its body once it is sent, so the outbox never keeps a usable token.
#[cfg(feature = "ssr")]
pub async fn enqueue_one_time_link(
    tx: &mut sqlx::PgConnection,
    tenant_id: Option<uuid::Uuid>,
    recipient: &str,
    email: Email,
) -> Result<(), sqlx::Error> {
    insert(tx, tenant_id, recipient, email, true).await
}

#[cfg(feature = "ssr")]
async fn insert(
    tx: &mut sqlx::PgConnection,
    tenant_id: Option<uuid::Uuid>,
    recipient: &str,
    email: Email,
    redact_after_send: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into outbox (tenant_id, recipient, subject, text_body, html_body, redact_after_send)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tenant_id)
    .bind(recipient)
    .bind(email.subject)
    .bind(email.text)
    .bind(email.html)
    .bind(redact_after_send)
    .execute(tx)
    .await
    .map(|_| ())
}
