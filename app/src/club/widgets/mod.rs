//! Pieces of the club's pages.

mod post;

pub use post::PostCard;

use leptos::prelude::*;

use crate::components::{set_http_status, ErrorMessage};
use crate::error::AppError;
use crate::i18n::ru;

/// A club page's error: a non-member is sent to the landing page, which says how to join.
#[component]
pub fn ClubError(error: AppError, club: String) -> impl IntoView {
    set_http_status(error.status());
    view! {
        <ErrorMessage message=error.to_string() />
        <p><a href=format!("/club/{club}")>{ru::CLUB_JOIN_TITLE}</a></p>
    }
}

/// The club's own navigation: sections, best practices, search and, for moderators, moderation.
#[component]
pub fn ClubNav(club: String, name: String, #[prop(optional)] moderator: bool) -> impl IntoView {
    view! {
        <nav class="club-nav">
            <a href=format!("/club/{club}")>{name}</a>
            " · "
            <a href=format!("/club/{club}/best")>{ru::CLUB_BEST}</a>
            " · "
            <a href=format!("/club/{club}/search")>{ru::CLUB_SEARCH}</a>
            // Events and notifications (club::events, club::notify).
            " · "
            <a href=format!("/club/{club}/events")>{ru::CLUB_EVENTS_NAV}</a>
            " · "
            <a href=format!("/club/{club}/notifications")>{ru::CLUB_NOTIFICATIONS_SHORT}</a>
            {moderator.then(|| view! { " · " <a href=format!("/club/{club}/moderation")>{ru::CLUB_MODERATION}</a> })}
        </nav>
    }
}
