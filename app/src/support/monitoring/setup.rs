//! The operator's stages and rubric criteria of the region.

use serde_json::json;

use super::db::{self, CriterionRow, StageRow};
use super::{Criterion, CriterionForm, Setup, StageForm, StageView};
use crate::access::{Staff, OPERATOR};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

/// The text of a field, trimmed, required and at most `max` characters.
pub fn text<'a>(value: &'a str, field: &str, label: &str, max: usize) -> Result<&'a str, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, ru::mon_required(label)));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(field, ru::mon_too_long(label, max)));
    }
    Ok(value)
}

pub fn stage_views(stages: Vec<StageRow>) -> Vec<StageView> {
    stages
        .into_iter()
        .map(|s| StageView {
            id: s.id.to_string(),
            title: s.title,
            planned_on: s.planned_on.map(|d| d.format("%d.%m.%Y").to_string()),
            planned_iso: s
                .planned_on
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        })
        .collect()
}

pub fn criterion_views(criteria: Vec<CriterionRow>) -> Vec<Criterion> {
    criteria
        .into_iter()
        .map(|c| Criterion {
            id: c.id.to_string(),
            title: c.title,
            max_score: c.max_score,
        })
        .collect()
}

/// An optional date from a date field (`2026-11-30`) or as typed (`30.11.2026`).
fn date(value: &str) -> Result<Option<chrono::NaiveDate>, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(value, "%d.%m.%Y"))
        .map(Some)
        .map_err(|_| AppError::invalid("form[planned_on]", ru::mon_date_invalid(value)))
}

/// The id of a row to change, or none for a new one; an unparsable id is not found.
fn row_id(id: &str) -> Result<Option<uuid::Uuid>, AppError> {
    match id.trim() {
        "" => Ok(None),
        id => parse_id(id).map(Some),
    }
}

pub async fn get_setup(slug: &str) -> Result<Setup, AppError> {
    let mut staff = Staff::require(slug, OPERATOR).await?;
    let tenant = staff.tenant.id;
    db::ensure_defaults(&mut staff.tx, tenant).await?;
    let stages = db::stages(&mut staff.tx, tenant).await?;
    let criteria = db::criteria(&mut staff.tx, tenant).await?;
    staff.commit().await?;
    Ok(Setup {
        stages: stage_views(stages),
        criteria: criterion_views(criteria),
    })
}

pub async fn save_stage(slug: &str, form: StageForm) -> Result<(), AppError> {
    let mut staff = Staff::require(slug, OPERATOR).await?;
    let id = row_id(&form.id)?;
    let title = text(&form.title, "form[title]", ru::MON_STAGE_TITLE, 200)?;
    let planned_on = date(&form.planned_on)?;
    let tenant = staff.tenant.id;
    db::ensure_defaults(&mut staff.tx, tenant).await?;
    if !db::save_stage(&mut staff.tx, tenant, id, title, planned_on).await? {
        return Err(AppError::NotFound);
    }
    staff
        .audit(
            "support_stage_saved",
            json!({ "stage": id, "title": title, "planned_on": planned_on }),
        )
        .await?;
    staff.commit().await
}

pub async fn save_criterion(slug: &str, form: CriterionForm) -> Result<(), AppError> {
    let mut staff = Staff::require(slug, OPERATOR).await?;
    let id = row_id(&form.id)?;
    let title = text(&form.title, "form[title]", ru::MON_CRITERION, 300)?;
    let max_score = form
        .max_score
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|m| (1..=100).contains(m))
        .ok_or_else(|| AppError::invalid("form[max_score]", ru::mon_max_invalid(form.max_score.trim())))?;
    let tenant = staff.tenant.id;
    db::ensure_defaults(&mut staff.tx, tenant).await?;
    // The update locks the row first, so scores written meanwhile are seen by the check.
    if !db::save_criterion(&mut staff.tx, tenant, id, title, max_score).await? {
        return Err(AppError::NotFound);
    }
    if let Some(id) = id {
        if db::highest_score(&mut staff.tx, tenant, id)
            .await?
            .is_some_and(|h| h > max_score)
        {
            return Err(AppError::invalid(
                "form[max_score]",
                ru::mon_max_below_scores(title, max_score),
            ));
        }
    }
    staff
        .audit(
            "support_criterion_saved",
            json!({ "criterion": id, "title": title, "max_score": max_score }),
        )
        .await?;
    staff.commit().await
}
