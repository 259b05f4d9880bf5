//! Exact counts from SQL turned into what may leave the server: people in bands
//! ([`GroupSize`]), shares and hours only for groups of at least [`MIN_GROUP`] people, shares
//! to whole percents ([`rounded_share`]).

use std::collections::BTreeMap;

use super::db::{
    CertificateCount, CoveringCourse, DeficitCount, GroupCount, GrowthCount, StaffCount, UptakeCount,
};
use super::{CertificateRow, CourseLink, CoverageRow, DeficitMap, HeatCell, HeatRow, UptakeRow};
use crate::diagnostics::privacy::rounded_share;
use crate::diagnostics::{GroupSize, MIN_GROUP};
use crate::growth::GrowthShare;

/// `part / whole` to a whole percent, only when the group (`people`) is large enough.
fn share(part: i64, whole: i64, people: i64) -> Option<f64> {
    (people >= MIN_GROUP as i64 && whole > 0).then(|| rounded_share(part as f64 / whole as f64))
}

fn band(n: i64) -> GroupSize {
    GroupSize::of(usize::try_from(n).unwrap_or(0))
}

/// One coverage row; the staff numbers are the registry's, not people's, so they are exact.
pub fn coverage_row(label: String, count: Option<&GroupCount>, staff: Option<i64>) -> CoverageRow {
    let (registered, started, finished) = count.map_or((0, 0, 0), |c| (c.registered, c.started, c.finished));
    CoverageRow {
        label,
        staff,
        registered: band(registered),
        started: band(started),
        finished: band(finished),
        of_registered: share(finished, registered, registered),
        of_staff: staff.and_then(|s| share(finished, s, registered)),
    }
}

/// Coverage per group: every group with registered people or a school in the registry.
pub fn coverage_rows(
    counts: &[GroupCount],
    staff: &[StaffCount],
    label: &dyn Fn(&str) -> String,
) -> Vec<CoverageRow> {
    let mut groups: BTreeMap<&str, (Option<&GroupCount>, Option<i64>)> = BTreeMap::new();
    for s in staff {
        groups.entry(&s.grp).or_default().1 = s.staff;
    }
    for c in counts {
        groups.entry(&c.grp).or_default().0 = Some(c);
    }
    groups
        .into_iter()
        .map(|(grp, (count, staff))| coverage_row(label(grp), count, staff))
        .collect()
}

