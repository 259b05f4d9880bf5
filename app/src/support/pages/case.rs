//! `/r/:slug/support/:id`: a case, its school's statuses from identification, its curator
//! (assigned here by the operator or the municipality's coordinator), its risk levels, its
//! school team (named by the director) and its partner school (paired by the operator).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::RegionForm;
use crate::components::{action_error, route_param, route_slug, FormError, PageError, Submit};
use crate::i18n::ru;
use crate::support::monitoring::widget::MonitoringSection;
use crate::support::visits::widget::VisitsSection;
use crate::support::widgets::levels::Levels;
use crate::support::widgets::team::{Partner, Team};
use crate::support::{get_case, AddTeamMember, AssignCurator, CaseView, RemoveTeamMember, SetPartner};

/// What the case page changes besides the curator.
#[derive(Clone, Copy)]
struct Actions {
    add: ServerAction<AddTeamMember>,
    remove: ServerAction<RemoveTeamMember>,
    partner: ServerAction<SetPartner>,
}

#[component]
pub fn SupportCasePage() -> impl IntoView {
    let slug = route_slug();
    let id = route_param("id");
    let assign = ServerAction::<AssignCurator>::new();
    let actions = Actions {
        add: ServerAction::new(),
        remove: ServerAction::new(),
        partner: ServerAction::new(),
    };
    let changes = move || {
        assign.version().get()
            + actions.add.version().get()
            + actions.remove.version().get()
            + actions.partner.version().get()
    };
    let case = Resource::new(
        move || (slug.get(), id.get(), changes()),
        |(slug, id, _)| get_case(slug, id),
    );
    view! {
        <Title text=ru::SUP_CASE_TITLE />
        <section class="support">
            <p class="back">
                <a href=move || format!("/r/{}/support", slug.get())>{ru::SUP_BACK}</a>
            </p>
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match case.await {
                        Ok(c) => view! { <Case c slug=slug.get_untracked() assign actions /> }.into_any(),
                        Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Case(c: CaseView, slug: String, assign: ServerAction<AssignCurator>, actions: Actions) -> impl IntoView {
    let error = Signal::derive(action_error(assign));
    let profile = format!("/r/{slug}/support/{}/profile", c.id);
    let chat = format!("/r/{slug}/support/{}/chat", c.id);
    let documents = format!("/r/{slug}/support/{}/documents", c.id);
    let (pdf, xlsx) = (
        format!("/r/{slug}/support/{}/export.pdf", c.id),
        format!("/r/{slug}/support/{}/export.xlsx", c.id),
    );
    let (whole, case_id) = (c.clone(), c.id.clone());
    let assigning = (!c.curators.is_empty()).then(|| {
        let current = c.curator.clone();
        view! {
            <RegionForm action=assign>
                <input type="hidden" name="case" value=c.id.clone() />
                <label class="field">
                    <span>{ru::SUP_ASSIGN_LABEL}</span>
                    <select name="curator" required>
                        <option value="">{ru::CHOOSE}</option>
                        {c.curators.iter().map(|(id, name)| {
                            let selected = current.as_deref() == Some(name.as_str());
                            view! { <option value=id.clone() selected=selected>{name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <FormError error />
                <Submit label=ru::SUP_ASSIGN pending=assign.pending().into() />
            </RegionForm>
        }
    });
    view! {
        <h1>{c.school.clone()}</h1>
        <p class="muted">{ru::sup_case_line(&c.municipality, c.year)} " · " {c.school_code.clone()}</p>
        <section class="card">
            <h2>{ru::SUP_IDENTIFICATION}</h2>
            <p class="support-statuses">
                {if c.statuses.is_empty() {
                    view! { <span class="muted">{ru::SUP_NO_STATUSES}</span> }.into_any()
                } else {
                    c.statuses.iter().map(|s| view! { <span class="role">{s.clone()}</span> " " }).collect_view().into_any()
                }}
            </p>
            {c.run.clone().map(|r| view! { <p class="muted">{r}</p> })}
            {c.explanation.clone().map(|href| view! { <p><a href=href>{ru::SUP_EXPLANATION}</a></p> })}
            {c.reason.clone().map(|r| view! { <p>{ru::SUP_REASON} ": " {r}</p> })}
        </section>
        <section class="card">
            <h2>{ru::SUP_CURATOR}</h2>
            <p class="support-state">{ru::SUP_STATE} ": " {c.state.label()}</p>
            <p class="support-curator">{c.curator.clone().unwrap_or_else(|| ru::SUP_NO_CURATOR.to_string())}</p>
            {assigning}
        </section>
        <p class="support-exports">
            <a class="button" href=pdf download>{ru::SEXP_PDF}</a>
            " "
            <a class="button" href=xlsx download>{ru::SEXP_XLSX}</a>
        </p>
        {if whole.partner_only {
            view! {
                <section>
                    <p class="notice">{ru::PARTNER_READ_ONLY}</p>
                    <p><a class="button" href=documents>{ru::SDOC_OPEN}</a></p>
                </section>
            }
            .into_any()
        } else {
            view! {
                <section>
                    <h2>{ru::SUP_PROFILE}</h2>
                    <p><a class="button" href=profile>{ru::SUP_OPEN_PROFILE}</a></p>
                    <p><a class="button" href=documents>{ru::SDOC_OPEN}</a></p>
                    <Levels levels=whole.levels.clone() priorities=whole.priorities.clone() known=whole.known.clone() />
                </section>
                <Team c=whole.clone() add=actions.add remove=actions.remove />
                <VisitsSection case=case_id.clone() />
                <MonitoringSection case=case_id />
                <Partner c=whole set=actions.partner />
                <section>
                    <h2>{ru::CHAT_TITLE}</h2>
                    <p><a class="button" href=chat>{ru::CHAT_OPEN_LINK}</a></p>
                </section>
            }
            .into_any()
        }}
    }
}
