//! Components of accounts used by several pages, and the account's sections of the cabinet.

pub mod cabinet;
mod invitations;
mod membership_notice;
mod token_page;

pub use invitations::{MyInvitationsSection, PendingInvitationsSection};
pub use membership_notice::MembershipNoticeSection;
pub use token_page::TokenPage;
