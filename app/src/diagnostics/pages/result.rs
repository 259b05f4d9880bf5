//! A result: the score, the deficit chart, the deficits from the most severe, and the
//! comparison with the person's school, municipality and region.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{route_param as param, route_slug, PageError};
use crate::diagnostics::model::CompetencyScore;
use crate::diagnostics::widgets::{level_class, percent};
use crate::diagnostics::{get_result, AttemptResult, GroupAverage, ResultView};
use crate::i18n::ru;

#[component]
pub fn ResultPage() -> impl IntoView {
    let slug = route_slug();
    let id = param("id");
    let result = Resource::new(move || (slug.get(), id.get()), |(slug, id)| get_result(slug, id));
    view! {
        <Title text=ru::DIAG_RESULT_TITLE />
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match result.await {
                    Ok(view) => Either::Left(view! { <ResultReport view slug=slug.get_untracked() /> }),
                    Err(error) => Either::Right(view! { <PageError error slug=slug.get_untracked() /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ResultReport(view: ResultView, slug: String) -> impl IntoView {
    let result = view.result.clone();
    let deficits = result
        .deficits
        .iter()
        .filter_map(|code| result.competencies.iter().find(|c| &c.code == code))
        .cloned()
        .collect::<Vec<_>>();
    view! {
        <section class="result">
            <p>
                <a href=format!("/r/{slug}/cabinet")>{ru::DIAG_BACK_TO_CABINET}</a>
            </p>
            <h1>{view.title.clone()}</h1>
            <p class="muted">{ru::diag_result_line(&view.person, &view.finished_at)}</p>
            {view.finished_by_deadline.then(|| view! { <p class="notice">{ru::DIAG_FINISHED_BY_DEADLINE}</p> })}
            <p class="score">
                {ru::diag_points(view.result.points, view.result.max_points)}
            </p>
            <h2>{ru::DIAG_CHART_TITLE}</h2>
            <DeficitChart result=view.result.clone() />
            <h2>{ru::DIAG_DEFICITS_TITLE}</h2>
            <Deficits deficits />
            <Comparison groups=view.comparison result />
        </section>
    }
}

#[component]
fn Deficits(deficits: Vec<CompetencyScore>) -> impl IntoView {
    if deficits.is_empty() {
        return Either::Left(view! { <p>{ru::DIAG_NO_DEFICITS_TEXT}</p> });
    }
    // The courses that close these deficits: the person's route (courses domain).
    let route = format!("/r/{}/route", route_slug().get_untracked());
    Either::Right(view! {
        <p class="route-link">
            <a href=route>{ru::ROUTE_LINK}</a>
        </p>
        <ol class="deficits">
            {deficits
                .into_iter()
                .map(|c| {
                    view! {
                        <li class=level_class(c.level) data-competency=c.code.clone()>
                            <strong>{c.title.clone()}</strong>
                            {format!(" — {} · {}", percent(c.score), c.level.label())}
                            <p>{c.description.clone()}</p>
                            <p>
                                <em>{ru::DIAG_IN_PRACTICE}</em>
                                {c.deficit_meaning.clone()}
                            </p>
                            <p class="muted">{c.level.advice()}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    })
}

/// The person's score beside the averages of the groups large enough to show.
#[component]
fn Comparison(groups: Vec<GroupAverage>, result: AttemptResult) -> impl IntoView {
    let shown: Vec<&GroupAverage> = groups.iter().filter(|g| !g.scores.is_empty()).collect();
    view! {
        <h2>{ru::DIAG_COMPARISON}</h2>
        <p class="muted">{ru::DIAG_COMPARISON_NOTE}</p>
        <ul class="groups">
            {groups
                .iter()
                .map(|g| {
                    let text = if g.scores.is_empty() {
                        ru::diag_group_hidden(&g.group)
                    } else {
                        ru::diag_group_shown(&g.group, g.people.label())
                    };
                    view! { <li>{text}</li> }
                })
                .collect_view()}
        </ul>
        <table class="comparison">
            <thead>
                <tr>
                    <th>{ru::DIAG_COL_COMPETENCY}</th>
                    <th>{ru::DIAG_COL_YOU}</th>
                    {shown.iter().map(|g| view! { <th>{g.group.clone()}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>
                {result
                    .competencies
                    .iter()
                    .map(|c| {
                        view! {
                            <tr>
                                <td>{c.title.clone()}</td>
                                <td>{percent(c.score)}</td>
                                {shown
                                    .iter()
                                    .map(|g| {
                                        let mean = g.scores.iter().find(|(code, _)| code == &c.code).map(|(_, m)| *m);
                                        view! { <td>{mean.map_or(ru::DIAG_NO_VALUE.to_string(), percent)}</td> }
                                    })
                                    .collect_view()}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// Horizontal bars of the person's score per competency, with the two level thresholds drawn
/// across them: SVG, so it prints and needs no script.
#[component]
fn DeficitChart(result: AttemptResult) -> impl IntoView {
    const LABEL: f64 = 300.0;
    const WIDTH: f64 = 420.0;
    const ROW: f64 = 26.0;
    let rows = result.competencies.len() as f64;
    let height = rows * ROW + 30.0;
    let x = |share: f64| LABEL + share * WIDTH;
    let t = result.thresholds;
    view! {
        <svg
            class="deficit-chart"
            role="img"
            aria-label=ru::DIAG_CHART_TITLE
            viewBox=format!("0 0 {} {height}", LABEL + WIDTH + 50.0)
            width="100%"
        >
            {result
                .competencies
                .iter()
                .enumerate()
                .map(|(n, c)| {
                    let y = n as f64 * ROW + 4.0;
                    let label: String = c.title.chars().take(42).collect();
                    view! {
                        <g class=level_class(c.level) data-competency=c.code.clone()>
                            <text x=LABEL - 8.0 y=y + 15.0 text-anchor="end" font-size="12">{label}</text>
                            <rect x=LABEL y=y width=(c.score * WIDTH).max(1.0) height=ROW - 8.0 rx="3" />
                            <text x=x(c.score) + 6.0 y=y + 14.0 font-size="11">{percent(c.score)}</text>
                        </g>
                    }
                })
                .collect_view()}
            {[(t.low, "threshold-low"), (t.high, "threshold-high")]
                .into_iter()
                .map(|(share, class)| {
                    view! {
                        <g class=class>
                            <line x1=x(share) x2=x(share) y1="0" y2=rows * ROW stroke-dasharray="4 3" />
                            <text x=x(share) y=rows * ROW + 16.0 text-anchor="middle" font-size="11">
                                {percent(share)}
                            </text>
                        </g>
                    }
                })
                .collect_view()}
        </svg>
    }
}
