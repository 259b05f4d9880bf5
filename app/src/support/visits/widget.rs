//! The case page's visits: the log, the curator's form, and the school's decision on each
//! recommendation still waiting for one.

use leptos::prelude::*;

use super::{get_visits, DecideRecommendation, RecommendationView, RecordVisit, VisitView, Visits};
use crate::components::form::RegionForm;
use crate::components::{action_error, route_slug, FormError, Submit};
use crate::i18n::ru;

#[component]
pub fn VisitsSection(case: String) -> impl IntoView {
    let slug = route_slug();
    let record = ServerAction::<RecordVisit>::new();
    let decide = ServerAction::<DecideRecommendation>::new();
    let id = case.clone();
    let visits = Resource::new(
        move || {
            (
                slug.get(),
                id.clone(),
                record.version().get() + decide.version().get(),
            )
        },
        |(slug, case, _)| get_visits(slug, case),
    );
    view! {
        <section class="card support-visits">
            <h2>{ru::VISITS_TITLE}</h2>
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || {
                    let case = case.clone();
                    Suspend::new(async move {
                        visits.await.ok().map(|v| view! { <Log v case record decide /> })
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Log(
    v: Visits,
    case: String,
    record: ServerAction<RecordVisit>,
    decide: ServerAction<DecideRecommendation>,
) -> impl IntoView {
    let form = v
        .can_record
        .then(|| view! { <RecordForm case=case.clone() record /> });
    let list = if v.visits.is_empty() {
        view! { <p class="muted">{ru::VISITS_EMPTY}</p> }.into_any()
    } else {
        let can_decide = v.can_decide;
        view! {
            <ul class="support-visit-list">
                {v.visits.into_iter().map(|visit| {
                    view! { <Visit visit case=case.clone() can_decide decide /> }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! { {list} {form} }
}

#[component]
fn Visit(
    visit: VisitView,
    case: String,
    can_decide: bool,
    decide: ServerAction<DecideRecommendation>,
) -> impl IntoView {
    view! {
        <li class="support-visit">
            <p><strong>{visit.visited_on.clone()}</strong> " · " {ru::VISIT_BY} ": " {visit.curator.clone()}</p>
            <p>{ru::VISIT_PURPOSE} ": " {visit.purpose.clone()}</p>
            <p class="pre-line">{visit.findings.clone()}</p>
            {(!visit.recommendations.is_empty()).then(|| view! {
                <h3>{ru::VISIT_RECOMMENDATIONS_TITLE}</h3>
                <ol class="support-recommendations">
                    {visit.recommendations.into_iter().map(|r| {
                        view! { <Recommendation r case=case.clone() can_decide decide /> }
                    }).collect_view()}
                </ol>
            })}
        </li>
    }
}

#[component]
fn Recommendation(
    r: RecommendationView,
    case: String,
    can_decide: bool,
    decide: ServerAction<DecideRecommendation>,
) -> impl IntoView {
    let error = Signal::derive(action_error(decide));
    let open = can_decide && r.state == "proposed";
    let deciding = open.then(|| {
        view! {
            <details class="support-decide">
                <summary>{ru::VISIT_DECIDE}</summary>
                <RegionForm action=decide>
                    <input type="hidden" name="case" value=case />
                    <input type="hidden" name="recommendation" value=r.id.clone() />
                    <label class="check"><input type="radio" name="form[decision]" value="accept" checked /> {ru::VISIT_ACCEPT}</label>
                    <label class="field">
                        <span>{ru::VISIT_STAGE}</span>
                        <select name="form[stage]">
                            {ru::VISIT_STAGES.iter().map(|(code, label)| view! { <option value=*code>{*label}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="field"><span>{ru::VISIT_DEADLINE}</span><input type="date" name="form[deadline]" /></label>
                    <label class="field"><span>{ru::VISIT_RESPONSIBLE}</span><input type="text" name="form[responsible]" /></label>
                    <label class="check"><input type="radio" name="form[decision]" value="decline" /> {ru::VISIT_DECLINE}</label>
                    <label class="field"><span>{ru::VISIT_REASON}</span><input type="text" name="form[reason]" /></label>
                    <FormError error />
                    <Submit label=ru::SAVE pending=decide.pending().into() />
                </RegionForm>
            </details>
        }
    });
    view! {
        <li class="support-recommendation" data-state=r.state.clone()>
            <p>{r.text.clone()}</p>
            <p class="muted">
                {ru::label(&ru::VISIT_STATES, &r.state).to_string()}
                {r.outcome.clone().map(|o| format!(", {o}"))}
            </p>
            {deciding}
        </li>
    }
}

#[component]
fn RecordForm(case: String, record: ServerAction<RecordVisit>) -> impl IntoView {
    let error = Signal::derive(action_error(record));
    view! {
        <details class="support-record-visit">
            <summary>{ru::VISIT_RECORD}</summary>
            <RegionForm action=record>
                <input type="hidden" name="case" value=case />
                <label class="field"><span>{ru::VISIT_DATE}</span><input type="date" name="form[visited_on]" required /></label>
                <label class="field"><span>{ru::VISIT_PURPOSE}</span><input type="text" name="form[purpose]" maxlength="500" required /></label>
                <label class="field"><span>{ru::VISIT_FINDINGS}</span><textarea name="form[findings]" rows="4" maxlength="5000" required></textarea></label>
                <label class="field"><span>{ru::VISIT_RECOMMENDATIONS}</span><textarea name="form[recommendations]" rows="4"></textarea></label>
                <FormError error />
                <Submit label=ru::VISIT_SAVE pending=record.pending().into() />
            </RegionForm>
        </details>
    }
}
