//! Who the rule in force makes eligible. The default rule («route») needs more than completed
//! courses: every deficit of the diagnostic the route was proposed from must be closed on its
//! re-test, in the growth report's sense (below the lower threshold before, at or above it on
//! the re-test), so a certificate attests growth, not attendance.

use sqlx::PgConnection;
use uuid::Uuid;

use super::db::{self, EligibleRow, RuleRow};
use crate::diagnostics::AttemptResult;
use crate::growth::CompetencyGrowth;

/// The deficits of the first diagnostic with their re-test scores, when every one of them
/// closed; `None` while one is open or was not measured again. A diagnostic without a deficit
/// needs no re-test. The threshold is the re-test's lower one, as in the growth report.
pub fn closed_deficits(
    before: &AttemptResult,
    after: Option<&AttemptResult>,
) -> Option<Vec<CompetencyGrowth>> {
    let deficits: Vec<_> = before
        .competencies
        .iter()
        .filter(|c| c.score < before.thresholds.low)
        .collect();
    if deficits.is_empty() {
        return Some(Vec::new());
    }
    let after = after?;
    let low = after.thresholds.low;
    deficits
        .into_iter()
        .map(|b| {
            let now = after.competencies.iter().find(|a| a.code == b.code)?.score;
            (now >= low).then(|| CompetencyGrowth {
                code: b.code.clone(),
                title: b.title.clone(),
                before: b.score,
                after: Some(now),
            })
        })
        .collect()
}

/// A person the rule makes eligible, with the first diagnostic's deficits and their re-test
/// scores (empty for the rules on hours or a course).
pub struct Candidate {
    pub row: EligibleRow,
    pub growth: Vec<CompetencyGrowth>,
}

/// Everyone `rule` makes eligible who holds no unrevoked certificate on the same basis
/// (`only`: just these people). A route without its diagnostic is not eligible.
pub async fn eligible(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    rule: &RuleRow,
    only: Option<&[Uuid]>,
) -> Result<Vec<Candidate>, sqlx::Error> {
    let rows = db::candidates(conn, tenant_id, rule, only).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            if !row.basis.starts_with("route:") {
                return Some(Candidate {
                    row,
                    growth: Vec::new(),
                });
            }
            let before = &row.before.as_ref()?.0;
            let growth = closed_deficits(before, row.after.as_ref().map(|a| &a.0))?;
            Some(Candidate { row, growth })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::model::result_of as result;

    #[test]
    fn every_deficit_must_close_on_the_re_test() {
        let before = result(&[("A", 0.2), ("B", 0.5), ("C", 0.9)]);
        let closed = result(&[("A", 0.6), ("B", 0.75), ("C", 0.4)]);
        let growth = closed_deficits(&before, Some(&closed)).expect("both deficits closed");
        let rows: Vec<_> = growth
            .iter()
            .map(|g| (g.code.as_str(), g.before, g.after))
            .collect();
        assert_eq!(rows, [("A", 0.2, Some(0.6)), ("B", 0.5, Some(0.75))]);

        let one_open = result(&[("A", 0.7), ("B", 0.59), ("C", 0.9)]);
        assert_eq!(closed_deficits(&before, Some(&one_open)), None);
        let unmeasured = result(&[("A", 0.9), ("C", 0.9)]);
        assert_eq!(closed_deficits(&before, Some(&unmeasured)), None);
        assert_eq!(closed_deficits(&before, None), None, "no re-test yet");
    }

    #[test]
    fn a_diagnostic_without_deficits_needs_no_re_test() {
        let before = result(&[("A", 0.6), ("B", 0.9)]);
        assert_eq!(closed_deficits(&before, None), Some(Vec::new()));
    }
}
