//! Micro-courses on the platform: lessons read one at a time, then a final check drawn from
//! the region's item bank for the course's main competencies, scored here; at
//! [`PASS_SHARE`](super::PASS_SHARE) or more the course completes by itself.

pub mod content;
mod db;

use std::collections::HashMap;

use rand::seq::SliceRandom;
use serde_json::json;
use uuid::Uuid;

use super::{CheckAnswer, CheckOutcome, MicroCheck, MicroCourse, MicroLesson, PASS_SHARE};
use crate::access::Member;
use crate::diagnostics::scoring::item_score;
use crate::diagnostics::{AttemptItem, ItemKind};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;
use db::{BankItem, Drawn};

/// At most this many items in one check.
const CHECK_ITEMS: usize = 8;

pub async fn get_micro_course(slug: &str, course: &str) -> Result<MicroCourse, AppError> {
    let mut member = Member::require(slug).await?;
    let (tenant_id, user_id, course_id) = (member.tenant.id, member.user.user_id, parse_id(course)?);
    let head = db::head(&mut member.tx, tenant_id, course_id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let lessons = db::lessons(&mut member.tx, tenant_id, course_id, user_id).await?;
    member.commit().await?;
    Ok(MicroCourse {
        id: course_id.to_string(),
        title: head.title,
        hours: head.hours,
        lessons: lessons
            .into_iter()
            .map(|l| MicroLesson {
                position: l.position,
                title: l.title,
                html: content::render_markdown(&l.markdown),
                read: l.read,
            })
            .collect(),
        completed: head.completed,
        last_score: head.last_score,
    })
}

pub async fn mark_lesson_read(slug: &str, course: &str, lesson: i32) -> Result<(), AppError> {
    let mut member = Member::require(slug).await?;
    let (tenant_id, user_id, course_id) = (member.tenant.id, member.user.user_id, parse_id(course)?);
    if !db::mark_read(&mut member.tx, tenant_id, course_id, user_id, lesson).await? {
        return Err(AppError::NotFound);
    }
    member
        .audit(
            "micro_lesson_read",
            json!({ "course": course_id, "lesson": lesson }),
        )
        .await?;
    member.commit().await
}

/// Up to [`CHECK_ITEMS`] random scored items (no self-assessment) whose main competency is one
/// the course develops mainly, each with its options in a random order.
fn draw(main: &[String], bank: &[BankItem]) -> Vec<Drawn> {
    let mut rng = rand::thread_rng();
    let mut candidates: Vec<&BankItem> = bank
        .iter()
        .filter(|b| b.item.kind != ItemKind::Likert)
        .filter(|b| {
            b.item
                .primary_competency()
                .is_some_and(|c| main.iter().any(|m| m == c))
        })
        .collect();
    candidates.shuffle(&mut rng);
    candidates.truncate(CHECK_ITEMS);
    candidates
        .into_iter()
        .map(|b| {
            let mut order: Vec<usize> = (0..b.item.options.len()).collect();
            order.shuffle(&mut rng);
            Drawn {
                id: b.id,
                version: b.version,
                order,
            }
        })
        .collect()
}

/// Starts a check (each start is a new draw): only once every lesson is read.
pub async fn start_micro_check(slug: &str, course: &str) -> Result<MicroCheck, AppError> {
    let mut member = Member::require(slug).await?;
    let (tenant_id, user_id, course_id) = (member.tenant.id, member.user.user_id, parse_id(course)?);
    let head = db::head(&mut member.tx, tenant_id, course_id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let lessons = db::lessons(&mut member.tx, tenant_id, course_id, user_id).await?;
    if lessons.iter().any(|l| !l.read) {
        return Err(AppError::invalid("check", ru::MICRO_READ_FIRST));
    }
    let bank = db::bank(&mut member.tx, tenant_id).await?;
    let drawn = draw(&head.main, &bank);
    if drawn.is_empty() {
        return Err(AppError::invalid("check", ru::MICRO_NO_ITEMS));
    }
    let id = db::insert_attempt(&mut member.tx, tenant_id, course_id, user_id, &drawn).await?;
    member
        .audit(
            "micro_check_started",
            json!({ "course": course_id, "attempt": id }),
        )
        .await?;
    member.commit().await?;
    let bank: HashMap<Uuid, &BankItem> = bank.iter().map(|b| (b.id, b)).collect();
    let items = drawn
        .iter()
        .filter_map(|d| {
            let item = &bank.get(&d.id)?.item;
            Some(AttemptItem {
                id: d.id.to_string(),
                kind: item.kind,
                stem: item.stem.clone(),
                options: d.order.iter().map(|&i| (i, item.options[i].clone())).collect(),
            })
        })
        .collect();
    Ok(MicroCheck {
        attempt: id.to_string(),
        items,
    })
}

/// The share (0–1) of the check's points the answers earn.
fn score(items: &[BankItem], answers: &[CheckAnswer]) -> f64 {
    let answers: HashMap<&str, &crate::diagnostics::Answer> =
        answers.iter().map(|a| (a.item.as_str(), &a.answer)).collect();
    let (mut earned, mut max) = (0.0, 0.0);
    for b in items {
        let answer = answers.get(b.id.to_string().as_str()).copied();
        earned += item_score(&b.item, answer) * b.item.points;
        max += b.item.points;
    }
    if max > 0.0 {
        earned / max
    } else {
        0.0
    }
}

/// Scores the person's own open attempt once; at [`PASS_SHARE`] the course is completed.
pub async fn submit_micro_check(
    slug: &str,
    attempt: &str,
    answers: Vec<CheckAnswer>,
) -> Result<CheckOutcome, AppError> {
    let mut member = Member::require(slug).await?;
    let (tenant_id, user_id, attempt_id) = (member.tenant.id, member.user.user_id, parse_id(attempt)?);
    let open = db::open_attempt(&mut member.tx, tenant_id, attempt_id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let items = db::drawn_items(&mut member.tx, tenant_id, &open.drawn).await?;
    let score = score(&items, &answers);
    // Rounding must not fail 4 of 5.
    let passed = score + 1e-9 >= PASS_SHARE;
    db::finish_attempt(&mut member.tx, tenant_id, attempt_id, score, passed).await?;
    member
        .audit(
            "micro_check_finished",
            json!({ "course": open.course_id, "attempt": attempt_id, "score": score, "passed": passed }),
        )
        .await?;
    if passed {
        complete_micro_course(&mut member, open.course_id).await?;
    }
    member.commit().await?;
    Ok(CheckOutcome { score, passed })
}

/// The one place a passed check completes a micro-course: the person's enrolment becomes
/// `completed` via `micro` with the course's hours, today (in the region's time zone).
async fn complete_micro_course(member: &mut Member, course_id: Uuid) -> Result<(), AppError> {
    let (tenant_id, user_id) = (member.tenant.id, member.user.user_id);
    let time_zone = member.tenant.time_zone.clone();
    db::complete_enrolment(&mut member.tx, tenant_id, course_id, user_id, &time_zone).await?;
    member
        .audit("course_completed", json!({ "course": course_id, "via": "micro" }))
        .await?;
    crate::courses::enrolment::completion::after_completion(member, user_id).await
}
