//! Moderators create events and add their materials.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::EventForm;
use crate::{access::ClubModerator, club::render, error::AppError, i18n::ru};

/// A checked event.
pub struct NewEvent {
    pub kind: String,
    pub title: String,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: i32,
    pub capacity: Option<i32>,
    pub link: Option<String>,
    pub place: Option<String>,
}

fn is_link(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && text.len() <= 2000
        && !text.chars().any(char::is_whitespace)
}

/// A wall-clock time in `zone` as a UTC instant: `2026-12-10T10:00` or `10.12.2026 10:00`.
pub fn parse_local(text: &str, zone: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%d.%m.%Y %H:%M"))
        .ok()?;
    let tz: Tz = zone.parse().ok()?;
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

impl EventForm {
    /// Checks every field and names the first that is wrong.
    pub fn check(self, zone: &str) -> Result<NewEvent, AppError> {
        if !super::KINDS.contains(&self.kind.as_str()) {
            return Err(AppError::invalid("kind", ru::CLUB_EVENT_KIND_INVALID));
        }
        let title = self.title.trim().to_string();
        if title.is_empty() || title.chars().count() > 300 {
            return Err(AppError::invalid("title", ru::CLUB_EVENT_TITLE_INVALID));
        }
        let starts_at = parse_local(&self.starts_at, zone)
            .ok_or_else(|| AppError::invalid("starts_at", ru::CLUB_EVENT_STARTS_INVALID))?;
        let duration_minutes = self
            .duration_minutes
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|m| (5..=1440).contains(m))
            .ok_or_else(|| AppError::invalid("duration_minutes", ru::CLUB_EVENT_DURATION_INVALID))?;
        let capacity = match self.capacity.trim() {
            "" => None,
            text => Some(
                text.parse::<i32>()
                    .ok()
                    .filter(|c| (1..=100_000).contains(c))
                    .ok_or_else(|| AppError::invalid("capacity", ru::CLUB_EVENT_CAPACITY_INVALID))?,
            ),
        };
        let link = Some(self.link.trim().to_string()).filter(|l| !l.is_empty());
        if link.as_deref().is_some_and(|l| !is_link(l)) {
            return Err(AppError::invalid("link", ru::CLUB_EVENT_LINK_INVALID));
        }
        let place = Some(self.place.trim().chars().take(500).collect::<String>()).filter(|p| !p.is_empty());
        if link.is_none() && place.is_none() {
            return Err(AppError::invalid("link", ru::CLUB_EVENT_WHERE_MISSING));
        }
        Ok(NewEvent {
            kind: self.kind,
            title,
            description: self.description.chars().take(20_000).collect(),
            starts_at,
            duration_minutes,
            capacity,
            link,
            place,
        })
    }
}

/// Writes an event (the moderator's form or the demo seed); returns its id.
pub async fn insert_event(
    conn: &mut sqlx::PgConnection,
    club_id: Uuid,
    created_by: Option<Uuid>,
    event: &NewEvent,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "insert into club_events (club_id, kind, title, description, description_html, starts_at,
                                  duration_minutes, capacity, link, place, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id",
    )
    .bind(club_id)
    .bind(&event.kind)
    .bind(&event.title)
    .bind(&event.description)
    .bind(render(&event.description))
    .bind(event.starts_at)
    .bind(event.duration_minutes)
    .bind(event.capacity)
    .bind(&event.link)
    .bind(&event.place)
    .bind(created_by)
    .fetch_one(conn)
    .await
}

pub async fn create_event(club: &str, form: EventForm) -> Result<String, AppError> {
    let mut ctx = ClubModerator::require(club).await?;
    let (club_id, user_id) = (ctx.club_id(), ctx.user.user_id);
    let zone = super::view::member_zone(ctx.conn(), club_id, user_id).await?;
    let event = form.check(&zone)?;
    let id = insert_event(ctx.conn(), club_id, Some(user_id), &event).await?;
    ctx.audit(
        "club_event_created",
        serde_json::json!({ "event": id, "title": event.title }),
    )
    .await?;
    ctx.commit().await?;
    Ok(id.to_string())
}

/// The recordings' lines as links; a bad line is named by its number.
pub fn recording_links(text: &str) -> Result<Vec<String>, AppError> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let line = line.trim();
            if is_link(line) {
                Ok(line.to_string())
            } else {
                Err(AppError::invalid(
                    "recordings",
                    ru::club_event_recording_invalid(i + 1),
                ))
            }
        })
        .collect()
}

/// Replaces an event's summary and recordings (the seed and the moderator's form).
pub async fn write_materials(
    conn: &mut sqlx::PgConnection,
    club_id: Uuid,
    id: Uuid,
    summary: Option<&str>,
    recordings: &[String],
) -> Result<bool, sqlx::Error> {
    let found =
        sqlx::query("update club_events set summary = $3, summary_html = $4 where club_id = $1 and id = $2")
            .bind(club_id)
            .bind(id)
            .bind(summary)
            .bind(summary.map(render))
            .execute(&mut *conn)
            .await?
            .rows_affected()
            == 1;
    sqlx::query("delete from club_event_recordings where club_id = $1 and event_id = $2")
        .bind(club_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (position, url) in recordings.iter().enumerate() {
        sqlx::query(
            "insert into club_event_recordings (club_id, event_id, position, url) values ($1, $2, $3, $4)",
        )
        .bind(club_id)
        .bind(id)
        .bind(position as i32)
        .bind(url)
        .execute(&mut *conn)
        .await?;
    }
    Ok(found)
}

pub async fn save_materials(club: &str, id: &str, summary: &str, recordings: &str) -> Result<(), AppError> {
    let mut ctx = ClubModerator::require(club).await?;
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let recordings = recording_links(recordings)?;
    let summary: String = summary.chars().take(50_000).collect();
    let summary = Some(summary.trim()).filter(|s| !s.is_empty());
    let club_id = ctx.club_id();
    if !write_materials(ctx.conn(), club_id, id, summary, &recordings).await? {
        return Err(AppError::NotFound);
    }
    ctx.audit("club_event_materials_saved", serde_json::json!({ "event": id }))
        .await?;
    ctx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moderators_local_time_becomes_utc() {
        let at = parse_local("2026-12-10T10:00", "Asia/Vladivostok").unwrap();
        assert_eq!(at.to_rfc3339(), "2026-12-10T00:00:00+00:00");
        let at = parse_local("10.12.2026 07:00", "Asia/Novosibirsk").unwrap();
        assert_eq!(at.to_rfc3339(), "2026-12-10T00:00:00+00:00");
        assert!(parse_local("завтра", "Asia/Novosibirsk").is_none());
    }

    #[test]
    fn a_bad_recording_line_is_named() {
        let error = recording_links("https://a.example/1\n\nftp://b").unwrap_err();
        assert!(error.to_string().contains("строка 3"), "{error}");
    }
}
