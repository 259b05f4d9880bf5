//! Built support summaries kept in memory (in `AppState`) under the region's data version
//! (`db::version`: the dashboards' counter plus the support tables' own, migration
//! `20261212000011`) and the region's date, so a summary is built once per change, not per
//! visit, while an activity becomes overdue at midnight without any change.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use uuid::Uuid;

use super::SupportSummary;

/// Summaries kept at most (one per region and per municipality with a coordinator); past it
/// they all go.
const CAPACITY: usize = 2_000;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub tenant: Uuid,
    pub operator: bool,
    pub municipality: Option<Uuid>,
}

type Kept = (i64, String, Arc<SupportSummary>);

#[derive(Default)]
pub struct SummaryCache {
    entries: Mutex<HashMap<Key, Kept>>,
}

impl SummaryCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Kept>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn get(&self, key: &Key, version: i64, today: &str) -> Option<Arc<SupportSummary>> {
        let entries = self.lock();
        let (kept, day, summary) = entries.get(key)?;
        (*kept == version && day == today).then(|| summary.clone())
    }

    pub fn put(&self, key: Key, version: i64, today: String, summary: Arc<SupportSummary>) {
        let mut entries = self.lock();
        if entries.len() >= CAPACITY && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, (version, today, summary));
    }
}
