//! A case's monitoring: reading it, fixing a stage's indicators, manual indicators and the
//! curator's rubric. The partner school does not see it (`working_case`).

use std::collections::{BTreeMap, HashMap};

use serde_json::json;
use uuid::Uuid;

use super::figures::{compute, shown};
use super::setup::{criterion_views, stage_views, text};
use super::{
    db, score_key, IndicatorForm, ManualIndicator, ManualValue, Monitoring, Rubric, Score, Snapshot,
    ValueForm,
};
use crate::access::Staff;
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;
use crate::support::db::CaseRecord;
use crate::support::scope::{reader, working_case, Viewer};

/// The curator of the case or the operator: fixes stages and scores the rubric.
fn evaluates(viewer: &Viewer, case: &CaseRecord) -> bool {
    viewer.operator || viewer.curates(case)
}

/// The school, the curator or the operator: keeps manual indicators.
fn enters(viewer: &Viewer, case: &CaseRecord) -> bool {
    evaluates(viewer, case) || viewer.answers(case)
}

/// Whether a value meets the target: at most it where the target is below the baseline (fewer
/// failing pupils), at least it otherwise.
pub fn reached(baseline: Option<f64>, target: f64, value: f64) -> bool {
    match baseline {
        Some(baseline) if target < baseline => value <= target,
        _ => value >= target,
    }
}

pub async fn get_monitoring(slug: &str, case: &str) -> Result<Monitoring, AppError> {
    let mut staff = reader(slug).await?;
    let (viewer, case) = working_case(&mut staff, case).await?;
    let (tenant, zone) = (staff.tenant.id, staff.tenant.time_zone.clone());
    db::ensure_defaults(&mut staff.tx, tenant).await?;
    let stages = db::stages(&mut staff.tx, tenant).await?;
    let criteria = db::criteria(&mut staff.tx, tenant).await?;
    let snapshots = db::snapshots(&mut staff.tx, tenant, &zone, case.id).await?;
    let indicators = db::indicators(&mut staff.tx, tenant, case.id).await?;
    let mut values: HashMap<Uuid, Vec<(Uuid, f64)>> = HashMap::new();
    for (indicator, stage, value) in db::values(&mut staff.tx, tenant, case.id).await? {
        values.entry(indicator).or_default().push((stage, value));
    }
    let scores = db::scores(&mut staff.tx, tenant, &zone, case.id).await?;
    staff.commit().await?;
    let position: HashMap<Uuid, usize> = stages.iter().enumerate().map(|(n, s)| (s.id, n)).collect();
    let max: i32 = criteria.iter().map(|c| c.max_score).sum();
    Ok(Monitoring {
        stages: stage_views(stages),
        snapshots: snapshots
            .into_iter()
            .map(|s| Snapshot {
                stage_id: s.stage_id.to_string(),
                taken: ru::mon_taken(&s.taken_at, &s.taken_by),
                figures: shown(&s.figures.0),
            })
            .collect(),
        manual: manual(indicators, values, &position),
        criteria: criterion_views(criteria),
        rubrics: rubrics(scores, &position, max),
        can_evaluate: evaluates(&viewer, &case),
        can_enter: enters(&viewer, &case),
    })
}

/// The manual indicators with their values in the order of the stages.
fn manual(
    indicators: Vec<db::IndicatorRow>,
    mut values: HashMap<Uuid, Vec<(Uuid, f64)>>,
    position: &HashMap<Uuid, usize>,
) -> Vec<ManualIndicator> {
    indicators
        .into_iter()
        .map(|i| {
            let mut entered = values.remove(&i.id).unwrap_or_default();
            entered.sort_by_key(|(stage, _)| position.get(stage).copied());
            ManualIndicator {
                values: entered
                    .into_iter()
                    .map(|(stage, value)| ManualValue {
                        stage_id: stage.to_string(),
                        value,
                        reached: reached(i.baseline, i.target, value),
                    })
                    .collect(),
                id: i.id.to_string(),
                name: i.name,
                unit: i.unit,
                baseline: i.baseline,
                target: i.target,
            }
        })
        .collect()
}

