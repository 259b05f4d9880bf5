//! Regions as tenants: the public list of regions and each region's registry of
//! municipalities and schools.

#[cfg(feature = "ssr")]
pub mod db;

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::components::{ErrorMessage, PageError};
use crate::error::AppError;
use crate::i18n::ru;

/// A region as the public landing page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionCard {
    pub slug: String,
    pub name: String,
    pub region_code: String,
}

impl RegionCard {
    /// Case-insensitive match on the name or the region code.
    pub fn matches(&self, query: &str) -> bool {
        let query = query.trim().to_lowercase();
        query.is_empty() || self.name.to_lowercase().contains(&query) || self.region_code.contains(&query)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MunicipalitySummary {
    pub name: String,
    pub school_count: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolSummary {
    pub code: String,
    pub name: String,
    pub municipality: String,
    pub school_group: String,
    pub is_rural: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionOverview {
    pub region: RegionCard,
    pub time_zone: String,
    /// Status code → the region's own label (the same status is «ШНРО» in one region and
    /// «ШСНОР» in another).
    pub status_labels: BTreeMap<String, String>,
    pub municipalities: Vec<MunicipalitySummary>,
    pub schools: Vec<SchoolSummary>,
}

#[server]
pub async fn list_regions() -> Result<Vec<RegionCard>, AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(db::active_regions(&state.db).await.map_err(AppError::from))
}

#[server]
pub async fn get_region_overview(slug: String) -> Result<RegionOverview, AppError> {
    let state = crate::state::app_state()?;
    crate::state::with_status(
        db::region_overview(&state.db, &slug)
            .await
            .map_err(AppError::from)
            .and_then(|o| o.ok_or(AppError::RegionNotFound)),
    )
}

#[component]
pub fn LandingPage() -> impl IntoView {
    let regions = Resource::new(|| (), |_| list_regions());
    let query = RwSignal::new(String::new());
    view! {
        <section class="landing">
            <h1>{ru::LANDING_HEADING}</h1>
            <p class="lead">{ru::LANDING_INTRO}</p>
            <label class="field">
                <span>{ru::LANDING_FILTER_LABEL}</span>
                <input
                    type="search"
                    name="region-filter"
                    placeholder=ru::LANDING_FILTER_PLACEHOLDER
                    autocomplete="off"
                    bind:value=query
                />
            </label>
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match regions.await {
                        Ok(list) => view! { <RegionList regions=list query /> }.into_any(),
                        Err(error) => view! { <ErrorMessage message=error.to_string() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn RegionList(regions: Vec<RegionCard>, query: RwSignal<String>) -> impl IntoView {
    if regions.is_empty() {
        return view! { <p>{ru::LANDING_EMPTY}</p> }.into_any();
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
    view! {
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
    }
    .into_any()
}

#[component]
pub fn RegionPage() -> impl IntoView {
    let params = use_params_map();
    let overview = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        get_region_overview,
    );
    view! {
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <RegionOverviewView overview /> }.into_any(),
                    Err(error) => {
                        let slug = params.read_untracked().get("slug").unwrap_or_default();
                        view! { <PageError error slug /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn RegionOverviewView(overview: RegionOverview) -> impl IntoView {
    let RegionOverview {
        region,
        time_zone,
        status_labels,
        municipalities,
        schools,
    } = overview;
    let labels = status_labels.into_values().collect::<Vec<_>>().join(", ");
    view! {
        <Title text=format!("{} — {}", region.name, ru::APP_NAME) />
        <a href="/" class="back">{ru::BACK_TO_REGIONS}</a>
        <h1 class="region-name">{region.name.clone()}</h1>
        <nav class="region-nav">
            <a class="button primary" href=format!("/r/{}/login", region.slug)>{ru::NAV_LOGIN}</a>
            <a class="button" href=format!("/r/{}/register", region.slug)>{ru::NAV_REGISTER}</a>
        </nav>
        <dl class="facts">
            <dt>{ru::REGION_CODE}</dt>
            <dd>{region.region_code.clone()}</dd>
            <dt>{ru::REGION_TIME_ZONE}</dt>
            <dd>{time_zone}</dd>
            <dt>{ru::REGION_STATUS_LABELS}</dt>
            <dd>{labels}</dd>
        </dl>
        <h2>{ru::REGION_MUNICIPALITIES}</h2>
        <ul class="municipalities">
            {municipalities
                .into_iter()
                .map(|m| {
                    view! {
                        <li>
                            {m.name}
                            <span class="muted">{format!(" · {}: {}", ru::REGION_SCHOOL_COUNT, m.school_count)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <h2>{ru::REGION_SCHOOLS}</h2>
        {if schools.is_empty() {
            view! { <p>{ru::REGION_NO_SCHOOLS}</p> }.into_any()
        } else {
            view! { <SchoolTable schools /> }.into_any()
        }}
    }
}

#[component]
fn SchoolTable(schools: Vec<SchoolSummary>) -> impl IntoView {
    view! {
        <table class="schools">
            <thead>
                <tr>
                    <th>{ru::COLUMN_SCHOOL_CODE}</th>
                    <th>{ru::COLUMN_SCHOOL_NAME}</th>
                    <th>{ru::REGION_MUNICIPALITIES}</th>
                    <th>{ru::COLUMN_SCHOOL_GROUP}</th>
                    <th>{ru::COLUMN_SETTLEMENT}</th>
                </tr>
            </thead>
            <tbody>
                {schools
                    .into_iter()
                    .map(|s| {
                        view! {
                            <tr>
                                <td>{s.code}</td>
                                <td>{s.name}</td>
                                <td>{s.municipality}</td>
                                <td>{s.school_group}</td>
                                <td>{if s.is_rural { ru::RURAL } else { ru::URBAN }}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::RegionCard;

    fn khabarovsk() -> RegionCard {
        RegionCard {
            slug: "khabarovsk".into(),
            name: "Хабаровский край".into(),
            region_code: "27".into(),
        }
    }

    #[test]
    fn the_filter_ignores_case_and_surrounding_spaces() {
        assert!(khabarovsk().matches("  хабаРОВСКИЙ "));
    }

    #[test]
    fn the_filter_matches_the_region_code() {
        assert!(khabarovsk().matches("27"));
        assert!(!khabarovsk().matches("42"));
    }

    #[test]
    fn an_empty_filter_matches_every_region() {
        assert!(khabarovsk().matches(""));
    }

    #[test]
    fn an_unrelated_query_matches_nothing() {
        assert!(!khabarovsk().matches("Рязан"));
    }
}
