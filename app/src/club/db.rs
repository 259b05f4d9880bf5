//! The club's SQL. Every query runs in a club transaction (`access::ClubCtx::tx`) or as the
//! owner (seed, CLI), and still names `club_id`: isolation twice, as with tenants.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// A post as written: its id and its number in the thread (1 is the question).
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct NewPost {
    pub id: Uuid,
    pub number: i32,
}

pub async fn insert_thread(
    conn: &mut PgConnection,
    club_id: Uuid,
    section_id: Uuid,
    author_id: Uuid,
    title: &str,
    at: DateTime<Utc>,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "insert into club_threads (club_id, section_id, author_id, title, created_at, last_post_at)
         values ($1, $2, $3, $4, $5, $5) returning id",
    )
    .bind(club_id)
    .bind(section_id)
    .bind(author_id)
    .bind(title)
    .bind(at)
    .fetch_one(conn)
    .await
}

/// Appends a post: numbers it by bumping the thread's counter (which serialises writers of one
/// thread on its row), renders and sanitises its Markdown, and indexes it for search with the
/// thread's title on the question.
pub async fn insert_post(
    conn: &mut PgConnection,
    club_id: Uuid,
    thread_id: Uuid,
    author_id: Uuid,
    body: &str,
    quote_number: Option<i32>,
    at: DateTime<Utc>,
) -> Result<NewPost, sqlx::Error> {
    sqlx::query_as(
        "with t as (
             update club_threads set posts_count = posts_count + 1, last_post_at = greatest(last_post_at, $7)
             where club_id = $1 and id = $2 returning posts_count, title)
         insert into club_posts (club_id, thread_id, number, author_id, body, html, quote_number, created_at, search)
         select $1, $2, t.posts_count, $3, $4, $5, case when $6 < t.posts_count then $6 end, $7,
                case when t.posts_count = 1 then setweight(to_tsvector('russian', t.title), 'A') else ''::tsvector end
                || setweight(to_tsvector('russian', $4), 'B')
         from t returning id, number",
    )
    .bind(club_id)
    .bind(thread_id)
    .bind(author_id)
    .bind(body)
    .bind(super::render(body))
    .bind(quote_number)
    .bind(at)
    .fetch_one(conn)
    .await
}

/// Marks a post «полезно» for a person; returns whether this was new.
pub async fn add_useful(
    conn: &mut PgConnection,
    club_id: Uuid,
    post_id: Uuid,
    user_id: Uuid,
) -> Result<bool, sqlx::Error> {
    let added: Option<i32> = sqlx::query_scalar(
        "with r as (insert into club_reactions (club_id, post_id, user_id) values ($1, $2, $3)
                    on conflict do nothing returning post_id)
         update club_posts p set useful_count = useful_count + 1 from r
         where p.club_id = $1 and p.id = r.post_id returning p.useful_count",
    )
    .bind(club_id)
    .bind(post_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(added.is_some())
}
