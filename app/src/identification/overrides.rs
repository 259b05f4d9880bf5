//! Statuses given or taken away by hand, with a reason; they apply to every run of the
//! configuration until withdrawn.

use super::configs::status_labels;
use super::db::{self, NewOverride};
use super::lists::load_run;
use crate::access::{Staff, OPERATOR};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

pub async fn add_override(
    slug: &str,
    run_id: &str,
    school_id: &str,
    status: &str,
    action: &str,
    reason: &str,
) -> Result<(), AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let run_id = parse_id(run_id)?;
    let reason = reason.trim();
    if reason.chars().count() < 5 {
        return Err(AppError::invalid("reason", ru::OVERRIDE_REASON_REQUIRED));
    }
    if !["add", "remove"].contains(&action) {
        return Err(AppError::invalid(
            "action",
            ru::edit_unknown_choice("rule", action),
        ));
    }
    let run = load_run(&mut ctx, run_id).await?;
    if !status_labels(&run.config, &ctx.tenant.status_labels)
        .iter()
        .any(|(c, _)| c == status)
    {
        return Err(AppError::invalid(
            "status",
            ru::edit_unknown_choice("status", status),
        ));
    }
    let known = db::registry(&mut ctx).await?;
    if !known.contains_key(school_id) && !run.result.schools.iter().any(|s| s.school_id == school_id) {
        return Err(AppError::invalid(
            "school",
            ru::override_unknown_school(school_id),
        ));
    }
    let new = NewOverride {
        config_id: run.config_id,
        school: school_id,
        status,
        action,
        reason,
    };
    let user = ctx.user.user_id;
    db::insert_override(&mut ctx, &new, user).await?;
    ctx.audit(
        "identification_override",
        serde_json::json!({
            "config": run.config.title(), "school": school_id, "status": status,
            "action": action, "reason": reason,
        }),
    )
    .await?;
    ctx.commit().await
}

pub async fn withdraw_override(slug: &str, run_id: &str, id: &str) -> Result<(), AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let run_id = parse_id(run_id)?;
    let run = load_run(&mut ctx, run_id).await?;
    let withdrawn = db::withdraw_override(&mut ctx, run.config_id, parse_id(id)?).await?;
    ctx.audit(
        "identification_override_withdrawn",
        serde_json::json!({ "config": run.config.title(), "school": withdrawn.school_code, "status": withdrawn.status }),
    )
    .await?;
    ctx.commit().await
}
