//! What the registry gives to indicator rows that lack it: a school's group and cluster. A run
//! records what it took, so reproducing it fills the same.

use std::collections::{BTreeMap, HashMap};

use crate::identification::db::Known;
use crate::identification::engine::Dataset;

/// The group and cluster of each school, for rows without one: the registry's, or those a run
/// recorded.
#[derive(Clone, Debug, Default)]
pub struct RegistryDefaults {
    pub groups: HashMap<String, String>,
    pub clusters: HashMap<String, String>,
}

/// The groups and clusters rows took from [`RegistryDefaults`], by school.
#[derive(Clone, Debug, Default)]
pub struct Taken {
    pub groups: BTreeMap<String, String>,
    pub clusters: BTreeMap<String, String>,
}

impl RegistryDefaults {
    pub fn of(known: &HashMap<String, Known>) -> Self {
        let mut defaults = RegistryDefaults::default();
        for (code, k) in known {
            if !k.group.is_empty() {
                defaults.groups.insert(code.clone(), k.group.clone());
            }
            if let Some(cluster) = &k.cluster {
                defaults.clusters.insert(code.clone(), cluster.clone());
            }
        }
        defaults
    }

    pub fn recorded(groups: BTreeMap<String, String>, clusters: BTreeMap<String, String>) -> Self {
        RegistryDefaults {
            groups: groups.into_iter().collect(),
            clusters: clusters.into_iter().collect(),
        }
    }

    /// Gives rows without a cluster their school's; the clusters so taken.
    pub fn fill_clusters(&self, data: &mut Dataset) -> BTreeMap<String, String> {
        data.fill_clusters(|school| self.clusters.get(school).map(String::as_str))
    }
}
