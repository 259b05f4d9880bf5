//! Full-text search over the club's posts with the `russian` configuration (so «школы» finds
//! «школа»), ranked by `ts_rank_cd` with the thread's title weighted above the body, and a
//! `ts_headline` snippet whose only markup is the `<b>` around matches. Answers are kept per
//! club under its content version (see [`Kept`]): members asking the same words share one search.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;
use uuid::Uuid;

use super::SearchHit;
use crate::access::{ClubCtx, ClubMember};
use crate::components::escape_html;
use crate::error::AppError;
use crate::i18n::ru;

/// The most hits shown.
const HITS: i64 = 30;
/// The most matches ranked: the newest ones. A word found in most posts would otherwise rank
/// every post of the club on each search; for rarer words all matches are ranked.
const CANDIDATES: i64 = 500;
/// Marks around matches that cannot occur in escaped text, replaced by `<b>` after escaping.
const START: &str = "\u{1}";
const STOP: &str = "\u{2}";

#[derive(sqlx::FromRow)]
struct Row {
    thread_id: Uuid,
    thread_title: String,
    section_title: String,
    number: i32,
    author: String,
    snippet: String,
    solved: bool,
}

pub async fn search_club(
    club: &str,
    q: &str,
    section: Option<&str>,
    solved_only: bool,
) -> Result<Vec<SearchHit>, AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let q = q.trim();
    if q.chars().count() > 200 {
        return Err(AppError::invalid("q", ru::CLUB_SEARCH_LONG));
    }
    if q.is_empty() {
        ctx.commit().await?;
        return Ok(Vec::new());
    }
    let section = section.filter(|s| !s.is_empty());
    let key = Key {
        club: ctx.club.id,
        version: content_version(&mut ctx).await?,
        q: q.to_string(),
        section: section.map(str::to_string),
        solved_only,
    };
    let hits = KEPT
        .cell(key)
        .get_or_try_init(|| async {
            Ok::<_, AppError>(Arc::new(search(&mut ctx, q, section, solved_only).await?))
        })
        .await?
        .clone();
    ctx.commit().await?;
    Ok(hits.as_ref().clone())
}

/// The ranked hits of `q`, read in the member's club transaction.
async fn search(
    ctx: &mut ClubCtx,
    q: &str,
    section: Option<&str>,
    solved_only: bool,
) -> Result<Vec<SearchHit>, AppError> {
    let threads = filtered_threads(ctx, section, solved_only).await?;
    // The plan depends on the words: a frequent word is read backwards along
    // `club_posts_recent` until enough newest matches are found, a rare one by the GIN index. A
    // generic plan cached for the statement would choose one way for all.
    sqlx::query("set local plan_cache_mode = force_custom_plan")
        .execute(ctx.conn())
        .await?;
    // The newest matching candidates, ranked; then headlines only for the shown few:
    // `ts_headline` re-parses the text and is the expensive part.
    let rows: Vec<Row> = sqlx::query_as(
        "with candidates as (
             select p.thread_id, p.number, p.author_id, p.body, p.search, p.created_at
             from club_posts p
             where p.club_id = $1 and p.search @@ websearch_to_tsquery('russian', $2) and p.hidden_reason is null
               and ($3::uuid[] is null or p.thread_id = any($3))
             order by p.created_at desc limit $4),
         hits as (
             select c.thread_id, c.number, c.author_id, c.body,
                    ts_rank_cd(c.search, websearch_to_tsquery('russian', $2)) as rank
             from candidates c
             join club_threads t on t.club_id = $1 and t.id = c.thread_id and t.hidden_reason is null
             order by rank desc, c.created_at desc limit $5)
         select h.thread_id, t.title as thread_title, s.title as section_title, h.number, u.full_name as author,
                ts_headline('russian', h.body, websearch_to_tsquery('russian', $2),
                            'StartSel=' || $6 || ', StopSel=' || $7 || ', MaxWords=30, MinWords=12, MaxFragments=2')
                    as snippet,
                t.decision_number is not null as solved
         from hits h
         join club_threads t on t.club_id = $1 and t.id = h.thread_id
         join club_sections s on s.club_id = t.club_id and s.id = t.section_id
         join users u on u.id = h.author_id
         order by h.rank desc, h.number",
    )
    .bind(ctx.club.id)
    .bind(q)
    .bind(threads)
    .bind(CANDIDATES)
    .bind(HITS)
    .bind(START)
    .bind(STOP)
    .fetch_all(ctx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SearchHit {
            thread_id: r.thread_id.to_string(),
            thread_title: r.thread_title,
            section_title: r.section_title,
            number: r.number,
            author: r.author,
            snippet: highlight(&r.snippet),
            solved: r.solved,
        })
        .collect())
}

