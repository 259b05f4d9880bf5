//! The public check's records kept in memory. A QR code is opened far more often than a
//! certificate changes, and `/verify/{number}` has to answer within a few milliseconds at 50
//! connections (issue 13), so a number once checked costs no round trip to the database until it
//! changes.
//!
//! What makes an entry stale is a revocation or a change of its region: the revoking process drops
//! its entry at once ([`VerifyCache::forget`]), and every process hears of every change through
//! PostgreSQL's `rost_verify_changed` channel (triggers of migration `20261211000001`), which
//! [`follow`] listens to. Entries are only kept while that listener is connected, so a change
//! cannot slip past unheard; [`TTL`] bounds an entry's life regardless.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::postgres::PgListener;
use sqlx::PgPool;

/// How long a record is kept at most.
const TTL: Duration = Duration::from_secs(300);
/// Records kept at most (a few hundred bytes each); past it the expired go, and then all.
const CAPACITY: usize = 100_000;
/// The channel the triggers notify: a number, or `*` for every record.
const CHANNEL: &str = "rost_verify_changed";

/// What the public page shows of a certificate, before the holder's name is masked.
pub struct Record {
    pub full_name: String,
    pub programme: String,
    pub hours: i32,
    pub issued_on: String,
    pub region: String,
    /// (date, category label) once revoked.
    pub revoked: Option<(String, String)>,
}

#[derive(Default)]
pub struct VerifyCache {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Bumped by every change, so a record read before a change is not stored after it.
    epoch: u64,
    /// Whether [`follow`] hears changes; nothing is kept while it does not.
    listening: bool,
    entries: HashMap<String, (Arc<Record>, Instant)>,
}

impl VerifyCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn get(&self, number: &str) -> Option<Arc<Record>> {
        let inner = self.lock();
        let (record, at) = inner.entries.get(number)?;
        (at.elapsed() < TTL).then(|| record.clone())
    }

    /// The epoch to pass to [`VerifyCache::put`], taken before the record is read.
    pub fn epoch(&self) -> u64 {
        self.lock().epoch
    }

    /// Keeps `record` unless something changed since `epoch` or no change could be heard.
    pub fn put(&self, number: &str, record: Arc<Record>, epoch: u64) {
        let mut inner = self.lock();
        if inner.epoch != epoch || !inner.listening {
            return;
        }
        if inner.entries.len() >= CAPACITY {
            inner.entries.retain(|_, (_, at)| at.elapsed() < TTL);
            if inner.entries.len() >= CAPACITY {
                inner.entries.clear();
            }
        }
        inner.entries.insert(number.to_string(), (record, Instant::now()));
    }

    /// Drops `number`'s record (`*`: every record).
    pub fn forget(&self, number: &str) {
        let mut inner = self.lock();
        inner.epoch += 1;
        if number == "*" {
            inner.entries.clear();
        } else {
            inner.entries.remove(number);
        }
    }

    fn set_listening(&self, listening: bool) {
        let mut inner = self.lock();
        inner.epoch += 1;
        inner.listening = listening;
        inner.entries.clear();
    }
}

/// Listens to the triggers' channel for as long as the server runs, reconnecting after a lost
/// connection (whatever changed meanwhile is unknown, so everything is dropped).
pub async fn follow(db: PgPool, cache: Arc<VerifyCache>) {
    loop {
        match listen(&db, &cache).await {
            Ok(()) => tracing::warn!("verification cache: notification connection lost"),
            Err(error) => tracing::warn!(%error, "verification cache: cannot listen; retrying"),
        }
        cache.set_listening(false);
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

async fn listen(db: &PgPool, cache: &VerifyCache) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect_with(db).await?;
    listener.listen(CHANNEL).await?;
    cache.set_listening(true);
    while let Some(notification) = listener.try_recv().await? {
        cache.forget(notification.payload());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(name: &str) -> Arc<Record> {
        Arc::new(Record {
            full_name: name.into(),
            programme: "П".into(),
            hours: 36,
            issued_on: "01.12.2026".into(),
            region: "Р".into(),
            revoked: None,
        })
    }

    #[test]
    fn nothing_is_kept_until_changes_can_be_heard() {
        let cache = VerifyCache::default();
        cache.put("27-2026-000001", record("А"), cache.epoch());
        assert!(cache.get("27-2026-000001").is_none());
        cache.set_listening(true);
        cache.put("27-2026-000001", record("А"), cache.epoch());
        assert_eq!(cache.get("27-2026-000001").unwrap().full_name, "А");
        cache.set_listening(false);
        assert!(cache.get("27-2026-000001").is_none());
    }

    #[test]
    fn a_record_read_before_a_change_is_not_kept_after_it() {
        let cache = VerifyCache::default();
        cache.set_listening(true);
        let epoch = cache.epoch();
        cache.forget("27-2026-000002");
        cache.put("27-2026-000001", record("А"), epoch);
        assert!(cache.get("27-2026-000001").is_none());
    }

    #[test]
    fn forgetting_drops_one_number_or_all() {
        let cache = VerifyCache::default();
        cache.set_listening(true);
        for number in ["27-2026-000001", "27-2026-000002", "54-2026-000001"] {
            cache.put(number, record(number), cache.epoch());
        }
        cache.forget("27-2026-000001");
        assert!(cache.get("27-2026-000001").is_none());
        assert!(cache.get("27-2026-000002").is_some());
        cache.forget("*");
        assert!(cache.get("27-2026-000002").is_none());
        assert!(cache.get("54-2026-000001").is_none());
    }
}
