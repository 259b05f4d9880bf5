//! The operator's stages and rubric criteria, a folded section of the support cases page: one
//! small form per row, and an empty one to add a row.

use leptos::prelude::*;

use super::{get_monitoring_setup, Criterion, SaveCriterion, SaveStage, Setup, StageView};
use crate::components::form::RegionForm;
use crate::components::{action_error, route_slug, FormError, Submit};
use crate::i18n::ru;

#[component]
pub fn MonitoringSetup() -> impl IntoView {
    let slug = route_slug();
    let stage = ServerAction::<SaveStage>::new();
    let criterion = ServerAction::<SaveCriterion>::new();
    let setup = Resource::new(
        move || (slug.get(), stage.version().get() + criterion.version().get()),
        |(slug, _)| get_monitoring_setup(slug),
    );
    view! {
        <details class="card monitoring-setup">
            <summary>{ru::MON_STAGES_TITLE}</summary>
            <p class="muted">{ru::MON_STAGES_HELP}</p>
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    setup.await.ok().map(|s| view! { <Rows s stage criterion /> })
                })}
            </Suspense>
        </details>
    }
}

#[component]
fn Rows(s: Setup, stage: ServerAction<SaveStage>, criterion: ServerAction<SaveCriterion>) -> impl IntoView {
    let stage_error = Signal::derive(action_error(stage));
    let criterion_error = Signal::derive(action_error(criterion));
    let blank_stage = StageView {
        id: String::new(),
        title: String::new(),
        planned_on: None,
        planned_iso: String::new(),
    };
    let blank_criterion = Criterion {
        id: String::new(),
        title: String::new(),
        max_score: 3,
    };
    view! {
        <h3>{ru::MON_STAGE}</h3>
        <FormError error=stage_error />
        {s.stages.into_iter().chain([blank_stage]).map(|row| view! { <StageRow row stage /> }).collect_view()}
        <h3>{ru::MON_CRITERIA_TITLE}</h3>
        <FormError error=criterion_error />
        {s.criteria.into_iter().chain([blank_criterion]).map(|row| view! { <CriterionRow row criterion /> }).collect_view()}
    }
}

#[component]
fn StageRow(row: StageView, stage: ServerAction<SaveStage>) -> impl IntoView {
    let label = if row.id.is_empty() {
        ru::MON_STAGE_ADD
    } else {
        ru::SAVE
    };
    view! {
        <RegionForm action=stage>
            <input type="hidden" name="form[id]" value=row.id />
            <label class="field"><span>{ru::MON_STAGE_TITLE}</span>
                <input type="text" name="form[title]" maxlength="200" value=row.title required /></label>
            <label class="field"><span>{ru::MON_STAGE_DATE}</span>
                <input type="date" name="form[planned_on]" value=row.planned_iso /></label>
            <Submit label pending=stage.pending().into() />
        </RegionForm>
    }
}

#[component]
fn CriterionRow(row: Criterion, criterion: ServerAction<SaveCriterion>) -> impl IntoView {
    let label = if row.id.is_empty() {
        ru::MON_CRITERION_ADD
    } else {
        ru::SAVE
    };
    view! {
        <RegionForm action=criterion>
            <input type="hidden" name="form[id]" value=row.id />
            <label class="field"><span>{ru::MON_CRITERION}</span>
                <textarea name="form[title]" rows="2" maxlength="300" required>{row.title}</textarea></label>
            <label class="field"><span>{ru::MON_CRITERION_MAX}</span>
                <input type="number" name="form[max_score]" min="1" max="100" value=row.max_score.to_string() required /></label>
            <Submit label pending=criterion.pending().into() />
        </RegionForm>
    }
}
