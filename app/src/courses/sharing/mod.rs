//! Sharing a person's route with their school's director or methodologist: the person chooses
//! whom, and can revoke; a shared route is readable only by those people, and only while they
//! hold that position in the person's school.

mod db;

use serde_json::json;

use super::{RouteSharing, ShareCandidate, SharedCourse, SharedRoute};
use crate::access::Member;
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

pub async fn get_route_sharing(slug: &str) -> Result<RouteSharing, AppError> {
    let mut member = Member::require(slug).await?;
    let (tenant_id, user_id) = (member.tenant.id, member.user.user_id);
    let route = db::route_of(&mut member.tx, tenant_id, user_id).await?;
    let candidates = match member.school_id {
        Some(school) => db::candidates(&mut member.tx, tenant_id, school, user_id, route).await?,
        None => Vec::new(),
    };
    member.commit().await?;
    Ok(RouteSharing {
        has_route: route.is_some(),
        candidates: candidates
            .into_iter()
            .map(|c| ShareCandidate {
                user_id: c.user_id.to_string(),
                name: c.full_name,
                position: c.position,
                shared: c.shared,
            })
            .collect(),
    })
}

/// `op` is `share` or `revoke`. Only the director or a methodologist of the person's own
/// (confirmed) school can be chosen; revoking always works.
pub async fn share_route(slug: &str, viewer: &str, op: &str) -> Result<(), AppError> {
    let mut member = Member::require(slug).await?;
    let (tenant_id, user_id, viewer) = (member.tenant.id, member.user.user_id, parse_id(viewer)?);
    let share = match op {
        "share" => true,
        "revoke" => false,
        _ => return Err(AppError::BadRequest),
    };
    let route = db::route_of(&mut member.tx, tenant_id, user_id)
        .await?
        .ok_or_else(|| AppError::invalid("viewer", ru::SHARE_NO_ROUTE))?;
    if share {
        let school = member.school_id.ok_or(AppError::Forbidden)?;
        let candidates = db::candidates(&mut member.tx, tenant_id, school, user_id, Some(route)).await?;
        if !candidates.iter().any(|c| c.user_id == viewer) {
            return Err(AppError::Forbidden);
        }
    }
    if db::set_share(&mut member.tx, tenant_id, route, viewer, share).await? {
        let action = if share { "route_shared" } else { "route_unshared" };
        member
            .audit(action, json!({ "route": route, "viewer": viewer }))
            .await?;
    }
    member.commit().await
}

/// The routes shared with the person, read-only; every view is audited.
pub async fn get_shared_routes(slug: &str) -> Result<Vec<SharedRoute>, AppError> {
    let mut member = Member::require(slug).await?;
    let (tenant_id, user_id) = (member.tenant.id, member.user.user_id);
    let time_zone = member.tenant.time_zone.clone();
    let routes = db::shared_with(&mut member.tx, tenant_id, user_id, &time_zone).await?;
    let mut shared = Vec::with_capacity(routes.len());
    for route in routes {
        let items = db::shared_items(&mut member.tx, tenant_id, route.id).await?;
        shared.push(SharedRoute {
            owner: route.owner,
            updated_on: route.updated_on,
            courses: items
                .into_iter()
                .map(|i| {
                    let covers: Vec<(String, f64)> =
                        i.covers.iter().map(|c| (c.title.clone(), c.score)).collect();
                    SharedCourse {
                        title: i.title,
                        facts: format!("{}, {}, {} {}", i.provider, i.format, i.hours, ru::COURSES_HOURS),
                        explanation: if covers.is_empty() {
                            ru::ROUTE_ADDED_BY_PERSON.to_string()
                        } else {
                            ru::route_covers(&covers)
                        },
                        plan: match (i.planned_start, i.planned_end) {
                            (None, None) => None,
                            (start, end) => Some(format!(
                                "{}: {} — {}",
                                ru::ROUTE_PLAN,
                                start.as_deref().unwrap_or("…"),
                                end.as_deref().unwrap_or("…")
                            )),
                        },
                        completed: i.completed,
                    }
                })
                .collect(),
        });
    }
    if !shared.is_empty() {
        member
            .audit("shared_routes_viewed", json!({ "routes": shared.len() }))
            .await?;
    }
    member.commit().await?;
    Ok(shared)
}
