//! The cluster column of the school registry.

use crate::access::Ctx;
use crate::error::AppError;

/// Sets the cluster of the school with `code`; the previous cluster, or `None` when the region
/// has no such school.
pub(super) async fn set_cluster(
    ctx: &mut Ctx,
    code: &str,
    cluster: Option<&str>,
) -> Result<Option<Option<String>>, AppError> {
    let tenant = ctx.tenant_id();
    let previous: Option<(Option<String>,)> = sqlx::query_as(
        "update schools s set cluster = $3
         from (select id, cluster from schools where tenant_id = $1 and code = $2 for update) old
         where s.tenant_id = $1 and s.id = old.id
         returning old.cluster",
    )
    .bind(tenant)
    .bind(code)
    .bind(cluster)
    .fetch_optional(ctx.conn())
    .await?;
    Ok(previous.map(|(c,)| c))
}
