//! The club's notifications: subscriptions per thread and per section, each with its own
//! delivery (at once, a daily or a weekly digest); mentions `@Фамилия`; in-app notifications with
//! the header's unread counter; e-mails through the outbox with a one-click unsubscribe.
//!
//! A new post is queued in its own transaction ([`on_post`]) and fanned out by a worker
//! ([`fan_out_due`]: one row per recipient in `club_notifications`); the mail job ([`mail::run_due`]) later claims the rows due for each
//! member and queues one message for them, marking the rows in the same transaction, so every
//! post is mailed once and none is skipped.

#[cfg(feature = "ssr")]
mod fanout;
#[cfg(feature = "ssr")]
mod inbox;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod pages;
#[cfg(feature = "ssr")]
mod subscriptions;
#[cfg(feature = "ssr")]
pub mod unsubscribe;
pub mod widgets;

#[cfg(feature = "ssr")]
pub use fanout::{fan_out_due, on_post};
#[cfg(feature = "ssr")]
pub use subscriptions::new_token;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::state::with_status;

/// What a subscription follows: `thread`, `section` or `mentions` (the member's «@Фамилия» mail).
pub const SCOPES: [&str; 3] = ["thread", "section", "mentions"];
/// How a subscription is delivered.
pub const DELIVERIES: [&str; 4] = ["immediate", "daily", "weekly", "off"];

/// One in-app notification.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub id: i64,
    pub thread_id: String,
    pub thread_title: String,
    pub number: i32,
    pub author: String,
    pub reason: String,
    pub excerpt: String,
    pub created_at: String,
    pub unread: bool,
}

/// The header's counter: unread notifications and the club whose page lists them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unread {
    pub count: i64,
    pub club: String,
}

/// What an unsubscribe link turns off, for its page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnsubscribeInfo {
    pub what: String,
    pub active: bool,
}

/// One of the member's subscriptions, for «Мои подписки».
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionView {
    pub scope: String,
    pub target: String,
    pub title: String,
    pub delivery: String,
}

/// Unread notifications of the signed-in person over their clubs; `None` to a visitor or when
/// there are none.
#[server]
pub async fn get_club_unread() -> Result<Option<Unread>, AppError> {
    with_status(inbox::get_club_unread().await)
}

/// The member's latest notifications in the club (50), newest first.
#[server]
pub async fn get_notifications(club: String) -> Result<Vec<Notice>, AppError> {
    with_status(inbox::get_notifications(&club).await)
}

/// Marks all the member's notifications in the club as read.
#[server]
pub async fn read_notifications(club: String) -> Result<(), AppError> {
    with_status(inbox::read_notifications(&club).await)
}

/// The member's delivery for a thread (`target` is its id) or a section (its slug), `off` if none.
#[server]
pub async fn get_subscription(club: String, scope: String, target: String) -> Result<String, AppError> {
    with_status(subscriptions::get_subscription(&club, &scope, &target).await)
}

/// Sets the member's delivery for a thread or a section (`off` mutes it).
#[server]
pub async fn set_subscription(
    club: String,
    scope: String,
    target: String,
    delivery: String,
) -> Result<(), AppError> {
    with_status(subscriptions::set_subscription(&club, &scope, &target, &delivery).await)
}

/// The member's subscriptions in the club.
#[server]
pub async fn get_subscriptions(club: String) -> Result<Vec<SubscriptionView>, AppError> {
    with_status(subscriptions::get_subscriptions(&club).await)
}

/// What the unsubscribe link's token turns off; `None` for an unknown token. No sign-in.
#[server]
pub async fn get_unsubscribe(token: String) -> Result<Option<UnsubscribeInfo>, AppError> {
    with_status(unsubscribe::get_unsubscribe(&token).await)
}

/// Turns the token's subscription off; no sign-in (the link came by e-mail).
#[server]
pub async fn unsubscribe(token: String) -> Result<bool, AppError> {
    with_status(unsubscribe::unsubscribe(&token).await)
}
