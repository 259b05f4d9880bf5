//! `/r/:slug/support/:id/profile`: the risk questionnaire. The school's director answers and
//! chooses at most three priority risks; the case's curator sets their own levels and
//! confirms; everyone else who sees the case reads the levels.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{Check, RegionForm};
use crate::components::{action_error, route_param, route_slug, FormError, PageError, Submit};
use crate::i18n::ru;
use crate::support::risk::{Factor, Level, MAX_PRIORITIES};
use crate::support::widgets::levels::{known_note, Levels};
use crate::support::{get_profile, ConfirmProfile, Known, ProfileView, SaveProfile};

#[component]
pub fn SupportProfilePage() -> impl IntoView {
    let slug = route_slug();
    let id = route_param("id");
    let save = ServerAction::<SaveProfile>::new();
    let confirm = ServerAction::<ConfirmProfile>::new();
    let profile = Resource::new(
        move || {
            (
                slug.get(),
                id.get(),
                save.version().get(),
                confirm.version().get(),
            )
        },
        |(slug, id, ..)| get_profile(slug, id),
    );
    view! {
        <Title text=ru::SUP_PROFILE />
        <section class="support">
            <p class="back">
                <a href=move || format!("/r/{}/support/{}", slug.get(), id.get())>{ru::SUP_BACK_TO_CASE}</a>
            </p>
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match profile.await {
                        Ok(p) => view! { <Profile p save confirm /> }.into_any(),
                        Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Profile(
    p: ProfileView,
    save: ServerAction<SaveProfile>,
    confirm: ServerAction<ConfirmProfile>,
) -> impl IntoView {
    let saved = move || {
        matches!(save.value().get(), Some(Ok(())))
            .then(|| view! { <p class="success" role="status">{ru::SUP_SAVED}</p> })
    };
    let body = if p.can_answer {
        view! { <Answers p=p.clone() save /> {saved} }.into_any()
    } else if p.can_confirm {
        view! { <Confirm p=p.clone() confirm /> }.into_any()
    } else {
        view! { <Levels levels=p.levels.clone() priorities=p.priorities.clone() known=p.known.clone() /> }
            .into_any()
    };
    view! {
        <h1>{ru::SUP_PROFILE} ": " {p.school.clone()}</h1>
        <p class="muted">{ru::sup_profile_line(p.year, p.version)}</p>
        <p class="support-state">{ru::SUP_STATE} ": " {p.state.label()}</p>
        {p.submitted_at.clone().map(|at| view! { <p class="muted">{ru::SUP_SUBMITTED_AT} " " {at}</p> })}
        {p.confirmed_at.clone().map(|at| view! { <p class="muted">{ru::SUP_CONFIRMED_AT} " " {at}</p> })}
        {body}
    }
}

/// The director's form: every factor's questions and its priority box.
#[component]
fn Answers(p: ProfileView, save: ServerAction<SaveProfile>) -> impl IntoView {
    let error = Signal::derive(action_error(save));
    let levels = p.levels.clone();
    view! {
        <p class="notice">{ru::sup_priorities_hint(MAX_PRIORITIES)}</p>
        <RegionForm action=save>
            <input type="hidden" name="case" value=p.case_id.clone() />
            {p.questionnaire.factors.iter().map(|f| {
                let level = levels.iter().find(|l| l.code == f.code).and_then(|l| l.computed);
                view! { <FactorFields f=f.clone() p=p.clone() level known=p.known.clone() /> }
            }).collect_view()}
            <Check label=ru::SUP_SUBMIT_CHECK name="submit" />
            <FormError error />
            <Submit label=ru::SUP_SAVE pending=save.pending().into() />
        </RegionForm>
    }
}

#[component]
fn FactorFields(f: Factor, p: ProfileView, level: Option<Level>, known: Known) -> impl IntoView {
    let priority = p.priorities.contains(&f.code);
    view! {
        <fieldset class="card support-factor" data-factor=f.code.clone()>
            <legend><strong>{f.title.clone()}</strong></legend>
            <p class="muted">{ru::SUP_LEVEL} ": " {level.map_or(ru::SUP_LEVEL_NONE, |l| l.label())}</p>
            {known_note(&f.code, &known).map(|n| view! { <p class="notice">{n}</p> })}
            {f.questions.iter().map(|q| {
                let chosen = p.answers.get(&q.code).copied();
                view! {
                    <div class="support-question" data-question=q.code.clone()>
                        <p>{q.text.clone()}</p>
                        {q.options.iter().enumerate().map(|(i, o)| view! {
                            <label class="check">
                                <input type="radio" name=format!("answers[{}]", q.code) value=i.to_string() checked=chosen == Some(i) />
                                <span>{o.text.clone()}</span>
                            </label>
                        }).collect_view()}
                    </div>
                }
            }).collect_view()}
            <label class="check support-priority">
                <input type="checkbox" name=format!("priorities[{}]", f.code) checked=priority />
                <span>{ru::SUP_PRIORITY}</span>
            </label>
        </fieldset>
    }
}

/// The curator's form: their own level of each factor (empty keeps the computed one) and a
/// comment, then the confirmation.
#[component]
fn Confirm(p: ProfileView, confirm: ServerAction<ConfirmProfile>) -> impl IntoView {
    let error = Signal::derive(action_error(confirm));
    view! {
        <Levels levels=p.levels.clone() priorities=p.priorities.clone() known=p.known.clone() />
        <section class="card">
            <h2>{ru::SUP_CONFIRM_TITLE}</h2>
            <RegionForm action=confirm>
                <input type="hidden" name="case" value=p.case_id.clone() />
                {p.levels.iter().map(|f| view! {
                    <label class="field">
                        <span>{f.title.clone()}</span>
                        <select name=format!("levels[{}]", f.code)>
                            <option value="">{ru::sup_keep_level(f.computed.map(|l| l.label()))}</option>
                            {Level::ALL.into_iter().map(|l| view! { <option value=l.code()>{l.label()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="field">
                        <span>{ru::SUP_COMMENT}</span>
                        <input type="text" name=format!("comments[{}]", f.code) />
                    </label>
                }).collect_view()}
                <FormError error />
                <Submit label=ru::SUP_CONFIRM pending=confirm.pending().into() />
            </RegionForm>
        </section>
    }
}
