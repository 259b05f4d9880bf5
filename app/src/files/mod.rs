//! Files people attach (the club's posts and events, the support documents): checked by their
//! content, never their name, and kept in the data folder under their SHA-256, not in PostgreSQL
//! large objects: `pg_largeobject` has no row-level security, a download would hold a
//! transaction open, and backups stay small. A file's row, under its owner's row-level security
//! (the club's, the region's), grants access to it; this module knows nothing of rows.

pub mod batch;
pub mod kind;
pub mod store;
pub mod sweep;
