//! The events' plain HTTP routes: an event's `.ics` for a member, and a member's calendar feed
//! by its secret (calendar applications fetch it without a session).

use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::ics::{calendar, IcsEvent};
use crate::{
    access::{AuthUser, ClubMember},
    downloads::{download, failure},
    error::AppError,
    i18n::ru,
    state::AppState,
};

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    club_slug: String,
    club_name: String,
    kind: String,
    title: String,
    description: String,
    starts_at: DateTime<Utc>,
    duration_minutes: i32,
    link: Option<String>,
    place: Option<String>,
}

impl Row {
    fn ics(self, base: &str) -> IcsEvent {
        let kind = ru::label(&ru::CLUB_EVENT_KINDS, &self.kind);
        IcsEvent {
            uid: format!("{}@rost-club", self.id),
            starts_at: self.starts_at,
            ends_at: self.starts_at + Duration::minutes(i64::from(self.duration_minutes)),
            summary: format!("{kind}: {}", self.title),
            description: format!("{}\n\n{}", self.club_name, self.description),
            location: self.place.or_else(|| self.link.clone()),
            url: Some(format!("{base}/club/{}/events/{}", self.club_slug, self.id)),
        }
    }
}

/// `GET /club/{club}/events/{id}/event.ics`: one event, for a member.
pub async fn event_ics(
    State(state): State<AppState>,
    Path((club, id)): Path<(String, String)>,
    user: Option<Extension<AuthUser>>,
) -> Response {
    let result = async {
        let mut ctx = ClubMember::require_of(state.clone(), &club, user.map(|u| u.0)).await?;
        let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
        let row: Row = sqlx::query_as(
            "select e.id, c.slug as club_slug, c.name as club_name, e.kind, e.title, e.description, e.starts_at, e.duration_minutes,
                    e.link, e.place
             from club_events e join clubs c on c.id = e.club_id where e.club_id = $1 and e.id = $2",
        )
        .bind(ctx.club_id())
        .bind(id)
        .fetch_optional(ctx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
        let name = row.club_name.clone();
        ctx.commit().await?;
        let text = calendar(&name, &[row.ics(&state.public_url)]);
        Ok::<_, AppError>(download("text/calendar; charset=utf-8", "event.ics", text.into_bytes()))
    }
    .await;
    result.unwrap_or_else(failure)
}

/// `GET /club-calendar/{token}/calendar.ics`: the events of every club the token's owner is a
/// member of at the time of the fetch; 404 for an unknown token.
pub async fn feed(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let result = async {
        if !(32..=64).contains(&token.len()) {
            return Err(AppError::NotFound);
        }
        let known: bool = sqlx::query_scalar("select rost_club_feed_exists($1)")
            .bind(&token)
            .fetch_one(&state.db)
            .await?;
        if !known {
            return Err(AppError::NotFound);
        }
        let rows: Vec<Row> = sqlx::query_as(
            "select id, club_slug, club_name, kind, title, description, starts_at, duration_minutes, link, place
             from rost_club_feed_events($1)",
        )
        .bind(&token)
        .fetch_all(&state.db)
        .await?;
        let events: Vec<IcsEvent> = rows.into_iter().map(|row| row.ics(&state.public_url)).collect();
        let text = calendar(ru::CLUB_EVENT_FEED, &events);
        Ok::<_, AppError>(
            (
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                    (header::CACHE_CONTROL, "private, max-age=300"),
                ],
                text,
            )
                .into_response(),
        )
    }
    .await;
    result.unwrap_or_else(failure)
}
