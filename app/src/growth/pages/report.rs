//! `/r/:slug/growth/:id`: the person's growth report of a finished re-test.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{route_param, route_slug, PageError};
use crate::growth::widgets::chart::GrowthChart;
use crate::growth::widgets::percent;
use crate::growth::{get_growth_report, CompetencyGrowth, GrowthReport, ProposedCourse};
use crate::i18n::ru;

#[component]
pub fn GrowthReportPage() -> impl IntoView {
    let slug = route_slug();
    let id = route_param("id");
    let report = Resource::new(
        move || (slug.get(), id.get()),
        |(slug, id)| get_growth_report(slug, id),
    );
    view! {
        <Title text=ru::GROWTH_TITLE />
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(report) => view! { <Report report slug=slug.get_untracked() /> }.into_any(),
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Report(report: GrowthReport, slug: String) -> impl IntoView {
    let GrowthReport {
        title,
        before_on,
        after_on,
        low,
        competencies,
        closed,
        remaining,
        not_measured,
        proposal,
        uncovered,
        ..
    } = report;
    // With no pronounced deficit left there is nothing to propose a route for.
    let nothing_remains = remaining.is_empty();
    view! {
        <section class="growth-report">
            <p class="back">
                <a href=format!("/r/{slug}/cabinet")>{ru::GROWTH_BACK}</a>
            </p>
            <h1>{ru::GROWTH_TITLE}</h1>
            <p>
                <strong>{title}</strong>
            </p>
            <p class="muted">{ru::growth_compared(&before_on, &after_on)}</p>
            <h2>{ru::GROWTH_CHART_TITLE}</h2>
            <GrowthChart rows=competencies low />
            <h2>{ru::GROWTH_CLOSED_TITLE}</h2>
            <Changes rows=closed class="closed" empty=ru::GROWTH_CLOSED_NONE />
            <h2>{ru::GROWTH_REMAINING_TITLE}</h2>
            <Changes rows=remaining class="remaining" empty=ru::GROWTH_REMAINING_NONE />
            {(!not_measured.is_empty())
                .then(|| {
                    view! {
                        <h2>{ru::GROWTH_NOT_MEASURED_TITLE}</h2>
                        <p class="muted">{ru::GROWTH_NOT_MEASURED_NOTE}</p>
                        <ul class="not-measured">
                            {not_measured.into_iter().map(|r| view! { <li>{r.title}</li> }).collect_view()}
                        </ul>
                    }
                })}
            {(!nothing_remains)
                .then(|| {
                    view! {
                        <h2>{ru::GROWTH_PROPOSAL_TITLE}</h2>
                        <Proposal proposal uncovered slug />
                    }
                })}
        </section>
    }
}

#[component]
fn Changes(rows: Vec<CompetencyGrowth>, class: &'static str, empty: &'static str) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <ul class=format!("growth-list {class}")>
            {rows
                .into_iter()
                .map(|r| {
                    let after = r.after.map_or(ru::GROWTH_NOT_MEASURED_SHORT.to_string(), percent);
                    view! {
                        <li data-competency=r.code.clone()>
                            <strong>{r.title.clone()}</strong>
                            {format!(" — {}", ru::growth_change(&percent(r.before), &after))}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Proposal(proposal: Vec<ProposedCourse>, uncovered: Vec<String>, slug: String) -> impl IntoView {
    let courses = if proposal.is_empty() {
        view! { <p class="muted">{ru::GROWTH_PROPOSAL_NONE}</p> }.into_any()
    } else {
        view! {
            <ol class="proposal">
                {proposal
                    .into_iter()
                    .map(|course| {
                        view! {
                            <li>
                                <strong>{course.title}</strong>
                                <br />
                                <small class="muted">{ru::growth_proposal_covers(&course.covers.join(", "))}</small>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <p>
                <a class="button primary" href=format!("/r/{slug}/route")>{ru::GROWTH_PROPOSAL_ACCEPT}</a>
            </p>
        }
        .into_any()
    };
    let uncovered = (!uncovered.is_empty()).then(
        || view! { <p class="muted">{format!("{} {}", ru::GROWTH_UNCOVERED, uncovered.join(", "))}</p> },
    );
    view! {
        {courses}
        {uncovered}
    }
}
