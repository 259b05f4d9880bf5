//! Configuration versions: created from a template, an empty method or pasted JSON; edited in
//! place while a draft, copied into the next version once published.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::config::Config;
use super::{db, edit, templates, ConfigEdit, ConfigEditor, ConfigSummary};
use crate::access::{Ctx, Staff, OPERATOR};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

pub async fn create_config(slug: &str, source: &str, json: Option<&str>) -> Result<String, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let config = match source.split_once(':') {
        Some(("template", name)) => {
            let text = match name {
                "khabarovsk" => templates::KHABAROVSK,
                "federal_shnor" => templates::FEDERAL_SHNOR,
                "project_500" => templates::PROJECT_500,
                "leskensky" => templates::LESKENSKY,
                "ryazan" => templates::RYAZAN,
                _ => return Err(AppError::BadRequest),
            };
            Config::from_json(text).map_err(AppError::internal)?
        }
        Some(("empty", method)) => edit::empty(method).ok_or(AppError::BadRequest)?,
        _ if source == "json" => Config::from_json(json.unwrap_or_default())
            .map_err(|error| AppError::invalid("json", error.to_string()))?,
        _ => return Err(AppError::BadRequest),
    };
    let user = ctx.user.user_id;
    let id = db::insert_config(&mut ctx, &config, user).await?;
    ctx.commit().await?;
    Ok(id.to_string())
}

pub async fn get_config(slug: &str, id: &str) -> Result<ConfigEditor, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let id = parse_id(id)?;
    let stored = db::load_config(&mut ctx, id).await?;
    let mut loaded = db::loaded_indicators(&mut ctx).await?;
    loaded.sort();
    loaded.dedup();
    let versions = summaries(&mut ctx, Some(stored.config_id)).await?;
    ctx.commit().await?;
    let problem = readiness(&stored.body, stored.external.is_some(), &loaded);
    Ok(ConfigEditor {
        id: id.to_string(),
        config_id: stored.config_id.to_string(),
        version: stored.version,
        published_at: stored.published_at,
        json: serde_json::to_string_pretty(&stored.body).map_err(AppError::internal)?,
        config: stored.body,
        problem,
        loaded_indicators: loaded,
        has_external_list: stored.external.is_some(),
        versions,
    })
}

pub async fn edit_config(slug: &str, id: &str, change: ConfigEdit) -> Result<String, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let mut id = parse_id(id)?;
    let stored = db::load_config(&mut ctx, id).await?;
    let mut config = stored.body;
    edit::apply(&mut config, &change)?;
    if stored.published_at.is_some() {
        let user = ctx.user.user_id;
        id = db::next_version(&mut ctx, id, user).await?;
    }
    db::set_body(&mut ctx, id, &config).await?;
    ctx.commit().await?;
    Ok(id.to_string())
}

fn method_of(config: &Config) -> &'static str {
    match config {
        Config::IndexBands(_) => "index_bands",
        Config::FlagCount(_) => "flag_count",
        Config::ExternalList(_) => "external_list",
    }
}

/// The versions of one configuration, or of all, newest first.
pub(super) async fn summaries(
    ctx: &mut Ctx,
    config_id: Option<Uuid>,
) -> Result<Vec<ConfigSummary>, AppError> {
    Ok(db::versions(ctx, config_id)
        .await?
        .into_iter()
        .map(|row| ConfigSummary {
            id: row.id.to_string(),
            config_id: row.config_id.to_string(),
            version: row.version,
            title: row.body.title().to_string(),
            method: method_of(&row.body).to_string(),
            published_at: row.published_at,
        })
        .collect())
}

/// The label of each status code: the configuration's own, else the region's, else the code.
pub(super) fn status_labels(config: &Config, region: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let labels = match config {
        Config::IndexBands(c) => &c.labels,
        Config::FlagCount(c) => &c.labels,
        Config::ExternalList(c) => &c.labels,
    };
    config
        .status_codes()
        .into_iter()
        .map(|code| {
            let label = labels
                .get(&code)
                .or_else(|| region.get(&code))
                .cloned()
                .unwrap_or(code.clone());
            (code, label)
        })
        .collect()
}

/// Why a configuration cannot run on the loaded data yet.
pub(super) fn readiness(config: &Config, has_list: bool, loaded: &[String]) -> Option<String> {
    if let Err(error) = config.validate() {
        return Some(error.to_string());
    }
    if matches!(config, Config::ExternalList(_)) {
        return (!has_list).then(|| ru::EXTERNAL_LIST_MISSING.to_string());
    }
    let missing: Vec<String> = config
        .indicator_codes()
        .into_iter()
        .filter(|code| !loaded.contains(code))
        .collect();
    (!missing.is_empty()).then(|| ru::indicators_not_loaded(&missing))
}
