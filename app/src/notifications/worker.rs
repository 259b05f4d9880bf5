//! The outbox worker: sends pending messages with retries and exponential backoff, marks
//! permanent failures, and survives restarts.
//!
//! A message is claimed (`sending`, with the claim time in `next_attempt_at`) and committed
//! before the SMTP conversation, and marked `sent` after it. If the process dies in between,
//! nobody knows whether the server accepted the message, so a claim older than
//! [`STALE_CLAIM_SECONDS`] becomes `failed` with an explanation instead of being sent again:
//! at most once, with the failure visible to operators, who may retry it by hand. Each message
//! also carries a Message-ID derived from its outbox id, so a receiving server that deduplicates
//! by Message-ID drops a manual retry of a message that did arrive.

use std::{sync::Arc, time::Duration};

use lettre::{
    message::{
        header::{ContentType, HeaderName, HeaderValue},
        Attachment, Mailbox, MultiPart, SinglePart,
    },
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use sqlx::PgPool;
use tokio::sync::Notify;

pub const MAX_ATTEMPTS: i32 = 12;
const STALE_CLAIM_SECONDS: i32 = 300;
const BATCH: i64 = 20;

/// Where messages go: an SMTP server, or `.eml` files in a folder when none is configured.
#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

impl Transport {
    /// `smtp://host:port` (plain, `?tls=required` for STARTTLS) or `smtps://user:pass@host`.
    pub fn smtp(url: &str) -> Result<Self, lettre::transport::smtp::Error> {
        Ok(Transport::Smtp(
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
                .timeout(Some(Duration::from_secs(10)))
                .build(),
        ))
    }

    pub fn files(dir: &std::path::Path) -> Self {
        Transport::Files(AsyncFileTransport::new(dir))
    }
}

/// Wakes the worker when a request has just written to the outbox.
#[derive(Clone, Default)]
pub struct OutboxSignal(Arc<Notify>);

impl OutboxSignal {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

pub struct Worker {
    pub db: PgPool,
    pub transport: Transport,
    pub from: Mailbox,
    pub signal: OutboxSignal,
    /// The unit of the retry schedule ([`backoff`]): a second in production.
    pub retry_base: Duration,
}

enum Outcome {
    Sent,
    Retry(String),
    Permanent(String),
}

/// The wait before attempt `attempts + 1`: 2, 4, 8 … units, capped at 2048 (about half an
/// hour with the production unit of a second).
pub fn backoff(base: Duration, attempts: i32) -> Duration {
    base * (1u32 << attempts.clamp(0, 11))
}

/// A message claimed for sending.
#[derive(sqlx::FromRow)]
struct Claimed {
    id: i64,
    recipient: String,
    subject: String,
    text_body: String,
    html_body: String,
    attempts: i32,
    /// The one-click unsubscribe address of a mailing-list message (RFC 8058).
    list_unsubscribe: Option<String>,
}

impl Worker {
    /// Runs until the task is dropped. When idle it looks for due messages once a second, or
    /// once per retry unit if that is shorter, so no retry is late by more than one unit.
    pub async fn run(self) {
        let idle = self.retry_base.min(Duration::from_secs(1));
        loop {
            match self.tick().await {
                Ok(sent) if sent > 0 => continue,
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "outbox worker"),
            }
            let _ = tokio::time::timeout(idle, self.signal.0.notified()).await;
        }
    }

    /// Processes one batch; returns how many messages it handled.
    pub async fn tick(&self) -> Result<usize, sqlx::Error> {
        sqlx::query(
            "update outbox set status = 'failed', last_error = $2
             where status = 'sending' and next_attempt_at < now() - make_interval(secs => $1)",
        )
        .bind(STALE_CLAIM_SECONDS)
        .bind(crate::i18n::ru::OUTBOX_INTERRUPTED)
        .execute(&self.db)
        .await?;
        let claimed: Vec<Claimed> = sqlx::query_as(
            "update outbox set status = 'sending', attempts = attempts + 1, next_attempt_at = now()
             where id in (select id from outbox where status = 'pending' and next_attempt_at <= now()
                          order by id limit $1 for update skip locked)
             returning id, recipient, subject, text_body, html_body, attempts, list_unsubscribe",
        )
        .bind(BATCH)
        .fetch_all(&self.db)
        .await?;
        let count = claimed.len();
        for message in claimed {
            let (id, attempts) = (message.id, message.attempts);
            let outcome = self.send(message).await;
            match outcome {
                Outcome::Sent => {
                    sqlx::query("delete from outbox_attachments where outbox_id = $1")
                        .bind(id)
                        .execute(&self.db)
                        .await?;
                    sqlx::query(
                        "update outbox set status = 'sent', sent_at = now(), last_error = null,
                             text_body = case when redact_after_send then $2 else text_body end,
                             html_body = case when redact_after_send then $2 else html_body end
                         where id = $1",
                    )
                    .bind(id)
                    .bind(crate::i18n::ru::OUTBOX_REDACTED)
                    .execute(&self.db)
                    .await?;
                }
                Outcome::Retry(error) if attempts < MAX_ATTEMPTS => {
                    tracing::warn!(id, attempts, %error, "e-mail not sent; will retry");
                    sqlx::query(
                        "update outbox set status = 'pending', last_error = $2,
                             next_attempt_at = now() + make_interval(secs => $3)
                         where id = $1",
                    )
                    .bind(id)
                    .bind(error)
                    .bind(backoff(self.retry_base, attempts).as_secs_f64())
                    .execute(&self.db)
                    .await?;
                }
                Outcome::Retry(error) | Outcome::Permanent(error) => {
                    tracing::error!(id, attempts, %error, "e-mail failed permanently");
                    sqlx::query("update outbox set status = 'failed', last_error = $2 where id = $1")
                        .bind(id)
                        .bind(error)
                        .execute(&self.db)
                        .await?;
                }
            }
        }
        Ok(count)
    }

    async fn send(&self, message: Claimed) -> Outcome {
        let Claimed {
            id,
            recipient,
            subject,
            text_body: text,
            html_body: html,
            list_unsubscribe,
            ..
        } = message;
        let to: Mailbox = match recipient.parse() {
            Ok(to) => to,
            Err(error) => return Outcome::Permanent(crate::i18n::ru::outbox_bad_recipient(&error)),
        };
        let files: Vec<(String, String, Vec<u8>)> = match sqlx::query_as(
            "select file_name, content_type, content from outbox_attachments where outbox_id = $1 order by position",
        )
        .bind(id)
        .fetch_all(&self.db)
        .await
        {
            Ok(files) => files,
            Err(error) => return Outcome::Retry(error.to_string()),
        };
        let domain = self.from.email.domain().to_string();
        let body = MultiPart::alternative()
            .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(text))
            .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(html));
        let body = if files.is_empty() {
            body
        } else {
            files.into_iter().fold(
                MultiPart::mixed().multipart(body),
                |mixed, (name, kind, content)| {
                    let kind = ContentType::parse(&kind).unwrap_or(ContentType::TEXT_PLAIN);
                    mixed.singlepart(Attachment::new(name).body(content, kind))
                },
            )
        };
        let mut message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .message_id(Some(format!("<outbox-{id}@{domain}>")));
        if let Some(link) = list_unsubscribe {
            message = message
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{link}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_string(),
                ));
        }
        let message = message.multipart(body);
        let message = match message {
            Ok(message) => message,
            Err(error) => return Outcome::Permanent(crate::i18n::ru::outbox_not_built(&error)),
        };
        match &self.transport {
            Transport::Smtp(smtp) => match smtp.send(message).await {
                Ok(_) => Outcome::Sent,
                Err(error) if error.is_permanent() => Outcome::Permanent(error.to_string()),
                Err(error) => Outcome::Retry(error.to_string()),
            },
            Transport::Files(files) => match files.send(message).await {
                Ok(_) => Outcome::Sent,
                Err(error) => Outcome::Retry(error.to_string()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(SECOND, 1), 2 * SECOND);
        assert_eq!(backoff(SECOND, 2), 4 * SECOND);
        assert_eq!(backoff(SECOND, 30), 2048 * SECOND);
        assert_eq!(backoff(Duration::from_millis(10), 3), Duration::from_millis(80));
    }

    /// Issue 10: an SMTP server down for ten minutes must not turn mail into failures. The
    /// last attempt comes after every earlier wait, so the schedule must outlast the outage.
    #[test]
    fn the_retry_schedule_outlasts_a_ten_minute_smtp_outage() {
        let patience: Duration = (1..MAX_ATTEMPTS).map(|attempts| backoff(SECOND, attempts)).sum();
        assert!(patience > Duration::from_secs(10 * 60), "{patience:?}");
    }
}
