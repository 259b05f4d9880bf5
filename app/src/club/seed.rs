//! Clubs made by the platform: the demo club from its JSON file (format:
//! `/work/content/club/SCHEMA.md`) and `server club create`. Runs as the owner, past
//! row-level security, like the regions' seed; running it again changes nothing.

use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use uuid::Uuid;

use super::db;

/// The demo club «Вдохновляющее лидерство. Сибирь – Дальний Восток».
pub const DEMO_CLUB: &str = include_str!("templates/demo.json");

#[derive(Debug, thiserror::Error)]
pub enum ClubSeedError {
    #[error("данные клуба не читаются: {0}")]
    Data(#[from] serde_json::Error),
    #[error("{0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("нет региона «{0}»")]
    UnknownRegion(String),
    #[error("нет раздела «{0}»")]
    UnknownSection(String),
    #[error("нет участника «{0}»")]
    UnknownPerson(String),
    #[error("адрес клуба «{0}»: только латинские строчные буквы, цифры и дефис, от 2 до 63 знаков")]
    Slug(String),
}

#[derive(Deserialize)]
pub struct ClubFile {
    pub club: ClubHead,
    pub sections: Vec<SectionSeed>,
    #[serde(default)]
    pub people: Vec<PersonSeed>,
    #[serde(default)]
    pub threads: Vec<ThreadSeed>,
    /// Events belong to `club::events`, which reads them from the same file.
    #[serde(default)]
    pub events: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
pub struct ClubHead {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub regions: Vec<String>,
}

#[derive(Deserialize, Serialize)]
pub struct SectionSeed {
    pub slug: String,
    pub title: String,
    pub description: String,
}

#[derive(Deserialize)]
pub struct PersonSeed {
    pub key: String,
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
    pub region: String,
    pub role: String,
}

#[derive(Deserialize)]
pub struct ThreadSeed {
    pub section: String,
    pub title: String,
    pub author: String,
    pub days_ago: i32,
    pub body: String,
    pub replies: Vec<ReplySeed>,
    pub decision: Option<i32>,
    #[serde(default)]
    pub pinned: bool,
}

#[derive(Deserialize)]
pub struct ReplySeed {
    pub author: String,
    pub days_ago: i32,
    pub body: String,
    pub quote: Option<i32>,
    #[serde(default)]
    pub useful: Vec<String>,
}

/// The sections a new club starts with: the demo club's, the themes of seed 001.
pub fn default_sections() -> Result<Vec<SectionSeed>, ClubSeedError> {
    Ok(serde_json::from_str::<ClubFile>(DEMO_CLUB)?.sections)
}

/// Creates a club with its regions, or adds regions to an existing one; returns its id.
pub async fn create_club(
    conn: &mut PgConnection,
    slug: &str,
    name: &str,
    description: &str,
    regions: &[String],
) -> Result<Uuid, ClubSeedError> {
    if !valid_slug(slug) {
        return Err(ClubSeedError::Slug(slug.to_string()));
    }
    let club_id: Uuid = sqlx::query_scalar(
        "insert into clubs (slug, name, description) values ($1, $2, $3)
         on conflict (slug) do update set slug = excluded.slug returning id",
    )
    .bind(slug)
    .bind(name)
    .bind(description)
    .fetch_one(&mut *conn)
    .await?;
    for region in regions {
        let region_id: Uuid = sqlx::query_scalar("select id from tenants where slug = $1")
            .bind(region)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| ClubSeedError::UnknownRegion(region.clone()))?;
        sqlx::query("insert into club_regions (club_id, region_id) values ($1, $2) on conflict do nothing")
            .bind(club_id)
            .bind(region_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(club_id)
}

fn valid_slug(slug: &str) -> bool {
    (2..=63).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
}

/// Seeds a club from its file: the club, its sections, and — only if it has no threads yet —
/// its people (confirmed directors and deputies of their regions, without a password) and
/// threads.
pub async fn seed_club(conn: &mut PgConnection, json: &str) -> Result<Uuid, ClubSeedError> {
    let file: ClubFile = serde_json::from_str(json)?;
    let head = &file.club;
    let club_id = create_club(conn, &head.slug, &head.name, &head.description, &head.regions).await?;
    for (position, section) in file.sections.iter().enumerate() {
        sqlx::query(
            "insert into club_sections (club_id, slug, title, description, position) values ($1, $2, $3, $4, $5)
             on conflict (club_id, slug) do nothing",
        )
        .bind(club_id)
        .bind(&section.slug)
        .bind(&section.title)
        .bind(&section.description)
        .bind(position as i32)
        .execute(&mut *conn)
        .await?;
    }
    let seeded: bool = sqlx::query_scalar("select exists (select 1 from club_threads where club_id = $1)")
        .bind(club_id)
        .fetch_one(&mut *conn)
        .await?;
    if seeded {
        return Ok(club_id);
    }
    let mut people = std::collections::HashMap::new();
    for person in &file.people {
        people.insert(person.key.as_str(), seed_person(conn, &head.slug, person).await?);
    }
    let person = |key: &str| {
        people
            .get(key)
            .copied()
            .ok_or_else(|| ClubSeedError::UnknownPerson(key.to_string()))
    };
    for thread in &file.threads {
        seed_thread(conn, club_id, thread, &person).await?;
    }
    Ok(club_id)
}

/// The address of the club file's person `key`: in a reserved domain, so no mail reaches anyone.
pub fn demo_email(club: &str, key: &str) -> String {
    format!("{key}@{club}.club.example")
}

async fn seed_person(
    conn: &mut PgConnection,
    club: &str,
    person: &PersonSeed,
) -> Result<Uuid, ClubSeedError> {
    let full_name = match &person.patronymic {
        Some(patronymic) => format!("{} {} {}", person.surname, person.name, patronymic),
        None => format!("{} {}", person.surname, person.name),
    };
    let email = demo_email(club, &person.key);
    let tenant_id: Uuid = sqlx::query_scalar("select id from tenants where slug = $1")
        .bind(&person.region)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| ClubSeedError::UnknownRegion(person.region.clone()))?;
    // `!` is no argon2 hash: nobody can sign in as a demo author.
    let user_id: Uuid = sqlx::query_scalar(
        "insert into users (email, password_hash, full_name, email_confirmed_at) values ($1, '!', $2, now())
         on conflict (email) do update set full_name = excluded.full_name returning id",
    )
    .bind(&email)
    .bind(&full_name)
    .fetch_one(&mut *conn)
    .await?;
    let position = if person.role == "deputy" {
        "deputy_director"
    } else {
        "director"
    };
    sqlx::query(
        "insert into memberships (tenant_id, user_id, position) values ($1, $2, $3) on conflict do nothing",
    )
    .bind(tenant_id)
    .bind(user_id)
    .bind(position)
    .execute(&mut *conn)
    .await?;
    sqlx::query("insert into role_grants (tenant_id, user_id, role) values ($1, $2, 'director') on conflict do nothing")
        .bind(tenant_id)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(user_id)
}

async fn seed_thread(
    conn: &mut PgConnection,
    club_id: Uuid,
    thread: &ThreadSeed,
    person: &impl Fn(&str) -> Result<Uuid, ClubSeedError>,
) -> Result<(), ClubSeedError> {
    let section_id: Uuid =
        sqlx::query_scalar("select id from club_sections where club_id = $1 and slug = $2")
            .bind(club_id)
            .bind(&thread.section)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| ClubSeedError::UnknownSection(thread.section.clone()))?;
    let ago = |days: i32| chrono::Utc::now() - chrono::Duration::days(days.into());
    let thread_id = db::insert_thread(
        conn,
        club_id,
        section_id,
        person(&thread.author)?,
        &thread.title,
        ago(thread.days_ago),
    )
    .await?;
    db::insert_post(
        conn,
        club_id,
        thread_id,
        person(&thread.author)?,
        &thread.body,
        None,
        ago(thread.days_ago),
    )
    .await?;
    for reply in &thread.replies {
        // The file counts the question as 0 and replies from 1; posts are numbered from 1.
        let quote = reply.quote.map(|q| q + 1);
        let post = db::insert_post(
            conn,
            club_id,
            thread_id,
            person(&reply.author)?,
            &reply.body,
            quote,
            ago(reply.days_ago),
        )
        .await?;
        for key in &reply.useful {
            db::add_useful(conn, club_id, post.id, person(key)?).await?;
        }
    }
    sqlx::query(
        "update club_threads set pinned = $3, decision_number = $4 + 1 where club_id = $1 and id = $2",
    )
    .bind(club_id)
    .bind(thread_id)
    .bind(thread.pinned)
    .bind(thread.decision)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
