//! `/r/:slug/admin/growth`: the operator opens a re-test for a group and reads the region's
//! growth aggregates.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{Field, RegionForm, Select};
use crate::components::{action_error, route_slug, FormError, PageError, Submit};
use crate::growth::widgets::aggregates::AggregatesView;
use crate::growth::{get_growth_admin, GrowthAdmin, OpenRetests};
use crate::i18n::ru;

#[component]
pub fn GrowthAdminPage() -> impl IntoView {
    let slug = route_slug();
    let open = ServerAction::<OpenRetests>::new();
    let admin = Resource::new(
        move || (slug.get(), open.version().get()),
        |(slug, _)| get_growth_admin(slug),
    );
    view! {
        <Title text=ru::GROWTH_ADMIN_TITLE />
        <section class="growth-admin">
            <p class="back">
                <a href=move || format!("/r/{}/cabinet", slug.get())>{ru::DIAG_BACK_TO_CABINET}</a>
            </p>
            <h1>{ru::GROWTH_ADMIN_TITLE}</h1>
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match admin.await {
                        Ok(admin) => view! { <Admin admin open /> }.into_any(),
                        Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Admin(admin: GrowthAdmin, open: ServerAction<OpenRetests>) -> impl IntoView {
    let GrowthAdmin {
        instruments,
        municipalities,
        aggregates,
    } = admin;
    let error = Signal::derive(action_error(open));
    let pending = open.pending().into();
    let done = move || {
        open.value()
            .get()
            .and_then(Result::ok)
            .map(|n| view! { <p class="notice" role="status">{ru::growth_opened(n)}</p> })
    };
    view! {
        <section class="card retest-campaign">
            <h2>{ru::GROWTH_OPEN_TITLE}</h2>
            <p class="muted">{ru::GROWTH_OPEN_NOTE}</p>
            <RegionForm action=open>
                <Field label=ru::GROWTH_FIELD_TITLE>
                    <input type="text" name="form[title]" required />
                </Field>
                <Select label=ru::GROWTH_FIELD_INSTRUMENT name="form[instrument]" options=instruments required=true />
                <Field label=ru::GROWTH_FIELD_MUNICIPALITY>
                    <select name="form[municipality]">
                        <option value="">{ru::GROWTH_WHOLE_REGION}</option>
                        {municipalities
                            .into_iter()
                            .map(|m| view! { <option value=m.clone()>{m.clone()}</option> })
                            .collect_view()}
                    </select>
                </Field>
                <Field label=ru::GROWTH_FIELD_SCHOOLS>
                    <input type="text" name="form[schools]" />
                </Field>
                <Field label=ru::GROWTH_FIELD_POSITIONS>
                    <select name="form[positions]">
                        <option value="">{ru::GROWTH_EVERY_POSITION}</option>
                        {ru::POSITIONS
                            .iter()
                            .map(|(code, label)| view! { <option value=*code>{*label}</option> })
                            .collect_view()}
                    </select>
                </Field>
                <FormError error />
                {done}
                <Submit label=ru::GROWTH_OPEN_SUBMIT pending />
            </RegionForm>
        </section>
        <section class="card growth-aggregates">
            <h2>{format!("{}: {}", ru::GROWTH_AGG_TITLE, aggregates.scope)}</h2>
            <AggregatesView aggregates />
        </section>
    }
}
