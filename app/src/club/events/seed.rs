//! The demo club's events from its JSON file (`events`, format in the content's SCHEMA.md):
//! written once, as the owner, when the club has no events yet.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use sqlx::PgConnection;
use uuid::Uuid;

use super::manage::{insert_event, write_materials, NewEvent};

#[derive(Deserialize)]
struct File {
    club: Head,
    #[serde(default)]
    events: Vec<EventSeed>,
}

#[derive(Deserialize)]
struct Head {
    slug: String,
}

#[derive(Deserialize)]
struct EventSeed {
    kind: String,
    title: String,
    description: String,
    starts_at: DateTime<Utc>,
    duration_minutes: i32,
    capacity: Option<i32>,
    link: Option<String>,
    place: Option<String>,
    materials: Option<MaterialsSeed>,
}

#[derive(Deserialize)]
struct MaterialsSeed {
    summary: Option<String>,
    #[serde(default)]
    recordings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum EventSeedError {
    #[error("мероприятия клуба не читаются: {0}")]
    Data(#[from] serde_json::Error),
    #[error("{0}")]
    Sqlx(#[from] sqlx::Error),
}

/// Seeds the events of the club file `json` (the club itself is seeded first); returns how many
/// were written (0 when the club already has events).
pub async fn seed_events(conn: &mut PgConnection, json: &str) -> Result<usize, EventSeedError> {
    let file: File = serde_json::from_str(json)?;
    let club_id: Option<Uuid> = sqlx::query_scalar("select id from clubs where slug = $1")
        .bind(&file.club.slug)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(club_id) = club_id else {
        return Ok(0);
    };
    let any: bool = sqlx::query_scalar("select exists (select 1 from club_events where club_id = $1)")
        .bind(club_id)
        .fetch_one(&mut *conn)
        .await?;
    if any {
        return Ok(0);
    }
    for seed in &file.events {
        let event = NewEvent {
            kind: seed.kind.clone(),
            title: seed.title.clone(),
            description: seed.description.clone(),
            starts_at: seed.starts_at,
            duration_minutes: seed.duration_minutes,
            capacity: seed.capacity,
            link: seed.link.clone(),
            place: seed.place.clone(),
        };
        let id = insert_event(conn, club_id, None, &event).await?;
        if let Some(materials) = &seed.materials {
            write_materials(
                conn,
                club_id,
                id,
                materials.summary.as_deref(),
                &materials.recordings,
            )
            .await?;
        }
    }
    Ok(file.events.len())
}
