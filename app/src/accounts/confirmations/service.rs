//! Who may confirm whom, the queues, and the decision with its audit entry and e-mail.

use uuid::Uuid;

use super::{manages_school, ConfirmationQueue, MembershipNotice, PendingMember};
use crate::{
    accounts::{
        service::{audit, require_role},
        session::AuthUser,
    },
    error::AppError,
    i18n::ru,
    notifications::{self, templates},
    state::{begin_tenant, parse_id, AppState, LOCAL_TIME},
    tenancy::db::{tenant_by_slug, TenantRow},
};

/// How far a decider's word reaches.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Authority {
    /// The regional operator: everyone in the region, directors and deputies included.
    Region,
    /// A director whose own membership of this school is confirmed: its teachers and other
    /// staff, not its directors or deputies.
    School(Uuid),
}

pub enum Decision {
    Confirm,
    Reject { reason: String },
}

/// The signed-in decider and what they may decide on. A director role alone is not enough: a
/// director whose own school is unconfirmed (or who holds the role without a school) is
/// refused, and the refusal is audited like any other.
async fn authority(state: &AppState, slug: &str) -> Result<(TenantRow, AuthUser, Authority), AppError> {
    let (tenant, user) = require_role(state, slug, &["regional_operator", "director"]).await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let (operator, school): (bool, Option<Uuid>) = sqlx::query_as(
        "select exists(select 1 from role_grants
                       where tenant_id = $1 and user_id = $2 and role = 'regional_operator'),
                (select school_id from memberships
                 where tenant_id = $1 and user_id = $2 and school_status = 'confirmed')",
    )
    .bind(tenant.id)
    .bind(user.user_id)
    .fetch_one(&mut *tx)
    .await?;
    let authority = match (operator, school) {
        (true, _) => Authority::Region,
        (false, Some(school)) => Authority::School(school),
        (false, None) => {
            refuse(
                &mut tx,
                &tenant,
                &user,
                serde_json::json!({ "needs": "confirmed_director" }),
            )
            .await?;
            tx.commit().await?;
            return Err(AppError::Forbidden);
        }
    };
    tx.commit().await?;
    Ok((tenant, user, authority))
}

async fn refuse(
    tx: &mut sqlx::PgConnection,
    tenant: &TenantRow,
    user: &AuthUser,
    details: serde_json::Value,
) -> Result<(), sqlx::Error> {
    audit(tx, Some(tenant.id), Some(user.user_id), "access_denied", details).await
}

/// The pending people the signed-in decider may decide on; addresses not yet confirmed are
/// left out (nobody has shown they own them).
pub async fn queue(state: &AppState, slug: &str) -> Result<ConfirmationQueue, AppError> {
    let (tenant, _, authority) = authority(state, slug).await?;
    let school = match authority {
        Authority::Region => None,
        Authority::School(school) => Some(school),
    };
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let rows = sqlx::query_as::<_, (Uuid, String, String, String, String, Option<String>, String)>(&format!(
        "select m.user_id, u.full_name, u.email, m.position, s.name, mu.name,
                to_char(m.created_at at time zone $3, {LOCAL_TIME})
         from memberships m join users u on u.id = m.user_id
         join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         left join municipalities mu on mu.tenant_id = s.tenant_id and mu.id = s.municipality_id
         where m.tenant_id = $1 and m.school_status = 'pending' and m.active
           and u.active and u.email_confirmed_at is not null
           and ($2::uuid is null
                or (m.school_id = $2 and m.position not in ('director', 'deputy_director')))
         order by m.position in ('director', 'deputy_director') desc, m.created_at"
    ))
    .bind(tenant.id)
    .bind(school)
    .bind(&tenant.time_zone)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(ConfirmationQueue {
        regional: authority == Authority::Region,
        pending: rows
            .into_iter()
            .map(
                |(id, full_name, email, position, school, municipality, registered_at)| PendingMember {
                    user_id: id.to_string(),
                    full_name,
                    email,
                    position,
                    school,
                    municipality: municipality.unwrap_or_default(),
                    registered_at,
                },
            )
            .collect(),
    })
}

/// The reason of a refusal, tidied; a refusal must say why, since the person receives it.
fn reason_of(decision: &Decision) -> Result<Option<String>, AppError> {
    let Decision::Reject { reason } = decision else {
        return Ok(None);
    };
    let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    match reason.chars().count() {
        0 => Err(AppError::invalid("reason", ru::CONFIRMATION_REASON_REQUIRED)),
        501.. => Err(AppError::invalid("reason", ru::CONFIRMATION_REASON_TOO_LONG)),
        _ => Ok(Some(reason)),
    }
}

/// The person a decision is about, locked until it is recorded.
struct Target {
    position: String,
    school_id: Option<Uuid>,
    status: String,
    email: String,
    full_name: String,
    school: String,
}

