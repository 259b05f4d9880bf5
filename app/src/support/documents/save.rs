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
    let id = match db::document(&mut staff.tx, tenant, docs.case.id, kind, factor).await? {
        Some(id) => id,
        None => db::insert_document(&mut staff.tx, tenant, docs.case.id, kind, factor).await?,
    };
    let version = match db::lock_latest(&mut staff.tx, tenant, id).await? {
        None => 1,
        Some((n, state, _)) => match DocState::from_code(&state) {
            Some(DocState::Draft) => n,
            Some(DocState::Submitted) => return Err(AppError::invalid("slot", ru::SDOC_NOT_EDITABLE)),
            _ => n + 1,
        },
    };
    db::write_version(&mut staff.tx, tenant, id, version, &body, user, submit).await?;
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

/// Adds an activity to stage `stage` (`stage1` or `stage2`) of the case's road map for
/// `by`: onto the latest draft, or as a new draft after a returned or approved version (an
/// approved road map stays frozen). Refused while a version waits for the curator. Returns the
/// version written. The school accepting a visit's recommendation goes through here.
pub(in crate::support) async fn add_roadmap_activity(
    staff: &mut Staff,
    case: uuid::Uuid,
    stage: &str,
    activity: BTreeMap<String, String>,
) -> Result<i32, AppError> {
    let (tenant, user) = (staff.tenant.id, staff.user.user_id);
    let kind = super::DocKind::Roadmap.code();
    let id = match db::document(&mut staff.tx, tenant, case, kind, "").await? {
        Some(id) => id,
        None => db::insert_document(&mut staff.tx, tenant, case, kind, "").await?,
    };
    let (version, mut body) = match db::lock_latest(&mut staff.tx, tenant, id).await? {
        None => (1, super::body::Body::default()),
        Some((n, state, _)) => {
            let zone = staff.tenant.time_zone.clone();
            let latest = db::versions(&mut staff.tx, tenant, &zone, id)
                .await?
                .pop()
                .map(|v| v.body.0)
                .unwrap_or_default();
            match DocState::from_code(&state) {
                Some(DocState::Draft) => (n, latest),
                Some(DocState::Submitted) => {
                    return Err(AppError::invalid("stage", ru::VISIT_ROADMAP_SUBMITTED))
                }
                _ => (n + 1, latest),
            }
        }
    };
    body.tables.entry(stage.to_string()).or_default().push(activity);
    db::write_version(&mut staff.tx, tenant, id, version, &body, user, false).await?;
    Ok(version)
}
