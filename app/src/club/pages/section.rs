//! `/club/:club/s/:section`: a section's threads, the filter «темы с принятым решением», and a
//! new thread.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use crate::club::widgets::{ClubError, ClubNav};
use crate::club::{get_club_section, CreateClubThread, SectionPage};
use crate::components::form::{Area, Field};
use crate::components::{query_param, route_param, FormError};
use crate::i18n::ru;

#[component]
pub fn ClubSectionPage() -> impl IntoView {
    let (club, section) = (route_param("club"), route_param("section"));
    let solved = query_param("solved");
    let page = Resource::new(
        move || (club.get(), section.get(), solved.get().is_some()),
        |(club, section, solved)| get_club_section(club, section, solved),
    );
    view! {
        <Title text=ru::CLUB_TITLE />
        <section class="club">
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <Section page club=club.get_untracked() /> }.into_any(),
                        Err(error) => view! { <ClubError error club=club.get_untracked() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Section(page: SectionPage, club: String) -> impl IntoView {
    let base = format!("/club/{club}/s/{}", page.slug);
    let is_empty = page.threads.is_empty();
    let filter = if page.solved_only {
        view! { <a href=base.clone()>{ru::CLUB_SECTIONS}</a> }.into_any()
    } else {
        view! { <a href=format!("{base}?solved=1")>{ru::CLUB_SOLVED_ONLY}</a> }.into_any()
    };
    let threads = page
        .threads
        .into_iter()
        .map(|t| {
            let badges = [
                (t.pinned, ru::CLUB_PINNED),
                (t.locked, ru::CLUB_LOCKED),
                (t.hidden, ru::CLUB_HIDDEN),
                (t.solved, ru::CLUB_SOLVED),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, label)| view! { <span class="badge">{label}</span> " " })
            .collect_view();
            view! {
                <li class="card club-thread">
                    <a href=format!("/club/{club}/t/{}", t.id)><strong>{t.title}</strong></a>
                    " "{badges}
                    <p class="muted">{t.author}" · "{ru::CLUB_REPLIES}{t.replies}" · "{t.last_post_at}</p>
                </li>
            }
        })
        .collect_view();
    let empty = is_empty.then(|| view! { <p class="muted">{ru::CLUB_NO_THREADS}</p> });
    view! {
        <ClubNav club=club.clone() name=page.club_name.clone() moderator=page.is_moderator />
        <h1>{page.title}</h1>
        // The member's notifications for this section (club::notify).
        <crate::club::notify::widgets::SubscribeControl club=club.clone() scope="section" target=page.slug.clone() />
        <p class="muted">{page.description}</p>
        <p>{filter}</p>
        {empty}
        <ul class="plain">{threads}</ul>
        <NewThread club section=page.slug />
    }
}

#[component]
fn NewThread(club: String, section: String) -> impl IntoView {
    let create = ServerAction::<CreateClubThread>::new();
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let to = club.clone();
    Effect::new(move || {
        if let Some(Ok(id)) = create.value().get() {
            use_navigate()(&format!("/club/{to}/t/{id}"), Default::default());
        }
    });
    view! {
        <details class="card">
            <summary>{ru::CLUB_NEW_THREAD}</summary>
            <ActionForm action=create>
                <input type="hidden" name="club" value=club />
                <input type="hidden" name="section" value=section />
                <Field label=ru::CLUB_F_TITLE>
                    <input name="title" required maxlength="300" />
                </Field>
                <Area label=ru::CLUB_F_BODY name="body" rows=6 required=true hint=ru::CLUB_F_BODY_HINT />
                <FormError error />
                <button type="submit">{ru::CLUB_CREATE}</button>
            </ActionForm>
        </details>
    }
}
