//! Pages of posts shared by every reader of a club. A page shows the same posts to every member
//! (row-level security is by club, not by person), so its posts, their authors' regions and their
//! files are read once and kept under (club, thread, range, the thread's `posts_version`, the
//! posts written so far in the range); an edit, a hidden post, «полезно» or a file bumps the
//! version (triggers of migration `20261210000003`), a new post the count. What depends on the
//! reader (their «полезно», their own posts, their time zone, a moderator's view of hidden
//! posts) is added per request by [`SharedPost::view`]. Names and regions of authors may change
//! without a new version: entries live [`TTL`] at most.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::{db, AttachmentView, PostView, QuoteView};

/// How long a page is kept at most (authors' names and regions change without a new version).
const TTL: Duration = Duration::from_secs(30);
/// The texts kept at most, in bytes (a post may be 50,000 characters); past it expired pages
/// go, and then all.
const BUDGET: usize = 64 << 20;

/// A post as every member reads it.
pub struct SharedPost {
    pub id: Uuid,
    pub number: i32,
    pub author_id: Uuid,
    pub author: String,
    pub author_region: String,
    pub created_at: DateTime<Utc>,
    pub edited: bool,
    pub html: String,
    pub body: String,
    pub quote: Option<QuoteView>,
    pub hidden_reason: Option<String>,
    pub useful: i32,
    pub attachments: Vec<AttachmentView>,
}

impl SharedPost {
    /// The post as the member `me` reads it: times in their `zone`, a hidden post's text and
    /// files only for moderators, the Markdown only where they may edit it (their own posts, or
    /// any for a moderator), so the page's hydration data does not carry every text twice.
    pub fn view(&self, me: Uuid, moderator: bool, zone: &str, useful_by_me: bool) -> PostView {
        let hidden = self.hidden_reason.is_some() && !moderator;
        let mine = self.author_id == me;
        let at = super::events::time::local(self.created_at, zone);
        PostView {
            id: self.id.to_string(),
            number: self.number,
            author: self.author.clone(),
            author_region: self.author_region.clone(),
            created_at: format!("{} {} {}", at.date, at.time, at.offset),
            edited: self.edited,
            html: if hidden { String::new() } else { self.html.clone() },
            body: if hidden || !(mine || moderator) {
                String::new()
            } else {
                self.body.clone()
            },
            quote: self.quote.clone(),
            hidden_reason: self.hidden_reason.clone(),
            useful: self.useful,
            useful_by_me,
            mine,
            attachments: if hidden {
                Vec::new()
            } else {
                self.attachments.clone()
            },
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    club: Uuid,
    thread: Uuid,
    from: i32,
    to: i32,
    version: i64,
    written: i32,
}

/// The kept pages, each with when it was read and the bytes of its texts, and their sum.
#[derive(Default)]
struct Pages {
    pages: HashMap<Key, (Instant, usize, Arc<Vec<SharedPost>>)>,
    bytes: usize,
}

static PAGES: LazyLock<Mutex<Pages>> = LazyLock::new(Mutex::default);

/// What the thread's head says about its posts: its `posts_version` and `posts_count`.
#[derive(Clone, Copy)]
pub struct Stamp {
    pub version: i64,
    pub count: i32,
}

/// Posts `from..=to` of a thread, from the cache or read (in the reader's club transaction).
pub async fn posts(
    conn: &mut PgConnection,
    club_id: Uuid,
    thread_id: Uuid,
    stamp: Stamp,
    from: i32,
    to: i32,
) -> Result<Arc<Vec<SharedPost>>, sqlx::Error> {
    let key = Key {
        club: club_id,
        thread: thread_id,
        from,
        to,
        version: stamp.version,
        written: stamp.count.min(to),
    };
    if let Some(posts) = cached(&key) {
        return Ok(posts);
    }
    let posts = Arc::new(read(conn, club_id, thread_id, from, to).await?);
    keep(key, posts.clone());
    Ok(posts)
}

fn cached(key: &Key) -> Option<Arc<Vec<SharedPost>>> {
    let kept = PAGES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    kept.pages
        .get(key)
        .filter(|(at, _, _)| at.elapsed() < TTL)
        .map(|(_, _, posts)| posts.clone())
}

fn keep(key: Key, posts: Arc<Vec<SharedPost>>) {
    let size: usize = posts.iter().map(|p| p.html.len() + p.body.len()).sum();
    let mut kept = PAGES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if kept.bytes + size > BUDGET {
        kept.pages.retain(|_, (at, _, _)| at.elapsed() < TTL);
        kept.bytes = kept.pages.values().map(|(_, size, _)| size).sum();
        if kept.bytes + size > BUDGET {
            kept.pages.clear();
            kept.bytes = 0;
        }
    }
    if let Some((_, replaced, _)) = kept.pages.insert(key, (Instant::now(), size, posts)) {
        kept.bytes -= replaced;
    }
    kept.bytes += size;
}

/// The posts, each author's region (the club is interregional) and every post's files.
async fn read(
    conn: &mut PgConnection,
    club_id: Uuid,
    thread_id: Uuid,
    from: i32,
    to: i32,
) -> Result<Vec<SharedPost>, sqlx::Error> {
    let rows = db::posts(conn, club_id, thread_id, from, to).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut authors: Vec<Uuid> = rows.iter().map(|r| r.author_id).collect();
    authors.sort();
    authors.dedup();
    let regions: HashMap<Uuid, String> = sqlx::query_as(
        "select a, coalesce(r.region, '') from unnest($2::uuid[]) a
         left join lateral rost_club_person_region($1, a) r on true",
    )
    .bind(club_id)
    .bind(&authors)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut files = super::files::attachments::of_posts(conn, club_id, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| SharedPost {
            id: row.id,
            number: row.number,
            author_id: row.author_id,
            author_region: regions.get(&row.author_id).cloned().unwrap_or_default(),
            author: row.author,
            created_at: row.created_at,
            edited: row.edited,
            html: row.html,
            body: row.body,
            quote: row.quote_number.map(|number| QuoteView {
                number,
                author: row.quote_author.unwrap_or_default(),
                excerpt: row.quote_body.map(|b| db::excerpt(&b, 200)).unwrap_or_default(),
            }),
            hidden_reason: row.hidden_reason,
            useful: row.useful_count,
            attachments: files.remove(&row.id).unwrap_or_default(),
        })
        .collect())
}
