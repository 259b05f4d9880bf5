//! The recommender: from a person's deficits to the smallest set of courses that covers them,
//! most severe first, by a greedy weighted set cover. Pure (no database, no clock), so it is
//! unit-tested here and benchmarked by `app/benches/recommend.rs`.
//!
//! - A deficit is a competency scored below the upper threshold; its severity is
//!   `high − score`. The route must cover every *pronounced* deficit (below the lower
//!   threshold, 60 % by default); partial ones add value but do not keep the search going.
//! - A course *covers* a competency it develops with a weight of at least [`COVERS_FROM`]; a
//!   course that only touches a competency (weight 0.3) does not close its deficit.
//! - A course's value is Σ over the uncovered deficits it covers of severity × weight.
//! - A course is eligible if its audience includes the person's position (an empty audience is
//!   everyone), it has not ended, it has a free place, and, for a subject course, its subject is
//!   one of the person's subjects (a person who named none may take any subject).
//! - Each step takes the course of highest value; ties go to the one covering more deficits,
//!   then the one in the person's own subject, then fewer hours, then the catalogue code, so
//!   equal scores always give the same route. It stops when every pronounced deficit is
//!   covered, or when no course helps; the pronounced deficits left are reported.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// The least weight with which a course closes a competency's deficit.
pub const COVERS_FROM: f64 = 0.5;

/// A deficit of the person: a competency below the upper threshold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deficit {
    pub code: String,
    pub title: String,
    /// The score, a share 0–1.
    pub score: f64,
    /// Below the lower threshold: the route must cover it.
    pub pronounced: bool,
    /// `high − score`.
    pub severity: f64,
}

/// A course as the recommender sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The catalogue code: unique in the region, the last tie-break.
    pub code: String,
    /// `soft`, `subject` or `management`.
    pub kind: String,
    pub subject: Option<String>,
    pub audience: Vec<String>,
    /// ISO date (`2026-12-01`) of the end; `None` is always open.
    pub ends_on: Option<String>,
    /// Free places; `None` is unlimited.
    pub seats_left: Option<i64>,
    pub hours: i32,
    /// (competency code, weight 0–1).
    pub competencies: Vec<(String, f64)>,
}

/// Who the route is for.
#[derive(Clone, Debug, PartialEq)]
pub struct Learner {
    pub position: String,
    pub subjects: Vec<String>,
    /// ISO date of today.
    pub today: String,
}

