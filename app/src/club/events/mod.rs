//! The club's events (webinars, seminars, meetings) and their materials.
//!
//! A start is stored as a UTC instant and shown to each member in the time zone of their region
//! ([`time::local`]). Members register within the capacity; the reminder job mails each
//! registered member 24 h and 1 h before ([`reminders::run_due`]), each reminder once. Every
//! event has an `.ics` file, and every member a secret calendar feed of their clubs' events.

#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
pub mod ics;
#[cfg(feature = "ssr")]
mod manage;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod presentations;
#[cfg(feature = "ssr")]
mod registration;
#[cfg(feature = "ssr")]
pub mod reminders;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod time;
#[cfg(feature = "ssr")]
mod view;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::state::with_status;

/// The kinds of events, as stored.
pub const KINDS: [&str; 3] = ["webinar", "seminar", "meeting"];

/// An event as a member sees it in a list: its start in the member's own time zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventCard {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub date: String,
    pub time: String,
    pub offset: String,
    pub duration_minutes: i32,
    pub link: Option<String>,
    pub place: Option<String>,
    pub registered: i64,
    pub capacity: Option<i32>,
    pub me_registered: bool,
    pub past: bool,
}

/// The club's events page: upcoming and past events and the member's calendar feed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventList {
    pub events: Vec<EventCard>,
    pub feed_url: String,
    pub can_manage: bool,
}

/// A presentation file of an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventFile {
    pub id: String,
    pub file_name: String,
    pub size_bytes: i64,
}

/// One event's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventView {
    pub card: EventCard,
    pub description_html: String,
    pub summary: Option<String>,
    pub summary_html: Option<String>,
    pub recordings: Vec<String>,
    pub files: Vec<EventFile>,
    pub can_manage: bool,
}

/// The club's events, in the member's time zone.
#[server]
pub async fn list_events(club: String) -> Result<EventList, AppError> {
    with_status(view::list_events(&club).await)
}

/// One event with its materials.
#[server]
pub async fn get_event(club: String, id: String) -> Result<EventView, AppError> {
    with_status(view::get_event(&club, &id).await)
}

/// Registers the member for an event, within its capacity and before it starts.
#[server]
pub async fn register_event(club: String, id: String) -> Result<(), AppError> {
    with_status(registration::register_event(&club, &id).await)
}

/// Cancels the member's registration.
#[server]
pub async fn unregister_event(club: String, id: String) -> Result<(), AppError> {
    with_status(registration::unregister_event(&club, &id).await)
}

/// The create form as typed (`form[kind]`, `form[title]` …).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventForm {
    pub kind: String,
    pub title: String,
    pub description: String,
    /// In the moderator's time zone: `YYYY-MM-DDTHH:MM`, as a `datetime-local` field sends it,
    /// or `ДД.ММ.ГГГГ ЧЧ:ММ`.
    pub starts_at: String,
    pub duration_minutes: String,
    pub capacity: String,
    pub link: String,
    pub place: String,
}

/// A moderator creates an event.
#[server]
pub async fn create_event(club: String, form: EventForm) -> Result<String, AppError> {
    with_status(manage::create_event(&club, form).await)
}

/// A moderator saves an event's summary (Markdown) and its recordings (one link per line).
#[server]
pub async fn save_materials(
    club: String,
    id: String,
    summary: String,
    recordings: String,
) -> Result<(), AppError> {
    with_status(manage::save_materials(&club, &id, &summary, &recordings).await)
}
