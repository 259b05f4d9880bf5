//! Writing in the club: threads, replies with quotes, edits (the earlier text kept for
//! moderators), the decision taken and «полезно».

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use super::db;
use super::EditView;
use crate::access::{ClubMember, ClubModerator};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

/// The longest post, in characters.
const BODY_MAX: usize = 50_000;
const TITLE_MAX: usize = 300;

fn checked_body(body: &str) -> Result<&str, AppError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::invalid("body", ru::CLUB_BODY_EMPTY));
    }
    if body.chars().count() > BODY_MAX {
        return Err(AppError::invalid("body", ru::CLUB_BODY_LONG));
    }
    Ok(body)
}

pub async fn create_club_thread(
    club: &str,
    section: &str,
    title: &str,
    body: &str,
) -> Result<String, AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let (club_id, me) = (ctx.club.id, ctx.user.user_id);
    let title = title.trim();
    if title.is_empty() || title.chars().count() > TITLE_MAX {
        return Err(AppError::invalid("title", ru::CLUB_TITLE_INVALID));
    }
    let body = checked_body(body)?;
    let section_id = db::section_id(ctx.conn(), club_id, section)
        .await?
        .ok_or_else(|| AppError::invalid("section", ru::CLUB_SECTION_UNKNOWN))?;
    let now = Utc::now();
    let thread_id = db::insert_thread(ctx.conn(), club_id, section_id, me, title, now).await?;
    let post = db::insert_post(ctx.conn(), club_id, thread_id, me, body, None, now).await?;
    // Notifications (club::notify): queued here, fanned out to followers and mentions after commit.
    super::notify::on_post(&mut ctx, post.id, thread_id, post.number).await?;
    ctx.audit(
        "club_thread_created",
        json!({ "thread": thread_id, "post": post.id }),
    )
    .await?;
    let fanout = ctx.state.club_fanout.clone();
    ctx.commit().await?;
    // A wake while the worker is busy is kept for its next wait.
    fanout.notify_one();
    Ok(thread_id.to_string())
}

pub async fn reply_club_thread(
    club: &str,
    thread: &str,
    body: &str,
    quote: Option<i32>,
) -> Result<i32, AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let (club_id, me, thread_id) = (ctx.club.id, ctx.user.user_id, parse_id(thread)?);
    let body = checked_body(body)?;
    let head = db::thread(ctx.conn(), club_id, thread_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if head.hidden_reason.is_some() {
        return Err(AppError::NotFound);
    }
    if head.locked && !ctx.is_moderator {
        return Err(AppError::invalid("body", ru::CLUB_THREAD_LOCKED));
    }
    let post = db::insert_post(ctx.conn(), club_id, thread_id, me, body, quote, Utc::now()).await?;
    // Notifications (club::notify): queued here, fanned out to followers and mentions after commit.
    super::notify::on_post(&mut ctx, post.id, thread_id, post.number).await?;
    ctx.audit(
        "club_post_created",
        json!({ "thread": thread_id, "post": post.id, "number": post.number }),
    )
    .await?;
    let fanout = ctx.state.club_fanout.clone();
    ctx.commit().await?;
    // A wake while the worker is busy is kept for its next wait.
    fanout.notify_one();
    Ok(post.number)
}

pub async fn edit_club_post(club: &str, post: &str, body: &str) -> Result<(), AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let (club_id, me, post_id) = (ctx.club.id, ctx.user.user_id, parse_id(post)?);
    let body = checked_body(body)?;
    let head = db::post(ctx.conn(), club_id, post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if head.author_id != me && !ctx.is_moderator {
        return Err(AppError::Forbidden);
    }
    if head.body == body {
        return ctx.commit().await;
    }
    sqlx::query("insert into club_post_edits (club_id, post_id, body, edited_by) values ($1, $2, $3, $4)")
        .bind(club_id)
        .bind(post_id)
        .bind(&head.body)
        .bind(me)
        .execute(ctx.conn())
        .await?;
    sqlx::query(
        "update club_posts p set body = $3, html = $4, edited_at = now(),
                search = case when p.number = 1 then setweight(to_tsvector('russian', t.title), 'A') else ''::tsvector end
                         || setweight(to_tsvector('russian', $3), 'B')
         from club_threads t
         where p.club_id = $1 and p.id = $2 and t.club_id = p.club_id and t.id = p.thread_id",
    )
    .bind(club_id)
    .bind(post_id)
    .bind(body)
    .bind(super::render(body))
    .execute(ctx.conn())
    .await?;
    let action = if head.author_id == me {
        "club_post_edited"
    } else {
        "club_post_edited_by_moderator"
    };
    if head.author_id == me {
        ctx.audit(action, json!({ "post": post_id })).await?;
    } else {
        ctx.moderation(
            action,
            json!({ "post": post_id, "thread": head.thread_id, "number": head.number }),
        )
        .await?;
    }
    ctx.commit().await
}

