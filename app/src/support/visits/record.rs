//! Recording a visit (the case's curator) and deciding on its recommendations (the school).

use std::collections::{BTreeMap, HashMap};

use serde_json::json;

use super::{db, Decision, RecommendationView, VisitForm, VisitView, Visits, MAX_RECOMMENDATIONS};
use crate::error::AppError;
use crate::i18n::ru;
use crate::notifications::{self, templates};
use crate::state::parse_id;
use crate::support::documents::add_roadmap_activity;
use crate::support::scope::{reader, working_case};
use crate::support::team::directors;

/// The road map's stages an accepted recommendation may join.
const STAGES: [&str; 2] = ["stage1", "stage2"];

pub async fn get_visits(slug: &str, case: &str) -> Result<Visits, AppError> {
    let mut staff = reader(slug).await?;
    let (viewer, case) = working_case(&mut staff, case).await?;
    let tenant = staff.tenant.id;
    let visits = db::visits(&mut staff.tx, tenant, case.id).await?;
    let mut recommendations: HashMap<uuid::Uuid, Vec<RecommendationView>> = HashMap::new();
    for r in db::recommendations(&mut staff.tx, tenant, case.id).await? {
        let outcome = match (r.stage.as_deref(), r.roadmap_version, r.reason) {
            (Some(stage), Some(version), _) => Some(ru::visit_accepted_into(
                ru::label(&ru::VISIT_STAGES, stage),
                version,
            )),
            (_, _, Some(reason)) => Some(ru::visit_declined_because(&reason)),
            _ => None,
        };
        recommendations
            .entry(r.visit_id)
            .or_default()
            .push(RecommendationView {
                id: r.id.to_string(),
                text: r.text,
                state: r.state,
                outcome,
            });
    }
    staff.commit().await?;
    Ok(Visits {
        visits: visits
            .into_iter()
            .map(|v| VisitView {
                recommendations: recommendations.remove(&v.id).unwrap_or_default(),
                id: v.id.to_string(),
                visited_on: v.visited_on,
                curator: v.curator,
                purpose: v.purpose,
                findings: v.findings,
            })
            .collect(),
        can_record: viewer.curates(&case),
        can_decide: viewer.answers(&case),
    })
}

/// The text of a field, trimmed, required and at most `max` characters.
fn text<'a>(value: &'a str, field: &str, label: &str, max: usize) -> Result<&'a str, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, ru::visit_required(label)));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(field, ru::visit_too_long(label, max)));
    }
    Ok(value)
}

/// A date from a date field (`2026-11-30`) or as typed (`30.11.2026`).
fn date(value: &str, field: &str, label: &str) -> Result<chrono::NaiveDate, AppError> {
    let value = value.trim();
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(value, "%d.%m.%Y"))
        .map_err(|_| AppError::invalid(field, ru::visit_date_invalid(label, value)))
}

/// The recommendations of the form, one a line, blank lines skipped.
fn recommendations(value: &str) -> Result<Vec<&str>, AppError> {
    let lines: Vec<&str> = value.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.len() > MAX_RECOMMENDATIONS {
        return Err(AppError::invalid(
            "form[recommendations]",
            ru::visit_too_many(MAX_RECOMMENDATIONS),
        ));
    }
    for (n, line) in lines.iter().enumerate() {
        if line.chars().count() > 1000 {
            return Err(AppError::invalid(
                "form[recommendations]",
                ru::visit_line_too_long(n + 1),
            ));
        }
    }
    Ok(lines)
}