/// The scores grouped by stage, in the order of the stages; `max` is the rubric's total maximum.
fn rubrics(scores: Vec<db::ScoreRow>, position: &HashMap<Uuid, usize>, max: i32) -> Vec<Rubric> {
    let mut rubrics: BTreeMap<usize, Rubric> = BTreeMap::new();
    for s in scores {
        let rubric = rubrics
            .entry(position.get(&s.stage_id).copied().unwrap_or(usize::MAX))
            .or_insert_with(|| Rubric {
                stage_id: s.stage_id.to_string(),
                scores: Vec::new(),
                total: 0,
                max,
                scored: ru::mon_scored(&s.scored_at, &s.scored_by),
            });
        rubric.total += s.score;
        rubric.scores.push(Score {
            criterion_id: s.criterion_id.to_string(),
            score: s.score,
            comment: s.comment,
        });
    }
    rubrics.into_values().collect()
}

/// The region's stage named by `id`, or a message naming the field.
async fn stage_of(staff: &mut Staff, field: &str, id: &str) -> Result<Uuid, AppError> {
    let tenant = staff.tenant.id;
    let id = parse_id(id).map_err(|_| AppError::invalid(field, ru::MON_STAGE_UNKNOWN))?;
    db::stages(&mut staff.tx, tenant)
        .await?
        .into_iter()
        .any(|s| s.id == id)
        .then_some(id)
        .ok_or_else(|| AppError::invalid(field, ru::MON_STAGE_UNKNOWN))
}

pub async fn fix_stage(slug: &str, case: &str, stage: &str) -> Result<(), AppError> {
    let mut staff = reader(slug).await?;
    let (viewer, case) = working_case(&mut staff, case).await?;
    if !evaluates(&viewer, &case) {
        return Err(AppError::Forbidden);
    }
    let stage = stage_of(&mut staff, "stage", stage).await?;
    let (tenant, me) = (staff.tenant.id, staff.user.user_id);
    let figures = compute(&mut staff.tx, tenant, case.id).await?;
    db::put_snapshot(&mut staff.tx, tenant, case.id, stage, &figures, me).await?;
    staff
        .audit(
            "support_stage_fixed",
            json!({ "case": case.id, "school": case.school_code, "stage": stage }),
        )
        .await?;
    staff.commit().await
}

/// A number as typed: `12,5` or `12.5`; `None` for an empty optional field.
pub fn number(value: &str, field: &str, label: &str, required: bool) -> Result<Option<f64>, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return if required {
            Err(AppError::invalid(field, ru::mon_required(label)))
        } else {
            Ok(None)
        };
    }
    value
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && n.abs() < 1e12)
        .map(Some)
        .ok_or_else(|| AppError::invalid(field, ru::mon_not_number(label, value)))
}

pub async fn add_indicator(slug: &str, case: &str, form: IndicatorForm) -> Result<(), AppError> {
    let mut staff = reader(slug).await?;
    let (viewer, case) = working_case(&mut staff, case).await?;
    if !enters(&viewer, &case) {
        return Err(AppError::Forbidden);
    }
    let name = text(&form.name, "form[name]", ru::MON_MANUAL_NAME, 300)?;
    let unit = form.unit.trim();
    if unit.chars().count() > 50 {
        return Err(AppError::invalid(
            "form[unit]",
            ru::mon_too_long(ru::MON_MANUAL_UNIT, 50),
        ));
    }
    let baseline = number(&form.baseline, "form[baseline]", ru::MON_MANUAL_BASELINE, false)?;
    let target = number(&form.target, "form[target]", ru::MON_MANUAL_TARGET, true)?.unwrap_or_default();
    let (tenant, me) = (staff.tenant.id, staff.user.user_id);
    let id = db::insert_indicator(&mut staff.tx, tenant, case.id, name, unit, baseline, target, me).await?;
    staff
        .audit(
            "support_indicator_added",
            json!({ "case": case.id, "indicator": id, "name": name, "target": target }),
        )
        .await?;
    staff.commit().await
}

