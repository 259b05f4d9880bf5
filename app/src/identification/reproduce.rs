//! Reproducing a run from what it recorded (data versions, configuration, registry groups and
//! clusters), and comparing it with the same configuration on the current data.

use std::collections::{BTreeSet, HashMap};

use super::analysis::{compute, registry_groups, stored_data, StoredData};
use super::clusters::fill::RegistryDefaults;
use super::config::Config;
use super::configs::status_labels;
use super::db;
use super::engine::{IdentificationResult, ENGINE_VERSION};
use super::versions::content_sha256;
use super::{CurrentDiff, Reproduction, StatusChange};
use crate::access::{Staff, OPERATOR};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

pub async fn reproduce_run(slug: &str, run: &str) -> Result<Reproduction, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let id = parse_id(run)?;
    let recorded = db::recorded_run(&mut ctx, id).await?;
    let inputs = recorded
        .inputs
        .map(|i| i.0)
        .ok_or_else(|| AppError::invalid("run", ru::RUN_NOT_RECORDED))?;
    let config = inputs
        .config
        .clone()
        .ok_or_else(|| AppError::invalid("run", ru::RUN_NOT_RECORDED))?;
    let data = match config {
        Config::ExternalList(_) => None,
        _ => {
            let years = db::run_versions_csv(&mut ctx, id)
                .await?
                .ok_or_else(|| AppError::invalid("run", ru::RUN_DATA_DELETED))?;
            Some(StoredData::try_from(years)?)
        }
    };
    ctx.commit().await?;
    let stored = recorded.result.0;
    tokio::task::spawn_blocking(move || {
        if let Some(year) = data.as_ref().and_then(StoredData::corrupted) {
            return Err(AppError::invalid("run", ru::run_data_corrupted(year)));
        }
        let groups = RegistryDefaults::recorded(inputs.groups, inputs.clusters);
        let computed = compute(&config, data, &groups, inputs.external)?;
        let mut bytes = Vec::with_capacity(stored.len());
        computed
            .result
            .write_json(&mut bytes)
            .map_err(AppError::internal)?;
        let identical = bytes == stored;
        let schools_differing = if identical {
            0
        } else {
            let before: IdentificationResult = serde_json::from_slice(&stored).map_err(AppError::internal)?;
            differing(&before, &computed.result)
        };
        Ok(Reproduction {
            identical,
            stored_sha256: content_sha256(&stored),
            recomputed_sha256: content_sha256(&bytes),
            schools_differing,
            engine_recorded: recorded.engine_version,
            engine_now: ENGINE_VERSION,
        })
    })
    .await
    .map_err(AppError::internal)?
}

/// Schools present in one result only, or holding other statuses.
fn differing(a: &IdentificationResult, b: &IdentificationResult) -> usize {
    let statuses = |r: &IdentificationResult| -> HashMap<String, Vec<String>> {
        r.schools
            .iter()
            .map(|s| (s.school_id.clone(), s.statuses.clone()))
            .collect()
    };
    let (a, b) = (statuses(a), statuses(b));
    let only_a = a.iter().filter(|(id, s)| b.get(*id) != Some(s)).count();
    let only_b = b.keys().filter(|id| !a.contains_key(*id)).count();
    only_a + only_b
}

pub async fn diff_with_current(slug: &str, run: &str) -> Result<CurrentDiff, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let id = parse_id(run)?;
    let recorded = db::recorded_run(&mut ctx, id).await?;
    let config = match recorded.inputs.and_then(|i| i.0.config) {
        Some(config) => config,
        None => db::load_config(&mut ctx, recorded.config_version).await?.body,
    };
    if matches!(config, Config::ExternalList(_)) {
        return Err(AppError::invalid("run", ru::RUN_DIFF_EXTERNAL));
    }
    let current = stored_data(&mut ctx).await?;
    let known = db::registry(&mut ctx).await?;
    let order = status_labels(&config, &ctx.tenant.status_labels);
    ctx.commit().await?;
    let groups = registry_groups(&known);
    let stored = recorded.result.0;
    let (before, after) = tokio::task::spawn_blocking(move || {
        let before: IdentificationResult = serde_json::from_slice(&stored).map_err(AppError::internal)?;
        let after = compute(&config, Some(current), &groups, None)?.result;
        Ok::<_, AppError>((before, after))
    })
    .await
    .map_err(AppError::internal)??;
    let name = |code: &str| known.get(code).map(|k| k.name.clone()).unwrap_or_default();
    let holding = |r: &IdentificationResult, status: &str| -> BTreeSet<String> {
        r.schools
            .iter()
            .filter(|s| s.statuses.iter().any(|x| x == status))
            .map(|s| s.school_id.clone())
            .collect()
    };
    let changes = order
        .iter()
        .filter_map(|(code, label)| {
            let (old, new) = (holding(&before, code), holding(&after, code));
            let list =
                |set: BTreeSet<&String>| set.into_iter().map(|c| (c.clone(), name(c))).collect::<Vec<_>>();
            let change = StatusChange {
                status: label.clone(),
                added: list(new.difference(&old).collect()),
                removed: list(old.difference(&new).collect()),
            };
            (!change.added.is_empty() || !change.removed.is_empty()).then_some(change)
        })
        .collect();
    Ok(CurrentDiff {
        years: after.years,
        changes,
    })
}
