//! Documents that confirm a completion: the person uploads one (PDF, JPG or PNG, at most
//! 10 MB, its type read from its first bytes), an administrator other than the person accepts
//! it (the enrolment is completed) or returns it with a comment.

use axum::{
    extract::{Multipart, Path, State},
    http::HeaderMap,
    response::Response,
    Extension,
};
use serde_json::json;

use super::completion::{self, Record, Via};
use super::enrol::mail;
use super::{db, COURSE_ADMINS};
use crate::access::{AuthUser, Person, Staff};
use crate::downloads::{download, failure, posted_outcome};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::{parse_id, AppState};
use crate::uploads::{self, SpooledFile};

/// A scan of a certificate or a diploma is a few megabytes.
pub const DOCUMENT_CAP: u64 = 10 * 1024 * 1024;

/// The type of a document by its first bytes; `None` for anything but PDF, PNG and JPEG.
pub fn content_type(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// The name to keep: its last path part, without control characters, at most 200 characters.
fn file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if clean.trim().is_empty() {
        "document".to_string()
    } else {
        clean
    }
}

/// `POST /r/{slug}/route/documents` (multipart: `course`, `file`). A plain form post, so it
/// works before the page is interactive; the outcome comes back in the address.
pub async fn upload_document(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: Option<Extension<AuthUser>>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let back = format!("/r/{slug}/route");
    posted_outcome(
        &back,
        ("uploaded", "upload_error"),
        upload(state, &slug, user.map(|u| u.0), &headers, form)
            .await
            .map(|()| ru::ENROL_UPLOADED.to_string()),
    )
}

async fn upload(
    state: AppState,
    slug: &str,
    user: Option<AuthUser>,
    headers: &HeaderMap,
    mut form: Multipart,
) -> Result<(), AppError> {
    // `Member`'s check for a plain handler: a person with an active membership of the region.
    let mut member = Person::require_of(state.clone(), slug, user).await?;
    let (tenant_id, user_id) = (member.tenant.id, member.user.user_id);
    if !db::active_member(&mut member.tx, tenant_id, user_id).await? {
        return Err(AppError::Forbidden);
    }
    uploads::refuse_declared_length(headers, DOCUMENT_CAP)?;
    let (file, [course]) = state
        .uploads
        .receive_form(&mut form, DOCUMENT_CAP, ["course"])
        .await?;
    let course = parse_id(&course)?;
    let enrolment = db::enrolment_of(&mut member.tx, tenant_id, course, user_id)
        .await?
        .filter(|e| e.status == "enrolled" || e.status == "waiting")
        .ok_or_else(|| AppError::invalid("course", ru::ENROL_NO_ENROLMENT))?;
    let (name, body) = read(file).await?;
    let kind = content_type(&body).ok_or_else(|| AppError::invalid("file", ru::ENROL_BAD_FILE))?;
    let document = db::NewDocument {
        enrolment_id: enrolment.id,
        user_id,
        file_name: &file_name(&name),
        content_type: kind,
        body: &body,
    };
    let id = db::insert_document(&mut member.tx, tenant_id, &document)
        .await
        .map_err(|e| match e.as_database_error().and_then(|d| d.constraint()) {
            Some("enrolment_documents_pending") => AppError::invalid("file", ru::ENROL_DOCUMENT_WAITING),
            _ => AppError::from(e),
        })?;
    let details = json!({ "document": id, "enrolment": enrolment.id, "type": kind, "size": body.len() });
    member.audit("course_document_uploaded", details).await?;
    member.commit().await
}

