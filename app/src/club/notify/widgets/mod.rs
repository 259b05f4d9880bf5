//! The notifications' widgets: the header's counter and a subscription control for the
//! thread and section pages.

mod subscribe;
mod unread;

pub use subscribe::SubscribeControl;
pub use unread::UnreadCounter;
