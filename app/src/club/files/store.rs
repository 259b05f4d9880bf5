//! The club's files on disk: received from a form within their caps, checked by content, and
//! kept in the data folder under their SHA-256 (`club/<club>/<sha256>`), so the same content is
//! stored once however often it is attached. Reading, hashing and writing run on blocking
//! threads; a download streams the file after its club transaction has ended.

use std::{
    io::{Read, Write},
    path::{Path, PathBuf},
    time::Duration,
};

use axum::{
    body::Body,
    extract::Multipart,
    http::{header, StatusCode},
    response::Response,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::kind::{safe_name, sniff, Kind, Refusal};
use crate::{error::AppError, i18n::ru, state::AppState, uploads::SpooledFile};

const MB: u64 = 1024 * 1024;
/// One file: the bound, which a presentation with photographs needs.
pub const FILE_CAP: u64 = 20 * MB;
/// Files on one post.
pub const PER_POST: usize = 5;
/// The request body around the most files one form may send.
pub const BODY_LIMIT: usize = (FILE_CAP * PER_POST as u64 + MB) as usize;
/// How long a form may send nothing while the rest of a refused upload is read past.
const IDLE: Duration = Duration::from_secs(60);

/// A file as stored: the row's columns.
#[derive(Clone, Debug)]
pub struct Stored {
    pub name: String,
    pub kind: Kind,
    pub size: i64,
    pub sha256: String,
}

/// Refuses a batch that would take a post or event past [`PER_POST`] files, or that holds a
/// content already there (`known`, SHA-256) or twice: all or nothing.
pub fn check_batch<'a>(
    known: impl ExactSizeIterator<Item = &'a str>,
    stored: &[Stored],
) -> Result<(), AppError> {
    if known.len() + stored.len() > PER_POST {
        return Err(AppError::invalid("file", ru::club_files_too_many(PER_POST)));
    }
    let mut seen: std::collections::HashSet<&str> = known.collect();
    match stored.iter().find(|file| !seen.insert(&file.sha256)) {
        Some(again) => Err(AppError::invalid("file", ru::club_file_duplicate(&again.name))),
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

/// The files of a form's `file` fields (at most `max`, each within [`FILE_CAP`]). A mistake is
/// kept while the rest of the form is read past, so the browser gets the answer rather than a
/// broken connection; the first mistake, naming its file, is the result.
pub async fn receive(
    state: &AppState,
    form: &mut Multipart,
    max: usize,
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
            mistake = Some(AppError::invalid("file", ru::club_files_too_many(PER_POST)));
            continue;
        }
        match state.uploads.receive(field, FILE_CAP).await {
            Ok(file) if file.size == 0 => {
                mistake = Some(AppError::invalid("file", ru::club_file_empty(&name)));
            }
            Ok(file) => files.push(file),
            Err(AppError::TooLarge { limit }) => {
                mistake = Some(AppError::invalid("file", ru::club_file_too_large(&name, limit)));
            }
            Err(error) => return Err(error),
        }
    }
    match mistake {
        Some(mistake) => Err(mistake),
        None if files.is_empty() => Err(AppError::invalid("file", ru::CLUB_FILES_NONE_CHOSEN)),
        None => Ok(files),
    }
}

/// Checks every file's kind (all of them before any is kept: a batch is stored whole or not at
/// all), then stores each in the club's folder. `allowed` narrows the kinds (presentations).
pub async fn store(
    state: &AppState,
    club_id: Uuid,
    files: Vec<SpooledFile>,
    allowed: &'static [Kind],
) -> Result<Vec<Stored>, AppError> {
    let dir = club_dir(&state.data_dir, club_id);
    tokio::task::spawn_blocking(move || {
        let mut kinds = Vec::with_capacity(files.len());
        for file in &files {
            let kind = sniff(&mut file.open().map_err(AppError::internal)?)
                .map_err(|refusal| refused(&file.name, refusal))?;
            if !allowed.contains(&kind) {
                return Err(AppError::invalid(
                    "file",
                    ru::club_file_not_presentation(&file.name),
                ));
            }
            kinds.push(kind);
        }
        std::fs::create_dir_all(&dir).map_err(AppError::internal)?;
        files
            .iter()
            .zip(kinds)
            .map(|(file, kind)| keep(&dir, file, kind).map_err(AppError::internal))
            .collect()
    })
    .await
    .map_err(AppError::internal)?
}

