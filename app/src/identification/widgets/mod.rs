//! Parts of several identification pages.

use leptos::prelude::*;

use crate::components::form::Field;
use crate::i18n::ru;
use crate::identification::*;

pub fn number(value: Option<f64>) -> String {
    value.map_or("—".to_string(), |v| format!("{v:.3}").replace('.', ","))
}

/// A file input posting to the upload handler; the answer is the upload's preview page.
#[component]
pub fn UploadForm(
    slug: String,
    kind: UploadKind,
    #[prop(optional)] target: Option<String>,
    hint: &'static str,
) -> impl IntoView {
    view! {
        <form
            class="upload"
            method="post"
            enctype="multipart/form-data"
            action=format!("/r/{slug}/admin/identification/upload")
        >
            <input type="hidden" name="kind" value=kind.code() />
            {target.map(|t| view! { <input type="hidden" name="target" value=t /> })}
            <Field label=ru::UPLOAD_FILE hint>
                <input type="file" name="file" accept=".csv,.xlsx,.xlsm,.txt" required />
            </Field>
            <button type="submit" class="primary">{ru::UPLOAD_SUBMIT}</button>
        </form>
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
