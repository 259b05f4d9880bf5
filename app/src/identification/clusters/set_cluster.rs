//! Assigning a school's cluster by hand.

use serde_json::json;

use super::{db, is_valid};
use crate::access::{Staff, OPERATOR};
use crate::error::AppError;
use crate::i18n::ru;

pub async fn set_school_cluster(slug: &str, school: &str, cluster: &str) -> Result<(), AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let (school, cluster) = (school.trim(), cluster.trim());
    if school.is_empty() {
        return Err(AppError::invalid("school", ru::CLUSTER_SCHOOL_REQUIRED));
    }
    if !cluster.is_empty() && !is_valid(cluster) {
        return Err(AppError::invalid("cluster", ru::cluster_invalid(cluster)));
    }
    let cluster = Some(cluster).filter(|c| !c.is_empty());
    let previous = db::set_cluster(&mut ctx, school, cluster)
        .await?
        .ok_or_else(|| AppError::invalid("school", ru::cluster_school_unknown(school)))?;
    ctx.audit(
        "school_cluster",
        json!({ "school": school, "cluster": cluster, "previous": previous }),
    )
    .await?;
    ctx.commit().await
}
