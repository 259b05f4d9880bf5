//! The configuration editor: one form per change, so every edit works without script.

mod combined;
mod fields;
mod flag_count;
mod index_bands;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use crate::components::form::RegionForm;
use crate::components::{action_error, route_param as param, route_slug, FormError, PageError, Submit};
use crate::i18n::ru;
use crate::identification::config::Config;
use crate::identification::widgets::*;
use crate::identification::*;
use fields::*;
use flag_count::*;
use index_bands::*;

#[component]
pub fn ConfigPage() -> impl IntoView {
    let slug = route_slug();
    let id = param("id");
    let edit = ServerAction::<EditConfig>::new();
    let run = ServerAction::<StartRun>::new();
    let editor = Resource::new(
        move || (slug.get(), id.get(), edit.version().get()),
        |(slug, id, _)| get_config(slug, id),
    );
    let navigate = use_navigate();
    // Editing a published version starts a new draft: follow it.
    Effect::new(move |_| {
        if let Some(Ok(new_id)) = edit.value().get() {
            if new_id != id.get_untracked() {
                navigate(
                    &format!(
                        "/r/{}/admin/identification/configs/{new_id}",
                        slug.get_untracked()
                    ),
                    Default::default(),
                );
            }
        }
    });
    let edit_error = Signal::derive(action_error(edit));
    let run_error = Signal::derive(action_error(run));
    view! {
        <Title text=ru::CONFIG_TITLE />
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                let slug = slug.get_untracked();
                match editor.await {
                    Ok(e) => {
                        let export = format!("/r/{slug}/admin/identification/configs/{}/export/json", e.id);
                        let state = e
                            .published_at
                            .clone()
                            .map_or(ru::DRAFT_EDITABLE.to_string(), |at| ru::published_frozen(&at));
                        let readiness = match e.problem.clone() {
                            None => view! { <p class="success" role="status">{ru::CONFIG_READY}</p> }.into_any(),
                            Some(p) => view! { <p class="warning" role="status">{ru::CONFIG_NOT_READY}" "{p}</p> }.into_any(),
                        };
                        let versions = e.versions.clone();
                        view! {
                            <h1>{e.config.title().to_string()}</h1>
                            <AdminNav slug=slug.clone() />
                            <p class="muted">{ru::version_line(e.version, e.config.method_label())}" · "{state}</p>
                            {readiness}
                            <div class="actions">
                                <RunButton config=e.id.clone() run />
                                <a class="button" href=export download="">{ru::CONFIG_EXPORT}</a>
                            </div>
                            <FormError error=run_error />
                            <FormError error=edit_error />
                            <Editor e=e.clone() slug=slug.clone() edit />
                            <details>
                                <summary>{ru::CONFIG_JSON}</summary>
                                <pre class="json">{e.json}</pre>
                            </details>
                            <h2>{ru::VERSIONS_TITLE}</h2>
                            <ul>
                                {versions.into_iter().map(|v| view! {
                                    <li>
                                        <a href=format!("/r/{slug}/admin/identification/configs/{}", v.id)>{ru::version_line(v.version, &v.title)}</a>
                                        " — "{v.published_at.map_or(ru::DRAFT.to_string(), |at| ru::published_at(&at))}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <PageError error slug /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn RunButton(config: String, run: ServerAction<StartRun>) -> impl IntoView {
    view! {
        <RegionForm action=run>
            <input type="hidden" name="config" value=config />
            <Submit label=ru::RUN_START pending=run.pending().into() />
            <Progress pending=run.pending().into() message=ru::RUN_PROGRESS />
        </RegionForm>
    }
}

#[component]
pub fn Editor(e: ConfigEditor, slug: String, edit: ServerAction<EditConfig>) -> impl IntoView {
    let id = e.id.clone();
    let (window, grouped) = match &e.config {
        Config::IndexBands(c) => (Some(c.window_years), Some(c.grouped)),
        Config::FlagCount(c) => (Some(c.window_years), None),
        Config::ExternalList(_) => (None, None),
    };
    let title = e.config.title().to_string();
    let loaded = e.loaded_indicators.join(", ");
    let body = match e.config {
        Config::IndexBands(c) => view! { <IndexBandsEditor c slug=slug.clone() id=id.clone() edit /> }.into_any(),
        Config::FlagCount(c) => view! { <FlagCountEditor c slug=slug.clone() id=id.clone() edit /> }.into_any(),
        Config::ExternalList(c) => {
            view! { <ExternalListEditor c has_list=e.has_external_list slug=slug.clone() id=id.clone() edit /> }
                .into_any()
        }
    };
    view! {
        <h2>{ru::CONFIG_GENERAL}</h2>
        <EditForm slug id op="general" submit=ru::SAVE edit>
            <Input name="title" value=title size=50 />
            {window.map(|w| view! { <Input name="window_years" value=w.to_string() size=3 /> })}
            {grouped.map(|g| view! {
                <label class="field inline check">
                    <input type="checkbox" name="edit[grouped]" checked=g />
                    <span>{ru::CONFIG_GROUPED}</span>
                </label>
            })}
        </EditForm>
        {(!loaded.is_empty()).then(|| view! { <p class="muted">{ru::LOADED_INDICATORS}" "{loaded}</p> })}
        {body}
    }
}

#[component]
pub fn ExternalListEditor(
    c: crate::identification::config::ExternalListConfig,
    has_list: bool,
    slug: String,
    id: String,
    edit: ServerAction<EditConfig>,
) -> impl IntoView {
    let rows = c
        .statuses
        .iter()
        .enumerate()
        .map(|(s, status)| {
            let label = c.labels.get(&status.code).cloned().unwrap_or_default();
            view! {
                <StatusRow slug=slug.clone() id=id.clone() position=s code=status.code.clone() label rule=String::new() edit />
            }
        })
        .collect_view()
        .into_any();
    view! {
        <h2>{ru::STATUSES_TITLE}</h2>
        <StatusTable rows />
        <EditForm slug=slug.clone() id=id.clone() op="add_status" submit=ru::ADD_STATUS primary=true class="add" edit>
            <Input name="code" size=12 />
            <Input name="label" size=20 />
        </EditForm>
        <h2>{ru::EXTERNAL_LIST_TITLE}</h2>
        <p>{if has_list { ru::EXTERNAL_LIST_LOADED } else { ru::EXTERNAL_LIST_MISSING }}</p>
        <UploadForm slug kind=UploadKind::ExternalList target=id hint=ru::EXTERNAL_LIST_HINT />
    }
}
