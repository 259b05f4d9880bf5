//! Reading the club: the landing page, sections, threads (paged, with the first unread post
//! and live updates), «лучшие практики».

use uuid::Uuid;

use super::cache;
use super::db::{self, shown_at};
use super::{
    page_of, BestPost, ClubCard, ClubLink, PostView, SectionCard, SectionPage, ThreadCard, ThreadPage,
    PER_PAGE,
};
use crate::access::{ClubAccess, ClubCtx, ClubGuest, ClubMember};
use crate::error::AppError;
use crate::state::{app_state, parse_id};

pub async fn list_clubs() -> Result<Vec<ClubLink>, AppError> {
    let rows: Vec<(String, String)> = sqlx::query_as("select slug, name from clubs order by name")
        .fetch_all(&app_state()?.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, name)| ClubLink { slug, name })
        .collect())
}

pub async fn get_club(club: &str) -> Result<ClubCard, AppError> {
    let access = ClubGuest::require(club).await?;
    let (row, signed_in, ctx) = match access {
        ClubAccess::Outsider { club, user } => (club, user.is_some(), None),
        ClubAccess::Member(ctx) => (ctx.club.clone(), true, Some(*ctx)),
    };
    let regions: Vec<String> = sqlx::query_scalar("select rost_club_region_names($1)")
        .bind(row.id)
        .fetch_all(&app_state()?.db)
        .await?;
    let mut card = ClubCard {
        slug: row.slug,
        name: row.name,
        description_html: super::render(&row.description),
        regions,
        member: ctx.is_some(),
        signed_in,
        is_moderator: ctx.as_ref().is_some_and(|c| c.is_moderator),
        sections: Vec::new(),
    };
    if let Some(mut ctx) = ctx {
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "select s.slug, s.title, s.description, count(t.id)
             from club_sections s
             left join club_threads t on t.club_id = s.club_id and t.section_id = s.id and t.hidden_reason is null
             where s.club_id = $1 group by s.club_id, s.id order by s.position, s.title",
        )
        .bind(ctx.club.id)
        .fetch_all(ctx.conn())
        .await?;
        card.sections = rows
            .into_iter()
            .map(|(slug, title, description, threads)| SectionCard {
                slug,
                title,
                description,
                threads,
            })
            .collect();
        ctx.commit().await?;
    }
    Ok(card)
}

pub async fn get_club_section(club: &str, section: &str, solved_only: bool) -> Result<SectionPage, AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let club_id = ctx.club.id;
    let (section_id, title, description): (Uuid, String, String) =
        sqlx::query_as("select id, title, description from club_sections where club_id = $1 and slug = $2")
            .bind(club_id)
            .bind(section)
            .fetch_optional(ctx.conn())
            .await?
            .ok_or(AppError::NotFound)?;
    let threads = thread_cards(&mut ctx, Some(section_id), solved_only).await?;
    let page = SectionPage {
        club_name: ctx.club.name.clone(),
        slug: section.to_string(),
        title,
        description,
        threads,
        solved_only,
        is_moderator: ctx.is_moderator,
    };
    ctx.commit().await?;
    Ok(page)
}

/// A section's threads (or the whole club's), hidden ones only for moderators.
async fn thread_cards(
    ctx: &mut ClubCtx,
    section: Option<Uuid>,
    solved_only: bool,
) -> Result<Vec<ThreadCard>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: Uuid,
        title: String,
        author: String,
        last_post_at: String,
        replies: i32,
        pinned: bool,
        locked: bool,
        hidden: bool,
        solved: bool,
    }
    let sql = format!(
        "select t.id, t.title, u.full_name as author, {last} as last_post_at, greatest(t.posts_count - 1, 0) as replies,
                t.pinned, t.locked, t.hidden_reason is not null as hidden, t.decision_number is not null as solved
         from club_threads t join users u on u.id = t.author_id
         where t.club_id = $1 and ($2::uuid is null or t.section_id = $2)
           and (not $3 or t.decision_number is not null) and (t.hidden_reason is null or $4)
         order by t.pinned desc, t.last_post_at desc limit 200",
        last = shown_at("t.last_post_at")
    );
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(ctx.club.id)
        .bind(section)
        .bind(solved_only)
        .bind(ctx.is_moderator)
        .fetch_all(ctx.conn())
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| ThreadCard {
            id: r.id.to_string(),
            title: r.title,
            author: r.author,
            last_post_at: r.last_post_at,
            replies: r.replies,
            pinned: r.pinned,
            locked: r.locked,
            hidden: r.hidden,
            solved: r.solved,
        })
        .collect())
}

