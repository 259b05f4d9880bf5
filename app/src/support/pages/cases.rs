//! `/r/:slug/support`: the cases the reader sees, filtered by state and (for the operator)
//! municipality; the operator opens cases from a published run or by hand.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{Area, Field, RegionForm};
use crate::components::{
    action_error, percent_encode, query_param, route_slug, FormError, PageError, Pager, Submit,
};
use crate::i18n::ru;
use crate::support::monitoring::setup_widget::MonitoringSetup;
use crate::support::{get_cases, CaseList, CaseState, CreateCase, CreateCasesFromRun, RunChoice};

#[component]
pub fn SupportCasesPage() -> impl IntoView {
    let slug = route_slug();
    let state = query_param("state");
    let municipality = query_param("municipality");
    let page = query_param("page");
    let bulk = ServerAction::<CreateCasesFromRun>::new();
    let manual = ServerAction::<CreateCase>::new();
    let list = Resource::new(
        move || {
            (
                slug.get(),
                state.get(),
                municipality.get(),
                page.get().and_then(|p| p.parse::<i64>().ok()),
                bulk.version().get(),
                manual.version().get(),
            )
        },
        |(slug, state, municipality, page, ..)| get_cases(slug, state, municipality, page),
    );
    view! {
        <Title text=ru::SUP_TITLE />
        <section class="support">
            <p class="back">
                <a href=move || format!("/r/{}/cabinet", slug.get())>{ru::DIAG_BACK_TO_CABINET}</a>
            </p>
            <h1>{ru::SUP_TITLE}</h1>
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => {
                            let (state, municipality) = (state.get_untracked(), municipality.get_untracked());
                            view! { <Cases list state municipality bulk manual /> }.into_any()
                        }
                        Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Cases(
    list: CaseList,
    state: Option<String>,
    municipality: Option<String>,
    bulk: ServerAction<CreateCasesFromRun>,
    manual: ServerAction<CreateCase>,
) -> impl IntoView {
    let slug = route_slug().get_untracked();
    let creating = list.can_create.then(|| {
        let year = list.this_year.to_string();
        view! {
            {list.runs.iter().cloned().map(|run| view! { <FromRun run year=year.clone() bulk /> }).collect_view()}
            {list.runs.is_empty().then(|| view! { <p class="muted">{ru::SUP_NO_RUNS}</p> })}
            <Manual year=year.clone() manual />
            <MonitoringSetup />
        }
    });
    let summary = list.summary.then(|| {
        view! {
            <p><a class="button" href=format!("/r/{slug}/support/summary")>{ru::SUPDASH_LINK}</a></p>
        }
    });
    let pager = (list.pages > 1).then(|| {
        let mut base = format!("/r/{slug}/support?");
        for (name, value) in [("state", &state), ("municipality", &municipality)] {
            if let Some(value) = value {
                base.push_str(&format!("{name}={}&", percent_encode(value)));
            }
        }
        view! {
            <p class="muted">{ru::sup_cases_shown(list.cases.len(), list.total)}</p>
            <Pager base page=list.page as i32 pages=list.pages as i32 label=ru::SUP_PAGES />
        }
    });
    view! {
        {summary}
        {creating}
        <Filters state municipality municipalities=list.municipalities.clone() />
        {pager}
        {if list.cases.is_empty() {
            view! { <p class="muted">{ru::SUP_NO_CASES}</p> }.into_any()
        } else {
            view! {
                <ul class="support-cases">
                    {list.cases.into_iter().map(|c| view! {
                        <li class="card support-case">
                            <a href=format!("/r/{slug}/support/{}", c.id)><strong>{c.school.clone()}</strong></a>
                            <p class="muted">{ru::sup_case_line(&c.municipality, c.year)}</p>
                            <p>
                                {c.statuses.iter().map(|s| view! { <span class="role">{s.clone()}</span> " " }).collect_view()}
                            </p>
                            <p>
                                <span class="support-state">{c.state.label()}</span> " · "
                                {c.curator.clone().unwrap_or_else(|| ru::SUP_NO_CURATOR.to_string())}
                            </p>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn Filters(
    state: Option<String>,
    municipality: Option<String>,
    municipalities: Vec<String>,
) -> impl IntoView {
    let chosen = state.unwrap_or_default();
    let place = municipality.unwrap_or_default();
    view! {
        <form method="get" class="filters support-filters">
            <label class="field">
                <span>{ru::SUP_FILTER_STATE}</span>
                <select name="state">
                    <option value="">{ru::SUP_ALL}</option>
                    {CaseState::ALL.into_iter().map(|s| {
                        let selected = s.code() == chosen;
                        view! { <option value=s.code() selected=selected>{s.label()}</option> }
                    }).collect_view()}
                </select>
            </label>
            {(!municipalities.is_empty()).then(|| view! {
                <label class="field">
                    <span>{ru::SUP_FILTER_MUNICIPALITY}</span>
                    <select name="municipality">
                        <option value="">{ru::SUP_ALL}</option>
                        {municipalities.into_iter().map(|m| {
                            let selected = m == place;
                            view! { <option value=m.clone() selected=selected>{m.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
            })}
            <button type="submit">{ru::SUP_FILTER_SUBMIT}</button>
        </form>
    }
}

/// The operator's cases from one published run.
#[component]
fn FromRun(run: RunChoice, year: String, bulk: ServerAction<CreateCasesFromRun>) -> impl IntoView {
    let error = Signal::derive(action_error(bulk));
    let done = move || match bulk.value().get() {
        Some(Ok(n)) => Some(view! { <p class="success" role="status">{ru::sup_created(n)}</p> }),
        _ => None,
    };
    view! {
        <details class="card support-from-run">
            <summary>{ru::sup_from_run(&run.title, &run.published_at)}</summary>
            <RegionForm action=bulk>
                <input type="hidden" name="run" value=run.id.clone() />
                <p>{ru::SUP_CHOOSE_STATUSES}</p>
                {run.statuses.iter().map(|s| view! {
                    <label class="check">
                        <input type="checkbox" name=format!("statuses[{}]", s.code) />
                        <span>{ru::sup_status_count(&s.label, s.schools)}</span>
                    </label>
                }).collect_view()}
                <Field label=ru::SUP_YEAR>
                    <input type="number" name="year" value=year min="2000" max="2100" required />
                </Field>
                <FormError error />
                <Submit label=ru::SUP_CREATE_FROM_RUN pending=bulk.pending().into() />
            </RegionForm>
            {done}
        </details>
    }
}

/// The operator's case opened by hand, with its reason.
#[component]
fn Manual(year: String, manual: ServerAction<CreateCase>) -> impl IntoView {
    let error = Signal::derive(action_error(manual));
    view! {
        <details class="card support-manual">
            <summary>{ru::SUP_MANUAL}</summary>
            <RegionForm action=manual>
                <Field label=ru::SUP_SCHOOL_CODE>
                    <input type="text" name="school" required />
                </Field>
                <Field label=ru::SUP_YEAR>
                    <input type="number" name="year" value=year min="2000" max="2100" required />
                </Field>
                <Area label=ru::SUP_REASON name="reason" rows=3 required=true />
                <FormError error />
                <Submit label=ru::SUP_CREATE pending=manual.pending().into() />
            </RegionForm>
        </details>
    }
}
