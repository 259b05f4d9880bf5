//! The diagnostics sections of the personal account: the person's own diagnostics, and the
//! director's school aggregate.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

use super::percent;
use crate::components::form::RegionForm;
use crate::components::{action_error, FormError};
use crate::diagnostics::{
    get_my_diagnostics, get_school_aggregate, InstrumentCard, MyDiagnostics, PastResult, SchoolInstrument,
    StartAttempt,
};
use crate::i18n::ru;

/// The person's diagnostics in the personal account: assigned and open instruments, attempts
/// in progress, past results with their deficits.
#[component]
pub fn MyDiagnosticsSection(slug: String) -> impl IntoView {
    let slug_signal = Signal::derive({
        let slug = slug.clone();
        move || slug.clone()
    });
    let mine = Resource::new(move || slug_signal.get(), get_my_diagnostics);
    let start = ServerAction::<StartAttempt>::new();
    let start_error = Signal::derive(action_error(start));
    view! {
        <section class="card diagnostics" id="diagnostics">
            <h2>{ru::DIAG_MY_TITLE}</h2>
            <FormError error=start_error />
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match mine.await {
                        Err(error) => Either::Left(view! { <p class="error">{error.to_string()}</p> }),
                        Ok(mine) => {
                            let slug = slug_signal.get_untracked();
                            Either::Right(view! { <MyDiagnosticsList mine slug start /> })
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn MyDiagnosticsList(mine: MyDiagnostics, slug: String, start: ServerAction<StartAttempt>) -> impl IntoView {
    let instruments = if mine.instruments.is_empty() {
        Either::Left(view! { <p class="muted">{ru::DIAG_NONE_AVAILABLE}</p> })
    } else {
        Either::Right(view! {
            <ul class="instrument-list">
                {mine
                    .instruments
                    .into_iter()
                    .map(|card| view! { <InstrumentItem card slug=slug.clone() start /> })
                    .collect_view()}
            </ul>
        })
    };
    let retest = mine.open_retests.first().map(|title| {
        view! {
            <p class="notice" id="growth-notice">
                <a href=format!("/r/{slug}/growth")>{ru::growth_retest_open(title)}</a>
            </p>
        }
    });
    let results = (!mine.results.is_empty()).then(|| view! { <PastResults results=mine.results slug /> });
    view! {
        {retest}
        {instruments}
        {results}
    }
}

/// An instrument with what can be done about it: continue, start, or nothing (closed).
#[component]
fn InstrumentItem(card: InstrumentCard, slug: String, start: ServerAction<StartAttempt>) -> impl IntoView {
    let facts = [
        card.due_at.as_ref().map(|d| ru::diag_due(d)),
        card.time_limit_minutes.map(ru::diag_limit),
        card.closes_at.as_ref().map(|d| ru::diag_closes(d)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let action = match (&card.active_attempt, card.open) {
        (Some(attempt), _) => EitherOf3::A(view! {
            <a class="button primary" href=format!("/r/{slug}/diagnostics/{attempt}")>{ru::DIAG_CONTINUE}</a>
        }),
        (None, true) => {
            let instrument = card.id.clone();
            EitherOf3::B(view! {
                <RegionForm action=start>
                    <input type="hidden" name="instrument" value=instrument />
                    <button type="submit" class="primary">{ru::DIAG_START}</button>
                </RegionForm>
            })
        }
        (None, false) => EitherOf3::C(view! { <span class="muted">{ru::DIAG_CLOSED_SHORT}</span> }),
    };
    view! {
        <li data-instrument=card.id.clone()>
            <div>
                <strong>{card.title.clone()}</strong>
                {card.assigned.then(|| view! { <span class="badge">{ru::DIAG_ASSIGNED}</span> })}
                <br />
                <small class="muted">{facts}</small>
            </div>
            {action}
        </li>
    }
}

#[component]
fn PastResults(results: Vec<PastResult>, slug: String) -> impl IntoView {
    view! {
        <h3>{ru::DIAG_PAST_RESULTS}</h3>
        <table class="results">
            <thead>
                <tr>
                    <th>{ru::DIAG_COL_DATE}</th>
                    <th>{ru::DIAG_COL_INSTRUMENT}</th>
                    <th>{ru::DIAG_COL_POINTS}</th>
                    <th>{ru::DIAG_COL_DEFICITS}</th>
                </tr>
            </thead>
            <tbody>
                {results
                    .into_iter()
                    .map(|r| {
                        let deficits = ru::diag_top_deficits(&r.deficits);
                        view! {
                            <tr>
                                <td>{r.finished_at}</td>
                                <td>
                                    <a href=format!("/r/{slug}/diagnostics/{}/result", r.attempt_id)>{r.title}</a>
                                </td>
                                <td>{super::points(r.points, r.max_points)}</td>
                                <td>{deficits}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// A director's view of the school: averages only, for groups of at least five confirmed people.
#[component]
pub fn SchoolAggregateSection(slug: String) -> impl IntoView {
    let aggregate = Resource::new(move || slug.clone(), get_school_aggregate);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                aggregate
                    .await
                    .ok()
                    .map(|aggregate| {
                        view! {
                            <section class="card school-aggregate">
                                <h2>{ru::diag_school_title(&aggregate.school)}</h2>
                                {if aggregate.instruments.is_empty() {
                                    view! { <p class="muted">{ru::DIAG_SCHOOL_NOTHING}</p> }.into_any()
                                } else {
                                    aggregate
                                        .instruments
                                        .into_iter()
                                        .map(|instrument| view! { <SchoolInstrumentAverages instrument /> })
                                        .collect_view()
                                        .into_any()
                                }}
                            </section>
                        }
                    })
            })}
        </Suspense>
    }
}

#[component]
fn SchoolInstrumentAverages(instrument: SchoolInstrument) -> impl IntoView {
    let SchoolInstrument {
        title,
        average,
        titles,
    } = instrument;
    let table = if average.scores.is_empty() {
        view! { <p class="muted">{ru::DIAG_GROUP_TOO_SMALL}</p> }.into_any()
    } else {
        view! {
            <p>{ru::diag_people(average.people.label())}</p>
            <table>
                <tbody>
                    {average
                        .scores
                        .iter()
                        .map(|(code, score)| {
                            let title = titles
                                .iter()
                                .find(|(c, _)| c == code)
                                .map_or(code.clone(), |(_, t)| t.clone());
                            view! {
                                <tr>
                                    <td>{title}</td>
                                    <td>{percent(*score)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <h3>{title}</h3>
        {table}
    }
}
