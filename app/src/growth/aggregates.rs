//! Aggregates of growth for operators (the region) and directors (their school): the share of
//! deficits closed by competency and by course taken, and for each course the average growth
//! of the competencies it claims to develop. Every figure is over confirmed members' latest
//! re-tests, shown only for at least [`MIN_GROUP`] people, who are counted in bands.

use std::collections::{BTreeMap, HashMap, HashSet};

use uuid::Uuid;

use super::db::{self, Completion, GrowthFacts};
use super::{GrowthAdmin, GrowthAggregates, GrowthShare};
use crate::access::{Role, Staff, OPERATOR};
use crate::courses::recommend::COVERS_FROM;
use crate::diagnostics::privacy::rounded_share;
use crate::diagnostics::{AttemptResult, GroupSize, MIN_GROUP};
use crate::error::AppError;

fn score(result: &AttemptResult, code: &str) -> Option<f64> {
    result
        .competencies
        .iter()
        .find(|c| c.code == code)
        .map(|c| c.score)
}

/// A share or mean for a group: hidden below [`MIN_GROUP`] people.
fn share(label: String, people: usize, closed: Option<f64>, growth: Option<f64>) -> GrowthShare {
    let size = GroupSize::of(people);
    let shown = |v: Option<f64>| v.filter(|_| size.large_enough()).map(rounded_share);
    GrowthShare {
        label,
        people: size,
        closed: shown(closed),
        growth: shown(growth),
    }
}

/// The pronounced deficits of a person's first attempt that the re-test measured again: (code,
/// title, closed).
fn remeasured(fact: &GrowthFacts) -> impl Iterator<Item = (&str, &str, bool)> {
    let low = fact.after.thresholds.low;
    fact.before
        .competencies
        .iter()
        .filter(move |c| c.score < low)
        .filter_map(move |c| {
            score(&fact.after, &c.code).map(|after| (c.code.as_str(), c.title.as_str(), after >= low))
        })
}

/// Over all competencies (a support case's school): the people with a deficit measured again,
/// those deficits, and how many closed.
pub fn deficits_closed(facts: &[GrowthFacts]) -> (usize, usize, usize) {
    let (mut people, mut deficits, mut closed) = (0, 0, 0);
    for fact in facts {
        let before = deficits;
        for (_, _, done) in remeasured(fact) {
            deficits += 1;
            closed += usize::from(done);
        }
        people += usize::from(deficits > before);
    }
    (people, deficits, closed)
}

/// Per competency of the first attempts: of the people who had a pronounced deficit in it and
/// were measured again, the share whose deficit closed.
pub fn by_competency(facts: &[GrowthFacts]) -> Vec<GrowthShare> {
    let mut groups: BTreeMap<String, (String, usize, usize)> = BTreeMap::new();
    for fact in facts {
        for (code, title, closed) in remeasured(fact) {
            let entry = groups
                .entry(code.to_string())
                .or_insert((title.to_string(), 0, 0));
            entry.1 += 1;
            entry.2 += usize::from(closed);
        }
    }
    groups
        .into_values()
        .map(|(title, people, closed)| share(title, people, Some(closed as f64 / people as f64), None))
        .collect()
}

/// Per course completed: over the people who completed it and were re-tested on a competency
/// it claims (weight ≥ [`COVERS_FROM`]), the share of their deficits there that closed, and the
/// mean growth of those competencies (each person's mean change, averaged).
pub fn by_course(facts: &[GrowthFacts], completions: &[Completion]) -> Vec<GrowthShare> {
    let facts: HashMap<Uuid, &GrowthFacts> = facts.iter().map(|f| (f.user_id, f)).collect();
    let mut courses: BTreeMap<&str, (Vec<&str>, HashSet<Uuid>)> = BTreeMap::new();
    for completion in completions {
        let entry = courses.entry(completion.course.as_str()).or_default();
        if entry.0.is_empty() {
            entry.0 = completion
                .competencies
                .0
                .iter()
                .filter(|(_, weight)| *weight >= COVERS_FROM)
                .map(|(code, _)| code.as_str())
                .collect();
        }
        entry.1.insert(completion.user_id);
    }
    courses
        .into_iter()
        .filter_map(|(course, (claimed, people))| {
            let (mut growths, mut deficits, mut closed) = (Vec::new(), 0usize, 0usize);
            for fact in people.iter().filter_map(|id| facts.get(id)) {
                let low = fact.after.thresholds.low;
                let changes: Vec<(f64, f64)> = claimed
                    .iter()
                    .filter_map(|code| Some((score(&fact.before, code)?, score(&fact.after, code)?)))
                    .collect();
                if changes.is_empty() {
                    continue;
                }
                growths.push(changes.iter().map(|(b, a)| a - b).sum::<f64>() / changes.len() as f64);
                for (_, after) in changes.iter().filter(|(b, _)| *b < low) {
                    deficits += 1;
                    closed += usize::from(*after >= low);
                }
            }
            let n = growths.len();
            (n > 0).then(|| {
                let mean = growths.iter().sum::<f64>() / n as f64;
                let closed = (deficits > 0).then(|| closed as f64 / deficits as f64);
                share(course.to_string(), n, closed, Some(mean))
            })
        })
        .collect()
}

