//! `/r/:slug/admin/people`: the region's people, their roles and access, and invitations.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::access::Role;
use crate::accounts::{
    get_people, widgets::PendingInvitationsSection, Invite, Person, SetMemberActive, SetRole,
};
use crate::components::form::{Field, RegionForm};
use crate::components::{action_error, route_slug, FormError, PageError, Submit};
use crate::i18n::ru;

#[component]
pub fn PeoplePage() -> impl IntoView {
    let slug = route_slug();
    let invite = ServerAction::<Invite>::new();
    let set_role = ServerAction::<SetRole>::new();
    let set_active = ServerAction::<SetMemberActive>::new();
    let people = Resource::new(
        move || {
            (
                slug.get(),
                invite.version().get(),
                set_role.version().get(),
                set_active.version().get(),
            )
        },
        |(slug, ..)| get_people(slug),
    );
    let change_error = Signal::derive(move || action_error(set_role)().or_else(action_error(set_active)));
    view! {
        <Title text=ru::ADMIN_PEOPLE_TITLE />
        <h1>{ru::ADMIN_PEOPLE_TITLE}</h1>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match people.await {
                    Ok(list) => {
                        let slug = slug.get_untracked();
                        view! {
                            <FormError error=change_error />
                            <table class="data people">
                                <thead>
                                    <tr>
                                        <th>{ru::COLUMN_PERSON}</th>
                                        <th>{ru::FIELD_POSITION}</th>
                                        <th>{ru::CABINET_ROLES}</th>
                                        <th></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|person| view! { <PersonRow person slug=slug.clone() set_role set_active /> })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
        <PendingInvitationsSection slug invite />
        <InviteForm invite />
    }
}

#[component]
fn InviteForm(invite: ServerAction<Invite>) -> impl IntoView {
    let error = Signal::derive(action_error(invite));
    let pending = invite.pending().into();
    view! {
        <h2>{ru::ADMIN_INVITE_TITLE}</h2>
        <RegionForm action=invite>
            <Field label=ru::FIELD_FULL_NAME>
                <input name="full_name" required />
            </Field>
            <Field label=ru::FIELD_EMAIL>
                <input name="email" type="email" required />
            </Field>
            <Field label=ru::FIELD_ROLE>
                <RoleSelect />
            </Field>
            <FormError error />
            <Show when=move || matches!(invite.value().get(), Some(Ok(())))>
                <p class="success" role="status">{ru::ADMIN_INVITE_DONE}</p>
            </Show>
            <Submit label=ru::ADMIN_INVITE_SUBMIT pending />
        </RegionForm>
    }
}

#[component]
fn RoleSelect() -> impl IntoView {
    view! {
        <select name="role" required>
            {Role::ALL
                .into_iter()
                .map(|role| view! { <option value=role.code()>{role.label()}</option> })
                .collect_view()}
        </select>
    }
}

/// A role the person holds, with a button that revokes it.
#[component]
fn HeldRole(code: String, slug: String, user_id: String, set_role: ServerAction<SetRole>) -> impl IntoView {
    let label = Role::from_code(&code).map_or(code.clone(), |role| role.label().to_string());
    view! {
        <ActionForm action=set_role attr:class="inline">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="user_id" value=user_id />
            <input type="hidden" name="role" value=code />
            <span class="role">{label}</span>
            <button type="submit" title=ru::ADMIN_REVOKE>"×"</button>
        </ActionForm>
    }
}

#[component]
fn PersonRow(
    person: Person,
    slug: String,
    set_role: ServerAction<SetRole>,
    set_active: ServerAction<SetMemberActive>,
) -> impl IntoView {
    let Person {
        user_id,
        full_name,
        email,
        position,
        school,
        active,
        confirmed,
        roles,
    } = person;
    let notes = [
        (!confirmed).then_some(ru::ADMIN_NOT_CONFIRMED),
        (!active).then_some(ru::ADMIN_INACTIVE),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let role_forms = roles
        .into_iter()
        .map(|code| view! { <HeldRole code slug=slug.clone() user_id=user_id.clone() set_role /> })
        .collect_view();
    let (grant_slug, grant_user) = (slug.clone(), user_id.clone());
    let row_email = email.clone();
    view! {
        <tr data-email=row_email>
            <td>
                <strong>{full_name}</strong>
                <br />
                <span class="muted">{email}</span>
                <br />
                <span class="error-text">{notes}</span>
            </td>
            <td>{ru::label(&ru::POSITIONS, &position).to_string()} <br /> {school.unwrap_or_default()}</td>
            <td>
                {role_forms}
                <ActionForm action=set_role attr:class="inline">
                    <input type="hidden" name="slug" value=grant_slug />
                    <input type="hidden" name="user_id" value=grant_user />
                    <input type="hidden" name="grant" value="on" />
                    <RoleSelect />
                    <button type="submit">{ru::ADMIN_GRANT}</button>
                </ActionForm>
            </td>
            <td>
                <ActionForm action=set_active>
                    <input type="hidden" name="slug" value=slug />
                    <input type="hidden" name="user_id" value=user_id />
                    {(!active).then(|| view! { <input type="hidden" name="active" value="on" /> })}
                    <button type="submit">{if active { ru::ADMIN_DEACTIVATE } else { ru::ADMIN_REACTIVATE }}</button>
                </ActionForm>
            </td>
        </tr>
    }
}
