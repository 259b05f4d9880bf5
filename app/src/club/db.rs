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
         select $1, $2, t.posts_count, $3, $4, $5, case when $6 between 1 and t.posts_count - 1 then $6 end, $7,
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

/// Dates as members read them. Members live in several time zones; posts show Moscow time,
/// marked as such.
pub const SHOWN_AT: &str = "to_char(%s at time zone 'Europe/Moscow', 'DD.MM.YYYY HH24:MI') || ' МСК'";

/// `SHOWN_AT` for a column.
pub fn shown_at(column: &str) -> String {
    SHOWN_AT.replace("%s", column)
}

/// A post as every member of the club reads it (`club::cache` keeps pages of them).
#[derive(sqlx::FromRow)]
pub struct PostRow {
    pub id: Uuid,
    pub number: i32,
    pub author_id: Uuid,
    pub author: String,
    pub created_at: DateTime<Utc>,
    pub edited: bool,
    pub html: String,
    pub body: String,
    pub quote_number: Option<i32>,
    pub quote_author: Option<String>,
    pub quote_body: Option<String>,
    pub hidden_reason: Option<String>,
    pub useful_count: i32,
}

/// The first `chars` characters of a text, on a word boundary, with «…» when cut.
pub fn excerpt(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(chars).collect();
    let cut = cut
        .rsplit_once(char::is_whitespace)
        .map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// Posts `from..=to` of a thread (a quote of a hidden post shows no text).
pub async fn posts(
    conn: &mut PgConnection,
    club_id: Uuid,
    thread_id: Uuid,
    from: i32,
    to: i32,
) -> Result<Vec<PostRow>, sqlx::Error> {
    let sql = "select p.id, p.number, p.author_id, u.full_name as author, p.created_at, p.edited_at is not null as edited,
                p.html, p.body, q.number as quote_number, qu.full_name as quote_author,
                case when q.hidden_reason is null then q.body end as quote_body, p.hidden_reason, p.useful_count
         from club_posts p join users u on u.id = p.author_id
         left join club_posts q on q.club_id = p.club_id and q.thread_id = p.thread_id and q.number = p.quote_number
         left join users qu on qu.id = q.author_id
         where p.club_id = $1 and p.thread_id = $2 and p.number between $3 and $4
         order by p.number";
    sqlx::query_as(sql)
        .bind(club_id)
        .bind(thread_id)
        .bind(from)
        .bind(to)
        .fetch_all(conn)
        .await
}

/// Which of `posts` the member `me` marked «полезно».
pub async fn useful_marks(
    conn: &mut PgConnection,
    club_id: Uuid,
    me: Uuid,
    posts: &[Uuid],
) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "select post_id from club_reactions where club_id = $1 and user_id = $2 and post_id = any($3)",
    )
    .bind(club_id)
    .bind(me)
    .bind(posts)
    .fetch_all(conn)
    .await
}

#[derive(sqlx::FromRow)]
pub struct ThreadHead {
    pub id: Uuid,
    pub title: String,
    pub author_id: Uuid,
    pub section_id: Uuid,
    pub section_slug: String,
    pub section_title: String,
    pub posts_count: i32,
    pub pinned: bool,
    pub locked: bool,
    pub hidden_reason: Option<String>,
    pub decision_number: Option<i32>,
}

/// A thread with its section; `lock` takes its row for update (a reply numbers itself on it).
pub async fn thread(
    conn: &mut PgConnection,
    club_id: Uuid,
    thread_id: Uuid,
) -> Result<Option<ThreadHead>, sqlx::Error> {
    sqlx::query_as(
        "select t.id, t.title, t.author_id, t.section_id, s.slug as section_slug, s.title as section_title,
                t.posts_count, t.pinned, t.locked, t.hidden_reason, t.decision_number
         from club_threads t join club_sections s on s.club_id = t.club_id and s.id = t.section_id
         where t.club_id = $1 and t.id = $2",
    )
    .bind(club_id)
    .bind(thread_id)
    .fetch_optional(conn)
    .await
}

/// A thread as a reader opens it: with the counter its cached pages are keyed by, the reader's
/// read marker and their delivery for the thread, in one statement.
#[derive(sqlx::FromRow)]
pub struct ReaderHead {
    #[sqlx(flatten)]
    pub thread: ThreadHead,
    pub posts_version: i64,
    pub seen: Option<i32>,
    pub delivery: Option<String>,
}

pub async fn thread_for_reader(
    conn: &mut PgConnection,
    club_id: Uuid,
    thread_id: Uuid,
    me: Uuid,
) -> Result<Option<ReaderHead>, sqlx::Error> {
    sqlx::query_as(
        "select t.id, t.title, t.author_id, t.section_id, s.slug as section_slug, s.title as section_title,
                t.posts_count, t.pinned, t.locked, t.hidden_reason, t.decision_number, t.posts_version,
                (select r.last_number from club_reads r
                 where r.club_id = t.club_id and r.user_id = $3 and r.thread_id = t.id) as seen,
                (select b.delivery from club_subscriptions b
                 where b.club_id = t.club_id and b.user_id = $3 and b.scope = 'thread'
                   and coalesce(b.thread_id, b.section_id, b.club_id) = t.id) as delivery
         from club_threads t join club_sections s on s.club_id = t.club_id and s.id = t.section_id
         where t.club_id = $1 and t.id = $2",
    )
    .bind(club_id)
    .bind(thread_id)
    .bind(me)
    .fetch_optional(conn)
    .await
}

#[derive(sqlx::FromRow)]
pub struct PostHead {
    pub thread_id: Uuid,
    pub number: i32,
    pub author_id: Uuid,
    pub body: String,
    pub hidden_reason: Option<String>,
}

pub async fn post(
    conn: &mut PgConnection,
    club_id: Uuid,
    post_id: Uuid,
) -> Result<Option<PostHead>, sqlx::Error> {
    sqlx::query_as(
        "select thread_id, number, author_id, body, hidden_reason from club_posts where club_id = $1 and id = $2",
    )
    .bind(club_id)
    .bind(post_id)
    .fetch_optional(conn)
    .await
}

pub async fn section_id(
    conn: &mut PgConnection,
    club_id: Uuid,
    slug: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("select id from club_sections where club_id = $1 and slug = $2")
        .bind(club_id)
        .bind(slug)
        .fetch_optional(conn)
        .await
}
