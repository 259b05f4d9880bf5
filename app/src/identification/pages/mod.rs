//! The identification pages: registry, data and configurations (operator), the configuration
//! editor, runs with explanations and overrides, and the published lists (coordinators).
//!
//! Uploads are plain multipart form posts and filters are query parameters, so every page
//! works from its URL alone and before the WASM has loaded.

mod config;
mod identification;
mod published;
mod run;
mod schools;
mod upload;

pub use config::ConfigPage;
pub use identification::IdentificationPage;
pub use published::PublishedPage;
pub use run::RunPage;
pub use schools::SchoolsPage;
pub use upload::UploadPage;
