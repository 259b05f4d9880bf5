//! `/r/:slug/login`: signing in, with a new confirmation link for an unconfirmed address.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::{Login, ResendConfirmation};
use crate::components::form::{Field, RegionForm};
use crate::components::{action_error, route_slug, FormError, Submit};
use crate::error::AppError;
use crate::i18n::ru;

#[component]
pub fn LoginPage() -> impl IntoView {
    let slug = route_slug();
    let action = ServerAction::<Login>::new();
    let resend = ServerAction::<ResendConfirmation>::new();
    let email = RwSignal::new(String::new());
    let error = Signal::derive(action_error(action));
    let pending = action.pending().into();
    let not_confirmed = move || matches!(error.get(), Some(AppError::EmailNotConfirmed));
    view! {
        <Title text=ru::LOGIN_TITLE />
        <section class="form-page">
            <h1>{ru::LOGIN_TITLE}</h1>
            <RegionForm action>
                <Field label=ru::FIELD_EMAIL>
                    <input name="email" type="email" required autocomplete="email" bind:value=email />
                </Field>
                <Field label=ru::FIELD_PASSWORD>
                    <input name="password" type="password" required autocomplete="current-password" />
                </Field>
                <FormError error />
                <Submit label=ru::LOGIN_SUBMIT pending />
            </RegionForm>
            <Show when=not_confirmed>
                <RegionForm action=resend>
                    <input type="hidden" name="email" value=move || email.get() />
                    <button type="submit">{ru::RESEND_CONFIRMATION}</button>
                </RegionForm>
                <Show when=move || matches!(resend.value().get(), Some(Ok(())))>
                    <p class="success" role="status">{ru::RESEND_DONE}</p>
                </Show>
            </Show>
            <p>
                <a href=move || format!("/r/{}/recover", slug.get())>{ru::LOGIN_FORGOT}</a>
            </p>
            <p>
                <a href=move || format!("/r/{}/register", slug.get())>{ru::LOGIN_NO_ACCOUNT}</a>
            </p>
        </section>
    }
}