async fn lock_target(
    tx: &mut sqlx::PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<Option<Target>, sqlx::Error> {
    let row = sqlx::query_as::<_, (String, Option<Uuid>, String, String, String, Option<String>)>(
        "select m.position, m.school_id, m.school_status, u.email, u.full_name, s.name
         from memberships m join users u on u.id = m.user_id
         left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         where m.tenant_id = $1 and m.user_id = $2 and u.active
         for update of m",
    )
    .bind(tenant_id)
    .bind(user_id)
    .fetch_optional(tx)
    .await?;
    Ok(
        row.map(|(position, school_id, status, email, full_name, school)| Target {
            position,
            school_id,
            status,
            email,
            full_name,
            school: school.unwrap_or_default(),
        }),
    )
}

/// Confirms or rejects a pending school membership: records who decided and why, grants the
/// director role to a confirmed director or deputy, audits the decision and e-mails the person.
pub async fn decide(state: &AppState, slug: &str, user_id: &str, decision: Decision) -> Result<(), AppError> {
    let (tenant, decider, authority) = authority(state, slug).await?;
    let target_id = parse_id(user_id)?;
    let reason = reason_of(&decision)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let target = lock_target(&mut tx, tenant.id, target_id)
        .await?
        .ok_or_else(|| AppError::invalid("user_id", ru::CONFIRMATION_UNKNOWN_PERSON))?;
    if let Authority::School(own) = authority {
        if target.school_id != Some(own) || manages_school(&target.position) {
            let details = serde_json::json!({ "needs": "regional_operator", "person": target_id });
            refuse(&mut tx, &tenant, &decider, details).await?;
            tx.commit().await?;
            return Err(AppError::Forbidden);
        }
    }
    if target.status != "pending" {
        return Err(AppError::invalid("user_id", ru::CONFIRMATION_ALREADY_DECIDED));
    }
    let confirmed = matches!(decision, Decision::Confirm);
    sqlx::query(
        "update memberships set school_status = $3, school_decided_by = $4, school_decided_at = now(),
                school_decision_reason = $5
         where tenant_id = $1 and user_id = $2",
    )
    .bind(tenant.id)
    .bind(target_id)
    .bind(if confirmed { "confirmed" } else { "rejected" })
    .bind(decider.user_id)
    .bind(&reason)
    .execute(&mut *tx)
    .await?;
    let director = confirmed && manages_school(&target.position);
    if director {
        sqlx::query(
            "insert into role_grants (tenant_id, user_id, role, granted_by) values ($1, $2, 'director', $3)
             on conflict do nothing",
        )
        .bind(tenant.id)
        .bind(target_id)
        .bind(decider.user_id)
        .execute(&mut *tx)
        .await?;
    }
    let action = if confirmed {
        "membership_confirmed"
    } else {
        "membership_rejected"
    };
    let details = serde_json::json!({
        "person": target_id,
        "school": target.school_id,
        "position": target.position,
        "by": if authority == Authority::Region { "region" } else { "school" },
        "director_role": director,
        "reason": reason,
    });
    audit(&mut tx, Some(tenant.id), Some(decider.user_id), action, details).await?;
    tell(&mut tx, state, &tenant, &target, director, reason.as_deref()).await?;
    tx.commit().await?;
    state.outbox.wake();
    Ok(())
}

/// Queues the e-mail about the decision (`reason` is a rejection's), in the decision's
/// transaction so that neither exists without the other.
async fn tell(
    tx: &mut sqlx::PgConnection,
    state: &AppState,
    tenant: &TenantRow,
    target: &Target,
    director: bool,
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    let region = &tenant.card.name;
    let content = match reason {
        None => ru::mail_membership_confirmed(region, &target.full_name, &target.school, director),
        Some(reason) => ru::mail_membership_rejected(region, &target.full_name, &target.school, reason),
    };
    let link = format!(
        "{}/r/{}/cabinet",
        state.public_url.trim_end_matches('/'),
        tenant.card.slug
    );
    let email = templates::membership_decided(region, content, &link);
    notifications::enqueue(tx, Some(tenant.id), &target.email, email).await
}

/// The signed-in person's own membership when it still waits for a decision or was rejected.
pub async fn notice(state: &AppState, slug: &str) -> Result<Option<MembershipNotice>, AppError> {
    let Some(user) = crate::state::auth_user() else {
        return Ok(None);
    };
    let tenant = tenant_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::RegionNotFound)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "select school_status, school_decision_reason from memberships
         where tenant_id = $1 and user_id = $2 and school_id is not null",
    )
    .bind(tenant.id)
    .bind(user.user_id)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(row.and_then(|(status, reason)| match status.as_str() {
        "pending" => Some(MembershipNotice::Pending),
        "rejected" => Some(MembershipNotice::Rejected {
            reason: reason.unwrap_or_default(),
        }),
        _ => None,
    }))
}
