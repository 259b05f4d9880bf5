//! `/r/:slug/support/summary`: the support summary of the operator's region or the
//! coordinator's municipality. Every figure is a plain table (the heat map's cells shaded by
//! their share), which scrolls inside its own container on a phone.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{get_support_summary, HeatMap, LeftList, Movement, SaveSupportTarget, SupportSummary};
use crate::components::form::{Field, RegionForm};
use crate::components::{action_error, route_slug, FormError, PageError, Submit};
use crate::i18n::ru;

#[component]
pub fn SupportSummaryPage() -> impl IntoView {
    let slug = route_slug();
    let save = ServerAction::<SaveSupportTarget>::new();
    let summary = Resource::new(
        move || (slug.get(), save.version().get()),
        |(slug, _)| get_support_summary(slug),
    );
    view! {
        <Title text=ru::SUPDASH_TITLE />
        <section class="support support-summary">
            <p class="back">
                <a href=move || format!("/r/{}/support", slug.get())>{ru::SUPDASH_BACK}</a>
            </p>
            <h1>{ru::SUPDASH_TITLE}</h1>
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match summary.await {
                        Ok(s) => view! { <Summary s save /> }.into_any(),
                        Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn percent_of(part: i64, whole: i64) -> i64 {
    if whole == 0 {
        0
    } else {
        (part * 100 + whole / 2) / whole
    }
}

#[component]
fn Summary(s: SupportSummary, save: ServerAction<SaveSupportTarget>) -> impl IntoView {
    let (overdue, total) = (s.overdue.clone(), s.overdue_total);
    let shown = overdue.len();
    view! {
        <p class="muted">{ru::supdash_scope(&s.scope)}</p>
        <section class="card" data-section="states">
            <h2>{ru::SUPDASH_STATES}</h2>
            <div class="table-scroll">
                <table>
                    <thead><tr><th scope="col">{ru::SUPDASH_STATE}</th><th scope="col">{ru::SUPDASH_CASES}</th></tr></thead>
                    <tbody>
                        {s.states.iter().map(|st| view! {
                            <tr data-state=st.code.clone()><td>{st.label.clone()}</td><td>{st.cases}</td></tr>
                        }).collect_view()}
                        <tr><th scope="row">{ru::SUPDASH_TOTAL}</th><td>{s.cases}</td></tr>
                    </tbody>
                </table>
            </div>
        </section>
        <section class="card" data-section="roadmap">
            <h2>{ru::SUPDASH_ROADMAP}</h2>
            {if s.activities == 0 {
                view! { <p class="muted">{ru::SUPDASH_NO_ACTIVITIES}</p> }.into_any()
            } else {
                let done = percent_of(s.done, s.activities);
                view! {
                    <p class="supdash-completion">{ru::supdash_completion(s.done, s.activities, done)}</p>
                    <progress max="100" value=done>{done} " %"</progress>
                }.into_any()
            }}
            <h3>{ru::SUPDASH_OVERDUE}</h3>
            {if overdue.is_empty() {
                view! { <p class="muted">{ru::SUPDASH_NO_OVERDUE}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="supdash-overdue">
                            <thead><tr>
                                <th scope="col">{ru::SUPDASH_SCHOOL}</th><th scope="col">{ru::SUPDASH_ACTIVITY}</th>
                                <th scope="col">{ru::SUPDASH_DEADLINE}</th><th scope="col">{ru::SUPDASH_DAYS_LATE}</th>
                            </tr></thead>
                            <tbody>
                                {overdue.into_iter().map(|o| view! {
                                    <tr><td>{o.school}</td><td>{o.activity}</td><td>{o.deadline}</td><td>{o.days}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {(total > shown as i64).then(|| view! { <p class="muted">{ru::supdash_overdue_more(shown, total)}</p> })}
                }.into_any()
            }}
        </section>
        <Heat heat=s.heat.clone() />
        <Moves movement=s.movement.clone() />
        <Left left=s.left.clone() operator=s.operator save />
    }
}

/// A cell's shade: none, then four steps of the municipality's confirmed profiles.
fn heat_class(count: i64, profiles: i64) -> &'static str {
    match percent_of(count, profiles) {
        _ if count == 0 => "heat heat-0",
        p if p <= 25 => "heat heat-1",
        p if p <= 50 => "heat heat-2",
        p if p <= 75 => "heat heat-3",
        _ => "heat heat-4",
    }
}

#[component]
fn Heat(heat: HeatMap) -> impl IntoView {
    let profiles = heat.profiles.clone();
    let any = profiles.iter().any(|n| *n > 0);
    view! {
        <section class="card" data-section="heat">
            <h2>{ru::SUPDASH_HEAT}</h2>
            <p class="muted">{ru::SUPDASH_HEAT_NOTE}</p>
            {if !any {
                view! { <p class="muted">{ru::SUPDASH_NO_PROFILES}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="supdash-heat">
                            <thead><tr>
                                <th scope="col">{ru::SUPDASH_FACTOR}</th>
                                {heat.municipalities.iter().zip(&profiles).map(|(m, n)| view! {
                                    <th scope="col">{m.clone()}<br /><span class="muted">{ru::supdash_profiles(*n)}</span></th>
                                }).collect_view()}
                            </tr></thead>
                            <tbody>
                                {heat.rows.into_iter().map(|row| {
                                    let profiles = profiles.clone();
                                    view! {
                                        <tr>
                                            <th scope="row">{row.factor}</th>
                                            {row.cells.into_iter().zip(profiles).map(|(count, n)| view! {
                                                <td class=heat_class(count, n)>{count}</td>
                                            }).collect_view()}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Moves(movement: Option<Movement>) -> impl IntoView {
    view! {
        <section class="card" data-section="movement">
            <h2>{ru::SUPDASH_MOVEMENT}</h2>
            {match movement {
                None => view! { <p class="muted">{ru::SUPDASH_NO_MOVEMENT}</p> }.into_any(),
                Some(m) => view! {
                    <p class="muted">{ru::supdash_runs(&m.previous, &m.latest)}</p>
                    <div class="table-scroll">
                        <table class="supdash-movement">
                            <thead><tr>
                                <th scope="col">{ru::SUPDASH_FROM}</th><th scope="col">{ru::SUPDASH_TO}</th>
                                <th scope="col">{ru::SUPDASH_SCHOOLS}</th>
                            </tr></thead>
                            <tbody>
                                {m.transitions.into_iter().map(|t| view! {
                                    <tr><td>{t.from}</td><td>{t.to}</td><td>{t.schools}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Left(left: LeftList, operator: bool, save: ServerAction<SaveSupportTarget>) -> impl IntoView {
    let error = Signal::derive(action_error(save));
    let saved = move || {
        matches!(save.value().get(), Some(Ok(()))).then(|| {
            view! {
                <p class="success" role="status">{ru::SUPDASH_TARGET_SAVED}</p>
            }
        })
    };
    let figure = match (left.has_run, left.percent) {
        (false, _) => view! { <p class="muted">{ru::SUPDASH_NO_RUN}</p> }.into_any(),
        (true, None) => view! { <p class="muted">{ru::SUPDASH_NO_CASE_SCHOOLS}</p> }.into_any(),
        (true, Some(percent)) => {
            let reached = percent >= i64::from(left.target);
            view! {
                <p class="supdash-left">{ru::supdash_left(left.left, left.schools, percent, left.target)}</p>
                <progress max="100" value=percent>{percent} " %"</progress>
                <p class=if reached { "success" } else { "notice" }>
                    {if reached { ru::SUPDASH_REACHED } else { ru::SUPDASH_NOT_REACHED }}
                </p>
            }
            .into_any()
        }
    };
    let target = left.target.to_string();
    view! {
        <section class="card" data-section="left">
            <h2>{ru::SUPDASH_LEFT}</h2>
            {figure}
            {operator.then(|| view! {
                <RegionForm action=save>
                    <Field label=ru::SUPDASH_TARGET_LABEL>
                        <input type="text" inputmode="numeric" name="left_percent" value=target.clone() required />
                    </Field>
                    <FormError error />
                    <Submit label=ru::SUPDASH_TARGET_SAVE pending=save.pending().into() />
                </RegionForm>
                {saved}
            })}
        </section>
    }
}
