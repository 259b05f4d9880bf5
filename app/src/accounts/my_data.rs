//! `GET /my-data.json`: everything the platform stores about the signed-in person, in every
//! region (the right of access under 152-ФЗ). It spans regions, so it has no region's gate:
//! each region is read in its own tenant transaction.

use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use uuid::Uuid;

use super::db;
use crate::{
    access::AuthUser,
    error::AppError,
    i18n::ru,
    state::{begin_tenant, AppState},
};

pub async fn my_data(State(state): State<AppState>, user: Option<Extension<AuthUser>>) -> Response {
    let Some(Extension(user)) = user else {
        return (StatusCode::UNAUTHORIZED, ru::ERROR_UNAUTHORIZED).into_response();
    };
    match export_my_data(&state, &user).await {
        Ok(data) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"rost-my-data.json\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            serde_json::to_string_pretty(&data).unwrap_or_default(),
        )
            .into_response(),
        Err(error) => {
            let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, error.to_string()).into_response()
        }
    }
}

#[derive(sqlx::FromRow)]
struct Account {
    email: String,
    full_name: String,
    email_confirmed_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct Region {
    id: Uuid,
    slug: String,
}

#[derive(sqlx::FromRow)]
struct Membership {
    position: String,
    subjects: Vec<String>,
    experience_years: Option<i32>,
    school: Option<String>,
    municipality: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Consent {
    text_version: String,
    accepted_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct Event {
    action: String,
    ip: Option<String>,
    created_at: DateTime<Utc>,
}

async fn export_my_data(state: &AppState, user: &AuthUser) -> Result<Value, AppError> {
    let person: Account = sqlx::query_as(
        "select email, full_name, email_confirmed_at, created_at from users where id = $1 and active",
    )
    .bind(user.user_id)
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::Unauthorized)?;
    let tenants: Vec<Region> = sqlx::query_as("select id, slug from tenants order by slug")
        .fetch_all(&state.db)
        .await?;
    let mut regions = Vec::new();
    for tenant in tenants {
        if let Some(region) = region_data(state, &tenant, user.user_id).await? {
            regions.push(region);
        }
    }
    Ok(json!({
        "email": person.email,
        "full_name": person.full_name,
        "email_confirmed_at": person.email_confirmed_at,
        "registered_at": person.created_at,
        "regions": regions,
    }))
}

/// What one region keeps about the person, if they belong to it.
async fn region_data(state: &AppState, tenant: &Region, user_id: Uuid) -> Result<Option<Value>, AppError> {
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let membership: Option<Membership> = sqlx::query_as(
        "select m.position, m.subjects, m.experience_years, s.name as school, mu.name as municipality
         from memberships m
         left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         left join municipalities mu on mu.tenant_id = m.tenant_id and mu.id = m.municipality_id
         where m.tenant_id = $1 and m.user_id = $2",
    )
    .bind(tenant.id)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(membership) = membership else {
        tx.commit().await?;
        return Ok(None);
    };
    let roles = db::role_codes(&mut tx, tenant.id, user_id).await?;
    let consents: Vec<Consent> = sqlx::query_as(
        "select text_version, accepted_at from consents where tenant_id = $1 and user_id = $2",
    )
    .bind(tenant.id)
    .bind(user_id)
    .fetch_all(&mut *tx)
    .await?;
    let events: Vec<Event> = sqlx::query_as(
        "select action, host(ip) as ip, created_at from audit_log
         where tenant_id = $1 and user_id = $2 order by id",
    )
    .bind(tenant.id)
    .bind(user_id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(json!({
        "region": tenant.slug,
        "position": membership.position,
        "subjects": membership.subjects,
        "experience_years": membership.experience_years,
        "school": membership.school,
        "municipality": membership.municipality,
        "roles": roles,
        "consents": consents.iter().map(|c| json!({"text_version": c.text_version, "accepted_at": c.accepted_at})).collect::<Vec<_>>(),
        "security_events": events.iter().map(|e| json!({"action": e.action, "ip": e.ip, "at": e.created_at})).collect::<Vec<_>>(),
    })))
}
