//! In-app notifications and the header's unread counter.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Notice, Unread};
use crate::{
    access::{signed_in_user, ClubMember},
    club::events::time::local,
    error::AppError,
    state::app_state,
};

/// The header's question on every page, so one query: the count over the clubs the person is a
/// member of now (`rost_club_unread_count`), and the club of the newest unread item.
pub async fn get_club_unread() -> Result<Option<Unread>, AppError> {
    let Some(user) = signed_in_user() else {
        return Ok(None);
    };
    let state = app_state()?;
    let (count, club): (i64, Option<String>) =
        sqlx::query_as("select unread, club_slug from rost_club_unread($1)")
            .bind(user.user_id)
            .fetch_one(&state.db)
            .await?;
    Ok(club.filter(|_| count > 0).map(|club| Unread { count, club }))
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    thread_id: Uuid,
    thread_title: String,
    number: i32,
    author: String,
    reason: String,
    body: String,
    created_at: DateTime<Utc>,
    unread: bool,
}

pub async fn get_notifications(club: &str) -> Result<Vec<Notice>, AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let zone: String = sqlx::query_scalar("select rost_club_member_zone($1, $2)")
        .bind(ctx.club_id())
        .bind(ctx.user.user_id)
        .fetch_one(ctx.conn())
        .await?;
    let rows: Vec<Row> = sqlx::query_as(
        "select n.id, n.thread_id, t.title as thread_title, p.number, u.full_name as author, n.reason,
                left(p.body, 400) as body, n.created_at, n.read_at is null as unread
         from club_notifications n
         join club_posts p on p.club_id = n.club_id and p.id = n.post_id
         join club_threads t on t.club_id = n.club_id and t.id = n.thread_id
         join users u on u.id = p.author_id
         where n.club_id = $1 and n.user_id = $2 and p.hidden_reason is null and t.hidden_reason is null
         order by n.id desc limit 50",
    )
    .bind(ctx.club_id())
    .bind(ctx.user.user_id)
    .fetch_all(ctx.conn())
    .await?;
    ctx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let at = local(row.created_at, &zone);
            Notice {
                id: row.id,
                thread_id: row.thread_id.to_string(),
                thread_title: row.thread_title,
                number: row.number,
                author: row.author,
                reason: row.reason,
                excerpt: super::mail::excerpt(&row.body, 200),
                created_at: format!("{} {}", at.date, at.time),
                unread: row.unread,
            }
        })
        .collect())
}

pub async fn read_notifications(club: &str) -> Result<(), AppError> {
    let mut ctx = ClubMember::require(club).await?;
    sqlx::query(
        "update club_notifications set read_at = now() where club_id = $1 and user_id = $2 and read_at is null",
    )
    .bind(ctx.club_id())
    .bind(ctx.user.user_id)
    .execute(ctx.conn())
    .await?;
    ctx.audit("club_notifications_read", serde_json::json!({}))
        .await?;
    ctx.commit().await
}
