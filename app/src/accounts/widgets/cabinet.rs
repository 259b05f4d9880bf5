//! What accounts contributes to the personal cabinet (`crate::cabinet`): who the person is at
//! the top, and the account's own settings at the bottom.

use leptos::prelude::*;

use super::{MembershipNoticeSection, MyInvitationsSection};
use crate::access::Role;
use crate::accounts::{ChangePassword, DeleteAccount, Logout, Profile, RequestEmailChange, UpdateProfile};
use crate::components::form::{Field, RegionForm};
use crate::components::{action_error, FormError, Submit};
use crate::i18n::ru;

/// The person's facts, their open invitations and the state of their school membership.
#[component]
pub fn CabinetHead(profile: Profile, slug: String) -> impl IntoView {
    let roles = profile
        .roles
        .iter()
        .map(|code| Role::from_code(code).map_or(code.as_str(), |role| role.label()))
        .collect::<Vec<_>>()
        .join(", ");
    let position = profile
        .position
        .as_deref()
        .map(|p| ru::label(&ru::POSITIONS, p).to_string());
    view! {
        <h1>{ru::CABINET_TITLE}</h1>
        <p class="person">{profile.full_name}</p>
        <dl class="facts">
            <dt>{ru::FIELD_EMAIL}</dt>
            <dd>{profile.email}</dd>
            <dt>{ru::CABINET_REGION}</dt>
            <dd>{profile.region_name}</dd>
            <dt>{ru::CABINET_SCHOOL}</dt>
            <dd>{profile.school.unwrap_or_default()}</dd>
            <dt>{ru::FIELD_POSITION}</dt>
            <dd>{position.unwrap_or_default()}</dd>
            <dt>{ru::CABINET_ROLES}</dt>
            <dd class="roles">{roles}</dd>
        </dl>
        <MyInvitationsSection slug=slug.clone() />
        <MembershipNoticeSection slug />
    }
}

/// Logging out, and the sections that change or remove the account.
#[component]
pub fn CabinetSettings(profile: Profile) -> impl IntoView {
    view! {
        <LogoutButtons />
        <ProfileForm profile />
        <EmailForm />
        <PasswordForm />
        <h2>{ru::MY_DATA_TITLE}</h2>
        <p>
            <a href="/my-data.json" download="rost-my-data.json" rel="external">{ru::MY_DATA_DOWNLOAD}</a>
        </p>
        <DeleteForm />
    }
}

#[component]
fn LogoutButtons() -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    view! {
        <div class="actions">
            <RegionForm action=logout>
                <button type="submit">{ru::NAV_LOGOUT}</button>
            </RegionForm>
            <RegionForm action=logout>
                <input type="hidden" name="everywhere" value="on" />
                <button type="submit">{ru::LOGOUT_EVERYWHERE}</button>
            </RegionForm>
        </div>
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