/// A chosen course: its index in the candidates and the deficits it closes, most severe first.
#[derive(Clone, Debug, PartialEq)]
pub struct Pick {
    pub course: usize,
    pub covers: Vec<Deficit>,
    pub value: f64,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Proposal {
    pub picks: Vec<Pick>,
    /// Pronounced deficits no eligible course covers, most severe first.
    pub uncovered: Vec<Deficit>,
}

fn same_subject(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Whether the course is in the person's own subject (a subject course they teach).
fn own_subject(course: &Candidate, learner: &Learner) -> bool {
    course
        .subject
        .as_deref()
        .is_some_and(|s| learner.subjects.iter().any(|mine| same_subject(mine, s)))
}

/// Whether the person may be proposed the course at all.
pub fn eligible(course: &Candidate, learner: &Learner) -> bool {
    let audience = course.audience.is_empty() || course.audience.contains(&learner.position);
    let open = course
        .ends_on
        .as_deref()
        .is_none_or(|end| end >= learner.today.as_str());
    let seats = course.seats_left.is_none_or(|left| left > 0);
    let subject = course.kind != "subject" || learner.subjects.is_empty() || own_subject(course, learner);
    audience && open && seats && subject
}

/// The weight with which `course` closes competency `code`, if it does.
pub fn closes(course: &Candidate, code: &str) -> Option<f64> {
    course
        .competencies
        .iter()
        .find(|(c, w)| c == code && *w >= COVERS_FROM)
        .map(|(_, w)| *w)
}

/// The value of a course's links `(deficit index, weight)` over the deficits still open, and
/// how many open deficits it closes.
fn gain(links: &[(usize, f64)], deficits: &[Deficit], open: &[bool]) -> (f64, usize) {
    let mut value = 0.0;
    let mut covered = 0;
    for &(i, weight) in links {
        if open[i] {
            value += deficits[i].severity * weight;
            covered += 1;
        }
    }
    // Rounded, so sums taken in a different order cannot break a tie differently.
    ((value * 1e9).round() / 1e9, covered)
}

/// An eligible course in the greedy loop: its index, the deficits it closes `(deficit index,
/// weight)` in order of severity, and whether it is in the person's own subject.
struct Usable {
    course: usize,
    links: Vec<(usize, f64)>,
    own: bool,
}

/// Orders deficits most severe first, then by code.
pub fn by_severity(deficits: &mut [Deficit]) {
    deficits.sort_by(|a, b| {
        b.severity
            .total_cmp(&a.severity)
            .then_with(|| a.code.cmp(&b.code))
    });
}

/// The proposed route: see the module's documentation.
pub fn recommend(learner: &Learner, deficits: &[Deficit], courses: &[Candidate]) -> Proposal {
    let mut deficits = deficits.to_vec();
    by_severity(&mut deficits);
    let mut open = vec![true; deficits.len()];
    let index: HashMap<&str, usize> = deficits
        .iter()
        .enumerate()
        .map(|(i, d)| (d.code.as_str(), i))
        .collect();
    // Each eligible course with the deficits it closes, looked up once: the greedy loop then
    // touches only numbers.
    let mut usable: Vec<Usable> = (0..courses.len())
        .filter(|&i| eligible(&courses[i], learner))
        .filter_map(|i| {
            let mut links: Vec<(usize, f64)> = courses[i]
                .competencies
                .iter()
                .filter(|(_, weight)| *weight >= COVERS_FROM)
                .filter_map(|(code, weight)| index.get(code.as_str()).map(|&d| (d, *weight)))
                .collect();
            links.sort_by_key(|(d, _)| *d);
            links.dedup_by_key(|(d, _)| *d);
            let own = own_subject(&courses[i], learner);
            (!links.is_empty()).then_some(Usable {
                course: i,
                links,
                own,
            })
        })
        .collect();
    let mut picks = Vec::new();
    let pending = |open: &[bool]| deficits.iter().zip(open).any(|(d, open)| *open && d.pronounced);
    while pending(&open) {
        let mut best: Option<(usize, f64, usize)> = None;
        for (slot, candidate) in usable.iter().enumerate() {
            let (value, covered) = gain(&candidate.links, &deficits, &open);
            if covered == 0 {
                continue;
            }
            let better = match best {
                None => true,
                Some((b, best_value, best_covered)) => {
                    let other = &usable[b];
                    let (c, o) = (&courses[candidate.course], &courses[other.course]);
                    value
                        .total_cmp(&best_value)
                        .then(covered.cmp(&best_covered))
                        .then(candidate.own.cmp(&other.own))
                        .then(o.hours.cmp(&c.hours))
                        .then(o.code.cmp(&c.code))
                        .is_gt()
                }
            };
            if better {
                best = Some((slot, value, covered));
            }
        }
        let Some((slot, value, _)) = best else {
            break;
        };
        let Usable { course, links, .. } = usable.swap_remove(slot);
        let covered: Vec<usize> = links.iter().map(|(i, _)| *i).filter(|&i| open[i]).collect();
        for &i in &covered {
            open[i] = false;
        }
        picks.push(Pick {
            course,
            covers: covered.iter().map(|&i| deficits[i].clone()).collect(),
            value,
        });
    }
    let uncovered = deficits
        .iter()
        .zip(&open)
        .filter(|(d, open)| **open && d.pronounced)
        .map(|(d, _)| d.clone())
        .collect();
    Proposal { picks, uncovered }
}

/// Courses that could take `course`'s place: eligible, not already in the route, and closing
/// every deficit in `covers` (any eligible course developing one of them, if none closes all).
pub fn alternatives(
    learner: &Learner,
    covers: &[String],
    courses: &[Candidate],
    exclude: &[usize],
) -> Vec<usize> {
    let usable = |i: &usize| !exclude.contains(i) && eligible(&courses[*i], learner);
    let all: Vec<usize> = (0..courses.len())
        .filter(usable)
        .filter(|&i| covers.iter().all(|code| closes(&courses[i], code).is_some()))
        .collect();
    if !all.is_empty() || covers.is_empty() {
        return all;
    }
    (0..courses.len())
        .filter(usable)
        .filter(|&i| covers.iter().any(|code| closes(&courses[i], code).is_some()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learner() -> Learner {
        Learner {
            position: "teacher".into(),
            subjects: vec!["математика".into()],
            today: "2026-11-30".into(),
        }
    }

    fn deficit(code: &str, score: f64) -> Deficit {
        Deficit {
            code: code.into(),
            title: format!("Компетенция {code}"),
            score,
            pronounced: score < 0.6,
            severity: 0.8 - score,
        }
    }

    fn course(code: &str, competencies: &[(&str, f64)]) -> Candidate {
        Candidate {
            code: code.into(),
            kind: "soft".into(),
            subject: None,
            audience: vec!["teacher".into()],
            ends_on: None,
            seats_left: None,
            hours: 36,
            competencies: competencies.iter().map(|(c, w)| (c.to_string(), *w)).collect(),
        }
    }

    fn codes(proposal: &Proposal, courses: &[Candidate]) -> Vec<String> {
        proposal
            .picks
            .iter()
            .map(|p| courses[p.course].code.clone())
            .collect()
    }

    #[test]
    fn a_deficit_no_course_covers_is_reported_not_hidden() {
        let courses = vec![course("K-1", &[("MET-1", 1.0)]), course("K-2", &[("MET-2", 0.3)])];
        let deficits = [
            deficit("MET-1", 0.0),
            deficit("MET-2", 0.2),
            deficit("PSY-1", 0.5),
        ];
        let proposal = recommend(&learner(), &deficits, &courses);
        assert_eq!(codes(&proposal, &courses), ["K-1"]);
        let uncovered: Vec<&str> = proposal.uncovered.iter().map(|d| d.code.as_str()).collect();
        // A weight of 0.3 touches MET-2 but does not close it; nothing at all covers PSY-1.
        assert_eq!(uncovered, ["MET-2", "PSY-1"]);
    }

    #[test]
    fn a_course_covering_two_deficits_beats_two_single_ones() {
        let courses = vec![
            course("K-1", &[("MET-1", 1.0)]),
            course("K-2", &[("MET-2", 1.0)]),
            course("K-3", &[("MET-1", 0.8), ("MET-2", 0.8)]),
        ];
        let deficits = [deficit("MET-1", 0.0), deficit("MET-2", 0.0)];
        let proposal = recommend(&learner(), &deficits, &courses);
        assert_eq!(codes(&proposal, &courses), ["K-3"]);
        let covered: Vec<&str> = proposal.picks[0].covers.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(covered, ["MET-1", "MET-2"]);
        assert!(proposal.uncovered.is_empty());
    }

    #[test]
    fn the_most_severe_deficit_is_served_first() {
        let courses = vec![course("K-1", &[("MET-1", 1.0)]), course("K-2", &[("MET-2", 1.0)])];
        let deficits = [deficit("MET-1", 0.5), deficit("MET-2", 0.0)];
        let proposal = recommend(&learner(), &deficits, &courses);
        assert_eq!(codes(&proposal, &courses), ["K-2", "K-1"]);
    }

    #[test]
    fn audience_windows_capacity_and_subjects_are_respected() {
        let mut for_directors = course("K-1", &[("MET-1", 1.0)]);
        for_directors.audience = vec!["director".into()];
        let mut ended = course("K-2", &[("MET-1", 1.0)]);
        ended.ends_on = Some("2026-11-29".into());
        let mut full = course("K-3", &[("MET-1", 1.0)]);
        full.seats_left = Some(0);
        let mut russian = course("K-4", &[("MET-1", 1.0)]);
        russian.kind = "subject".into();
        russian.subject = Some("русский язык".into());
        let mut open_today = course("K-5", &[("MET-1", 0.6)]);
        open_today.ends_on = Some("2026-11-30".into());
        let courses = vec![for_directors, ended, full, russian, open_today];
        let proposal = recommend(&learner(), &[deficit("MET-1", 0.0)], &courses);
        assert_eq!(codes(&proposal, &courses), ["K-5"]);

        // Without K-5 nothing is left, and the deficit is reported.
        let proposal = recommend(&learner(), &[deficit("MET-1", 0.0)], &courses[..4]);
        assert!(proposal.picks.is_empty());
        assert_eq!(proposal.uncovered.len(), 1);
    }

    #[test]
    fn the_persons_own_subject_comes_first() {
        let mut russian = course("K-1", &[("SUB-1", 1.0)]);
        russian.kind = "subject".into();
        russian.subject = Some("русский язык".into());
        let mut maths = course("K-2", &[("SUB-1", 1.0)]);
        maths.kind = "subject".into();
        maths.subject = Some("Математика".into());
        let courses = vec![russian, maths];
        let proposal = recommend(&learner(), &[deficit("SUB-1", 0.1)], &courses);
        assert_eq!(codes(&proposal, &courses), ["K-2"]);
        // A person who named no subject may take either; the catalogue code breaks the tie.
        let anyone = Learner {
            subjects: vec![],
            ..learner()
        };
        let proposal = recommend(&anyone, &[deficit("SUB-1", 0.1)], &courses);
        assert_eq!(codes(&proposal, &courses), ["K-1"]);
    }

    #[test]
    fn equal_scores_give_the_same_route_whatever_the_catalogue_order() {
        let mut courses = vec![
            course("K-3", &[("MET-1", 1.0)]),
            course("K-1", &[("MET-1", 1.0)]),
            course("K-2", &[("MET-1", 1.0)]),
        ];
        courses[2].hours = 72;
        let deficits = [deficit("MET-1", 0.0)];
        let first = codes(&recommend(&learner(), &deficits, &courses), &courses);
        courses.reverse();
        let second = codes(&recommend(&learner(), &deficits, &courses), &courses);
        assert_eq!(first, ["K-1"]);
        assert_eq!(first, second);
    }

    #[test]
    fn partial_deficits_alone_ask_for_no_course_but_count_towards_value() {
        let courses = vec![
            course("K-1", &[("MET-1", 1.0)]),
            course("K-2", &[("MET-1", 1.0), ("MET-2", 1.0)]),
        ];
        let proposal = recommend(&learner(), &[deficit("MET-2", 0.7)], &courses);
        assert!(proposal.picks.is_empty() && proposal.uncovered.is_empty());
        let proposal = recommend(
            &learner(),
            &[deficit("MET-1", 0.0), deficit("MET-2", 0.7)],
            &courses,
        );
        assert_eq!(codes(&proposal, &courses), ["K-2"]);
    }

    #[test]
    fn alternatives_close_the_same_deficits() {
        let courses = vec![
            course("K-1", &[("MET-1", 1.0), ("MET-2", 1.0)]),
            course("K-2", &[("MET-1", 1.0), ("MET-2", 0.5)]),
            course("K-3", &[("MET-1", 1.0)]),
        ];
        let covers = ["MET-1".to_string(), "MET-2".to_string()];
        assert_eq!(alternatives(&learner(), &covers, &courses, &[0]), [1]);
        assert_eq!(alternatives(&learner(), &covers[..1], &courses, &[0]), [1, 2]);
    }
}
