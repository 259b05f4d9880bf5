//! The notifications' pages.

mod notifications;
mod unsubscribe;

pub use notifications::NotificationsPage;
pub use unsubscribe::UnsubscribePage;
