//! `/club/:club/events/:id`: an event in the member's time, registration, its `.ics`, and its
//! materials (summary, recordings, presentations), which moderators edit here.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::club::events::{get_event, EventView, RegisterEvent, SaveMaterials, UnregisterEvent};
use crate::components::form::Area;
use crate::components::{query_param, route_param, FormError, PageError};
use crate::i18n::ru;

#[component]
pub fn EventPage() -> impl IntoView {
    let club = route_param("club");
    let id = route_param("id");
    // The outcome of uploading a presentation (club::events::presentations), a plain form post.
    let (uploaded, upload_error) = (query_param("uploaded"), query_param("upload_error"));
    let register = ServerAction::<RegisterEvent>::new();
    let unregister = ServerAction::<UnregisterEvent>::new();
    let save = ServerAction::<SaveMaterials>::new();
    let event = Resource::new(
        move || {
            (
                club.get(),
                id.get(),
                register.version().get(),
                unregister.version().get(),
                save.version().get(),
            )
        },
        |(club, id, ..)| get_event(club, id),
    );
    let error = Signal::derive(move || {
        register
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| save.value().get().and_then(Result::err))
    });
    view! {
        <Title text=ru::CLUB_EVENTS_TITLE />
        <p><a href=move || format!("/club/{}/events", club.get())>{ru::CLUB_EVENTS_TITLE}</a></p>
        {move || uploaded.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
        {move || upload_error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match event.await {
                    Ok(view) => view! { <Event view club=club.get_untracked() register unregister save /> }.into_any(),
                    Err(error) => view! { <PageError error slug=String::new() /> }.into_any(),
                }
            })}
        </Suspense>
        <FormError error />
    }
}

#[component]
fn Event(
    view: EventView,
    club: String,
    register: ServerAction<RegisterEvent>,
    unregister: ServerAction<UnregisterEvent>,
    save: ServerAction<SaveMaterials>,
) -> impl IntoView {
    let e = view.card;
    let ics = format!("/club/{club}/events/{}/event.ics", e.id);
    let full = e.capacity.is_some_and(|c| e.registered >= i64::from(c));
    let (club_r, id_r) = (club.clone(), e.id.clone());
    let registration = move || {
        let (club, id) = (club_r.clone(), id_r.clone());
        if e.past {
            None
        } else if e.me_registered {
            Some(
                view! {
                    <p class="notice" role="status">{ru::CLUB_EVENT_REGISTERED}</p>
                    <ActionForm action=unregister>
                        <input type="hidden" name="club" value=club />
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class="secondary">{ru::CLUB_EVENT_UNREGISTER}</button>
                    </ActionForm>
                }
                .into_any(),
            )
        } else if full {
            Some(view! { <p class="notice">{ru::CLUB_EVENT_FULL}</p> }.into_any())
        } else {
            Some(
                view! {
                    <ActionForm action=register>
                        <input type="hidden" name="club" value=club />
                        <input type="hidden" name="id" value=id />
                        <button type="submit">{ru::CLUB_EVENT_REGISTER}</button>
                    </ActionForm>
                }
                .into_any(),
            )
        }
    };
    view! {
        <h1>{e.title.clone()}</h1>
        <p>
            {ru::label(&ru::CLUB_EVENT_KINDS, &e.kind).to_string()} " · "
            <b class="local-time">{ru::club_event_when(&e.date, &e.time, &e.offset)}</b>
            " (" {ru::CLUB_EVENT_TIME_NOTE} ") · " {ru::club_event_duration(e.duration_minutes)}
        </p>
        {e.link.clone().map(|link| {
            let text = link.clone();
            view! { <p>{ru::CLUB_EVENT_LINK} ": " <a href=link rel="noopener noreferrer">{text}</a></p> }
        })}
        {e.place.clone().map(|place| view! { <p>{ru::CLUB_EVENT_PLACE} ": " {place}</p> })}
        <p class="seats">{ru::club_event_seats(e.registered, e.capacity)}</p>
        {registration()}
        <p><a href=ics download="event.ics">{ru::CLUB_EVENT_ICS}</a></p>
        <div class="markdown" inner_html=view.description_html></div>
        <Materials
            summary_html=view.summary_html
            recordings=view.recordings.clone()
            files=view.files
            base=format!("/club/{club}/events/{}/files", e.id)
        />
        {view.can_manage.then(|| {
            let upload = format!("/club/{club}/events/{}/files", e.id);
            view! {
                <details class="materials-form">
                    <summary>{ru::CLUB_EVENT_MATERIALS}</summary>
                    <ActionForm action=save>
                        <input type="hidden" name="club" value=club.clone() />
                        <input type="hidden" name="id" value=e.id.clone() />
                        <Area label=ru::CLUB_EVENT_FIELD_SUMMARY name="summary" value=view.summary.unwrap_or_default() rows=8 />
                        <Area label=ru::CLUB_EVENT_FIELD_RECORDINGS name="recordings" value=view.recordings.join("\n") />
                        <button type="submit">{ru::CLUB_EVENT_SAVE_MATERIALS}</button>
                    </ActionForm>
                    <form class="club-attach" method="post" enctype="multipart/form-data" action=upload>
                        <label class="field">
                            <span>{ru::CLUB_EVENT_UPLOAD_PRESENTATION}</span>
                            <input type="file" name="file" multiple required accept=".pdf,.pptx" />
                            <small class="muted">{ru::CLUB_EVENT_PRESENTATION_HINT}</small>
                        </label>
                        <button type="submit">{ru::CLUB_EVENT_UPLOAD_PRESENTATION}</button>
                    </form>
                </details>
            }
        })}
    }
}

#[component]
fn Materials(
    summary_html: Option<String>,
    recordings: Vec<String>,
    files: Vec<crate::club::events::EventFile>,
    base: String,
) -> impl IntoView {
    if summary_html.is_none() && recordings.is_empty() && files.is_empty() {
        return ().into_any();
    }
    view! {
        <h2>{ru::CLUB_EVENT_MATERIALS}</h2>
        {summary_html.map(|html| view! { <h3>{ru::CLUB_EVENT_SUMMARY}</h3><div class="markdown" inner_html=html></div> })}
        {(!recordings.is_empty()).then(|| view! {
            <h3>{ru::CLUB_EVENT_RECORDINGS}</h3>
            <ul>{recordings.into_iter().map(|url| {
                let text = url.clone();
                view! { <li><a href=url rel="noopener noreferrer">{text}</a></li> }
            }).collect_view()}</ul>
        })}
        {(!files.is_empty()).then(|| view! {
            <h3>{ru::CLUB_EVENT_PRESENTATIONS}</h3>
            <ul class="club-files">{files.into_iter().map(|f| {
                let href = format!("{base}/{}", f.id);
                view! {
                    <li>
                        <a href=href download=f.file_name.clone()>{f.file_name.clone()}</a>
                        " · "<span class="muted">{ru::file_size(f.size_bytes)}</span>
                    </li>
                }
            }).collect_view()}</ul>
        })}
    }
    .into_any()
}
