//! Where a change to the files goes: the document (created on its first file), locked, and the
//! version the change writes, under the body's freezing rule. The latest draft takes it; after
//! a return the next version is started from the returned one's body, as an edit would start
//! it; a version with the curator or an approved one is refused.

use uuid::Uuid;

use super::super::body::Body;
use super::super::list::{case_docs, CaseDocs};
use super::super::save::lock_document;
use super::super::{db, DocState, Slot};
use crate::access::Staff;
use crate::error::AppError;
use crate::i18n::ru;

/// The case as someone who edits its documents sees it: the school's director or its team;
/// anyone else who sees the case is refused, whoever does not is told it does not exist.
pub async fn editor(staff: &mut Staff, case: &str) -> Result<CaseDocs, AppError> {
    let docs = case_docs(staff, case).await?;
    if !docs.viewer.answers(&docs.case) {
        return Err(AppError::Forbidden);
    }
    Ok(docs)
}

/// The slot named in an address, or «not found».
pub fn slot(docs: &CaseDocs, code: &str) -> Result<Slot, AppError> {
    docs.slot(code)
        .map(|(slot, _)| slot)
        .map_err(|_| AppError::NotFound)
}

pub struct Target {
    pub document: Uuid,
    /// The draft the change goes into.
    pub version: i32,
    /// That draft's body (the returned version's, for a version about to start).
    pub body: Body,
}

/// The version a change to `slot`'s files writes. With `write`, a version that has to start
/// (the first, or the one after a return) is written; without, nothing is (a check before the
/// upload is read).
pub async fn target(
    staff: &mut Staff,
    docs: &CaseDocs,
    slot: &Slot,
    write: bool,
) -> Result<Target, AppError> {
    let (tenant, user, zone) = (
        staff.tenant.id,
        staff.user.user_id,
        staff.tenant.time_zone.clone(),
    );
    let (document, latest) = lock_document(staff, docs.case.id, slot.kind.code(), &slot.factor).await?;
    let (version, starts) = match latest {
        None => (1, true),
        Some((n, DocState::Draft)) => (n, false),
        Some((n, DocState::Returned)) => (n + 1, true),
        Some((_, DocState::Submitted)) => return Err(AppError::invalid("file", ru::SFILE_SUBMITTED)),
        Some((_, DocState::Approved)) => return Err(AppError::invalid("file", ru::SFILE_APPROVED)),
    };
    let body = db::versions(&mut staff.tx, tenant, &zone, document)
        .await?
        .pop()
        .map(|v| v.body.0)
        .unwrap_or_default();
    if starts && write {
        db::write_version(&mut staff.tx, tenant, document, version, &body, user, false).await?;
    }
    Ok(Target {
        document,
        version,
        body,
    })
}

/// Refuses a place that names no activity of the body: «not found», like a wrong address.
pub fn check_place(body: &Body, (stage, activity): (&str, &str)) -> Result<(), AppError> {
    let known = activity.is_empty() || body.activities().any(|a| a.stage == stage && a.key() == activity);
    known.then_some(()).ok_or(AppError::NotFound)
}
