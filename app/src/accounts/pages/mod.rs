//! The routed pages of accounts, one file each.

mod audit_log;
mod confirm;
mod confirmations;
mod invitation;
mod login;
mod people;
mod recover;
mod register;
mod reset;
mod settings;

pub use audit_log::AuditLogPage;
pub use confirm::ConfirmPage;
pub use confirmations::ConfirmationsPage;
pub use invitation::InvitationPage;
pub use login::LoginPage;
pub use people::PeoplePage;
pub use recover::RecoverPage;
pub use register::RegisterPage;
pub use reset::ResetPage;
pub use settings::SettingsPage;
