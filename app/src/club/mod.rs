//! The directors' network club (issue 14): clubs that span regions, with sections, threads and
//! posts, decisions, reactions, moderation and search. A club's data belongs to the club, not to
//! a region: its tables are keyed by `club_id` under row-level security by membership (see the
//! migration `20261204000001_club.sql` and the gates `access::ClubMember` / `ClubModerator`).

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod seed;

/// Markdown of posts as sanitised HTML: the micro-courses' renderer (pulldown-cmark + ammonia).
#[cfg(feature = "ssr")]
pub fn render(markdown: &str) -> String {
    crate::courses::render_markdown(markdown)
}

pub mod events;
pub mod notify;
