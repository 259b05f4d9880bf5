//! «Уведомления по теме / по разделу»: the member's delivery for one thread or section.

use leptos::prelude::*;

use crate::club::notify::{get_subscription, SetSubscription, DELIVERIES};
use crate::components::FormError;
use crate::i18n::ru;

/// `scope` is `thread` or `section`, `target` its id; `initial`, the delivery when the page
/// already read it (the thread page), saves asking for it until the member changes it.
#[component]
pub fn SubscribeControl(
    club: String,
    scope: &'static str,
    target: String,
    #[prop(optional)] initial: Option<String>,
) -> impl IntoView {
    let save = ServerAction::<SetSubscription>::new();
    let (club_q, target_q) = (club.clone(), target.clone());
    let current = Resource::new(
        move || save.version().get(),
        move |version| {
            let (club, target, initial) = (club_q.clone(), target_q.clone(), initial.clone());
            async move {
                match initial {
                    Some(known) if version == 0 => Ok(known),
                    _ => get_subscription(club, scope.to_string(), target).await,
                }
            }
        },
    );
    let label = if scope == "thread" {
        ru::CLUB_SUBSCRIBE_THREAD
    } else {
        ru::CLUB_SUBSCRIBE_SECTION
    };
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let saved = move || matches!(save.value().get(), Some(Ok(())));
    view! {
        <Transition fallback=|| ()>
            {move || {
                let chosen = current.get().and_then(Result::ok).unwrap_or_else(|| "off".into());
                let (club, target) = (club.clone(), target.clone());
                view! {
                    <ActionForm action=save attr:class="subscribe-control">
                        <input type="hidden" name="club" value=club />
                        <input type="hidden" name="scope" value=scope />
                        <input type="hidden" name="target" value=target />
                        <label>
                            {label}
                            <select name="delivery">
                                {DELIVERIES
                                    .into_iter()
                                    .map(|code| {
                                        view! {
                                            <option value=code selected=chosen == code>
                                                {ru::label(&ru::CLUB_DELIVERY, code).to_string()}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                        <button type="submit">{ru::CLUB_SUBSCRIBE_SAVE}</button>
                        {move || saved().then(|| view! { <span class="saved">{ru::CLUB_SUBSCRIBE_SAVED}</span> })}
                        <FormError error />
                    </ActionForm>
                }
            }}
        </Transition>
    }
}
