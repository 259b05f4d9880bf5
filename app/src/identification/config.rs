//! The configuration format of `../shared/identification.md`, shared by the engine, the
//! command line and the configuration editor, with validation that names the offending field
//! in Russian.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::combined::{self, CombinedStatus, Where};
use crate::i18n::ru;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Config {
    IndexBands(IndexBandsConfig),
    FlagCount(FlagCountConfig),
    ExternalList(ExternalListConfig),
}

impl Config {
    /// The method's name, as the editor's method list shows it.
    pub fn method_label(&self) -> &'static str {
        let index = match self {
            Config::IndexBands(_) => 0,
            Config::FlagCount(_) => 1,
            Config::ExternalList(_) => 2,
        };
        crate::i18n::ru::METHODS[index].1
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexBandsConfig {
    pub title: String,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub labels: std::collections::BTreeMap<String, String>,
    pub window_years: usize,
    #[serde(default)]
    pub grouped: bool,
    pub indices: Vec<IndexSpec>,
    pub statuses: Vec<BandStatus>,
    /// Composite statuses, evaluated after `statuses` in this order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub combined: Vec<CombinedStatus>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexSpec {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub orientation: Orientation,
    pub share: f64,
    #[serde(default = "one")]
    pub min_indicators: usize,
    pub indicators: Vec<IndicatorSpec>,
    /// Only school-years of these clusters are compared; the others get no index.
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub filter: Option<Where>,
}

fn one() -> usize {
    1
}

fn unit_weight() -> f64 {
    1.0
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    HigherIsBetter,
    HigherIsWorse,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSpec {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The procedure the indicator comes from (ЕГЭ, ОГЭ, ВПР …), for people reading the config.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub normalization: Normalization,
    pub direction: Direction,
    #[serde(default = "unit_weight")]
    pub weight: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<Op>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Normalization {
    Minmax,
    Threshold,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Direct,
    Inverse,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        let index = match self {
            Op::Lt => 0,
            Op::Le => 1,
            Op::Gt => 2,
            Op::Ge => 3,
        };
        crate::i18n::ru::OPS[index].1
    }
}

impl Op {
    pub fn holds(self, x: f64, value: f64) -> bool {
        match self {
            Op::Lt => x < value,
            Op::Le => x <= value,
            Op::Gt => x > value,
            Op::Ge => x >= value,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Worst,
    Middle,
    Best,
}

impl Band {
    pub fn label(self) -> &'static str {
        let index = match self {
            Band::Worst => 0,
            Band::Middle => 1,
            Band::Best => 2,
        };
        crate::i18n::ru::BAND_NAMES[index]
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandStatus {
    pub code: String,
    pub index: String,
    pub band: Band,
    pub rule: YearsRule,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// Only schools of these clusters may hold the status.
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub filter: Option<Where>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum YearsRule {
    AllYears,
    LastYears { n: usize },
    AtLeast { n: usize },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagCountConfig {
    pub title: String,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub labels: std::collections::BTreeMap<String, String>,
    pub window_years: usize,
    pub indicators: Vec<FlagIndicator>,
    pub statuses: Vec<FlagStatus>,
    /// Composite statuses, evaluated after `statuses` in this order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub combined: Vec<CombinedStatus>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagIndicator {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub op: Op,
    pub value: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagStatus {
    pub code: String,
    pub rule: FlagRule,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// The criteria set of this status: only these indicators' flags count (all when empty),
    /// so one configuration holds a set per category (Ryazan's ШСНОР and ШФНСУ).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<String>,
    /// Only schools of these clusters may hold the status.
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub filter: Option<Where>,
}

/// `{"year": 0, "min_flags": 2}`, `{"any": [...]}` or `{"all": [...]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FlagRule {
    Any { any: Vec<FlagRule> },
    All { all: Vec<FlagRule> },
    Year { year: i32, min_flags: usize },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalListConfig {
    pub title: String,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub labels: std::collections::BTreeMap<String, String>,
    /// The statuses the list may contain, in output order; empty accepts any status in the
    /// order of first appearance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<ExternalStatus>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalStatus {
    pub code: String,
}

/// A configuration mistake, with the JSON path of the field it concerns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", ru::config_error(field, message))]
pub struct ConfigError {
    pub field: String,
    pub message: String,
}

fn error(field: impl Into<String>, message: impl Into<String>) -> ConfigError {
    ConfigError {
        field: field.into(),
        message: message.into(),
    }
}

impl Config {
    /// Parses and validates; a JSON syntax or shape error is reported with its line and column.
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        let config: Config = serde_json::from_str(text).map_err(|e| {
            error(
                ru::CONFIG_FILE_FIELD,
                ru::config_not_json(e.line(), e.column(), &e),
            )
        })?;
        config.validate()?;
        Ok(config)
    }

    pub fn title(&self) -> &str {
        match self {
            Config::IndexBands(c) => &c.title,
            Config::FlagCount(c) => &c.title,
            Config::ExternalList(c) => &c.title,
        }
    }

    /// Indicator columns the data must have.
    pub fn indicator_codes(&self) -> Vec<String> {
        let mut codes = Vec::new();
        match self {
            Config::IndexBands(c) => {
                for index in &c.indices {
                    for indicator in &index.indicators {
                        if !codes.contains(&indicator.code) {
                            codes.push(indicator.code.clone());
                        }
                    }
                }
            }
            Config::FlagCount(c) => codes.extend(c.indicators.iter().map(|i| i.code.clone())),
            Config::ExternalList(_) => {}
        }
        codes
    }

    pub fn needs_groups(&self) -> bool {
        matches!(self, Config::IndexBands(c) if c.grouped)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        match self {
            Config::IndexBands(c) => c.validate(),
            Config::FlagCount(c) => c.validate(),
            Config::ExternalList(c) => {
                check_title(&c.title)?;
                check_unique_codes(
                    c.statuses.iter().map(|s| s.code.as_str()),
                    "statuses",
                    ru::CONFIG_STATUS,
                )
            }
        }
    }
}

fn check_title(title: &str) -> Result<(), ConfigError> {
    if title.trim().is_empty() {
        return Err(error("title", ru::CONFIG_NO_TITLE));
    }
    Ok(())
}

pub(super) fn check_code(code: &str, field: &str) -> Result<(), ConfigError> {
    let valid = !code.is_empty()
        && code.len() <= 64
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid {
        return Err(error(field, ru::config_bad_code(code)));
    }
    Ok(())
}

fn check_unique_codes<'a>(
    codes: impl Iterator<Item = &'a str>,
    field: &str,
    what: &str,
) -> Result<(), ConfigError> {
    let mut seen = HashSet::new();
    for (i, code) in codes.enumerate() {
        check_code(code, &format!("{field}[{i}].code"))?;
        if !seen.insert(code) {
            return Err(error(
                format!("{field}[{i}].code"),
                ru::config_duplicate_code(what, code),
            ));
        }
    }
    Ok(())
}

/// A method needs at least one status rule, each with its own code.
fn check_status_codes(codes: Vec<&str>) -> Result<(), ConfigError> {
    if codes.is_empty() {
        return Err(error("statuses", ru::CONFIG_NO_STATUSES));
    }
    check_unique_codes(codes.into_iter(), "statuses", ru::CONFIG_STATUS)
}

fn check_window(window_years: usize) -> Result<(), ConfigError> {
    if !(1..=20).contains(&window_years) {
        return Err(error("window_years", ru::CONFIG_BAD_WINDOW));
    }
    Ok(())
}

/// `exclude` may name only statuses defined earlier: a school "already holds" them.
fn check_exclude<'a>(statuses: impl Iterator<Item = (&'a str, &'a [String])>) -> Result<(), ConfigError> {
    let mut earlier: Vec<&str> = Vec::new();
    for (i, (code, exclude)) in statuses.enumerate() {
        for (j, excluded) in exclude.iter().enumerate() {
            if !earlier.contains(&excluded.as_str()) {
                return Err(error(
                    format!("statuses[{i}].exclude[{j}]"),
                    ru::config_bad_exclude(excluded, code),
                ));
            }
        }
        earlier.push(code);
    }
    Ok(())
}

impl IndexBandsConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        check_title(&self.title)?;
        check_window(self.window_years)?;
        if self.indices.is_empty() {
            return Err(error("indices", ru::CONFIG_NO_INDICES));
        }
        check_unique_codes(
            self.indices.iter().map(|i| i.code.as_str()),
            "indices",
            ru::CONFIG_INDEX,
        )?;
        for (i, index) in self.indices.iter().enumerate() {
            index.validate(i)?;
        }
        self.validate_statuses()
    }

    fn validate_statuses(&self) -> Result<(), ConfigError> {
        check_status_codes(self.statuses.iter().map(|s| s.code.as_str()).collect())?;
        for (i, status) in self.statuses.iter().enumerate() {
            if !self.indices.iter().any(|index| index.code == status.index) {
                return Err(error(
                    format!("statuses[{i}].index"),
                    ru::config_unknown_index(&status.index),
                ));
            }
            if status.band == Band::Middle {
                return Err(error(format!("statuses[{i}].band"), ru::CONFIG_BAD_BAND));
            }
            match status.rule {
                YearsRule::AllYears => {}
                YearsRule::LastYears { n } | YearsRule::AtLeast { n } => {
                    if n == 0 || n > self.window_years {
                        return Err(error(
                            format!("statuses[{i}].rule.n"),
                            ru::config_bad_years(self.window_years),
                        ));
                    }
                }
            }
        }
        for (i, status) in self.statuses.iter().enumerate() {
            combined::validate_where(status.filter.as_ref(), &format!("statuses[{i}]"))?;
        }
        check_exclude(
            self.statuses
                .iter()
                .map(|s| (s.code.as_str(), s.exclude.as_slice())),
        )?;
        let base: Vec<&str> = self.statuses.iter().map(|s| s.code.as_str()).collect();
        combined::validate(&base, &self.combined)
    }
}

impl IndexSpec {
    fn validate(&self, i: usize) -> Result<(), ConfigError> {
        let field = |name: &str| format!("indices[{i}].{name}");
        if !(self.share > 0.0 && self.share <= 0.5) {
            return Err(error(field("share"), ru::config_bad_share(self.share)));
        }
        if self.indicators.is_empty() {
            return Err(error(field("indicators"), ru::CONFIG_EMPTY_INDEX));
        }
        if self.min_indicators == 0 || self.min_indicators > self.indicators.len() {
            return Err(error(
                field("min_indicators"),
                ru::config_bad_min_indicators(self.indicators.len()),
            ));
        }
        check_unique_codes(
            self.indicators.iter().map(|x| x.code.as_str()),
            &field("indicators"),
            ru::CONFIG_INDICATOR,
        )?;
        for (j, indicator) in self.indicators.iter().enumerate() {
            indicator.validate(i, j)?;
        }
        combined::validate_where(self.filter.as_ref(), &format!("indices[{i}]"))
    }
}

impl IndicatorSpec {
    fn validate(&self, i: usize, j: usize) -> Result<(), ConfigError> {
        let field = |name: &str| format!("indices[{i}].indicators[{j}].{name}");
        if !(self.weight.is_finite() && self.weight > 0.0) {
            return Err(error(field("weight"), ru::CONFIG_BAD_WEIGHT));
        }
        match self.normalization {
            Normalization::Threshold => {
                if self.op.is_none() {
                    return Err(error(field("op"), ru::CONFIG_THRESHOLD_NO_OP));
                }
                if !self.value.is_some_and(f64::is_finite) {
                    return Err(error(field("value"), ru::CONFIG_THRESHOLD_NO_VALUE));
                }
            }
            Normalization::Minmax => {
                if self.op.is_some() || self.value.is_some() {
                    return Err(error(field("normalization"), ru::CONFIG_MINMAX_WITH_THRESHOLD));
                }
            }
        }
        Ok(())
    }
}

impl FlagRule {
    fn validate(&self, field: &str, window_years: usize) -> Result<(), ConfigError> {
        match self {
            FlagRule::Any { any: rules } | FlagRule::All { all: rules } => {
                if rules.is_empty() {
                    return Err(error(field, ru::CONFIG_EMPTY_CONDITIONS));
                }
                let key = if matches!(self, FlagRule::Any { .. }) {
                    "any"
                } else {
                    "all"
                };
                for (i, rule) in rules.iter().enumerate() {
                    rule.validate(&format!("{field}.{key}[{i}]"), window_years)?;
                }
                Ok(())
            }
            FlagRule::Year { year, min_flags } => {
                if *year > 0 || year.unsigned_abs() as usize >= window_years {
                    return Err(error(
                        format!("{field}.year"),
                        ru::config_year_outside_window(*year, window_years - 1),
                    ));
                }
                if *min_flags == 0 {
                    return Err(error(format!("{field}.min_flags"), ru::CONFIG_BAD_MIN_FLAGS));
                }
                Ok(())
            }
        }
    }
}

impl FlagCountConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        check_title(&self.title)?;
        check_window(self.window_years)?;
        if self.indicators.is_empty() {
            return Err(error("indicators", ru::CONFIG_NO_INDICATORS));
        }
        check_unique_codes(
            self.indicators.iter().map(|i| i.code.as_str()),
            "indicators",
            ru::CONFIG_INDICATOR,
        )?;
        for (i, indicator) in self.indicators.iter().enumerate() {
            if !indicator.value.is_finite() {
                return Err(error(
                    format!("indicators[{i}].value"),
                    ru::CONFIG_THRESHOLD_NOT_A_NUMBER,
                ));
            }
        }
        check_status_codes(self.statuses.iter().map(|s| s.code.as_str()).collect())?;
        for (i, status) in self.statuses.iter().enumerate() {
            status
                .rule
                .validate(&format!("statuses[{i}].rule"), self.window_years)?;
            combined::validate_where(status.filter.as_ref(), &format!("statuses[{i}]"))?;
            for (j, code) in status.indicators.iter().enumerate() {
                if !self.indicators.iter().any(|x| &x.code == code) {
                    return Err(error(
                        format!("statuses[{i}].indicators[{j}]"),
                        ru::config_unknown_status_indicator(code),
                    ));
                }
            }
        }
        check_exclude(
            self.statuses
                .iter()
                .map(|s| (s.code.as_str(), s.exclude.as_slice())),
        )?;
        let base: Vec<&str> = self.statuses.iter().map(|s| s.code.as_str()).collect();
        combined::validate(&base, &self.combined)
    }
}
