//! `/r/:slug/register`: registration in the region.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::{get_registration_options, Register, RegistrationOptions, SchoolOption};
use crate::components::form::Field;
use crate::components::{action_error, route_slug, FormError, PageError, Submit};
use crate::i18n::ru;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let slug = route_slug();
    let options = Resource::new(move || slug.get(), get_registration_options);
    view! {
        <Title text=ru::REGISTER_TITLE />
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match options.await {
                    Ok(options) => Either::Left(view! { <RegisterForm options slug=slug.get_untracked() /> }),
                    Err(error) => Either::Right(view! { <PageError error slug=slug.get_untracked() /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RegisterForm(options: RegistrationOptions, slug: String) -> impl IntoView {
    let action = ServerAction::<Register>::new();
    let schools = StoredValue::new(options.schools);
    let done = move || matches!(action.value().get(), Some(Ok(())));
    let error = Signal::derive(action_error(action));
    let pending = action.pending().into();
    view! {
        <section class="form-page">
            <h1>{ru::REGISTER_TITLE}</h1>
            <p class="muted">{options.region_name}</p>
            <Show
                when=done
                fallback=move || {
                    let login_href = format!("/r/{slug}/login");
                    let slug = slug.clone();
                    let municipalities = options.municipalities.clone();
                    view! {
                        <ActionForm action>
                            <input type="hidden" name="form[slug]" value=slug />
                            <Field label=ru::FIELD_FULL_NAME>
                                <input name="form[full_name]" required autocomplete="name" />
                            </Field>
                            <Field label=ru::FIELD_EMAIL>
                                <input name="form[email]" type="email" required autocomplete="email" />
                            </Field>
                            <PlaceFields municipalities schools />
                            <Field label=ru::FIELD_POSITION>
                                <select name="form[position]" required>
                                    <option value="">{ru::CHOOSE}</option>
                                    {ru::POSITIONS
                                        .iter()
                                        .map(|(code, label)| view! { <option value=*code>{*label}</option> })
                                        .collect_view()}
                                </select>
                            </Field>
                            <Field label=ru::FIELD_SUBJECTS>
                                <input name="form[subjects]" />
                            </Field>
                            <Field label=ru::FIELD_EXPERIENCE>
                                <input name="form[experience_years]" type="number" min="0" max="70" />
                            </Field>
                            <label class="check">
                                <input type="checkbox" name="form[consent]" required />
                                <span>{ru::FIELD_CONSENT}</span>
                            </label>
                            <FormError error />
                            <Submit label=ru::REGISTER_SUBMIT pending />
                        </ActionForm>
                        <p>
                            <a href=login_href>{ru::NAV_LOGIN}</a>
                        </p>
                    }
                }
            >
                <p class="success" role="status">{ru::REGISTER_DONE}</p>
            </Show>
        </section>
    }
}

/// The municipality and, among its schools only, the school.
#[component]
fn PlaceFields(
    municipalities: Vec<(String, String)>,
    schools: StoredValue<Vec<SchoolOption>>,
) -> impl IntoView {
    let municipality = RwSignal::new(String::new());
    view! {
        <Field label=ru::FIELD_MUNICIPALITY>
            <select
                name="form[municipality_id]"
                required
                on:change=move |ev| municipality.set(event_target_value(&ev))
            >
                <option value="">{ru::CHOOSE}</option>
                {municipalities
                    .into_iter()
                    .map(|(id, name)| view! { <option value=id>{name}</option> })
                    .collect_view()}
            </select>
        </Field>
        <Field label=ru::FIELD_SCHOOL>
            <select name="form[school_id]" required>
                <option value="">{ru::CHOOSE}</option>
                {move || {
                    let chosen = municipality.get();
                    schools
                        .with_value(|all| {
                            all.iter().filter(|s| s.municipality_id == chosen).cloned().collect::<Vec<_>>()
                        })
                        .into_iter()
                        .map(|s| view! { <option value=s.id>{s.name}</option> })
                        .collect_view()
                }}
            </select>
        </Field>
    }
}
