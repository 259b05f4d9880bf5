//! The deficit heat map: competencies down, groups across, each cell shaded by the share with
//! a pronounced deficit (darker is more) and labelled with it. With many groups it is wider
//! than a phone, so it scrolls inside its own container; the table under it has every figure.

use leptos::prelude::*;

use crate::dashboards::tables::percent;
use crate::dashboards::DeficitMap;
use crate::i18n::ru;

const LABEL: f64 = 170.0;
const CELL: f64 = 46.0;
const HEAD: f64 = 96.0;
const ROW: f64 = 30.0;
const LABEL_CHARS: usize = 26;
const HIDDEN: &str = "#f2f4f7";

fn short(text: &str, chars: usize) -> String {
    if text.chars().count() > chars {
        text.chars().take(chars - 1).chain(['…']).collect()
    } else {
        text.to_string()
    }
}

/// Red with an opacity that grows with the share.
fn shade(share: f64) -> String {
    format!("rgba(217, 45, 32, {:.2})", 0.08 + 0.92 * share.clamp(0.0, 1.0))
}

#[component]
pub fn HeatMap(id: &'static str, map: DeficitMap) -> impl IntoView {
    let width = LABEL + map.groups.len() as f64 * CELL + 4.0;
    let height = HEAD + map.rows.len() as f64 * ROW + 4.0;
    let groups = map.groups.clone();
    let (title_id, labelled_by) = (format!("{id}-title"), format!("{id}-title"));
    view! {
        <div class="chart-scroll">
            <svg
                class="dash-chart heatmap"
                role="img"
                aria-labelledby=labelled_by
                viewBox=format!("0 0 {width} {height}")
                width=width
                style=format!("min-width: min({width}px, 100%)")
                data-chart=id
            >
                <title id=title_id>{ru::DASH_DEFICITS_CHART}</title>
                {groups
                    .iter()
                    .enumerate()
                    .map(|(n, group)| {
                        let x = LABEL + n as f64 * CELL + CELL / 2.0;
                        view! {
                            <text
                                x=x
                                y=HEAD - 6.0
                                font-size="11"
                                transform=format!("rotate(-55 {x} {})", HEAD - 6.0)
                            >
                                <title>{group.clone()}</title>
                                {short(group, 18)}
                            </text>
                        }
                    })
                    .collect_view()}
                {map
                    .rows
                    .into_iter()
                    .enumerate()
                    .map(|(r, row)| {
                        let top = HEAD + r as f64 * ROW;
                        let cells = row
                            .cells
                            .into_iter()
                            .enumerate()
                            .map(|(c, cell)| {
                                let x = LABEL + c as f64 * CELL;
                                let (fill, text) = match cell.share {
                                    Some(share) => (shade(share), percent(share)),
                                    None => (HIDDEN.to_string(), "—".to_string()),
                                };
                                let dark = cell.share.is_some_and(|s| s > 0.55);
                                view! {
                                    <rect x=x + 1.0 y=top + 1.0 width=CELL - 2.0 height=ROW - 2.0 fill=fill />
                                    <text
                                        x=x + CELL / 2.0
                                        y=top + 19.0
                                        font-size="11"
                                        text-anchor="middle"
                                        fill=if dark { "#ffffff" } else { "#1d2433" }
                                    >
                                        {text}
                                    </text>
                                }
                            })
                            .collect_view();
                        view! {
                            <g data-competency=row.code.clone()>
                                <text x="2" y=top + 19.0 font-size="12">
                                    <title>{row.title.clone()}</title>
                                    {short(&row.title, LABEL_CHARS)}
                                </text>
                                {cells}
                            </g>
                        }
                    })
                    .collect_view()}
            </svg>
        </div>
    }
}
