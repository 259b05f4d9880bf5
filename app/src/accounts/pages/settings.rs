//! `/r/:slug/settings`: the account's settings (personal data, e-mail address, password, the
//! download of one's data, deletion), reached from the cabinet. A page of its own, so that the
//! cabinet, opened after every login, does not load the code of these forms.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::{
    get_profile, ChangePassword, DeleteAccount, Profile, RequestEmailChange, UpdateProfile,
};
use crate::components::form::{Field, RegionForm};
use crate::components::{action_error, route_slug, FormError, PageError, Submit};
use crate::error::AppError;
use crate::i18n::ru;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let slug = route_slug();
    let profile = Resource::new(move || slug.get(), get_profile);
    view! {
        <Title text=ru::SETTINGS_TITLE />
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match profile.await.and_then(|p| p.ok_or(AppError::Unauthorized)) {
                    Ok(profile) => view! { <Settings profile slug=slug.get_untracked() /> }.into_any(),
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Settings(profile: Profile, slug: String) -> impl IntoView {
    view! {
        <section class="cabinet">
            <p>
                <a href=format!("/r/{slug}/cabinet")>{ru::DIAG_BACK_TO_CABINET}</a>
            </p>
            <h1>{ru::SETTINGS_TITLE}</h1>
            <ProfileForm profile />
            <EmailForm />
            <PasswordForm />
            <h2>{ru::MY_DATA_TITLE}</h2>
            <p>
                <a href="/my-data.json" download="rost-my-data.json" rel="external">{ru::MY_DATA_DOWNLOAD}</a>
            </p>
            <DeleteForm />
        </section>
    }
}

#[component]
fn ProfileForm(profile: Profile) -> impl IntoView {
    let edit = ServerAction::<UpdateProfile>::new();
    let error = Signal::derive(action_error(edit));
    let pending = edit.pending().into();
    let subjects = profile.subjects.join(", ");
    let experience = profile
        .experience_years
        .map(|y| y.to_string())
        .unwrap_or_default();
    view! {
        <h2>{ru::PROFILE_TITLE}</h2>
        <RegionForm action=edit>
            <Field label=ru::FIELD_FULL_NAME>
                <input name="full_name" required value=profile.full_name />
            </Field>
            <Field label=ru::FIELD_SUBJECTS>
                <input name="subjects" value=subjects />
            </Field>
            <Field label=ru::FIELD_EXPERIENCE>
                <input name="experience_years" type="number" min="0" max="70" value=experience />
            </Field>
            <FormError error />
            <Show when=move || matches!(edit.value().get(), Some(Ok(())))>
                <p class="success" role="status">{ru::PROFILE_DONE}</p>
            </Show>
            <Submit label=ru::PROFILE_SUBMIT pending />
        </RegionForm>
    }
}

#[component]
fn EmailForm() -> impl IntoView {
    let change_email = ServerAction::<RequestEmailChange>::new();
    let error = Signal::derive(action_error(change_email));
    let pending = change_email.pending().into();
    view! {
        <h2>{ru::CHANGE_EMAIL_TITLE}</h2>
        <RegionForm action=change_email>
            <Field label=ru::FIELD_NEW_EMAIL>
                <input name="email" type="email" required />
            </Field>
            <Field label=ru::FIELD_CURRENT_PASSWORD>
                <input name="password" type="password" required autocomplete="current-password" />
            </Field>
            <FormError error />
            <Show when=move || matches!(change_email.value().get(), Some(Ok(())))>
                <p class="success" role="status">{ru::CHANGE_EMAIL_DONE}</p>
            </Show>
            <Submit label=ru::CHANGE_EMAIL_SUBMIT pending />
        </RegionForm>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let error = Signal::derive(action_error(change));
    let pending = change.pending().into();
    view! {
        <h2>{ru::CHANGE_PASSWORD_TITLE}</h2>
        <RegionForm action=change>
            <Field label=ru::FIELD_CURRENT_PASSWORD>
                <input name="current_password" type="password" required autocomplete="current-password" />
            </Field>
            <Field label=ru::FIELD_NEW_PASSWORD>
                <input name="new_password" type="password" required minlength="8" autocomplete="new-password" />
            </Field>
            <FormError error />
            <Show when=move || matches!(change.value().get(), Some(Ok(())))>
                <p class="success" role="status">{ru::CHANGE_PASSWORD_DONE}</p>
            </Show>
            <Submit label=ru::CHANGE_PASSWORD_SUBMIT pending />
        </RegionForm>
    }
}

#[component]
fn DeleteForm() -> impl IntoView {
    let delete = ServerAction::<DeleteAccount>::new();
    let error = Signal::derive(action_error(delete));
    let pending = delete.pending().into();
    view! {
        <h2>{ru::DELETE_ACCOUNT_TITLE}</h2>
        <p class="muted">{ru::DELETE_ACCOUNT_TEXT}</p>
        <RegionForm action=delete>
            <Field label=ru::FIELD_PASSWORD>
                <input name="password" type="password" required autocomplete="current-password" />
            </Field>
            <FormError error />
            <Submit label=ru::DELETE_ACCOUNT_SUBMIT pending />
        </RegionForm>
    }
}
