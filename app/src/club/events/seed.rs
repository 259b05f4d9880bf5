//! The demo club's events from its JSON file (`events`, format in the content's SCHEMA.md):
//! written once, as the owner, when the club has no events yet.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use sqlx::PgConnection;
use uuid::Uuid;

use std::path::Path;

use super::manage::{insert_event, write_materials, NewEvent};
use crate::club::files::store;

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
    #[serde(default)]
    presentations: Vec<PresentationSeed>,
}

/// A presentation file of `templates/presentations/` (see [`PRESENTATIONS`]), shown as `name`
/// and uploaded by the club's person `by` (a key of the file's `people`).
#[derive(Deserialize)]
struct PresentationSeed {
    file: String,
    name: String,
    by: String,
}

/// The demo presentations, written by `scripts/gen-demo-presentations.py`.
const PRESENTATIONS: &[(&str, &[u8])] = &[
    (
        "kuznetsova-5s.pptx",
        include_bytes!("../templates/presentations/kuznetsova-5s.pptx"),
    ),
    (
        "zhuravleva-predlozheniya.pptx",
        include_bytes!("../templates/presentations/zhuravleva-predlozheniya.pptx"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum EventSeedError {
    #[error("мероприятия клуба не читаются: {0}")]
    Data(#[from] serde_json::Error),
    #[error("{0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("презентация «{0}» не найдена среди файлов клуба")]
    UnknownPresentation(String),
    #[error("презентация «{0}»: {1}")]
    Presentation(String, crate::error::AppError),
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

/// Stores the presentations of the club file's events in the data folder and records them, for
/// events that have no files yet (so a second start changes nothing); returns how many.
pub async fn seed_presentations(
    conn: &mut PgConnection,
    data_dir: &Path,
    json: &str,
) -> Result<usize, EventSeedError> {
    let file: File = serde_json::from_str(json)?;
    let mut written = 0;
    for seed in &file.events {
        let Some(materials) = seed.materials.as_ref().filter(|m| !m.presentations.is_empty()) else {
            continue;
        };
        let event: Option<(Uuid, Uuid)> = sqlx::query_as(
            "select e.club_id, e.id from club_events e join clubs c on c.id = e.club_id
             where c.slug = $1 and e.title = $2
               and not exists (select 1 from club_event_files f where f.club_id = e.club_id and f.event_id = e.id)",
        )
        .bind(&file.club.slug)
        .bind(&seed.title)
        .fetch_optional(&mut *conn)
        .await?;
        let Some((club_id, event_id)) = event else {
            continue;
        };
        for presentation in &materials.presentations {
            store_presentation(conn, data_dir, &file.club.slug, club_id, event_id, presentation).await?;
            written += 1;
        }
    }
    Ok(written)
}

async fn store_presentation(
    conn: &mut PgConnection,
    data_dir: &Path,
    club: &str,
    club_id: Uuid,
    event_id: Uuid,
    seed: &PresentationSeed,
) -> Result<(), EventSeedError> {
    let bytes = PRESENTATIONS
        .iter()
        .find(|(name, _)| *name == seed.file)
        .map(|(_, bytes)| *bytes)
        .ok_or_else(|| EventSeedError::UnknownPresentation(seed.file.clone()))?;
    let stored = store::keep_bytes(data_dir, club_id, &seed.name, bytes)
        .map_err(|error| EventSeedError::Presentation(seed.file.clone(), error))?;
    sqlx::query(
        "insert into club_event_files (club_id, event_id, uploader_id, file_name, content_type, size_bytes, sha256)
         select $1, $2, u.id, $4, $5, $6, $7 from users u where u.email = $3",
    )
    .bind(club_id)
    .bind(event_id)
    .bind(crate::club::seed::demo_email(club, &seed.by))
    .bind(&stored.name)
    .bind(stored.kind.content_type())
    .bind(stored.size)
    .bind(&stored.sha256)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
