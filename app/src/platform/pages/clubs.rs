//! `/admin/clubs`: every interregional club, and the form that creates one.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use super::AdminError;
use crate::components::{action_error, form::Field, FormError, Submit};
use crate::i18n::ru;
use crate::platform::{get_platform_clubs, ClubSummary, CreateClub};

#[component]
pub fn PlatformClubsPage() -> impl IntoView {
    let create = ServerAction::<CreateClub>::new();
    let clubs = Resource::new(move || create.version().get(), |_| get_platform_clubs());
    view! {
        <Title text=ru::PLATFORM_CLUBS_TITLE />
        <h1>{ru::PLATFORM_CLUBS_TITLE}</h1>
        <p><a href="/admin">{ru::PLATFORM_TITLE}</a></p>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match clubs.await {
                    Ok(page) => view! {
                        <ClubTable list=page.clubs />
                        <CreateClubForm create regions=page.regions />
                    }
                        .into_any(),
                    Err(error) => view! { <AdminError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ClubTable(list: Vec<ClubSummary>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p>{ru::PLATFORM_CLUBS_EMPTY}</p> }.into_any();
    }
    view! {
        <table class="data platform-clubs">
            <thead>
                <tr>
                    <th>{ru::COLUMN_CLUB}</th>
                    <th>{ru::COLUMN_CLUB_REGIONS}</th>
                    <th>{ru::COLUMN_MODERATORS}</th>
                    <th>{ru::COLUMN_THREADS}</th>
                </tr>
            </thead>
            <tbody>
                {list
                    .into_iter()
                    .map(|club| {
                        view! {
                            <tr data-slug=club.slug.clone()>
                                <td><a href=format!("/club/{}", club.slug)>{club.name}</a></td>
                                <td>{club.regions}</td>
                                <td>{club.moderators}</td>
                                <td>{club.threads}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn CreateClubForm(create: ServerAction<CreateClub>, regions: Vec<(String, String)>) -> impl IntoView {
    let error = Signal::derive(action_error(create));
    let pending = create.pending().into();
    let created = move || match create.value().get() {
        Some(Ok(slug)) => Some(view! {
            <p class="success" role="status">
                {ru::PLATFORM_CLUB_CREATED} " " <a href=format!("/club/{slug}")>{format!("/club/{slug}")}</a>
            </p>
        }),
        _ => None,
    };
    view! {
        <h2>{ru::PLATFORM_NEW_CLUB}</h2>
        <ActionForm action=create attr:class="platform-create">
            <Field label=ru::FIELD_CLUB_SLUG hint=ru::FIELD_CLUB_SLUG_HINT>
                <input name="form[slug]" required autocomplete="off" />
            </Field>
            <Field label=ru::FIELD_CLUB_NAME>
                <input name="form[name]" required />
            </Field>
            <Field label=ru::FIELD_CLUB_DESCRIPTION>
                <textarea name="form[description]" rows="3"></textarea>
            </Field>
            <fieldset class="status">
                <legend>{ru::FIELD_CLUB_REGIONS}</legend>
                <small class="muted">{ru::FIELD_CLUB_REGIONS_HINT}</small>
                {regions
                    .into_iter()
                    .map(|(slug, name)| {
                        view! {
                            <label class="check">
                                <input type="checkbox" name=format!("form[regions][{slug}]") />
                                <span>{name}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <Field label=ru::FIELD_CLUB_MODERATORS hint=ru::FIELD_CLUB_MODERATORS_HINT>
                <textarea name="form[moderators]" rows="2"></textarea>
            </Field>
            <FormError error />
            {created}
            <Submit label=ru::PLATFORM_CLUB_CREATE_SUBMIT pending />
        </ActionForm>
    }
}
