//! Files attached to posts: the post's author attaches up to [`PER_POST`] files with a plain form
//! post (it works before the page is interactive), members of the club download them.

use std::collections::HashMap;

use axum::{
    extract::{Multipart, Path, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    Extension,
};
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use super::store::{self, FileRow, Stored, PER_POST};
use crate::access::{AuthUser, ClubCtx, ClubMember};
use crate::club::{page_of, AttachmentView};
use crate::downloads::{failure, percent_encode};
use crate::error::AppError;
use crate::files::{self, kind::DOCUMENTS};
use crate::i18n::ru;
use crate::state::{parse_id, AppState};
use crate::uploads;

/// The post a file goes to: the author's own, visible one.
struct Target {
    thread_id: Uuid,
    number: i32,
    attached: Vec<(String, String)>,
}

/// Locks the post (one batch at a time per post) and reads what is attached already.
async fn lock_target(ctx: &mut ClubCtx, post_id: Uuid) -> Result<Target, AppError> {
    let (club_id, me) = (ctx.club.id, ctx.user.user_id);
    let row: Option<(Uuid, i32, Uuid, bool)> = sqlx::query_as(
        "select p.thread_id, p.number, p.author_id, p.hidden_reason is not null or t.hidden_reason is not null
         from club_posts p join club_threads t on t.club_id = p.club_id and t.id = p.thread_id
         where p.club_id = $1 and p.id = $2 for update of p",
    )
    .bind(club_id)
    .bind(post_id)
    .fetch_optional(ctx.conn())
    .await?;
    let (thread_id, number, author, hidden) = row.ok_or(AppError::NotFound)?;
    if hidden {
        return Err(AppError::NotFound);
    }
    if author != me {
        return Err(AppError::Forbidden);
    }
    let attached =
        sqlx::query_as("select sha256, file_name from club_attachments where club_id = $1 and post_id = $2")
            .bind(club_id)
            .bind(post_id)
            .fetch_all(ctx.conn())
            .await?;
    Ok(Target {
        thread_id,
        number,
        attached,
    })
}

/// `POST /club/{club}/posts/{post}/attachments` (multipart, `file` once per file). Back to the
/// post with `attached=` or, for a file to correct, `attach_error=` naming it.
pub async fn attach(
    State(state): State<AppState>,
    Path((club, post)): Path<(String, String)>,
    user: Option<Extension<AuthUser>>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let user = user.map(|u| u.0);
    let checked = async {
        uploads::refuse_declared_length(&headers, store::BODY_LIMIT as u64)?;
        let post_id = parse_id(&post)?;
        let mut ctx = ClubMember::require_of(state.clone(), &club, user.clone()).await?;
        let target = lock_target(&mut ctx, post_id).await?;
        // One upload per person at a time, so nobody fills the spool folder in parallel.
        let slot = state.uploads.region_slot(ctx.user.user_id)?;
        Ok::<_, AppError>((post_id, ctx.club.id, target, slot))
    }
    .await;
    let (post_id, club_id, target, _slot) = match checked {
        Ok(checked) => checked,
        Err(error) => return failure(error),
    };
    let back = format!(
        "/club/{club}/t/{}?page={}",
        target.thread_id,
        page_of(target.number)
    );
    let outcome = async {
        let free = PER_POST.saturating_sub(target.attached.len());
        let too_many = ru::club_files_too_many(PER_POST);
        let received = files::batch::receive(&state, &mut form, free, &too_many).await?;
        let folder = store::folder(&state.data_dir, club_id);
        let stored = files::batch::store(folder, received, DOCUMENTS, ru::file_unknown).await?;
        let mut ctx = ClubMember::require_of(state.clone(), &club, user).await?;
        let now = lock_target(&mut ctx, post_id).await?;
        insert(&mut ctx, post_id, &now.attached, &stored).await?;
        ctx.commit().await?;
        Ok(ru::club_files_attached(stored.len()))
    }
    .await;
    let anchor = format!("#post-{}", target.number);
    match outcome {
        Ok(message) => redirect(&back, "attached", &message, &anchor),
        Err(AppError::Invalid { message, .. }) => redirect(&back, "attach_error", &message, &anchor),
        Err(error) => failure(error),
    }
}

fn redirect(back: &str, key: &str, message: &str, anchor: &str) -> Response {
    Redirect::to(&format!("{back}&{key}={}{anchor}", percent_encode(message))).into_response()
}

/// Writes the rows of a checked batch: within the post's limit, each content once per post.
async fn insert(
    ctx: &mut ClubCtx,
    post_id: Uuid,
    attached: &[(String, String)],
    stored: &[Stored],
) -> Result<(), AppError> {
    store::check_batch(attached.iter().map(|(sha, _)| sha.as_str()), stored)?;
    let (club_id, me) = (ctx.club.id, ctx.user.user_id);
    for file in stored {
        sqlx::query(
            "insert into club_attachments (club_id, post_id, uploader_id, file_name, content_type, size_bytes, sha256)
             values ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(club_id)
        .bind(post_id)
        .bind(me)
        .bind(&file.name)
        .bind(file.kind.content_type())
        .bind(file.size)
        .bind(&file.sha256)
        .execute(ctx.conn())
        .await?;
    }
    ctx.audit(
        "club_files_attached",
        json!({ "post": post_id, "files": files::batch::audited(stored) }),
    )
    .await?;
    Ok(())
}

/// `GET /club/{club}/attachments/{id}`: for members of the club; a hidden post's files only for
/// moderators, like its text.
pub async fn download(
    State(state): State<AppState>,
    Path((club, id)): Path<(String, String)>,
    user: Option<Extension<AuthUser>>,
) -> Response {
    let result = async {
        let mut ctx = ClubMember::require_of(state.clone(), &club, user.map(|u| u.0)).await?;
        let id = parse_id(&id)?;
        let row: FileRow = sqlx::query_as(
            "select a.file_name, a.content_type, a.size_bytes, a.sha256
             from club_attachments a
             join club_posts p on p.club_id = a.club_id and p.id = a.post_id
             join club_threads t on t.club_id = p.club_id and t.id = p.thread_id
             where a.club_id = $1 and a.id = $2 and ((p.hidden_reason is null and t.hidden_reason is null) or $3)",
        )
        .bind(ctx.club.id)
        .bind(id)
        .bind(ctx.is_moderator)
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

/// The files of these posts, by post, in the order they were attached.
pub async fn of_posts(
    conn: &mut PgConnection,
    club_id: Uuid,
    posts: &[Uuid],
) -> Result<HashMap<Uuid, Vec<AttachmentView>>, sqlx::Error> {
    let rows: Vec<(Uuid, Uuid, String, i64)> = sqlx::query_as(
        "select post_id, id, file_name, size_bytes from club_attachments
         where club_id = $1 and post_id = any($2) order by created_at, file_name",
    )
    .bind(club_id)
    .bind(posts)
    .fetch_all(conn)
    .await?;
    let mut by_post: HashMap<Uuid, Vec<AttachmentView>> = HashMap::new();
    for (post, id, file_name, size_bytes) in rows {
        by_post.entry(post).or_default().push(AttachmentView {
            id: id.to_string(),
            file_name,
            size_bytes,
        });
    }
    Ok(by_post)
}
