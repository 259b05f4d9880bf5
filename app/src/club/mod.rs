//! The directors' network club (issue 14): clubs that span regions, with sections, threads and
//! posts, decisions («Принятое управленческое решение»), «полезно», moderation and search. A
//! club's data belongs to the club, not to a region: its tables are keyed by `club_id` under
//! row-level security by membership (migration `20261204000001_club.sql`, gates
//! `access::ClubMember` / `ClubModerator` / `ClubGuest`).

#[cfg(feature = "ssr")]
mod cache;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
mod moderation;
pub mod pages;
#[cfg(feature = "ssr")]
mod post;
#[cfg(feature = "ssr")]
mod read;
#[cfg(feature = "ssr")]
mod search;
#[cfg(feature = "ssr")]
pub mod seed;
mod widgets;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Posts on one page of a thread.
pub const PER_PAGE: i32 = 20;

/// The page of a thread holding post `number`.
pub fn page_of(number: i32) -> i32 {
    (number.max(1) - 1) / PER_PAGE + 1
}

/// Markdown of posts as sanitised HTML: the micro-courses' renderer (pulldown-cmark + ammonia).
#[cfg(feature = "ssr")]
pub fn render(markdown: &str) -> String {
    crate::courses::render_markdown(markdown)
}

/// A club's landing page: to a member its sections, to anyone else what it is and how to join.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClubCard {
    pub slug: String,
    pub name: String,
    pub description_html: String,
    pub regions: Vec<String>,
    pub member: bool,
    pub signed_in: bool,
    pub is_moderator: bool,
    pub sections: Vec<SectionCard>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionCard {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub threads: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadCard {
    pub id: String,
    pub title: String,
    pub author: String,
    pub last_post_at: String,
    pub replies: i32,
    pub pinned: bool,
    pub locked: bool,
    pub hidden: bool,
    pub solved: bool,
}

/// A section's threads (pinned first, then by the latest post).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionPage {
    pub club_name: String,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub threads: Vec<ThreadCard>,
    pub solved_only: bool,
    pub is_moderator: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteView {
    pub number: i32,
    pub author: String,
    pub excerpt: String,
}

/// A file attached to a post (club::files), downloaded at `/club/{club}/attachments/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: String,
    pub file_name: String,
    pub size_bytes: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostView {
    pub id: String,
    pub number: i32,
    pub author: String,
    /// The author's region (the club is interregional); empty when they have none now.
    pub author_region: String,
    /// In the reader's time zone, which it names (`10.12.2026 10:00 UTC+10`).
    pub created_at: String,
    pub edited: bool,
    /// Sanitised HTML; empty for a hidden post shown to a member who is no moderator.
    pub html: String,
    /// The Markdown, for the edit form: empty unless the reader may edit the post (their own, or
    /// any for a moderator), so a page does not carry every text twice.
    pub body: String,
    pub quote: Option<QuoteView>,
    pub hidden_reason: Option<String>,
    pub useful: i32,
    pub useful_by_me: bool,
    pub mine: bool,
    /// Empty for a hidden post shown to a member who is no moderator.
    pub attachments: Vec<AttachmentView>,
}

/// One page of a thread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadPage {
    pub club_name: String,
    pub section_slug: String,
    pub section_title: String,
    pub id: String,
    pub title: String,
    pub locked: bool,
    pub pinned: bool,
    pub hidden_reason: Option<String>,
    /// The post with «Принятое управленческое решение», shown under the question.
    pub decision: Option<PostView>,
    pub posts: Vec<PostView>,
    pub page: i32,
    pub pages: i32,
    pub last_number: i32,
    /// The first post this member has not seen, if any.
    pub first_unread: Option<i32>,
    /// The reader's region and time zone, in which the posts' times are shown.
    pub times_in: String,
    pub can_decide: bool,
    pub is_moderator: bool,
    pub sections: Vec<(String, String)>,
    /// The member's delivery for this thread (`off` if none), for the subscription control.
    pub subscription: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditView {
    pub edited_by: String,
    pub edited_at: String,
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BestPost {
    pub thread_id: String,
    pub thread_title: String,
    pub number: i32,
    pub author: String,
    pub html: String,
    pub useful: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub thread_id: String,
    pub thread_title: String,
    pub section_title: String,
    pub number: i32,
    pub author: String,
    /// `ts_headline` with the matches in `<b>`; everything else escaped.
    pub snippet: String,
    pub solved: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlagView {
    pub id: String,
    pub thread_id: String,
    pub number: i32,
    pub post_author: String,
    pub excerpt: String,
    pub flagged_by: String,
    pub reason: String,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    pub moderator: String,
    pub action: String,
    pub details: String,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModerationPage {
    pub club_name: String,
    pub flags: Vec<FlagView>,
    pub log: Vec<LogEntry>,
}

/// A club in the list of clubs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClubLink {
    pub slug: String,
    pub name: String,
}

/// Every club: clubs are public, like regions.
#[server]
pub async fn list_clubs() -> Result<Vec<ClubLink>, AppError> {
    crate::state::with_status(read::list_clubs().await)
}

/// The club's landing page ([`ClubGuest`](crate::access::ClubGuest)).
#[server]
pub async fn get_club(club: String) -> Result<ClubCard, AppError> {
    crate::state::with_status(read::get_club(&club).await)
}

/// A section's threads; `solved_only`: «темы с принятым решением».
#[server]
pub async fn get_club_section(
    club: String,
    section: String,
    solved_only: bool,
) -> Result<SectionPage, AppError> {
    crate::state::with_status(read::get_club_section(&club, &section, solved_only).await)
}

/// A page of a thread (by default the page of the first unread post), marking it read.
#[server]
pub async fn get_club_thread(
    club: String,
    thread: String,
    page: Option<i32>,
) -> Result<ThreadPage, AppError> {
    crate::state::with_status(read::get_club_thread(&club, &thread, page).await)
}

/// Posts after `after`, polled by an open thread for live updates.
#[server]
pub async fn get_club_posts_since(
    club: String,
    thread: String,
    after: i32,
) -> Result<Vec<PostView>, AppError> {
    crate::state::with_status(read::get_club_posts_since(&club, &thread, after).await)
}

/// Opens a thread in a section; returns its id.
#[server]
pub async fn create_club_thread(
    club: String,
    section: String,
    title: String,
    body: String,
) -> Result<String, AppError> {
    crate::state::with_status(post::create_club_thread(&club, &section, &title, &body).await)
}

/// Replies in a thread, optionally quoting post `quote`; returns the reply's number.
#[server]
pub async fn reply_club_thread(
    club: String,
    thread: String,
    body: String,
    quote: Option<i32>,
) -> Result<i32, AppError> {
    crate::state::with_status(post::reply_club_thread(&club, &thread, &body, quote).await)
}

/// Changes a post (its author or a moderator); the earlier text goes to the history.
#[server]
pub async fn edit_club_post(club: String, post: String, body: String) -> Result<(), AppError> {
    crate::state::with_status(post::edit_club_post(&club, &post, &body).await)
}

/// A post's earlier versions, for moderators.
#[server]
pub async fn get_club_post_history(club: String, post: String) -> Result<Vec<EditView>, AppError> {
    crate::state::with_status(post::get_club_post_history(&club, &post).await)
}

/// Marks post `number` as the decision taken (the thread's author or a moderator); `None` unmarks.
#[server]
pub async fn mark_club_decision(club: String, thread: String, number: Option<i32>) -> Result<(), AppError> {
    crate::state::with_status(post::mark_club_decision(&club, &thread, number).await)
}

/// «Полезно» on or off for the member; returns whether it is on now.
#[server]
pub async fn toggle_club_useful(club: String, post: String) -> Result<bool, AppError> {
    crate::state::with_status(post::toggle_club_useful(&club, &post).await)
}

/// «Лучшие практики»: the posts most marked «полезно».
#[server]
pub async fn get_club_best(club: String) -> Result<Vec<BestPost>, AppError> {
    crate::state::with_status(read::get_club_best(&club).await)
}

/// Full-text search (`russian`), ranked, with snippets; by section and «с решением».
#[server]
pub async fn search_club(
    club: String,
    q: String,
    section: Option<String>,
    solved_only: bool,
) -> Result<Vec<SearchHit>, AppError> {
    crate::state::with_status(search::search_club(&club, &q, section.as_deref(), solved_only).await)
}

/// A member flags a post for the moderators' review queue.
#[server]
pub async fn flag_club_post(club: String, post: String, reason: String) -> Result<(), AppError> {
    crate::state::with_status(moderation::flag_club_post(&club, &post, &reason).await)
}

/// A moderator's action on a thread: `pin`, `unpin`, `lock`, `unlock`, `move` (to `section`),
/// `hide` (with `reason`), `unhide`.
#[server]
pub async fn moderate_club_thread(
    club: String,
    thread: String,
    action: String,
    section: Option<String>,
    reason: Option<String>,
) -> Result<(), AppError> {
    crate::state::with_status(
        moderation::moderate_club_thread(&club, &thread, &action, section.as_deref(), reason.as_deref())
            .await,
    )
}

/// Hides a post with a reason, or shows it again (`reason` empty or absent).
#[server]
pub async fn hide_club_post(club: String, post: String, reason: Option<String>) -> Result<(), AppError> {
    crate::state::with_status(moderation::hide_club_post(&club, &post, reason.as_deref()).await)
}

/// Bans the author of a post for `days` days with a reason (0 lifts a ban).
#[server]
pub async fn ban_club_member(club: String, post: String, days: i32, reason: String) -> Result<(), AppError> {
    crate::state::with_status(moderation::ban_club_member(&club, &post, days, &reason).await)
}

/// Invites a person with a confirmed account by e-mail address.
#[server]
pub async fn invite_club_member(club: String, email: String) -> Result<(), AppError> {
    crate::state::with_status(moderation::invite_club_member(&club, &email).await)
}

/// The review queue of open flags and the moderation log.
#[server]
pub async fn get_club_moderation(club: String) -> Result<ModerationPage, AppError> {
    crate::state::with_status(moderation::get_club_moderation(&club).await)
}

/// Closes a flag: `hide` hides the post (with the flag's reason), otherwise the flag is dismissed.
#[server]
pub async fn resolve_club_flag(club: String, flag: String, hide: bool) -> Result<(), AppError> {
    crate::state::with_status(moderation::resolve_club_flag(&club, &flag, hide).await)
}

pub mod events;
pub mod notify;
