//! The chat of a support case (issue 17, the «чат ИС МЭДК»): comments with one level of
//! replies, readable and writable by everyone who sees the case (`scope.rs`), and mentions of
//! the case's participants, each of whom gets an e-mail. Comments are never edited or deleted.

#[cfg(feature = "ssr")]
mod db;
pub mod page;
#[cfg(feature = "ssr")]
mod post;
#[cfg(feature = "ssr")]
mod thread;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The longest comment, in characters (the table checks it too).
pub const MAX_BODY: usize = 4000;

/// One comment and, for a top-level one, its replies in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub id: String,
    pub author: String,
    pub at: String,
    pub body: String,
    /// Names of the participants the comment mentions.
    pub mentions: Vec<String>,
    pub replies: Vec<Comment>,
}

/// Someone a comment may mention: the case's curator, the school's director, the
/// municipality's coordinators and the region's operators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseChat {
    pub case_id: String,
    pub school: String,
    pub comments: Vec<Comment>,
    pub participants: Vec<Participant>,
}

#[server]
pub async fn get_case_chat(slug: String, case: String) -> Result<CaseChat, AppError> {
    crate::state::with_status(thread::get_case_chat(&slug, &case).await)
}

/// Writes a comment (a reply when `parent` names a top-level comment of the same case);
/// `mentions` lists the ids of the participants mentioned (`mentions[]`: an id may start with a
/// digit, which a `mentions[<id>]` key would make a list index).
#[server]
pub async fn post_case_comment(
    slug: String,
    case: String,
    parent: Option<String>,
    body: String,
    mentions: Option<Vec<String>>,
) -> Result<(), AppError> {
    let mentions = mentions.unwrap_or_default();
    crate::state::with_status(
        post::post_case_comment(&slug, &case, parent.as_deref(), &body, &mentions).await,
    )
}
