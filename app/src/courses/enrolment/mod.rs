//! Enrolment in the catalogue's courses and the confirmation of their completion (issue 12):
//! the person enrols from their route (or joins the waiting list), and a course administrator
//! or the regional operator confirms the completion, one by one, from a workbook, or by
//! accepting a document the person uploaded. Every such completion is written by
//! [`completion::record`].

pub mod admin;
pub mod completion;
mod db;
pub mod documents;
pub mod enrol;
mod import;

pub use db::release_course;
pub use documents::{download_document, upload_document};
pub use import::import_completions;

use crate::access::Role;

/// Who confirms completions: the region's course administrators and its operator.
pub const COURSE_ADMINS: &[Role] = &[Role::CourseAdmin, Role::RegionalOperator];
