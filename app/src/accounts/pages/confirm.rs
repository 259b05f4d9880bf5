//! `/confirm?token=…`: confirming an address from the e-mailed link.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::accounts::{widgets::TokenPage, ConfirmEmail};
use crate::components::form::Field;
use crate::i18n::ru;

/// Confirms an address. A registration's link (no `change=email`) asks for the password the
/// account will have: the one typed at registration never becomes valid.
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let action = ServerAction::<ConfirmEmail>::new();
    let new_address = use_query_map().read_untracked().get("change").as_deref() == Some("email");
    view! {
        <TokenPage
            title=ru::CONFIRM_TITLE
            done=ru::CONFIRM_DONE
            submit=ru::CONFIRM_SUBMIT
            action
        >
            {if new_address {
                view! { <p>{ru::CONFIRM_NEW_ADDRESS_TEXT}</p> }.into_any()
            } else {
                view! {
                    <p>{ru::CONFIRM_SET_PASSWORD_TEXT}</p>
                    <Field label=ru::FIELD_NEW_PASSWORD hint=ru::FIELD_PASSWORD_HINT>
                        <input name="password" type="password" required minlength="8" autocomplete="new-password" />
                    </Field>
                }
                    .into_any()
            }}
        </TokenPage>
    }
}
