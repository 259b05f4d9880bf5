//! `/club/:club`: the landing page. A member sees the sections; anyone else what the club is,
//! its regions and how to join, nothing more.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::club::widgets::{ClubError, ClubNav};
use crate::club::{get_club, list_clubs, ClubCard};
use crate::components::route_param;
use crate::i18n::ru;

#[component]
pub fn ClubPage() -> impl IntoView {
    let club = route_param("club");
    let card = Resource::new(move || club.get(), get_club);
    view! {
        <Title text=ru::CLUB_TITLE />
        <section class="club">
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match card.await {
                        Ok(card) => view! { <Landing card /> }.into_any(),
                        Err(error) => view! { <ClubError error club=club.get_untracked() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// `/club`: the list of clubs, linked from the cabinets of directors and deputies.
#[component]
pub fn ClubsPage() -> impl IntoView {
    let clubs = Resource::new(|| (), |_| list_clubs());
    view! {
        <Title text=ru::CLUB_LINK />
        <section class="club">
            <h1>{ru::CLUB_LINK}</h1>
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    clubs
                        .await
                        .unwrap_or_default()
                        .into_iter()
                        .map(|c| view! { <p class="card"><a href=format!("/club/{}", c.slug)>{c.name}</a></p> })
                        .collect_view()
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Landing(card: ClubCard) -> impl IntoView {
    let regions = format!("{}{}", ru::CLUB_REGIONS, card.regions.join(", "));
    let slug = card.slug.clone();
    let body = if card.member {
        let sections = card
            .sections
            .into_iter()
            .map(|s| {
                view! {
                    <li class="card">
                        <a href=format!("/club/{slug}/s/{}", s.slug)><strong>{s.title}</strong></a>
                        <p class="muted">{s.description}</p>
                        <p class="muted">{ru::CLUB_THREADS_COUNT}{s.threads}</p>
                    </li>
                }
            })
            .collect_view();
        view! {
            <ClubNav club=card.slug.clone() name=card.name.clone() moderator=card.is_moderator />
            <h2>{ru::CLUB_SECTIONS}</h2>
            <ul class="plain club-sections">{sections}</ul>
        }
        .into_any()
    } else {
        view! {
            <h2>{ru::CLUB_JOIN_TITLE}</h2>
            <p>{ru::CLUB_JOIN_TEXT}</p>
            {(!card.signed_in).then(|| view! { <p class="muted">{ru::CLUB_JOIN_SIGN_IN}</p> })}
        }
        .into_any()
    };
    view! {
        <h1>{card.name}</h1>
        <div class="club-description" inner_html=card.description_html></div>
        <p class="muted">{regions}</p>
        {body}
    }
}
