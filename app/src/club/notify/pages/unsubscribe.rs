//! `/club-unsubscribe/:token`: the page of an e-mail's unsubscribe link, without signing in.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::club::notify::{get_unsubscribe, Unsubscribe};
use crate::components::{route_param, FormError};
use crate::i18n::ru;

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let token = route_param("token");
    let action = ServerAction::<Unsubscribe>::new();
    let info = Resource::new(
        move || (token.get(), action.version().get()),
        |(token, _)| get_unsubscribe(token),
    );
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Title text=ru::CLUB_UNSUBSCRIBE_TITLE />
        <h1>{ru::CLUB_UNSUBSCRIBE_TITLE}</h1>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(Some(info)) => view! {
                        <p>{info.what}</p>
                        {if info.active {
                            view! {
                                <ActionForm action>
                                    <input type="hidden" name="token" value=token.get_untracked() />
                                    <button type="submit">{ru::CLUB_UNSUBSCRIBE_ACTION}</button>
                                </ActionForm>
                            }
                                .into_any()
                        } else {
                            let done = matches!(action.value().get_untracked(), Some(Ok(_)));
                            let text = if done { ru::CLUB_UNSUBSCRIBE_DONE } else { ru::CLUB_UNSUBSCRIBE_ALREADY };
                            view! { <p class="notice" role="status">{text}</p> }.into_any()
                        }}
                    }
                        .into_any(),
                    _ => view! { <p class="error">{ru::CLUB_UNSUBSCRIBE_UNKNOWN}</p> }.into_any(),
                }
            })}
        </Suspense>
        <FormError error />
    }
}
