//! The growth chart: one server-rendered SVG, a dumbbell per competency (a grey dot before, a
//! coloured dot after, a line between) under its label, with the lower threshold dashed
//! across. Its viewBox is 400 units wide and it takes the page's width, so it fits a phone.

use leptos::prelude::*;

use super::percent;
use crate::growth::CompetencyGrowth;
use crate::i18n::ru;

const WIDTH: f64 = 400.0;
const LEFT: f64 = 12.0;
const SPAN: f64 = 376.0;
const ROW: f64 = 44.0;
const LABEL_CHARS: usize = 34;
const BEFORE: &str = "#98a2b3";
const CLOSED: &str = "#12b76a";
const BELOW: &str = "#d92d20";

fn x(share: f64) -> f64 {
    LEFT + share.clamp(0.0, 1.0) * SPAN
}

#[component]
pub fn GrowthChart(rows: Vec<CompetencyGrowth>, low: f64) -> impl IntoView {
    let height = rows.len() as f64 * ROW + 40.0;
    let bottom = rows.len() as f64 * ROW + 4.0;
    view! {
        <svg
            class="growth-chart"
            role="img"
            aria-labelledby="growth-chart-title growth-chart-desc"
            viewBox=format!("0 0 {WIDTH} {height}")
            width="100%"
        >
            <title id="growth-chart-title">{ru::GROWTH_CHART_TITLE}</title>
            <desc id="growth-chart-desc">{ru::GROWTH_CHART_DESC}</desc>
            <line class="threshold" x1=x(low) x2=x(low) y1="0" y2=bottom stroke="#1d2433" stroke-dasharray="4 3" />
            {rows.into_iter().enumerate().map(|(n, row)| view! { <Dumbbell row n=n low /> }).collect_view()}
            <g class="legend" font-size="12">
                <circle cx=LEFT + 5.0 cy=bottom + 22.0 r="5" fill=BEFORE />
                <text x=LEFT + 14.0 y=bottom + 26.0>{ru::GROWTH_LEGEND_BEFORE}</text>
                <circle cx=LEFT + 55.0 cy=bottom + 22.0 r="5" fill=CLOSED />
                <text x=LEFT + 64.0 y=bottom + 26.0>{ru::GROWTH_LEGEND_AFTER}</text>
                <text x=x(low) y=bottom + 26.0 text-anchor="middle">{percent(low)}</text>
            </g>
        </svg>
    }
}

#[component]
fn Dumbbell(row: CompetencyGrowth, n: usize, low: f64) -> impl IntoView {
    let top = n as f64 * ROW + 4.0;
    let track = top + 28.0;
    // Room for the values on the same line, even on a phone; the row's title has the whole name.
    let label: String = if row.title.chars().count() > LABEL_CHARS {
        row.title.chars().take(LABEL_CHARS - 1).chain(['…']).collect()
    } else {
        row.title.clone()
    };
    let values = match row.after {
        Some(after) => ru::growth_chart_values(&percent(row.before), &percent(after)),
        None => format!("{} → {}", percent(row.before), ru::GROWTH_NOT_MEASURED_SHORT),
    };
    let title = format!("{}: {values}", row.title);
    let after = row.after.map(|after| {
        let fill = if after >= low { CLOSED } else { BELOW };
        view! {
            <line x1=x(row.before) x2=x(after) y1=track y2=track stroke=fill stroke-width="3" />
            <circle class="after" cx=x(after) cy=track r="6" fill=fill />
        }
    });
    view! {
        <g data-competency=row.code.clone()>
            <title>{title}</title>
            <text x=LEFT y=top + 12.0 font-size="13">{label}</text>
            <text x=LEFT + SPAN y=top + 12.0 font-size="12" text-anchor="end">{values}</text>
            <line x1=x(0.0) x2=x(1.0) y1=track y2=track stroke="#e4e7ec" stroke-width="2" />
            <circle class="before" cx=x(row.before) cy=track r="6" fill=BEFORE />
            {after}
        </g>
    }
}
