//! Clusters of schools (issue 16 §3): a school attribute that identification criteria may be
//! limited to. The registry import loads it (optional column «Кластер»); the regional operator
//! may assign it by hand. A run gives the registry's cluster to indicator rows without one.

#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
pub(super) mod fill;
#[cfg(feature = "ssr")]
mod set_cluster;
pub mod widgets;

use leptos::prelude::*;

use crate::error::AppError;

/// The longest cluster name.
pub const MAX_CHARS: usize = 64;

/// A cluster is a short name without `,` and `;`: the editor lists clusters separated by commas.
pub fn is_valid(name: &str) -> bool {
    !name.trim().is_empty() && name.chars().count() <= MAX_CHARS && !name.contains([',', ';'])
}

/// Sets (or, when `cluster` is empty, clears) the cluster of the school with code `school`.
#[server]
pub async fn set_school_cluster(slug: String, school: String, cluster: String) -> Result<(), AppError> {
    crate::state::with_status(set_cluster::set_school_cluster(&slug, &school, &cluster).await)
}
