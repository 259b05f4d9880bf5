//! `/r/:slug`: a region's public page with its registry of municipalities and schools.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::PageError;
use crate::i18n::ru;
use crate::tenancy::{get_region_overview, RegionOverview, SchoolSummary};

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
                    Ok(overview) => Either::Left(view! { <RegionOverviewView overview /> }),
                    Err(error) => {
                        let slug = params.read_untracked().get("slug").unwrap_or_default();
                        Either::Right(view! { <PageError error slug /> })
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
            Either::Left(view! { <p>{ru::REGION_NO_SCHOOLS}</p> })
        } else {
            Either::Right(view! { <SchoolTable schools /> })
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
