//! Campaigns: their progress, and the form that assigns an instrument and e-mails everyone.

use leptos::prelude::*;

use super::admin_form::{AudienceSelect, InlineDate, InlineField, InlineSelect};
use crate::components::form::RegionForm;
use crate::components::{action_error, FormError, Submit};
use crate::diagnostics::{CreateCampaign, DiagnosticsAdmin};
use crate::i18n::ru;

#[component]
pub fn CampaignsSection(admin: DiagnosticsAdmin, campaign: ServerAction<CreateCampaign>) -> impl IntoView {
    let rows = admin
        .campaigns
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <td>{c.title.clone()}</td>
                    <td>{c.instrument.clone()}</td>
                    <td>{c.due_at.clone().unwrap_or_default()}</td>
                    <td>{format!("{} / {}", c.finished, c.assigned)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card campaigns">
            <h2>{ru::DIAG_CAMPAIGNS}</h2>
            <table>
                <thead>
                    <tr>
                        <th>{ru::DIAG_F_TITLE}</th>
                        <th>{ru::DIAG_COL_INSTRUMENT}</th>
                        <th>{ru::DIAG_COL_DUE}</th>
                        <th>{ru::DIAG_COL_PROGRESS}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <details class="add">
                <summary>{ru::DIAG_ADD_CAMPAIGN}</summary>
                <CampaignForm admin campaign />
            </details>
        </section>
    }
}

#[component]
fn CampaignForm(admin: DiagnosticsAdmin, campaign: ServerAction<CreateCampaign>) -> impl IntoView {
    let error = Signal::derive(action_error(campaign));
    let pending = campaign.pending().into();
    let done = move || {
        campaign
            .value()
            .get()
            .and_then(Result::ok)
            .map(|n| view! { <p class="notice" role="status">{ru::diag_assigned(n)}</p> })
    };
    view! {
        <RegionForm action=campaign>
            <InlineField label=ru::DIAG_F_TITLE name="form[title]" wide=true />
            <InlineSelect label=ru::DIAG_COL_INSTRUMENT name="form[instrument]">
                {admin
                    .instruments
                    .iter()
                    .map(|i| view! { <option value=i.id.clone()>{i.title.clone()}</option> })
                    .collect_view()}
            </InlineSelect>
            <InlineSelect label=ru::DIAG_F_MUNICIPALITY name="form[municipality]">
                <option value="">{ru::DIAG_WHOLE_REGION}</option>
                {admin
                    .municipalities
                    .iter()
                    .map(|m| view! { <option value=m.clone()>{m.clone()}</option> })
                    .collect_view()}
            </InlineSelect>
            <InlineField label=ru::DIAG_F_SCHOOLS name="form[schools]" wide=true />
            <AudienceSelect name="form[positions]" />
            <InlineDate label=ru::DIAG_COL_DUE name="form[due_at]" kind="date" />
            <FormError error />
            {done}
            <Submit label=ru::DIAG_ASSIGN pending />
        </RegionForm>
    }
}
