//! The configuration editor's operations: each form of the editor is one edit, applied on the
//! server to the stored draft, so an operator never writes JSON.
//!
//! A draft may be incomplete (a status rule before its index exists); [`Config::validate`] says
//! what is missing, and a run needs a valid configuration.

mod combined;

use serde::{Deserialize, Serialize};

use super::config::{
    Band, BandStatus, Config, Direction, ExternalListConfig, ExternalStatus, FlagCountConfig, FlagIndicator,
    FlagRule, FlagStatus, IndexBandsConfig, IndexSpec, IndicatorSpec, Normalization, Op, Orientation,
    YearsRule,
};
use crate::error::AppError;
use crate::i18n::ru;

/// One editor form; which fields matter depends on `op`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConfigEdit {
    pub op: String,
    pub index: Option<String>,
    pub indicator: Option<String>,
    pub status: Option<String>,
    pub variant: Option<String>,
    pub condition: Option<String>,
    pub code: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub orientation: Option<String>,
    pub share: Option<String>,
    pub min_indicators: Option<String>,
    pub normalization: Option<String>,
    pub direction: Option<String>,
    pub weight: Option<String>,
    pub cmp: Option<String>,
    pub value: Option<String>,
    pub band: Option<String>,
    pub rule: Option<String>,
    pub n: Option<String>,
    pub exclude: Option<String>,
    pub label: Option<String>,
    pub window_years: Option<String>,
    pub grouped: Option<String>,
    pub year: Option<String>,
    pub min_flags: Option<String>,
    /// Clusters a status or an index is limited to, separated by commas; empty for none.
    pub clusters: Option<String>,
    /// The indicators whose flags a flag-count status counts, separated by commas; empty for all.
    pub indicators: Option<String>,
    /// The position of a composite status, and where to move it.
    pub combined: Option<String>,
    pub to: Option<String>,
    /// A composite's parts: each earlier status code → `all_of`, `any_of`, `none_of` or empty.
    #[serde(default)]
    pub parts: std::collections::BTreeMap<String, String>,
}

fn text(value: &Option<String>) -> &str {
    value.as_deref().map(str::trim).unwrap_or_default()
}

fn optional(value: &Option<String>) -> Option<String> {
    Some(text(value).to_string()).filter(|t| !t.is_empty())
}

fn required(value: &Option<String>, field: &str) -> Result<String, AppError> {
    optional(value).ok_or_else(|| AppError::invalid(field, ru::edit_required(field)))
}

fn number(value: &Option<String>, field: &str) -> Result<f64, AppError> {
    let raw = required(value, field)?;
    raw.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| AppError::invalid(field, ru::edit_not_a_number(field, &raw)))
}

fn count(value: &Option<String>, field: &str) -> Result<usize, AppError> {
    let raw = required(value, field)?;
    raw.parse::<usize>()
        .map_err(|_| AppError::invalid(field, ru::edit_not_a_count(field, &raw)))
}

fn integer(value: &Option<String>, field: &str) -> Result<i32, AppError> {
    let raw = required(value, field)?;
    raw.parse::<i32>()
        .map_err(|_| AppError::invalid(field, ru::edit_not_a_number(field, &raw)))
}

fn choice<T: Copy>(value: &Option<String>, field: &str, options: &[(&str, T)]) -> Result<T, AppError> {
    let raw = required(value, field)?;
    options
        .iter()
        .find(|(code, _)| *code == raw)
        .map(|(_, v)| *v)
        .ok_or_else(|| AppError::invalid(field, ru::edit_unknown_choice(field, &raw)))
}

/// The position of an existing element named by a form field.
fn at<T>(items: &[T], value: &Option<String>, field: &str) -> Result<usize, AppError> {
    let position = count(value, field)?;
    if position < items.len() {
        Ok(position)
    } else {
        Err(AppError::invalid(field, ru::EDIT_STALE))
    }
}

const ORIENTATIONS: [(&str, Orientation); 2] = [
    ("higher_is_better", Orientation::HigherIsBetter),
    ("higher_is_worse", Orientation::HigherIsWorse),
];
const NORMALIZATIONS: [(&str, Normalization); 2] = [
    ("minmax", Normalization::Minmax),
    ("threshold", Normalization::Threshold),
];
const DIRECTIONS: [(&str, Direction); 2] = [("direct", Direction::Direct), ("inverse", Direction::Inverse)];
const OPS: [(&str, Op); 4] = [("lt", Op::Lt), ("le", Op::Le), ("gt", Op::Gt), ("ge", Op::Ge)];
const BANDS: [(&str, Band); 2] = [("worst", Band::Worst), ("best", Band::Best)];

