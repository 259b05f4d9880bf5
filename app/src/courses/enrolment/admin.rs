//! The course administrator's page: enrolments per course, and completions one by one.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::completion::{self, Record, Via};
use super::{db, COURSE_ADMINS};
use crate::access::Staff;
use crate::courses::{CourseEnrolments, EnrolledPerson, EnrolmentsAdmin, PendingDocument};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

pub async fn get_enrolments_admin(slug: &str) -> Result<EnrolmentsAdmin, AppError> {
    let mut staff = Staff::require(slug, COURSE_ADMINS).await?;
    let (tenant_id, me) = (staff.tenant.id, staff.user.user_id);
    let time_zone = staff.tenant.time_zone.clone();
    let courses = db::courses(&mut staff.tx, tenant_id).await?;
    let people = db::people(&mut staff.tx, tenant_id).await?;
    let documents = db::pending_documents(&mut staff.tx, tenant_id, &time_zone).await?;
    let today = db::today(&mut staff.tx, &time_zone).await?;
    staff.commit().await?;
    let mut by_course: BTreeMap<Uuid, Vec<db::AdminPersonRow>> = BTreeMap::new();
    for person in people {
        by_course.entry(person.course_id).or_default().push(person);
    }
    let catalogue = courses
        .iter()
        .map(|c| (c.id.to_string(), format!("{} {}", c.code, c.title)))
        .collect();
    let courses = courses
        .into_iter()
        .filter_map(|course| {
            let people = by_course.remove(&course.id)?;
            let taken = people.iter().filter(|p| p.status != "waiting").count() as i64;
            Some(CourseEnrolments {
                id: course.id.to_string(),
                code: course.code,
                title: course.title,
                hours: course.hours,
                capacity: course.capacity,
                taken,
                people: people
                    .into_iter()
                    .map(|p| EnrolledPerson {
                        enrolment_id: p.id.to_string(),
                        own: p.user_id == me,
                        full_name: p.full_name,
                        email: p.email,
                        status: p.status,
                        position: p.position,
                        hours: p.hours,
                        completed_on: p.completed_on,
                        completed_via: p.completed_via,
                    })
                    .collect(),
            })
        })
        .collect();
    let documents = documents
        .into_iter()
        .map(|d| PendingDocument {
            id: d.id.to_string(),
            own: d.user_id == me,
            course_title: d.course_title,
            course_hours: d.course_hours,
            full_name: d.full_name,
            email: d.email,
            file_name: d.file_name,
            uploaded_at: d.uploaded_at,
        })
        .collect();
    Ok(EnrolmentsAdmin {
        courses,
        documents,
        catalogue,
        today,
    })
}

pub async fn complete_enrolment(
    slug: &str,
    enrolment: &str,
    hours: &str,
    completed_on: &str,
) -> Result<(), AppError> {
    let mut staff = Staff::require(slug, COURSE_ADMINS).await?;
    let (tenant_id, me) = (staff.tenant.id, staff.user.user_id);
    let row = db::enrolment(&mut staff.tx, tenant_id, parse_id(enrolment)?)
        .await?
        .ok_or(AppError::NotFound)?;
    match row.status.as_str() {
        "completed" => return Err(AppError::invalid("enrolment", ru::ENROL_ALREADY_COMPLETED)),
        "cancelled" => return Err(AppError::NotFound),
        _ => {}
    }
    let course = db::lock_course(&mut staff.tx, tenant_id, row.course_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let time_zone = staff.tenant.time_zone.clone();
    let today = db::today(&mut staff.tx, &time_zone).await?;
    let record = Record {
        course_id: course.id,
        user_id: row.user_id,
        hours: completion::hours(hours, course.hours, "hours")?,
        completed_on: completion::date_field(completed_on, &today, "completed_on")?,
        via: Via::Admin,
    };
    completion::record(&mut staff, me, &record).await?;
    staff.commit().await
}
