//! A run's publishing form, the diff against the last published run, and the charts.

use leptos::prelude::*;

use crate::components::form::RegionForm;
use crate::components::Submit;
use crate::i18n::ru;
use crate::identification::*;

#[component]
pub fn PublishForm(run: String, publish: ServerAction<PublishRun>) -> impl IntoView {
    view! {
        <RegionForm action=publish>
            <input type="hidden" name="run" value=run />
            <Submit label=ru::RUN_PUBLISH pending=publish.pending().into() />
        </RegionForm>
    }
}

#[component]
pub fn RunDiffView(diff: Option<RunDiff>) -> impl IntoView {
    let Some(diff) = diff else {
        return view! { <p class="muted">{ru::DIFF_NONE}</p> }.into_any();
    };
    let list = |entries: Vec<DiffEntry>| {
        if entries.is_empty() {
            return view! { <p>{ru::DIFF_EMPTY}</p> }.into_any();
        }
        view! {
            <table class="data diff">
                <thead><tr><th>{ru::COLUMN_CODE}</th><th>{ru::COLUMN_NAME}</th><th>{ru::COLUMN_STATUSES}</th><th>{ru::COLUMN_WHY}</th></tr></thead>
                <tbody>
                    {entries.into_iter().map(|d| view! {
                        <tr><td>{d.school_id}</td><td>{d.name}</td><td>{d.status}</td><td>{d.why}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="diff">
            <h2>{ru::diff_title(&diff.against)}</h2>
            <h3>{ru::DIFF_ENTERING}</h3>
            {list(diff.entering)}
            <h3>{ru::DIFF_LEAVING}</h3>
            {list(diff.leaving)}
        </section>
    }
    .into_any()
}

/// Index distribution per group as bars over [0, 1], with the cut-offs drawn as lines.
#[component]
pub fn Charts(histograms: Vec<Histogram>) -> impl IntoView {
    if histograms.is_empty() {
        return None;
    }
    const W: f64 = 320.0;
    const H: f64 = 120.0;
    Some(view! {
        <section class="charts">
            <h2>{ru::CHART_TITLE}</h2>
            <p class="muted">{ru::CHART_HINT}</p>
            <div class="chart-grid">
                {histograms.into_iter().map(|h| {
                    let max = h.bins.iter().copied().max().unwrap_or(1).max(1) as f64;
                    let width = W / h.bins.len() as f64;
                    let caption = ru::chart_caption(&h.index, h.year, &h.group);
                    view! {
                        <figure>
                            <svg viewBox=format!("0 0 {W} {}", H + 14.0) role="img" aria-label=caption.clone()>
                                {h.bins.iter().enumerate().map(|(i, &n)| {
                                    let height = n as f64 / max * H;
                                    view! { <rect x=i as f64 * width + 1.0 y=H - height width=width - 2.0 height=height class="bar"><title>{n}</title></rect> }
                                }).collect_view()}
                                {h.worst_cutoff.map(|c| view! { <line x1=c * W x2=c * W y1="0" y2=H class="cutoff worst" /> })}
                                {h.best_cutoff.map(|c| view! { <line x1=c * W x2=c * W y1="0" y2=H class="cutoff best" /> })}
                                <text x="0" y=H + 12.0 class="axis">"0"</text>
                                <text x=W - 8.0 y=H + 12.0 class="axis">"1"</text>
                            </svg>
                            <figcaption>{caption}</figcaption>
                        </figure>
                    }
                }).collect_view()}
            </div>
        </section>
    })
}
