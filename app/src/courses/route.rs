//! The person's route: the proposal from their latest finished diagnostic, accepting it, and
//! their own changes, each kept in the route's history.

use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use super::db::{self, CourseRow, LatestResult};
use super::recommend::{self, by_severity, closes, Candidate, Deficit, Learner};
use super::{form, Covered, MyRoute, RouteCourse, RouteEdit};
use crate::access::Member;
use crate::diagnostics::{AttemptResult, Level};
use crate::error::{AppError, OnConstraint};
use crate::i18n::ru;
use crate::state::parse_id;

/// What the recommender needs about the person and the catalogue.
struct Context {
    tenant_id: Uuid,
    learner: Learner,
    rows: Vec<CourseRow>,
    candidates: Vec<Candidate>,
    latest: Option<LatestResult>,
    deficits: Vec<Deficit>,
}

fn candidate(row: &CourseRow) -> Candidate {
    Candidate {
        code: row.course.code.clone(),
        kind: row.course.kind.clone(),
        subject: row.course.subject.clone(),
        audience: row.course.audience.clone(),
        ends_on: row.course.ends_on.clone(),
        seats_left: row.course.capacity.map(|c| i64::from(c) - row.taken),
        hours: row.course.hours,
        competencies: row.course.competencies.clone(),
    }
}

/// The result's deficits (below the upper threshold), most severe first.
pub fn deficits(result: &AttemptResult) -> Vec<Deficit> {
    let mut deficits: Vec<Deficit> = result
        .competencies
        .iter()
        .filter(|c| c.level != Level::Minimal)
        .map(|c| Deficit {
            code: c.code.clone(),
            title: c.title.clone(),
            score: c.score,
            pronounced: c.level == Level::Pronounced,
            severity: result.thresholds.high - c.score,
        })
        .collect();
    by_severity(&mut deficits);
    deficits
}

fn covered(deficit: &Deficit) -> Covered {
    Covered {
        code: deficit.code.clone(),
        title: deficit.title.clone(),
        score: deficit.score,
    }
}

async fn context(member: &mut Member) -> Result<Context, AppError> {
    let (tenant_id, user_id) = (member.tenant.id, member.user.user_id);
    let time_zone = member.tenant.time_zone.clone();
    let rows = db::courses(&mut member.tx, tenant_id, Some(user_id)).await?;
    let latest = db::latest_result(&mut member.tx, tenant_id, user_id, &time_zone).await?;
    let subjects = db::subjects(&mut member.tx, tenant_id, user_id).await?;
    let today: String = sqlx::query_scalar("select (now() at time zone $1)::date::text")
        .bind(&time_zone)
        .fetch_one(&mut *member.tx)
        .await?;
    Ok(Context {
        tenant_id,
        learner: Learner {
            position: member.position.clone(),
            subjects,
            today,
        },
        candidates: rows.iter().map(candidate).collect(),
        deficits: latest.as_ref().map(|l| deficits(&l.result)).unwrap_or_default(),
        rows,
        latest,
    })
}

impl Context {
    fn index(&self, id: Uuid) -> Option<usize> {
        self.rows.iter().position(|r| r.id == id)
    }

    /// The deficits a course closes, most severe first.
    fn covers(&self, course: usize) -> Vec<Covered> {
        self.deficits
            .iter()
            .filter(|d| closes(&self.candidates[course], &d.code).is_some())
            .map(covered)
            .collect()
    }

    fn route_course(
        &self,
        course: usize,
        covers: Vec<Covered>,
        taken: &[usize],
        plan: (Option<String>, Option<String>),
    ) -> RouteCourse {
        let codes: Vec<String> = covers.iter().map(|c| c.code.clone()).collect();
        let alternatives = if codes.is_empty() {
            Vec::new()
        } else {
            recommend::alternatives(&self.learner, &codes, &self.candidates, taken)
        };
        RouteCourse {
            course: self.rows[course].view(),
            covers,
            alternatives: alternatives
                .into_iter()
                .map(|i| (self.rows[i].id.to_string(), self.rows[i].course.title.clone()))
                .collect(),
            planned_start: plan.0,
            planned_end: plan.1,
        }
    }

