//! The case page's «Мониторинг»: per stage the fixed indicators and the curator's rubric, and
//! the school's manual indicators with a value per stage. Tables scroll inside their own box.

use leptos::prelude::*;

use super::{
    get_monitoring, score_key, AddIndicator, Criterion, FixStage, ManualIndicator, Monitoring, Rubric,
    SaveRubric, SetIndicatorValue, Snapshot, StageView,
};
use crate::components::form::RegionForm;
use crate::components::{action_error, route_slug, FormError, Submit};
use crate::i18n::ru;

#[derive(Clone, Copy)]
struct Actions {
    fix: ServerAction<FixStage>,
    rubric: ServerAction<SaveRubric>,
    add: ServerAction<AddIndicator>,
    value: ServerAction<SetIndicatorValue>,
}

#[component]
pub fn MonitoringSection(case: String) -> impl IntoView {
    let slug = route_slug();
    let actions = Actions {
        fix: ServerAction::new(),
        rubric: ServerAction::new(),
        add: ServerAction::new(),
        value: ServerAction::new(),
    };
    let changes = move || {
        actions.fix.version().get()
            + actions.rubric.version().get()
            + actions.add.version().get()
            + actions.value.version().get()
    };
    let id = case.clone();
    let monitoring = Resource::new(
        move || (slug.get(), id.clone(), changes()),
        |(slug, case, _)| get_monitoring(slug, case),
    );
    view! {
        <section class="card support-monitoring">
            <h2>{ru::MON_TITLE}</h2>
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || {
                    let case = case.clone();
                    Suspend::new(async move {
                        monitoring.await.ok().map(|m| view! { <Stages m case actions /> })
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Stages(m: Monitoring, case: String, actions: Actions) -> impl IntoView {
    let stages = m.stages.clone();
    let manual = view! { <Manual m=m.clone() case=case.clone() actions /> };
    view! {
        {stages.into_iter().enumerate().map(|(n, stage)| {
            let snapshot = m.snapshots.iter().find(|s| s.stage_id == stage.id).cloned();
            let rubric = m.rubrics.iter().find(|r| r.stage_id == stage.id).cloned();
            view! {
                <Stage stage snapshot rubric criteria=m.criteria.clone() open=n == 0
                    can_evaluate=m.can_evaluate case=case.clone() actions />
            }
        }).collect_view()}
        {manual}
    }
}

fn stage_line(stage: &StageView) -> String {
    format!(
        "{} · {}",
        stage.title,
        stage.planned_on.as_deref().unwrap_or(ru::MON_NO_DATE)
    )
}

#[component]
fn Stage(
    stage: StageView,
    snapshot: Option<Snapshot>,
    rubric: Option<Rubric>,
    criteria: Vec<Criterion>,
    open: bool,
    can_evaluate: bool,
    case: String,
    actions: Actions,
) -> impl IntoView {
    let error = Signal::derive(action_error(actions.fix));
    let (stage_id, case_id) = (stage.id.clone(), case.clone());
    let label = if snapshot.is_some() {
        ru::MON_FIX_AGAIN
    } else {
        ru::MON_FIX
    };
    let fixing = can_evaluate.then(move || {
        view! {
            <RegionForm action=actions.fix>
                <input type="hidden" name="case" value=case_id />
                <input type="hidden" name="stage" value=stage_id />
                <FormError error />
                <Submit label pending=actions.fix.pending().into() />
            </RegionForm>
        }
    });
    let figures = match snapshot {
        None => view! { <p class="muted">{ru::MON_NOT_FIXED}</p> }.into_any(),
        Some(s) => view! {
            <p class="muted">{s.taken}</p>
            <div class="table-scroll">
                <table class="monitoring-figures">
                    <thead><tr><th>{ru::MON_INDICATOR}</th><th>{ru::MON_VALUE}</th><th>{ru::MON_TARGET}</th></tr></thead>
                    <tbody>
                        {s.figures.into_iter().map(|f| view! {
                            <tr data-code=f.code>
                                <td>{f.label}</td>
                                <td>{f.value}</td>
                                <td>{f.target.map(|t| format!("{t}: {}", reached(f.reached)))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any(),
    };
    view! {
        <details class="monitoring-stage" open=open data-stage=stage.title.clone()>
            <summary>{stage_line(&stage)}</summary>
            {figures}
            {fixing}
            <RubricView stage=stage.id.clone() rubric criteria can_evaluate case actions />
        </details>
    }
}

fn reached(reached: Option<bool>) -> &'static str {
    match reached {
        Some(true) => ru::MON_REACHED,
        Some(false) => ru::MON_NOT_REACHED,
        None => ru::MON_NOT_ENOUGH,
    }
}

#[component]
fn RubricView(
    stage: String,
    rubric: Option<Rubric>,
    criteria: Vec<Criterion>,
    can_evaluate: bool,
    case: String,
    actions: Actions,
) -> impl IntoView {
    let error = Signal::derive(action_error(actions.rubric));
    let scores = rubric.as_ref().map(|r| r.scores.clone()).unwrap_or_default();
    let given = move |id: &str| scores.iter().find(|s| s.criterion_id == id).cloned();
    let shown = match &rubric {
        None => view! { <p class="muted">{ru::MON_RUBRIC_EMPTY}</p> }.into_any(),
        Some(r) => view! {
            <p class="muted">{r.scored.clone()}</p>
            <div class="table-scroll">
                <table class="monitoring-rubric">
                    <thead><tr><th>{ru::MON_CRITERION}</th><th>{ru::MON_SCORE}</th><th>{ru::MON_COMMENT}</th></tr></thead>
                    <tbody>
                        {criteria.iter().map(|c| {
                            let s = given(&c.id);
                            view! {
                                <tr>
                                    <td>{c.title.clone()}</td>
                                    <td>{s.as_ref().map(|s| format!("{} / {}", s.score, c.max_score))}</td>
                                    <td>{s.map(|s| s.comment)}</td>
                                </tr>
                            }
                        }).collect_view()}
                        <tr><th>{ru::MON_TOTAL}</th><th>{format!("{} / {}", r.total, r.max)}</th><td></td></tr>
                    </tbody>
                </table>
            </div>
        }
        .into_any(),
    };
    let form = can_evaluate.then(|| view! {
        <details class="monitoring-rubric-form">
            <summary>{ru::MON_RUBRIC_FILL}</summary>
            <RegionForm action=actions.rubric>
                <input type="hidden" name="case" value=case />
                <input type="hidden" name="stage" value=stage />
                {criteria.iter().map(|c| {
                    let s = given(&c.id);
                    let key = score_key(&c.id);
                    view! {
                        <fieldset class="monitoring-criterion">
                            <legend>{format!("{} (0–{})", c.title, c.max_score)}</legend>
                            <label class="field"><span>{ru::MON_SCORE}</span>
                                <input type="number" name=format!("scores[{key}]") min="0" max=c.max_score.to_string()
                                    value=s.as_ref().map(|s| s.score.to_string()) required /></label>
                            <label class="field"><span>{ru::MON_COMMENT}</span>
                                <textarea name=format!("comments[{key}]") rows="2" maxlength="2000">{s.map(|s| s.comment)}</textarea></label>
                        </fieldset>
                    }
                }).collect_view()}
                <FormError error />
                <Submit label=ru::SAVE pending=actions.rubric.pending().into() />
            </RegionForm>
        </details>
    });
    view! {
        <h3>{ru::MON_RUBRIC_TITLE} ": " {ru::MON_RUBRIC_METHOD}</h3>
        {shown}
        {form}
    }
}

fn number(value: f64) -> String {
    let text = format!("{value}");
    text.replace('.', ",")
}

#[component]
fn Manual(m: Monitoring, case: String, actions: Actions) -> impl IntoView {
    let stages = m.stages.clone();
    let table = if m.manual.is_empty() {
        view! { <p class="muted">{ru::MON_MANUAL_EMPTY}</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="monitoring-manual">
                    <thead><tr>
                        <th>{ru::MON_INDICATOR}</th><th>{ru::MON_MANUAL_BASELINE}</th><th>{ru::MON_MANUAL_TARGET}</th>
                        {stages.iter().map(|s| view! { <th>{s.title.clone()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {m.manual.iter().map(|i| view! { <ManualRow i=i.clone() stages=stages.clone() /> }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let forms = m
        .can_enter
        .then(|| view! { <ManualForms m=m.clone() case actions /> });
    view! {
        <h3>{ru::MON_MANUAL_TITLE}</h3>
        {table}
        {forms}
    }
}

#[component]
fn ManualRow(i: ManualIndicator, stages: Vec<StageView>) -> impl IntoView {
    let unit = if i.unit.is_empty() {
        String::new()
    } else {
        format!(", {}", i.unit)
    };
    view! {
        <tr>
            <td>{format!("{}{unit}", i.name)}</td>
            <td>{i.baseline.map(number)}</td>
            <td>{number(i.target)}</td>
            {stages.iter().map(|s| {
                let value = i.values.iter().find(|v| v.stage_id == s.id).map(|v| {
                    format!("{} ({})", number(v.value), if v.reached { ru::MON_REACHED } else { ru::MON_NOT_REACHED })
                });
                view! { <td>{value}</td> }
            }).collect_view()}
        </tr>
    }
}

#[component]
fn ManualForms(m: Monitoring, case: String, actions: Actions) -> impl IntoView {
    let add_error = Signal::derive(action_error(actions.add));
    let value_error = Signal::derive(action_error(actions.value));
    let case_id = case.clone();
    let entering = (!m.manual.is_empty()).then(move || view! {
        <details class="monitoring-value">
            <summary>{ru::MON_MANUAL_VALUE}</summary>
            <RegionForm action=actions.value>
                <input type="hidden" name="case" value=case_id />
                <label class="field"><span>{ru::MON_INDICATOR}</span>
                    <select name="form[indicator]">
                        {m.manual.iter().map(|i| view! { <option value=i.id.clone()>{i.name.clone()}</option> }).collect_view()}
                    </select></label>
                <label class="field"><span>{ru::MON_STAGE}</span>
                    <select name="form[stage]">
                        {m.stages.iter().map(|s| view! { <option value=s.id.clone()>{s.title.clone()}</option> }).collect_view()}
                    </select></label>
                <label class="field"><span>{ru::MON_VALUE}</span><input type="text" inputmode="decimal" name="form[value]" required /></label>
                <FormError error=value_error />
                <Submit label=ru::SAVE pending=actions.value.pending().into() />
            </RegionForm>
        </details>
    });
    view! {
        {entering}
        <details class="monitoring-add">
            <summary>{ru::MON_MANUAL_ADD}</summary>
            <RegionForm action=actions.add>
                <input type="hidden" name="case" value=case />
                <label class="field"><span>{ru::MON_MANUAL_NAME}</span><input type="text" name="form[name]" maxlength="300" required /></label>
                <label class="field"><span>{ru::MON_MANUAL_UNIT}</span><input type="text" name="form[unit]" maxlength="50" /></label>
                <label class="field"><span>{ru::MON_MANUAL_BASELINE}</span><input type="text" inputmode="decimal" name="form[baseline]" /></label>
                <label class="field"><span>{ru::MON_MANUAL_TARGET}</span><input type="text" inputmode="decimal" name="form[target]" required /></label>
                <FormError error=add_error />
                <Submit label=ru::MON_MANUAL_ADD pending=actions.add.pending().into() />
            </RegionForm>
        </details>
    }
}
