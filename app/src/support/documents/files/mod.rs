//! Files attached to a support document, or to one road-map activity as its evidence (issue 17:
//! «structured forms, files may be attached»; «evidence: links or files checked by content»).
//! They are kept by the shared file store (`crate::files`) in the region's folder,
//! `support/<region>/<sha256>`; a row of `support_files` grants access through its case.
//!
//! A file belongs to the document and lists the versions it was part of (`added_in` up to
//! `removed_in`), so every version shows the files it had. Whoever edits the document (the
//! school's director, its team) attaches and removes files while the latest version is a draft
//! or was returned (the change then goes into the next version, as an edit of the body would);
//! a version with the curator, or approved, keeps its files as it keeps its body. Whoever sees
//! the case downloads them. Upload, removal and download are plain HTTP routes (`routes.rs`),
//! so the forms work before the page is interactive.

#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
mod target;

use serde::{Deserialize, Serialize};

/// Files one document, or one activity, may hold at a time.
pub const PER_PLACE: usize = 10;
/// Files one upload may send.
pub const PER_BATCH: usize = 5;

/// A file of the version shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttachedFile {
    pub id: String,
    pub name: String,
    pub size: i64,
    /// [`place`] of what it is attached to: "" for the document, `stage1:<key>` for an activity.
    pub place: String,
}

/// Where a file is attached, as one string: "" for the document itself, `<stage>:<activity key>`
/// for a road-map activity's evidence.
pub fn place(stage: &str, activity: &str) -> String {
    if activity.is_empty() {
        String::new()
    } else {
        format!("{stage}:{activity}")
    }
}

/// The element a form comes back to: the document's files, or one activity's.
pub fn anchor(stage: &str, activity: &str) -> String {
    if activity.is_empty() {
        "files".to_string()
    } else {
        format!("files-{stage}-{activity}")
    }
}

#[cfg(feature = "ssr")]
pub use db::leave_with_activities;

/// The files of `version` among a document's, in the order they were attached.
#[cfg(feature = "ssr")]
pub(in crate::support) async fn of_version(
    conn: &mut sqlx::PgConnection,
    tenant: uuid::Uuid,
    document: uuid::Uuid,
    version: i32,
) -> Result<Vec<AttachedFile>, sqlx::Error> {
    Ok(db::of_version(conn, tenant, document, version)
        .await?
        .into_iter()
        .map(|f| AttachedFile {
            id: f.id.to_string(),
            place: place(&f.stage, &f.activity),
            name: f.file_name,
            size: f.size_bytes,
        })
        .collect())
}