    /// Pronounced deficits none of `taken` closes.
    fn uncovered(&self, taken: &[usize]) -> Vec<Covered> {
        self.deficits
            .iter()
            .filter(|d| {
                d.pronounced
                    && !taken
                        .iter()
                        .any(|&i| closes(&self.candidates[i], &d.code).is_some())
            })
            .map(covered)
            .collect()
    }

    fn catalogue(&self, taken: &[usize]) -> Vec<(String, String)> {
        (0..self.rows.len())
            .filter(|i| !taken.contains(i))
            .map(|i| (self.rows[i].id.to_string(), self.rows[i].course.title.clone()))
            .collect()
    }

    fn based_on(&self) -> Option<String> {
        self.latest
            .as_ref()
            .map(|l| format!("{}, {}", l.title, l.finished_on))
    }
}

pub async fn get_my_route(slug: &str) -> Result<MyRoute, AppError> {
    let mut member = Member::require(slug).await?;
    let (tenant_id, user_id) = (member.tenant.id, member.user.user_id);
    let time_zone = member.tenant.time_zone.clone();
    let cx = context(&mut member).await?;
    let route = db::route_of(&mut member.tx, tenant_id, user_id).await?;
    let view = match route {
        None => {
            let proposal = recommend::recommend(&cx.learner, &cx.deficits, &cx.candidates);
            let taken: Vec<usize> = proposal.picks.iter().map(|p| p.course).collect();
            let courses = proposal
                .picks
                .iter()
                .map(|p| {
                    cx.route_course(
                        p.course,
                        p.covers.iter().map(covered).collect(),
                        &taken,
                        (None, None),
                    )
                })
                .collect();
            MyRoute {
                route_id: None,
                based_on: cx.based_on(),
                courses,
                uncovered: proposal.uncovered.iter().map(covered).collect(),
                history: Vec::new(),
                catalogue: cx.catalogue(&taken),
            }
        }
        Some(route) => {
            let items = db::items(&mut member.tx, tenant_id, route.id).await?;
            let placed: Vec<(usize, db::ItemRow)> = items
                .into_iter()
                .filter_map(|item| cx.index(item.course_id).map(|i| (i, item)))
                .collect();
            let taken: Vec<usize> = placed.iter().map(|(i, _)| *i).collect();
            let courses = placed
                .into_iter()
                .map(|(i, item)| {
                    cx.route_course(i, item.covers, &taken, (item.planned_start, item.planned_end))
                })
                .collect();
            MyRoute {
                route_id: Some(route.id.to_string()),
                based_on: cx.based_on(),
                courses,
                uncovered: cx.uncovered(&taken),
                history: db::history(&mut member.tx, tenant_id, route.id, &time_zone).await?,
                catalogue: cx.catalogue(&taken),
            }
        }
    };
    member.commit().await?;
    Ok(view)
}

pub async fn accept_route(slug: &str) -> Result<String, AppError> {
    let mut member = Member::require(slug).await?;
    let (tenant_id, user_id) = (member.tenant.id, member.user.user_id);
    let cx = context(&mut member).await?;
    let latest = cx
        .latest
        .as_ref()
        .ok_or_else(|| AppError::invalid("route", ru::ROUTE_NO_DIAGNOSTIC))?;
    let proposal = recommend::recommend(&cx.learner, &cx.deficits, &cx.candidates);
    let route_id = db::reset_route(&mut member.tx, tenant_id, user_id, latest.attempt_id).await?;
    for pick in &proposal.picks {
        let covers: Vec<Covered> = pick.covers.iter().map(covered).collect();
        db::add_item(
            &mut member.tx,
            tenant_id,
            route_id,
            cx.rows[pick.course].id,
            &covers,
            None,
        )
        .await?;
    }
    db::record(&mut member.tx, tenant_id, route_id, "accepted", None, None).await?;
    let courses: Vec<&str> = proposal
        .picks
        .iter()
        .map(|p| cx.rows[p.course].course.code.as_str())
        .collect();
    member
        .audit("route_accepted", json!({ "route": route_id, "courses": courses }))
        .await?;
    member.commit().await?;
    Ok(route_id.to_string())
}

