//! The club's files: attachments to posts and events' presentations, checked by their content
//! and kept in the data folder under their SHA-256, not in PostgreSQL large objects:
//! `pg_largeobject` has no row-level security, a download would hold a transaction open, and
//! backups stay small. A file's row (under the club's row-level security) grants access to it.

pub mod attachments;
pub mod kind;
pub mod store;
pub mod sweep;
