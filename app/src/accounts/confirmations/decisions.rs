//! Who may confirm whom, the queues, and the decision with its audit entry and e-mail.

use sqlx::PgConnection;
use uuid::Uuid;

use super::{manages_school, ConfirmationQueue, MembershipNotice, PendingMember};
use crate::{
    access::{signed_in_user, Person, Role, Staff},
    error::AppError,
    i18n::ru,
    notifications::{self, templates},
    state::{parse_id, LOCAL_TIME},
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
async fn authority(slug: &str) -> Result<(Staff, Authority), AppError> {
    let mut staff = Staff::require(slug, &[Role::RegionalOperator, Role::Director]).await?;
    if staff.has(Role::RegionalOperator) {
        return Ok((staff, Authority::Region));
    }
    let school: Option<Option<Uuid>> = sqlx::query_scalar(
        "select school_id from memberships
         where tenant_id = $1 and user_id = $2 and school_status = 'confirmed'",
    )
    .bind(staff.tenant_id())
    .bind(staff.user.user_id)
    .fetch_optional(staff.conn())
    .await?;
    match school.flatten() {
        Some(school) => Ok((staff, Authority::School(school))),
        None => {
            staff
                .audit(
                    "access_denied",
                    serde_json::json!({ "needs": "confirmed_director" }),
                )
                .await?;
            staff.commit().await?;
            Err(AppError::Forbidden)
        }
    }
}

#[derive(sqlx::FromRow)]
struct PendingRow {
    user_id: Uuid,
    full_name: String,
    email: String,
    position: String,
    school: String,
    municipality: Option<String>,
    registered_at: String,
}

/// The pending people the signed-in decider may decide on; addresses not yet confirmed are
/// left out (nobody has shown they own them).
pub async fn get_confirmation_queue(slug: &str) -> Result<ConfirmationQueue, AppError> {
    let (mut staff, authority) = authority(slug).await?;
    let school = match authority {
        Authority::Region => None,
        Authority::School(school) => Some(school),
    };
    let rows: Vec<PendingRow> = sqlx::query_as(&format!(
        "select m.user_id, u.full_name, u.email, m.position, s.name as school, mu.name as municipality,
                to_char(m.created_at at time zone $3, {LOCAL_TIME}) as registered_at
         from memberships m join users u on u.id = m.user_id
         join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         left join municipalities mu on mu.tenant_id = s.tenant_id and mu.id = s.municipality_id
         where m.tenant_id = $1 and m.school_status = 'pending' and m.active
           and u.active and u.email_confirmed_at is not null
           and ($2::uuid is null
                or (m.school_id = $2 and m.position not in ('director', 'deputy_director')))
         order by m.position in ('director', 'deputy_director') desc, m.created_at"
    ))
    .bind(staff.tenant_id())
    .bind(school)
    .bind(staff.tenant.time_zone.clone())
    .fetch_all(staff.conn())
    .await?;
    staff.commit().await?;
    Ok(ConfirmationQueue {
        regional: authority == Authority::Region,
        pending: rows
            .into_iter()
            .map(|row| PendingMember {
                user_id: row.user_id.to_string(),
                full_name: row.full_name,
                email: row.email,
                position: row.position,
                school: row.school,
                municipality: row.municipality.unwrap_or_default(),
                registered_at: row.registered_at,
            })
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
#[derive(sqlx::FromRow)]
struct Target {
    position: String,
    school_id: Option<Uuid>,
    status: String,
    email: String,
    full_name: String,
    school: Option<String>,
}

async fn lock_target(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<Option<Target>, sqlx::Error> {
    sqlx::query_as(
        "select m.position, m.school_id, m.school_status as status, u.email, u.full_name, s.name as school
         from memberships m join users u on u.id = m.user_id
         left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         where m.tenant_id = $1 and m.user_id = $2 and u.active
         for update of m",
    )
    .bind(tenant_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// Confirms or rejects a pending school membership: records who decided and why, grants the
/// director role to a confirmed director or deputy, audits the decision and e-mails the person.
pub async fn decide(slug: &str, user_id: &str, decision: Decision) -> Result<(), AppError> {
    let (mut staff, authority) = authority(slug).await?;
    let target_id = parse_id(user_id)?;
    let reason = reason_of(&decision)?;
    let tenant_id = staff.tenant_id();
    let target = lock_target(staff.conn(), tenant_id, target_id)
        .await?
        .ok_or_else(|| AppError::invalid("user_id", ru::CONFIRMATION_UNKNOWN_PERSON))?;
    if let Authority::School(own) = authority {
        if target.school_id != Some(own) || manages_school(&target.position) {
            let details = serde_json::json!({ "needs": Role::RegionalOperator.code(), "person": target_id });
            staff.audit("access_denied", details).await?;
            staff.commit().await?;
            return Err(AppError::Forbidden);
        }
    }
    if target.status != "pending" {
        return Err(AppError::invalid("user_id", ru::CONFIRMATION_ALREADY_DECIDED));
    }
    let confirmed = matches!(decision, Decision::Confirm);
    let decider = staff.user.user_id;
    sqlx::query(
        "update memberships set school_status = $3, school_decided_by = $4, school_decided_at = now(),
                school_decision_reason = $5
         where tenant_id = $1 and user_id = $2",
    )
    .bind(tenant_id)
    .bind(target_id)
    .bind(if confirmed { "confirmed" } else { "rejected" })
    .bind(decider)
    .bind(&reason)
    .execute(staff.conn())
    .await?;
    let director = confirmed && manages_school(&target.position);
    if director {
        sqlx::query(
            "insert into role_grants (tenant_id, user_id, role, granted_by) values ($1, $2, $3, $4)
             on conflict do nothing",
        )
        .bind(tenant_id)
        .bind(target_id)
        .bind(Role::Director.code())
        .bind(decider)
        .execute(staff.conn())
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
    staff.audit(action, details).await?;
    tell(&mut staff, &target, director, reason.as_deref()).await?;
    staff.commit().await
}

/// Queues the e-mail about the decision (`reason` is a rejection's), in the decision's
/// transaction so that neither exists without the other.
async fn tell(
    staff: &mut Staff,
    target: &Target,
    director: bool,
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    let region = staff.tenant.card.name.clone();
    let school = target.school.as_deref().unwrap_or_default();
    let content = match reason {
        None => ru::mail_membership_confirmed(&region, &target.full_name, school, director),
        Some(reason) => ru::mail_membership_rejected(&region, &target.full_name, school, reason),
    };
    let link = format!(
        "{}/r/{}/cabinet",
        staff.state.public_url.trim_end_matches('/'),
        staff.tenant.card.slug
    );
    let email = templates::membership_decided(&region, content, &link);
    notifications::send(staff, &target.email, email).await
}

#[derive(sqlx::FromRow)]
struct Decided {
    school_status: String,
    school_decision_reason: Option<String>,
}

/// The signed-in person's own membership when it still waits for a decision or was rejected.
pub async fn get_membership_notice(slug: &str) -> Result<Option<MembershipNotice>, AppError> {
    if signed_in_user().is_none() {
        return Ok(None);
    }
    let Person { mut ctx, user } = Person::require(slug).await?;
    let row: Option<Decided> = sqlx::query_as(
        "select school_status, school_decision_reason from memberships
         where tenant_id = $1 and user_id = $2 and school_id is not null",
    )
    .bind(ctx.tenant_id())
    .bind(user.user_id)
    .fetch_optional(ctx.conn())
    .await?;
    ctx.commit().await?;
    Ok(row.and_then(|row| match row.school_status.as_str() {
        "pending" => Some(MembershipNotice::Pending),
        "rejected" => Some(MembershipNotice::Rejected {
            reason: row.school_decision_reason.unwrap_or_default(),
        }),
        _ => None,
    }))
}
