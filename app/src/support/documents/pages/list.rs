//! `/r/:slug/support/:id/documents`: the case's documents with their states (an anti-risk
//! programme per priority risk, the road map, the concept, the programme, the notes), and the
//! reader's choice of support e-mails.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::RegionForm;
use crate::components::{action_error, route_param, route_slug, FormError, PageError, Submit};
use crate::i18n::ru;
use crate::support::documents::{get_support_documents, DocState, DocumentList, SetSupportMail};

#[component]
pub fn SupportDocumentsPage() -> impl IntoView {
    let slug = route_slug();
    let id = route_param("id");
    let mail = ServerAction::<SetSupportMail>::new();
    let list = Resource::new(
        move || (slug.get(), id.get()),
        |(slug, id)| get_support_documents(slug, id),
    );
    view! {
        <Title text=ru::SDOC_TITLE />
        <section class="support support-documents">
            <p class="back">
                <a href=move || format!("/r/{}/support/{}", slug.get(), id.get())>{ru::SUP_BACK_TO_CASE}</a>
            </p>
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! { <Documents list slug=slug.get_untracked() mail /> }.into_any(),
                        Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Documents(list: DocumentList, slug: String, mail: ServerAction<SetSupportMail>) -> impl IntoView {
    let error = Signal::derive(action_error(mail));
    let saved = move || {
        matches!(mail.value().get(), Some(Ok(())))
            .then(|| view! { <p class="success" role="status">{ru::SDOC_MAIL_SAVED}</p> })
    };
    view! {
        <h1>{ru::SDOC_TITLE} ": " {list.school.clone()}</h1>
        <p class="muted">{list.year}</p>
        <ul class="support-cases support-document-list">
            {list.documents.iter().map(|d| {
                let href = format!("/r/{slug}/support/{}/documents/{}", list.case_id, d.slot);
                let state = d.state.map_or(ru::SDOC_NOT_STARTED.to_string(), |s: DocState| {
                    ru::sdoc_version_line(d.version, s.label())
                });
                view! {
                    <li class="card" data-slot=d.slot.clone()>
                        <a href=href><strong>{d.title.clone()}</strong></a>
                        <p class="muted support-document-state">{state}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
        <section class="card">
            <h2>{ru::SDOC_MAIL_TITLE}</h2>
            <p class="muted">{ru::SDOC_MAIL_HINT}</p>
            <RegionForm action=mail>
                {list.mail.iter().map(|m| view! {
                    <label class="check">
                        <input type="checkbox" name=format!("on[{}]", m.kind) checked=m.on />
                        <span>{m.label.clone()}</span>
                    </label>
                }).collect_view()}
                <FormError error />
                <Submit label=ru::SDOC_MAIL_SAVE pending=mail.pending().into() />
            </RegionForm>
            {saved}
        </section>
    }
}
