//! The header's menu: a `<details>` list, so that it opens and closes without code of its own.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::{get_menu, Menu};
use crate::i18n::ru;

/// Asked again on every navigation: roles, regions and the unread count change between pages.
#[component]
pub fn HeaderMenu() -> impl IntoView {
    let location = use_location();
    let menu = Resource::new(
        move || (location.pathname.get(), location.search.get()),
        |(path, _)| get_menu(path),
    );
    view! {
        <Transition fallback=|| ()>
            {move || menu.get().and_then(Result::ok).flatten().map(|menu| view! { <MenuView menu /> })}
        </Transition>
    }
}

#[component]
fn MenuView(menu: Menu) -> impl IntoView {
    let Menu {
        full_name,
        region,
        links,
        unread,
    } = menu;
    // A `<details>` stays open across client-side navigation and would cover the next page on a
    // phone: following a link, or any change of address, closes it.
    let location = use_location();
    let followed = RwSignal::new(0u32);
    let open = move || {
        location.pathname.track();
        location.search.track();
        followed.track();
        false
    };
    view! {
        <div class="header-user">
            {unread
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
                })}
            <details class="header-menu" prop:open=open>
                <summary title=ru::MENU_SIGNED_IN>{full_name}</summary>
                <nav aria-label=ru::MENU_LABEL on:click=move |_| followed.update(|n| *n += 1)>
                    {region.map(|name| view! { <span class="muted">{name}</span> })}
                    {links.into_iter().map(|link| view! { <a href=link.href>{link.label}</a> }).collect_view()}
                </nav>
            </details>
        </div>
    }
}
