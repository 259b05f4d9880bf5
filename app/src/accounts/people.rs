//! The regional operator's management of the region's people: roles and access.

use uuid::Uuid;

use super::checks::{parse_uuid, role_of};
use crate::{
    access::{Role, Staff, OPERATOR},
    error::AppError,
    i18n::ru,
};

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: Uuid,
    full_name: String,
    email: String,
    position: String,
    school: Option<String>,
    active: bool,
    confirmed: bool,
    roles: Vec<String>,
}

/// The region's people with their roles, for its operator.
pub async fn get_people(slug: &str) -> Result<Vec<super::Person>, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let rows: Vec<PersonRow> = sqlx::query_as(
        "select u.id, u.full_name, u.email, m.position, s.name as school, m.active,
                u.email_confirmed_at is not null as confirmed,
                coalesce(array_agg(g.role order by g.role) filter (where g.role is not null), '{}') as roles
         from memberships m
         join users u on u.id = m.user_id
         left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         left join role_grants g on g.tenant_id = m.tenant_id and g.user_id = m.user_id
         where m.tenant_id = $1 and u.active
         group by u.id, u.full_name, u.email, m.position, s.name, m.active, u.email_confirmed_at
         order by lower(u.full_name)",
    )
    .bind(ctx.tenant_id())
    .fetch_all(ctx.conn())
    .await?;
    ctx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|row| super::Person {
            user_id: row.id.to_string(),
            full_name: row.full_name,
            email: row.email,
            position: row.position,
            school: row.school,
            active: row.active,
            confirmed: row.confirmed,
            roles: row.roles,
        })
        .collect())
}

/// Adds or removes one role of a member of the region.
pub async fn set_role(slug: &str, user_id: &str, role: &str, granted: bool) -> Result<(), AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let role = role_of(role)?;
    let user_id = parse_uuid("user_id", user_id, ru::ERROR_USER_NOT_FOUND)?;
    let operator = ctx.user.user_id;
    if !granted && role == Role::RegionalOperator && user_id == operator {
        return Err(AppError::invalid("role", ru::ERROR_OWN_OPERATOR_ROLE));
    }
    let member: bool =
        sqlx::query_scalar("select exists(select 1 from memberships where tenant_id = $1 and user_id = $2)")
            .bind(ctx.tenant_id())
            .bind(user_id)
            .fetch_one(ctx.conn())
            .await?;
    if !member {
        return Err(AppError::invalid("user_id", ru::ERROR_NOT_A_MEMBER));
    }
    let tenant_id = ctx.tenant_id();
    let change = if granted {
        sqlx::query(
            "insert into role_grants (tenant_id, user_id, role, granted_by) values ($1, $2, $3, $4)
             on conflict do nothing",
        )
        .bind(tenant_id)
        .bind(user_id)
        .bind(role.code())
        .bind(operator)
    } else {
        sqlx::query("delete from role_grants where tenant_id = $1 and user_id = $2 and role = $3")
            .bind(tenant_id)
            .bind(user_id)
            .bind(role.code())
    };
    change.execute(ctx.conn()).await?;
    let action = if granted { "role_granted" } else { "role_revoked" };
    ctx.audit(
        action,
        serde_json::json!({ "user": user_id, "role": role.code() }),
    )
    .await?;
    ctx.commit().await
}

/// Closes (or reopens) a member's access to this region only. Their sessions stay, since they
/// may work in other regions; every request in this region checks the membership (the gates
/// of `access`, the profile, `rost_save_answer`).
pub async fn set_member_active(slug: &str, user_id: &str, active: bool) -> Result<(), AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let user_id = parse_uuid("user_id", user_id, ru::ERROR_USER_NOT_FOUND)?;
    if user_id == ctx.user.user_id {
        return Err(AppError::invalid("user_id", ru::ERROR_OWN_ACCESS));
    }
    let updated = sqlx::query("update memberships set active = $3 where tenant_id = $1 and user_id = $2")
        .bind(ctx.tenant_id())
        .bind(user_id)
        .bind(active)
        .execute(ctx.conn())
        .await?
        .rows_affected();
    if updated == 0 {
        return Err(AppError::invalid("user_id", ru::ERROR_NOT_A_MEMBER));
    }
    let action = if active {
        "member_reactivated"
    } else {
        "member_deactivated"
    };
    ctx.audit(action, serde_json::json!({ "user": user_id })).await?;
    ctx.commit().await
}
