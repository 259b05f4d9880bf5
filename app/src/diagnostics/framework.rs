//! The framework constructor: thresholds, areas, competencies, target profiles, the whole
//! framework as JSON, or a copy of the ready template.

use sqlx::PgConnection;
use uuid::Uuid;

use super::db::{self, BankItem, NewItem};
use super::forms::{list, percent};
use super::model::{Area, Competency, Framework, TargetProfile};
use super::FrameworkEdit;
use crate::access::{Staff, OPERATOR};
use crate::error::AppError;
use crate::i18n::ru;

pub async fn edit_framework(slug: &str, edit: FrameworkEdit) -> Result<(), AppError> {
    let mut staff = Staff::require(slug, OPERATOR).await?;
    let (tenant_id, user_id) = (staff.tenant.id, staff.user.user_id);
    let existing = db::framework_of(&mut staff.tx, tenant_id).await?;
    if edit.op == "template" {
        if existing.is_some() {
            return Err(AppError::invalid("framework", ru::DIAG_FRAMEWORK_EXISTS));
        }
        copy_template(&mut staff.tx, tenant_id, Some(user_id)).await?;
        staff
            .audit("framework_from_template", serde_json::json!({}))
            .await?;
        return staff.commit().await;
    }
    let (framework_id, mut framework) = match existing {
        Some(found) => (Some(found.id), found.body),
        None if edit.op == "json" => (None, super::templates::framework()),
        None => return Err(AppError::invalid("framework", ru::DIAG_NO_FRAMEWORK)),
    };
    apply(&mut framework, &edit)?;
    framework.validate()?;
    match framework_id {
        None => {
            db::insert_framework(&mut staff.tx, tenant_id, &framework, Some(user_id)).await?;
        }
        Some(framework_id) => {
            let items = db::current_items(&mut staff.tx, tenant_id, framework_id).await?;
            if let Some((code, item)) = linked_codes(&items)
                .into_iter()
                .find(|(code, _)| framework.competency(code).is_none())
            {
                return Err(AppError::invalid(
                    "code",
                    ru::diag_competency_in_use(&code, &item),
                ));
            }
            db::update_framework(&mut staff.tx, tenant_id, framework_id, &framework, user_id).await?;
        }
    }
    staff
        .audit("framework_edited", serde_json::json!({ "edit": edit.op }))
        .await?;
    staff.commit().await
}

/// Copies the ready framework and item bank into a region that has none yet.
pub async fn copy_template(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user: Option<Uuid>,
) -> Result<Uuid, sqlx::Error> {
    let framework_id = db::insert_framework(conn, tenant_id, &super::templates::framework(), user).await?;
    for item in super::templates::items() {
        let new = NewItem {
            framework_id,
            id: Uuid::new_v4(),
            version: 1,
            item: &item,
            user,
        };
        db::insert_item(conn, tenant_id, new).await?;
    }
    Ok(framework_id)
}

/// Competency codes every item links to, to refuse a framework change that would orphan one.
fn linked_codes(items: &[BankItem]) -> Vec<(String, String)> {
    items
        .iter()
        .flat_map(|b| {
            b.item
                .competencies
                .iter()
                .map(|c| (c.code.clone(), b.item.code.clone()))
        })
        .collect()
}

/// Applies one constructor form to the framework; validation follows.
fn apply(framework: &mut Framework, edit: &FrameworkEdit) -> Result<(), AppError> {
    let code = edit.code.trim().to_string();
    match edit.op.as_str() {
        "thresholds" => {
            framework.thresholds.low = percent(&edit.low, "low")?;
            framework.thresholds.high = percent(&edit.high, "high")?;
        }
        "area" => {
            let title = edit.title.trim().to_string();
            match framework.areas.iter_mut().find(|a| a.code == code) {
                Some(area) => area.title = title,
                None => framework.areas.push(Area { code, title }),
            }
        }
        "competency" => put_competency(framework, edit, code),
        "remove_competency" => {
            framework.competencies.retain(|c| c.code != code);
            for profile in &mut framework.profiles {
                profile.competencies.retain(|c| c != &code);
            }
            framework.profiles.retain(|p| !p.competencies.is_empty());
        }
        "profile" => put_profile(framework, edit),
        "json" => {
            *framework = serde_json::from_str(&edit.json)
                .map_err(|e| AppError::invalid("json", ru::diag_bad_json(&e.to_string())))?;
        }
        _ => return Err(AppError::BadRequest),
    }
    Ok(())
}

/// Adds the competency, or replaces the one with its code.
fn put_competency(framework: &mut Framework, edit: &FrameworkEdit, code: String) {
    let competency = Competency {
        code,
        area: edit.area.trim().to_string(),
        title: edit.title.trim().to_string(),
        description: edit.description.trim().to_string(),
        deficit_meaning: edit.deficit_meaning.trim().to_string(),
    };
    match framework
        .competencies
        .iter_mut()
        .find(|c| c.code == competency.code)
    {
        Some(found) => *found = competency,
        None => framework.competencies.push(competency),
    }
}

/// Replaces the profile of a position (and subject); an empty list removes it.
fn put_profile(framework: &mut Framework, edit: &FrameworkEdit) {
    let profile = TargetProfile {
        position: edit.position.trim().to_string(),
        subject: Some(edit.subject.trim().to_string()).filter(|s| !s.is_empty()),
        competencies: list(&edit.competencies),
    };
    framework
        .profiles
        .retain(|p| !(p.position == profile.position && p.subject == profile.subject));
    if !profile.competencies.is_empty() {
        framework.profiles.push(profile);
    }
}
