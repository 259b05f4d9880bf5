//! A batch of files from a plain multipart form: received within its caps, checked by content
//! (every file before any is kept, so a batch is stored whole or not at all), then kept in its
//! owner's folder. Each mistake names its file.

use std::{collections::HashSet, time::Duration};

use axum::extract::Multipart;

use super::kind::{sniff, Kind, Refusal};
use super::store::{keep, Folder, Stored};
use crate::{error::AppError, i18n::ru, state::AppState, uploads::SpooledFile};

const MB: u64 = 1024 * 1024;
/// One file: the bound of issues 14 and 17, which a presentation with photographs needs.
pub const FILE_CAP: u64 = 20 * MB;
/// How long a form may send nothing while the rest of a refused upload is read past.
const IDLE: Duration = Duration::from_secs(60);

/// The request body around a form of at most `files` files.
pub const fn body_limit(files: usize) -> usize {
    (FILE_CAP * files as u64 + MB) as usize
}

/// The files of a form's `file` fields (at most `max`, each within [`FILE_CAP`]; more is refused
/// with `too_many`). A mistake is kept while the rest of the form is read past, so the browser
/// gets the answer rather than a broken connection; the first mistake, naming its file, is the
/// result.
pub async fn receive(
    state: &AppState,
    form: &mut Multipart,
    max: usize,
    too_many: &str,
) -> Result<Vec<SpooledFile>, AppError> {
    let (mut files, mut mistake) = (Vec::new(), None::<AppError>);
    loop {
        let field = tokio::time::timeout(IDLE, form.next_field())
            .await
            .map_err(|_| AppError::invalid("file", ru::UPLOAD_STALLED))?
            .map_err(|e| crate::uploads::field_error(e, FILE_CAP))?;
        let Some(field) = field else { break };
        let name = field.file_name().unwrap_or_default().to_string();
        if field.name() != Some("file") || name.is_empty() || mistake.is_some() {
            continue;
        }
        if files.len() == max {
            mistake = Some(AppError::invalid("file", too_many));
            continue;
        }
        match state.uploads.receive(field, FILE_CAP).await {
            Ok(file) if file.size == 0 => {
                mistake = Some(AppError::invalid("file", ru::file_empty(&name)));
            }
            Ok(file) => files.push(file),
            Err(AppError::TooLarge { limit }) => {
                mistake = Some(AppError::invalid("file", ru::file_too_large(&name, limit)));
            }
            Err(error) => return Err(error),
        }
    }
    match mistake {
        Some(mistake) => Err(mistake),
        None if files.is_empty() => Err(AppError::invalid("file", ru::FILES_NONE_CHOSEN)),
        None => Ok(files),
    }
}

/// Checks every file's kind, then keeps each in `folder`, on a blocking thread. `allowed` narrows
/// the kinds (an event's presentations); a file of another kind is refused with `not_allowed`.
pub async fn store(
    folder: Folder,
    files: Vec<SpooledFile>,
    allowed: &'static [Kind],
    not_allowed: fn(&str) -> String,
) -> Result<Vec<Stored>, AppError> {
    tokio::task::spawn_blocking(move || {
        let mut kinds = Vec::with_capacity(files.len());
        for file in &files {
            let kind = sniff(&mut file.open().map_err(AppError::internal)?)
                .map_err(|refusal| refused(&file.name, refusal))?;
            if !allowed.contains(&kind) {
                return Err(AppError::invalid("file", not_allowed(&file.name)));
            }
            kinds.push(kind);
        }
        std::fs::create_dir_all(folder.path()).map_err(AppError::internal)?;
        files
            .iter()
            .zip(kinds)
            .map(|(file, kind)| keep(&folder, file, kind).map_err(AppError::internal))
            .collect()
    })
    .await
    .map_err(AppError::internal)?
}

pub(super) fn refused(name: &str, refusal: Refusal) -> AppError {
    let message = match refusal {
        Refusal::Executable => ru::file_executable(name),
        Refusal::Macros => ru::file_macros(name),
        Refusal::Unknown => ru::file_unknown(name),
    };
    AppError::invalid("file", message)
}

/// Refuses a batch that would take its place (a post, an event, a document) past `limit` files,
/// with `too_many`, or that holds a content already there (`known`, SHA-256) or twice: all or
/// nothing.
pub fn check_batch<'a>(
    known: impl ExactSizeIterator<Item = &'a str>,
    stored: &[Stored],
    limit: usize,
    too_many: impl FnOnce() -> String,
) -> Result<(), AppError> {
    if known.len() + stored.len() > limit {
        return Err(AppError::invalid("file", too_many()));
    }
    let mut seen: HashSet<&str> = known.collect();
    match stored.iter().find(|file| !seen.insert(&file.sha256)) {
        Some(again) => Err(AppError::invalid("file", ru::file_duplicate(&again.name))),
        None => Ok(()),
    }
}

/// The batch as the audit log records it.
pub fn audited(stored: &[Stored]) -> serde_json::Value {
    stored
        .iter()
        .map(|f| serde_json::json!({ "name": f.name, "size": f.size, "sha256": f.sha256 }))
        .collect()
}
