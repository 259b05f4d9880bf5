//! `/club/:club/events`: upcoming and past events in the member's time, the calendar feed, and
//! the moderators' form for a new event.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::club::events::{list_events, CreateEvent, EventCard, KINDS};
use crate::components::form::{Area, Field, Select};
use crate::components::{route_param, FormError, PageError, Submit};
use crate::i18n::ru;

#[component]
pub fn EventsPage() -> impl IntoView {
    let club = route_param("club");
    let create = ServerAction::<CreateEvent>::new();
    let events = Resource::new(
        move || (club.get(), create.version().get()),
        |(club, _)| list_events(club),
    );
    view! {
        <Title text=ru::CLUB_EVENTS_TITLE />
        <p><a href=move || format!("/club/{}", club.get())>{ru::CLUB_BACK}</a></p>
        <h1>{ru::CLUB_EVENTS_TITLE}</h1>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match events.await {
                    Ok(list) => {
                        let club = club.get_untracked();
                        let (past, upcoming): (Vec<EventCard>, Vec<EventCard>) =
                            list.events.into_iter().partition(|e| e.past);
                        let mut upcoming = upcoming;
                        upcoming.reverse();
                        view! {
                            <h2>{ru::CLUB_EVENTS_UPCOMING}</h2>
                            <Cards list=upcoming club=club.clone() />
                            <h2>{ru::CLUB_EVENTS_PAST}</h2>
                            <Cards list=past club=club.clone() />
                            <h2>{ru::CLUB_EVENT_FEED}</h2>
                            <p class="hint">{ru::CLUB_EVENT_FEED_NOTE}</p>
                            <input class="feed-url" readonly value=list.feed_url aria-label=ru::CLUB_EVENT_FEED />
                            {list.can_manage.then(|| view! { <NewEventForm club create /> })}
                        }
                            .into_any()
                    }
                    Err(error) => view! { <PageError error slug=String::new() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Cards(list: Vec<EventCard>, club: String) -> impl IntoView {
    if list.is_empty() {
        return view! { <p>{ru::CLUB_EVENTS_EMPTY}</p> }.into_any();
    }
    view! {
        <ul class="events">
            {list
                .into_iter()
                .map(|e| {
                    view! {
                        <li class="event-card">
                            <a href=format!("/club/{club}/events/{}", e.id)>{e.title}</a>
                            <br />
                            <small>
                                {ru::label(&ru::CLUB_EVENT_KINDS, &e.kind).to_string()} " · "
                                <span class="local-time">{ru::club_event_when(&e.date, &e.time, &e.offset)}</span>
                                " · " {ru::club_event_seats(e.registered, e.capacity)}
                            </small>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn NewEventForm(club: String, create: ServerAction<CreateEvent>) -> impl IntoView {
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let kinds: Vec<(String, String)> = KINDS
        .iter()
        .map(|k| (k.to_string(), ru::label(&ru::CLUB_EVENT_KINDS, k).to_string()))
        .collect();
    view! {
        <details class="new-event">
            <summary>{ru::CLUB_EVENT_NEW}</summary>
            <ActionForm action=create>
                <input type="hidden" name="club" value=club />
                <Select label=ru::CLUB_EVENT_FIELD_KIND name="form[kind]" options=kinds required=true />
                <Field label=ru::CLUB_EVENT_FIELD_TITLE>
                    <input name="form[title]" required maxlength="300" />
                </Field>
                <Area label=ru::CLUB_EVENT_FIELD_DESCRIPTION name="form[description]" />
                <Field label=ru::CLUB_EVENT_FIELD_STARTS>
                    <input name="form[starts_at]" type="datetime-local" required />
                </Field>
                <Field label=ru::CLUB_EVENT_FIELD_DURATION>
                    <input name="form[duration_minutes]" type="number" min="5" max="1440" value="90" />
                </Field>
                <Field label=ru::CLUB_EVENT_FIELD_CAPACITY>
                    <input name="form[capacity]" type="number" min="1" />
                </Field>
                <Field label=ru::CLUB_EVENT_FIELD_LINK>
                    <input name="form[link]" type="url" />
                </Field>
                <Field label=ru::CLUB_EVENT_FIELD_PLACE>
                    <input name="form[place]" />
                </Field>
                <FormError error />
                <Submit label=ru::CLUB_EVENT_CREATE pending=create.pending().into() />
            </ActionForm>
        </details>
    }
}