pub async fn get_club_thread(club: &str, thread: &str, page: Option<i32>) -> Result<ThreadPage, AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let (club_id, me, thread_id) = (ctx.club.id, ctx.user.user_id, parse_id(thread)?);
    let reader = db::thread_for_reader(ctx.conn(), club_id, thread_id, me)
        .await?
        .ok_or(AppError::NotFound)?;
    let (head, seen) = (reader.thread, reader.seen);
    if head.hidden_reason.is_some() && !ctx.is_moderator {
        return Err(AppError::NotFound);
    }
    let last = head.posts_count;
    let first_unread = match seen {
        Some(seen) if seen < last => Some(seen + 1),
        Some(_) => None,
        None if last > 0 => Some(1),
        None => None,
    };
    let pages = page_of(last);
    let page = page
        .or(first_unread.filter(|_| seen.is_some()).map(page_of))
        .unwrap_or(1)
        .clamp(1, pages);
    let (from, to) = ((page - 1) * PER_PAGE + 1, page * PER_PAGE);
    let moderator = ctx.is_moderator;
    let (region, zone) = reader_place(&mut ctx).await?;
    let stamp = cache::Stamp {
        version: reader.posts_version,
        count: last,
    };
    let shared = cache::posts(ctx.conn(), club_id, thread_id, stamp, from, to).await?;
    let decision_shared = match head.decision_number {
        Some(n) => Some(cache::posts(ctx.conn(), club_id, thread_id, stamp, n, n).await?),
        None => None,
    };
    let decision_posts = decision_shared.as_deref().map_or(&[][..], Vec::as_slice);
    let mut lists = views(&mut ctx, [&shared[..], decision_posts], &zone)
        .await?
        .into_iter();
    let posts = lists.next().unwrap_or_default();
    let decision = lists.next().and_then(|mut d| d.pop());
    let offset = super::events::time::local(chrono::Utc::now(), &zone).offset;
    let newest = posts.last().map_or(0, |p| p.number);
    if seen.is_none_or(|seen| seen < newest) {
        mark_read(&mut ctx, thread_id, newest).await?;
    }
    let sections = if moderator {
        sections(&mut ctx).await?
    } else {
        Vec::new()
    };
    let view = ThreadPage {
        club_name: ctx.club.name.clone(),
        section_slug: head.section_slug,
        section_title: head.section_title,
        id: thread_id.to_string(),
        title: head.title,
        locked: head.locked,
        pinned: head.pinned,
        hidden_reason: head.hidden_reason,
        decision,
        posts,
        page,
        pages,
        last_number: last,
        first_unread,
        times_in: crate::i18n::ru::club_times_in(&region, &offset),
        can_decide: moderator || head.author_id == me,
        is_moderator: moderator,
        sections,
        subscription: reader.delivery.unwrap_or_else(|| "off".to_string()),
    };
    ctx.commit().await?;
    Ok(view)
}

/// The reader's region and time zone (`rost_club_person_region`): Moscow for someone with none.
async fn reader_place(ctx: &mut ClubCtx) -> Result<(String, String), AppError> {
    let place: Option<(String, String)> =
        sqlx::query_as("select region, time_zone from rost_club_person_region($1, $2)")
            .bind(ctx.club.id)
            .bind(ctx.user.user_id)
            .fetch_optional(ctx.conn())
            .await?;
    Ok(place.unwrap_or_else(|| (String::new(), "Europe/Moscow".to_string())))
}

