//! Creating an instrument: which items it draws, for whom, for how long and when.

use super::db::{self, BankItem, NewInstrument};
use super::forms::{list, positions};
use super::model::{Framework, InstrumentBody, Selection};
use super::InstrumentForm;
use crate::access::{Staff, OPERATOR};
use crate::error::{AppError, OnConstraint};
use crate::i18n::ru;

pub async fn create_instrument(slug: &str, form: InstrumentForm) -> Result<String, AppError> {
    let mut staff = Staff::require(slug, OPERATOR).await?;
    if form.title.trim().is_empty() {
        return Err(AppError::invalid("title", ru::DIAG_TITLE_REQUIRED));
    }
    let tenant = staff.tenant.clone();
    let framework = db::framework_of(&mut staff.tx, tenant.id)
        .await?
        .ok_or_else(|| AppError::invalid("framework", ru::DIAG_NO_FRAMEWORK))?;
    let bank = db::current_items(&mut staff.tx, tenant.id, framework.id).await?;
    let audience = positions(&form.positions)?;
    let selection = selection(&form, &framework.body, &bank, &audience)?;
    let time_limit_minutes = time_limit(&form.time_limit_minutes)?;
    let body = InstrumentBody {
        selection,
        positions: audience,
        subjects: list(&form.subjects),
        shuffle_options: form.shuffle_options.is_some(),
        instructions: form.instructions.trim().to_string(),
    };
    let opens_at = moment(&form.opens_at, "opens_at")?;
    let closes_at = moment(&form.closes_at, "closes_at")?;
    let new = NewInstrument {
        framework_id: framework.id,
        title: form.title.trim(),
        body: &body,
        time_limit_minutes,
        opens_at,
        closes_at,
        time_zone: &tenant.time_zone,
        created_by: staff.user.user_id,
    };
    let id = db::insert_instrument(&mut staff.tx, tenant.id, new)
        .await
        .on_constraint(&[("instruments_check", "closes_at", ru::DIAG_WINDOW_ORDER)])?;
    staff
        .audit("instrument_created", serde_json::json!({ "instrument": id }))
        .await?;
    staff.commit().await?;
    Ok(id.to_string())
}

/// The fixed list (every code in the bank) or k per competency (the listed ones, or those of
/// the audience's profiles).
fn selection(
    form: &InstrumentForm,
    framework: &Framework,
    bank: &[BankItem],
    audience: &[String],
) -> Result<Selection, AppError> {
    match form.selection.as_str() {
        "fixed" => {
            let items = list(&form.items);
            if items.is_empty() {
                return Err(AppError::invalid("items", ru::DIAG_ITEMS_REQUIRED));
            }
            if let Some(code) = items.iter().find(|c| !bank.iter().any(|b| &b.item.code == *c)) {
                return Err(AppError::invalid("items", ru::diag_unknown_item(code)));
            }
            Ok(Selection::Fixed { items })
        }
        "per_competency" => {
            let k: usize = form
                .k
                .trim()
                .parse()
                .ok()
                .filter(|k| (1..=20).contains(k))
                .ok_or_else(|| AppError::invalid("k", ru::DIAG_BAD_K))?;
            let mut competencies = list(&form.competencies);
            if competencies.is_empty() {
                for profile in framework
                    .profiles
                    .iter()
                    .filter(|p| audience.contains(&p.position))
                {
                    for code in &profile.competencies {
                        if !competencies.contains(code) {
                            competencies.push(code.clone());
                        }
                    }
                }
            }
            if competencies.is_empty() {
                return Err(AppError::invalid("competencies", ru::DIAG_COMPETENCIES_REQUIRED));
            }
            if let Some(code) = competencies.iter().find(|c| framework.competency(c).is_none()) {
                return Err(AppError::invalid(
                    "competencies",
                    ru::diag_unknown_competency(code),
                ));
            }
            Ok(Selection::PerCompetency { k, competencies })
        }
        other => Err(AppError::invalid("selection", ru::diag_unknown_selection(other))),
    }
}

/// Whole minutes from 1 to 600, or no limit.
fn time_limit(raw: &str) -> Result<Option<i32>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        raw => raw
            .parse()
            .ok()
            .filter(|m| (1..=600).contains(m))
            .map(Some)
            .ok_or_else(|| AppError::invalid("time_limit_minutes", ru::DIAG_BAD_LIMIT)),
    }
}

/// A local date and time (or a date) of the window, or none.
fn moment(raw: &str, field: &str) -> Result<Option<String>, AppError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M").is_err()
        && chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_err()
    {
        return Err(AppError::invalid(field, ru::diag_bad_moment(value)));
    }
    Ok(Some(value.to_string()))
}
