//! E-mail on every event, through a transactional outbox: a message is written in the same
//! transaction as the event that causes it, and the [`worker`] sends it with retries.

#[cfg(feature = "ssr")]
mod outbox;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod templates;
#[cfg(feature = "ssr")]
pub mod worker;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::state::with_status;

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
    with_status(outbox::get_undelivered(&slug).await)
}

/// Puts a failed message back in the queue.
#[server]
pub async fn retry_message(slug: String, id: i64) -> Result<(), AppError> {
    with_status(outbox::retry_message(&slug, id).await)
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
    insert(tx, tenant_id, recipient, email, false).await.map(|_| ())
}

/// Writes `email` to the outbox in the gate's transaction; committing the gate wakes the sender.
#[cfg(feature = "ssr")]
pub async fn send(ctx: &mut crate::access::Ctx, recipient: &str, email: Email) -> Result<(), sqlx::Error> {
    let tenant_id = Some(ctx.tenant_id());
    insert(&mut ctx.tx, tenant_id, recipient, email, false).await?;
    ctx.mail_queued();
    Ok(())
}

/// [`send`] for a message that carries a one-time link (see [`enqueue_one_time_link`]).
#[cfg(feature = "ssr")]
pub async fn send_one_time_link(
    ctx: &mut crate::access::Ctx,
    recipient: &str,
    email: Email,
) -> Result<(), sqlx::Error> {
    let tenant_id = Some(ctx.tenant_id());
    insert(&mut ctx.tx, tenant_id, recipient, email, true).await?;
    ctx.mail_queued();
    Ok(())
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
    insert(tx, tenant_id, recipient, email, true).await.map(|_| ())
}

/// [`enqueue`] for a mailing-list message (the club's notifications and digests): the worker adds
/// `List-Unsubscribe: <unsubscribe>` and `List-Unsubscribe-Post` (RFC 8058), so mail clients
/// offer a one-click unsubscribe that needs no sign-in.
#[cfg(feature = "ssr")]
pub async fn enqueue_list_message(
    tx: &mut sqlx::PgConnection,
    recipient: &str,
    email: Email,
    unsubscribe: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into outbox (recipient, subject, text_body, html_body, list_unsubscribe)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(recipient)
    .bind(email.subject)
    .bind(email.text)
    .bind(email.html)
    .bind(unsubscribe)
    .execute(tx)
    .await
    .map(|_| ())
}

/// A file sent with a message (a certificate's PDF).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub file_name: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

/// [`enqueue`] with a file attached; the worker sends it and then deletes its copy.
#[cfg(feature = "ssr")]
pub async fn enqueue_with_attachment(
    tx: &mut sqlx::PgConnection,
    tenant_id: Option<uuid::Uuid>,
    recipient: &str,
    email: Email,
    attachment: Attachment,
) -> Result<(), sqlx::Error> {
    let id = insert(tx, tenant_id, recipient, email, false).await?;
    sqlx::query(
        "insert into outbox_attachments (outbox_id, position, file_name, content_type, content)
         values ($1, 0, $2, $3, $4)",
    )
    .bind(id)
    .bind(attachment.file_name)
    .bind(attachment.content_type)
    .bind(attachment.content)
    .execute(tx)
    .await
    .map(|_| ())
}

#[cfg(feature = "ssr")]
async fn insert(
    tx: &mut sqlx::PgConnection,
    tenant_id: Option<uuid::Uuid>,
    recipient: &str,
    email: Email,
    redact_after_send: bool,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into outbox (tenant_id, recipient, subject, text_body, html_body, redact_after_send)
         values ($1, $2, $3, $4, $5, $6) returning id",
    )
    .bind(tenant_id)
    .bind(recipient)
    .bind(email.subject)
    .bind(email.text)
    .bind(email.html)
    .bind(redact_after_send)
    .fetch_one(tx)
    .await
}
