//! The risk profile: the school's director answers and chooses at most three priority risks,
//! submits, and the case's curator adds their own levels and confirms. A confirmed profile is
//! frozen.

use std::collections::BTreeMap;

use serde_json::json;

use super::cases::{known, scored, state_of, template};
use super::db;
use super::risk::{Assessment, Level, Questionnaire, MAX_PRIORITIES};
use super::scope::{reader, working_case};
use super::{CaseState, ProfileView};
use crate::error::AppError;
use crate::i18n::ru;

pub async fn get_profile(slug: &str, case: &str) -> Result<ProfileView, AppError> {
    let mut staff = reader(slug).await?;
    let (viewer, case) = working_case(&mut staff, case).await?;
    let known = known(&mut staff, &case).await?;
    let s = scored(&mut staff, case.id).await?;
    staff.commit().await?;
    let state = state_of(&case);
    let (submitted_at, confirmed_at) = s
        .profile
        .map(|p| (p.submitted_at, p.confirmed_at))
        .unwrap_or_default();
    Ok(ProfileView {
        case_id: case.id.to_string(),
        can_answer: viewer.answers(&case) && state != CaseState::ProfileConfirmed,
        can_confirm: viewer.curates(&case) && state == CaseState::ProfileSubmitted,
        school: case.school,
        year: case.year,
        state,
        questionnaire: s.questionnaire,
        version: s.version,
        answers: s.answers,
        priorities: s.priorities,
        levels: s.levels,
        known,
        submitted_at,
        confirmed_at,
    })
}

/// The form's answers (question code → option index) checked against the questionnaire.
fn parse_answers(
    questionnaire: &Questionnaire,
    answers: BTreeMap<String, String>,
    submit: bool,
) -> Result<BTreeMap<String, usize>, AppError> {
    let mut parsed = BTreeMap::new();
    for question in questionnaire.questions() {
        let given = answers
            .get(&question.code)
            .map(|a| a.trim())
            .filter(|a| !a.is_empty());
        match given.map(|a| a.parse::<usize>().ok().filter(|&i| i < question.options.len())) {
            Some(Some(index)) => {
                parsed.insert(question.code.clone(), index);
            }
            Some(None) => {
                return Err(AppError::invalid(
                    &question.code,
                    ru::sup_answer_invalid(&question.text),
                ))
            }
            None if submit => {
                return Err(AppError::invalid(
                    &question.code,
                    ru::sup_answer_missing(&question.text),
                ))
            }
            None => {}
        }
    }
    Ok(parsed)
}

pub async fn save_profile(
    slug: &str,
    case: &str,
    answers: BTreeMap<String, String>,
    priorities: BTreeMap<String, String>,
    submit: bool,
) -> Result<(), AppError> {
    let mut staff = reader(slug).await?;
    let (viewer, case) = working_case(&mut staff, case).await?;
    if !viewer.answers(&case) {
        return Err(AppError::Forbidden);
    }
    if state_of(&case) == CaseState::ProfileConfirmed {
        return Err(AppError::invalid("profile", ru::SUP_PROFILE_CONFIRMED));
    }
    let tenant = staff.tenant.id;
    let existing = scored(&mut staff, case.id).await?;
    let questionnaire_id = match &existing.profile {
        Some(profile) => profile.questionnaire_id,
        None => db::questionnaire(&mut staff.tx, tenant, &template()?).await?.0,
    };
    let questionnaire = existing.questionnaire;
    let answers = parse_answers(&questionnaire, answers, submit)?;
    let priorities: Vec<String> = priorities.into_keys().collect();
    if priorities.len() > MAX_PRIORITIES {
        return Err(AppError::invalid("priorities", ru::SUP_PRIORITIES_TOO_MANY));
    }
    if let Some(unknown) = priorities.iter().find(|p| !questionnaire.has_factor(p)) {
        return Err(AppError::invalid("priorities", ru::sup_priority_unknown(unknown)));
    }
    if submit && priorities.is_empty() {
        return Err(AppError::invalid("priorities", ru::SUP_PRIORITIES_REQUIRED));
    }
    let user = staff.user.user_id;
    let answers_json = json!(answers);
    db::save_answers(
        &mut staff.tx,
        tenant,
        case.id,
        questionnaire_id,
        &answers_json,
        &priorities,
        submit.then_some(user),
    )
    .await?;
    if submit {
        db::set_state(&mut staff.tx, tenant, case.id, CaseState::ProfileSubmitted.code()).await?;
    }
    let action = if submit {
        "support_profile_submitted"
    } else {
        "support_profile_saved"
    };
    staff
        .audit(
            action,
            json!({ "case": case.id, "school": case.school_code, "answered": answers.len(), "priorities": priorities }),
        )
        .await?;
    staff.commit().await
}

pub async fn confirm_profile(
    slug: &str,
    case: &str,
    levels: BTreeMap<String, String>,
    comments: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let mut staff = reader(slug).await?;
    let (viewer, case) = working_case(&mut staff, case).await?;
    if !viewer.curates(&case) {
        return Err(AppError::Forbidden);
    }
    if state_of(&case) != CaseState::ProfileSubmitted {
        return Err(AppError::invalid("profile", ru::SUP_PROFILE_NOT_SUBMITTED));
    }
    let s = scored(&mut staff, case.id).await?;
    let mut assessment = BTreeMap::new();
    for factor in &s.questionnaire.factors {
        let level = levels
            .get(&factor.code)
            .map(|l| l.trim())
            .filter(|l| !l.is_empty());
        let comment = comments
            .get(&factor.code)
            .map(|c| c.trim().to_string())
            .unwrap_or_default();
        if comment.chars().count() > 1000 {
            return Err(AppError::invalid(
                &format!("comments[{}]", factor.code),
                ru::SUP_COMMENT_TOO_LONG,
            ));
        }
        if let Some(level) = level {
            let level = Level::from_code(level).ok_or_else(|| {
                AppError::invalid(&format!("levels[{}]", factor.code), ru::SUP_LEVEL_INVALID)
            })?;
            assessment.insert(factor.code.clone(), Assessment { level, comment });
        }
    }
    let (tenant, user) = (staff.tenant.id, staff.user.user_id);
    db::confirm(&mut staff.tx, tenant, case.id, &json!(assessment), user).await?;
    db::set_state(&mut staff.tx, tenant, case.id, CaseState::ProfileConfirmed.code()).await?;
    let adjusted: Vec<&String> = assessment.keys().collect();
    staff
        .audit(
            "support_profile_confirmed",
            json!({ "case": case.id, "school": case.school_code, "adjusted": adjusted }),
        )
        .await?;
    staff.commit().await
}
