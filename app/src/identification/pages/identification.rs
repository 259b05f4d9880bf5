//! The operator's overview: loaded data, configurations and recent runs.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{Field, RegionForm};
use crate::components::{action_error, route_slug, FormError, PageError};
use crate::i18n::ru;
use crate::identification::widgets::*;
use crate::identification::*;

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
                                    <CreateButton source=format!("template:{code}") label=ru::from_template(title) create />
                                }).collect_view()}
                            </div>
                            <div class="actions">
                                {ru::METHODS.iter().map(|(code, title)| view! {
                                    <CreateButton source=format!("empty:{code}") label=ru::empty_config(title) create />
                                }).collect_view()}
                            </div>
                            <ImportConfigForm create />
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
pub fn ImportConfigForm(create: ServerAction<CreateConfig>) -> impl IntoView {
    view! {
        <details>
            <summary>{ru::CONFIG_IMPORT}</summary>
            <RegionForm action=create>
                <input type="hidden" name="source" value="json" />
                <Field label=ru::CONFIG_JSON>
                    <textarea name="json" rows="10" required></textarea>
                </Field>
                <button type="submit" class="primary">{ru::CONFIG_IMPORT_SUBMIT}</button>
            </RegionForm>
        </details>
    }
}

#[component]
pub fn CreateButton(source: String, label: String, create: ServerAction<CreateConfig>) -> impl IntoView {
    view! {
        <RegionForm action=create>
            <input type="hidden" name="source" value=source />
            <button type="submit">{label}</button>
        </RegionForm>
    }
}
