//! `/r/:slug/dashboard`: the figures of the reader's scope (the operator's region or a
//! municipality of it, a coordinator's municipality, a director's school), each view a chart
//! with its table and its XLSX and CSV export.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{Field, RegionForm};
use crate::components::{action_error, query_param, route_slug, FormError, PageError, Submit};
use crate::dashboards::tables::{table, View};
use crate::dashboards::widgets::bars::{Bar, BarChart};
use crate::dashboards::widgets::heatmap::HeatMap;
use crate::dashboards::widgets::table::DataTable;
use crate::dashboards::{get_dashboard, Dashboard, KpiForm, SaveKpiTargets, ScopeKind};
use crate::i18n::ru;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let slug = route_slug();
    let municipality = query_param("municipality");
    let save = ServerAction::<SaveKpiTargets>::new();
    let dashboard = Resource::new(
        move || (slug.get(), municipality.get(), save.version().get()),
        |(slug, municipality, _)| get_dashboard(slug, municipality),
    );
    view! {
        <Title text=ru::DASH_TITLE />
        <section class="dashboard">
            <p class="back">
                <a href=move || format!("/r/{}/cabinet", slug.get())>{ru::DIAG_BACK_TO_CABINET}</a>
            </p>
            <h1>{ru::DASH_TITLE}</h1>
            <Suspense fallback=|| view! { <p>{ru::DASH_LOADING}</p> }>
                {move || Suspend::new(async move {
                    match dashboard.await {
                        Ok(d) => view! { <Views d slug=slug.get_untracked() save /> }.into_any(),
                        Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn scope_label(kind: ScopeKind) -> &'static str {
    match kind {
        ScopeKind::Region => ru::DASH_SCOPE_REGION,
        ScopeKind::Municipality => ru::DASH_SCOPE_MUNICIPALITY,
        ScopeKind::School => ru::DASH_SCOPE_SCHOOL,
    }
}

#[component]
fn Views(d: Dashboard, slug: String, save: ServerAction<SaveKpiTargets>) -> impl IntoView {
    let narrowed =
        (d.kind == ScopeKind::Municipality && !d.municipalities.is_empty()).then(|| d.scope.clone());
    let query = narrowed
        .as_ref()
        .map(|m| format!("?municipality={}", crate::components::percent_encode(m)))
        .unwrap_or_default();
    let export = move |view: View| {
        let base = format!("/r/{slug}/dashboard/export/{}", view.code());
        view! {
            <p class="dash-export">
                {ru::DASH_EXPORT} " "
                <a href=format!("{base}/xlsx{query}") download="">"XLSX"</a> " · "
                <a href=format!("{base}/csv{query}") download="">"CSV"</a>
            </p>
        }
    };
    let coverage_bars: Vec<Bar> = d
        .coverage
        .iter()
        .map(|r| Bar {
            label: r.label.clone(),
            share: r.of_registered,
        })
        .collect();
    let growth_bars: Vec<Bar> = d
        .growth
        .iter()
        .map(|g| Bar {
            label: g.label.clone(),
            share: g.closed,
        })
        .collect();
    let uptake_bars: Vec<Bar> = d
        .uptake
        .iter()
        .map(|u| Bar {
            label: u.label.clone(),
            share: u.completion,
        })
        .collect();
    let section = |view: View, chart: AnyView, note: Option<&'static str>| {
        let tab = table(&d, view);
        let empty = tab.rows.is_empty();
        view! {
            <section class="card dash-view" id=view.code() data-view=view.code()>
                <h2>{view.title()}</h2>
                {note.map(|n| view! { <p class="muted">{n}</p> })}
                {if empty {
                    view! { <p class="muted dash-empty">{ru::DASH_EMPTY}</p> }.into_any()
                } else {
                    view! { {chart} <DataTable table=tab class=view.code() /> }.into_any()
                }}
                {export(view)}
            </section>
        }
    };
    view! {
        <p class="dash-scope">
            <strong>{scope_label(d.kind)} ": "</strong>
            <span class="dash-scope-name">{d.scope.clone()}</span>
        </p>
        <Narrow municipalities=d.municipalities.clone() chosen=narrowed.clone() />
        <p class="muted">{ru::DASH_NOTE}</p>
        {section(View::Kpi, ().into_any(), None)}
        {d.kpi_form.clone().map(|form| view! { <Targets form save /> })}
        {section(
            View::Coverage,
            view! { <BarChart id="coverage" title=ru::DASH_COVERAGE_CHART bars=coverage_bars /> }.into_any(),
            None,
        )}
        {section(View::Positions, ().into_any(), None)}
        {section(View::Deficits, view! { <HeatMap id="deficits" map=d.deficits.clone() /> }.into_any(), Some(ru::DASH_DEFICITS_NOTE))}
        {section(
            View::Growth,
            view! { <BarChart id="growth" title=ru::DASH_GROWTH_CHART bars=growth_bars /> }.into_any(),
            None,
        )}
        {section(
            View::Uptake,
            view! { <BarChart id="courses" title=ru::DASH_UPTAKE_CHART bars=uptake_bars /> }.into_any(),
            None,
        )}
        {section(View::Certificates, ().into_any(), None)}
        {section(View::Identification, ().into_any(), None)}
        {section(View::Movement, ().into_any(), Some(ru::DASH_MOVEMENT_NOTE))}
        {section(View::Support, ().into_any(), Some(ru::DASH_SUPPORT_NOTE))}
        {section(
            View::SupportDeficits,
            view! { <HeatMap id="support-deficits" map=d.support.deficits.clone() /> }.into_any(),
            Some(ru::DASH_DEFICITS_NOTE),
        )}
        {section(View::Targets, ().into_any(), None)}
    }
}

/// The operator's form of the region's targets.
#[component]
fn Targets(form: KpiForm, save: ServerAction<SaveKpiTargets>) -> impl IntoView {
    let error = Signal::derive(action_error(save));
    let saved = move || {
        matches!(save.value().get(), Some(Ok(())))
            .then(|| view! { <p class="notice" role="status">{ru::DASH_KPI_SAVED}</p> })
    };
    view! {
        <details class="card dash-targets">
            <summary>{ru::DASH_KPI_FORM}</summary>
            <p class="muted">{ru::DASH_KPI_HINT}</p>
            <RegionForm action=save>
                <Field label=ru::DASH_KPI_SHARE_FIELD>
                    <input type="text" inputmode="decimal" name="form[share_diagnosed]" value=form.share_diagnosed />
                </Field>
                <Field label=ru::DASH_KPI_HOURS_FIELD>
                    <input type="text" inputmode="decimal" name="form[hours_per_school]" value=form.hours_per_school />
                </Field>
                <Field label=ru::DASH_KPI_CERTIFICATES_FIELD>
                    <input type="text" inputmode="decimal" name="form[certificates]" value=form.certificates />
                </Field>
                <FormError error />
                <Submit label=ru::DASH_KPI_SAVE pending=save.pending().into() />
            </RegionForm>
            {saved}
        </details>
    }
}

/// The operator's choice of one municipality, or the whole region.
#[component]
fn Narrow(municipalities: Vec<String>, chosen: Option<String>) -> impl IntoView {
    (!municipalities.is_empty()).then(|| {
        view! {
            <form method="get" class="inline-form dash-narrow">
                <label class="field inline">
                    <span>{ru::DASH_NARROW}</span>
                    <select name="municipality">
                        <option value="">{ru::DASH_WHOLE_REGION}</option>
                        {municipalities
                            .into_iter()
                            .map(|m| {
                                let selected = chosen.as_deref() == Some(m.as_str());
                                view! { <option value=m.clone() selected=selected>{m.clone()}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit">{ru::DASH_NARROW_SUBMIT}</button>
            </form>
        }
    })
}
