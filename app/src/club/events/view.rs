//! The events as a member reads them: every start in the member's own time zone.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::{time::local, EventCard, EventFile, EventList, EventView};
use crate::{access::ClubMember, error::AppError};

#[derive(sqlx::FromRow)]
pub struct CardRow {
    pub id: Uuid,
    pub kind: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: i32,
    pub link: Option<String>,
    pub place: Option<String>,
    pub capacity: Option<i32>,
    pub registered: i64,
    pub me_registered: bool,
}

const CARD: &str = "select e.id, e.kind, e.title, e.starts_at, e.duration_minutes, e.link, e.place, e.capacity,
        (select count(*) from club_event_registrations r where r.club_id = e.club_id and r.event_id = e.id) as registered,
        exists (select 1 from club_event_registrations r
                where r.club_id = e.club_id and r.event_id = e.id and r.user_id = $2) as me_registered
     from club_events e where e.club_id = $1";

impl CardRow {
    pub fn card(self, zone: &str, now: DateTime<Utc>) -> EventCard {
        let at = local(self.starts_at, zone);
        EventCard {
            id: self.id.to_string(),
            kind: self.kind,
            title: self.title,
            date: at.date,
            time: at.time,
            offset: at.offset,
            duration_minutes: self.duration_minutes,
            link: self.link,
            place: self.place,
            registered: self.registered,
            capacity: self.capacity,
            me_registered: self.me_registered,
            past: self.starts_at <= now,
        }
    }
}

/// The member's time zone: their region's (`rost_club_member_zone`).
pub async fn member_zone(
    conn: &mut PgConnection,
    club_id: Uuid,
    user_id: Uuid,
) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("select rost_club_member_zone($1, $2)")
        .bind(club_id)
        .bind(user_id)
        .fetch_one(conn)
        .await
}

pub async fn list_events(club: &str) -> Result<EventList, AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let (club_id, user_id) = (ctx.club_id(), ctx.user.user_id);
    let zone = member_zone(ctx.conn(), club_id, user_id).await?;
    let rows: Vec<CardRow> = sqlx::query_as(&format!("{CARD} order by e.starts_at desc limit 200"))
        .bind(club_id)
        .bind(user_id)
        .fetch_all(ctx.conn())
        .await?;
    let token: String = sqlx::query_scalar("select rost_club_feed_token($1, $2)")
        .bind(user_id)
        .bind(crate::club::notify::new_token())
        .fetch_one(ctx.conn())
        .await?;
    let feed_url = format!("{}/club-calendar/{token}/calendar.ics", ctx.state.public_url);
    let can_manage = ctx.is_moderator;
    ctx.commit().await?;
    let now = Utc::now();
    Ok(EventList {
        events: rows.into_iter().map(|row| row.card(&zone, now)).collect(),
        feed_url,
        can_manage,
    })
}

#[derive(sqlx::FromRow)]
struct Materials {
    description_html: String,
    summary: Option<String>,
    summary_html: Option<String>,
}

pub async fn get_event(club: &str, id: &str) -> Result<EventView, AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let (club_id, user_id) = (ctx.club_id(), ctx.user.user_id);
    let zone = member_zone(ctx.conn(), club_id, user_id).await?;
    let row: CardRow = sqlx::query_as(&format!("{CARD} and e.id = $3"))
        .bind(club_id)
        .bind(user_id)
        .bind(id)
        .fetch_optional(ctx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    let materials: Materials = sqlx::query_as(
        "select description_html, summary, summary_html from club_events where club_id = $1 and id = $2",
    )
    .bind(club_id)
    .bind(id)
    .fetch_one(ctx.conn())
    .await?;
    let recordings: Vec<String> = sqlx::query_scalar(
        "select url from club_event_recordings where club_id = $1 and event_id = $2 order by position",
    )
    .bind(club_id)
    .bind(id)
    .fetch_all(ctx.conn())
    .await?;
    let files: Vec<(Uuid, String, i64)> = sqlx::query_as(
        "select id, file_name, size_bytes from club_event_files where club_id = $1 and event_id = $2
         order by created_at, file_name",
    )
    .bind(club_id)
    .bind(id)
    .fetch_all(ctx.conn())
    .await?;
    let can_manage = ctx.is_moderator;
    ctx.commit().await?;
    Ok(EventView {
        card: row.card(&zone, Utc::now()),
        description_html: materials.description_html,
        summary: materials.summary,
        summary_html: materials.summary_html,
        recordings,
        files: files
            .into_iter()
            .map(|(id, file_name, size_bytes)| EventFile {
                id: id.to_string(),
                file_name,
                size_bytes,
            })
            .collect(),
        can_manage,
    })
}
