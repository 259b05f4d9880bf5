//! Method `external_list`: statuses come from an uploaded list as they are.

use std::collections::BTreeMap;

use super::{result::SmallMap, ExternalList, IdentificationResult, SchoolResult};
use crate::identification::config::ExternalListConfig;

pub fn run(config: &ExternalListConfig, list: &ExternalList) -> IdentificationResult {
    // Output order of statuses: the configuration's, else first appearance in the list.
    let mut order: Vec<String> = config.statuses.iter().map(|s| s.code.clone()).collect();
    for (_, status, _) in &list.entries {
        if !order.contains(status) {
            order.push(status.clone());
        }
    }
    let mut schools: BTreeMap<&str, SchoolResult> = BTreeMap::new();
    for (school_id, status, reason) in &list.entries {
        let school = schools.entry(school_id.as_str()).or_insert_with(|| SchoolResult {
            school_id: school_id.clone(),
            group: None,
            statuses: Vec::new(),
            years: SmallMap::new(),
            attributes: SmallMap::new(),
        });
        school.statuses.push(status.clone());
        if let Some(reason) = reason {
            school
                .attributes
                .insert(format!("reason:{status}"), reason.clone());
        }
    }
    let mut schools: Vec<SchoolResult> = schools.into_values().collect();
    for school in &mut schools {
        school.statuses.sort_by_key(|s| order.iter().position(|o| o == s));
    }
    IdentificationResult {
        config_title: config.title.clone(),
        years: Vec::new(),
        schools,
    }
}
