//! Built dashboards kept in memory under the region's data version (migration
//! `20261211000002`): a dashboard groups every person of its scope, tens of thousands in a large
//! region, while the figures change only when a transaction that changes them commits. A view
//! reads the version (one indexed row), and builds only when no dashboard of its scope was kept
//! under that version. The version is read in the view's transaction before its figures, so a
//! dashboard is never kept under a newer version than its figures.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sqlx::PgConnection;
use uuid::Uuid;

use super::scope::Scope;
use super::{Dashboard, ScopeKind};

/// Dashboards kept at most (a director's is a few kilobytes, a region's up to a few hundred);
/// past it they all go.
const CAPACITY: usize = 2_000;

/// What a dashboard depends on besides the data: its scope and whether the reader is an
/// operator (who gets the list of municipalities and the KPI form).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    tenant: Uuid,
    kind: ScopeKind,
    municipality: Option<Uuid>,
    school: Option<Uuid>,
    operator: bool,
}

impl Key {
    pub fn of(tenant: Uuid, scope: &Scope, operator: bool) -> Key {
        Key {
            tenant,
            kind: scope.kind,
            municipality: scope.limits.municipality,
            school: scope.limits.school,
            operator,
        }
    }
}

#[derive(Default)]
pub struct DashboardCache {
    entries: Mutex<HashMap<Key, (i64, Arc<Dashboard>)>>,
}

impl DashboardCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, (i64, Arc<Dashboard>)>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn get(&self, key: &Key, version: i64) -> Option<Arc<Dashboard>> {
        let entries = self.lock();
        let (kept, dashboard) = entries.get(key)?;
        (*kept == version).then(|| dashboard.clone())
    }

    pub fn put(&self, key: Key, version: i64, dashboard: Arc<Dashboard>) {
        let mut entries = self.lock();
        if entries.len() >= CAPACITY && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, (version, dashboard));
    }
}

/// The region's data version: its own counter plus the one of changes made outside any region.
pub async fn version(conn: &mut PgConnection, tenant: Uuid) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select coalesce(sum(version), 0)::bigint from dash_versions
         where region in ($1, '00000000-0000-0000-0000-000000000000')",
    )
    .bind(tenant)
    .fetch_one(conn)
    .await
}
