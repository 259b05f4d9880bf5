//! A document at one version: its fields, the changes against the version before it, its
//! history, the curator's latest decision, and what the reader may do.

use std::collections::BTreeMap;

use crate::error::AppError;
use crate::support::scope::reader;

use super::body::{diff, fields, Body, Schema};
use super::db::{self, VersionRecord};
use super::list::case_docs;
use super::{DocState, DocumentView, Review, VersionRow};

fn state(record: &VersionRecord) -> DocState {
    DocState::from_code(&record.state).unwrap_or(DocState::Draft)
}

/// The latest decision of the curator, with its field comments named as at that version.
fn review(schema: &Schema, versions: &[VersionRecord]) -> Option<Review> {
    let reviewed = versions.iter().rev().find(|v| v.reviewed_at.is_some())?;
    let named = fields(schema, &reviewed.body.0);
    let by_key: BTreeMap<String, String> = reviewed.field_comments.0.clone();
    Some(Review {
        version: reviewed.version,
        state: state(reviewed),
        reviewer: reviewed.reviewer.clone().unwrap_or_default(),
        at: reviewed.reviewed_at.clone().unwrap_or_default(),
        comment: reviewed.comment.clone(),
        fields: by_key
            .iter()
            .map(|(key, comment)| {
                let label = named
                    .iter()
                    .find(|f| &f.key == key)
                    .map_or(key.clone(), |f| f.label.clone());
                (label, comment.clone())
            })
            .collect(),
        by_key,
    })
}

fn history(versions: &[VersionRecord]) -> Vec<VersionRow> {
    versions
        .iter()
        .map(|v| VersionRow {
            version: v.version,
            state: state(v),
            edited_at: v.edited_at.clone(),
            editor: v.editor.clone(),
        })
        .collect()
}

pub async fn get_support_document(
    slug: &str,
    case: &str,
    slot: &str,
    version: Option<i32>,
) -> Result<DocumentView, AppError> {
    let mut staff = reader(slug).await?;
    let docs = case_docs(&mut staff, case).await?;
    let (slot, title) = docs.slot(slot)?;
    let (tenant, zone) = (staff.tenant.id, staff.tenant.time_zone.clone());
    let id = db::document(
        &mut staff.tx,
        tenant,
        docs.case.id,
        slot.kind.code(),
        &slot.factor,
    )
    .await?;
    let versions = match id {
        Some(id) => db::versions(&mut staff.tx, tenant, &zone, id).await?,
        None => Vec::new(),
    };
    let latest = versions.last();
    let shown = match version {
        Some(n) => Some(
            versions
                .iter()
                .find(|v| v.version == n)
                .ok_or(AppError::NotFound)?,
        ),
        None => latest,
    };
    let attached = match (id, shown) {
        (Some(id), Some(shown)) => super::files::of_version(&mut staff.tx, tenant, id, shown.version).await?,
        _ => Vec::new(),
    };
    let user = staff.user.user_id;
    staff.commit().await?;
    let schema = slot.kind.schema();
    let body = shown.map(|v| v.body.0.clone()).unwrap_or_default();
    let before = shown
        .and_then(|s| versions.iter().rev().find(|v| v.version < s.version))
        .map_or_else(Body::default, |v| v.body.0.clone());
    let latest_state = latest.map(state);
    let reviewer = docs.viewer.curates(&docs.case) || docs.viewer.operator;
    Ok(DocumentView {
        case_id: docs.case.id.to_string(),
        school: docs.case.school.clone(),
        slot: slot.code(),
        kind: slot.kind,
        title,
        version: shown.map_or(0, |v| v.version),
        latest: latest.map_or(0, |v| v.version),
        state: shown.map(state),
        fields: fields(&schema, &body),
        changes: if shown.is_some_and(|s| s.version > 1) {
            diff(&schema, &before, &body)
        } else {
            Vec::new()
        },
        body,
        versions: history(&versions),
        review: review(&schema, &versions),
        can_edit: docs.viewer.answers(&docs.case) && latest_state != Some(DocState::Submitted),
        can_attach: docs.viewer.answers(&docs.case)
            && shown.map(|v| v.version) == latest.map(|v| v.version)
            && matches!(latest_state, None | Some(DocState::Draft | DocState::Returned)),
        files: attached,
        can_review: reviewer
            && latest_state == Some(DocState::Submitted)
            && latest.and_then(|v| v.submitted_by) != Some(user),
    })
}
