//! The operator's identification page: the registry's size, the loaded years, configurations
//! and recent runs.

use super::configs::{status_labels, summaries};
use super::{db, Overview, RunSummary};
use crate::access::{Staff, OPERATOR};
use crate::error::AppError;

pub async fn get_overview(slug: &str) -> Result<Overview, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let registry_schools = db::school_count(&mut ctx).await?;
    let years = db::loaded_years(&mut ctx).await?;
    let configs = summaries(&mut ctx, None).await?;
    let runs = db::recent_runs(&mut ctx).await?;
    let region_labels = ctx.tenant.status_labels.clone();
    ctx.commit().await?;
    Ok(Overview {
        registry_schools: registry_schools as usize,
        years,
        configs,
        runs: runs
            .into_iter()
            .map(|run| {
                let counts = status_labels(&run.body, &region_labels)
                    .into_iter()
                    .map(|(code, label)| (label, run.summary.counts.get(&code).copied().unwrap_or(0)))
                    .collect();
                RunSummary {
                    id: run.id.to_string(),
                    config_title: run.body.title().to_string(),
                    version: run.version,
                    created_at: run.created_at,
                    created_by: run.created_by,
                    published_at: run.published_at,
                    schools: run.summary.schools,
                    counts,
                }
            })
            .collect(),
    })
}
