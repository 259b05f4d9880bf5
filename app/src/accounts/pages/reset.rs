//! `/reset?token=…`: a new password from the e-mailed link.

use leptos::prelude::*;

use crate::accounts::{widgets::TokenPage, ResetPassword};
use crate::components::form::Field;
use crate::i18n::ru;

#[component]
pub fn ResetPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    view! {
        <TokenPage
            title=ru::RESET_TITLE
            done=ru::RESET_DONE
            submit=ru::RESET_SUBMIT
            action
        >
            <Field label=ru::FIELD_NEW_PASSWORD hint=ru::FIELD_PASSWORD_HINT>
                <input name="password" type="password" required minlength="8" autocomplete="new-password" />
            </Field>
        </TokenPage>
    }
}
