//! Parts of several identification pages.

use leptos::prelude::*;

use crate::components::form::Field;
use crate::i18n::ru;
use crate::identification::*;

pub fn number(value: Option<f64>) -> String {
    value.map_or("—".to_string(), |v| format!("{v:.3}").replace('.', ","))
}

/// A file input posting to the upload handler; the answer is the upload's preview page. While
/// the file goes up and is checked, the button is disabled and the page says so.
#[component]
pub fn UploadForm(
    slug: String,
    kind: UploadKind,
    #[prop(optional)] target: Option<String>,
    hint: &'static str,
) -> impl IntoView {
    let (sending, set_sending) = signal(false);
    // A page brought back with «Назад» is the one left sending: it may send again.
    let shown = window_event_listener(leptos::ev::pageshow, move |_| set_sending.set(false));
    on_cleanup(move || shown.remove());
    view! {
        <form
            class="upload"
            method="post"
            enctype="multipart/form-data"
            action=format!("/r/{slug}/admin/identification/upload")
            on:submit=move |_| set_sending.set(true)
        >
            <input type="hidden" name="kind" value=kind.code() />
            {target.map(|t| view! { <input type="hidden" name="target" value=t /> })}
            <Field label=ru::UPLOAD_FILE hint>
                <input type="file" name="file" accept=".csv,.xlsx,.xlsm,.txt" required />
            </Field>
            <button type="submit" class="primary" disabled=move || sending.get()>
                {move || if sending.get() { ru::SENDING } else { ru::UPLOAD_SUBMIT }}
            </button>
            <Progress pending=sending.into() message=ru::UPLOAD_PROGRESS />
        </form>
    }
}

/// What a long step is doing, shown while it runs.
#[component]
pub fn Progress(pending: Signal<bool>, message: &'static str) -> impl IntoView {
    view! {
        <Show when=move || pending.get()>
            <p class="notice" role="status">{message}</p>
        </Show>
    }
}

#[component]
pub fn AdminNav(slug: String) -> impl IntoView {
    view! {
        <nav class="admin-links">
            <a href=format!("/r/{slug}/admin/identification")>{ru::ID_TITLE}</a>
            <a href=format!("/r/{slug}/admin/schools")>{ru::SCHOOLS_TITLE}</a>
            <a href=format!("/r/{slug}/identification")>{ru::PUBLISHED_TITLE}</a>
        </nav>
    }
}
