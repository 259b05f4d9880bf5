//! `/club/:club/notifications`: the member's notifications in the club and their subscriptions.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::club::notify::{
    get_notifications, get_subscriptions, Notice, ReadNotifications, SubscriptionView,
};
use crate::components::{route_param, PageError};
use crate::i18n::ru;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let club = route_param("club");
    let read = ServerAction::<ReadNotifications>::new();
    // Once read, the address changes, so the header's counter asks again and clears.
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move || {
        if let Some(Ok(())) = read.value().get() {
            navigate(
                &format!("/club/{}/notifications?read", club.get_untracked()),
                Default::default(),
            );
        }
    });
    let notices = Resource::new(
        move || (club.get(), read.version().get()),
        |(club, _)| get_notifications(club),
    );
    let subscriptions = Resource::new(move || club.get(), get_subscriptions);
    view! {
        <Title text=ru::CLUB_NOTIFICATIONS_TITLE />
        <p><a href=move || format!("/club/{}", club.get())>{ru::CLUB_BACK}</a></p>
        <h1>{ru::CLUB_NOTIFICATIONS_TITLE}</h1>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match notices.await {
                    Ok(list) => view! { <NoticeList list club=club.get_untracked() read /> }.into_any(),
                    Err(error) => view! { <PageError error slug=String::new() /> }.into_any(),
                }
            })}
        </Suspense>
        <h2>{ru::CLUB_SUBSCRIPTIONS_TITLE}</h2>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                subscriptions.await.ok().map(|list| view! { <Subscriptions list /> })
            })}
        </Suspense>
    }
}

#[component]
fn NoticeList(list: Vec<Notice>, club: String, read: ServerAction<ReadNotifications>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p>{ru::CLUB_NOTIFICATIONS_EMPTY}</p> }.into_any();
    }
    let any_unread = list.iter().any(|n| n.unread);
    view! {
        {any_unread
            .then(|| {
                let club = club.clone();
                view! {
                    <ActionForm action=read>
                        <input type="hidden" name="club" value=club />
                        <button type="submit">{ru::CLUB_NOTIFICATIONS_READ_ALL}</button>
                    </ActionForm>
                }
            })}
        <ul class="notices">
            {list
                .into_iter()
                .map(|n| {
                    let href = format!("/club/{club}/t/{}?page={}#post-{}", n.thread_id, crate::club::page_of(n.number), n.number);
                    view! {
                        <li class:unread=n.unread>
                            <a href=href>{n.thread_title}</a>
                            <br />
                            <small>
                                {n.created_at} " · " {ru::club_post_by(&n.author, n.number)} " · "
                                {ru::label(&ru::CLUB_REASONS, &n.reason).to_string()}
                            </small>
                            <p>{n.excerpt}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Subscriptions(list: Vec<SubscriptionView>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p>{ru::CLUB_SUBSCRIPTIONS_EMPTY}</p> }.into_any();
    }
    view! {
        <ul class="subscriptions">
            {list
                .into_iter()
                .map(|s| {
                    view! {
                        <li>
                            {ru::label(&ru::CLUB_SCOPES, &s.scope).to_string()}
                            {(!s.title.is_empty()).then(|| format!(" «{}»", s.title))} ": "
                            <b>{ru::label(&ru::CLUB_DELIVERY, &s.delivery).to_string()}</b>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
