//! Invitations outside their own page: the person's open ones in the cabinet and the
//! operator's list of those sent.

use leptos::prelude::*;

use crate::access::Role;
use crate::accounts::{get_my_invitations, get_pending_invitations, AcceptMyInvitation, Invite};
use crate::components::{action_error, FormError};
use crate::i18n::ru;

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
                                            .map(|code| Role::from_code(code).map_or(code.as_str(), |role| role.label()))
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
