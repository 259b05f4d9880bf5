//! `/`: the public list of regions, with a filter.

use leptos::either::Either;
use leptos::prelude::*;

use crate::components::{form::Field, ErrorMessage};
use crate::i18n::ru;
use crate::tenancy::{list_regions, RegionCard};

#[component]
pub fn LandingPage() -> impl IntoView {
    let regions = Resource::new(|| (), |_| list_regions());
    let query = RwSignal::new(String::new());
    view! {
        <section class="landing">
            <h1>{ru::LANDING_HEADING}</h1>
            <p class="lead">{ru::LANDING_INTRO}</p>
            <Field label=ru::LANDING_FILTER_LABEL>
                <input
                    type="search"
                    name="region-filter"
                    placeholder=ru::LANDING_FILTER_PLACEHOLDER
                    autocomplete="off"
                    bind:value=query
                />
            </Field>
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match regions.await {
                        Ok(list) => Either::Left(view! { <RegionList regions=list query /> }),
                        Err(error) => Either::Right(view! { <ErrorMessage message=error.to_string() /> }),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn RegionList(regions: Vec<RegionCard>, query: RwSignal<String>) -> impl IntoView {
    if regions.is_empty() {
        return Either::Left(view! { <p>{ru::LANDING_EMPTY}</p> });
    }
    let regions = StoredValue::new(regions);
    let visible = Memo::new(move |_| {
        let query = query.get();
        regions.with_value(|all| {
            all.iter()
                .filter(|r| r.matches(&query))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    Either::Right(view! {
        <ul class="region-list">
            <For each=move || visible.get() key=|region| region.slug.clone() let:region>
                <li>
                    <a href=format!("/r/{}", region.slug)>{region.name}</a>
                    <span class="muted">{format!(" · {} {}", ru::REGION_CODE, region.region_code)}</span>
                </li>
            </For>
        </ul>
        <Show when=move || visible.with(Vec::is_empty)>
            <p class="muted">{ru::LANDING_NOTHING_FOUND}</p>
        </Show>
    })
}
