//! The notifications' widgets: a subscription control for the thread and section pages (the
//! header's counter is part of `crate::menu`).

mod subscribe;

pub use subscribe::SubscribeControl;
