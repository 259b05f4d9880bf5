//! A run as every view reads it: the stored result, the active overrides, the registry, and
//! the statuses each school ends up with, with the reasons in the operator's words.

use std::collections::HashMap;

use uuid::Uuid;

use super::analysis::Analysis;
use super::config::{Band, Config, YearsRule};
use super::configs::status_labels;
use super::db::{self, Known};
use super::engine::{IdentificationResult, SchoolResult, YearResult};
use super::OverrideView;
use crate::access::Ctx;
use crate::error::AppError;
use crate::i18n::ru;

pub(super) struct Run {
    pub config_id: Uuid,
    pub config_version: Uuid,
    pub version: i32,
    pub config: Config,
    pub result: IdentificationResult,
    pub analysis: Analysis,
    pub created_at: String,
    pub created_by: String,
    pub published_at: Option<String>,
    pub engine_version: Option<i32>,
    /// The run recorded its inputs and can be reproduced.
    pub recorded: bool,
}

pub(super) async fn load_run(ctx: &mut Ctx, id: Uuid) -> Result<Run, AppError> {
    let row = db::run(ctx, id).await?;
    let stored = db::load_config(ctx, row.config_version).await?;
    Ok(Run {
        config_id: row.config_id,
        config_version: row.config_version,
        version: stored.version,
        config: stored.body,
        result: row.result.0,
        analysis: row.analysis.0,
        created_at: row.created_at,
        created_by: row.created_by,
        published_at: row.published_at,
        engine_version: row.engine_version,
        recorded: row.recorded,
    })
}

/// A run with what every view of it needs: the active overrides of its configuration, the
/// registry, and the status labels in the configuration's order.
pub(super) struct RunContext {
    pub run: Run,
    pub overrides: Vec<OverrideView>,
    pub known: HashMap<String, Known>,
    pub order: Vec<(String, String)>,
}

pub(super) async fn load_context(ctx: &mut Ctx, id: Uuid) -> Result<RunContext, AppError> {
    let run = load_run(ctx, id).await?;
    let overrides = db::overrides(ctx, run.config_id).await?;
    let known = db::registry(ctx).await?;
    let order = status_labels(&run.config, &ctx.tenant.status_labels);
    Ok(RunContext {
        run,
        overrides,
        known,
        order,
    })
}

/// A school's statuses after overrides, in the configuration's order.
pub(super) fn final_statuses(
    order: &[(String, String)],
    engine: &[String],
    school_id: &str,
    overrides: &[OverrideView],
) -> Vec<String> {
    order
        .iter()
        .map(|(code, _)| code)
        .filter(|code| {
            let manual = overrides
                .iter()
                .rev()
                .find(|o| o.school_id == school_id && &o.status == *code);
            match manual {
                Some(o) => o.add,
                None => engine.contains(code),
            }
        })
        .cloned()
        .collect()
}

pub(super) fn label<'a>(order: &'a [(String, String)], code: &'a str) -> &'a str {
    order
        .iter()
        .find(|(c, _)| c == code)
        .map_or(code, |(_, l)| l.as_str())
}

pub(super) fn format_index(value: f64) -> String {
    format!("{value:.3}").replace('.', ",")
}

/// Why the engine gives (or does not give) `status` to a school, in the operator's words.
pub(super) fn engine_why(
    config: &Config,
    years: &[i32],
    school: Option<&SchoolResult>,
    status: &str,
) -> String {
    let Some(school) = school else {
        return ru::WHY_NOT_IN_DATA.to_string();
    };
    if let Some(composite) = config.combined().iter().find(|c| c.code == status) {
        let c = &composite.combine;
        return ru::why_combined(&c.all_of, &c.any_of, &c.none_of);
    }
    match config {
        Config::IndexBands(c) => {
            let Some(rule) = c.statuses.iter().find(|s| s.code == status) else {
                return String::new();
            };
            let per_year: Vec<String> = years
                .iter()
                .map(|year| {
                    let entry = match school.years.get(year) {
                        Some(YearResult::Indices(map)) => map.get(&rule.index),
                        _ => None,
                    };
                    match entry {
                        Some(v) => match (v.index, v.band) {
                            (Some(index), Some(band)) => {
                                let mark = if band == rule.band {
                                    ru::WHY_IN_BAND
                                } else {
                                    ru::WHY_NOT_IN_BAND
                                };
                                format!("{year}: {} ({mark})", format_index(index))
                            }
                            _ => format!("{year}: {}", ru::WHY_NO_INDEX),
                        },
                        None => format!("{year}: {}", ru::WHY_NO_ROW),
                    }
                })
                .collect();
            let rule_text = match rule.rule {
                YearsRule::AllYears => ru::RULE_ALL_YEARS.to_string(),
                YearsRule::LastYears { n } => ru::rule_last_years(n),
                YearsRule::AtLeast { n } => ru::rule_at_least(n),
            };
            let band = if rule.band == Band::Worst {
                ru::BAND_WORST
            } else {
                ru::BAND_BEST
            };
            format!(
                "{}: {band} {}, {rule_text}; {}",
                ru::WHY_INDEX,
                rule.index,
                per_year.join("; ")
            )
        }
        Config::FlagCount(_) => {
            let per_year: Vec<String> = years
                .iter()
                .rev()
                .map(|year| match school.years.get(year) {
                    Some(YearResult::Flags { flags }) if !flags.is_empty() => {
                        format!("{year}: {} ({})", flags.len(), flags.join(", "))
                    }
                    Some(_) => format!("{year}: 0"),
                    None => format!("{year}: {}", ru::WHY_NO_ROW),
                })
                .collect();
            format!("{}: {}", ru::WHY_FLAGS, per_year.join("; "))
        }
        Config::ExternalList(_) => match school.attributes.get(&format!("reason:{status}")) {
            Some(reason) => format!("{}: {reason}", ru::WHY_LIST),
            None => ru::WHY_LIST.to_string(),
        },
    }
}

pub(super) fn override_why(o: &OverrideView) -> String {
    let what = if o.add {
        ru::OVERRIDE_ADDED
    } else {
        ru::OVERRIDE_REMOVED
    };
    format!("{what} ({}, {}): {}", o.author, o.created_at, o.reason)
}

pub(super) struct Final<'a> {
    pub school: &'a SchoolResult,
    pub statuses: Vec<String>,
}

pub(super) fn finals<'a>(
    run: &'a Run,
    order: &[(String, String)],
    overrides: &[OverrideView],
) -> Vec<Final<'a>> {
    run.result
        .schools
        .iter()
        .map(|school| Final {
            school,
            statuses: final_statuses(order, &school.statuses, &school.school_id, overrides),
        })
        .collect()
}
