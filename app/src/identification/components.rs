//! The identification pages: registry, data and configurations (operator), the configuration
//! editor, runs with explanations and overrides, and the published lists (coordinators).
//!
//! Uploads are plain multipart form posts and filters are query parameters, so every page
//! works from its URL alone and before the WASM has loaded.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::config::{Band, Config, Normalization, Orientation, YearsRule};
use super::*;
use crate::components::{
    action_error, query_param as query, route_param as param, route_slug, FormError, PageError, Submit,
};
use crate::i18n::ru;

fn number(value: Option<f64>) -> String {
    value.map_or("—".to_string(), |v| format!("{v:.3}").replace('.', ","))
}

/// A file input posting to the upload handler; the answer is the upload's preview page.
#[component]
fn UploadForm(
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
            <label class="field">
                <span>{ru::UPLOAD_FILE}</span>
                <input type="file" name="file" accept=".csv,.xlsx,.xlsm,.txt" required />
                <small class="muted">{hint}</small>
            </label>
            <button type="submit" class="primary">{ru::UPLOAD_SUBMIT}</button>
        </form>
    }
}

#[component]
fn AdminNav(slug: String) -> impl IntoView {
    view! {
        <nav class="admin-links">
            <a href=format!("/r/{slug}/admin/identification")>{ru::ID_TITLE}</a>
            <a href=format!("/r/{slug}/admin/schools")>{ru::SCHOOLS_TITLE}</a>
            <a href=format!("/r/{slug}/identification")>{ru::PUBLISHED_TITLE}</a>
        </nav>
    }
}

