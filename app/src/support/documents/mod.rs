//! The school's structured documents of a support case (issue 17): an anti-risk programme per
//! priority risk, the road map (two stages of activities), the development concept, the
//! medium-term programme and three analytical notes. The school's director writes and submits;
//! the case's curator (or the operator) approves or returns with comments, on the document or
//! on one field. Every version is kept, a submitted version's body is frozen (by a trigger),
//! and a returned or approved document changes only by a new version. Transitions are audited
//! and mailed (`mail.rs`); the road map's deadlines are mailed by a daily job (`jobs.rs`).

pub mod body;
#[cfg(feature = "ssr")]
mod db;
pub mod files;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
mod list;
#[cfg(feature = "ssr")]
pub(super) use list::slots;
#[cfg(feature = "ssr")]
mod mail;
pub mod pages;
#[cfg(feature = "ssr")]
mod review;
#[cfg(feature = "ssr")]
mod save;
#[cfg(feature = "ssr")]
pub(in crate::support) use save::add_roadmap_activity;
#[cfg(feature = "ssr")]
mod view;
mod widgets;

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::ru;
use body::{Body, Change, FieldValue};
use files::AttachedFile;

/// A kind of document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocKind {
    Antirisk,
    Roadmap,
    Concept,
    Programme,
    NotePk,
    NoteVsoko,
    NoteOop,
}

impl DocKind {
    pub const ALL: [DocKind; 7] = [
        DocKind::Antirisk,
        DocKind::Roadmap,
        DocKind::Concept,
        DocKind::Programme,
        DocKind::NotePk,
        DocKind::NoteVsoko,
        DocKind::NoteOop,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DocKind::Antirisk => "antirisk",
            DocKind::Roadmap => "roadmap",
            DocKind::Concept => "concept",
            DocKind::Programme => "programme",
            DocKind::NotePk => "note_pk",
            DocKind::NoteVsoko => "note_vsoko",
            DocKind::NoteOop => "note_oop",
        }
    }

    pub fn from_code(code: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        ru::label(&ru::SDOC_KINDS, self.code())
    }
}

/// Where a document's latest version stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocState {
    Draft,
    Submitted,
    Returned,
    Approved,
}

impl DocState {
    pub const ALL: [DocState; 4] = [
        DocState::Draft,
        DocState::Submitted,
        DocState::Returned,
        DocState::Approved,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DocState::Draft => "draft",
            DocState::Submitted => "submitted",
            DocState::Returned => "returned",
            DocState::Approved => "approved",
        }
    }

    pub fn from_code(code: &str) -> Option<DocState> {
        DocState::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        ru::label(&ru::SDOC_STATES, self.code())
    }
}

/// A document's place in a case: its kind, and for an anti-risk programme the priority risk
/// (factor code), written `antirisk-<factor>` in addresses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub kind: DocKind,
    pub factor: String,
}

impl Slot {
    pub fn code(&self) -> String {
        match self.kind {
            DocKind::Antirisk => format!("antirisk-{}", self.factor),
            kind => kind.code().to_string(),
        }
    }

    pub fn parse(code: &str) -> Option<Slot> {
        match code.strip_prefix("antirisk-") {
            Some(factor) if !factor.is_empty() => Some(Slot {
                kind: DocKind::Antirisk,
                factor: factor.to_string(),
            }),
            Some(_) => None,
            None => DocKind::from_code(code)
                .filter(|k| *k != DocKind::Antirisk)
                .map(|kind| Slot {
                    kind,
                    factor: String::new(),
                }),
        }
    }
}

/// A document of the case's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub slot: String,
    pub title: String,
    pub state: Option<DocState>,
    pub version: i32,
}

/// A support e-mail kind and whether the reader gets it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MailChoice {
    pub kind: String,
    pub label: String,
    pub on: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentList {
    pub case_id: String,
    pub school: String,
    pub year: i32,
    pub documents: Vec<DocumentRow>,
    pub mail: Vec<MailChoice>,
}

/// A version in a document's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionRow {
    pub version: i32,
    pub state: DocState,
    pub edited_at: String,
    pub editor: String,
}

/// The curator's decision on a version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub version: i32,
    pub state: DocState,
    pub reviewer: String,
    pub at: String,
    pub comment: Option<String>,
    /// (field label, comment), from the field's key at that version.
    pub fields: Vec<(String, String)>,
    /// Field key → comment, to show beside the form's fields.
    pub by_key: BTreeMap<String, String>,
}

/// A document at one version, with what the reader may do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentView {
    pub case_id: String,
    pub school: String,
    pub slot: String,
    pub kind: DocKind,
    pub title: String,
    /// The version shown (the latest unless one was asked for); 0 before the first save.
    pub version: i32,
    pub latest: i32,
    pub state: Option<DocState>,
    pub body: Body,
    pub fields: Vec<FieldValue>,
    /// Against the version before the one shown.
    pub changes: Vec<Change>,
    pub versions: Vec<VersionRow>,
    /// The latest decision of the curator (the one the school answers).
    pub review: Option<Review>,
    /// The school's director, while the latest version is not with the curator.
    pub can_edit: bool,
    /// The case's curator or the operator, on a submitted version someone else submitted.
    pub can_review: bool,
    /// The files of the version shown: the document's and its activities' evidence.
    pub files: Vec<AttachedFile>,
    /// Whoever edits the document, on its latest version while it is a draft or was returned.
    pub can_attach: bool,
}

/// The case's documents: an anti-risk programme per priority risk, then the other kinds.
#[server]
pub async fn get_support_documents(slug: String, case: String) -> Result<DocumentList, AppError> {
    crate::state::with_status(list::get_support_documents(&slug, &case).await)
}

/// A document of the case at its latest version, or at `version`.
#[server]
pub async fn get_support_document(
    slug: String,
    case: String,
    slot: String,
    version: Option<i32>,
) -> Result<DocumentView, AppError> {
    crate::state::with_status(view::get_support_document(&slug, &case, &slot, version).await)
}

/// The director saves the document (`fields[<key>]`); a draft is overwritten, a returned or
/// approved one gets a new version; `submit` hands it to the curator.
#[server]
pub async fn save_support_document(
    slug: String,
    case: String,
    slot: String,
    fields: Option<BTreeMap<String, String>>,
    submit: Option<String>,
) -> Result<(), AppError> {
    let fields = fields.unwrap_or_default();
    crate::state::with_status(
        save::save_support_document(&slug, &case, &slot, fields, submit.is_some()).await,
    )
}

/// The curator approves (`decision=approve`) or returns (`decision=return`) the submitted
/// version, with a comment on the document and/or on one field (`field`, `field_comment`).
#[server]
pub async fn review_support_document(
    slug: String,
    case: String,
    slot: String,
    decision: String,
    comment: Option<String>,
    field: Option<String>,
    field_comment: Option<String>,
) -> Result<(), AppError> {
    let input = review::Decision {
        decision,
        comment: comment.unwrap_or_default(),
        field: field.unwrap_or_default(),
        field_comment: field_comment.unwrap_or_default(),
    };
    crate::state::with_status(review::review_support_document(&slug, &case, &slot, input).await)
}

/// The reader's choice of support e-mails: the kinds ticked (`on[<kind>]`) are sent.
#[server]
pub async fn set_support_mail(slug: String, on: Option<BTreeMap<String, String>>) -> Result<(), AppError> {
    crate::state::with_status(mail::set_support_mail(&slug, on.unwrap_or_default()).await)
}