/// The heat map: a column per group that has measured people, a row per competency.
pub fn deficit_map(
    counts: &[DeficitCount],
    courses: &[CoveringCourse],
    label: &dyn Fn(&str) -> String,
) -> DeficitMap {
    let mut groups: Vec<&str> = counts.iter().map(|c| c.grp.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    let mut rows: BTreeMap<&str, (&str, BTreeMap<&str, &DeficitCount>)> = BTreeMap::new();
    for c in counts {
        let row = rows.entry(&c.code).or_insert((&c.title, BTreeMap::new()));
        row.1.insert(&c.grp, c);
    }
    let rows = rows
        .into_iter()
        .map(|(code, (title, cells))| HeatRow {
            code: code.to_string(),
            title: title.to_string(),
            cells: groups
                .iter()
                .map(|g| {
                    let (people, pronounced) = cells.get(g).map_or((0, 0), |c| (c.people, c.pronounced));
                    HeatCell {
                        people: band(people),
                        share: share(pronounced, people, people),
                    }
                })
                .collect(),
            courses: courses
                .iter()
                .filter(|c| c.competency == code)
                .map(|c| CourseLink {
                    code: c.code.clone(),
                    title: c.title.clone(),
                })
                .collect(),
        })
        .collect();
    DeficitMap {
        groups: groups.into_iter().map(label).collect(),
        rows,
    }
}

/// Growth by competency, by code, as `growth::aggregates::by_competency` gives it: the share of
/// pronounced deficits closed, for at least five people.
pub fn growth_rows(counts: &[GrowthCount]) -> Vec<GrowthShare> {
    let by_code: BTreeMap<&str, &GrowthCount> = counts.iter().map(|c| (c.code.as_str(), c)).collect();
    by_code
        .into_values()
        .map(|c| {
            let people = band(c.people);
            GrowthShare {
                label: c.title.clone(),
                people,
                closed: people
                    .large_enough()
                    .then(|| rounded_share(c.closed as f64 / c.people as f64)),
                growth: None,
            }
        })
        .collect()
}

pub fn uptake_rows(counts: &[UptakeCount], label: &dyn Fn(&str) -> String) -> Vec<UptakeRow> {
    counts
        .iter()
        .map(|c| UptakeRow {
            label: label(&c.grp),
            enrolled: band(c.enrolled),
            completed: band(c.completed),
            completion: share(c.completed, c.enrolled, c.enrolled),
            hours: (c.completed >= MIN_GROUP as i64).then_some(c.hours),
        })
        .collect()
}

pub fn certificate_rows(counts: &[CertificateCount], label: &dyn Fn(&str) -> String) -> Vec<CertificateRow> {
    counts
        .iter()
        .map(|c| CertificateRow {
            label: label(&c.grp),
            issued: band(c.issued),
            revoked: band(c.revoked),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(grp: &str, registered: i64, started: i64, finished: i64) -> GroupCount {
        GroupCount {
            set: "group".into(),
            grp: grp.into(),
            registered,
            started,
            finished,
            ..GroupCount::default()
        }
    }

    fn same(grp: &str) -> String {
        grp.to_string()
    }

    #[test]
    fn coverage_shows_bands_and_shares_only_from_five_people() {
        let counts = [count("А", 4, 4, 3), count("Б", 12, 9, 6)];
        let staff = [
            StaffCount {
                set: "group".into(),
                grp: "Б".into(),
                staff: Some(24),
                schools: 1,
            },
            StaffCount {
                set: "group".into(),
                grp: "В".into(),
                staff: Some(10),
                schools: 1,
            },
        ];
        let rows = coverage_rows(&counts, &staff, &same);
        assert_eq!(rows.len(), 3);
        assert_eq!(
            (rows[0].registered, rows[0].of_registered),
            (GroupSize::Under5, None)
        );
        assert_eq!(rows[1].registered, GroupSize::From10To19);
        assert_eq!(rows[1].finished, GroupSize::From5To9);
        assert_eq!((rows[1].of_registered, rows[1].of_staff), (Some(0.5), Some(0.25)));
        assert_eq!(
            (rows[2].staff, rows[2].registered, rows[2].of_staff),
            (Some(10), GroupSize::Under5, None)
        );
    }

    #[test]
    fn a_heat_map_cell_is_hidden_below_five_measured_people() {
        let counts = [
            DeficitCount {
                set: "group".into(),
                grp: "А".into(),
                code: "MET-2".into(),
                title: "Оценивание".into(),
                people: 5,
                pronounced: 2,
            },
            DeficitCount {
                set: "group".into(),
                grp: "Б".into(),
                code: "MET-2".into(),
                title: "Оценивание".into(),
                people: 4,
                pronounced: 4,
            },
        ];
        let courses = [CoveringCourse {
            competency: "MET-2".into(),
            code: "K-1".into(),
            title: "Формирующее оценивание".into(),
        }];
        let map = deficit_map(&counts, &courses, &same);
        assert_eq!(map.groups, ["А", "Б"]);
        assert_eq!(map.rows[0].cells[0].share, Some(0.4));
        assert_eq!(
            map.rows[0].cells[1],
            HeatCell {
                people: GroupSize::Under5,
                share: None
            }
        );
        assert_eq!(map.rows[0].courses[0].title, "Формирующее оценивание");
    }

    #[test]
    fn hours_and_completion_need_five_people() {
        let rows = uptake_rows(
            &[
                UptakeCount {
                    grp: "А".into(),
                    enrolled: 10,
                    completed: 5,
                    hours: 360,
                },
                UptakeCount {
                    grp: "Б".into(),
                    enrolled: 6,
                    completed: 2,
                    hours: 72,
                },
            ],
            &same,
        );
        assert_eq!((rows[0].completion, rows[0].hours), (Some(0.5), Some(360)));
        assert_eq!((rows[1].completion, rows[1].hours), (Some(0.33), None));
    }
}
