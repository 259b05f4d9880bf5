//! The club's files: attachments to posts and events' presentations, kept by the shared file
//! store (`crate::files`) in the club's folder, `club/<club>/<sha256>`. A file's row (under the
//! club's row-level security) grants access to it.

pub mod attachments;
pub mod store;
pub mod sweep;
