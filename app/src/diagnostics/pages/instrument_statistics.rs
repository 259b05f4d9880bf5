//! An instrument's item statistics and, on request (audited), its individual scores.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{route_param as param, route_slug, PageError};
use crate::diagnostics::stats_model::{ItemStat, ScaleStat};
use crate::diagnostics::widgets::{decimal, points};
use crate::diagnostics::{get_item_statistics, get_person_scores, ItemStatistics, PersonScore};
use crate::i18n::ru;

#[component]
pub fn InstrumentStatisticsPage() -> impl IntoView {
    let slug = route_slug();
    let id = param("id");
    let stats = Resource::new(
        move || (slug.get(), id.get()),
        |(slug, id)| get_item_statistics(slug, id),
    );
    let show_people = RwSignal::new(false);
    let people = Resource::new(
        move || (slug.get(), id.get(), show_people.get()),
        |(slug, id, show)| async move {
            if show {
                get_person_scores(slug, id).await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    view! {
        <Title text=ru::DIAG_STATISTICS />
        <p>
            <a href=move || format!("/r/{}/admin/diagnostics", slug.get())>{ru::DIAG_BACK_TO_ADMIN}</a>
        </p>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match stats.await {
                    Ok(stats) => view! { <StatisticsReport stats /> }.into_any(),
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
        <section class="card">
            <h2>{ru::DIAG_PEOPLE_TITLE}</h2>
            <p class="muted">{ru::DIAG_PEOPLE_NOTE}</p>
            <button type="button" on:click=move |_| show_people.set(true)>{ru::DIAG_PEOPLE_SHOW}</button>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match people.await {
                        Ok(Some(rows)) => view! { <PersonScores rows /> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(error) => view! { <p class="error">{error.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PersonScores(rows: Vec<PersonScore>) -> impl IntoView {
    view! {
        <table class="people-scores">
            <thead>
                <tr>
                    <th>{ru::DIAG_COL_PERSON}</th>
                    <th>{ru::DIAG_COL_SCHOOL}</th>
                    <th>{ru::DIAG_COL_DATE}</th>
                    <th>{ru::DIAG_COL_POINTS}</th>
                    <th>{ru::DIAG_COL_DEFICITS}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|p| view! {
                        <tr>
                            <td>{p.person}</td>
                            <td>{p.school}</td>
                            <td>{p.finished_at}</td>
                            <td>{points(p.points, p.max_points)}</td>
                            <td>{p.deficits}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn StatisticsReport(stats: ItemStatistics) -> impl IntoView {
    let flagged = stats.items.iter().filter(|i| !i.flags.is_empty()).count();
    view! {
        <h1>{ru::diag_statistics_title(&stats.instrument)}</h1>
        <p>{ru::diag_statistics_line(stats.attempts, stats.items.len(), flagged)}</p>
        <section class="card">
            <h2>{ru::DIAG_SCALES}</h2>
            <ScalesTable scales=stats.scales />
        </section>
        <section class="card">
            <h2>{ru::DIAG_ITEMS_STATS}</h2>
            <p class="muted">{ru::DIAG_ITEMS_STATS_NOTE}</p>
            <ItemsTable items=stats.items />
        </section>
    }
}

#[component]
fn ScalesTable(scales: Vec<ScaleStat>) -> impl IntoView {
    view! {
        <table class="scales">
            <thead>
                <tr>
                    <th>{ru::DIAG_COL_COMPETENCY}</th>
                    <th>{ru::DIAG_COL_ITEMS}</th>
                    <th>{ru::DIAG_COL_ALPHA}</th>
                </tr>
            </thead>
            <tbody>
                {scales
                    .iter()
                    .map(|s| view! {
                        <tr>
                            <td>{format!("{} {}", s.competency, s.title)}</td>
                            <td>{s.items}</td>
                            <td>{decimal(s.alpha)}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn ItemsTable(items: Vec<ItemStat>) -> impl IntoView {
    view! {
        <table class="item-stats">
            <thead>
                <tr>
                    <th>{ru::DIAG_F_CODE}</th>
                    <th>{ru::DIAG_COL_ANSWERED}</th>
                    <th>{ru::DIAG_COL_FACILITY}</th>
                    <th>{ru::DIAG_COL_DISCRIMINATION}</th>
                    <th>{ru::DIAG_COL_OPTIONS}</th>
                    <th>{ru::DIAG_COL_FLAGS}</th>
                </tr>
            </thead>
            <tbody>
                {items
                    .into_iter()
                    .map(|i| {
                        let options = i
                            .options
                            .iter()
                            .enumerate()
                            .map(|(n, (_, count, correct))| ru::diag_option_count(n + 1, *correct, *count))
                            .collect::<Vec<_>>()
                            .join(" · ");
                        view! {
                            <tr class:flagged=!i.flags.is_empty() data-item=i.code.clone()>
                                <td title=i.stem.clone()>{i.code.clone()}</td>
                                <td>{i.answered}</td>
                                <td>{decimal(Some(i.facility))}</td>
                                <td>{decimal(i.discrimination)}</td>
                                <td>{options}</td>
                                <td>{i.flags.join("; ")}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