fn refused(name: &str, refusal: Refusal) -> AppError {
    let message = match refusal {
        Refusal::Executable => ru::club_file_executable(name),
        Refusal::Macros => ru::club_file_macros(name),
        Refusal::Unknown => ru::club_file_unknown(name),
    };
    AppError::invalid("file", message)
}

pub(super) fn club_dir(data_dir: &Path, club_id: Uuid) -> PathBuf {
    data_dir.join("club").join(club_id.to_string())
}

/// Hashes the file, and copies it under its hash unless that content is there already.
fn keep(dir: &Path, file: &SpooledFile, kind: Kind) -> std::io::Result<Stored> {
    let mut hasher = Sha256::new();
    std::io::copy(&mut file.open()?, &mut hasher)?;
    let sha256 = format!("{:x}", hasher.finalize());
    write_once(dir, &sha256, |out| {
        let mut source = file.open()?;
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            match source.read(&mut buffer)? {
                0 => return Ok(()),
                n => out.write_all(&buffer[..n])?,
            }
        }
    })?;
    Ok(Stored {
        name: safe_name(&file.name, kind),
        kind,
        size: file.size as i64,
        sha256,
    })
}

/// Keeps a file the server itself supplies (the demo's presentations), checked like an upload.
pub fn keep_bytes(data_dir: &Path, club_id: Uuid, name: &str, bytes: &[u8]) -> Result<Stored, AppError> {
    let kind = sniff(&mut std::io::Cursor::new(bytes)).map_err(|refusal| refused(name, refusal))?;
    let dir = club_dir(data_dir, club_id);
    std::fs::create_dir_all(&dir).map_err(AppError::internal)?;
    let sha256 = format!("{:x}", Sha256::digest(bytes));
    write_once(&dir, &sha256, |out| out.write_all(bytes)).map_err(AppError::internal)?;
    Ok(Stored {
        name: safe_name(name, kind),
        kind,
        size: bytes.len() as i64,
        sha256,
    })
}

/// Writes `dir/<sha256>` unless it exists. The copy is written beside its place and renamed into
/// it, so a half-written file is never served. A file already there is touched: the sweeper
/// ([`super::sweep`]) spares young files, and this one is about to be referenced again.
fn write_once(
    dir: &Path,
    sha256: &str,
    copy: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let target = dir.join(sha256);
    if target.exists() {
        return std::fs::File::options()
            .append(true)
            .open(&target)?
            .set_modified(std::time::SystemTime::now());
    }
    let partial = dir.join(format!(".{}", Uuid::new_v4()));
    let result = (|| {
        let mut out = std::fs::File::create(&partial)?;
        copy(&mut out)?;
        out.sync_all()?;
        std::fs::rename(&partial, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// A stored file's row, as a download needs it.
#[derive(sqlx::FromRow)]
pub struct FileRow {
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// The file as a download: `attachment` with its name (Cyrillic kept in `filename*`, RFC 5987),
/// its checked type, `nosniff`, never cached by others; the bytes streamed from disk.
pub async fn serve(state: &AppState, club_id: Uuid, row: FileRow) -> Result<Response, AppError> {
    let path = club_dir(&state.data_dir, club_id).join(&row.sha256);
    let file = tokio::fs::File::open(&path).await.map_err(AppError::internal)?;
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, row.content_type)
        .header(header::CONTENT_LENGTH, row.size_bytes)
        .header(header::CONTENT_DISPOSITION, disposition(&row.file_name))
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::CACHE_CONTROL, "private, no-store")
        .body(Body::from_stream(tokio_util::io::ReaderStream::new(file)))
        .map_err(AppError::internal)
}

/// `attachment; filename="…"; filename*=UTF-8''…`: an ASCII stand-in for old clients, the real
/// name percent-encoded for the others.
pub fn disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._- ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        crate::downloads::percent_encode(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cyrillic_name_survives_in_the_rfc_5987_form() {
        assert_eq!(
            disposition("План \"ССП\".pdf"),
            "attachment; filename=\"____ _____.pdf\"; filename*=UTF-8''%D0%9F%D0%BB%D0%B0%D0%BD%20%22%D0%A1%D0%A1%D0%9F%22.pdf"
        );
    }
}
