//! The region's security log, for its operator.

use super::AuditEntry;
use crate::{
    access::{Staff, OPERATOR},
    error::AppError,
};

#[derive(sqlx::FromRow)]
struct Row {
    at: String,
    email: Option<String>,
    action: String,
    ip: Option<String>,
    details: serde_json::Value,
}

/// The latest 200 events, newest first, in the region's local time.
pub async fn get_audit_log(slug: &str) -> Result<Vec<AuditEntry>, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let rows: Vec<Row> = sqlx::query_as(
        "select to_char(a.created_at at time zone $2, 'DD.MM.YYYY HH24:MI:SS') as at, u.email, a.action,
                host(a.ip) as ip, a.details
         from audit_log a left join users u on u.id = a.user_id
         where a.tenant_id = $1
         order by a.id desc limit 200",
    )
    .bind(ctx.tenant_id())
    .bind(ctx.tenant.time_zone.clone())
    .fetch_all(ctx.conn())
    .await?;
    ctx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|row| AuditEntry {
            at: row.at,
            email: row.email,
            action: row.action,
            ip: row.ip,
            details: row.details.to_string(),
        })
        .collect())
}
