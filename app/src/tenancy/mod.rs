//! Regions as tenants: the public list of regions and each region's registry of
//! municipalities and schools. The base layer under `access`: its two server functions are
//! public, so they read the pool directly, and it imports no domain.

#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A region as the public landing page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct RegionCard {
    pub slug: String,
    pub name: String,
    pub region_code: String,
}

impl RegionCard {
    /// Case-insensitive match on the name or the region code.
    pub fn matches(&self, query: &str) -> bool {
        let query = query.trim().to_lowercase();
        query.is_empty() || self.name.to_lowercase().contains(&query) || self.region_code.contains(&query)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MunicipalitySummary {
    pub name: String,
    pub school_count: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SchoolSummary {
    pub code: String,
    pub name: String,
    pub municipality: String,
    pub school_group: String,
    pub is_rural: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionOverview {
    pub region: RegionCard,
    pub time_zone: String,
    /// Status code → the region's own label (the same status is «ШНРО» in one region and
    /// «ШСНОР» in another).
    pub status_labels: BTreeMap<String, String>,
    pub municipalities: Vec<MunicipalitySummary>,
    pub schools: Vec<SchoolSummary>,
}

#[server]
pub async fn list_regions() -> Result<Vec<RegionCard>, AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(db::active_regions(&state.db).await.map_err(AppError::from))
}

#[server]
pub async fn get_region_overview(slug: String) -> Result<RegionOverview, AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(
        db::region_overview(&state.db, &slug)
            .await
            .map_err(AppError::from)
            .and_then(|o| o.ok_or(AppError::RegionNotFound)),
    )
}

#[cfg(test)]
mod tests {
    use super::RegionCard;

    fn khabarovsk() -> RegionCard {
        RegionCard {
            slug: "khabarovsk".into(),
            name: "Хабаровский край".into(),
            region_code: "27".into(),
        }
    }

    #[test]
    fn the_filter_ignores_case_and_surrounding_spaces() {
        assert!(khabarovsk().matches("  хабаРОВСКИЙ "));
    }

    #[test]
    fn the_filter_matches_the_region_code() {
        assert!(khabarovsk().matches("27"));
        assert!(!khabarovsk().matches("42"));
    }

    #[test]
    fn an_empty_filter_matches_every_region() {
        assert!(khabarovsk().matches(""));
    }

    #[test]
    fn an_unrelated_query_matches_nothing() {
        assert!(!khabarovsk().matches("Рязан"));
    }
}
