//! A case's exports, behind the case's own visibility (`support::scope`):
//! `GET /r/{slug}/support/{id}/export.pdf`, the latest version of each of its documents (with
//! the names of their files) and the risk profile as one PDF, and
//! `GET /r/{slug}/support/{id}/export.xlsx`, the road map (evidence files named beside the
//! links) and the risk profile as flat tables for upload into ИС МЭДК (columns in
//! docs/architecture.md). A partner school's director gets the documents only, as on the case's
//! page. The PDF is drawn on a blocking thread.

mod db;
mod pdf;
mod xlsx;

use axum::{
    extract::{Path, State},
    response::Response,
    Extension,
};

use super::cases::{scored, Scored};
use super::db::CaseRecord;
use super::documents::files::{of_version, AttachedFile};
use super::documents::{DocState, Slot};
use super::scope::{reader_of, visible_case};
use crate::access::AuthUser;
use crate::downloads::{download, failure};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::AppState;

/// A document of the case at its latest version, with its title.
struct Document {
    pub slot: Slot,
    pub title: String,
    pub version: i32,
    pub state: Option<DocState>,
    pub body: super::documents::body::Body,
    /// The files of that version, the document's and its activities'.
    pub files: Vec<AttachedFile>,
}

/// What an export of a case shows.
struct Gathered {
    pub case: CaseRecord,
    /// The risk profile, unless the reader sees the case only as its partner school.
    pub scored: Option<Scored>,
    pub documents: Vec<Document>,
}

/// The case if the reader sees it, its documents in the order of the case's list (anti-risk
/// programmes of the priority risks first) and its profile; audited as an export.
async fn gather(
    state: AppState,
    slug: &str,
    id: &str,
    user: Option<AuthUser>,
    format: &str,
) -> Result<Gathered, AppError> {
    let mut staff = reader_of(state, slug, user).await?;
    let (viewer, case) = visible_case(&mut staff, id).await?;
    let tenant = staff.tenant.id;
    let scored = scored(&mut staff, case.id).await?;
    let mut latest = db::latest_documents(&mut staff.tx, tenant, case.id).await?;
    let mut files = Vec::with_capacity(latest.len());
    for doc in &latest {
        files.push(of_version(&mut staff.tx, tenant, doc.id, doc.version).await?);
    }
    staff
        .audit(
            "support_case_exported",
            serde_json::json!({ "case": case.id, "school": case.school_code, "format": format }),
        )
        .await?;
    staff.commit().await?;
    let slots = super::documents::slots(&scored);
    let documents = slots
        .into_iter()
        .filter_map(|(slot, title)| {
            let at = latest
                .iter()
                .position(|d| d.kind == slot.kind.code() && d.factor == slot.factor)?;
            let doc = latest.swap_remove(at);
            Some(Document {
                slot,
                title,
                version: doc.version,
                state: DocState::from_code(&doc.state),
                body: doc.body.0,
                files: files.swap_remove(at),
            })
        })
        .collect();
    let scored = (!viewer.partner_only(&case)).then_some(scored);
    Ok(Gathered {
        case,
        scored,
        documents,
    })
}

pub async fn case_pdf(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    user: Option<Extension<AuthUser>>,
) -> Response {
    let result = async {
        let gathered = gather(state, &slug, &id, user.map(|u| u.0), "pdf").await?;
        let name = ru::sexp_file_name(&gathered.case.school_code, gathered.case.year, "pdf");
        let bytes = tokio::task::spawn_blocking(move || pdf::render(&pdf::blocks(&gathered)))
            .await
            .map_err(AppError::internal)?
            .map_err(AppError::internal)?;
        Ok(download("application/pdf", &name, bytes))
    }
    .await;
    result.unwrap_or_else(failure)
}

pub async fn case_xlsx(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    user: Option<Extension<AuthUser>>,
) -> Response {
    let result = async {
        let gathered = gather(state, &slug, &id, user.map(|u| u.0), "xlsx").await?;
        let name = ru::sexp_file_name(&gathered.case.school_code, gathered.case.year, "xlsx");
        let bytes = xlsx::workbook(&gathered).map_err(AppError::internal)?;
        Ok(download(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &name,
            bytes,
        ))
    }
    .await;
    result.unwrap_or_else(failure)
}
