//! Built pages kept in memory (in `AppState`) under the data stamp they were read at, so a page
//! is read once per change, not per visit: the dashboards, the support summary and the support
//! case list. Each user says what its stamp is (a region's data version, with the date where the
//! date alone changes what a page shows) and what its key holds (the reader's reach).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// Entries kept at most per cache (a region's dashboard is up to a few hundred kilobytes); past
/// it they all go.
const CAPACITY: usize = 2_000;

pub struct Versioned<K, S, V> {
    entries: Mutex<HashMap<K, (S, Arc<V>)>>,
}

impl<K, S, V> Default for Versioned<K, S, V> {
    fn default() -> Self {
        Versioned {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash, S: PartialEq, V> Versioned<K, S, V> {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, (S, Arc<V>)>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The value kept for `key`, if it was read at `stamp`.
    pub fn get(&self, key: &K, stamp: &S) -> Option<Arc<V>> {
        let entries = self.lock();
        let (kept, value) = entries.get(key)?;
        (kept == stamp).then(|| value.clone())
    }

    pub fn put(&self, key: K, stamp: S, value: Arc<V>) {
        let mut entries = self.lock();
        if entries.len() >= CAPACITY && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, (stamp, value));
    }
}
