//! Removes files no row refers to. A file is written before the transaction that records it
//! commits, so a refused or failed post leaves its file behind; this job clears such files, and
//! half-written copies, once they are older than the grace period (an upload in flight is
//! always younger: [`super::store`] touches a file it reuses).

use std::{
    collections::HashSet,
    path::{Path, PathBuf},
    time::{Duration, SystemTime},
};

use sqlx::PgPool;
use uuid::Uuid;

/// Long enough for any upload to commit its row after its files are written.
pub const GRACE: Duration = Duration::from_secs(3600);

#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error("the club's file rows could not be read: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the club's data folder could not be swept: {0}")]
    Io(#[from] std::io::Error),
    #[error("the sweeping thread failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// Sweeps every club's folder under `data_dir`; returns how many files were removed.
pub async fn sweep(db: &PgPool, data_dir: &Path, grace: Duration) -> Result<usize, SweepError> {
    let root = data_dir.join("club");
    let clubs = tokio::task::spawn_blocking(move || club_folders(&root)).await??;
    let mut removed = 0;
    for (club_id, dir) in clubs {
        let in_use: HashSet<String> = sqlx::query_scalar("select * from rost_club_files_in_use($1)")
            .bind(club_id)
            .fetch_all(db)
            .await?
            .into_iter()
            .collect();
        removed += tokio::task::spawn_blocking(move || sweep_folder(&dir, &in_use, grace)).await??;
    }
    Ok(removed)
}

fn club_folders(root: &Path) -> std::io::Result<Vec<(Uuid, PathBuf)>> {
    let entries = match std::fs::read_dir(root) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    let mut clubs = Vec::new();
    for entry in entries {
        let entry = entry?;
        if let Some(club_id) = entry
            .file_name()
            .to_str()
            .and_then(|name| Uuid::parse_str(name).ok())
        {
            clubs.push((club_id, entry.path()));
        }
    }
    Ok(clubs)
}

/// Removes the folder's files older than `grace` whose name is no hash in use (half-written
/// copies, named `.<uuid>`, included).
fn sweep_folder(dir: &Path, in_use: &HashSet<String>, grace: Duration) -> std::io::Result<usize> {
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let metadata = entry.metadata()?;
        let age = now.duration_since(metadata.modified()?).unwrap_or_default();
        if metadata.is_file() && age >= grace && !in_use.contains(&name) {
            std::fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}
