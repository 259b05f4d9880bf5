//! Opening cases: in bulk from a published run (its chosen statuses), or one school by hand
//! with a reason. Both are the operator's and audited; a school keeps one case per cycle.

use std::collections::BTreeMap;

use serde_json::json;

use super::db;
use crate::access::{Staff, OPERATOR};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

/// A cycle's year from the form.
fn parse_year(year: &str) -> Result<i32, AppError> {
    year.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| AppError::invalid("year", ru::SUP_YEAR_INVALID))
}

pub async fn create_cases_from_run(
    slug: &str,
    run: &str,
    year: &str,
    statuses: BTreeMap<String, String>,
) -> Result<usize, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let run = parse_id(run)?;
    let year = parse_year(year)?;
    let (tenant, user) = (ctx.tenant.id, ctx.user.user_id);
    let published = db::published_lists(&mut ctx.tx, tenant, run)
        .await?
        .ok_or(AppError::NotFound)?;
    let chosen: Vec<&String> = statuses
        .keys()
        .filter(|c| published.labels.iter().any(|(code, _)| code == *c))
        .collect();
    if chosen.is_empty() {
        return Err(AppError::invalid("statuses", ru::SUP_STATUSES_REQUIRED));
    }
    let label = |code: &String| {
        published
            .labels
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| code.clone(), |(_, l)| l.clone())
    };
    let picked: Vec<&db::PublishedSchool> = published
        .schools
        .iter()
        .filter(|s| s.statuses.iter().any(|st| chosen.contains(&st)))
        .collect();
    let codes: Vec<String> = picked.iter().map(|s| s.school_id.clone()).collect();
    let ids: BTreeMap<String, uuid::Uuid> = db::schools_by_code(&mut ctx.tx, tenant, &codes)
        .await?
        .into_iter()
        .map(|(id, code)| (code, id))
        .collect();
    let mut created = 0;
    for school in picked {
        let Some(&id) = ids.get(&school.school_id) else {
            continue;
        };
        let labels: Vec<String> = school.statuses.iter().map(label).collect();
        if db::insert_case(&mut ctx.tx, tenant, id, year, Some(run), &labels, None, user)
            .await?
            .is_some()
        {
            created += 1;
        }
    }
    let statuses: Vec<&String> = chosen;
    ctx.audit(
        "support_cases_created",
        json!({ "run": run, "title": published.title, "statuses": statuses, "year": year, "created": created }),
    )
    .await?;
    ctx.commit().await?;
    Ok(created)
}

pub async fn create_case(slug: &str, school: &str, year: &str, reason: &str) -> Result<String, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let year = parse_year(year)?;
    let reason = reason.trim();
    if reason.chars().count() < 5 {
        return Err(AppError::invalid("reason", ru::SUP_REASON_REQUIRED));
    }
    if reason.chars().count() > 1000 {
        return Err(AppError::invalid("reason", ru::SUP_REASON_TOO_LONG));
    }
    let (tenant, user) = (ctx.tenant.id, ctx.user.user_id);
    let code = school.trim().to_string();
    let school = db::schools_by_code(&mut ctx.tx, tenant, std::slice::from_ref(&code))
        .await?
        .pop()
        .ok_or_else(|| AppError::invalid("school", ru::SUP_SCHOOL_UNKNOWN))?
        .0;
    let id = db::insert_case(&mut ctx.tx, tenant, school, year, None, &[], Some(reason), user)
        .await?
        .ok_or_else(|| AppError::invalid("school", ru::SUP_CASE_EXISTS))?;
    ctx.audit(
        "support_case_created",
        json!({ "case": id, "school": code, "year": year, "reason": reason }),
    )
    .await?;
    ctx.commit().await?;
    Ok(id.to_string())
}
