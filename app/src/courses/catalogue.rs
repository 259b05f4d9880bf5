//! The operator's catalogue: list, create, edit and delete courses.

use serde_json::json;

use super::{db, form, CourseCatalogue, CourseForm};
use crate::access::{Staff, OPERATOR};
use crate::error::{AppError, OnConstraint};
use crate::i18n::ru;
use crate::state::parse_id;

pub async fn get_course_catalogue(slug: &str) -> Result<CourseCatalogue, AppError> {
    let mut staff = Staff::require(slug, OPERATOR).await?;
    let tenant_id = staff.tenant.id;
    let courses = db::courses(&mut staff.tx, tenant_id, None).await?;
    let framework = db::framework(&mut staff.tx, tenant_id).await?;
    staff.commit().await?;
    Ok(CourseCatalogue {
        courses: courses.iter().map(db::CourseRow::view).collect(),
        competencies: framework
            .map(|f| f.competencies.into_iter().map(|c| (c.code, c.title)).collect())
            .unwrap_or_default(),
    })
}

pub async fn save_course(slug: &str, id: Option<&str>, form: CourseForm) -> Result<String, AppError> {
    let mut staff = Staff::require(slug, OPERATOR).await?;
    let tenant_id = staff.tenant.id;
    let id = id.filter(|id| !id.is_empty()).map(parse_id).transpose()?;
    let framework = db::framework(&mut staff.tx, tenant_id).await?;
    let course = form::parse(&form, framework.as_ref())?;
    let saved = db::save_course(&mut staff.tx, tenant_id, id, &course)
        .await
        .on_constraint(&[("courses_code", "form[code]", ru::COURSE_DUPLICATE_CODE)])?
        .ok_or(AppError::NotFound)?;
    let action = if id.is_some() {
        "course_edited"
    } else {
        "course_created"
    };
    staff
        .audit(action, json!({ "course": saved, "code": course.code }))
        .await?;
    staff.commit().await?;
    Ok(saved.to_string())
}

pub async fn delete_course(slug: &str, id: &str) -> Result<(), AppError> {
    let mut staff = Staff::require(slug, OPERATOR).await?;
    let (tenant_id, id) = (staff.tenant.id, parse_id(id)?);
    // Completions stay (hours and certificates rest on them); other enrolments go with the course.
    if !super::enrolment::release_course(&mut staff.tx, tenant_id, id).await? {
        return Err(AppError::invalid("id", ru::COURSE_HAS_COMPLETIONS));
    }
    let title = db::delete_course(&mut staff.tx, tenant_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    staff
        .audit("course_deleted", json!({ "course": id, "title": title }))
        .await?;
    staff.commit().await
}