const ALREADY: &[(&str, &str, &str)] = &[("route_items_pkey", "edit[with]", ru::ROUTE_ALREADY_IN_ROUTE)];

/// The planned dates of a `plan` edit.
fn planned(edit: &RouteEdit) -> Result<(Option<String>, Option<String>), AppError> {
    let start = form::date(&edit.planned_start, "edit[planned_start]")?;
    let end = form::date(&edit.planned_end, "edit[planned_end]")?;
    if let (Some(s), Some(e)) = (&start, &end) {
        if e < s {
            return Err(AppError::invalid("edit[planned_end]", ru::COURSE_BAD_WINDOW));
        }
    }
    Ok((start, end))
}

/// Applies one edit to the route and records it; the codes of the course (and its replacement).
async fn apply(
    tx: &mut PgConnection,
    cx: &Context,
    route_id: Uuid,
    edit: &RouteEdit,
) -> Result<(String, Option<String>), AppError> {
    let course = |id: &str, field: &str| -> Result<usize, AppError> {
        let id = parse_id(id).map_err(|_| AppError::invalid(field, ru::ROUTE_NOT_IN_ROUTE))?;
        cx.index(id).ok_or(AppError::NotFound)
    };
    let not_in_route = || AppError::invalid("edit[course]", ru::ROUTE_NOT_IN_ROUTE);
    let tenant_id = cx.tenant_id;
    let changed = match edit.op.as_str() {
        "remove" => {
            let old = &cx.rows[course(&edit.course, "edit[course]")?];
            db::remove_item(tx, tenant_id, route_id, old.id)
                .await?
                .ok_or_else(not_in_route)?;
            db::record(tx, tenant_id, route_id, "removed", Some(&old.course.title), None).await?;
            (old.course.code.clone(), None)
        }
        "replace" => {
            let old_index = course(&edit.course, "edit[course]")?;
            let new_index = course(&edit.with, "edit[with]")?;
            let (old, new) = (&cx.rows[old_index], &cx.rows[new_index]);
            let (position, _) = db::remove_item(tx, tenant_id, route_id, old.id)
                .await?
                .ok_or_else(not_in_route)?;
            db::add_item(
                tx,
                tenant_id,
                route_id,
                new.id,
                &cx.covers(new_index),
                Some(position),
            )
            .await
            .on_constraint(ALREADY)?;
            let (from, to) = (&old.course.title, &new.course.title);
            db::record(tx, tenant_id, route_id, "replaced", Some(from), Some(to)).await?;
            (old.course.code.clone(), Some(new.course.code.clone()))
        }
        "add" => {
            let new_index = course(&edit.with, "edit[with]")?;
            let new = &cx.rows[new_index];
            db::add_item(tx, tenant_id, route_id, new.id, &cx.covers(new_index), None)
                .await
                .on_constraint(ALREADY)?;
            db::record(tx, tenant_id, route_id, "added", Some(&new.course.title), None).await?;
            (new.course.code.clone(), None)
        }
        "plan" => {
            let old = &cx.rows[course(&edit.course, "edit[course]")?];
            if !db::plan_item(tx, tenant_id, route_id, old.id, planned(edit)?).await? {
                return Err(not_in_route());
            }
            db::record(tx, tenant_id, route_id, "planned", Some(&old.course.title), None).await?;
            (old.course.code.clone(), None)
        }
        _ => return Err(AppError::invalid("edit[op]", ru::ROUTE_BAD_OP)),
    };
    Ok(changed)
}

pub async fn edit_route(slug: &str, route: &str, edit: RouteEdit) -> Result<(), AppError> {
    let mut member = Member::require(slug).await?;
    let (tenant_id, user_id) = (member.tenant.id, member.user.user_id);
    // Only the person's own route: another's answers as if it did not exist.
    let route = db::route(&mut member.tx, tenant_id, parse_id(route)?)
        .await?
        .filter(|r| r.user_id == user_id)
        .ok_or(AppError::NotFound)?;
    let cx = context(&mut member).await?;
    let (title, other) = apply(&mut member.ctx.tx, &cx, route.id, &edit).await?;
    let details = json!({ "route": route.id, "op": edit.op, "course": title, "with": other });
    member.audit("route_edited", details).await?;
    member.commit().await
}
