//! `/r/:slug/recover`: asking for a password reset link.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::RequestPasswordReset;
use crate::components::form::{Field, RegionForm};
use crate::components::{action_error, FormError, Submit};
use crate::i18n::ru;

#[component]
pub fn RecoverPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = Signal::derive(action_error(action));
    let pending = action.pending().into();
    view! {
        <Title text=ru::RECOVER_TITLE />
        <section class="form-page">
            <h1>{ru::RECOVER_TITLE}</h1>
            <Show
                when=move || matches!(action.value().get(), Some(Ok(())))
                fallback=move || {
                    view! {
                        <p>{ru::RECOVER_TEXT}</p>
                        <RegionForm action>
                            <Field label=ru::FIELD_EMAIL>
                                <input name="email" type="email" required autocomplete="email" />
                            </Field>
                            <FormError error />
                            <Submit label=ru::RECOVER_SUBMIT pending />
                        </RegionForm>
                    }
                }
            >
                <p class="success" role="status">{ru::RECOVER_DONE}</p>
            </Show>
        </section>
    }
}
