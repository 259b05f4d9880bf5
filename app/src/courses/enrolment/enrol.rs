//! The person's side: enrolling from the route, the waiting list, cancelling, and progress.

use std::collections::HashSet;

use serde_json::json;
use uuid::Uuid;

use super::db::{self, LockedCourse};
use crate::access::{Ctx, Member};
use crate::courses::{MyDocument, MyEnrolment, MyEnrolments, Progress};
use crate::error::AppError;
use crate::i18n::ru;
use crate::notifications::{self, templates};
use crate::state::parse_id;

pub async fn get_my_enrolments(slug: &str) -> Result<MyEnrolments, AppError> {
    let mut member = Member::require(slug).await?;
    let (enrolments, route) = enrolments_and_route(&mut member).await?;
    member.commit().await?;
    let progress = progress(&route, &enrolments);
    Ok(MyEnrolments { enrolments, progress })
}

/// Only the progress, for the cabinet: a small answer, so the cabinet's code stays small.
pub async fn get_my_progress(slug: &str) -> Result<Progress, AppError> {
    let mut member = Member::require(slug).await?;
    let (enrolments, route) = enrolments_and_route(&mut member).await?;
    member.commit().await?;
    Ok(progress(&route, &enrolments))
}

async fn enrolments_and_route(member: &mut Member) -> Result<(Vec<MyEnrolment>, Vec<Uuid>), AppError> {
    let (tenant_id, user_id) = (member.tenant.id, member.user.user_id);
    let rows = db::my_enrolments(&mut member.tx, tenant_id, user_id).await?;
    let route = db::route_courses(&mut member.tx, tenant_id, user_id).await?;
    let enrolments = rows
        .into_iter()
        .map(|row| MyEnrolment {
            course_id: row.course_id.to_string(),
            title: row.title,
            status: row.status,
            position: row.position,
            hours: row.hours,
            completed_on: row.completed_on,
            document: row.document_status.map(|status| MyDocument {
                status,
                file_name: row.document_name.unwrap_or_default(),
                comment: row.document_comment,
            }),
        })
        .collect();
    Ok((enrolments, route))
}

/// The route's courses and every course the person is enrolled in or has done: how many are
/// done and their hours.
fn progress(route: &[Uuid], enrolments: &[MyEnrolment]) -> Progress {
    let mut courses: HashSet<String> = route.iter().map(Uuid::to_string).collect();
    let active = enrolments.iter().filter(|e| e.status != "cancelled");
    courses.extend(active.map(|e| e.course_id.clone()));
    let done: Vec<&MyEnrolment> = enrolments.iter().filter(|e| e.status == "completed").collect();
    Progress {
        done: done.len() as i64,
        total: courses.len() as i64,
        hours: done.iter().map(|e| i64::from(e.hours.unwrap_or(0))).sum(),
    }
}

pub async fn enrol(slug: &str, course: &str) -> Result<String, AppError> {
    let mut member = Member::require(slug).await?;
    let (tenant_id, user_id) = (member.tenant.id, member.user.user_id);
    let course = db::lock_course(&mut member.tx, tenant_id, parse_id(course)?)
        .await?
        .ok_or(AppError::NotFound)?;
    match db::enrolment_of(&mut member.tx, tenant_id, course.id, user_id).await? {
        Some(row) if row.status == "completed" => {
            return Err(AppError::invalid("course", ru::ENROL_NOT_OPEN));
        }
        // Enrolling twice changes nothing (a second click, a second tab).
        Some(row) if row.status != "cancelled" => {
            member.commit().await?;
            return Ok(row.status);
        }
        _ => {}
    }
    // Places freed while nobody was cancelling (a larger capacity) go to those waiting first.
    fill_free_places(&mut member, &course).await?;
    let free = match course.capacity {
        None => true,
        Some(capacity) => db::taken(&mut member.tx, tenant_id, course.id).await? < i64::from(capacity),
    };
    let status = if free { "enrolled" } else { "waiting" };
    let id = db::request(&mut member.tx, tenant_id, course.id, user_id, status).await?;
    let text = if free {
        (ru::MAIL_ENROLLED_SUBJECT, ru::mail_enrolled_text(&course.title))
    } else {
        let position = db::waiting_position(&mut member.tx, tenant_id, id).await?;
        (
            ru::MAIL_WAITING_SUBJECT,
            ru::mail_waiting_text(&course.title, position),
        )
    };
    mail(&mut member, user_id, text).await?;
    let details = json!({ "enrolment": id, "course": course.id, "status": status });
    member.audit("course_enrolled", details).await?;
    member.commit().await?;
    Ok(status.to_string())
}

