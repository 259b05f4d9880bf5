//! Removes files no row refers to. A file is written before the transaction that records it
//! commits, so a refused or failed upload leaves its file behind; this clears such files, and
//! half-written copies, once they are older than the grace period (an upload in flight is
//! always younger: [`super::store`] touches a file it reuses). Each area (`club`, `support`)
//! says which hashes its owner's rows refer to.

use std::{
    collections::HashSet,
    future::Future,
    path::{Path, PathBuf},
    time::{Duration, SystemTime},
};

use uuid::Uuid;

/// Long enough for any upload to commit its row after its files are written.
pub const GRACE: Duration = Duration::from_secs(3600);

#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error("the file rows could not be read: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the data folder could not be swept: {0}")]
    Io(#[from] std::io::Error),
    #[error("the sweeping thread failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// Sweeps every owner's folder of `<data_dir>/<area>`, keeping the hashes `in_use(owner)` names;
/// returns how many files were removed.
pub async fn sweep<F, Fut>(
    data_dir: &Path,
    area: &str,
    grace: Duration,
    mut in_use: F,
) -> Result<usize, SweepError>
where
    F: FnMut(Uuid) -> Fut,
    Fut: Future<Output = Result<HashSet<String>, sqlx::Error>>,
{
    let root = data_dir.join(area);
    let owners = tokio::task::spawn_blocking(move || owner_folders(&root)).await??;
    let mut removed = 0;
    for (owner, dir) in owners {
        let kept = in_use(owner).await?;
        removed += tokio::task::spawn_blocking(move || sweep_folder(&dir, &kept, grace)).await??;
    }
    Ok(removed)
}

fn owner_folders(root: &Path) -> std::io::Result<Vec<(Uuid, PathBuf)>> {
    let entries = match std::fs::read_dir(root) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    let mut owners = Vec::new();
    for entry in entries {
        let entry = entry?;
        if let Some(owner) = entry
            .file_name()
            .to_str()
            .and_then(|name| Uuid::parse_str(name).ok())
        {
            owners.push((owner, entry.path()));
        }
    }
    Ok(owners)
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
