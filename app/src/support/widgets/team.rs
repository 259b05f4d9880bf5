//! The case page's school team (named by the school's director) and partner school (paired by
//! the operator).

use leptos::prelude::*;

use crate::components::form::RegionForm;
use crate::components::{action_error, FormError, Submit};
use crate::i18n::ru;
use crate::support::{AddTeamMember, CaseView, RemoveTeamMember, SetPartner};

#[component]
pub fn Team(
    c: CaseView,
    add: ServerAction<AddTeamMember>,
    remove: ServerAction<RemoveTeamMember>,
) -> impl IntoView {
    let add_error = Signal::derive(action_error(add));
    let remove_error = Signal::derive(action_error(remove));
    let can_name = c.can_name_team;
    let members = if c.team.is_empty() {
        view! { <p class="muted">{ru::TEAM_EMPTY}</p> }.into_any()
    } else {
        let items = c.team.clone().into_iter().map(|(id, name)| {
            let case = c.id.clone();
            let removing = can_name.then(move || {
                view! {
                    <RegionForm action=remove>
                        <input type="hidden" name="case" value=case />
                        <input type="hidden" name="user" value=id />
                        <button type="submit" class="link">{ru::TEAM_REMOVE}</button>
                    </RegionForm>
                }
            });
            view! { <li><span>{name}</span> {removing}</li> }
        });
        view! { <ul class="support-team">{items.collect_view()}</ul> }.into_any()
    };
    let adding = (c.can_name_team && !c.team_candidates.is_empty()).then(|| {
        view! {
            <RegionForm action=add>
                <input type="hidden" name="case" value=c.id.clone() />
                <label class="field">
                    <span>{ru::TEAM_ADD_LABEL}</span>
                    <select name="user" required>
                        <option value="">{ru::CHOOSE}</option>
                        {c.team_candidates.iter().map(|(id, name)| {
                            view! { <option value=id.clone()>{name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <FormError error=add_error />
                <Submit label=ru::TEAM_ADD pending=add.pending().into() />
            </RegionForm>
        }
    });
    view! {
        <section class="card">
            <h2>{ru::TEAM_TITLE}</h2>
            <p class="muted">{ru::TEAM_HINT}</p>
            {members}
            <FormError error=remove_error />
            {adding}
        </section>
    }
}

#[component]
pub fn Partner(c: CaseView, set: ServerAction<SetPartner>) -> impl IntoView {
    let error = Signal::derive(action_error(set));
    let choosing = c.can_set_partner.then(|| {
        if c.partner_candidates.is_empty() {
            return view! { <p class="muted">{ru::PARTNER_NO_CANDIDATES}</p> }.into_any();
        }
        let current = c.partner.clone();
        view! {
            <RegionForm action=set>
                <input type="hidden" name="case" value=c.id.clone() />
                <label class="field">
                    <span>{ru::PARTNER_LABEL}</span>
                    <select name="school">
                        <option value="">{ru::PARTNER_CLEAR}</option>
                        {c.partner_candidates.iter().map(|(id, label)| {
                            let selected = current.as_deref().is_some_and(|p| label.starts_with(p));
                            view! { <option value=id.clone() selected=selected>{label.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <FormError error />
                <Submit label=ru::PARTNER_SET pending=set.pending().into() />
            </RegionForm>
        }
        .into_any()
    });
    view! {
        <section class="card">
            <h2>{ru::PARTNER_TITLE}</h2>
            <p class="muted">{ru::PARTNER_HINT}</p>
            <p class="support-partner">{c.partner.clone().unwrap_or_else(|| ru::PARTNER_NONE.to_string())}</p>
            {choosing}
        </section>
    }
}
