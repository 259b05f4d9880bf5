//! Opening re-tests for a group by the regional operator ([`open_retests`]), and the cabinet's
//! list of the person's re-tests (which opens the re-test of a route completed meanwhile).

use serde_json::json;

use super::db;
use super::{GrowthLink, MyGrowth, PendingRetest, RetestForm};
use crate::access::{Member, Staff, OPERATOR};
use crate::diagnostics::model::Scope;
use crate::diagnostics::retest::{self, Opening};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

/// The person's open re-tests (with what the bank cannot measure again) and growth reports.
/// Opening the cabinet also opens the re-test of a route completed meanwhile.
pub async fn get_my_growth(slug: &str) -> Result<MyGrowth, AppError> {
    let mut member = Member::require(slug).await?;
    let (tenant_id, user_id) = (member.tenant.id, member.user.user_id);
    let time_zone = member.tenant.time_zone.clone();
    let public_url = member.state.public_url.clone();
    if retest::on_completion_with(&mut member.tx, tenant_id, user_id, &public_url).await? {
        member.mail_queued();
    }
    let mut growth = MyGrowth::default();
    for row in db::my_retests(&mut member.tx, tenant_id, user_id, &time_zone).await? {
        match (row.attempt_id, row.finished_on) {
            (Some(attempt), Some(finished_on)) => growth.reports.push(GrowthLink {
                attempt_id: attempt.to_string(),
                title: row.title,
                finished_on,
            }),
            (attempt, _) => {
                let short = match attempt {
                    Some(_) => Vec::new(),
                    None => retest::shortfall(&mut member.tx, tenant_id, user_id, row.previous).await?,
                };
                growth.pending.push(PendingRetest {
                    instrument_id: row.instrument_id.to_string(),
                    title: row.title,
                    active_attempt: attempt.map(|a| a.to_string()),
                    short: short
                        .into_iter()
                        .map(|s| {
                            let title = row.before.competencies.iter().find(|c| c.code == s.code);
                            title.map_or(s.code, |c| c.title.clone())
                        })
                        .collect(),
                });
            }
        }
    }
    member.commit().await?;
    Ok(growth)
}

fn codes(text: &str) -> Vec<String> {
    text.split([',', ';', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Opens a re-test of the instrument for everyone in the scope who finished it (their latest
/// attempt), as a campaign, and e-mails each; returns how many it opened.
pub async fn open_retests(slug: &str, form: RetestForm) -> Result<usize, AppError> {
    let mut staff = Staff::require(slug, OPERATOR).await?;
    let (tenant_id, user_id) = (staff.tenant.id, staff.user.user_id);
    let title = form.title.trim();
    if title.is_empty() {
        return Err(AppError::invalid("form[title]", ru::DIAG_TITLE_REQUIRED));
    }
    let instrument = parse_id(&form.instrument)
        .map_err(|_| AppError::invalid("form[instrument]", ru::DIAG_PICK_INSTRUMENT))?;
    if !db::instruments(&mut staff.tx, tenant_id)
        .await?
        .iter()
        .any(|(id, _)| *id == instrument)
    {
        return Err(AppError::invalid("form[instrument]", ru::DIAG_PICK_INSTRUMENT));
    }
    let one = |value: &str| Some(value.trim().to_string()).filter(|v| !v.is_empty());
    let scope = Scope {
        municipalities: one(&form.municipality).into_iter().collect(),
        schools: codes(&form.schools),
        positions: one(&form.positions).into_iter().collect(),
    };
    let known = db::known_schools(&mut staff.tx, tenant_id, &scope.schools).await?;
    if let Some(code) = scope.schools.iter().find(|c| !known.contains(c)) {
        return Err(AppError::invalid("form[schools]", ru::diag_unknown_school(code)));
    }
    let campaign = db::insert_campaign(&mut staff.tx, tenant_id, instrument, title, &scope, user_id).await?;
    let public_url = staff.state.public_url.clone();
    let mut count = 0;
    for previous in db::latest_in_scope(&mut staff.tx, tenant_id, instrument, &scope).await? {
        let opening = Opening::Campaign(campaign);
        if let Some(person) =
            retest::open_and_mail(&mut staff.tx, tenant_id, previous, opening, &public_url).await?
        {
            db::assign(&mut staff.tx, tenant_id, campaign, person).await?;
            count += 1;
        }
    }
    staff.mail_queued();
    staff
        .audit(
            "retest_campaign_created",
            json!({ "campaign": campaign, "opened": count }),
        )
        .await?;
    staff.commit().await?;
    Ok(count)
}
