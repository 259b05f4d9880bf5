//! The instruments: their list with links to their statistics, and the form that creates one.

use leptos::prelude::*;

use super::admin_form::{AudienceSelect, InlineDate, InlineField, InlineSelect};
use crate::components::form::{Area, Check, RegionForm};
use crate::components::{action_error, FormError, Submit};
use crate::diagnostics::model::Selection;
use crate::diagnostics::{CreateInstrument, DiagnosticsAdmin, InstrumentRow};
use crate::i18n::ru;

#[component]
fn InstrumentLine(instrument: InstrumentRow, slug: String) -> impl IntoView {
    let i = instrument;
    let selection = match &i.body.selection {
        Selection::Fixed { items } => ru::diag_fixed(items.len()),
        Selection::PerCompetency { k, competencies } => ru::diag_per_competency(*k, competencies.len()),
    };
    let audience = if i.body.positions.is_empty() {
        ru::DIAG_EVERYONE.to_string()
    } else {
        i.body
            .positions
            .iter()
            .map(|p| ru::label(&ru::POSITIONS, p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <tr data-instrument=i.id.clone()>
            <td>{i.title.clone()}</td>
            <td>{selection}</td>
            <td>{audience}</td>
            <td>{i.time_limit_minutes.map(ru::diag_limit).unwrap_or_default()}</td>
            <td>{i.finished_attempts}</td>
            <td>
                <a href=format!("/r/{slug}/admin/diagnostics/instruments/{}", i.id)>{ru::DIAG_STATISTICS}</a>
            </td>
        </tr>
    }
}

#[component]
pub fn InstrumentsSection(
    admin: DiagnosticsAdmin,
    slug: String,
    instrument: ServerAction<CreateInstrument>,
) -> impl IntoView {
    let rows = admin
        .instruments
        .into_iter()
        .map(|instrument| view! { <InstrumentLine instrument slug=slug.clone() /> })
        .collect_view();
    view! {
        <section class="card instruments">
            <h2>{ru::DIAG_INSTRUMENTS}</h2>
            <table>
                <thead>
                    <tr>
                        <th>{ru::DIAG_F_TITLE}</th>
                        <th>{ru::DIAG_COL_SELECTION}</th>
                        <th>{ru::DIAG_COL_AUDIENCE}</th>
                        <th>{ru::DIAG_COL_LIMIT}</th>
                        <th>{ru::DIAG_COL_FINISHED}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <details class="add">
                <summary>{ru::DIAG_ADD_INSTRUMENT}</summary>
                <InstrumentForm instrument />
            </details>
        </section>
    }
}

#[component]
fn InstrumentForm(instrument: ServerAction<CreateInstrument>) -> impl IntoView {
    let error = Signal::derive(action_error(instrument));
    let pending = instrument.pending().into();
    view! {
        <RegionForm action=instrument>
            <InlineField label=ru::DIAG_F_TITLE name="form[title]" wide=true />
            <Area label=ru::DIAG_F_INSTRUCTIONS name="form[instructions]" rows=3 />
            <InlineSelect label=ru::DIAG_F_SELECTION name="form[selection]">
                <option value="fixed">{ru::DIAG_SELECTION_FIXED}</option>
                <option value="per_competency">{ru::DIAG_SELECTION_RANDOM}</option>
            </InlineSelect>
            <InlineField label=ru::DIAG_F_ITEMS name="form[items]" wide=true />
            <InlineField label=ru::DIAG_F_K name="form[k]" />
            <InlineField label=ru::DIAG_F_COMPETENCIES name="form[competencies]" wide=true />
            <InlineField label=ru::DIAG_F_LIMIT name="form[time_limit_minutes]" />
            <AudienceSelect name="form[positions]" />
            <InlineField label=ru::DIAG_F_SUBJECTS name="form[subjects]" />
            <InlineDate label=ru::DIAG_F_OPENS name="form[opens_at]" kind="datetime-local" />
            <InlineDate label=ru::DIAG_F_CLOSES name="form[closes_at]" kind="datetime-local" />
            <Check label=ru::DIAG_F_SHUFFLE name="form[shuffle_options]" />
            <FormError error />
            <Submit label=ru::DIAG_ADD pending />
        </RegionForm>
    }
}
