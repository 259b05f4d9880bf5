//! Receiving an upload (`POST /r/{slug}/admin/identification/upload`): the file streamed to disk
//! under its kind's cap, checked on a blocking thread, and kept with its result as a preview.

use uuid::Uuid;

use crate::access::{AuthUser, Ctx, Staff, OPERATOR};
use crate::error::AppError;
use crate::i18n::ru;
use crate::identification::config::Config;
use crate::identification::db::{self, NewUpload};
use crate::identification::UploadKind;
use crate::state::{parse_id, AppState};

/// `POST /r/{slug}/admin/identification/upload`: a plain form post (multipart), so a file of any
/// size goes up without script. The file is streamed to disk under its kind's cap, checked at
/// once on a blocking thread, and kept, valid or not, as an upload whose preview page the
/// browser is sent to.
pub async fn receive_upload(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::Path(slug): axum::extract::Path<String>,
    user: Option<axum::Extension<AuthUser>>,
    headers: axum::http::HeaderMap,
    form: axum::extract::Multipart,
) -> axum::response::Response {
    use axum::response::{IntoResponse, Redirect};
    let result = async {
        // No transaction stays open while the file streams in or is parsed: the gate is passed
        // before reading, and again for each step that reads or writes the database.
        let user = user.map(|u| u.0);
        let gate = Staff::require_of(state.clone(), &slug, OPERATOR, user.clone()).await?;
        let tenant = gate.tenant_id();
        gate.commit().await?;
        crate::uploads::refuse_declared_length(&headers, crate::uploads::DATA_CAP)?;
        let region = state.uploads.region_slot(tenant)?;
        let (kind, target, file) = read_upload_form(&state, form).await?;
        let allowed = match (kind, target) {
            (UploadKind::ExternalList, Some(version)) => {
                let mut ctx = Staff::require_of(state.clone(), &slug, OPERATOR, user.clone()).await?;
                let allowed = external_statuses(&mut ctx, version).await?;
                ctx.commit().await?;
                allowed
            }
            (UploadKind::ExternalList, None) => return Err(AppError::BadRequest),
            _ => Vec::new(),
        };
        let file_name = file.name.clone();
        let parsed = state
            .uploads
            .parse(
                region,
                move || -> Result<_, crate::identification::engine::InputError> {
                    let reader =
                        file.open()
                            .map_err(|e| crate::identification::engine::InputError::Unreadable {
                                path: file.name.clone(),
                                reason: e.to_string(),
                            })?;
                    let parsed = super::parse(kind, &file.name, reader, &allowed)?;
                    Ok((parsed.summary, parsed.content, parsed.years))
                },
            )
            .await?;
        let (kept, upload) = match parsed {
            Ok((summary, content, years)) => (Some((summary, years)), (content, None)),
            Err(error) => (None, (None, Some(error.to_string()))),
        };
        let upload = NewUpload {
            kind,
            file_name,
            target,
            content: upload.0,
            error: upload.1,
        };
        let mut ctx = Staff::require_of(state.clone(), &slug, OPERATOR, user).await?;
        let user = ctx.user.user_id;
        let id = db::insert_upload(&mut ctx, upload, user).await?;
        if let Some((summary, years)) = kept {
            db::insert_parsed(&mut ctx, id, &summary, &years).await?;
        }
        ctx.commit().await?;
        Ok::<_, AppError>(id)
    }
    .await;
    match result {
        Ok(id) => Redirect::to(&format!("/r/{slug}/admin/identification/uploads/{id}")).into_response(),
        Err(error) => crate::downloads::failure(error),
    }
}

/// The largest file of each kind: indicator data is a region's schools over years; the rest
/// are lists of schools.
fn size_cap(kind: UploadKind) -> u64 {
    match kind {
        UploadKind::Indicators => crate::uploads::DATA_CAP,
        UploadKind::Schools | UploadKind::ExternalList => crate::uploads::LIST_CAP,
    }
}

/// The upload form's kind, target and file, the file streamed to disk. Until the kind is known
/// (the form sends it first) the file may be as large as the largest kind allows.
async fn read_upload_form(
    state: &AppState,
    mut form: axum::extract::Multipart,
) -> Result<(UploadKind, Option<Uuid>, crate::uploads::SpooledFile), AppError> {
    let form_error = |e| crate::uploads::field_error(e, crate::uploads::DATA_CAP);
    let (mut kind, mut target, mut file) = (None, None, None);
    while let Some(field) = form.next_field().await.map_err(form_error)? {
        match field.name() {
            Some("kind") => kind = UploadKind::from_code(&field.text().await.map_err(form_error)?),
            Some("target") => target = Some(field.text().await.map_err(form_error)?),
            Some("file") => {
                let cap = kind.map_or(crate::uploads::DATA_CAP, size_cap);
                file = Some(state.uploads.receive(field, cap).await?);
            }
            _ => {}
        }
    }
    let kind = kind.ok_or(AppError::BadRequest)?;
    let file = file
        .filter(|f| !f.name.is_empty())
        .ok_or_else(|| AppError::invalid("file", ru::UPLOAD_NO_FILE))?;
    if file.size > size_cap(kind) {
        return Err(AppError::TooLarge {
            limit: size_cap(kind),
        });
    }
    let target = match target.filter(|t| !t.is_empty()) {
        Some(t) => Some(parse_id(&t)?),
        None => None,
    };
    Ok((kind, target, file))
}

/// The statuses an external list may contain: those its configuration names.
async fn external_statuses(ctx: &mut Ctx, version: Uuid) -> Result<Vec<String>, AppError> {
    match db::config_body(ctx, version).await?.ok_or(AppError::NotFound)? {
        Config::ExternalList(c) => Ok(c.statuses.into_iter().map(|s| s.code).collect()),
        _ => Err(AppError::BadRequest),
    }
}
