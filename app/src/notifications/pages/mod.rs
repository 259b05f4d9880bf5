//! The pages of notifications.

mod undelivered_mail;

pub use undelivered_mail::UndeliveredMailPage;
