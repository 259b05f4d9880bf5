//! Confirmation of school memberships. The school a person picks at registration is their own
//! claim: until the school's confirmed director or the regional operator confirms it, the
//! person counts in no group average and a director or deputy holds no director role. Only the
//! operator confirms directors and deputies, so a self-declared director cannot vouch for
//! himself or for other directors.

#[cfg(feature = "ssr")]
mod decisions;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::state::with_status;

/// Whether a position manages a school: confirming such a person grants the director role, and
/// only the regional operator may do it.
pub fn manages_school(position: &str) -> bool {
    matches!(position, "director" | "deputy_director")
}

/// A person whose school membership waits for a decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingMember {
    pub user_id: String,
    pub full_name: String,
    pub email: String,
    pub position: String,
    pub school: String,
    pub municipality: String,
    pub registered_at: String,
}

/// What the signed-in decider may decide on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfirmationQueue {
    /// The regional operator decides for the whole region; a director only for his school.
    pub regional: bool,
    /// Directors and deputies first (only the operator sees them), then by registration.
    pub pending: Vec<PendingMember>,
}

/// The signed-in person's school membership when it is not (yet) confirmed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum MembershipNotice {
    Pending,
    Rejected { reason: String },
}

#[server]
pub async fn get_confirmation_queue(slug: String) -> Result<ConfirmationQueue, AppError> {
    with_status(decisions::get_confirmation_queue(&slug).await)
}

#[server]
pub async fn confirm_membership(slug: String, user_id: String) -> Result<(), AppError> {
    with_status(decisions::decide(&slug, &user_id, decisions::Decision::Confirm).await)
}

#[server]
pub async fn reject_membership(slug: String, user_id: String, reason: String) -> Result<(), AppError> {
    let decision = decisions::Decision::Reject { reason };
    with_status(decisions::decide(&slug, &user_id, decision).await)
}

#[server]
pub async fn get_membership_notice(slug: String) -> Result<Option<MembershipNotice>, AppError> {
    with_status(decisions::get_membership_notice(&slug).await)
}
