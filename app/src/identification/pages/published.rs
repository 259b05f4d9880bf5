//! The published lists, as a municipal coordinator sees them.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{route_slug, PageError};
use crate::i18n::ru;
use crate::identification::*;

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
