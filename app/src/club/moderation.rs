//! Moderation: flags from members into a review queue, and the moderators' actions (pin, lock,
//! move, hide with a reason, temporary bans, invitations), each written to the moderation log.

use serde_json::json;
use uuid::Uuid;

use super::db::{self, shown_at};
use super::{FlagView, LogEntry, ModerationPage};
use crate::access::{ClubMember, ClubModerator};
use crate::error::{AppError, OnConstraint};
use crate::i18n::ru;
use crate::state::parse_id;

const REASON_MAX: usize = 1000;

fn checked_reason<'a>(field: &str, reason: &'a str) -> Result<&'a str, AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid(field, ru::CLUB_REASON_EMPTY));
    }
    if reason.chars().count() > REASON_MAX {
        return Err(AppError::invalid(field, ru::CLUB_REASON_LONG));
    }
    Ok(reason)
}

pub async fn flag_club_post(club: &str, post: &str, reason: &str) -> Result<(), AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let (club_id, me, post_id) = (ctx.club.id, ctx.user.user_id, parse_id(post)?);
    let reason = checked_reason("reason", reason)?;
    db::post(ctx.conn(), club_id, post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    sqlx::query("insert into club_flags (club_id, post_id, user_id, reason) values ($1, $2, $3, $4)")
        .bind(club_id)
        .bind(post_id)
        .bind(me)
        .bind(reason)
        .execute(ctx.conn())
        .await
        .on_constraint(&[(
            "club_flags_club_id_post_id_user_id_key",
            "reason",
            ru::CLUB_FLAG_TWICE,
        )])?;
    ctx.audit("club_post_flagged", json!({ "post": post_id })).await?;
    ctx.commit().await
}

/// What a moderator's action changes in a thread; `None` leaves a column as it is.
#[derive(Default)]
struct ThreadChange {
    pinned: Option<bool>,
    locked: Option<bool>,
    hidden: Option<Option<String>>,
    section: Option<Uuid>,
}

