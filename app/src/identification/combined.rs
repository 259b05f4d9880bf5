//! Combined criteria (issue 16 §3): composite statuses built from earlier statuses by set
//! algebra over the schools, and the `where` filter that limits a status to clusters of schools.

use serde::{Deserialize, Serialize};

use super::config::{Config, ConfigError};
use crate::i18n::ru;

/// `"where": {"cluster": ["1", "2"]}`: only schools of these clusters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Where {
    pub cluster: Vec<String>,
}

impl Where {
    /// Whether a school of `cluster` passes; a school without a cluster passes no filter.
    pub fn admits(&self, cluster: Option<&str>) -> bool {
        cluster.is_some_and(|c| self.cluster.iter().any(|x| x == c))
    }

    fn validate(&self, field: &str) -> Result<(), ConfigError> {
        if self.cluster.is_empty() || self.cluster.iter().any(|c| c.trim().is_empty()) {
            return Err(config_error(
                format!("{field}.cluster"),
                ru::CONFIG_WHERE_NO_CLUSTER,
            ));
        }
        Ok(())
    }
}

/// Whether a status with the optional filter `filter` may go to a school of `cluster`.
pub fn admitted(filter: Option<&Where>, cluster: Option<&str>) -> bool {
    filter.is_none_or(|w| w.admits(cluster))
}

/// `{"all_of": [...], "any_of": [...], "none_of": [...]}` over statuses defined earlier.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Combine {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub all_of: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub none_of: Vec<String>,
}

impl Combine {
    /// Set algebra for one school: every `all_of`, at least one `any_of` (when listed), no
    /// `none_of`.
    pub fn holds(&self, held: &[String]) -> bool {
        let has = |code: &String| held.contains(code);
        self.all_of.iter().all(has)
            && (self.any_of.is_empty() || self.any_of.iter().any(has))
            && !self.none_of.iter().any(has)
    }
}

/// `{"code": "confirmed", "combine": {...}, "where": {...}}`, evaluated after the base
/// statuses, in configuration order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CombinedStatus {
    pub code: String,
    pub combine: Combine,
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub filter: Option<Where>,
}

/// Appends to `held` (the school's base statuses) each composite status it qualifies for.
pub fn apply(combined: &[CombinedStatus], held: &mut Vec<String>, cluster: Option<&str>) {
    for status in combined {
        if status.combine.holds(held) && admitted(status.filter.as_ref(), cluster) {
            held.push(status.code.clone());
        }
    }
}

fn config_error(field: String, message: impl Into<String>) -> ConfigError {
    ConfigError {
        field,
        message: message.into(),
    }
}

/// Checks the composites against the base status codes: unique codes, references only to
/// statuses defined earlier, at least one positive part, non-empty filters.
pub fn validate(base: &[&str], combined: &[CombinedStatus]) -> Result<(), ConfigError> {
    let mut earlier: Vec<&str> = base.to_vec();
    for (i, status) in combined.iter().enumerate() {
        let field = format!("combined[{i}]");
        super::config::check_code(&status.code, &format!("{field}.code"))?;
        if earlier.contains(&status.code.as_str()) {
            return Err(config_error(
                format!("{field}.code"),
                ru::config_duplicate_code(ru::CONFIG_STATUS, &status.code),
            ));
        }
        let parts = &status.combine;
        if parts.all_of.is_empty() && parts.any_of.is_empty() {
            return Err(config_error(format!("{field}.combine"), ru::CONFIG_COMBINE_EMPTY));
        }
        for (key, codes) in [
            ("all_of", &parts.all_of),
            ("any_of", &parts.any_of),
            ("none_of", &parts.none_of),
        ] {
            for (j, code) in codes.iter().enumerate() {
                if !earlier.contains(&code.as_str()) {
                    return Err(config_error(
                        format!("{field}.combine.{key}[{j}]"),
                        ru::config_combine_unknown(code, &status.code),
                    ));
                }
            }
        }
        if let Some(filter) = &status.filter {
            filter.validate(&format!("{field}.where"))?;
        }
        earlier.push(&status.code);
    }
    Ok(())
}

/// Checks a base status's filter.
pub fn validate_where(filter: Option<&Where>, field: &str) -> Result<(), ConfigError> {
    filter.map_or(Ok(()), |w| w.validate(&format!("{field}.where")))
}

impl Config {
    /// The composite statuses, evaluated after the base ones.
    pub fn combined(&self) -> &[CombinedStatus] {
        match self {
            Config::IndexBands(c) => &c.combined,
            Config::FlagCount(c) => &c.combined,
            Config::ExternalList(_) => &[],
        }
    }

    /// Every status code in output order: the base statuses, then the composite ones.
    pub fn status_codes(&self) -> Vec<String> {
        let base: Vec<&str> = match self {
            Config::IndexBands(c) => c.statuses.iter().map(|s| s.code.as_str()).collect(),
            Config::FlagCount(c) => c.statuses.iter().map(|s| s.code.as_str()).collect(),
            Config::ExternalList(c) => c.statuses.iter().map(|s| s.code.as_str()).collect(),
        };
        base.into_iter()
            .chain(self.combined().iter().map(|s| s.code.as_str()))
            .map(str::to_string)
            .collect()
    }

    /// Whether a status is limited to clusters: the data then needs a `cluster` column.
    pub fn uses_clusters(&self) -> bool {
        let combined = |c: &[CombinedStatus]| c.iter().any(|s| s.filter.is_some());
        match self {
            Config::IndexBands(c) => {
                c.statuses.iter().any(|s| s.filter.is_some())
                    || c.indices.iter().any(|i| i.filter.is_some())
                    || combined(&c.combined)
            }
            Config::FlagCount(c) => c.statuses.iter().any(|s| s.filter.is_some()) || combined(&c.combined),
            Config::ExternalList(_) => false,
        }
    }
}
