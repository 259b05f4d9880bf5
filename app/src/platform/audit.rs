//! The platform's log, for its administrators.

use super::PlatformAuditEntry;
use crate::{access::PlatformAdmin, error::AppError};

/// The latest 200 events, newest first, in UTC (the platform has no time zone of its own).
pub async fn get_platform_audit() -> Result<Vec<PlatformAuditEntry>, AppError> {
    let mut admin = PlatformAdmin::require().await?;
    let rows = sqlx::query_as(
        "select to_char(a.created_at at time zone 'UTC', 'DD.MM.YYYY HH24:MI:SS') as at, u.email, a.action,
                t.name as region, host(a.ip) as ip, a.details::text as details
         from platform_audit a
         left join users u on u.id = a.user_id
         left join tenants t on t.id = a.region_id
         order by a.id desc limit 200",
    )
    .fetch_all(admin.conn())
    .await?;
    admin.commit().await?;
    Ok(rows)
}
