//! Identification results by year and the movement of schools between statuses (from the
//! published runs' frozen lists), and the targeted support of identified schools: their
//! coverage and deficits against all other schools, and the targets of seeds 004 and 001.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::db_support::{PublishedRunRow, TrainedCount};
use super::{Movement, PublishedYear, StatusCount};
use crate::i18n::ru;

/// What a published run froze (`identification::published::Published`), as far as read here.
#[derive(Deserialize)]
struct Frozen {
    title: String,
    years: Vec<i32>,
    labels: Vec<(String, String)>,
    schools: Vec<FrozenSchool>,
}

#[derive(Deserialize)]
struct FrozenSchool {
    school_id: String,
    municipality: String,
    statuses: Vec<String>,
}

/// Which schools of a published list the reader may count.
pub enum SchoolFilter {
    All,
    Municipality(String),
    School(String),
}

impl SchoolFilter {
    fn keeps(&self, school: &FrozenSchool) -> bool {
        match self {
            SchoolFilter::All => true,
            SchoolFilter::Municipality(name) => &school.municipality == name,
            SchoolFilter::School(code) => &school.school_id == code,
        }
    }
}

/// A school's statuses as one label («ШНРО + ШНСУ»).
fn statuses_label(labels: &[(String, String)], statuses: &[String]) -> String {
    let named: Vec<&str> = statuses
        .iter()
        .map(|code| {
            labels
                .iter()
                .find(|(c, _)| c == code)
                .map_or(code.as_str(), |(_, l)| l.as_str())
        })
        .collect();
    named.join(" + ")
}

/// Each published run's counts of schools per status (the year is the run's latest data year),
/// and between consecutive runs of one configuration how many schools went from which status
/// to which («без статуса» when absent from a list).
pub fn identification_years(
    runs: &[PublishedRunRow],
    filter: &SchoolFilter,
) -> (Vec<PublishedYear>, Vec<Movement>) {
    let mut years = Vec::new();
    let mut movements = Vec::new();
    let mut previous: Option<(uuid::Uuid, i32, BTreeMap<String, String>)> = None;
    for run in runs {
        let Ok(frozen) = serde_json::from_str::<Frozen>(&run.published) else {
            continue;
        };
        let year = frozen.years.iter().copied().max().unwrap_or_default();
        let now: BTreeMap<String, String> = frozen
            .schools
            .iter()
            .filter(|s| filter.keeps(s) && !s.statuses.is_empty())
            .map(|s| (s.school_id.clone(), statuses_label(&frozen.labels, &s.statuses)))
            .collect();
        let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
        for label in now.values() {
            *counts.entry(label).or_default() += 1;
        }
        years.push(PublishedYear {
            config: frozen.title.clone(),
            year,
            published_on: run.published_on.clone(),
            counts: counts
                .into_iter()
                .map(|(status, schools)| StatusCount {
                    status: status.to_string(),
                    schools,
                })
                .collect(),
        });
        if let Some((_, from_year, before)) = previous.filter(|(c, _, _)| *c == run.config_id) {
            let schools: BTreeSet<&String> = before.keys().chain(now.keys()).collect();
            let mut moved: BTreeMap<(String, String), i64> = BTreeMap::new();
            let none = || ru::DASH_NO_STATUS.to_string();
            for school in schools {
                let from = before.get(school).cloned().unwrap_or_else(none);
                let to = now.get(school).cloned().unwrap_or_else(none);
                *moved.entry((from, to)).or_default() += 1;
            }
            movements.extend(moved.into_iter().map(|((from, to), schools)| Movement {
                config: frozen.title.clone(),
                years: ru::dash_years(from_year, year),
                from,
                to,
                schools,
            }));
        }
        previous = Some((run.config_id, year, now));
    }
    (years, movements)
}

/// Seed 001's target per ШНРО school: at least five people with courses of ≥ 32 hours.
pub fn trained_schools(counts: &[TrainedCount]) -> Vec<(String, bool)> {
    counts
        .iter()
        .map(|c| (c.school.clone(), c.trained >= TRAINED_PEOPLE))
        .collect()
}

/// Seed 001: «не менее 5 педагогов каждой ШНРО прошли курсы ≥ 32 ч».
pub const TRAINED_PEOPLE: i64 = 5;
pub const TRAINED_HOURS: i64 = 32;

#[cfg(test)]
mod tests {
    use super::*;

    fn run(config: u128, year: i32, schools: &[(&str, &str, &[&str])]) -> PublishedRunRow {
        let schools: Vec<serde_json::Value> = schools
            .iter()
            .map(|(id, municipality, statuses)| {
                serde_json::json!({ "school_id": id, "name": id, "municipality": municipality,
                                    "statuses": statuses, "notes": [] })
            })
            .collect();
        PublishedRunRow {
            config_id: uuid::Uuid::from_u128(config),
            published_on: format!("01.09.{year}"),
            published: serde_json::json!({
                "title": "Методика края", "years": [year - 1, year],
                "labels": [["low_results", "ШНРО"], ["social", "ШНСУ"]], "schools": schools,
            })
            .to_string(),
        }
    }

    #[test]
    fn schools_move_between_statuses_from_one_published_year_to_the_next() {
        let runs = [
            run(
                1,
                2024,
                &[
                    ("1", "А", &["low_results"]),
                    ("2", "А", &["social"]),
                    ("3", "Б", &["low_results"]),
                ],
            ),
            run(
                1,
                2025,
                &[
                    ("1", "А", &["social"]),
                    ("3", "Б", &["low_results"]),
                    ("4", "А", &["low_results", "social"]),
                ],
            ),
        ];
        let (years, movements) = identification_years(&runs, &SchoolFilter::All);
        assert_eq!(years.len(), 2);
        assert_eq!(
            years[0].counts,
            [
                StatusCount {
                    status: "ШНРО".into(),
                    schools: 2
                },
                StatusCount {
                    status: "ШНСУ".into(),
                    schools: 1
                }
            ]
        );
        let moved: Vec<(&str, &str, i64)> = movements
            .iter()
            .map(|m| (m.from.as_str(), m.to.as_str(), m.schools))
            .collect();
        assert_eq!(
            moved,
            [
                ("ШНРО", "ШНРО", 1),
                ("ШНРО", "ШНСУ", 1),
                ("ШНСУ", "без статуса", 1),
                ("без статуса", "ШНРО + ШНСУ", 1)
            ]
        );
        assert_eq!(movements[0].years, "2024 → 2025");
        let (only_a, _) = identification_years(&runs, &SchoolFilter::Municipality("А".into()));
        assert_eq!(only_a[1].counts.iter().map(|c| c.schools).sum::<i64>(), 2);
    }
}
