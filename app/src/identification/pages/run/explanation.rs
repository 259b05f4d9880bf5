//! One school of a run: why it holds its statuses, and overrides by hand.

use leptos::prelude::*;

use crate::components::form::Field;
use crate::components::{action_error, FormError, Submit};
use crate::i18n::ru;
use crate::identification::widgets::*;
use crate::identification::*;

#[component]
pub fn ExplanationPanel(
    e: Explanation,
    statuses: Vec<(String, String)>,
    run: String,
    slug: String,
    add: ServerAction<AddOverride>,
    withdraw: ServerAction<WithdrawOverride>,
) -> impl IntoView {
    view! {
        <section class="explanation" aria-label=ru::EXPLANATION_TITLE>
            <h2>{ru::explanation_title(&e.school_id, &e.name)}</h2>
            <p class="muted">{e.municipality.clone()}</p>
            {e.data_changed.then(|| view! { <p class="warning">{ru::DATA_CHANGED}</p> })}
            {if e.statuses.is_empty() {
                view! { <p>{ru::NO_STATUSES}</p> }.into_any()
            } else {
                view! {
                    <ul class="why">
                        {e.statuses.iter().map(|(label, why)| view! { <li><strong>{label.clone()}</strong>": "{why.clone()}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {e.years.iter().map(|y| view! {
                <h3>{ru::year_heading(y.year, y.group.as_deref())}</h3>
                {y.indices.iter().map(|i| view! {
                    <p>
                        {ru::index_line(&i.code, &i.title, &number(i.index), i.band.as_deref().unwrap_or("—"))}" "
                        {ru::cutoff_line(&number(i.worst_cutoff), &number(i.best_cutoff), i.schools_compared, i.band_size)}
                    </p>
                    <table class="data contributions">
                        <thead><tr>
                            <th>{ru::COLUMN_INDICATOR}</th><th>{ru::COLUMN_VALUE}</th><th>{ru::COLUMN_NORMALISED}</th>
                            <th>{ru::COLUMN_WEIGHT}</th><th>{ru::COLUMN_CONTRIBUTION}</th><th>{ru::COLUMN_NOTE}</th>
                        </tr></thead>
                        <tbody>
                            {i.contributions.iter().map(|c| view! {
                                <tr>
                                    <td>{format!("{} {}", c.code, c.title)}</td>
                                    <td>{c.value.map(|v| v.to_string()).unwrap_or("—".into())}</td>
                                    <td>{number(c.normalised)}</td>
                                    <td>{c.weight.to_string()}</td>
                                    <td>{number(c.contribution)}</td>
                                    <td>{c.note.clone().unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }).collect_view()}
                {(!y.flags.is_empty()).then(|| view! {
                    <table class="data flags">
                        <thead><tr><th>{ru::COLUMN_INDICATOR}</th><th>{ru::COLUMN_VALUE}</th><th>{ru::COLUMN_RULE}</th><th>{ru::COLUMN_FLAG}</th></tr></thead>
                        <tbody>
                            {y.flags.iter().map(|f| view! {
                                <tr>
                                    <td>{format!("{} {}", f.code, f.title)}</td>
                                    <td>{f.value.map(|v| v.to_string()).unwrap_or("—".into())}</td>
                                    <td>{f.rule.clone()}</td>
                                    <td>{if f.flagged { "⚑" } else { "" }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })}
            }).collect_view()}
            <h3>{ru::OVERRIDES_TITLE}</h3>
            <ul>
                {e.overrides.iter().map(|o| {
                    let text = format!(
                        "{} «{}» — {} ({}, {})",
                        if o.add { ru::OVERRIDE_ADDED } else { ru::OVERRIDE_REMOVED },
                        o.status, o.reason, o.author, o.created_at
                    );
                    view! { <li>{text}<WithdrawForm slug=slug.clone() run=run.clone() id=o.id.clone() withdraw /></li> }
                }).collect_view()}
            </ul>
            <OverrideForm slug run school=e.school_id.clone() statuses add />
        </section>
    }
}

#[component]
pub fn WithdrawForm(
    slug: String,
    run: String,
    id: String,
    withdraw: ServerAction<WithdrawOverride>,
) -> impl IntoView {
    view! {
        <ActionForm action=withdraw attr:class="inline">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="run" value=run />
            <input type="hidden" name="id" value=id />
            <button type="submit" class="link danger">{ru::OVERRIDE_WITHDRAW}</button>
        </ActionForm>
    }
}

#[component]
pub fn OverrideForm(
    slug: String,
    run: String,
    school: String,
    statuses: Vec<(String, String)>,
    add: ServerAction<AddOverride>,
) -> impl IntoView {
    let error = Signal::derive(action_error(add));
    view! {
        <ActionForm action=add attr:class="override">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="run" value=run />
            <input type="hidden" name="school" value=school />
            <label class="field inline">
                <span>{ru::OVERRIDE_ACTION}</span>
                <select name="action">
                    <option value="add">{ru::OVERRIDE_ADD}</option>
                    <option value="remove">{ru::OVERRIDE_REMOVE}</option>
                </select>
            </label>
            <label class="field inline">
                <span>{ru::COLUMN_STATUSES}</span>
                <select name="status">
                    {statuses.into_iter().map(|(code, label)| view! { <option value=code>{label}</option> }).collect_view()}
                </select>
            </label>
            <Field label=ru::OVERRIDE_REASON>
                <textarea name="reason" rows="2" required></textarea>
            </Field>
            <FormError error />
            <Submit label=ru::OVERRIDE_SUBMIT pending=add.pending().into() />
        </ActionForm>
    }
}
