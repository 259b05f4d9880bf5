//! A horizontal bar chart of shares, one bar per group: a server-rendered SVG 400 units wide
//! that takes the page's width, so it fits a phone. A withheld share (a group under five
//! people) has no bar and says why.

use leptos::prelude::*;

use crate::dashboards::tables::percent;
use crate::i18n::ru;

const WIDTH: f64 = 400.0;
const LEFT: f64 = 4.0;
const SPAN: f64 = 392.0;
const ROW: f64 = 38.0;
const LABEL_CHARS: usize = 40;
const BAR: &str = "#2e6fd8";
const TRACK: &str = "#e4e7ec";

/// A bar: its label and share (0–1), `None` when withheld.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub share: Option<f64>,
}

fn short(text: &str) -> String {
    if text.chars().count() > LABEL_CHARS {
        text.chars().take(LABEL_CHARS - 1).chain(['…']).collect()
    } else {
        text.to_string()
    }
}

#[component]
pub fn BarChart(id: &'static str, title: &'static str, bars: Vec<Bar>) -> impl IntoView {
    let height = bars.len() as f64 * ROW + 4.0;
    let (title_id, labelled_by) = (format!("{id}-title"), format!("{id}-title"));
    view! {
        <svg
            class="dash-chart bars"
            role="img"
            aria-labelledby=labelled_by
            viewBox=format!("0 0 {WIDTH} {height}")
            width="100%"
            data-chart=id
        >
            <title id=title_id>{title}</title>
            {bars
                .into_iter()
                .enumerate()
                .map(|(n, bar)| {
                    let top = n as f64 * ROW + 4.0;
                    let value = bar.share.map(percent).unwrap_or_else(|| ru::DASH_HIDDEN.to_string());
                    let width = bar.share.unwrap_or(0.0).clamp(0.0, 1.0) * SPAN;
                    view! {
                        <g>
                            <title>{ru::dash_bar_title(&bar.label, &value)}</title>
                            <text x=LEFT y=top + 12.0 font-size="12">{short(&bar.label)}</text>
                            <text x=LEFT + SPAN y=top + 12.0 font-size="12" text-anchor="end">{value}</text>
                            <rect x=LEFT y=top + 18.0 width=SPAN height="10" fill=TRACK rx="2" />
                            <rect class="bar" x=LEFT y=top + 18.0 width=width height="10" fill=BAR rx="2" />
                        </g>
                    }
                })
                .collect_view()}
        </svg>
    }
}
