//! What the club's files share on top of the shared store: the club's folder and its caps.

use std::path::Path;

use uuid::Uuid;

use crate::error::AppError;
use crate::files::{self, store::Folder};
use crate::i18n::ru;

pub use crate::files::store::{FileRow, Stored};

/// Files on one post, and on one event.
pub const PER_POST: usize = 5;
/// The request body around the most files one form may send.
pub const BODY_LIMIT: usize = files::batch::body_limit(PER_POST);
/// The club's files in the data folder.
pub(super) const AREA: &str = "club";

pub fn folder(data_dir: &Path, club_id: Uuid) -> Folder {
    Folder::new(data_dir, AREA, club_id)
}

/// Refuses a batch that would take a post or event past [`PER_POST`] files, or that holds a
/// content already there (`known`, SHA-256) or twice: all or nothing.
pub fn check_batch<'a>(
    known: impl ExactSizeIterator<Item = &'a str>,
    stored: &[Stored],
) -> Result<(), AppError> {
    files::batch::check_batch(known, stored, PER_POST, || ru::club_files_too_many(PER_POST))
}

/// Keeps a file the server itself supplies (the demo's presentations), checked like an upload.
pub fn keep_bytes(data_dir: &Path, club_id: Uuid, name: &str, bytes: &[u8]) -> Result<Stored, AppError> {
    files::store::keep_bytes(&folder(data_dir, club_id), name, bytes)
}
