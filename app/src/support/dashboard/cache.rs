//! Support pages kept in memory (`crate::cache`) under the region's data version (`db::version`:
//! the dashboards' counter plus the support tables' own, migrations `20261212000011` and
//! `20261214000002`) and the region's date, so a page's data is read once per change, not per
//! visit, while an activity becomes overdue at midnight without any change: the summary of each
//! reach, and each page of each reader's case list (`support::cases`).

use uuid::Uuid;

use super::SupportSummary;
use crate::cache::Versioned;

/// The region's data version and its date (`YYYY-MM-DD`).
pub type Stamp = (i64, String);

/// The summary of one reach: the region (the operator) or one municipality.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub tenant: Uuid,
    pub operator: bool,
    pub municipality: Option<Uuid>,
}

pub type SummaryCache = Versioned<Key, Stamp, SupportSummary>;
