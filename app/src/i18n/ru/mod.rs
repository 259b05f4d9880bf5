//! Russian, the default locale. A second locale mirrors this folder: one file per domain, all
//! re-exported, so callers write `ru::NAME` whatever file a text lives in.

mod accounts;
mod certificates;
mod club;
mod club_events;
mod club_files;
mod common;
mod courses;
mod diagnostics;
mod enrolment;
mod faults;
mod growth;
mod identification;
mod identification_combined;
mod identification_versions;
mod mail;
mod menu;
mod micro;
mod platform;
mod platform_clubs;
mod privacy;
mod sessions;
mod uploads;

pub use accounts::*;
pub use certificates::*;
pub use club::*;
pub use club_events::*;
pub use club_files::*;
pub use common::*;
pub use courses::*;
pub use diagnostics::*;
pub use enrolment::*;
pub use faults::*;
pub use growth::*;
pub use identification::*;
pub use identification_combined::*;
pub use identification_versions::*;
pub use mail::*;
pub use menu::*;
pub use micro::*;
pub use platform::*;
pub use platform_clubs::*;
pub use privacy::*;
pub use sessions::*;
pub use uploads::*;
