//! The regional operator's page: the framework constructor, the item bank, instruments and
//! campaigns, each a section of its own (`widgets`).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::RegionForm;
use crate::components::{action_error, query_param as query, route_slug, FormError, PageError};
use crate::diagnostics::widgets::{
    bank_section::BankSection, campaigns_section::CampaignsSection, framework_section::FrameworkSection,
    instruments_section::InstrumentsSection,
};
use crate::diagnostics::{
    get_diagnostics_admin, CreateCampaign, CreateInstrument, DiagnosticsAdmin, EditFramework, SaveItem,
};
use crate::i18n::ru;

#[component]
pub fn DiagnosticsAdminPage() -> impl IntoView {
    let slug = route_slug();
    let edit = ServerAction::<EditFramework>::new();
    let save = ServerAction::<SaveItem>::new();
    let instrument = ServerAction::<CreateInstrument>::new();
    let campaign = ServerAction::<CreateCampaign>::new();
    let admin = Resource::new(
        move || {
            (
                slug.get(),
                edit.version().get(),
                save.version().get(),
                instrument.version().get(),
                campaign.version().get(),
            )
        },
        |(slug, ..)| get_diagnostics_admin(slug),
    );
    let imported = query("imported");
    let import_error = query("import_error");
    view! {
        <Title text=ru::DIAG_ADMIN_TITLE />
        <h1>{ru::DIAG_ADMIN_TITLE}</h1>
        {move || imported.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
        {move || import_error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match admin.await {
                    Ok(admin) => {
                        let slug = slug.get_untracked();
                        view! { <AdminSections admin slug edit save instrument campaign /> }.into_any()
                    }
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AdminSections(
    admin: DiagnosticsAdmin,
    slug: String,
    edit: ServerAction<EditFramework>,
    save: ServerAction<SaveItem>,
    instrument: ServerAction<CreateInstrument>,
    campaign: ServerAction<CreateCampaign>,
) -> impl IntoView {
    let edit_error = Signal::derive(action_error(edit));
    let Some(framework) = admin.framework.clone() else {
        return view! {
            <section class="card">
                <h2>{ru::DIAG_FRAMEWORK_TITLE}</h2>
                <p>{ru::DIAG_NO_FRAMEWORK}</p>
                <FormError error=edit_error />
                <RegionForm action=edit>
                    <input type="hidden" name="edit[op]" value="template" />
                    <button type="submit" class="primary">{ru::DIAG_COPY_TEMPLATE}</button>
                </RegionForm>
            </section>
        }
        .into_any();
    };
    view! {
        <FrameworkSection framework=framework.clone() edit />
        <BankSection admin=admin.clone() framework slug=slug.clone() save />
        <InstrumentsSection admin=admin.clone() slug instrument />
        <CampaignsSection admin campaign />
    }
    .into_any()
}
