//! The invitation pages: the page of the e-mailed link, the invitations in the personal account
//! and the operator's list of invitations sent.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::*;
use crate::components::{action_error, route_slug as slug, FormError, PageError, Submit};
use crate::i18n::ru;

/// `/r/:slug/invitation?token=…`: what is offered, and how to accept it.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let slug = slug();
    let token = use_query_map().read_untracked().get("token").unwrap_or_default();
    let token_for_view = token.clone();
    let invitation = Resource::new(move || (slug.get(), token.clone()), |(s, t)| get_invitation(s, t));
    view! {
        <Title text=ru::INVITATION_TITLE />
        <section class="form-page">
            <h1>{ru::INVITATION_TITLE}</h1>
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || {
                    let token = token_for_view.clone();
                    Suspend::new(async move {
                        match invitation.await {
                            Ok(view) => view! { <InvitationForm view token slug=slug.get_untracked() /> }.into_any(),
                            Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn InvitationForm(view: InvitationView, token: String, slug: String) -> impl IntoView {
    let action = ServerAction::<AcceptInvitation>::new();
    let offer = ru::invitation_offer(&view.region_name, &view.roles);
    let cabinet = format!("/r/{slug}/cabinet");
    let (access, email) = (view.access, view.email.clone());
    let fallback = move || accept_form(access, &email, &slug, &token, action);
    view! {
        <p class="muted">{view.email}</p>
        <p>{offer}</p>
        <Show when=move || matches!(action.value().get(), Some(Ok(()))) fallback>
            <p class="success" role="status">{ru::INVITATION_DONE}</p>
            <a href=cabinet.clone()>{ru::NAV_CABINET}</a>
        </Show>
    }
}

/// How to accept: sign in first, or a button (with a new password when there is no account).
fn accept_form(
    access: InvitationAccess,
    email: &str,
    slug: &str,
    token: &str,
    action: ServerAction<AcceptInvitation>,
) -> AnyView {
    if access == InvitationAccess::SignIn {
        let (text, login) = (ru::invitation_sign_in(email), format!("/r/{slug}/login"));
        return view! {
            <p>{text}</p>
            <a href=login>{ru::NAV_LOGIN}</a>
        }
        .into_any();
    }
    let error = Signal::derive(action_error(action));
    let pending = action.pending().into();
    let password = (access == InvitationAccess::SetPassword).then(|| {
        view! {
            <p>{ru::INVITATION_SET_PASSWORD}</p>
            <label class="field">
                <span>{ru::FIELD_NEW_PASSWORD}</span>
                <input name="password" type="password" required minlength="8" autocomplete="new-password" />
                <small class="muted">{ru::FIELD_PASSWORD_HINT}</small>
            </label>
        }
    });
    let (slug, token) = (slug.to_string(), token.to_string());
    view! {
        <ActionForm action>
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="token" value=token />
            {password}
            <FormError error />
            <Submit label=ru::INVITATION_ACCEPT pending />
        </ActionForm>
    }
    .into_any()
}

/// The signed-in person's open invitations to this region, each with «Принять приглашение».
#[component]
pub fn MyInvitationsSection(slug: String) -> impl IntoView {
    let accept = ServerAction::<AcceptMyInvitation>::new();
    let key = slug.clone();
    let invitations = Resource::new(
        move || (key.clone(), accept.version().get()),
        |(s, _)| get_my_invitations(s),
    );
    let error = Signal::derive(action_error(accept));
    view! {
        <Suspense>
            {move || {
                let slug = slug.clone();
                Suspend::new(async move {
                    let list = invitations.await.unwrap_or_default();
                    (!list.is_empty())
                        .then(|| {
                            view! {
                                <section class="invitations">
                                    <h2>{ru::MY_INVITATIONS_TITLE}</h2>
                                    <FormError error />
                                    {list
                                        .into_iter()
                                        .map(|invitation| {
                                            let slug = slug.clone();
                                            view! {
                                                <ActionForm action=accept>
                                                    <input type="hidden" name="slug" value=slug />
                                                    <input type="hidden" name="id" value=invitation.id />
                                                    <p>{invitation.roles}</p>
                                                    <button type="submit" class="primary">{ru::INVITATION_ACCEPT}</button>
                                                </ActionForm>
                                            }
                                        })
                                        .collect_view()}
                                </section>
                            }
                        })
                })
            }}
        </Suspense>
    }
}

/// The operator's list of invitations not yet accepted: only what the operator typed.
#[component]
pub fn PendingInvitationsSection(slug: Signal<String>, invite: ServerAction<Invite>) -> impl IntoView {
    let pending = Resource::new(
        move || (slug.get(), invite.version().get()),
        |(slug, _)| get_pending_invitations(slug),
    );
    view! {
        <h2>{ru::INVITATIONS_SENT_TITLE}</h2>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match pending.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{ru::INVITATIONS_NONE}</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="data invitations">
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|i| {
                                        let roles = i
                                            .roles
                                            .iter()
                                            .map(|r| ru::label(&ru::ROLES, r))
                                            .collect::<Vec<_>>()
                                            .join(", ");
                                        let row_email = i.email.clone();
                                        view! {
                                            <tr data-email=row_email>
                                                <td>{i.full_name}<br /><span class="muted">{i.email}</span></td>
                                                <td>{roles}</td>
                                                <td>{ru::INVITATION_STATUS_SENT} " " {i.sent_at}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any(),
                    Err(_) => ().into_any(),
                }
            })}
        </Suspense>
    }
}