/// Lists of shared posts as the member reads them (see [`cache::SharedPost::view`]), with the
/// member's «полезно» read for all of them in one statement.
async fn views<const N: usize>(
    ctx: &mut ClubCtx,
    lists: [&[cache::SharedPost]; N],
    zone: &str,
) -> Result<Vec<Vec<PostView>>, AppError> {
    let (club_id, me, moderator) = (ctx.club.id, ctx.user.user_id, ctx.is_moderator);
    let ids: Vec<Uuid> = lists.iter().flat_map(|l| l.iter().map(|p| p.id)).collect();
    let marked = if ids.is_empty() {
        Vec::new()
    } else {
        db::useful_marks(ctx.conn(), club_id, me, &ids).await?
    };
    Ok(lists
        .iter()
        .map(|list| {
            list.iter()
                .map(|post| post.view(me, moderator, zone, marked.contains(&post.id)))
                .collect()
        })
        .collect())
}

/// What was shown is read: the marker only moves forward (several tabs, older pages), and is
/// written only when it moves, so reading a page again writes nothing. Not audited: reading
/// changes nothing anyone else sees. Its commit does not wait for the disk: a marker lost in a
/// crash costs a reader one jump to an older first unread post, while waiting would add a flush
/// to every page view that moves it.
async fn mark_read(ctx: &mut ClubCtx, thread_id: Uuid, shown: i32) -> Result<(), AppError> {
    sqlx::query("set local synchronous_commit = off")
        .execute(ctx.conn())
        .await?;
    sqlx::query(
        "insert into club_reads (club_id, user_id, thread_id, last_number) values ($1, $2, $3, $4)
         on conflict (club_id, user_id, thread_id)
         do update set last_number = greatest(club_reads.last_number, excluded.last_number)",
    )
    .bind(ctx.club.id)
    .bind(ctx.user.user_id)
    .bind(thread_id)
    .bind(shown)
    .execute(ctx.conn())
    .await?;
    Ok(())
}

/// The club's sections, for a moderator's «перенести в раздел».
async fn sections(ctx: &mut ClubCtx) -> Result<Vec<(String, String)>, AppError> {
    Ok(
        sqlx::query_as("select slug, title from club_sections where club_id = $1 order by position, title")
            .bind(ctx.club.id)
            .fetch_all(ctx.conn())
            .await?,
    )
}

/// New posts after `after` (at most a page), and the reading marker moved past them.
pub async fn get_club_posts_since(club: &str, thread: &str, after: i32) -> Result<Vec<PostView>, AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let (club_id, thread_id, moderator) = (ctx.club.id, parse_id(thread)?, ctx.is_moderator);
    let head: Option<(i64, i32)> = sqlx::query_as(
        "select posts_version, posts_count from club_threads
         where club_id = $1 and id = $2 and (hidden_reason is null or $3)",
    )
    .bind(club_id)
    .bind(thread_id)
    .bind(moderator)
    .fetch_optional(ctx.conn())
    .await?;
    let (version, count) = head.ok_or(AppError::NotFound)?;
    if count <= after {
        // Nothing new: the poll of an open thread every 1.5 s ends here.
        ctx.commit().await?;
        return Ok(Vec::new());
    }
    let (_, zone) = reader_place(&mut ctx).await?;
    let stamp = cache::Stamp { version, count };
    let shared = cache::posts(ctx.conn(), club_id, thread_id, stamp, after + 1, after + PER_PAGE).await?;
    let posts = views(&mut ctx, [&shared[..]], &zone)
        .await?
        .pop()
        .unwrap_or_default();
    if let Some(last) = posts.last() {
        mark_read(&mut ctx, thread_id, last.number).await?;
    }
    ctx.commit().await?;
    Ok(posts)
}

pub async fn get_club_best(club: &str) -> Result<Vec<BestPost>, AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let rows: Vec<(Uuid, String, i32, String, String, i32)> = sqlx::query_as(
        "select t.id, t.title, p.number, u.full_name, p.html, p.useful_count
         from club_posts p
         join club_threads t on t.club_id = p.club_id and t.id = p.thread_id
         join users u on u.id = p.author_id
         where p.club_id = $1 and p.useful_count > 0 and p.hidden_reason is null and t.hidden_reason is null
         order by p.useful_count desc, p.created_at desc limit 50",
    )
    .bind(ctx.club.id)
    .fetch_all(ctx.conn())
    .await?;
    ctx.commit().await?;
    Ok(rows
        .into_iter()
        .map(
            |(thread_id, thread_title, number, author, html, useful)| BestPost {
                thread_id: thread_id.to_string(),
                thread_title,
                number,
                author,
                html,
                useful,
            },
        )
        .collect())
}