pub async fn record_visit(slug: &str, case: &str, form: VisitForm) -> Result<(), AppError> {
    let mut staff = reader(slug).await?;
    let (viewer, case) = working_case(&mut staff, case).await?;
    if !viewer.curates(&case) {
        return Err(AppError::Forbidden);
    }
    let visited_on = date(&form.visited_on, "form[visited_on]", ru::VISIT_DATE)?;
    if visited_on > chrono::Utc::now().date_naive() + chrono::Days::new(1) {
        return Err(AppError::invalid("form[visited_on]", ru::VISIT_DATE_FUTURE));
    }
    let purpose = text(&form.purpose, "form[purpose]", ru::VISIT_PURPOSE, 500)?;
    let findings = text(&form.findings, "form[findings]", ru::VISIT_FINDINGS, 5000)?;
    let lines = recommendations(&form.recommendations)?;
    let (tenant, me) = (staff.tenant.id, staff.user.user_id);
    let visit = db::insert_visit(&mut staff.tx, tenant, case.id, visited_on, purpose, findings, me).await?;
    db::insert_recommendations(&mut staff.tx, tenant, visit, &lines).await?;
    staff
        .audit(
            "support_visit_recorded",
            json!({ "case": case.id, "school": case.school_code, "visit": visit, "recommendations": lines.len() }),
        )
        .await?;
    let link = format!(
        "{}/r/{}/support/{}",
        staff.state.public_url, staff.tenant.card.slug, case.id
    );
    let on = visited_on.format("%d.%m.%Y").to_string();
    let school = case.school.clone();
    for director in directors(&mut staff.tx, tenant, case.school_id).await? {
        let region = &staff.tenant.card.name;
        let mail = templates::support_visit(region, &director.full_name, &school, &on, lines.len(), &link);
        notifications::send(&mut staff, &director.email, mail).await?;
    }
    staff.commit().await
}

pub async fn decide_recommendation(slug: &str, case: &str, id: &str, form: Decision) -> Result<(), AppError> {
    let mut staff = reader(slug).await?;
    let (viewer, case) = working_case(&mut staff, case).await?;
    if !viewer.answers(&case) {
        return Err(AppError::Forbidden);
    }
    let (tenant, me) = (staff.tenant.id, staff.user.user_id);
    let id = parse_id(id)?;
    let text = db::lock_proposed(&mut staff.tx, tenant, case.id, id)
        .await?
        .ok_or_else(|| AppError::invalid("recommendation", ru::VISIT_DECIDED))?;
    let decided = match form.decision.as_str() {
        "accept" => {
            let stage = STAGES
                .into_iter()
                .find(|s| *s == form.stage)
                .ok_or_else(|| AppError::invalid("form[stage]", ru::VISIT_STAGE_REQUIRED))?;
            let deadline = date(&form.deadline, "form[deadline]", ru::VISIT_DEADLINE)?;
            let responsible = self::text(
                &form.responsible,
                "form[responsible]",
                ru::VISIT_RESPONSIBLE,
                1000,
            )?;
            let activity = BTreeMap::from([
                ("title".to_string(), text.clone()),
                ("deadline".to_string(), deadline.format("%Y-%m-%d").to_string()),
                ("responsible".to_string(), responsible.to_string()),
                ("status".to_string(), "planned".to_string()),
            ]);
            let version = add_roadmap_activity(&mut staff, case.id, stage, activity).await?;
            db::decide(&mut staff.tx, tenant, id, Some((stage, version)), None, me).await?;
            json!({ "stage": stage, "roadmap_version": version })
        }
        "decline" => {
            let reason = self::text(&form.reason, "form[reason]", ru::VISIT_REASON, 1000)?;
            db::decide(&mut staff.tx, tenant, id, None, Some(reason), me).await?;
            json!({ "reason": reason })
        }
        _ => return Err(AppError::invalid("form[decision]", ru::VISIT_DECISION_REQUIRED)),
    };
    staff
        .audit(
            "support_recommendation_decided",
            json!({ "case": case.id, "recommendation": id, "decision": form.decision, "details": decided }),
        )
        .await?;
    staff.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_from_a_date_field_or_as_typed() {
        let expected = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(date("2026-11-30", "f", "Дата").unwrap(), expected);
        assert_eq!(date(" 30.11.2026 ", "f", "Дата").unwrap(), expected);
        assert!(date("31.11.2026", "f", "Дата").is_err());
    }

    #[test]
    fn recommendations_are_lines_and_bounded() {
        assert_eq!(
            recommendations("Первое\n\n  Второе  \n").unwrap(),
            ["Первое", "Второе"]
        );
        assert!(recommendations(&"строка\n".repeat(MAX_RECOMMENDATIONS + 1)).is_err());
        assert!(recommendations(&"я".repeat(1001)).is_err());
    }
}
