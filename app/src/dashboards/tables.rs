//! Each view of a dashboard as a plain table of text: the accessible table under its chart,
//! and the rows of its XLSX and CSV export, so the files hold exactly what the page shows.

use serde::{Deserialize, Serialize};

use super::{CoverageRow, Dashboard, DeficitMap};
use crate::diagnostics::GroupSize;
use crate::i18n::ru;

/// The views a dashboard has, each exported on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum View {
    Coverage,
    Positions,
    Deficits,
    Growth,
    Uptake,
    Certificates,
    Identification,
    Movement,
    Support,
    SupportDeficits,
    Targets,
    Kpi,
}

impl View {
    pub const ALL: [View; 12] = [
        View::Coverage,
        View::Positions,
        View::Deficits,
        View::Growth,
        View::Uptake,
        View::Certificates,
        View::Identification,
        View::Movement,
        View::Support,
        View::SupportDeficits,
        View::Targets,
        View::Kpi,
    ];

    /// The view's name in an export's address.
    pub fn code(self) -> &'static str {
        match self {
            View::Coverage => "coverage",
            View::Positions => "positions",
            View::Deficits => "deficits",
            View::Growth => "growth",
            View::Uptake => "courses",
            View::Certificates => "certificates",
            View::Identification => "identification",
            View::Movement => "movement",
            View::Support => "support",
            View::SupportDeficits => "support-deficits",
            View::Targets => "targets",
            View::Kpi => "kpi",
        }
    }

    pub fn from_code(code: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.code() == code)
    }

    pub fn title(self) -> &'static str {
        ru::label(&ru::DASH_VIEWS, self.code())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A share as «40 %».
pub fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// A figure that may be withheld: the value, or why it is not shown.
fn shown(value: Option<String>) -> String {
    value.unwrap_or_else(|| ru::DASH_HIDDEN.to_string())
}

fn band(size: GroupSize) -> String {
    size.label().to_string()
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn coverage(first: &str, rows: &[&CoverageRow]) -> Table {
    let mut header = vec![first.to_string()];
    header.extend(strings(&ru::DASH_COVERAGE_COLUMNS));
    Table {
        header,
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.label.clone(),
                    r.staff.map(|s| s.to_string()).unwrap_or_default(),
                    band(r.registered),
                    band(r.started),
                    band(r.finished),
                    shown(r.of_registered.map(percent)),
                    if r.staff.is_some() {
                        shown(r.of_staff.map(percent))
                    } else {
                        String::new()
                    },
                ]
            })
            .collect(),
    }
}

/// The view as a table; the coverage table ends with the scope's total.
pub fn table(dashboard: &Dashboard, view: View) -> Table {
    let first = dashboard.group_title.as_str();
    match view {
        View::Coverage => {
            let rows: Vec<&CoverageRow> = dashboard.coverage.iter().chain([&dashboard.total]).collect();
            coverage(first, &rows)
        }
        View::Positions => coverage(
            ru::DASH_GROUP_POSITION,
            &dashboard.positions.iter().collect::<Vec<_>>(),
        ),
        View::Deficits => deficits(&dashboard.deficits),
        View::Growth => Table {
            header: strings(&ru::DASH_GROWTH_COLUMNS),
            rows: dashboard
                .growth
                .iter()
                .map(|g| vec![g.label.clone(), band(g.people), shown(g.closed.map(percent))])
                .collect(),
        },
        View::Uptake => uptake(dashboard, first),
        View::Certificates => Table {
            header: [first]
                .iter()
                .chain(&ru::DASH_CERTIFICATE_COLUMNS)
                .map(|h| h.to_string())
                .collect(),
            rows: dashboard
                .certificates
                .iter()
                .map(|c| vec![c.label.clone(), band(c.issued), band(c.revoked)])
                .collect(),
        },
        View::Identification => identification(dashboard),
        View::Movement => Table {
            header: strings(&ru::DASH_MOVEMENT_COLUMNS),
            rows: dashboard
                .movements
                .iter()
                .map(|m| {
                    vec![
                        m.config.clone(),
                        m.years.clone(),
                        m.from.clone(),
                        m.to.clone(),
                        m.schools.to_string(),
                    ]
                })
                .collect(),
        },
        View::Support => coverage(
            ru::DASH_SUPPORT_GROUP,
            &dashboard.support.coverage.iter().collect::<Vec<_>>(),
        ),
        View::SupportDeficits => deficits(&dashboard.support.deficits),
        View::Targets => targets(dashboard),
        View::Kpi => kpi(dashboard),
    }
}

fn uptake(dashboard: &Dashboard, first: &str) -> Table {
    Table {
        header: [first]
            .iter()
            .chain(&ru::DASH_UPTAKE_COLUMNS)
            .map(|h| h.to_string())
            .collect(),
        rows: dashboard
            .uptake
            .iter()
            .map(|u| {
                vec![
                    u.label.clone(),
                    band(u.enrolled),
                    band(u.completed),
                    shown(u.completion.map(percent)),
                    shown(u.hours.map(|h| h.to_string())),
                ]
            })
            .collect(),
    }
}

fn identification(dashboard: &Dashboard) -> Table {
    Table {
        header: strings(&ru::DASH_YEARS_COLUMNS),
        rows: dashboard
            .years
            .iter()
            .flat_map(|y| {
                y.counts.iter().map(|c| {
                    vec![
                        y.config.clone(),
                        y.year.to_string(),
                        y.published_on.clone(),
                        c.status.clone(),
                        c.schools.to_string(),
                    ]
                })
            })
            .collect(),
    }
}

fn kpi(dashboard: &Dashboard) -> Table {
    Table {
        header: strings(&ru::DASH_KPI_COLUMNS),
        rows: dashboard
            .kpis
            .iter()
            .map(|k| {
                vec![
                    k.label.clone(),
                    k.target.clone().unwrap_or_else(|| ru::DASH_KPI_NONE.to_string()),
                    shown(k.actual.clone()),
                    k.met
                        .map(|met| if met { ru::DASH_YES } else { ru::DASH_NO }.to_string())
                        .unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

fn deficits(map: &DeficitMap) -> Table {
    let mut header = vec![ru::DASH_COMPETENCY.to_string()];
    header.extend(map.groups.iter().cloned());
    header.push(ru::DASH_COVERING_COURSES.to_string());
    let rows = map
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![r.title.clone()];
            row.extend(r.cells.iter().map(|c| shown(c.share.map(percent))));
            row.push(
                r.courses
                    .iter()
                    .map(|c| c.title.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            );
            row
        })
        .collect();
    Table { header, rows }
}

/// Seed 004's and seed 001's targets, planned against actual, and each ШНРО school's state.
fn targets(dashboard: &Dashboard) -> Table {
    let support = &dashboard.support;
    let met = support.trained.iter().filter(|(_, met)| *met).count();
    let mut rows = vec![
        vec![
            ru::DASH_TARGET_DIAGNOSED.to_string(),
            percent(1.0),
            shown(support.low_teachers.of_registered.map(percent)),
        ],
        vec![
            ru::DASH_TARGET_TRAINED.to_string(),
            ru::dash_schools_met(support.trained.len(), support.trained.len()),
            ru::dash_schools_met(met, support.trained.len()),
        ],
    ];
    rows.extend(support.trained.iter().map(|(school, met)| {
        vec![
            ru::dash_trained_school(school),
            String::new(),
            if *met { ru::DASH_MET } else { ru::DASH_NOT_MET }.to_string(),
        ]
    }));
    Table {
        header: strings(&ru::DASH_TARGET_COLUMNS),
        rows,
    }
}
