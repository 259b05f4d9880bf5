//! The growth pages' sections: the person's open re-tests and growth reports, and the director's
//! aggregates of his school.

use leptos::prelude::*;

use super::aggregates::AggregatesView;
use crate::components::form::RegionForm;
use crate::components::{action_error, FormError};
use crate::diagnostics::StartAttempt;
use crate::growth::{get_my_growth, get_school_growth, GrowthLink, MyGrowth, PendingRetest};
use crate::i18n::ru;

/// The person's re-tests: start or continue an open one, read the report of a finished one.
#[component]
pub fn GrowthSection(slug: String) -> impl IntoView {
    let mine = Resource::new(move || slug.clone(), get_my_growth);
    let start = ServerAction::<StartAttempt>::new();
    let start_error = Signal::derive(action_error(start));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                mine.await
                    .ok()
                    .map(|growth| {
                        let empty = (growth.pending.is_empty() && growth.reports.is_empty())
                            .then(|| view! { <p class="muted">{ru::GROWTH_NOTHING_YET}</p> });
                        view! {
                            <section class="card growth" id="growth">
                                <FormError error=start_error />
                                {empty}
                                <GrowthList growth start />
                            </section>
                        }
                    })
            })}
        </Suspense>
    }
}

#[component]
fn GrowthList(growth: MyGrowth, start: ServerAction<StartAttempt>) -> impl IntoView {
    let MyGrowth { pending, reports } = growth;
    view! {
        <ul class="instrument-list">
            {pending.into_iter().map(|retest| view! { <Pending retest start /> }).collect_view()}
        </ul>
        <ul class="growth-reports">
            {reports.into_iter().map(|link| view! { <Report link /> }).collect_view()}
        </ul>
    }
}

#[component]
fn Pending(retest: PendingRetest, start: ServerAction<StartAttempt>) -> impl IntoView {
    let slug = crate::components::route_slug().get_untracked();
    let instrument = retest.instrument_id.clone();
    let action = match retest.active_attempt {
        Some(attempt) => view! {
            <a class="button primary" href=format!("/r/{slug}/diagnostics/{attempt}")>{ru::GROWTH_CONTINUE}</a>
        }
        .into_any(),
        None => view! {
            <RegionForm action=start>
                <input type="hidden" name="instrument" value=instrument />
                <button type="submit" class="primary">{ru::GROWTH_START}</button>
            </RegionForm>
        }
        .into_any(),
    };
    let short = (!retest.short.is_empty())
        .then(|| view! { <p class="notice">{ru::growth_shortfall(&retest.short.join(", "))}</p> });
    view! {
        <li data-retest=retest.instrument_id.clone()>
            <div>
                <strong>{ru::growth_retest_open(&retest.title)}</strong>
                {short}
            </div>
            {action}
        </li>
    }
}

#[component]
fn Report(link: GrowthLink) -> impl IntoView {
    let slug = crate::components::route_slug().get_untracked();
    view! {
        <li>
            <a href=format!("/r/{slug}/growth/{}", link.attempt_id)>
                {ru::growth_report_link(&link.title, &link.finished_on)}
            </a>
        </li>
    }
}

/// A director's view of his school's growth: shares only for groups of at least five.
#[component]
pub fn SchoolGrowthSection(slug: String) -> impl IntoView {
    let aggregates = Resource::new(move || slug.clone(), get_school_growth);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                aggregates
                    .await
                    .ok()
                    .map(|aggregates| {
                        view! {
                            <section class="card school-growth">
                                <h2>{format!("{}: {}", ru::GROWTH_SCHOOL_TITLE, aggregates.scope)}</h2>
                                <AggregatesView aggregates />
                            </section>
                        }
                    })
            })}
        </Suspense>
    }
}