fn exclude_list(edit: &ConfigEdit) -> Vec<String> {
    text(&edit.exclude)
        .split([',', ';', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn index_spec(edit: &ConfigEdit, indicators: Vec<IndicatorSpec>) -> Result<IndexSpec, AppError> {
    Ok(IndexSpec {
        code: required(&edit.code, "code")?,
        title: optional(&edit.title),
        orientation: choice(&edit.orientation, "orientation", &ORIENTATIONS)?,
        share: number(&edit.share, "share")?,
        min_indicators: optional(&edit.min_indicators)
            .map(|_| count(&edit.min_indicators, "min_indicators"))
            .transpose()?
            .unwrap_or(1),
        indicators,
        filter: combined::where_of(edit)?,
    })
}

fn indicator_spec(edit: &ConfigEdit) -> Result<IndicatorSpec, AppError> {
    let normalization = choice(&edit.normalization, "normalization", &NORMALIZATIONS)?;
    let (op, value) = match normalization {
        Normalization::Threshold => (
            Some(choice(&edit.cmp, "cmp", &OPS)?),
            Some(number(&edit.value, "value")?),
        ),
        Normalization::Minmax => (None, None),
    };
    Ok(IndicatorSpec {
        code: required(&edit.code, "code")?,
        title: optional(&edit.title),
        source: optional(&edit.source),
        normalization,
        direction: choice(&edit.direction, "direction", &DIRECTIONS)?,
        weight: optional(&edit.weight)
            .map(|_| number(&edit.weight, "weight"))
            .transpose()?
            .unwrap_or(1.0),
        op,
        value,
    })
}

fn flag_indicator(edit: &ConfigEdit) -> Result<FlagIndicator, AppError> {
    Ok(FlagIndicator {
        code: required(&edit.code, "code")?,
        title: optional(&edit.title),
        source: optional(&edit.source),
        op: choice(&edit.cmp, "cmp", &OPS)?,
        value: number(&edit.value, "value")?,
    })
}

fn years_rule(edit: &ConfigEdit) -> Result<YearsRule, AppError> {
    match required(&edit.rule, "rule")?.as_str() {
        "all_years" => Ok(YearsRule::AllYears),
        "last_years" => Ok(YearsRule::LastYears {
            n: count(&edit.n, "n")?,
        }),
        "at_least" => Ok(YearsRule::AtLeast {
            n: count(&edit.n, "n")?,
        }),
        other => Err(AppError::invalid("rule", ru::edit_unknown_choice("rule", other))),
    }
}

/// A flag rule as the editor builds it: any of several variants, each all of its conditions.
fn variants(rule: &FlagRule) -> Vec<Vec<(i32, usize)>> {
    fn conditions(rule: &FlagRule) -> Vec<(i32, usize)> {
        match rule {
            FlagRule::Year { year, min_flags } => vec![(*year, *min_flags)],
            FlagRule::All { all } | FlagRule::Any { any: all } => all.iter().flat_map(conditions).collect(),
        }
    }
    match rule {
        FlagRule::Any { any } => any.iter().map(conditions).collect(),
        other => vec![conditions(other)],
    }
}

fn rule_of(variants: &[Vec<(i32, usize)>]) -> FlagRule {
    let variant = |conditions: &Vec<(i32, usize)>| match conditions.as_slice() {
        [(year, min_flags)] => FlagRule::Year {
            year: *year,
            min_flags: *min_flags,
        },
        _ => FlagRule::All {
            all: conditions
                .iter()
                .map(|&(year, min_flags)| FlagRule::Year { year, min_flags })
                .collect(),
        },
    };
    match variants {
        [single] => variant(single),
        _ => FlagRule::Any {
            any: variants.iter().map(variant).collect(),
        },
    }
}

/// The variants of a status rule, for the editor to list.
pub fn rule_variants(rule: &FlagRule) -> Vec<Vec<(i32, usize)>> {
    variants(rule)
}

fn set_label(labels: &mut std::collections::BTreeMap<String, String>, code: &str, edit: &ConfigEdit) {
    match optional(&edit.label) {
        Some(label) => {
            labels.insert(code.to_string(), label);
        }
        None => {
            labels.remove(code);
        }
    }
}

/// Removes the status the form names, with its label.
fn remove_status<T>(
    statuses: &mut Vec<T>,
    labels: &mut std::collections::BTreeMap<String, String>,
    edit: &ConfigEdit,
    code: impl Fn(&T) -> &String,
) -> Result<(), AppError> {
    let s = at(statuses, &edit.status, "status")?;
    let removed = statuses.remove(s);
    labels.remove(code(&removed));
    Ok(())
}

/// Applies `edit` to `config`; the result may still be incomplete, never malformed.
pub fn apply(config: &mut Config, edit: &ConfigEdit) -> Result<(), AppError> {
    if combined::apply(config, edit)? {
        return Ok(());
    }
    let done = match config {
        Config::IndexBands(c) => index_bands(c, edit)?,
        Config::FlagCount(c) => flag_count(c, edit)?,
        Config::ExternalList(c) => external_list(c, edit)?,
    };
    if done {
        return Ok(());
    }
    match edit.op.as_str() {
        "general" => general(config, edit),
        "label" => {
            let code = required(&edit.code, "code")?;
            set_label(config_labels(config), &code, edit);
            Ok(())
        }
        _ => Err(AppError::BadRequest),
    }
}

fn general(config: &mut Config, edit: &ConfigEdit) -> Result<(), AppError> {
    let title = required(&edit.title, "title")?;
    match config {
        Config::IndexBands(c) => {
            c.title = title;
            c.window_years = count(&edit.window_years, "window_years")?;
            c.grouped = edit.grouped.is_some();
        }
        Config::FlagCount(c) => {
            c.title = title;
            c.window_years = count(&edit.window_years, "window_years")?;
        }
        Config::ExternalList(c) => c.title = title,
    }
    Ok(())
}

/// The edits of an index-bands configuration; `false` when `edit` is not one of them.
fn index_bands(c: &mut IndexBandsConfig, edit: &ConfigEdit) -> Result<bool, AppError> {
    match edit.op.as_str() {
        "add_index" => c.indices.push(index_spec(edit, Vec::new())?),
        "update_index" => {
            let i = at(&c.indices, &edit.index, "index")?;
            let indicators = std::mem::take(&mut c.indices[i].indicators);
            let old = c.indices[i].code.clone();
            c.indices[i] = index_spec(edit, indicators)?;
            let new = c.indices[i].code.clone();
            for status in c.statuses.iter_mut().filter(|s| s.index == old) {
                status.index = new.clone();
            }
        }
        "remove_index" => {
            let i = at(&c.indices, &edit.index, "index")?;
            c.indices.remove(i);
        }
        "add_indicator" => {
            let i = at(&c.indices, &edit.index, "index")?;
            c.indices[i].indicators.push(indicator_spec(edit)?);
        }
        "update_indicator" => {
            let i = at(&c.indices, &edit.index, "index")?;
            let j = at(&c.indices[i].indicators, &edit.indicator, "indicator")?;
            c.indices[i].indicators[j] = indicator_spec(edit)?;
        }
        "remove_indicator" => {
            let i = at(&c.indices, &edit.index, "index")?;
            let j = at(&c.indices[i].indicators, &edit.indicator, "indicator")?;
            c.indices[i].indicators.remove(j);
        }
        "add_status" => {
            let status = BandStatus {
                code: required(&edit.code, "code")?,
                index: required(&edit.index, "index")?,
                band: choice(&edit.band, "band", &BANDS)?,
                rule: years_rule(edit)?,
                exclude: exclude_list(edit),
                filter: combined::where_of(edit)?,
            };
            set_label(&mut c.labels, &status.code, edit);
            c.statuses.push(status);
        }
        "remove_status" => remove_status(&mut c.statuses, &mut c.labels, edit, |s| &s.code)?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// The edits of a flag-count configuration; `false` when `edit` is not one of them.
fn flag_count(c: &mut FlagCountConfig, edit: &ConfigEdit) -> Result<bool, AppError> {
    match edit.op.as_str() {
        "add_indicator" => c.indicators.push(flag_indicator(edit)?),
        "update_indicator" => {
            let j = at(&c.indicators, &edit.indicator, "indicator")?;
            c.indicators[j] = flag_indicator(edit)?;
        }
        "remove_indicator" => {
            let j = at(&c.indicators, &edit.indicator, "indicator")?;
            c.indicators.remove(j);
        }
        "add_status" => {
            let status = FlagStatus {
                code: required(&edit.code, "code")?,
                rule: FlagRule::Year {
                    year: integer(&edit.year, "year")?,
                    min_flags: count(&edit.min_flags, "min_flags")?,
                },
                exclude: exclude_list(edit),
                indicators: criteria_set(c, edit)?,
                filter: combined::where_of(edit)?,
            };
            set_label(&mut c.labels, &status.code, edit);
            c.statuses.push(status);
        }
        "remove_status" => remove_status(&mut c.statuses, &mut c.labels, edit, |s| &s.code)?,
        "status_indicators" => {
            let s = at(&c.statuses, &edit.status, "status")?;
            c.statuses[s].indicators = criteria_set(c, edit)?;
        }
        "add_condition" => {
            let s = at(&c.statuses, &edit.status, "status")?;
            let mut list = variants(&c.statuses[s].rule);
            let condition = (integer(&edit.year, "year")?, count(&edit.min_flags, "min_flags")?);
            match text(&edit.variant) {
                "new" | "" => list.push(vec![condition]),
                _ => {
                    let v = at(&list, &edit.variant, "variant")?;
                    list[v].push(condition);
                }
            }
            c.statuses[s].rule = rule_of(&list);
        }
        "remove_condition" => {
            let s = at(&c.statuses, &edit.status, "status")?;
            let mut list = variants(&c.statuses[s].rule);
            let v = at(&list, &edit.variant, "variant")?;
            let k = at(&list[v], &edit.condition, "condition")?;
            if list.len() == 1 && list[0].len() == 1 {
                return Err(AppError::invalid("condition", ru::EDIT_LAST_CONDITION));
            }
            list[v].remove(k);
            list.retain(|conditions| !conditions.is_empty());
            c.statuses[s].rule = rule_of(&list);
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// A flag-count status's criteria set (Ryazan's sets per category): codes of the configuration's
/// own indicators, each once; empty means every indicator counts.
fn criteria_set(c: &FlagCountConfig, edit: &ConfigEdit) -> Result<Vec<String>, AppError> {
    let mut set: Vec<String> = Vec::new();
    for code in text(&edit.indicators)
        .split([',', ';', ' '])
        .map(str::trim)
        .filter(|code| !code.is_empty())
    {
        if !c.indicators.iter().any(|i| i.code == code) {
            return Err(AppError::invalid("indicators", ru::edit_unknown_indicator(code)));
        }
        if !set.iter().any(|known| known == code) {
            set.push(code.to_string());
        }
    }
    Ok(set)
}

/// The edits of an external list's configuration; `false` when `edit` is not one of them.
fn external_list(c: &mut ExternalListConfig, edit: &ConfigEdit) -> Result<bool, AppError> {
    match edit.op.as_str() {
        "add_status" => {
            let code = required(&edit.code, "code")?;
            set_label(&mut c.labels, &code, edit);
            c.statuses.push(ExternalStatus { code });
        }
        "remove_status" => remove_status(&mut c.statuses, &mut c.labels, edit, |s| &s.code)?,
        _ => return Ok(false),
    }
    Ok(true)
}

fn config_labels(config: &mut Config) -> &mut std::collections::BTreeMap<String, String> {
    match config {
        Config::IndexBands(c) => &mut c.labels,
        Config::FlagCount(c) => &mut c.labels,
        Config::ExternalList(c) => &mut c.labels,
    }
}

/// A new, empty configuration of `method`.
pub fn empty(method: &str) -> Option<Config> {
    use super::config::{ExternalListConfig, FlagCountConfig, IndexBandsConfig};
    let title = ru::NEW_CONFIG_TITLE.to_string();
    match method {
        "index_bands" => Some(Config::IndexBands(IndexBandsConfig {
            title,
            labels: Default::default(),
            window_years: 3,
            grouped: true,
            indices: Vec::new(),
            statuses: Vec::new(),
            combined: Vec::new(),
        })),
        "flag_count" => Some(Config::FlagCount(FlagCountConfig {
            title,
            labels: Default::default(),
            window_years: 2,
            indicators: Vec::new(),
            statuses: Vec::new(),
            combined: Vec::new(),
        })),
        "external_list" => Some(Config::ExternalList(ExternalListConfig {
            title,
            labels: Default::default(),
            statuses: Vec::new(),
        })),
        _ => None,
    }
}

pub use combined::{earlier, PARTS};

#[cfg(test)]
mod tests;
