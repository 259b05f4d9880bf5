//! Campaigns: assigning an instrument to part of the region and e-mailing everyone it reaches.

use super::db::{self, NewCampaign};
use super::forms::{list, list_lines, positions};
use super::model::Scope;
use super::CampaignForm;
use crate::access::{Staff, OPERATOR};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

pub async fn create_campaign(slug: &str, form: CampaignForm) -> Result<usize, AppError> {
    let mut staff = Staff::require(slug, OPERATOR).await?;
    if form.title.trim().is_empty() {
        return Err(AppError::invalid("title", ru::DIAG_TITLE_REQUIRED));
    }
    let instrument_id =
        parse_id(&form.instrument).map_err(|_| AppError::invalid("instrument", ru::DIAG_PICK_INSTRUMENT))?;
    let scope = Scope {
        municipalities: list_lines(&form.municipality),
        schools: list(&form.schools),
        positions: positions(&form.positions)?,
    };
    let due = Some(form.due_at.trim().to_string()).filter(|s| !s.is_empty());
    let due_date = match &due {
        Some(due) => Some(
            chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d")
                .map_err(|_| AppError::invalid("due_at", ru::diag_bad_moment(due)))?,
        ),
        None => None,
    };
    let tenant = staff.tenant.clone();
    let instrument = db::instrument_title(&mut staff.tx, tenant.id, instrument_id)
        .await?
        .ok_or_else(|| AppError::invalid("instrument", ru::DIAG_PICK_INSTRUMENT))?;
    let known = db::known_schools(&mut staff.tx, tenant.id, &scope.schools).await?;
    if let Some(code) = scope.schools.iter().find(|c| !known.contains(c)) {
        return Err(AppError::invalid("schools", ru::diag_unknown_school(code)));
    }
    let new = NewCampaign {
        instrument_id,
        title: form.title.trim(),
        scope: &scope,
        due: due.as_deref(),
        time_zone: &tenant.time_zone,
        created_by: staff.user.user_id,
    };
    let campaign_id = db::insert_campaign(&mut staff.tx, tenant.id, new).await?;
    let assigned = db::assign(&mut staff.tx, tenant.id, campaign_id, &scope).await?;
    let due_text = due_date.map(|d| d.format("%d.%m.%Y").to_string());
    let link = format!("{}/r/{slug}/cabinet", staff.state.public_url);
    for person in &assigned {
        let mail = crate::notifications::templates::diagnostic_assigned(
            &tenant.card.name,
            &person.full_name,
            &instrument,
            due_text.as_deref(),
            &link,
        );
        crate::notifications::enqueue(&mut staff.tx, Some(tenant.id), &person.email, mail).await?;
    }
    staff.mail_queued();
    let details = serde_json::json!({ "campaign": campaign_id, "assigned": assigned.len() });
    staff.audit("campaign_created", details).await?;
    staff.commit().await?;
    Ok(assigned.len())
}