pub async fn moderate_club_thread(
    club: &str,
    thread: &str,
    action: &str,
    section: Option<&str>,
    reason: Option<&str>,
) -> Result<(), AppError> {
    let mut ctx = ClubModerator::require(club).await?;
    let (club_id, thread_id) = (ctx.club.id, parse_id(thread)?);
    let head = db::thread(ctx.conn(), club_id, thread_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut details = json!({ "thread": thread_id, "title": head.title });
    let mut change = ThreadChange::default();
    match action {
        "pin" | "unpin" => change.pinned = Some(action == "pin"),
        "lock" | "unlock" => change.locked = Some(action == "lock"),
        "unhide" => change.hidden = Some(None),
        "hide" => {
            let reason = checked_reason("reason", reason.unwrap_or_default())?;
            details["reason"] = json!(reason);
            change.hidden = Some(Some(reason.to_string()));
        }
        "move" => {
            let target = section.unwrap_or_default();
            let to = db::section_id(ctx.conn(), club_id, target)
                .await?
                .ok_or_else(|| AppError::invalid("section", ru::CLUB_SECTION_UNKNOWN))?;
            details["from"] = json!(head.section_slug);
            details["to"] = json!(target);
            change.section = Some(to);
        }
        _ => return Err(AppError::BadRequest),
    }
    sqlx::query(
        "update club_threads set pinned = coalesce($3, pinned), locked = coalesce($4, locked),
                hidden_reason = case when $5 then $6 else hidden_reason end,
                section_id = coalesce($7, section_id)
         where club_id = $1 and id = $2",
    )
    .bind(club_id)
    .bind(thread_id)
    .bind(change.pinned)
    .bind(change.locked)
    .bind(change.hidden.is_some())
    .bind(change.hidden.flatten())
    .bind(change.section)
    .execute(ctx.conn())
    .await?;
    ctx.moderation(&format!("club_thread_{action}"), details).await?;
    ctx.commit().await
}

pub async fn hide_club_post(club: &str, post: &str, reason: Option<&str>) -> Result<(), AppError> {
    let mut ctx = ClubModerator::require(club).await?;
    let (club_id, post_id) = (ctx.club.id, parse_id(post)?);
    let head = db::post(ctx.conn(), club_id, post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let reason = match reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(reason) => Some(checked_reason("reason", reason)?),
        None => None,
    };
    set_hidden(&mut ctx, post_id, reason).await?;
    let action = if reason.is_some() {
        "club_post_hidden"
    } else {
        "club_post_shown"
    };
    ctx.moderation(
        action,
        json!({ "post": post_id, "thread": head.thread_id, "number": head.number, "reason": reason }),
    )
    .await?;
    ctx.commit().await
}

async fn set_hidden(
    ctx: &mut crate::access::ClubCtx,
    post_id: Uuid,
    reason: Option<&str>,
) -> Result<(), AppError> {
    sqlx::query("update club_posts set hidden_reason = $3 where club_id = $1 and id = $2")
        .bind(ctx.club.id)
        .bind(post_id)
        .bind(reason)
        .execute(ctx.conn())
        .await?;
    // A hidden post is no decision.
    if reason.is_some() {
        sqlx::query(
            "update club_threads t set decision_number = null from club_posts p
             where p.club_id = $1 and p.id = $2 and t.club_id = p.club_id and t.id = p.thread_id
               and t.decision_number = p.number",
        )
        .bind(ctx.club.id)
        .bind(post_id)
        .execute(ctx.conn())
        .await?;
    }
    Ok(())
}

pub async fn ban_club_member(club: &str, post: &str, days: i32, reason: &str) -> Result<(), AppError> {
    let mut ctx = ClubModerator::require(club).await?;
    let (club_id, post_id) = (ctx.club.id, parse_id(post)?);
    if !(0..=365).contains(&days) {
        return Err(AppError::invalid("days", ru::CLUB_BAN_DAYS));
    }
    let reason = checked_reason("reason", reason)?;
    let head = db::post(ctx.conn(), club_id, post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if head.author_id == ctx.user.user_id {
        return Err(AppError::invalid("days", ru::CLUB_BAN_SELF));
    }
    sqlx::query(
        "insert into club_members (club_id, user_id, banned_until, ban_reason, added_by)
         values ($1, $2, now() + make_interval(days => $3), $4, $5)
         on conflict (club_id, user_id) do update
             set banned_until = excluded.banned_until, ban_reason = excluded.ban_reason",
    )
    .bind(club_id)
    .bind(head.author_id)
    .bind(days)
    .bind(reason)
    .bind(ctx.user.user_id)
    .execute(ctx.conn())
    .await?;
    ctx.moderation(
        "club_member_banned",
        json!({ "user": head.author_id, "days": days, "reason": reason, "post": post_id }),
    )
    .await?;
    ctx.commit().await
}

pub async fn invite_club_member(club: &str, email: &str) -> Result<(), AppError> {
    let mut ctx = ClubModerator::require(club).await?;
    let club_id = ctx.club.id;
    let user_id: Uuid = sqlx::query_scalar(
        "select id from users where email = lower(btrim($1)) and active and email_confirmed_at is not null",
    )
    .bind(email)
    .fetch_optional(ctx.conn())
    .await?
    .ok_or_else(|| AppError::invalid("email", ru::CLUB_INVITE_UNKNOWN))?;
    sqlx::query(
        "insert into club_members (club_id, user_id, invited, added_by) values ($1, $2, true, $3)
         on conflict (club_id, user_id) do update set invited = true",
    )
    .bind(club_id)
    .bind(user_id)
    .bind(ctx.user.user_id)
    .execute(ctx.conn())
    .await?;
    ctx.moderation("club_member_invited", json!({ "user": user_id }))
        .await?;
    ctx.commit().await
}

pub async fn get_club_moderation(club: &str) -> Result<ModerationPage, AppError> {
    let mut ctx = ClubModerator::require(club).await?;
    let club_id = ctx.club.id;
    let sql = format!(
        "select f.id, p.thread_id, p.number, pa.full_name, p.body, fu.full_name, f.reason, {at}
         from club_flags f
         join club_posts p on p.club_id = f.club_id and p.id = f.post_id
         join users pa on pa.id = p.author_id join users fu on fu.id = f.user_id
         where f.club_id = $1 and f.resolved_at is null order by f.created_at limit 200",
        at = shown_at("f.created_at")
    );
    type FlagRow = (Uuid, Uuid, i32, String, String, String, String, String);
    let flags: Vec<FlagRow> = sqlx::query_as(&sql).bind(club_id).fetch_all(ctx.conn()).await?;
    let sql = format!(
        "select u.full_name, l.action, l.details::text, {at} from club_moderation_log l
         join users u on u.id = l.moderator_id where l.club_id = $1 order by l.created_at desc limit 200",
        at = shown_at("l.created_at")
    );
    let log: Vec<(String, String, String, String)> =
        sqlx::query_as(&sql).bind(club_id).fetch_all(ctx.conn()).await?;
    let page = ModerationPage {
        club_name: ctx.club.name.clone(),
        flags: flags
            .into_iter()
            .map(|(id, thread, number, author, body, by, reason, at)| FlagView {
                id: id.to_string(),
                thread_id: thread.to_string(),
                number,
                post_author: author,
                excerpt: db::excerpt(&body, 300),
                flagged_by: by,
                reason,
                created_at: at,
            })
            .collect(),
        log: log
            .into_iter()
            .map(|(moderator, action, details, created_at)| LogEntry {
                moderator,
                action: ru::club_action(&action).to_string(),
                details,
                created_at,
            })
            .collect(),
    };
    ctx.commit().await?;
    Ok(page)
}

pub async fn resolve_club_flag(club: &str, flag: &str, hide: bool) -> Result<(), AppError> {
    let mut ctx = ClubModerator::require(club).await?;
    let (club_id, flag_id) = (ctx.club.id, parse_id(flag)?);
    let resolution = if hide { "hidden" } else { "dismissed" };
    let flagged: Option<(Uuid, String)> = sqlx::query_as(
        "update club_flags set resolved_at = now(), resolved_by = $3, resolution = $4
         where club_id = $1 and id = $2 and resolved_at is null returning post_id, reason",
    )
    .bind(club_id)
    .bind(flag_id)
    .bind(ctx.user.user_id)
    .bind(resolution)
    .fetch_optional(ctx.conn())
    .await?;
    let (post_id, reason) = flagged.ok_or(AppError::NotFound)?;
    if hide {
        set_hidden(&mut ctx, post_id, Some(&reason)).await?;
        // The other flags on the post are settled by the same decision.
        sqlx::query(
            "update club_flags set resolved_at = now(), resolved_by = $3, resolution = 'hidden'
             where club_id = $1 and post_id = $2 and resolved_at is null",
        )
        .bind(club_id)
        .bind(post_id)
        .bind(ctx.user.user_id)
        .execute(ctx.conn())
        .await?;
    }
    ctx.moderation(
        "club_flag_resolved",
        json!({ "flag": flag_id, "post": post_id, "resolution": resolution }),
    )
    .await?;
    ctx.commit().await
}