pub async fn set_value(slug: &str, case: &str, form: ValueForm) -> Result<(), AppError> {
    let mut staff = reader(slug).await?;
    let (viewer, case) = working_case(&mut staff, case).await?;
    if !enters(&viewer, &case) {
        return Err(AppError::Forbidden);
    }
    let tenant = staff.tenant.id;
    let indicator = parse_id(&form.indicator)
        .map_err(|_| AppError::invalid("form[indicator]", ru::MON_INDICATOR_UNKNOWN))?;
    if !db::indicator_of(&mut staff.tx, tenant, case.id, indicator).await? {
        return Err(AppError::invalid("form[indicator]", ru::MON_INDICATOR_UNKNOWN));
    }
    let stage = stage_of(&mut staff, "form[stage]", &form.stage).await?;
    let value = number(&form.value, "form[value]", ru::MON_VALUE, true)?.unwrap_or_default();
    let me = staff.user.user_id;
    db::put_value(&mut staff.tx, tenant, indicator, stage, value, me).await?;
    staff
        .audit(
            "support_indicator_value",
            json!({ "case": case.id, "indicator": indicator, "stage": stage, "value": value }),
        )
        .await?;
    staff.commit().await
}

/// Every criterion's score (0..max, named in the message when wrong) and comment.
fn parse_scores(
    criteria: &[db::CriterionRow],
    scores: &BTreeMap<String, String>,
    comments: &BTreeMap<String, String>,
) -> Result<Vec<(Uuid, i32, String)>, AppError> {
    criteria
        .iter()
        .map(|c| {
            let key = score_key(&c.id.to_string());
            let field = format!("scores[{key}]");
            let typed = scores.get(&key).map_or("", |s| s.trim());
            let score = typed
                .parse::<i32>()
                .ok()
                .filter(|s| (0..=c.max_score).contains(s))
                .ok_or_else(|| AppError::invalid(&field, ru::mon_score_invalid(&c.title, c.max_score)))?;
            let comment = comments.get(&key).map_or("", |s| s.trim());
            if comment.chars().count() > 2000 {
                let label = format!("{}: {}", ru::MON_COMMENT, c.title);
                return Err(AppError::invalid(
                    &format!("comments[{key}]"),
                    ru::mon_too_long(&label, 2000),
                ));
            }
            Ok((c.id, score, comment.to_string()))
        })
        .collect()
}

pub async fn save_rubric(
    slug: &str,
    case: &str,
    stage: &str,
    scores: BTreeMap<String, String>,
    comments: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let mut staff = reader(slug).await?;
    let (viewer, case) = working_case(&mut staff, case).await?;
    if !evaluates(&viewer, &case) {
        return Err(AppError::Forbidden);
    }
    let stage = stage_of(&mut staff, "stage", stage).await?;
    let (tenant, me) = (staff.tenant.id, staff.user.user_id);
    let criteria = db::lock_criteria(&mut staff.tx, tenant).await?;
    let parsed = parse_scores(&criteria, &scores, &comments)?;
    db::put_scores(&mut staff.tx, tenant, case.id, stage, &parsed, me).await?;
    let total: i32 = parsed.iter().map(|s| s.1).sum();
    staff
        .audit(
            "support_rubric_saved",
            json!({ "case": case.id, "school": case.school_code, "stage": stage, "total": total }),
        )
        .await?;
    staff.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_below_the_baseline_is_reached_from_above() {
        assert!(reached(Some(20.0), 10.0, 9.5));
        assert!(!reached(Some(20.0), 10.0, 12.0));
        assert!(reached(Some(40.0), 60.0, 60.0));
        assert!(!reached(None, 60.0, 59.0));
    }

    #[test]
    fn numbers_take_a_decimal_comma_and_name_the_field() {
        assert_eq!(number(" 12,5 ", "f", "Цель", true).unwrap(), Some(12.5));
        assert_eq!(number("", "f", "База", false).unwrap(), None);
        let error = number("много", "f", "Цель", true).unwrap_err().to_string();
        assert!(error.contains("Цель"), "{error}");
    }
}
