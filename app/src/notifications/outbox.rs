//! The operator's view of the region's outbox: what has not been delivered, and a retry.

use super::OutboxEntry;
use crate::{
    access::{Staff, OPERATOR},
    error::AppError,
    i18n::ru,
};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    created_at: String,
    recipient: String,
    subject: String,
    status: String,
    attempts: i32,
    last_error: Option<String>,
}

pub async fn get_undelivered(slug: &str) -> Result<Vec<OutboxEntry>, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let rows: Vec<Row> = sqlx::query_as(
        "select id, to_char(created_at at time zone $2, 'DD.MM.YYYY HH24:MI') as created_at, recipient, subject,
                status, attempts, last_error
         from outbox where tenant_id = $1 and status in ('pending', 'failed', 'sending')
         order by id desc limit 500",
    )
    .bind(ctx.tenant_id())
    .bind(ctx.tenant.time_zone.clone())
    .fetch_all(ctx.conn())
    .await?;
    ctx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|row| OutboxEntry {
            id: row.id,
            created_at: row.created_at,
            recipient: row.recipient,
            subject: row.subject,
            status: row.status,
            attempts: row.attempts,
            last_error: row.last_error,
        })
        .collect())
}

pub async fn retry_message(slug: &str, id: i64) -> Result<(), AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let updated = sqlx::query(
        "update outbox set status = 'pending', attempts = 0, next_attempt_at = now()
         where id = $1 and tenant_id = $2 and status = 'failed'",
    )
    .bind(id)
    .bind(ctx.tenant_id())
    .execute(ctx.conn())
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(AppError::invalid("id", ru::MAIL_RETRY_NOT_FOUND));
    }
    ctx.audit("email_retry", serde_json::json!({ "outbox_id": id }))
        .await?;
    ctx.mail_queued();
    ctx.commit().await
}
