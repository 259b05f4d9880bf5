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
