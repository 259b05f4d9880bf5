//! Files on disk: each kept once per content under its SHA-256 in its owner's folder of the data
//! folder (`club/<club>/<sha256>`, `support/<region>/<sha256>`), however often it is attached.
//! Hashing and writing run on blocking threads; a download streams the file after the
//! transaction that granted it has ended.

use std::{
    io::{Read, Write},
    path::{Path, PathBuf},
};

use axum::{
    body::Body,
    http::{header, StatusCode},
    response::Response,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::kind::{safe_name, sniff, Kind};
use crate::{error::AppError, uploads::SpooledFile};

/// One owner's files: a club's, a region's support documents'. The owner's row-level security
/// decides who reaches a file; the folder only keeps owners apart on disk.
#[derive(Clone, Debug)]
pub struct Folder(PathBuf);

impl Folder {
    /// `<data dir>/<area>/<owner>`.
    pub fn new(data_dir: &Path, area: &str, owner: Uuid) -> Folder {
        Folder(data_dir.join(area).join(owner.to_string()))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Where the content with this SHA-256 is kept.
    pub fn file(&self, sha256: &str) -> PathBuf {
        self.0.join(sha256)
    }
}

/// A file as stored: the columns of the row that refers to it.
#[derive(Clone, Debug)]
pub struct Stored {
    pub name: String,
    pub kind: Kind,
    pub size: i64,
    pub sha256: String,
}

/// Hashes the checked file and copies it under its hash unless that content is there already.
pub(super) fn keep(folder: &Folder, file: &SpooledFile, kind: Kind) -> std::io::Result<Stored> {
    let mut hasher = Sha256::new();
    std::io::copy(&mut file.open()?, &mut hasher)?;
    let sha256 = format!("{:x}", hasher.finalize());
    write_once(folder, &sha256, |out| {
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
pub fn keep_bytes(folder: &Folder, name: &str, bytes: &[u8]) -> Result<Stored, AppError> {
    let kind =
        sniff(&mut std::io::Cursor::new(bytes)).map_err(|refusal| super::batch::refused(name, refusal))?;
    std::fs::create_dir_all(folder.path()).map_err(AppError::internal)?;
    let sha256 = format!("{:x}", Sha256::digest(bytes));
    write_once(folder, &sha256, |out| out.write_all(bytes)).map_err(AppError::internal)?;
    Ok(Stored {
        name: safe_name(name, kind),
        kind,
        size: bytes.len() as i64,
        sha256,
    })
}

/// Writes `<folder>/<sha256>` unless it exists. The copy is written beside its place and renamed
/// into it, so a half-written file is never served. A file already there is touched: the sweep
/// ([`super::sweep`]) spares young files, and this one is about to be referenced again.
fn write_once(
    folder: &Folder,
    sha256: &str,
    copy: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let target = folder.file(sha256);
    if target.exists() {
        return std::fs::File::options()
            .append(true)
            .open(&target)?
            .set_modified(std::time::SystemTime::now());
    }
    let partial = folder.path().join(format!(".{}", Uuid::new_v4()));
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
pub async fn serve(folder: &Folder, row: FileRow) -> Result<Response, AppError> {
    let file = tokio::fs::File::open(folder.file(&row.sha256))
        .await
        .map_err(AppError::internal)?;
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

    #[test]
    fn the_same_content_is_kept_once_under_its_hash_in_its_owners_folder() {
        let data = std::env::temp_dir().join(format!("rost-store-{}", Uuid::new_v4()));
        let (club, region) = (Uuid::new_v4(), Uuid::new_v4());
        let folder = Folder::new(&data, "club", club);
        let pdf = b"%PDF-1.7\n%%EOF\n";
        let first = keep_bytes(&folder, "../отчёт.pdf", pdf).unwrap();
        let again = keep_bytes(&folder, "копия", pdf).unwrap();
        assert_eq!(first.sha256, again.sha256);
        assert_eq!(
            (first.name.as_str(), again.name.as_str()),
            ("отчёт.pdf", "копия.pdf")
        );
        let kept: Vec<_> = std::fs::read_dir(folder.path()).unwrap().flatten().collect();
        assert_eq!(kept.len(), 1, "one file, no half-written copy");
        assert_eq!(std::fs::read(folder.file(&first.sha256)).unwrap(), pdf);
        let other = Folder::new(&data, "support", region);
        assert!(
            !other.file(&first.sha256).exists(),
            "owners do not share a folder"
        );
        let _ = std::fs::remove_dir_all(&data);
    }
}
