//! The files of a document and of its road-map activities: names with sizes and download links
//! for every reader; for whoever edits the document, a remove button per file and an upload
//! field per place. The controls sit where the files are (an activity's beside its links, inside
//! the document's form), but forms cannot nest, so each submits a form of its own rendered after
//! the document's (`FileForms`) and named with the `form` attribute: plain posts that work before
//! the page is interactive and come back to the place with a message.

use leptos::prelude::*;

use crate::components::{query_param, route_slug};
use crate::i18n::ru;
use crate::support::documents::body::Body;
use crate::support::documents::files::{anchor, place, AttachedFile};
use crate::support::documents::DocumentView;

/// What the file controls of one document need: where they post, its files, and whether the
/// reader may change them here.
#[derive(Clone, Debug)]
pub struct FilesCtx {
    base: String,
    slot: String,
    files: Vec<AttachedFile>,
    editable: bool,
}

impl FilesCtx {
    pub fn of(d: &DocumentView, editable: bool) -> FilesCtx {
        FilesCtx {
            base: format!("/r/{}/support/{}", route_slug().get_untracked(), d.case_id),
            slot: d.slot.clone(),
            files: d.files.clone(),
            editable,
        }
    }

    fn upload_url(&self, stage: &str, activity: &str) -> String {
        let url = format!("{}/documents/{}/files", self.base, self.slot);
        if activity.is_empty() {
            url
        } else {
            format!("{url}?stage={stage}&activity={activity}")
        }
    }

    fn at(&self, stage: &str, activity: &str) -> Vec<AttachedFile> {
        let at = place(stage, activity);
        self.files.iter().filter(|f| f.place == at).cloned().collect()
    }
}

fn upload_form(at: &str) -> String {
    format!("upload-{at}")
}

fn remove_form(file: &AttachedFile) -> String {
    format!("remove-{}", file.id)
}

/// The document's own files, below its fields.
#[component]
pub fn DocumentFiles(ctx: FilesCtx, frozen: bool) -> impl IntoView {
    view! {
        <section class="card support-files-section">
            <h2>{ru::SFILE_TITLE}</h2>
            {frozen.then(|| view! { <p class="notice">{ru::SFILE_APPROVED}</p> })}
            <Files ctx stage=String::new() activity=String::new() />
        </section>
    }
}

/// The files at one place (`activity` empty: the document's), the message of the last upload or
/// removal there, and, for an editor, the remove buttons and the upload field.
#[component]
pub fn Files(ctx: FilesCtx, stage: String, activity: String) -> impl IntoView {
    let here = anchor(&stage, &activity);
    let files = ctx.at(&stage, &activity);
    let at = query_param("at");
    let shown_here = {
        let here = here.clone();
        move || at.get().as_deref() == Some(here.as_str())
    };
    let done = query_param("attached");
    let failed = query_param("attach_error");
    let messages = move || {
        shown_here().then(|| {
            view! {
                {done.get().map(|m| view! { <p class="success" role="status">{m}</p> })}
                {failed.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            }
        })
    };
    let items = files
        .iter()
        .map(|f| {
            let href = format!("{}/files/{}", ctx.base, f.id);
            let remove = ctx.editable.then(|| {
                view! { <button type="submit" class="link danger" form=remove_form(f)>{ru::SFILE_REMOVE}</button> }
            });
            view! {
                <li>
                    <a href=href download=f.name.clone()>{f.name.clone()}</a>
                    <span class="muted">{ru::file_size(f.size)}</span>
                    {remove}
                </li>
            }
        })
        .collect_view();
    let list = if files.is_empty() {
        view! { <p class="muted">{ru::SFILE_NONE}</p> }.into_any()
    } else {
        view! { <ul class="support-files">{items}</ul> }.into_any()
    };
    let attach = ctx.editable.then(|| {
        let form = upload_form(&here);
        view! {
            <div class="support-attach">
                <label class="field">
                    <span>{ru::SFILE_FIELD}</span>
                    <input type="file" name="file" multiple required form=form.clone()
                        accept=".pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg" />
                    <small class="muted">{ru::SFILE_HINT}</small>
                    <small class="muted">{ru::SFILE_UNSAVED_NOTE}</small>
                </label>
                <button type="submit" form=form>{ru::SFILE_ATTACH}</button>
            </div>
        }
    });
    view! {
        <div class="support-files-place" id=here.clone() data-place=place(&stage, &activity)>
            {messages}
            {list}
            {attach}
        </div>
    }
    // Type-erased: the document page stays within the compiler's recursion limit.
    .into_any()
}

/// The forms the controls of [`Files`] submit: one upload per place (the document, each
/// activity with a key), one removal per file. Nothing for a reader who may not change them.
#[component]
pub fn FileForms(ctx: FilesCtx, body: Body) -> impl IntoView {
    if !ctx.editable {
        return None;
    }
    let mut places = vec![(String::new(), String::new())];
    places.extend(
        body.activity_keys()
            .map(|(stage, key)| (stage.to_string(), key.to_string())),
    );
    let uploads = places
        .into_iter()
        .map(|(stage, activity)| {
            view! {
                <form id=upload_form(&anchor(&stage, &activity)) method="post"
                    enctype="multipart/form-data" action=ctx.upload_url(&stage, &activity)></form>
            }
        })
        .collect_view();
    let removals = ctx
        .files
        .iter()
        .map(|f| {
            let action = format!("{}/files/{}/remove", ctx.base, f.id);
            view! { <form id=remove_form(f) method="post" action=action></form> }
        })
        .collect_view();
    Some(view! { <div hidden>{uploads}{removals}</div> })
}
