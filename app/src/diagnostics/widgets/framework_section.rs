//! The framework constructor: thresholds, competencies by area, target profiles and the whole
//! framework as JSON.

use leptos::prelude::*;

use super::admin_form::{FrameworkForm, InlineField, InlineSelect};
use crate::components::form::Area;
use crate::components::{action_error, FormError};
use crate::diagnostics::model::{Competency, Framework};
use crate::diagnostics::EditFramework;
use crate::i18n::ru;

#[component]
pub fn FrameworkSection(framework: Framework, edit: ServerAction<EditFramework>) -> impl IntoView {
    let edit_error = Signal::derive(action_error(edit));
    let low = format!("{:.0}", framework.thresholds.low * 100.0);
    let high = format!("{:.0}", framework.thresholds.high * 100.0);
    let areas = framework.areas.clone();
    let competencies = framework
        .areas
        .iter()
        .map(|area| {
            let rows = framework
                .competencies
                .iter()
                .filter(|c| c.area == area.code)
                .map(|competency| view! { <CompetencyEditor competency=competency.clone() edit /> })
                .collect_view();
            view! {
                <h3>{area.title.clone()} <small class="muted">{format!(" ({})", area.code)}</small></h3>
                {rows}
            }
        })
        .collect_view();
    let json = serde_json::to_string_pretty(&framework).unwrap_or_default();
    view! {
        <section class="card framework">
            <h2>{ru::DIAG_FRAMEWORK_TITLE}</h2>
            <p class="muted">{framework.title.clone()}</p>
            <FormError error=edit_error />
            <h3>{ru::DIAG_THRESHOLDS}</h3>
            <p class="muted">{ru::DIAG_THRESHOLDS_NOTE}</p>
            <FrameworkForm op="thresholds" edit submit=ru::DIAG_SAVE>
                <InlineField label=ru::DIAG_F_LOW name="edit[low]" value=low />
                <InlineField label=ru::DIAG_F_HIGH name="edit[high]" value=high />
            </FrameworkForm>
            {competencies}
            <details class="add">
                <summary>{ru::DIAG_ADD_COMPETENCY}</summary>
                <FrameworkForm op="competency" edit submit=ru::DIAG_ADD>
                    <InlineField label=ru::DIAG_F_CODE name="edit[code]" />
                    <InlineSelect label=ru::DIAG_F_AREA name="edit[area]">
                        {areas.iter().map(|a| view! { <option value=a.code.clone()>{a.title.clone()}</option> }).collect_view()}
                    </InlineSelect>
                    <InlineField label=ru::DIAG_F_TITLE name="edit[title]" wide=true />
                    <Area label=ru::DIAG_F_DESCRIPTION name="edit[description]" rows=3 />
                    <Area label=ru::DIAG_F_MEANING name="edit[deficit_meaning]" rows=3 />
                </FrameworkForm>
            </details>
            <details class="add">
                <summary>{ru::DIAG_ADD_AREA}</summary>
                <FrameworkForm op="area" edit submit=ru::DIAG_ADD>
                    <InlineField label=ru::DIAG_F_CODE name="edit[code]" />
                    <InlineField label=ru::DIAG_F_TITLE name="edit[title]" wide=true />
                </FrameworkForm>
            </details>
            <Profiles framework=framework.clone() edit />
            <details>
                <summary>{ru::DIAG_FRAMEWORK_JSON}</summary>
                <FrameworkForm op="json" edit submit=ru::DIAG_REPLACE>
                    <Area label=ru::DIAG_F_JSON name="edit[json]" value=json rows=12 />
                </FrameworkForm>
            </details>
        </section>
    }
}

/// A competency, opened to edit or remove it.
#[component]
fn CompetencyEditor(competency: Competency, edit: ServerAction<EditFramework>) -> impl IntoView {
    let Competency {
        code,
        area,
        title,
        description,
        deficit_meaning,
    } = competency;
    let (code_edit, code_remove, data) = (code.clone(), code.clone(), code.clone());
    let summary = format!(" {title}");
    let shown = description.clone();
    view! {
        <details class="competency" data-competency=data>
            <summary>
                <code>{code}</code>
                {summary}
            </summary>
            <p>{shown}</p>
            <FrameworkForm op="competency" edit submit=ru::DIAG_SAVE>
                <input type="hidden" name="edit[code]" value=code_edit />
                <input type="hidden" name="edit[area]" value=area />
                <InlineField label=ru::DIAG_F_TITLE name="edit[title]" value=title wide=true />
                <Area label=ru::DIAG_F_DESCRIPTION name="edit[description]" value=description rows=3 />
                <Area label=ru::DIAG_F_MEANING name="edit[deficit_meaning]" value=deficit_meaning rows=3 />
            </FrameworkForm>
            <FrameworkForm op="remove_competency" edit submit=ru::DIAG_REMOVE>
                <input type="hidden" name="edit[code]" value=code_remove />
            </FrameworkForm>
        </details>
    }
}

/// The target profiles by position, and the form that sets one.
#[component]
fn Profiles(framework: Framework, edit: ServerAction<EditFramework>) -> impl IntoView {
    let profiles = framework
        .profiles
        .iter()
        .map(|p| {
            let who = format!(
                "{}{}",
                ru::label(&ru::POSITIONS, &p.position),
                p.subject.as_ref().map(|s| format!(", {s}")).unwrap_or_default()
            );
            view! {
                <li>
                    <strong>{who}</strong>
                    {format!(": {}", p.competencies.join(", "))}
                </li>
            }
        })
        .collect_view();
    view! {
        <h3>{ru::DIAG_PROFILES}</h3>
        <ul class="profiles">{profiles}</ul>
        <details class="add">
            <summary>{ru::DIAG_SET_PROFILE}</summary>
            <FrameworkForm op="profile" edit submit=ru::DIAG_SAVE>
                <InlineSelect label=ru::DIAG_F_POSITION name="edit[position]">
                    {ru::POSITIONS.iter().map(|(code, label)| view! { <option value=*code>{*label}</option> }).collect_view()}
                </InlineSelect>
                <InlineField label=ru::DIAG_F_SUBJECT name="edit[subject]" />
                <InlineField label=ru::DIAG_F_COMPETENCIES name="edit[competencies]" wide=true />
            </FrameworkForm>
        </details>
    }
}
