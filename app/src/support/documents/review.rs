//! The curator's decision on a submitted version: approve it (it stays frozen; the next edit
//! starts a new version) or return it with a comment on the document and/or on one field.
//! Only the case's curator or the operator decides, and never on a version they submitted.

use serde_json::json;

use crate::access::Staff;
use crate::error::AppError;
use crate::i18n::ru;
use crate::support::scope::reader;

use uuid::Uuid;

use super::body::{fields, Body};
use super::list::case_docs;
use super::{db, mail, DocState, Slot};

/// The form of a decision.
pub struct Decision {
    pub decision: String,
    pub comment: String,
    pub field: String,
    pub field_comment: String,
}

const MAX_COMMENT: usize = 4000;

/// The decision asked for, once the comments fit.
fn decided(input: &Decision) -> Result<DocState, AppError> {
    for (name, text) in [
        ("comment", &input.comment),
        ("field_comment", &input.field_comment),
    ] {
        if text.trim().chars().count() > MAX_COMMENT {
            return Err(AppError::invalid(name, ru::SDOC_COMMENT_TOO_LONG));
        }
    }
    match input.decision.as_str() {
        "approve" => Ok(DocState::Approved),
        "return" => Ok(DocState::Returned),
        _ => Err(AppError::invalid("decision", ru::SDOC_DECISION_INVALID)),
    }
}

/// The document's submitted version (id, number, body), locked; refused when nothing waits
/// for a decision or the reviewer submitted it.
async fn submitted(staff: &mut Staff, case: Uuid, slot: &Slot) -> Result<(Uuid, i32, Body), AppError> {
    let (tenant, user, zone) = (
        staff.tenant.id,
        staff.user.user_id,
        staff.tenant.time_zone.clone(),
    );
    let not_submitted = || AppError::invalid("decision", ru::SDOC_NOT_SUBMITTED);
    let id = db::document(&mut staff.tx, tenant, case, slot.kind.code(), &slot.factor)
        .await?
        .ok_or_else(not_submitted)?;
    let (version, state, submitted_by) = db::lock_latest(&mut staff.tx, tenant, id)
        .await?
        .ok_or_else(not_submitted)?;
    if state != DocState::Submitted.code() {
        return Err(not_submitted());
    }
    if submitted_by == Some(user) {
        return Err(AppError::invalid("decision", ru::SDOC_OWN_DOCUMENT));
    }
    let versions = db::versions(&mut staff.tx, tenant, &zone, id).await?;
    let body = versions
        .into_iter()
        .find(|v| v.version == version)
        .map(|v| v.body.0)
        .unwrap_or_default();
    Ok((id, version, body))
}

pub async fn review_support_document(
    slug: &str,
    case: &str,
    slot: &str,
    input: Decision,
) -> Result<(), AppError> {
    let mut staff = reader(slug).await?;
    let docs = case_docs(&mut staff, case).await?;
    if !(docs.viewer.curates(&docs.case) || docs.viewer.operator) {
        return Err(AppError::Forbidden);
    }
    let (slot, title) = docs.slot(slot)?;
    let decided = decided(&input)?;
    let (comment, field, field_comment) = (
        input.comment.trim(),
        input.field.trim(),
        input.field_comment.trim(),
    );
    let (id, version, body) = submitted(&mut staff, docs.case.id, &slot).await?;
    let mut field_comments = serde_json::Map::new();
    let mut field_label = None;
    if !field.is_empty() && !field_comment.is_empty() {
        let named = fields(&slot.kind.schema(), &body);
        let found = named
            .iter()
            .find(|f| f.key == field)
            .ok_or_else(|| AppError::invalid("field", ru::SDOC_FIELD_UNKNOWN))?;
        field_comments.insert(field.to_string(), json!(field_comment));
        field_label = Some(found.label.clone());
    }
    if decided == DocState::Returned && comment.is_empty() && field_comments.is_empty() {
        return Err(AppError::invalid("comment", ru::SDOC_RETURN_NEEDS_COMMENT));
    }
    let comment = (!comment.is_empty()).then_some(comment);
    let (tenant, user) = (staff.tenant.id, staff.user.user_id);
    let field_json = serde_json::Value::Object(field_comments);
    db::decide(
        &mut staff.tx,
        tenant,
        id,
        version,
        decided.code(),
        user,
        comment,
        &field_json,
    )
    .await?;
    staff
        .audit(
            &format!("support_document_{}", decided.code()),
            json!({ "case": docs.case.id, "school": docs.case.school_code, "document": slot.code(),
                    "version": version, "field": field_label }),
        )
        .await?;
    let note = mail::Note {
        comment,
        field: field_label.as_deref().map(|l| (l, field_comment)),
    };
    mail::decided(&mut staff, &docs.case, &slot, &title, version, decided, note).await?;
    staff.commit().await
}