async fn aggregates(staff: &mut Staff, school: Option<(Uuid, String)>) -> Result<GrowthAggregates, AppError> {
    let tenant_id = staff.tenant.id;
    let facts = db::growth_facts(&mut staff.tx, tenant_id, school.as_ref().map(|s| s.0)).await?;
    let completions = db::completions(&mut staff.tx, tenant_id).await?;
    let people = GroupSize::of(facts.len());
    let shown = facts.len() >= MIN_GROUP;
    Ok(GrowthAggregates {
        scope: school.map_or_else(|| staff.tenant.card.name.clone(), |s| s.1),
        people,
        by_competency: if shown { by_competency(&facts) } else { Vec::new() },
        by_course: if shown {
            by_course(&facts, &completions)
        } else {
            Vec::new()
        },
    })
}

/// The operator's page: the form's lists and the region's aggregates; the look is audited.
pub async fn get_growth_admin(slug: &str) -> Result<GrowthAdmin, AppError> {
    let mut staff = Staff::require(slug, OPERATOR).await?;
    let tenant_id = staff.tenant.id;
    let instruments = db::instruments(&mut staff.tx, tenant_id)
        .await?
        .into_iter()
        .map(|(id, title)| (id.to_string(), title))
        .collect();
    let municipalities = db::municipalities(&mut staff.tx, tenant_id).await?;
    let aggregates = aggregates(&mut staff, None).await?;
    staff
        .audit("growth_aggregates_viewed", serde_json::json!({}))
        .await?;
    staff.commit().await?;
    Ok(GrowthAdmin {
        instruments,
        municipalities,
        aggregates,
    })
}

/// The director's view of his school, only where he is confirmed.
pub async fn get_school_growth(slug: &str) -> Result<GrowthAggregates, AppError> {
    let mut staff = Staff::require(slug, &[Role::Director]).await?;
    let (tenant_id, user_id) = (staff.tenant.id, staff.user.user_id);
    let school = db::confirmed_school(&mut staff.tx, tenant_id, user_id)
        .await?
        .ok_or(AppError::Forbidden)?;
    let aggregates = aggregates(&mut staff, Some(school)).await?;
    staff.commit().await?;
    Ok(aggregates)
}

#[cfg(test)]
mod tests {
    use sqlx::types::Json;

    use super::*;
    use crate::diagnostics::model::result_of as result;

    fn people(n: usize, after: f64) -> Vec<GrowthFacts> {
        (0..n)
            .map(|_| GrowthFacts {
                user_id: Uuid::new_v4(),
                before: result(&[("MET-2", 0.2), ("PSY-1", 0.9)]),
                after: result(&[("MET-2", after), ("PSY-1", 0.9)]),
            })
            .collect()
    }

    #[test]
    fn shares_appear_from_five_people_and_counts_only_as_bands() {
        let mut facts = people(4, 0.8);
        let four = by_competency(&facts);
        assert_eq!(four.len(), 1);
        assert_eq!((four[0].people, four[0].closed), (GroupSize::Under5, None));
        facts.extend(people(1, 0.4));
        let five = by_competency(&facts);
        assert_eq!((five[0].people, five[0].closed), (GroupSize::From5To9, Some(0.8)));
    }

    #[test]
    fn deficits_closed_count_each_remeasured_deficit_once_and_its_person_once() {
        let mut facts = people(3, 0.8);
        facts.extend(people(2, 0.4));
        facts.push(GrowthFacts {
            user_id: Uuid::new_v4(),
            before: result(&[("MET-2", 0.9)]),
            after: result(&[("MET-2", 0.9)]),
        });
        assert_eq!(deficits_closed(&facts), (5, 5, 3));
    }

    #[test]
    fn a_course_is_credited_with_the_growth_of_the_competencies_it_claims() {
        let facts = people(5, 0.8);
        let completions: Vec<Completion> = facts
            .iter()
            .map(|f| Completion {
                user_id: f.user_id,
                course: "Формирующее оценивание".into(),
                competencies: Json(vec![("MET-2".into(), 1.0), ("PSY-1".into(), 0.3)]),
            })
            .collect();
        let courses = by_course(&facts, &completions);
        assert_eq!(courses.len(), 1);
        assert_eq!(courses[0].closed, Some(1.0));
        assert_eq!(courses[0].growth, Some(0.6));
        let few = by_course(&facts, &completions[..4]);
        assert_eq!((few[0].closed, few[0].growth), (None, None));
    }
}
