//! E-mail on every event, through a transactional outbox: a message is written in the same
//! transaction as the event that causes it, and the [`worker`] sends it with retries.

#[cfg(feature = "ssr")]
pub mod templates;
#[cfg(feature = "ssr")]
pub mod worker;

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
    sqlx::query(
        "insert into outbox (tenant_id, recipient, subject, text_body, html_body) values ($1, $2, $3, $4, $5)",
    )
    .bind(tenant_id)
    .bind(recipient)
    .bind(email.subject)
    .bind(email.text)
    .bind(email.html)
    .execute(tx)
    .await
    .map(|_| ())
}
