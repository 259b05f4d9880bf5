//! Removes the club's files no post or event refers to (`crate::files::sweep`), each club's
//! hashes read through the security-definer `rost_club_files_in_use`, since the job has no
//! club transaction.

use std::{collections::HashSet, path::Path, time::Duration};

use sqlx::PgPool;

pub use crate::files::sweep::{SweepError, GRACE};

/// Sweeps every club's folder under `data_dir`; returns how many files were removed.
pub async fn sweep(db: &PgPool, data_dir: &Path, grace: Duration) -> Result<usize, SweepError> {
    crate::files::sweep::sweep(data_dir, super::store::AREA, grace, |club| async move {
        let hashes: Vec<String> = sqlx::query_scalar("select * from rost_club_files_in_use($1)")
            .bind(club)
            .fetch_all(db)
            .await?;
        Ok(hashes.into_iter().collect::<HashSet<_>>())
    })
    .await
}
