//! The plain HTTP routes of the support documents' files: upload and removal (form posts that
//! come back to the document with a message naming the file), download, and the sweep of files
//! no row refers to.

use std::{collections::HashSet, path::Path as FsPath, time::Duration};

use axum::{
    extract::{Multipart, Path, Query, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    Extension,
};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use super::target::{check_place, editor, slot, target};
use super::{anchor, db, PER_BATCH, PER_PLACE};
use crate::access::AuthUser;
use crate::downloads::{failure, percent_encode};
use crate::error::AppError;
use crate::files::{self, kind::DOCUMENTS, store::Folder, sweep::SweepError};
use crate::i18n::ru;
use crate::state::{begin_tenant, parse_id, AppState};
use crate::support::documents::{DocKind, Slot};
use crate::support::scope::{reader_of, visible_case};
use crate::uploads;

/// The request body around the most files one upload may send.
pub const BODY_LIMIT: usize = files::batch::body_limit(PER_BATCH);
const AREA: &str = "support";

fn folder(data_dir: &FsPath, tenant: Uuid) -> Folder {
    Folder::new(data_dir, AREA, tenant)
}

/// The road-map activity a file goes to; both empty (or absent) for the document itself.
#[derive(Deserialize, Default)]
pub struct Place {
    #[serde(default)]
    stage: String,
    #[serde(default)]
    activity: String,
}

impl Place {
    fn pair(&self) -> (&str, &str) {
        (&self.stage, &self.activity)
    }
}

fn document_page(slug: &str, case: &str, slot: &str) -> String {
    format!("/r/{slug}/support/{case}/documents/{slot}")
}

/// Back to the document, the message under `key` shown by the files it concerns (`at`).
fn back(page: &str, (stage, activity): (&str, &str), key: &str, message: &str) -> Response {
    let at = anchor(stage, activity);
    let url = format!("{page}?{key}={}&at={at}#{at}", percent_encode(message));
    Redirect::to(&url).into_response()
}

/// A mistake about the files goes back to the page; a refusal keeps its status.
fn outcome(page: &str, place: (&str, &str), done: Result<String, AppError>) -> Response {
    match done {
        Ok(message) => back(page, place, "attached", &message),
        Err(AppError::Invalid { message, .. }) => back(page, place, "attach_error", &message),
        Err(error) => failure(error),
    }
}

/// `POST /r/{slug}/support/{case}/documents/{slot}/files[?stage=…&activity=…]` (multipart,
/// `file` once per file), by whoever edits the document. Who may not, and a place that does
/// not exist, are refused before the body is read; the version's state is checked again with
/// the files in hand.
pub async fn attach(
    State(state): State<AppState>,
    Path((slug, case, slot_code)): Path<(String, String, String)>,
    Query(place): Query<Place>,
    user: Option<Extension<AuthUser>>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let user = user.map(|u| u.0);
    let checked = async {
        uploads::refuse_declared_length(&headers, BODY_LIMIT as u64)?;
        let mut staff = reader_of(state.clone(), &slug, user.clone()).await?;
        let docs = editor(&mut staff, &case).await?;
        let slot = slot(&docs, &slot_code)?;
        let refusal = match target(&mut staff, &docs, &slot, false).await {
            Ok(t) => check_place(&t.body, place.pair()).map(|()| None)?,
            Err(error @ AppError::Invalid { .. }) => Some(error),
            Err(error) => return Err(error),
        };
        // One upload per person at a time, so nobody fills the spool folder in parallel.
        let upload = state.uploads.region_slot(staff.user.user_id)?;
        Ok::<_, AppError>((slot, staff.tenant.id, refusal, upload))
    }
    .await;
    let (slot, tenant, refusal, _upload) = match checked {
        Ok(checked) => checked,
        Err(error) => return failure(error),
    };
    let page = document_page(&slug, &case, &slot.code());
    let done = async {
        let too_many = ru::sfile_too_many_at_once(PER_BATCH);
        let received = files::batch::receive(&state, &mut form, PER_BATCH, &too_many).await?;
        if let Some(refusal) = refusal {
            return Err(refusal);
        }
        let folder = folder(&state.data_dir, tenant);
        let stored = files::batch::store(folder, received, DOCUMENTS, ru::file_unknown).await?;
        let mut staff = reader_of(state.clone(), &slug, user).await?;
        let docs = editor(&mut staff, &case).await?;
        let to = target(&mut staff, &docs, &slot, true).await?;
        check_place(&to.body, place.pair())?;
        let known = db::hashes_at(&mut staff.tx, tenant, to.document, place.pair()).await?;
        files::batch::check_batch(known.iter().map(String::as_str), &stored, PER_PLACE, || {
            ru::sfile_too_many(PER_PLACE)
        })?;
        let me = staff.user.user_id;
        for file in &stored {
            db::insert(
                &mut staff.tx,
                tenant,
                to.document,
                place.pair(),
                to.version,
                file,
                me,
            )
            .await?;
        }
        let details = json!({
            "case": docs.case.id, "school": docs.case.school_code, "document": slot.code(),
            "version": to.version, "stage": place.stage, "activity": place.activity,
            "files": files::batch::audited(&stored),
        });
        staff.audit("support_files_attached", details).await?;
        staff.commit().await?;
        Ok(ru::sfile_attached(stored.len()))
    }
    .await;
    outcome(&page, place.pair(), done)
}

/// `POST /r/{slug}/support/{case}/files/{id}/remove`: takes a file out of the document's
/// editable version; the versions it was part of keep it.
pub async fn remove(
    State(state): State<AppState>,
    Path((slug, case, id)): Path<(String, String, String)>,
    user: Option<Extension<AuthUser>>,
) -> Response {
    let found = async {
        let id = parse_id(&id)?;
        let mut staff = reader_of(state, &slug, user.map(|u| u.0)).await?;
        let docs = editor(&mut staff, &case).await?;
        let tenant = staff.tenant.id;
        let file = db::attached(&mut staff.tx, tenant, docs.case.id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let kind = DocKind::from_code(&file.kind).ok_or(AppError::NotFound)?;
        let slot = Slot {
            kind,
            factor: file.factor.clone(),
        };
        Ok::<_, AppError>((staff, docs, slot, file, id))
    }
    .await;
    let (mut staff, docs, slot, file, id) = match found {
        Ok(found) => found,
        Err(error) => return failure(error),
    };
    let page = document_page(&slug, &case, &slot.code());
    let place = (file.stage.clone(), file.activity.clone());
    let done = async {
        let to = target(&mut staff, &docs, &slot, true).await?;
        let tenant = staff.tenant.id;
        db::remove(&mut staff.tx, tenant, id, to.version).await?;
        let details = json!({
            "case": docs.case.id, "school": docs.case.school_code, "document": slot.code(),
            "version": to.version, "file": id, "name": file.file_name, "added_in": file.added_in,
        });
        staff.audit("support_file_removed", details).await?;
        staff.commit().await?;
        Ok(ru::sfile_removed(&file.file_name))
    }
    .await;
    outcome(&page, (&place.0, &place.1), done)
}

/// `GET /r/{slug}/support/{case}/files/{id}`: for whoever sees the case, any version's file.
pub async fn download(
    State(state): State<AppState>,
    Path((slug, case, id)): Path<(String, String, String)>,
    user: Option<Extension<AuthUser>>,
) -> Response {
    let result = async {
        let id = parse_id(&id)?;
        let mut staff = reader_of(state.clone(), &slug, user.map(|u| u.0)).await?;
        let (_, case) = visible_case(&mut staff, &case).await?;
        let tenant = staff.tenant.id;
        let row = db::download(&mut staff.tx, tenant, case.id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let details =
            json!({ "case": case.id, "school": case.school_code, "file": id, "name": row.file_name });
        staff.audit("support_file_downloaded", details).await?;
        staff.commit().await?;
        files::store::serve(&folder(&state.data_dir, tenant), row).await
    }
    .await;
    result.unwrap_or_else(failure)
}

/// Removes the files of every region's folder that no row refers to, each region's hashes read
/// in a transaction of that region.
pub async fn sweep(pool: &sqlx::PgPool, data_dir: &FsPath, grace: Duration) -> Result<usize, SweepError> {
    files::sweep::sweep(data_dir, AREA, grace, |tenant| async move {
        let mut tx = begin_tenant(pool, tenant).await?;
        let hashes = db::hashes_in_use(&mut tx, tenant).await?;
        tx.commit().await?;
        Ok(hashes.into_iter().collect::<HashSet<_>>())
    })
    .await
}
