//! The school's director writes a document and submits it. A draft is written over; once a
//! version was submitted its body is frozen, so editing a returned or approved document starts
//! the next version. While a version waits for the curator nothing is changed.

use std::collections::BTreeMap;

use serde_json::json;

use crate::access::Staff;
use crate::error::AppError;
use crate::i18n::ru;
use crate::support::scope::reader;

use super::body::parse;
use super::list::case_docs;
use super::{db, mail, DocState};

pub async fn save_support_document(
    slug: &str,
    case: &str,
    slot: &str,
    form: BTreeMap<String, String>,
    submit: bool,
) -> Result<(), AppError> {
    let mut staff = reader(slug).await?;
    let docs = case_docs(&mut staff, case).await?;
    if !docs.viewer.answers(&docs.case) {
        return Err(AppError::Forbidden);
    }
    let (slot, title) = docs.slot(slot)?;
    let body = parse(&slot.kind.schema(), &form, submit)?;
    let (tenant, user) = (staff.tenant.id, staff.user.user_id);
    let (kind, factor) = (slot.kind.code(), slot.factor.as_str());
    let (id, version) = writable(&mut staff, docs.case.id, kind, factor).await?;
    let version = version.ok_or_else(|| AppError::invalid("slot", ru::SDOC_NOT_EDITABLE))?;
    // Written as a draft first: the files of activities the body no longer has leave this
    // version, which a submission then freezes with them.
    db::write_version(&mut staff.tx, tenant, id, version, &body, user, false).await?;
    super::files::leave_with_activities(&mut staff.tx, tenant, id, version, &body).await?;
    if submit {
        db::write_version(&mut staff.tx, tenant, id, version, &body, user, true).await?;
    }
    let action = if submit {
        "support_document_submitted"
    } else {
        "support_document_saved"
    };
    staff
        .audit(
            action,
            json!({ "case": docs.case.id, "school": docs.case.school_code, "document": slot.code(), "version": version }),
        )
        .await?;
    if submit {
        mail::submitted(&mut staff, &docs.case, &slot, &title, version).await?;
    }
    staff.commit().await
}

/// Adds an activity to stage `stage` (`stage1` or `stage2`) of the case's road map, written by
/// the signed-in person where [`writable`] says. Refused while a version waits for the curator.
/// Returns the version written. The school accepting a visit's recommendation goes through here.
pub(in crate::support) async fn add_roadmap_activity(
    staff: &mut Staff,
    case: uuid::Uuid,
    stage: &str,
    mut activity: BTreeMap<String, String>,
) -> Result<i32, AppError> {
    activity.insert("key".to_string(), super::body::new_key());
    let (tenant, user, zone) = (
        staff.tenant.id,
        staff.user.user_id,
        staff.tenant.time_zone.clone(),
    );
    let (id, version) = writable(staff, case, super::DocKind::Roadmap.code(), "").await?;
    let version = version.ok_or_else(|| AppError::invalid("stage", ru::VISIT_ROADMAP_SUBMITTED))?;
    let mut body = db::versions(&mut staff.tx, tenant, &zone, id)
        .await?
        .pop()
        .map(|v| v.body.0)
        .unwrap_or_default();
    body.tables.entry(stage.to_string()).or_default().push(activity);
    db::write_version(&mut staff.tx, tenant, id, version, &body, user, false).await?;
    Ok(version)
}

/// The case's document of `kind` (created on its first write) and the version a change writes:
/// the latest draft over again, or the next after a returned or approved one (an approved version
/// stays frozen); `None` while the latest waits for the curator. The latest version stays locked
/// until the transaction ends.
async fn writable(
    staff: &mut Staff,
    case: uuid::Uuid,
    kind: &str,
    factor: &str,
) -> Result<(uuid::Uuid, Option<i32>), AppError> {
    let (id, latest) = lock_document(staff, case, kind, factor).await?;
    let version = match latest {
        None => Some(1),
        Some((n, DocState::Draft)) => Some(n),
        Some((_, DocState::Submitted)) => None,
        Some((n, _)) => Some(n + 1),
    };
    Ok((id, version))
}

/// The case's document of `kind` (created on its first write) with its latest version's number
/// and state, locked until the transaction ends.
pub(super) async fn lock_document(
    staff: &mut Staff,
    case: uuid::Uuid,
    kind: &str,
    factor: &str,
) -> Result<(uuid::Uuid, Option<(i32, DocState)>), AppError> {
    let tenant = staff.tenant.id;
    let id = match db::document(&mut staff.tx, tenant, case, kind, factor).await? {
        Some(id) => id,
        None => db::insert_document(&mut staff.tx, tenant, case, kind, factor).await?,
    };
    let latest = db::lock_latest(&mut staff.tx, tenant, id)
        .await?
        .map(|(n, state, _)| (n, DocState::from_code(&state).unwrap_or(DocState::Draft)));
    Ok((id, latest))
}
