//! `/r/:slug/invitation?token=…`: what is offered, and how to accept it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::accounts::{get_invitation, AcceptInvitation, InvitationAccess, InvitationView};
use crate::components::form::Field;
use crate::components::{action_error, route_slug, FormError, PageError, Submit};
use crate::i18n::ru;

#[component]
pub fn InvitationPage() -> impl IntoView {
    let slug = route_slug();
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
            <Field label=ru::FIELD_NEW_PASSWORD hint=ru::FIELD_PASSWORD_HINT>
                <input name="password" type="password" required minlength="8" autocomplete="new-password" />
            </Field>
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
