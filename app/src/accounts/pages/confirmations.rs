//! `/r/:slug/confirmations`: the queue of school memberships to confirm. Plain forms, one card
//! per person, so the page works without scripts and on a phone.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::confirmations::{
    get_confirmation_queue, ConfirmMembership, ConfirmationQueue, PendingMember, RejectMembership,
};
use crate::components::form::Field;
use crate::components::{action_error, route_slug as slug, FormError, PageError};
use crate::i18n::ru;

#[component]
pub fn ConfirmationsPage() -> impl IntoView {
    let slug = slug();
    let confirm = ServerAction::<ConfirmMembership>::new();
    let reject = ServerAction::<RejectMembership>::new();
    let queue = Resource::new(
        move || (slug.get(), confirm.version().get(), reject.version().get()),
        |(slug, ..)| get_confirmation_queue(slug),
    );
    let error = Signal::derive(move || action_error(confirm)().or_else(action_error(reject)));
    view! {
        <Title text=ru::CONFIRMATIONS_TITLE />
        <h1>{ru::CONFIRMATIONS_TITLE}</h1>
        <FormError error />
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(queue) => view! { <Queue queue slug=slug.get_untracked() confirm reject /> }.into_any(),
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Queue(
    queue: ConfirmationQueue,
    slug: String,
    confirm: ServerAction<ConfirmMembership>,
    reject: ServerAction<RejectMembership>,
) -> impl IntoView {
    let note = if queue.regional {
        ru::CONFIRMATIONS_NOTE_OPERATOR
    } else {
        ru::CONFIRMATIONS_NOTE_DIRECTOR
    };
    let list = if queue.pending.is_empty() {
        view! { <p class="muted">{ru::CONFIRMATIONS_EMPTY}</p> }.into_any()
    } else {
        queue
            .pending
            .into_iter()
            .map(|person| view! { <PendingCard person slug=slug.clone() confirm reject /> })
            .collect_view()
            .into_any()
    };
    view! {
        <p class="notice">{note}</p>
        {list}
    }
}

#[component]
fn PendingCard(
    person: PendingMember,
    slug: String,
    confirm: ServerAction<ConfirmMembership>,
    reject: ServerAction<RejectMembership>,
) -> impl IntoView {
    let PendingMember {
        user_id,
        full_name,
        email,
        position,
        school,
        municipality,
        registered_at,
    } = person;
    let place = [school, municipality]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let (reject_slug, reject_user) = (slug.clone(), user_id.clone());
    let card_email = email.clone();
    view! {
        <article class="card pending-member" data-email=card_email>
            <p>
                <strong>{full_name}</strong>
                <br />
                <span class="muted">{email}</span>
            </p>
            <p>{ru::label(&ru::POSITIONS, &position).to_string()} " · " {place}</p>
            <p class="muted">{ru::CONFIRMATIONS_REGISTERED} ": " {registered_at}</p>
            <ActionForm action=confirm attr:class="inline">
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="user_id" value=user_id />
                <button type="submit" class="primary">{ru::CONFIRM_MEMBER}</button>
            </ActionForm>
            <ActionForm action=reject attr:class="inline-form">
                <input type="hidden" name="slug" value=reject_slug />
                <input type="hidden" name="user_id" value=reject_user />
                <Field label=ru::FIELD_REJECT_REASON>
                    <input name="reason" required maxlength="500" />
                </Field>
                <button type="submit">{ru::REJECT_MEMBER}</button>
            </ActionForm>
        </article>
    }
}
