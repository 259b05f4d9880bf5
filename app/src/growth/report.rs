//! The growth report: a finished re-test beside the attempt it re-tests, per competency, the
//! deficits closed and remaining, and a new route proposal for what remains.

use super::db::{self, CandidateRow};
use super::{CompetencyGrowth, GrowthReport, ProposedCourse};
use crate::access::Member;
use crate::courses::recommend::{self, Candidate, Deficit, Learner};
use crate::diagnostics::{AttemptResult, Level};
use crate::error::AppError;
use crate::state::parse_id;

/// Each competency of the first attempt with its score then and in the re-test (none when the
/// re-test could not measure it again).
pub fn compare(before: &AttemptResult, after: &AttemptResult) -> Vec<CompetencyGrowth> {
    before
        .competencies
        .iter()
        .map(|b| CompetencyGrowth {
            code: b.code.clone(),
            title: b.title.clone(),
            before: b.score,
            after: after
                .competencies
                .iter()
                .find(|a| a.code == b.code)
                .map(|a| a.score),
        })
        .collect()
}

/// The report's three lists: deficits closed (below the lower threshold before, at or above it
/// now), those remaining (below it now), and competencies not measured again.
pub fn split(rows: &[CompetencyGrowth], low: f64) -> [Vec<CompetencyGrowth>; 3] {
    let pick = |keep: &dyn Fn(&CompetencyGrowth) -> bool| rows.iter().filter(|r| keep(r)).cloned().collect();
    [
        pick(&|r| r.before < low && r.after.is_some_and(|a| a >= low)),
        pick(&|r| r.after.is_some_and(|a| a < low)),
        pick(&|r| r.after.is_none()),
    ]
}

fn candidate(row: &CandidateRow) -> Candidate {
    Candidate {
        code: row.code.clone(),
        kind: row.kind.clone(),
        subject: row.subject.clone(),
        audience: row.audience.clone(),
        ends_on: row.ends_on.clone(),
        seats_left: row.seats_left,
        hours: row.hours,
        competencies: row.competencies.0.clone(),
    }
}

/// The recommender's proposal for the deficits of the re-test, from the courses the person has
/// not completed: (courses with the deficits each closes, deficits no course closes).
pub fn propose(
    after: &AttemptResult,
    rows: &[CandidateRow],
    learner: &Learner,
) -> (Vec<ProposedCourse>, Vec<String>) {
    let deficits: Vec<Deficit> = after
        .competencies
        .iter()
        .filter(|c| c.level != Level::Minimal)
        .map(|c| Deficit {
            code: c.code.clone(),
            title: c.title.clone(),
            score: c.score,
            pronounced: c.level == Level::Pronounced,
            severity: after.thresholds.high - c.score,
        })
        .collect();
    let candidates: Vec<Candidate> = rows.iter().map(candidate).collect();
    let proposal = recommend::recommend(learner, &deficits, &candidates);
    let courses = proposal
        .picks
        .iter()
        .map(|pick| ProposedCourse {
            title: rows[pick.course].title.clone(),
            covers: pick.covers.iter().map(|d| d.title.clone()).collect(),
        })
        .collect();
    (courses, proposal.uncovered.into_iter().map(|d| d.title).collect())
}

/// The person's own report; anyone else's re-test (or an attempt that is not one) is not found.
pub async fn get_growth_report(slug: &str, id: &str) -> Result<GrowthReport, AppError> {
    let mut member = Member::require(slug).await?;
    let attempt_id = parse_id(id)?;
    let (tenant_id, user_id) = (member.tenant.id, member.user.user_id);
    let time_zone = member.tenant.time_zone.clone();
    let pair = db::my_pair(&mut member.tx, tenant_id, user_id, attempt_id, &time_zone)
        .await?
        .ok_or(AppError::NotFound)?;
    let (subjects, today) = db::learner(&mut member.tx, tenant_id, user_id, &time_zone).await?;
    let learner = Learner {
        position: member.position.clone(),
        subjects,
        today,
    };
    let rows = db::candidates(&mut member.tx, tenant_id, user_id).await?;
    let (proposal, uncovered) = propose(&pair.after, &rows, &learner);
    let low = pair.after.thresholds.low;
    let competencies = compare(&pair.before, &pair.after);
    let [closed, remaining, not_measured] = split(&competencies, low);
    member.commit().await?;
    Ok(GrowthReport {
        attempt_id: attempt_id.to_string(),
        title: pair.title,
        before_on: pair.before_on,
        after_on: pair.after_on,
        low,
        competencies,
        closed,
        remaining,
        not_measured,
        proposal,
        uncovered,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::model::result_of as result;

    #[test]
    fn closed_remaining_and_unmeasured_deficits_are_told_apart() {
        let before = result(&[("A", 0.2), ("B", 0.3), ("C", 0.9), ("D", 0.1), ("E", 0.59)]);
        let after = result(&[("A", 0.6), ("B", 0.5), ("C", 0.7), ("E", 0.8)]);
        let rows = compare(&before, &after);
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[3].after, None);
        let [closed, remaining, not_measured] = split(&rows, 0.6);
        let codes = |v: &[CompetencyGrowth]| v.iter().map(|r| r.code.clone()).collect::<Vec<_>>();
        assert_eq!(codes(&closed), ["A", "E"]);
        assert_eq!(codes(&remaining), ["B"]);
        assert_eq!(codes(&not_measured), ["D"]);
    }
}
