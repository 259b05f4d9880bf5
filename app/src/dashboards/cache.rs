//! Built dashboards kept in memory under the region's data version (migration
//! `20261211000002`): a dashboard groups every person of its scope, tens of thousands in a large
//! region, while the figures change only when a transaction that changes them commits. A view
//! reads the version (one indexed row), and builds only when no dashboard of its scope was kept
//! under that version. The version is read in the view's transaction before its figures, so a
//! dashboard is never kept under a newer version than its figures.

use sqlx::PgConnection;
use uuid::Uuid;

use super::scope::Scope;
use super::{Dashboard, ScopeKind};

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

pub type DashboardCache = crate::cache::Versioned<Key, i64, Dashboard>;

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
