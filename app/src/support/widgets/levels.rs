//! A risk profile's factors: level (the curator's where given), score, causes, and what Rost
//! already knows beside factors 2 and 3.

use leptos::prelude::*;

use crate::i18n::ru;
use crate::support::risk::FactorLevel;
use crate::support::Known;

/// The note beside a factor Rost has figures for.
pub fn known_note(code: &str, known: &Known) -> Option<String> {
    match code {
        "staff" => Some(ru::sup_known_staff(known.staff_count)),
        "competence" => Some(ru::sup_known_deficits(
            known.teachers_measured.label(),
            known.pronounced_share,
        )),
        _ => None,
    }
}

#[component]
pub fn Levels(levels: Vec<FactorLevel>, priorities: Vec<String>, known: Known) -> impl IntoView {
    view! {
        <ol class="support-levels">
            {levels
                .into_iter()
                .map(|f| {
                    let level = f.level();
                    let priority = priorities.contains(&f.code);
                    let note = known_note(&f.code, &known);
                    view! {
                        <li class="card support-factor" data-factor=f.code.clone() data-level=level.map(|l| l.code())>
                            <strong>{f.title.clone()}</strong>
                            {priority.then(|| view! { <span class="badge">{ru::SUP_PRIORITY_BADGE}</span> })}
                            <p>
                                {ru::SUP_LEVEL} ": "
                                <strong class="support-level">{level.map_or(ru::SUP_LEVEL_NONE, |l| l.label())}</strong>
                                " · " {ru::sup_score(f.score, f.max)}
                            </p>
                            {f.curator.clone().map(|a| view! {
                                <p class="muted">{ru::sup_curator_level(f.computed.map(|l| l.label()), &a.comment)}</p>
                            })}
                            {note.map(|n| view! { <p class="notice">{n}</p> })}
                            {(!f.causes.is_empty()).then(|| view! {
                                <details>
                                    <summary>{ru::SUP_CAUSES}</summary>
                                    <ul>{f.causes.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}</ul>
                                </details>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
