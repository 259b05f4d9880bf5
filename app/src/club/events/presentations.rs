//! An event's presentations: moderators upload PDF or PPTX files (the club's file store, checked
//! by content, kept once per content), members download them with the other materials.

use axum::{
    extract::{Multipart, Path, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    Extension,
};
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthUser, ClubCtx, ClubMember};
use crate::club::files::store::{self, FileRow, Stored, PER_POST};
use crate::downloads::{failure, percent_encode};
use crate::error::AppError;
use crate::files::{self, kind::Kind};
use crate::i18n::ru;
use crate::state::{parse_id, AppState};
use crate::uploads;

const PRESENTATION_KINDS: &[Kind] = &[Kind::Pdf, Kind::Pptx];

/// A moderator of the club, for a plain handler: `ClubModerator`'s check.
async fn moderator(state: &AppState, club: &str, user: Option<AuthUser>) -> Result<ClubCtx, AppError> {
    let ctx = ClubMember::require_of(state.clone(), club, user).await?;
    if !ctx.is_moderator {
        return Err(AppError::Forbidden);
    }
    Ok(ctx)
}

/// The hashes of the event's files, its row locked (one batch at a time per event).
async fn lock_event(ctx: &mut ClubCtx, event: Uuid) -> Result<Vec<String>, AppError> {
    let club_id = ctx.club.id;
    sqlx::query("select 1 from club_events where club_id = $1 and id = $2 for update")
        .bind(club_id)
        .bind(event)
        .fetch_optional(ctx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(
        sqlx::query_scalar("select sha256 from club_event_files where club_id = $1 and event_id = $2")
            .bind(club_id)
            .bind(event)
            .fetch_all(ctx.conn())
            .await?,
    )
}

/// `POST /club/{club}/events/{id}/files` (multipart, `file` once per file): back to the event
/// with `uploaded=` or `upload_error=` naming the file.
pub async fn upload(
    State(state): State<AppState>,
    Path((club, id)): Path<(String, String)>,
    user: Option<Extension<AuthUser>>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let user = user.map(|u| u.0);
    let checked = async {
        uploads::refuse_declared_length(&headers, store::BODY_LIMIT as u64)?;
        let event = parse_id(&id)?;
        let mut ctx = moderator(&state, &club, user.clone()).await?;
        let existing = lock_event(&mut ctx, event).await?.len();
        let slot = state.uploads.region_slot(ctx.user.user_id)?;
        Ok::<_, AppError>((event, ctx.club.id, existing, slot))
    }
    .await;
    let (event, club_id, existing, _slot) = match checked {
        Ok(checked) => checked,
        Err(error) => return failure(error),
    };
    let outcome = async {
        let free = PER_POST.saturating_sub(existing);
        let too_many = ru::club_files_too_many(PER_POST);
        let received = files::batch::receive(&state, &mut form, free, &too_many).await?;
        let folder = store::folder(&state.data_dir, club_id);
        let kinds = PRESENTATION_KINDS;
        let stored = files::batch::store(folder, received, kinds, ru::club_file_not_presentation).await?;
        let mut ctx = moderator(&state, &club, user).await?;
        let known = lock_event(&mut ctx, event).await?;
        insert(&mut ctx, event, &known, &stored).await?;
        ctx.commit().await?;
        Ok(ru::club_event_presentations_uploaded(stored.len()))
    }
    .await;
    let back = format!("/club/{club}/events/{event}");
    let (key, message) = match outcome {
        Ok(message) => ("uploaded", message),
        Err(AppError::Invalid { message, .. }) => ("upload_error", message),
        Err(error) => return failure(error),
    };
    Redirect::to(&format!("{back}?{key}={}", percent_encode(&message))).into_response()
}

async fn insert(ctx: &mut ClubCtx, event: Uuid, known: &[String], stored: &[Stored]) -> Result<(), AppError> {
    store::check_batch(known.iter().map(String::as_str), stored)?;
    let (club_id, me) = (ctx.club.id, ctx.user.user_id);
    for file in stored {
        sqlx::query(
            "insert into club_event_files (club_id, event_id, uploader_id, file_name, content_type, size_bytes, sha256)
             values ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(club_id)
        .bind(event)
        .bind(me)
        .bind(&file.name)
        .bind(file.kind.content_type())
        .bind(file.size)
        .bind(&file.sha256)
        .execute(ctx.conn())
        .await?;
    }
    ctx.audit(
        "club_event_files_uploaded",
        json!({ "event": event, "files": files::batch::audited(stored) }),
    )
    .await?;
    Ok(())
}

/// `GET /club/{club}/events/{event}/files/{file}`: a presentation, for members of the club.
pub async fn download(
    State(state): State<AppState>,
    Path((club, event, file)): Path<(String, String, String)>,
    user: Option<Extension<AuthUser>>,
) -> Response {
    let result = async {
        let mut ctx = ClubMember::require_of(state.clone(), &club, user.map(|u| u.0)).await?;
        let row: FileRow = sqlx::query_as(
            "select file_name, content_type, size_bytes, sha256 from club_event_files
             where club_id = $1 and event_id = $2 and id = $3",
        )
        .bind(ctx.club.id)
        .bind(parse_id(&event)?)
        .bind(parse_id(&file)?)
        .fetch_optional(ctx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
        let club_id = ctx.club.id;
        ctx.commit().await?;
        files::store::serve(&store::folder(&state.data_dir, club_id), row).await
    }
    .await;
    result.unwrap_or_else(failure)
}
