//! An upload's preview: what applying it would change, or why it cannot be applied.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::RegionForm;
use crate::components::{action_error, route_param as param, route_slug, FormError, PageError, Submit};
use crate::i18n::ru;
use crate::identification::widgets::Progress;
use crate::identification::*;

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
                            let id = p.id.clone();
                            view! {
                                <RegionForm action=commit>
                                    <input type="hidden" name="id" value=id />
                                    <Submit label=ru::UPLOAD_COMMIT pending=commit.pending().into() />
                                    <Progress pending=commit.pending().into() message=ru::UPLOAD_COMMIT_PROGRESS />
                                </RegionForm>
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
                                <RegionForm action=discard>
                                    <input type="hidden" name="id" value=p.id />
                                    <button type="submit">{ru::UPLOAD_DISCARD}</button>
                                </RegionForm>
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
