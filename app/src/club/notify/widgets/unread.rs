//! The header's unread counter: shown only to a member with unread club notifications.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::club::notify::get_club_unread;
use crate::i18n::ru;

/// Asked again on every navigation, so it clears once the notifications are read.
#[component]
pub fn UnreadCounter() -> impl IntoView {
    let location = use_location();
    let unread = Resource::new(
        move || (location.pathname.get(), location.search.get()),
        |_| get_club_unread(),
    );
    view! {
        <Transition fallback=|| ()>
            {move || {
                unread
                    .get()
                    .and_then(Result::ok)
                    .flatten()
                    .map(|u| {
                        view! {
                            <a
                                class="unread-counter"
                                href=format!("/club/{}/notifications", u.club)
                                aria-label=ru::club_unread_label(u.count)
                            >
                                {ru::CLUB_NOTIFICATIONS_SHORT}
                                " "
                                <span class="badge" data-unread=u.count>{u.count}</span>
                            </a>
                        }
                    })
            }}
        </Transition>
    }
}
