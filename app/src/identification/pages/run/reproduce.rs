//! A run's data versions, «Воспроизвести», and the comparison with the current data.

use leptos::prelude::*;

use crate::components::form::RegionForm;
use crate::components::{action_error, FormError, Submit};
use crate::i18n::ru;
use crate::identification::*;

#[component]
pub fn RunData(r: RunView) -> impl IntoView {
    let reproduce = ServerAction::<ReproduceRun>::new();
    let compare = ServerAction::<DiffWithCurrent>::new();
    let (reproduce_error, compare_error) = (
        Signal::derive(action_error(reproduce)),
        Signal::derive(action_error(compare)),
    );
    let (id, id2) = (r.id.clone(), r.id.clone());
    let newer = r.data.iter().any(|y| y.newer.is_some()) || !r.added_years.is_empty();
    let years = r
        .data
        .iter()
        .map(|y| {
            let deleted = (!y.kept).then_some(ru::used_year_deleted());
            let newer = y.newer.as_ref().map(|(v, at)| ru::newer_version(*v, at));
            view! { <li>{ru::used_year(y.year, y.version, &y.sha256)}{deleted}<strong>{newer}</strong></li> }
        })
        .collect_view();
    view! {
        <section class="run-data">
            <h2>{ru::RUN_DATA_TITLE}</h2>
            {if r.reproducible {
                view! { <p class="muted">{ru::RUN_DATA_HINT}</p> }.into_any()
            } else {
                view! { <p class="muted">{ru::RUN_DATA_OLD}</p> }.into_any()
            }}
            <ul>{years}</ul>
            {r.engine_version.map(|v| view! { <p class="muted">{ru::engine_line(v)}</p> })}
            {newer.then(|| view! { <p class="warning" role="status">{ru::NEWER_DATA}</p> })}
            {(!r.added_years.is_empty()).then(|| view! { <p class="warning">{ru::years_added(&r.added_years)}</p> })}
            <div class="actions">
                {r.reproducible.then(move || view! {
                    <RegionForm action=reproduce>
                        <input type="hidden" name="run" value=id />
                        <Submit label=ru::REPRODUCE pending=reproduce.pending().into() />
                    </RegionForm>
                })}
                {newer.then(move || view! {
                    <RegionForm action=compare>
                        <input type="hidden" name="run" value=id2 />
                        <Submit label=ru::DIFF_CURRENT pending=compare.pending().into() />
                    </RegionForm>
                })}
            </div>
            <p class="muted">{r.reproducible.then_some(ru::REPRODUCE_HINT)}</p>
            {move || match reproduce.value().get() {
                Some(Ok(outcome)) => Some(view! { <ReproductionView outcome /> }),
                _ => None,
            }}
            <FormError error=reproduce_error />
            {move || match compare.value().get() {
                Some(Ok(diff)) => Some(view! { <CurrentDiffView diff /> }),
                _ => None,
            }}
            <FormError error=compare_error />
        </section>
    }
}

#[component]
fn ReproductionView(outcome: Reproduction) -> impl IntoView {
    let hashes = ru::reproduce_hashes(&outcome.stored_sha256, &outcome.recomputed_sha256);
    if outcome.identical {
        view! {
            <p class="success reproduction" role="status">{ru::REPRODUCE_SAME}</p>
            <p class="muted">{hashes}</p>
        }
        .into_any()
    } else {
        let text = ru::reproduce_differs(
            outcome.schools_differing,
            outcome.engine_recorded,
            outcome.engine_now,
        );
        view! {
            <p class="error reproduction" role="status">{text}</p>
            <p class="muted">{hashes}</p>
        }
        .into_any()
    }
}

#[component]
fn CurrentDiffView(diff: CurrentDiff) -> impl IntoView {
    let schools = |list: Vec<(String, String)>| {
        list.into_iter()
            .map(|(code, name)| view! { <li>{code}" "{name}</li> })
            .collect_view()
    };
    view! {
        <section class="diff current-diff">
            <h3>{ru::diff_current_title(&diff.years)}</h3>
            {diff.changes.is_empty().then(|| view! { <p>{ru::DIFF_CURRENT_SAME}</p> })}
            {diff.changes.into_iter().map(|c| view! {
                <h4>{c.status}</h4>
                <p>{ru::DIFF_ADDED}": "{c.added.len()}</p>
                <ul>{schools(c.added)}</ul>
                <p>{ru::DIFF_REMOVED}": "{c.removed.len()}</p>
                <ul>{schools(c.removed)}</ul>
            }).collect_view()}
        </section>
    }
}
