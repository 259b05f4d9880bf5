//! `/r/:slug/support/:id/documents/:slot` (`?version=N` for an older version): a document.
//! The school's director edits and submits it; the case's curator approves or returns it with
//! a comment on the document or on one field; everyone who sees the case reads it, its
//! history and what changed against the version before.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{Area, RegionForm};
use crate::components::{action_error, query_param, route_param, route_slug, FormError, PageError, Submit};
use crate::i18n::ru;
use crate::support::documents::widgets::files::{DocumentFiles, Files, FilesCtx};
use crate::support::documents::widgets::form::DocForm;
use crate::support::documents::widgets::history::{Changes, ReviewNote, Versions};
use crate::support::documents::{
    get_support_document, DocState, DocumentView, ReviewSupportDocument, SaveSupportDocument,
};

#[component]
pub fn SupportDocumentPage() -> impl IntoView {
    let slug = route_slug();
    let id = route_param("id");
    let slot = route_param("slot");
    let version = query_param("version");
    let save = ServerAction::<SaveSupportDocument>::new();
    let review = ServerAction::<ReviewSupportDocument>::new();
    let document = Resource::new(
        move || {
            (
                slug.get(),
                id.get(),
                slot.get(),
                version.get(),
                save.version().get(),
                review.version().get(),
            )
        },
        |(slug, id, slot, version, ..)| {
            get_support_document(slug, id, slot, version.and_then(|v| v.parse().ok()))
        },
    );
    view! {
        <Title text=ru::SDOC_TITLE />
        <section class="support support-document">
            <p class="back">
                <a href=move || format!("/r/{}/support/{}/documents", slug.get(), id.get())>{ru::SDOC_BACK}</a>
            </p>
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match document.await {
                        Ok(d) => view! { <Document d save review /> }.into_any(),
                        Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Document(
    d: DocumentView,
    save: ServerAction<SaveSupportDocument>,
    review: ServerAction<ReviewSupportDocument>,
) -> impl IntoView {
    let state = d.state.map_or(ru::SDOC_NOT_STARTED, DocState::label);
    let latest = d.version == d.latest;
    let body = if d.can_edit && latest {
        view! { <DocForm d=d.clone() save /> }.into_any()
    } else {
        view! { <ReadOnly d=d.clone() /> }.into_any()
    };
    let reviewing = (d.can_review && latest).then(|| view! { <ReviewForm d=d.clone() review /> });
    let waiting = (latest && d.state == Some(DocState::Submitted) && !d.can_review)
        .then(|| view! { <p class="notice">{ru::SDOC_WAITING}</p> });
    let files = FilesCtx::of(&d, d.can_attach);
    let frozen = latest && d.can_edit && !d.can_attach;
    view! {
        <h1>{d.title.clone()}</h1>
        <p class="muted">{d.school.clone()}</p>
        <p class="support-document-state" data-state=d.state.map(DocState::code)>
            {ru::sdoc_version_line(d.version, state)}
        </p>
        {waiting}
        {d.review.clone().map(|r| view! { <ReviewNote r /> })}
        {body}
        <DocumentFiles ctx=files frozen />
        {reviewing}
        <Changes changes=d.changes.clone() version=d.version />
        <Versions versions=d.versions.clone() shown=d.version />
    }
}

/// The document's fields as text, for whoever does not edit it; an activity's evidence files
/// follow its links.
#[component]
fn ReadOnly(d: DocumentView) -> impl IntoView {
    let files = FilesCtx::of(&d, false);
    view! {
        <dl class="card support-fields">
            {d.fields.iter().map(|f| {
                let evidence = d.body.evidence_of(&f.key).map(|(stage, key)| view! {
                    <dd class="support-evidence">
                        <strong>{ru::SFILE_EVIDENCE}</strong>
                        <Files ctx=files.clone() stage=stage.to_string() activity=key.to_string() />
                    </dd>
                });
                view! {
                    <dt>{f.label.clone()}</dt>
                    <dd data-field=f.key.clone()>{if f.value.is_empty() { ru::SDOC_EMPTY.to_string() } else { f.value.clone() }}</dd>
                    {evidence}
                }
            }).collect_view()}
        </dl>
    }
}

/// The curator's decision: approve, or return with a comment on the document or a field.
#[component]
fn ReviewForm(d: DocumentView, review: ServerAction<ReviewSupportDocument>) -> impl IntoView {
    let error = Signal::derive(action_error(review));
    view! {
        <section class="card support-review">
            <h2>{ru::SDOC_REVIEW}</h2>
            <RegionForm action=review>
                <input type="hidden" name="case" value=d.case_id.clone() />
                <input type="hidden" name="slot" value=d.slot.clone() />
                <label class="field">
                    <span>{ru::SDOC_DECISION}</span>
                    <select name="decision" required>
                        <option value="">{ru::CHOOSE}</option>
                        <option value="approve">{ru::SDOC_APPROVE}</option>
                        <option value="return">{ru::SDOC_RETURN}</option>
                    </select>
                </label>
                <Area label=ru::SDOC_COMMENT name="comment" rows=3 />
                <label class="field">
                    <span>{ru::SDOC_FIELD}</span>
                    <select name="field">
                        <option value="">{ru::CHOOSE}</option>
                        {d.fields.iter().map(|f| view! { <option value=f.key.clone()>{f.label.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <Area label=ru::SDOC_FIELD_COMMENT name="field_comment" rows=3 />
                <FormError error />
                <Submit label=ru::SDOC_RECORD pending=review.pending().into() />
            </RegionForm>
        </section>
    }
}
