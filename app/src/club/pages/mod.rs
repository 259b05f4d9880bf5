//! The club's pages, all under `/club/:club` and all lazy routes: neither operator nor teacher
//! pages load their code.

mod best;
mod club;
mod moderation;
mod search;
mod section;
pub(crate) mod thread;

pub use best::ClubBestPage;
pub use club::{ClubPage, ClubsPage};
pub use moderation::ClubModerationPage;
pub use search::ClubSearchPage;
pub use section::ClubSectionPage;
pub use thread::ClubThreadPage;
