//! The aggregates' tables, on the operator's page and in the director's cabinet.

use leptos::prelude::*;

use super::percent;
use crate::growth::{GrowthAggregates, GrowthShare};
use crate::i18n::ru;

#[component]
pub fn AggregatesView(aggregates: GrowthAggregates) -> impl IntoView {
    if aggregates.by_competency.is_empty() && aggregates.by_course.is_empty() {
        let text = if aggregates.people.large_enough() {
            ru::GROWTH_AGG_EMPTY.to_string()
        } else {
            format!("{}: {}", ru::GROWTH_COL_PEOPLE, ru::GROWTH_HIDDEN)
        };
        return view! { <p class="muted">{text}</p> }.into_any();
    }
    view! {
        <p class="muted">{ru::GROWTH_AGG_NOTE}</p>
        <h3>{ru::GROWTH_AGG_BY_COMPETENCY}</h3>
        <SharesTable rows=aggregates.by_competency first=ru::GROWTH_COL_COMPETENCY growth=false />
        <h3>{ru::GROWTH_AGG_BY_COURSE}</h3>
        <SharesTable rows=aggregates.by_course first=ru::GROWTH_COL_COURSE growth=true />
    }
    .into_any()
}

#[component]
fn SharesTable(rows: Vec<GrowthShare>, first: &'static str, growth: bool) -> impl IntoView {
    let shown = |value: Option<String>| value.unwrap_or_else(|| ru::GROWTH_HIDDEN.to_string());
    view! {
        <table class="data growth-shares">
                <thead>
                    <tr>
                        <th>{first}</th>
                        <th>{ru::GROWTH_COL_PEOPLE}</th>
                        <th>{ru::GROWTH_COL_CLOSED}</th>
                        {growth.then(|| view! { <th>{ru::GROWTH_COL_GROWTH}</th> })}
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            let mean = growth.then(|| view! { <td>{shown(row.growth.map(ru::growth_points))}</td> });
                            view! {
                                <tr>
                                    <td>{row.label.clone()}</td>
                                    <td>{row.people.label()}</td>
                                    <td>{shown(row.closed.map(percent))}</td>
                                    {mean}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
        </table>
    }
}
