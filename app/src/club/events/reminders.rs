//! Reminders 24 h and 1 h before an event, through the outbox.
//!
//! Each reminder is claimed (`reminded_day_at` / `reminded_hour_at` set) in the transaction
//! that queues its message, so it goes once. A member who registers less than an hour before
//! gets only the hour's reminder; the day's is then marked as done with it.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::time::local;
use crate::{access::begin_club, components::escape_html, i18n::ru, notifications::Email, state::AppState};

#[derive(sqlx::FromRow)]
struct Due {
    title: String,
    starts_at: DateTime<Utc>,
    link: Option<String>,
    place: Option<String>,
    hour: bool,
}

/// Queues the reminders due at `now`; returns how many.
pub async fn run_due(state: &AppState, now: DateTime<Utc>) -> Result<usize, sqlx::Error> {
    let due: Vec<(Uuid, Uuid)> = sqlx::query_as("select club_id, user_id from rost_club_reminders_due($1)")
        .bind(now)
        .fetch_all(&state.db)
        .await?;
    let mut queued = 0;
    for (club_id, user_id) in due {
        queued += remind(state, club_id, user_id, now).await?;
    }
    if queued > 0 {
        state.outbox.wake();
    }
    Ok(queued)
}

async fn remind(
    state: &AppState,
    club_id: Uuid,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<usize, sqlx::Error> {
    let mut tx = begin_club(&state.db, club_id, user_id).await?;
    let due: Vec<Due> = sqlx::query_as(
        "with hour as (
             update club_event_registrations r
             set reminded_hour_at = now(), reminded_day_at = coalesce(r.reminded_day_at, now())
             from club_events e
             where r.club_id = $1 and r.user_id = $2 and e.club_id = r.club_id and e.id = r.event_id
               and r.reminded_hour_at is null and e.starts_at > $3 and e.starts_at - interval '1 hour' <= $3
             returning e.title, e.starts_at, e.link, e.place, true as hour),
         day as (
             update club_event_registrations r set reminded_day_at = now()
             from club_events e
             where r.club_id = $1 and r.user_id = $2 and e.club_id = r.club_id and e.id = r.event_id
               and r.reminded_day_at is null and e.starts_at - interval '24 hours' <= $3
               and e.starts_at - interval '1 hour' > $3
             returning e.title, e.starts_at, e.link, e.place, false as hour)
         select * from hour union all select * from day",
    )
    .bind(club_id)
    .bind(user_id)
    .bind(now)
    .fetch_all(&mut *tx)
    .await?;
    if due.is_empty() {
        tx.commit().await?;
        return Ok(0);
    }
    let (email, club_name, zone): (String, String, String) = sqlx::query_as(
        "select u.email, c.name, rost_club_member_zone($2, $1) from users u, clubs c where u.id = $1 and c.id = $2",
    )
    .bind(user_id)
    .bind(club_id)
    .fetch_one(&mut *tx)
    .await?;
    for event in &due {
        crate::notifications::enqueue(&mut tx, None, &email, reminder(&club_name, &zone, event)).await?;
    }
    tx.commit().await?;
    Ok(due.len())
}

fn reminder(club: &str, zone: &str, event: &Due) -> Email {
    let at = local(event.starts_at, zone);
    let subject = ru::club_mail_reminder_subject(&event.title, event.hour);
    let mut lines = vec![
        ru::club_mail_masthead(club),
        ru::club_mail_reminder_text(&event.title, &at.date, &at.time, &at.offset),
    ];
    if let Some(link) = &event.link {
        lines.push(format!("{}: {link}", ru::CLUB_MAIL_REMINDER_LINK));
    }
    if let Some(place) = &event.place {
        lines.push(format!("{}: {place}", ru::CLUB_MAIL_REMINDER_PLACE));
    }
    lines.push(ru::CLUB_MAIL_REMINDER_FOOTER.to_string());
    let html: String = lines
        .iter()
        .map(|line| format!("<p>{}</p>", escape_html(line)))
        .collect();
    Email {
        text: lines.join("\n\n"),
        html: format!(
            "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
             <body style=\"font-family:Arial,sans-serif;color:#1d2433;max-width:36rem\">{html}</body></html>",
            escape_html(&subject)
        ),
        subject,
    }
}
