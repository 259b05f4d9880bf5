//! What accounts contributes to the personal cabinet (`crate::cabinet`): who the person is at
//! the top, and at the bottom logging out and the link to the account's settings, which have
//! their own page (`pages::settings`) so that the cabinet's chunk does not carry their forms.

use leptos::prelude::*;

use super::{MembershipNoticeSection, MyInvitationsSection};
use crate::access::Role;
use crate::accounts::{Logout, Profile};
use crate::components::form::RegionForm;
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

/// Logging out, and the link to the page that changes or removes the account.
#[component]
pub fn CabinetSettings(slug: String) -> impl IntoView {
    view! {
        <LogoutButtons />
        <nav class="admin-links">
            <a href=format!("/r/{slug}/settings")>{ru::SETTINGS_TITLE}</a>
        </nav>
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
