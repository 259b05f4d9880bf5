//! The cabinet's notice about a school membership not (yet) confirmed.

use leptos::prelude::*;

use crate::accounts::confirmations::{get_membership_notice, MembershipNotice};
use crate::i18n::ru;

/// Tells the person that their school has not confirmed them (yet), and what that means.
#[component]
pub fn MembershipNoticeSection(slug: String) -> impl IntoView {
    let notice = Resource::new(move || slug.clone(), get_membership_notice);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                notice
                    .await
                    .ok()
                    .flatten()
                    .map(|notice| {
                        let text = match notice {
                            MembershipNotice::Pending => ru::MEMBERSHIP_PENDING.to_string(),
                            MembershipNotice::Rejected { reason } => ru::membership_rejected(&reason),
                        };
                        view! { <p class="notice membership-notice" role="status">{text}</p> }
                    })
            })}
        </Suspense>
    }
}