pub async fn cancel_enrolment(slug: &str, course: &str) -> Result<(), AppError> {
    let mut member = Member::require(slug).await?;
    let (tenant_id, user_id) = (member.tenant.id, member.user.user_id);
    let course = db::lock_course(&mut member.tx, tenant_id, parse_id(course)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = db::enrolment_of(&mut member.tx, tenant_id, course.id, user_id)
        .await?
        .filter(|row| row.status == "enrolled" || row.status == "waiting")
        .ok_or_else(|| AppError::invalid("course", ru::ENROL_NOTHING_TO_CANCEL))?;
    db::cancel(&mut member.tx, tenant_id, row.id).await?;
    let promoted = fill_free_places(&mut member, &course).await?;
    let details = json!({ "enrolment": row.id, "course": course.id, "promoted": promoted });
    member.audit("course_enrolment_cancelled", details).await?;
    member.commit().await
}

/// Enrols people from the waiting list, in order, while the course (locked by the caller) has
/// free places; each gets an e-mail. Their user ids.
async fn fill_free_places(ctx: &mut Ctx, course: &LockedCourse) -> Result<Vec<Uuid>, AppError> {
    let Some(capacity) = course.capacity else {
        return Ok(Vec::new());
    };
    let tenant_id = ctx.tenant_id();
    let mut promoted = Vec::new();
    while db::taken(&mut ctx.tx, tenant_id, course.id).await? < i64::from(capacity) {
        let Some(user_id) = db::promote_first(&mut ctx.tx, tenant_id, course.id).await? else {
            break;
        };
        let text = (
            ru::MAIL_PLACE_FREED_SUBJECT,
            ru::mail_place_freed_text(&course.title),
        );
        mail(ctx, user_id, text).await?;
        promoted.push(user_id);
    }
    Ok(promoted)
}

/// Queues a message about an enrolment to the person, with a link to their route.
pub async fn mail(ctx: &mut Ctx, user_id: Uuid, (subject, text): (&str, String)) -> Result<(), AppError> {
    let to = db::contact(&mut ctx.tx, user_id).await?;
    let link = format!("{}/r/{}/route", ctx.state.public_url, ctx.tenant.card.slug);
    let email = templates::enrolment_news(&ctx.tenant.card.name, &to.full_name, subject, text, &link);
    notifications::send(ctx, &to.email, email).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enrolment(course: Uuid, status: &str, hours: Option<i32>) -> MyEnrolment {
        MyEnrolment {
            course_id: course.to_string(),
            title: String::new(),
            status: status.into(),
            position: None,
            hours,
            completed_on: None,
            document: None,
        }
    }

    #[test]
    fn progress_counts_the_route_and_the_enrolments_once_each() {
        let route: Vec<Uuid> = (0..4).map(|_| Uuid::new_v4()).collect();
        let outside = Uuid::new_v4();
        let enrolments = [
            enrolment(route[0], "completed", Some(36)),
            enrolment(route[1], "enrolled", None),
            enrolment(outside, "completed", Some(18)),
            enrolment(Uuid::new_v4(), "cancelled", None),
        ];
        let progress = progress(&route, &enrolments);
        assert_eq!(
            progress,
            Progress {
                done: 2,
                total: 5,
                hours: 54
            }
        );
        assert_eq!(progress.summary(), "Пройдено 2 из 5 курсов, 54 ч");
    }
}