#[component]
pub fn SchoolsPage() -> impl IntoView {
    let slug = route_slug();
    let schools = Resource::new(move || slug.get(), get_schools);
    let search = RwSignal::new(String::new());
    let municipality = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    view! {
        <Title text=ru::SCHOOLS_TITLE />
        <h1>{ru::SCHOOLS_TITLE}</h1>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                let slug = slug.get_untracked();
                match schools.await {
                    Ok(list) => {
                        let mut municipalities: Vec<String> = list.iter().map(|s| s.municipality.clone()).collect();
                        municipalities.sort();
                        municipalities.dedup();
                        let mut groups: Vec<String> = list.iter().map(|s| s.group.clone()).collect();
                        groups.sort();
                        groups.dedup();
                        let total = list.len();
                        let list = StoredValue::new(list);
                        let visible = move || {
                            let needle = search.get().to_lowercase();
                            let (m, g) = (municipality.get(), group.get());
                            list.get_value()
                                .into_iter()
                                .filter(|s| m.is_empty() || s.municipality == m)
                                .filter(|s| g.is_empty() || s.group == g)
                                .filter(|s| {
                                    needle.is_empty() || s.name.to_lowercase().contains(&needle)
                                        || s.code.to_lowercase().contains(&needle)
                                })
                                .collect::<Vec<_>>()
                        };
                        view! {
                            <AdminNav slug=slug.clone() />
                            <p class="muted">{ru::schools_total(total)}</p>
                            <div class="filters">
                                <label class="field">
                                    <span>{ru::FILTER_SEARCH}</span>
                                    <input type="search" on:input=move |ev| search.set(event_target_value(&ev)) />
                                </label>
                                <label class="field">
                                    <span>{ru::FIELD_MUNICIPALITY}</span>
                                    <select on:change=move |ev| municipality.set(event_target_value(&ev))>
                                        <option value="">{ru::FILTER_ALL}</option>
                                        {municipalities.into_iter().map(|m| view! { <option value=m.clone()>{m.clone()}</option> }).collect_view()}
                                    </select>
                                </label>
                                <label class="field">
                                    <span>{ru::COLUMN_GROUP}</span>
                                    <select on:change=move |ev| group.set(event_target_value(&ev))>
                                        <option value="">{ru::FILTER_ALL}</option>
                                        {groups.into_iter().map(|g| view! { <option value=g.clone()>{g.clone()}</option> }).collect_view()}
                                    </select>
                                </label>
                            </div>
                            <table class="data schools">
                                <thead>
                                    <tr>
                                        <th>{ru::COLUMN_CODE}</th>
                                        <th>{ru::COLUMN_NAME}</th>
                                        <th>{ru::FIELD_MUNICIPALITY}</th>
                                        <th>{ru::COLUMN_GROUP}</th>
                                        <th>{ru::COLUMN_LOCALITY}</th>
                                        <th>{ru::COLUMN_ADDRESS}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {move || visible().into_iter().map(|s| view! {
                                        <tr>
                                            <td>{s.code}</td>
                                            <td>{s.name}</td>
                                            <td>{s.municipality}</td>
                                            <td>{s.group}</td>
                                            <td>{if s.is_rural { ru::RURAL } else { ru::URBAN }}</td>
                                            <td>{s.address.unwrap_or_default()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <h2>{ru::SCHOOLS_IMPORT}</h2>
                            <UploadForm slug kind=UploadKind::Schools hint=ru::SCHOOLS_IMPORT_HINT />
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
pub fn UploadPage() -> impl IntoView {
    let slug = route_slug();
    let id = param("id");
    let commit = ServerAction::<CommitUpload>::new();
    let discard = ServerAction::<DiscardUpload>::new();
    let preview = Resource::new(move || (slug.get(), id.get()), |(slug, id)| get_upload(slug, id));
    let error = Signal::derive(action_error(commit));
    view! {
        <Title text=ru::UPLOAD_TITLE />
        <h1>{ru::UPLOAD_TITLE}</h1>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                let slug = slug.get_untracked();
                match preview.await {
                    Ok(p) => {
                        let back = match p.kind {
                            UploadKind::Schools => format!("/r/{slug}/admin/schools"),
                            _ => format!("/r/{slug}/admin/identification"),
                        };
                        let ok = p.error.is_none();
                        let commit_form = ok.then(|| {
                            let (slug, id) = (slug.clone(), p.id.clone());
                            view! {
                                <ActionForm action=commit>
                                    <input type="hidden" name="slug" value=slug />
                                    <input type="hidden" name="id" value=id />
                                    <Submit label=ru::UPLOAD_COMMIT pending=commit.pending().into() />
                                </ActionForm>
                            }
                        });
                        view! {
                            <p>{ru::UPLOAD_FILE_NAME}" «"{p.file_name.clone()}"»"</p>
                            {p.error.clone().map(|e| view! {
                                <p class="error" role="alert">{e}</p>
                                <p>{ru::UPLOAD_NOTHING_CHANGED}</p>
                            })}
                            {ok.then(|| view! { <p class="success">{ru::upload_rows(p.rows)}</p> })}
                            {(!p.years.is_empty()).then(|| view! {
                                <table class="data years">
                                    <thead><tr>
                                        <th>{ru::COLUMN_YEAR}</th><th>{ru::COLUMN_SCHOOLS}</th>
                                        <th>{ru::COLUMN_INDICATORS}</th><th>{ru::COLUMN_REPLACES}</th>
                                    </tr></thead>
                                    <tbody>
                                        {p.years.clone().into_iter().map(|(y, old)| view! {
                                            <tr>
                                                <td>{y.year}</td>
                                                <td>{y.schools}</td>
                                                <td>{y.indicators.join(", ")}</td>
                                                <td>{old.map_or(ru::UPLOAD_NEW_YEAR.to_string(), |o| ru::upload_replaces(&o.file_name, &o.uploaded_by, &o.uploaded_at, o.schools))}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            })}
                            {(p.kind == UploadKind::Schools && ok).then(|| view! {
                                <p>{ru::registry_changes(p.new_schools, p.updated_schools)}</p>
                                {(!p.new_municipalities.is_empty()).then(|| view! {
                                    <p>{ru::NEW_MUNICIPALITIES}" "{p.new_municipalities.join(", ")}</p>
                                })}
                            })}
                            {ok.then(|| view! {
                                <table class="data sample">
                                    <thead><tr>{p.header.iter().map(|h| view! { <th>{h.clone()}</th> }).collect_view()}</tr></thead>
                                    <tbody>
                                        {p.sample.iter().map(|row| view! {
                                            <tr>{row.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            })}
                            <FormError error />
                            <div class="actions">
                                {commit_form}
                                <ActionForm action=discard>
                                    <input type="hidden" name="slug" value=slug />
                                    <input type="hidden" name="id" value=p.id />
                                    <button type="submit">{ru::UPLOAD_DISCARD}</button>
                                </ActionForm>
                                <a href=back>{ru::BACK}</a>
                            </div>
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
pub fn IdentificationPage() -> impl IntoView {
    let slug = route_slug();
    let create = ServerAction::<CreateConfig>::new();
    let overview = Resource::new(move || slug.get(), get_overview);
    let create_error = Signal::derive(action_error(create));
    view! {
        <Title text=ru::ID_TITLE />
        <h1>{ru::ID_TITLE}</h1>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                let slug = slug.get_untracked();
                match overview.await {
                    Ok(o) => view! {
                        <AdminNav slug=slug.clone() />
                        <section>
                            <h2>{ru::DATA_TITLE}</h2>
                            <p class="muted">{ru::registry_count(o.registry_schools)}</p>
                            {if o.years.is_empty() {
                                view! { <p>{ru::DATA_EMPTY}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="data years">
                                        <thead><tr>
                                            <th>{ru::COLUMN_YEAR}</th><th>{ru::COLUMN_SCHOOLS}</th>
                                            <th>{ru::COLUMN_INDICATORS}</th><th>{ru::COLUMN_FILE}</th>
                                            <th>{ru::COLUMN_LOADED}</th>
                                        </tr></thead>
                                        <tbody>
                                            {o.years.into_iter().map(|y| view! {
                                                <tr>
                                                    <td>{y.year}</td>
                                                    <td>{y.schools}</td>
                                                    <td class="codes">{y.indicators.join(", ")}</td>
                                                    <td>{y.file_name}</td>
                                                    <td>{format!("{}, {}", y.uploaded_at, y.uploaded_by)}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                            <UploadForm slug=slug.clone() kind=UploadKind::Indicators hint=ru::DATA_HINT />
                        </section>
                        <section>
                            <h2>{ru::CONFIGS_TITLE}</h2>
                            <table class="data configs">
                                <thead><tr>
                                    <th>{ru::COLUMN_TITLE}</th><th>{ru::COLUMN_METHOD}</th>
                                    <th>{ru::COLUMN_VERSION}</th><th>{ru::COLUMN_STATE}</th>
                                </tr></thead>
                                <tbody>
                                    {o.configs.into_iter().map(|c| view! {
                                        <tr>
                                            <td><a href=format!("/r/{slug}/admin/identification/configs/{}", c.id)>{c.title}</a></td>
                                            <td>{ru::label(&ru::METHODS, &c.method).to_string()}</td>
                                            <td>{c.version}</td>
                                            <td>{c.published_at.map_or(ru::DRAFT.to_string(), |at| ru::published_at(&at))}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <h3>{ru::CONFIG_NEW}</h3>
                            <FormError error=create_error />
                            <div class="actions">
                                {ru::TEMPLATES.iter().map(|(code, title)| view! {
                                    <CreateButton slug=slug.clone() source=format!("template:{code}") label=ru::from_template(title) create />
                                }).collect_view()}
                            </div>
                            <div class="actions">
                                {ru::METHODS.iter().map(|(code, title)| view! {
                                    <CreateButton slug=slug.clone() source=format!("empty:{code}") label=ru::empty_config(title) create />
                                }).collect_view()}
                            </div>
                            <ImportConfigForm slug=slug.clone() create />
                        </section>
                        <section>
                            <h2>{ru::RUNS_TITLE}</h2>
                            {if o.runs.is_empty() { Some(view! { <p>{ru::RUNS_EMPTY}</p> }) } else { None }}
                            <table class="data runs">
                                <thead><tr>
                                    <th>{ru::COLUMN_TIME}</th><th>{ru::COLUMN_TITLE}</th>
                                    <th>{ru::COLUMN_RESULT}</th><th>{ru::COLUMN_STATE}</th>
                                </tr></thead>
                                <tbody>
                                    {o.runs.into_iter().map(|r| view! {
                                        <tr>
                                            <td><a href=format!("/r/{slug}/admin/identification/runs/{}", r.id)>{r.created_at}</a></td>
                                            <td>{format!("{} (v{}), {}", r.config_title, r.version, r.created_by)}</td>
                                            <td>{ru::counts_line(&r.counts, r.schools)}</td>
                                            <td>{r.published_at.map_or(ru::NOT_PUBLISHED.to_string(), |at| ru::published_at(&at))}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }
                        .into_any(),
                    Err(error) => view! { <PageError error slug /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ImportConfigForm(slug: String, create: ServerAction<CreateConfig>) -> impl IntoView {
    view! {
        <details>
            <summary>{ru::CONFIG_IMPORT}</summary>
            <ActionForm action=create>
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="source" value="json" />
                <label class="field">
                    <span>{ru::CONFIG_JSON}</span>
                    <textarea name="json" rows="10" required></textarea>
                </label>
                <button type="submit" class="primary">{ru::CONFIG_IMPORT_SUBMIT}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn CreateButton(
    slug: String,
    source: String,
    label: String,
    create: ServerAction<CreateConfig>,
) -> impl IntoView {
    view! {
        <ActionForm action=create>
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="source" value=source />
            <button type="submit">{label}</button>
        </ActionForm>
    }
}

/// One editor form: the hidden fields that say what to change, the visible fields, a button.
#[component]
fn EditForm(
    slug: String,
    id: String,
    op: &'static str,
    #[prop(optional)] hidden: Vec<(&'static str, usize)>,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] primary: bool,
    submit: &'static str,
    edit: ServerAction<EditConfig>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    // A form that adds something is emptied once its own submission succeeds.
    let form = NodeRef::<leptos::html::Form>::new();
    let submitted = RwSignal::new(false);
    if class == "add" {
        Effect::new(move |_| {
            if matches!(edit.value().get(), Some(Ok(_))) && submitted.get_untracked() {
                submitted.set(false);
                if let Some(form) = form.get_untracked() {
                    form.reset();
                }
            }
        });
    }
    view! {
        <div class=format!("edit-row {class}") on:submit=move |_| submitted.set(true)>
            <ActionForm action=edit node_ref=form>
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="edit[op]" value=op />
                {hidden
                    .into_iter()
                    .map(|(name, p)| view! { <input type="hidden" name=format!("edit[{name}]") value=p.to_string() /> })
                    .collect_view()}
                {children.map(|c| c())}
                <button type="submit" class:primary=primary class:link=class == "inline">{submit}</button>
            </ActionForm>
        </div>
    }
}

#[component]
fn Input(
    name: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] size: Option<u32>,
) -> impl IntoView {
    view! {
        <label class="field inline">
            <span>{ru::label(&ru::EDIT_FIELDS, name).to_string()}</span>
            <input name=format!("edit[{name}]") value=value size=size.unwrap_or(10) />
        </label>
    }
}

#[component]
fn Choice(
    name: &'static str,
    options: Vec<(String, String)>,
    #[prop(into)] selected: String,
) -> impl IntoView {
    view! {
        <label class="field inline">
            <span>{ru::label(&ru::EDIT_FIELDS, name).to_string()}</span>
            <select name=format!("edit[{name}]")>
                {options
                    .into_iter()
                    .map(|(code, label)| {
                        let chosen = code == selected;
                        view! { <option value=code selected=chosen>{label}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

fn options(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(c, l)| (c.to_string(), l.to_string()))
        .collect()
}

fn code_of<T: Copy + PartialEq>(options: &[(&'static str, T)], value: T) -> String {
    options
        .iter()
        .find(|(_, v)| *v == value)
        .map(|(c, _)| c.to_string())
        .unwrap_or_default()
}

const ORIENTATION_CODES: [(&str, Orientation); 2] = [
    ("higher_is_better", Orientation::HigherIsBetter),
    ("higher_is_worse", Orientation::HigherIsWorse),
];
const NORMALIZATION_CODES: [(&str, Normalization); 2] = [
    ("minmax", Normalization::Minmax),
    ("threshold", Normalization::Threshold),
];
const DIRECTION_CODES: [(&str, super::config::Direction); 2] = [
    ("direct", super::config::Direction::Direct),
    ("inverse", super::config::Direction::Inverse),
];
const OP_CODES: [(&str, super::config::Op); 4] = [
    ("lt", super::config::Op::Lt),
    ("le", super::config::Op::Le),
    ("gt", super::config::Op::Gt),
    ("ge", super::config::Op::Ge),
];

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
                                <RunButton slug=slug.clone() config=e.id.clone() run />
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
fn RunButton(slug: String, config: String, run: ServerAction<StartRun>) -> impl IntoView {
    view! {
        <ActionForm action=run>
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="config" value=config />
            <Submit label=ru::RUN_START pending=run.pending().into() />
        </ActionForm>
    }
}

#[component]
fn Editor(e: ConfigEditor, slug: String, edit: ServerAction<EditConfig>) -> impl IntoView {
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
fn ExternalListEditor(
    c: super::config::ExternalListConfig,
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

#[component]
fn StatusTable(rows: AnyView) -> impl IntoView {
    view! {
        <table class="data statuses">
            <thead><tr><th>{ru::COLUMN_CODE}</th><th>{ru::COLUMN_LABEL}</th><th>{ru::COLUMN_RULE}</th><th></th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// A status with its editable label and a remove button.
#[component]
fn StatusRow(
    slug: String,
    id: String,
    position: usize,
    code: String,
    label: String,
    rule: String,
    edit: ServerAction<EditConfig>,
) -> impl IntoView {
    view! {
        <tr>
            <td>{code.clone()}</td>
            <td>
                <EditForm slug=slug.clone() id=id.clone() op="label" class="inline" submit=ru::SAVE edit>
                    <input type="hidden" name="edit[code]" value=code />
                    <input name="edit[label]" value=label size=12 aria-label=ru::COLUMN_LABEL />
                </EditForm>
            </td>
            <td>{rule}</td>
            <td>
                <EditForm slug id op="remove_status" hidden=vec![("status", position)] class="inline" submit=ru::REMOVE edit />
            </td>
        </tr>
    }
}

/// The fields of an index_bands indicator, filled with `spec` when editing one.
#[component]
fn IndicatorFields(spec: Option<super::config::IndicatorSpec>) -> impl IntoView {
    let spec = spec.as_ref();
    view! {
        <Input name="code" value=spec.map(|s| s.code.clone()).unwrap_or_default() size=12 />
        <Input name="title" value=spec.and_then(|s| s.title.clone()).unwrap_or_default() size=28 />
        <Input name="source" value=spec.and_then(|s| s.source.clone()).unwrap_or_default() size=8 />
        <Choice name="normalization" options=options(&ru::NORMALIZATIONS) selected=spec.map(|s| code_of(&NORMALIZATION_CODES, s.normalization)).unwrap_or_default() />
        <Choice name="direction" options=options(&ru::DIRECTIONS) selected=spec.map(|s| code_of(&DIRECTION_CODES, s.direction)).unwrap_or_default() />
        <Choice name="cmp" options=options(&ru::OPS) selected=spec.and_then(|s| s.op).map(|o| code_of(&OP_CODES, o)).unwrap_or_default() />
        <Input name="value" value=spec.and_then(|s| s.value).map(|v| v.to_string()).unwrap_or_default() size=5 />
        <Input name="weight" value=spec.map(|s| s.weight.to_string()).unwrap_or("1".into()) size=4 />
    }
}

#[component]
fn IndexFields(spec: Option<super::config::IndexSpec>) -> impl IntoView {
    let spec = spec.as_ref();
    view! {
        <Input name="code" value=spec.map(|s| s.code.clone()).unwrap_or_default() size=12 />
        <Input name="title" value=spec.and_then(|s| s.title.clone()).unwrap_or_default() size=28 />
        <Choice name="orientation" options=options(&ru::ORIENTATIONS) selected=spec.map_or("higher_is_better".to_string(), |s| code_of(&ORIENTATION_CODES, s.orientation)) />
        <Input name="share" value=spec.map_or("0.25".to_string(), |s| s.share.to_string()) size=5 />
        <Input name="min_indicators" value=spec.map_or("1".to_string(), |s| s.min_indicators.to_string()) size=3 />
    }
}

#[component]
fn IndexBlock(
    i: usize,
    index: super::config::IndexSpec,
    slug: String,
    id: String,
    edit: ServerAction<EditConfig>,
) -> impl IntoView {
    let legend = format!("{} {}", ru::INDEX, index.code);
    let indicators = index
        .indicators
        .iter()
        .enumerate()
        .map(|(j, indicator)| {
            let spec = indicator.clone();
            view! {
                <div class="indicator">
                    <EditForm slug=slug.clone() id=id.clone() op="update_indicator" hidden=vec![("index", i), ("indicator", j)] submit=ru::SAVE edit>
                        <IndicatorFields spec=Some(spec) />
                    </EditForm>
                    <EditForm slug=slug.clone() id=id.clone() op="remove_indicator" hidden=vec![("index", i), ("indicator", j)] class="inline" submit=ru::REMOVE edit />
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="index">
            <legend>{legend}</legend>
            <EditForm slug=slug.clone() id=id.clone() op="update_index" hidden=vec![("index", i)] submit=ru::SAVE edit>
                <IndexFields spec=Some(index) />
            </EditForm>
            <EditForm slug=slug.clone() id=id.clone() op="remove_index" hidden=vec![("index", i)] class="inline" submit=ru::REMOVE edit />
            <h3>{ru::INDICATORS_TITLE}</h3>
            {indicators}
            <EditForm slug id op="add_indicator" hidden=vec![("index", i)] class="add" primary=true submit=ru::ADD_INDICATOR edit>
                <IndicatorFields spec=None />
            </EditForm>
        </fieldset>
    }
}

#[component]
fn IndexBandsEditor(
    c: super::config::IndexBandsConfig,
    slug: String,
    id: String,
    edit: ServerAction<EditConfig>,
) -> impl IntoView {
    let index_codes: Vec<(String, String)> = c
        .indices
        .iter()
        .map(|i| (i.code.clone(), i.code.clone()))
        .collect();
    let blocks = c
        .indices
        .iter()
        .enumerate()
        .map(|(i, index)| view! { <IndexBlock i index=index.clone() slug=slug.clone() id=id.clone() edit /> })
        .collect_view();
    let rows = c
        .statuses
        .iter()
        .enumerate()
        .map(|(s, status)| {
            let rule = match status.rule {
                YearsRule::AllYears => ru::RULE_ALL_YEARS.to_string(),
                YearsRule::LastYears { n } => ru::rule_last_years(n),
                YearsRule::AtLeast { n } => ru::rule_at_least(n),
            };
            let band = if status.band == Band::Worst {
                ru::BAND_WORST
            } else {
                ru::BAND_BEST
            };
            let exclude = if status.exclude.is_empty() {
                String::new()
            } else {
                ru::excluding(&status.exclude)
            };
            let label = c.labels.get(&status.code).cloned().unwrap_or_default();
            view! {
                <StatusRow slug=slug.clone() id=id.clone() position=s code=status.code.clone() label
                    rule=format!("{band} «{}», {rule}{exclude}", status.index) edit />
            }
        })
        .collect_view()
        .into_any();
    view! {
        <h2>{ru::INDICES_TITLE}</h2>
        {blocks}
        <EditForm slug=slug.clone() id=id.clone() op="add_index" class="add" primary=true submit=ru::ADD_INDEX edit>
            <IndexFields spec=None />
        </EditForm>
        <h2>{ru::STATUSES_TITLE}</h2>
        <StatusTable rows />
        <EditForm slug id op="add_status" class="add" primary=true submit=ru::ADD_STATUS edit>
            <Input name="code" size=12 />
            <Input name="label" size=12 />
            <Choice name="index" options=index_codes selected="" />
            <Choice name="band" options=options(&ru::BANDS) selected="worst" />
            <Choice name="rule" options=options(&ru::YEAR_RULES) selected="all_years" />
            <Input name="n" size=3 />
            <Input name="exclude" size=12 />
        </EditForm>
    }
}

#[component]
fn FlagIndicatorFields(spec: Option<super::config::FlagIndicator>) -> impl IntoView {
    let spec = spec.as_ref();
    view! {
        <Input name="code" value=spec.map(|s| s.code.clone()).unwrap_or_default() size=12 />
        <Input name="title" value=spec.and_then(|s| s.title.clone()).unwrap_or_default() size=28 />
        <Input name="source" value=spec.and_then(|s| s.source.clone()).unwrap_or_default() size=8 />
        <Choice name="cmp" options=options(&ru::OPS) selected=spec.map_or("ge".to_string(), |s| code_of(&OP_CODES, s.op)) />
        <Input name="value" value=spec.map(|s| s.value.to_string()).unwrap_or_default() size=5 />
    }
}

#[component]
fn FlagStatusBlock(
    s: usize,
    status: super::config::FlagStatus,
    label: String,
    slug: String,
    id: String,
    edit: ServerAction<EditConfig>,
) -> impl IntoView {
    let variants = super::edit::rule_variants(&status.rule);
    let count = variants.len();
    let mut choices: Vec<(String, String)> = (0..count).map(|v| (v.to_string(), ru::variant(v))).collect();
    choices.push(("new".to_string(), ru::NEW_VARIANT.to_string()));
    let list = variants
        .into_iter()
        .enumerate()
        .map(|(v, conditions)| {
            let items = conditions
                .into_iter()
                .enumerate()
                .map(|(k, (year, min_flags))| view! {
                    <span class="condition">
                        {ru::condition(year, min_flags)}
                        <EditForm slug=slug.clone() id=id.clone() op="remove_condition"
                            hidden=vec![("status", s), ("variant", v), ("condition", k)] class="inline" submit=ru::REMOVE edit />
                    </span>
                })
                .collect_view();
            view! { <li>{items}</li> }
        })
        .collect_view();
    let exclude = if status.exclude.is_empty() {
        String::new()
    } else {
        ru::excluding(&status.exclude)
    };
    view! {
        <fieldset class="status">
            <legend>{format!("{}{exclude}", status.code)}</legend>
            <EditForm slug=slug.clone() id=id.clone() op="label" class="inline" submit=ru::SAVE edit>
                <input type="hidden" name="edit[code]" value=status.code />
                <Input name="label" value=label size=12 />
            </EditForm>
            <p class="muted">{ru::FLAG_RULE_HINT}</p>
            <ol>{list}</ol>
            <EditForm slug=slug.clone() id=id.clone() op="add_condition" hidden=vec![("status", s)] class="add" submit=ru::ADD_CONDITION edit>
                <Choice name="variant" options=choices selected="new" />
                <Input name="year" value="0" size=3 />
                <Input name="min_flags" value="1" size=3 />
            </EditForm>
            <EditForm slug id op="remove_status" hidden=vec![("status", s)] class="inline" submit=ru::REMOVE edit />
        </fieldset>
    }
}

#[component]
fn FlagCountEditor(
    c: super::config::FlagCountConfig,
    slug: String,
    id: String,
    edit: ServerAction<EditConfig>,
) -> impl IntoView {
    let indicators = c
        .indicators
        .iter()
        .enumerate()
        .map(|(j, indicator)| {
            let spec = indicator.clone();
            view! {
                <div class="indicator">
                    <EditForm slug=slug.clone() id=id.clone() op="update_indicator" hidden=vec![("indicator", j)] submit=ru::SAVE edit>
                        <FlagIndicatorFields spec=Some(spec) />
                    </EditForm>
                    <EditForm slug=slug.clone() id=id.clone() op="remove_indicator" hidden=vec![("indicator", j)] class="inline" submit=ru::REMOVE edit />
                </div>
            }
        })
        .collect_view();
    let statuses = c
        .statuses
        .iter()
        .enumerate()
        .map(|(s, status)| {
            let label = c.labels.get(&status.code).cloned().unwrap_or_default();
            view! { <FlagStatusBlock s status=status.clone() label slug=slug.clone() id=id.clone() edit /> }
        })
        .collect_view();
    view! {
        <h2>{ru::INDICATORS_TITLE}</h2>
        {indicators}
        <EditForm slug=slug.clone() id=id.clone() op="add_indicator" class="add" primary=true submit=ru::ADD_INDICATOR edit>
            <FlagIndicatorFields spec=None />
        </EditForm>
        <h2>{ru::STATUSES_TITLE}</h2>
        {statuses}
        <p class="muted">{ru::FLAG_STATUS_HINT}</p>
        <EditForm slug id op="add_status" class="add" primary=true submit=ru::ADD_STATUS edit>
            <Input name="code" size=12 />
            <Input name="label" size=12 />
            <Input name="year" value="0" size=3 />
            <Input name="min_flags" value="1" size=3 />
            <Input name="exclude" size=12 />
        </EditForm>
    }
}

fn run_query() -> Memo<RunQuery> {
    let q = use_query_map();
    Memo::new(move |_| {
        let q = q.read();
        RunQuery {
            status: q.get("status"),
            municipality: q.get("municipality"),
            group: q.get("group"),
            search: q.get("search"),
            sort: q.get("sort"),
            page: q.get("page").and_then(|p| p.parse().ok()),
        }
    })
}

#[component]
pub fn RunPage() -> impl IntoView {
    let slug = route_slug();
    let id = param("id");
    let school = query("school");
    let query = run_query();
    let add = ServerAction::<AddOverride>::new();
    let withdraw = ServerAction::<WithdrawOverride>::new();
    let publish = ServerAction::<PublishRun>::new();
    let run = Resource::new(
        move || {
            (
                slug.get(),
                id.get(),
                query.get(),
                add.version().get(),
                withdraw.version().get(),
                publish.version().get(),
            )
        },
        |(slug, id, query, ..)| get_run(slug, id, query),
    );
    let explanation = Resource::new(
        move || {
            (
                slug.get(),
                id.get(),
                school.get(),
                add.version().get(),
                withdraw.version().get(),
            )
        },
        |(slug, id, school, ..)| async move {
            match school {
                Some(school) => explain_school(slug, id, school).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let publish_error = Signal::derive(action_error(publish));
    view! {
        <Title text=ru::RUN_TITLE />
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                let slug = slug.get_untracked();
                match run.await {
                    Ok(r) => {
                        let (statuses, run_id, explained_slug) = (r.statuses.clone(), r.id.clone(), slug.clone());
                        view! {
                        <RunHeader r=r.clone() slug=slug.clone() publish publish_error />
                        <Suspense fallback=|| ()>
                            {
                                move || {
                                    let slug = explained_slug.clone();
                                    let (statuses, run) = (statuses.clone(), run_id.clone());
                                    Suspend::new(async move {
                                        match explanation.await {
                                            Ok(Some(e)) => Some(view! { <ExplanationPanel e statuses run slug add withdraw /> }.into_any()),
                                            Ok(None) => None,
                                            Err(error) => Some(view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any()),
                                        }
                                    })
                                }
                            }
                        </Suspense>
                        <RunTable r=r.clone() slug=slug.clone() />
                        <RunDiffView diff=r.diff.clone() />
                        <Charts histograms=r.histograms.clone() />
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
fn RunHeader(
    r: RunView,
    slug: String,
    publish: ServerAction<PublishRun>,
    publish_error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let base = format!("/r/{slug}/admin/identification/runs/{}", r.id);
    view! {
        <h1>{r.config_title.clone()}</h1>
        <AdminNav slug=slug.clone() />
        <p class="muted">
            {ru::run_line(&r.created_at, &r.created_by, r.version, &r.method)}" · "
            <a href=format!("/r/{slug}/admin/identification/configs/{}", r.config_version)>{ru::CONFIG_OPEN}</a>
        </p>
        <p>{ru::years_line(&r.years)}</p>
        {r.warnings.iter().map(|w| view! { <p class="warning">{w.clone()}</p> }).collect_view()}
        <ul class="counts">
            <li>{ru::schools_total(r.total)}</li>
            {r.counts.iter().map(|(label, n)| view! { <li><strong>{label.clone()}</strong>": "{*n}</li> }).collect_view()}
        </ul>
        <div class="actions">
            {match r.published_at.clone() {
                Some(at) => view! { <p class="success" role="status">{ru::published_at(&at)}</p> }.into_any(),
                None => view! { <PublishForm slug=slug.clone() run=r.id.clone() publish /> }.into_any(),
            }}
            <a class="button" href=format!("{base}/export/xlsx") download="">{ru::EXPORT_XLSX}</a>
            <a class="button" href=format!("{base}/export/csv") download="">{ru::EXPORT_CSV}</a>
        </div>
        <FormError error=publish_error />
    }
}

#[component]
fn RunTable(r: RunView, slug: String) -> impl IntoView {
    let q = use_query_map();
    let current = move |name: &str| q.read_untracked().get(name).unwrap_or_default();
    let link = move |changes: &[(&str, String)]| {
        let mut pairs: Vec<(String, String)> = [
            "status",
            "municipality",
            "group",
            "search",
            "sort",
            "page",
            "school",
        ]
        .iter()
        .map(|k| (k.to_string(), current(k)))
        .collect();
        for (k, v) in changes {
            if let Some(p) = pairs.iter_mut().find(|(key, _)| key == k) {
                p.1 = v.clone();
            }
        }
        let query: Vec<String> = pairs
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", encode(&v)))
            .collect();
        format!("?{}", query.join("&"))
    };
    let sort_link = move |key: &str, label: &'static str| view! { <a href=link(&[("sort", key.to_string()), ("page", String::new())])>{label}</a> };
    let base = format!("/r/{slug}/admin/identification/runs/{}", r.id);
    view! {
        <h2>{ru::RUN_SCHOOLS}</h2>
        <form method="get" action=base class="filters">
            <label class="field">
                <span>{ru::COLUMN_STATUSES}</span>
                <select name="status">
                    <option value="">{ru::FILTER_ALL}</option>
                    <option value="any" selected=current("status") == "any">{ru::FILTER_ANY_STATUS}</option>
                    <option value="none" selected=current("status") == "none">{ru::FILTER_NO_STATUS}</option>
                    {r.statuses.iter().map(|(code, label)| view! { <option value=code.clone() selected=current("status") == *code>{label.clone()}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{ru::FIELD_MUNICIPALITY}</span>
                <select name="municipality">
                    <option value="">{ru::FILTER_ALL}</option>
                    {r.municipalities.iter().map(|m| view! { <option value=m.clone() selected=current("municipality") == *m>{m.clone()}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{ru::COLUMN_GROUP}</span>
                <select name="group">
                    <option value="">{ru::FILTER_ALL}</option>
                    {r.groups.iter().map(|g| view! { <option value=g.clone() selected=current("group") == *g>{g.clone()}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{ru::FILTER_SEARCH}</span>
                <input type="search" name="search" value=current("search") />
            </label>
            <button type="submit">{ru::FILTER_APPLY}</button>
        </form>
        <p class="muted">{ru::matching(r.matching, r.page, r.pages)}</p>
        <table class="data run">
            <thead><tr>
                <th>{sort_link("school", ru::COLUMN_CODE)}</th>
                <th>{sort_link("name", ru::COLUMN_NAME)}</th>
                <th>{sort_link("municipality", ru::FIELD_MUNICIPALITY)}</th>
                <th>{sort_link("group", ru::COLUMN_GROUP)}</th>
                <th>{sort_link("statuses", ru::COLUMN_STATUSES)}</th>
                <th>{ru::COLUMN_LATEST}</th>
            </tr></thead>
            <tbody>
                {r.rows.iter().map(|row| view! {
                    <tr class:overridden=row.overridden>
                        <td><a href=link(&[("school", row.school_id.clone())])>{row.school_id.clone()}</a></td>
                        <td>{row.name.clone()}</td>
                        <td>{row.municipality.clone()}</td>
                        <td>{row.group.clone()}</td>
                        <td>{row.statuses.join(", ")}{row.overridden.then_some(" ✎")}</td>
                        <td class="codes">{row.latest.clone()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <nav class="pages">
            {(1..=r.pages).filter(|&p| p == 1 || p == r.pages || p.abs_diff(r.page) <= 3).map(|p| view! {
                <a href=link(&[("page", p.to_string())]) class:current=p == r.page>{p}</a>
            }).collect_view()}
        </nav>
    }
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.:".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[component]
fn ExplanationPanel(
    e: Explanation,
    statuses: Vec<(String, String)>,
    run: String,
    slug: String,
    add: ServerAction<AddOverride>,
    withdraw: ServerAction<WithdrawOverride>,
) -> impl IntoView {
    view! {
        <section class="explanation" aria-label=ru::EXPLANATION_TITLE>
            <h2>{ru::explanation_title(&e.school_id, &e.name)}</h2>
            <p class="muted">{e.municipality.clone()}</p>
            {e.data_changed.then(|| view! { <p class="warning">{ru::DATA_CHANGED}</p> })}
            {if e.statuses.is_empty() {
                view! { <p>{ru::NO_STATUSES}</p> }.into_any()
            } else {
                view! {
                    <ul class="why">
                        {e.statuses.iter().map(|(label, why)| view! { <li><strong>{label.clone()}</strong>": "{why.clone()}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {e.years.iter().map(|y| view! {
                <h3>{ru::year_heading(y.year, y.group.as_deref())}</h3>
                {y.indices.iter().map(|i| view! {
                    <p>
                        {ru::index_line(&i.code, &i.title, &number(i.index), i.band.as_deref().unwrap_or("—"))}" "
                        {ru::cutoff_line(&number(i.worst_cutoff), &number(i.best_cutoff), i.schools_compared, i.band_size)}
                    </p>
                    <table class="data contributions">
                        <thead><tr>
                            <th>{ru::COLUMN_INDICATOR}</th><th>{ru::COLUMN_VALUE}</th><th>{ru::COLUMN_NORMALISED}</th>
                            <th>{ru::COLUMN_WEIGHT}</th><th>{ru::COLUMN_CONTRIBUTION}</th><th>{ru::COLUMN_NOTE}</th>
                        </tr></thead>
                        <tbody>
                            {i.contributions.iter().map(|c| view! {
                                <tr>
                                    <td>{format!("{} {}", c.code, c.title)}</td>
                                    <td>{c.value.map(|v| v.to_string()).unwrap_or("—".into())}</td>
                                    <td>{number(c.normalised)}</td>
                                    <td>{c.weight.to_string()}</td>
                                    <td>{number(c.contribution)}</td>
                                    <td>{c.note.clone().unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }).collect_view()}
                {(!y.flags.is_empty()).then(|| view! {
                    <table class="data flags">
                        <thead><tr><th>{ru::COLUMN_INDICATOR}</th><th>{ru::COLUMN_VALUE}</th><th>{ru::COLUMN_RULE}</th><th>{ru::COLUMN_FLAG}</th></tr></thead>
                        <tbody>
                            {y.flags.iter().map(|f| view! {
                                <tr>
                                    <td>{format!("{} {}", f.code, f.title)}</td>
                                    <td>{f.value.map(|v| v.to_string()).unwrap_or("—".into())}</td>
                                    <td>{f.rule.clone()}</td>
                                    <td>{if f.flagged { "⚑" } else { "" }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })}
            }).collect_view()}
            <h3>{ru::OVERRIDES_TITLE}</h3>
            <ul>
                {e.overrides.iter().map(|o| {
                    let text = format!(
                        "{} «{}» — {} ({}, {})",
                        if o.add { ru::OVERRIDE_ADDED } else { ru::OVERRIDE_REMOVED },
                        o.status, o.reason, o.author, o.created_at
                    );
                    view! { <li>{text}<WithdrawForm slug=slug.clone() run=run.clone() id=o.id.clone() withdraw /></li> }
                }).collect_view()}
            </ul>
            <OverrideForm slug run school=e.school_id.clone() statuses add />
        </section>
    }
}

#[component]
fn WithdrawForm(
    slug: String,
    run: String,
    id: String,
    withdraw: ServerAction<WithdrawOverride>,
) -> impl IntoView {
    view! {
        <ActionForm action=withdraw attr:class="inline">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="run" value=run />
            <input type="hidden" name="id" value=id />
            <button type="submit" class="link danger">{ru::OVERRIDE_WITHDRAW}</button>
        </ActionForm>
    }
}

#[component]
fn OverrideForm(
    slug: String,
    run: String,
    school: String,
    statuses: Vec<(String, String)>,
    add: ServerAction<AddOverride>,
) -> impl IntoView {
    let error = Signal::derive(action_error(add));
    view! {
        <ActionForm action=add attr:class="override">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="run" value=run />
            <input type="hidden" name="school" value=school />
            <label class="field inline">
                <span>{ru::OVERRIDE_ACTION}</span>
                <select name="action">
                    <option value="add">{ru::OVERRIDE_ADD}</option>
                    <option value="remove">{ru::OVERRIDE_REMOVE}</option>
                </select>
            </label>
            <label class="field inline">
                <span>{ru::COLUMN_STATUSES}</span>
                <select name="status">
                    {statuses.into_iter().map(|(code, label)| view! { <option value=code>{label}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{ru::OVERRIDE_REASON}</span>
                <textarea name="reason" rows="2" required></textarea>
            </label>
            <FormError error />
            <Submit label=ru::OVERRIDE_SUBMIT pending=add.pending().into() />
        </ActionForm>
    }
}

#[component]
fn PublishForm(slug: String, run: String, publish: ServerAction<PublishRun>) -> impl IntoView {
    view! {
        <ActionForm action=publish>
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="run" value=run />
            <Submit label=ru::RUN_PUBLISH pending=publish.pending().into() />
        </ActionForm>
    }
}

#[component]
fn RunDiffView(diff: Option<RunDiff>) -> impl IntoView {
    let Some(diff) = diff else {
        return view! { <p class="muted">{ru::DIFF_NONE}</p> }.into_any();
    };
    let list = |entries: Vec<DiffEntry>| {
        if entries.is_empty() {
            return view! { <p>{ru::DIFF_EMPTY}</p> }.into_any();
        }
        view! {
            <table class="data diff">
                <thead><tr><th>{ru::COLUMN_CODE}</th><th>{ru::COLUMN_NAME}</th><th>{ru::COLUMN_STATUSES}</th><th>{ru::COLUMN_WHY}</th></tr></thead>
                <tbody>
                    {entries.into_iter().map(|d| view! {
                        <tr><td>{d.school_id}</td><td>{d.name}</td><td>{d.status}</td><td>{d.why}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="diff">
            <h2>{ru::diff_title(&diff.against)}</h2>
            <h3>{ru::DIFF_ENTERING}</h3>
            {list(diff.entering)}
            <h3>{ru::DIFF_LEAVING}</h3>
            {list(diff.leaving)}
        </section>
    }
    .into_any()
}

/// Index distribution per group as bars over [0, 1], with the cut-offs drawn as lines.
#[component]
fn Charts(histograms: Vec<Histogram>) -> impl IntoView {
    if histograms.is_empty() {
        return None;
    }
    const W: f64 = 320.0;
    const H: f64 = 120.0;
    Some(view! {
        <section class="charts">
            <h2>{ru::CHART_TITLE}</h2>
            <p class="muted">{ru::CHART_HINT}</p>
            <div class="chart-grid">
                {histograms.into_iter().map(|h| {
                    let max = h.bins.iter().copied().max().unwrap_or(1).max(1) as f64;
                    let width = W / h.bins.len() as f64;
                    let caption = ru::chart_caption(&h.index, h.year, &h.group);
                    view! {
                        <figure>
                            <svg viewBox=format!("0 0 {W} {}", H + 14.0) role="img" aria-label=caption.clone()>
                                {h.bins.iter().enumerate().map(|(i, &n)| {
                                    let height = n as f64 / max * H;
                                    view! { <rect x=i as f64 * width + 1.0 y=H - height width=width - 2.0 height=height class="bar"><title>{n}</title></rect> }
                                }).collect_view()}
                                {h.worst_cutoff.map(|c| view! { <line x1=c * W x2=c * W y1="0" y2=H class="cutoff worst" /> })}
                                {h.best_cutoff.map(|c| view! { <line x1=c * W x2=c * W y1="0" y2=H class="cutoff best" /> })}
                                <text x="0" y=H + 12.0 class="axis">"0"</text>
                                <text x=W - 8.0 y=H + 12.0 class="axis">"1"</text>
                            </svg>
                            <figcaption>{caption}</figcaption>
                        </figure>
                    }
                }).collect_view()}
            </div>
        </section>
    })
}

#[component]
pub fn PublishedPage() -> impl IntoView {
    let slug = route_slug();
    let lists = Resource::new(move || slug.get(), get_published_lists);
    view! {
        <Title text=ru::PUBLISHED_TITLE />
        <h1>{ru::PUBLISHED_TITLE}</h1>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                let slug = slug.get_untracked();
                match lists.await {
                    Ok(lists) if lists.is_empty() => view! { <p>{ru::PUBLISHED_EMPTY}</p> }.into_any(),
                    Ok(lists) => lists.into_iter().map(|l| view! {
                        <section>
                            <h2>{l.config_title}</h2>
                            <p class="muted">{ru::published_at(&l.published_at)}" · "{ru::years_line(&l.years)}</p>
                            {if l.schools.is_empty() {
                                view! { <p>{ru::PUBLISHED_NONE_HERE}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="data published">
                                        <thead><tr>
                                            <th>{ru::COLUMN_CODE}</th><th>{ru::COLUMN_NAME}</th><th>{ru::FIELD_MUNICIPALITY}</th>
                                            <th>{ru::COLUMN_STATUSES}</th><th>{ru::COLUMN_NOTE}</th>
                                        </tr></thead>
                                        <tbody>
                                            {l.schools.into_iter().map(|s| view! {
                                                <tr><td>{s.school_id}</td><td>{s.name}</td><td>{s.municipality}</td><td>{s.statuses.join(", ")}</td><td>{s.notes.join("; ")}</td></tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                        </section>
                    }).collect_view().into_any(),
                    Err(error) => view! { <PageError error slug /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            super::encode("Ленинск 1"),
            "%D0%9B%D0%B5%D0%BD%D0%B8%D0%BD%D1%81%D0%BA%201"
        );
    }
}
