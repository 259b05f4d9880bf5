//! The events' pages.

mod event;
mod list;

pub use event::EventPage;
pub use list::EventsPage;
