//! Publishing a run: its lists, overrides included, frozen and shown to municipal coordinators.

use serde::{Deserialize, Serialize};

use super::db;
use super::lists::{finals, label, load_context, override_why, RunContext};
use super::{PublishedList, PublishedRow};
use crate::access::{Role, Staff, OPERATOR};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

/// The statuses a published run froze: school → (name, municipality, status codes, notes).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(super) struct Published {
    pub title: String,
    pub years: Vec<i32>,
    pub labels: Vec<(String, String)>,
    pub schools: Vec<PublishedSchool>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct PublishedSchool {
    pub school_id: String,
    pub name: String,
    pub municipality: String,
    pub statuses: Vec<String>,
    pub notes: Vec<String>,
}

pub async fn publish_run(slug: &str, run_id: &str) -> Result<(), AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let run_id = parse_id(run_id)?;
    let RunContext {
        run,
        overrides,
        known,
        order,
    } = load_context(&mut ctx, run_id).await?;
    if run.published_at.is_some() {
        return Err(AppError::invalid("run", ru::RUN_ALREADY_PUBLISHED));
    }
    let published = Published {
        title: run.config.title().to_string(),
        years: run.result.years.clone(),
        labels: order.clone(),
        schools: finals(&run, &order, &overrides)
            .into_iter()
            .filter(|f| !f.statuses.is_empty())
            .map(|f| {
                let k = known.get(&f.school.school_id).cloned().unwrap_or_default();
                PublishedSchool {
                    school_id: f.school.school_id.clone(),
                    name: k.name,
                    municipality: k.municipality,
                    notes: overrides
                        .iter()
                        .filter(|o| o.school_id == f.school.school_id)
                        .map(override_why)
                        .collect(),
                    statuses: f.statuses,
                }
            })
            .collect(),
    };
    let user = ctx.user.user_id;
    db::publish(&mut ctx, run_id, &published, user).await?;
    // The lists came from this version, so it is frozen from now on.
    db::freeze_config(&mut ctx, run.config_version).await?;
    ctx.audit(
        "identification_published",
        serde_json::json!({ "config": run.config.title(), "version": run.version, "schools": published.schools.len() }),
    )
    .await?;
    ctx.commit().await
}

/// The latest published list of each configuration; a municipal coordinator sees the schools
/// of their own municipality, a regional operator all of them.
pub async fn get_published_lists(slug: &str) -> Result<Vec<PublishedList>, AppError> {
    let mut ctx = Staff::require(slug, &[Role::MunicipalCoordinator, Role::RegionalOperator]).await?;
    let operator = ctx.has(Role::RegionalOperator);
    let user = ctx.user.user_id;
    let own = db::own_municipality(&mut ctx, user).await?;
    let runs = db::published_runs(&mut ctx).await?;
    ctx.commit().await?;
    Ok(runs
        .into_iter()
        .map(|run| {
            let published = run.published.0;
            PublishedList {
                config_title: published.title.clone(),
                published_at: run.published_at,
                years: published.years.clone(),
                schools: published
                    .schools
                    .iter()
                    .filter(|s| operator || own.as_ref().is_some_and(|m| &s.municipality == m))
                    .map(|s| PublishedRow {
                        school_id: s.school_id.clone(),
                        name: s.name.clone(),
                        municipality: s.municipality.clone(),
                        statuses: s
                            .statuses
                            .iter()
                            .map(|c| label(&published.labels, c).to_string())
                            .collect(),
                        notes: s.notes.clone(),
                    })
                    .collect(),
            }
        })
        .collect())
}