/// What any search of the club can show changes with this: the threads' post counts, their
/// `posts_version` (edited or hidden posts, «полезно») and `meta_version` (title, section,
/// decision, a hidden thread; migration `20261212000021`). Hidden posts and threads are left out
/// for every member, so an answer does not depend on who asks.
async fn content_version(ctx: &mut ClubCtx) -> Result<(i64, i64, i64), AppError> {
    Ok(sqlx::query_as(
        "select count(*), coalesce(sum(posts_count), 0)::bigint,
                coalesce(sum(posts_version + meta_version), 0)::bigint
         from club_threads where club_id = $1",
    )
    .bind(ctx.club.id)
    .fetch_one(ctx.conn())
    .await?)
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    club: Uuid,
    version: (i64, i64, i64),
    q: String,
    section: Option<String>,
    solved_only: bool,
}

/// How long an answer is kept at most: authors' names and sections' titles change without a
/// new version.
const TTL: Duration = Duration::from_secs(30);
/// The answers kept at most (30 hits of a few hundred bytes each); past it expired ones go,
/// and then all.
const ANSWERS: usize = 2_000;

/// An answer, filled once by the first member who asks; the others asking meanwhile wait for it.
type Answer = Arc<OnceCell<Arc<Vec<SearchHit>>>>;

/// Kept answers, each with when it was first asked for.
struct Kept(Mutex<HashMap<Key, (Instant, Answer)>>);

static KEPT: LazyLock<Kept> = LazyLock::new(|| Kept(Mutex::default()));

impl Kept {
    /// The answer for `key`: the kept one while it is fresh, else a new empty one. Without it,
    /// fifty members asking a new word at once each ran the search, and under that load none
    /// finished before its client gave up, so nothing was ever kept.
    fn cell(&self, key: Key) -> Answer {
        let mut kept = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((at, answer)) = kept.get(&key) {
            if at.elapsed() < TTL {
                return answer.clone();
            }
        }
        if kept.len() >= ANSWERS {
            kept.retain(|_, (at, _)| at.elapsed() < TTL);
            if kept.len() >= ANSWERS {
                kept.clear();
            }
        }
        let answer = Answer::default();
        kept.insert(key, (Instant::now(), answer.clone()));
        answer
    }
}

/// The visible threads a search is limited to by its section or «только решённые»; `None`
/// when it is not limited (hidden threads are left out after ranking).
async fn filtered_threads(
    ctx: &mut ClubCtx,
    section: Option<&str>,
    solved_only: bool,
) -> Result<Option<Vec<Uuid>>, AppError> {
    if section.is_none() && !solved_only {
        return Ok(None);
    }
    let ids = sqlx::query_scalar(
        "select t.id from club_threads t join club_sections s on s.club_id = t.club_id and s.id = t.section_id
         where t.club_id = $1 and t.hidden_reason is null
           and ($2::text is null or s.slug = $2) and (not $3 or t.decision_number is not null)",
    )
    .bind(ctx.club.id)
    .bind(section)
    .bind(solved_only)
    .fetch_all(ctx.conn())
    .await?;
    Ok(Some(ids))
}

/// Escapes the Markdown source of a snippet, then turns the match marks into `<b>`.
pub fn highlight(snippet: &str) -> String {
    let clean: String = snippet
        .chars()
        .filter(|c| !c.is_control() || *c == '\u{1}' || *c == '\u{2}')
        .collect();
    escape_html(&clean).replace(START, "<b>").replace(STOP, "</b>")
}

#[cfg(test)]
mod tests {
    use super::highlight;

    #[test]
    fn snippets_escape_everything_but_their_marks() {
        assert_eq!(
            highlight("<script>\u{1}школа\u{2}</script> & \u{1}x"),
            "&lt;script&gt;<b>школа</b>&lt;/script&gt; &amp; <b>x"
        );
    }
}
