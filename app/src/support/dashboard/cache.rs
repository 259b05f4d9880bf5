//! Support pages kept in memory (in `AppState`) under the region's data version
//! (`db::version`: the dashboards' counter plus the support tables' own, migrations
//! `20261212000011` and `20261214000002`) and the region's date, so a page's data is read once per
//! change, not per visit, while an activity becomes overdue at midnight without any change: the
//! summary of each reach, and each page of each reader's case list.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use uuid::Uuid;

use super::SupportSummary;

/// Entries kept at most per cache; past it they all go.
const CAPACITY: usize = 2_000;

/// The summary of one reach: the region (the operator) or one municipality.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub tenant: Uuid,
    pub operator: bool,
    pub municipality: Option<Uuid>,
}

pub type SummaryCache = Versioned<Key, SupportSummary>;

type Kept<V> = (i64, String, Arc<V>);

pub struct Versioned<K, V> {
    entries: Mutex<HashMap<K, Kept<V>>>,
}

impl<K, V> Default for Versioned<K, V> {
    fn default() -> Self {
        Versioned {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash, V> Versioned<K, V> {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Kept<V>>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn get(&self, key: &K, version: i64, today: &str) -> Option<Arc<V>> {
        let entries = self.lock();
        let (kept, day, value) = entries.get(key)?;
        (*kept == version && day == today).then(|| value.clone())
    }

    pub fn put(&self, key: K, version: i64, today: String, value: Arc<V>) {
        let mut entries = self.lock();
        if entries.len() >= CAPACITY && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, (version, today, value));
    }
}