pub async fn get_club_post_history(club: &str, post: &str) -> Result<Vec<EditView>, AppError> {
    let mut ctx = ClubModerator::require(club).await?;
    let (club_id, post_id) = (ctx.club.id, parse_id(post)?);
    let sql = format!(
        "select u.full_name, {at}, e.body from club_post_edits e join users u on u.id = e.edited_by
         where e.club_id = $1 and e.post_id = $2 order by e.edited_at",
        at = db::shown_at("e.edited_at")
    );
    let rows: Vec<(String, String, String)> = sqlx::query_as(&sql)
        .bind(club_id)
        .bind(post_id)
        .fetch_all(ctx.conn())
        .await?;
    ctx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|(edited_by, edited_at, body)| EditView {
            edited_by,
            edited_at,
            body,
        })
        .collect())
}

pub async fn mark_club_decision(club: &str, thread: &str, number: Option<i32>) -> Result<(), AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let (club_id, me, thread_id) = (ctx.club.id, ctx.user.user_id, parse_id(thread)?);
    let head = db::thread(ctx.conn(), club_id, thread_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if head.author_id != me && !ctx.is_moderator {
        return Err(AppError::Forbidden);
    }
    if let Some(n) = number {
        // The question itself is no decision; a hidden post cannot be one.
        let fits: bool = sqlx::query_scalar(
            "select exists (select 1 from club_posts where club_id = $1 and thread_id = $2 and number = $3
                            and number > 1 and hidden_reason is null)",
        )
        .bind(club_id)
        .bind(thread_id)
        .bind(n)
        .fetch_one(ctx.conn())
        .await?;
        if !fits {
            return Err(AppError::invalid("number", ru::CLUB_DECISION_INVALID));
        }
    }
    sqlx::query("update club_threads set decision_number = $3 where club_id = $1 and id = $2")
        .bind(club_id)
        .bind(thread_id)
        .bind(number)
        .execute(ctx.conn())
        .await?;
    let details = json!({ "thread": thread_id, "number": number });
    if head.author_id == me {
        ctx.audit("club_decision_marked", details).await?;
    } else {
        ctx.moderation("club_decision_marked", details).await?;
    }
    ctx.commit().await
}

pub async fn toggle_club_useful(club: &str, post: &str) -> Result<bool, AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let (club_id, me, post_id) = (ctx.club.id, ctx.user.user_id, parse_id(post)?);
    let head = db::post(ctx.conn(), club_id, post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if head.author_id == me {
        return Err(AppError::invalid("post", ru::CLUB_USEFUL_OWN));
    }
    let added = db::add_useful(ctx.conn(), club_id, post_id, me).await?;
    if !added {
        remove_useful(&mut ctx, post_id).await?;
    }
    ctx.audit("club_useful", json!({ "post": post_id, "on": added }))
        .await?;
    ctx.commit().await?;
    Ok(added)
}

async fn remove_useful(ctx: &mut crate::access::ClubCtx, post_id: Uuid) -> Result<(), AppError> {
    sqlx::query(
        "with r as (delete from club_reactions where club_id = $1 and post_id = $2 and user_id = $3 returning post_id)
         update club_posts p set useful_count = greatest(useful_count - 1, 0) from r
         where p.club_id = $1 and p.id = r.post_id",
    )
    .bind(ctx.club.id)
    .bind(post_id)
    .bind(ctx.user.user_id)
    .execute(ctx.conn())
    .await?;
    Ok(())
}