/// The spooled file's name and bytes (at most [`DOCUMENT_CAP`]), read off the async runtime.
async fn read(file: SpooledFile) -> Result<(String, Vec<u8>), AppError> {
    let name = file.name.clone();
    let body = tokio::task::spawn_blocking(move || {
        let mut body = Vec::with_capacity(file.size as usize);
        std::io::Read::read_to_end(&mut file.open()?, &mut body).map(|_| body)
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)?;
    if body.is_empty() {
        return Err(AppError::invalid("file", ru::ENROL_EMPTY_FILE));
    }
    Ok((name, body))
}

/// `GET /r/{slug}/admin/enrolments/documents/{id}`: the file, for the region's administrators.
pub async fn download_document(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    user: Option<Extension<AuthUser>>,
) -> Response {
    let result = async {
        let mut staff = Staff::require_of(state, &slug, COURSE_ADMINS, user.map(|u| u.0)).await?;
        let tenant_id = staff.tenant.id;
        let file = db::document_file(&mut staff.tx, tenant_id, parse_id(&id)?)
            .await?
            .ok_or(AppError::NotFound)?;
        staff
            .audit("course_document_read", json!({ "document": id }))
            .await?;
        staff.commit().await?;
        Ok::<_, AppError>(download(&file.content_type, &file.file_name, file.body))
    }
    .await;
    result.unwrap_or_else(failure)
}

/// The pending document of an open enrolment, locked; refused to its own author. A cancelled
/// enrolment's document is no longer anyone's to decide.
async fn pending(staff: &mut Staff, id: &str) -> Result<db::DocumentRow, AppError> {
    let tenant_id = staff.tenant.id;
    let document = db::lock_document(&mut staff.tx, tenant_id, parse_id(id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    if document.user_id == staff.user.user_id {
        return Err(AppError::Forbidden);
    }
    match document.enrolment_status.as_str() {
        "cancelled" => return Err(AppError::NotFound),
        "completed" => return Err(AppError::invalid("id", ru::ENROL_ALREADY_COMPLETED)),
        _ => {}
    }
    if document.status != "pending" {
        return Err(AppError::invalid("id", ru::ENROL_DECIDED));
    }
    Ok(document)
}

pub async fn approve_document(slug: &str, id: &str, hours: &str, completed_on: &str) -> Result<(), AppError> {
    let mut staff = Staff::require(slug, COURSE_ADMINS).await?;
    let (tenant_id, me) = (staff.tenant.id, staff.user.user_id);
    let document = pending(&mut staff, id).await?;
    let course = db::lock_course(&mut staff.tx, tenant_id, document.course_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let time_zone = staff.tenant.time_zone.clone();
    let today = db::today(&mut staff.tx, &time_zone).await?;
    let record = Record {
        course_id: course.id,
        user_id: document.user_id,
        hours: completion::hours(hours, course.hours, "hours")?,
        completed_on: completion::date_field(completed_on, &today, "completed_on")?,
        via: Via::Document,
    };
    db::decide_document(&mut staff.tx, tenant_id, document.id, "approved", None, me).await?;
    completion::record(&mut staff, me, &record).await?;
    let text = ru::mail_document_accepted_text(&course.title, record.hours);
    mail(
        &mut staff,
        document.user_id,
        (ru::MAIL_DOCUMENT_ACCEPTED_SUBJECT, text),
    )
    .await?;
    staff.commit().await
}

pub async fn return_document(slug: &str, id: &str, comment: &str) -> Result<(), AppError> {
    let mut staff = Staff::require(slug, COURSE_ADMINS).await?;
    let (tenant_id, me) = (staff.tenant.id, staff.user.user_id);
    let comment = comment.trim();
    if comment.is_empty() {
        return Err(AppError::invalid("comment", ru::ENROL_COMMENT_REQUIRED));
    }
    if comment.chars().count() > 1000 {
        return Err(AppError::invalid("comment", ru::ENROL_COMMENT_TOO_LONG));
    }
    let document = pending(&mut staff, id).await?;
    let course = db::lock_course(&mut staff.tx, tenant_id, document.course_id)
        .await?
        .ok_or(AppError::NotFound)?;
    db::decide_document(
        &mut staff.tx,
        tenant_id,
        document.id,
        "returned",
        Some(comment),
        me,
    )
    .await?;
    let details = json!({ "document": document.id, "enrolment": document.enrolment_id });
    staff.audit("course_document_returned", details).await?;
    let text = ru::mail_document_returned_text(&course.title, comment);
    mail(
        &mut staff,
        document.user_id,
        (ru::MAIL_DOCUMENT_RETURNED_SUBJECT, text),
    )
    .await?;
    staff.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_comes_from_the_content_never_the_name() {
        assert_eq!(content_type(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(content_type(b"\x89PNG\r\n\x1a\n\0\0"), Some("image/png"));
        assert_eq!(content_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(content_type(b"<html><script>"), None);
        assert_eq!(content_type(b"PK\x03\x04"), None);
        assert_eq!(content_type(b""), None);
    }

    #[test]
    fn a_kept_name_has_no_path_and_no_control_characters() {
        assert_eq!(file_name("C:\\Users\\me\\диплом.pdf"), "диплом.pdf");
        assert_eq!(file_name("../../etc/passwd"), "passwd");
        assert_eq!(file_name("a\r\nb.png"), "ab.png");
        assert_eq!(file_name(""), "document");
    }
}
