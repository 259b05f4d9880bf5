//! Invitations: an operator's offer of roles in the region. Nothing about the invited person is
//! created or shown to the region until they accept: an address may belong to a person of
//! another region, who must not gain a membership (or lose their sessions to this region's
//! operator) without consent, and whose name and confirmation state are not this region's
//! business. The person accepts by the e-mailed link (a new or unconfirmed account sets its
//! password there, since the link proves the mailbox) or in their personal account.

use sqlx::PgConnection;
use uuid::Uuid;

use super::{
    checks::{check_password, full_name_of, hash_password, normalise_email, role_of},
    session, InvitationAccess, InvitationView, MyInvitation, PendingInvitation,
};
use crate::{
    access::{audit, Person, Role, Staff, Visitor, OPERATOR},
    error::AppError,
    i18n::ru,
    notifications::{self, templates},
};

/// How long an invitation link stays valid.
const INVITATION_HOURS: i32 = 72;

/// An open invitation, locked for the transaction that accepts it.
#[derive(sqlx::FromRow)]
struct Offer {
    id: Uuid,
    email: String,
    roles: Vec<String>,
    invited_by: Option<Uuid>,
}

/// The Russian labels of role codes, for the person and the operator.
pub fn role_labels(roles: &[String]) -> String {
    roles
        .iter()
        .map(|code| Role::from_code(code).map_or(code.as_str(), |role| role.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Offers `role` to `email`; inviting the same address again adds the role to the open offer
/// and sends a new link (the previous one stops working). The answer is the same whether or not
/// the address is registered anywhere.
pub async fn invite(slug: &str, full_name: &str, email: &str, role: &str) -> Result<(), AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let email = normalise_email(email)?;
    let full_name = full_name_of(full_name)?;
    let role = role_of(role)?;
    let (token, hash) = session::new_token();
    let roles: Vec<String> = sqlx::query_scalar(
        "insert into invitations (tenant_id, email, full_name, roles, invited_by, token_hash, expires_at)
         values ($1, $2, $3, array[$4], $5, $6, now() + make_interval(hours => $7))
         on conflict (tenant_id, email) where accepted_at is null do update
             set roles = (select array_agg(distinct r order by r) from unnest(invitations.roles || excluded.roles) r),
                 full_name = excluded.full_name, invited_by = excluded.invited_by,
                 token_hash = excluded.token_hash, expires_at = excluded.expires_at
         returning roles",
    )
    .bind(ctx.tenant_id())
    .bind(&email)
    .bind(&full_name)
    .bind(role.code())
    .bind(ctx.user.user_id)
    .bind(hash)
    .bind(INVITATION_HOURS)
    .fetch_one(ctx.conn())
    .await?;
    let region = &ctx.tenant.card;
    let link = format!(
        "{}/r/{}/invitation?token={token}",
        ctx.state.public_url.trim_end_matches('/'),
        region.slug
    );
    let message = templates::invitation_offer(&region.name, &full_name, &role_labels(&roles), &link);
    notifications::send_one_time_link(&mut ctx, &email, message).await?;
    ctx.audit(
        "invitation_sent",
        serde_json::json!({ "to": email, "role": role.code() }),
    )
    .await?;
    ctx.commit().await
}

#[derive(sqlx::FromRow)]
struct Pending {
    email: String,
    full_name: String,
    roles: Vec<String>,
    sent_at: String,
}

/// The region's open invitations as the operator typed them.
pub async fn get_pending_invitations(slug: &str) -> Result<Vec<PendingInvitation>, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let rows: Vec<Pending> = sqlx::query_as(&format!(
        "select email, full_name, roles, to_char(updated_at at time zone $2, {}) as sent_at
         from invitations where tenant_id = $1 and accepted_at is null order by updated_at desc",
        crate::state::LOCAL_TIME
    ))
    .bind(ctx.tenant_id())
    .bind(ctx.tenant.time_zone.clone())
    .fetch_all(ctx.conn())
    .await?;
    ctx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|row| PendingInvitation {
            email: row.email,
            full_name: row.full_name,
            roles: row.roles,
            sent_at: row.sent_at,
        })
        .collect())
}

/// The open invitation of this link, locked until the transaction ends.
async fn offer_by_token(conn: &mut PgConnection, tenant_id: Uuid, token: &str) -> Result<Offer, AppError> {
    sqlx::query_as(
        "select id, email, roles, invited_by from invitations
         where tenant_id = $1 and token_hash = $2 and accepted_at is null and expires_at > now()
         for update",
    )
    .bind(tenant_id)
    .bind(session::token_hash(token))
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::TokenInvalid)
}

/// The active, confirmed account with this address, if any.
async fn confirmed_account(conn: &mut PgConnection, email: &str) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("select id from users where email = $1 and active and email_confirmed_at is not null")
        .bind(email)
        .fetch_optional(conn)
        .await
}

/// What the invitation page shows to whoever holds the link.
pub async fn get_invitation(slug: &str, token: &str) -> Result<InvitationView, AppError> {
    let Visitor { mut ctx, user } = Visitor::require(slug).await?;
    let tenant_id = ctx.tenant_id();
    let offer = offer_by_token(ctx.conn(), tenant_id, token).await?;
    let account = confirmed_account(ctx.conn(), &offer.email).await?;
    let region_name = ctx.tenant.card.name.clone();
    ctx.commit().await?;
    let signed_in = user.map(|u| u.user_id);
    let access = match account {
        None => InvitationAccess::SetPassword,
        Some(id) if signed_in == Some(id) => InvitationAccess::Accept,
        Some(_) => InvitationAccess::SignIn,
    };
    Ok(InvitationView {
        region_name,
        email: offer.email,
        roles: role_labels(&offer.roles),
        access,
    })
}

/// Accepts by the e-mailed link: a confirmed account must be signed in; otherwise the link
/// proves the mailbox, and the password set here replaces any chosen at registration.
pub async fn accept_invitation(slug: &str, token: &str, password_text: Option<&str>) -> Result<(), AppError> {
    let Visitor { mut ctx, user } = Visitor::require(slug).await?;
    let tenant_id = ctx.tenant_id();
    let offer = offer_by_token(ctx.conn(), tenant_id, token).await?;
    let user_id = match confirmed_account(ctx.conn(), &offer.email).await? {
        Some(id) => {
            let me = user.ok_or(AppError::Unauthorized)?;
            if me.user_id != id {
                return Err(AppError::invalid("token", ru::INVITATION_OTHER_ACCOUNT));
            }
            id
        }
        None => {
            let password_text = password_text
                .filter(|p| !p.is_empty())
                .ok_or_else(|| AppError::invalid("password", ru::CONFIRM_PASSWORD_REQUIRED))?;
            check_password(password_text)?;
            let hash = hash_password(password_text).await?;
            account_from_invitation(ctx.conn(), tenant_id, &offer, &hash).await?
        }
    };
    join(ctx.conn(), tenant_id, &offer, user_id).await?;
    ctx.commit().await
}

/// Creates the invited person's account, or takes over an unconfirmed one with this address
/// (whose registration password nobody proved), confirmed by the link; its sessions end.
async fn account_from_invitation(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    offer: &Offer,
    hash: &str,
) -> Result<Uuid, sqlx::Error> {
    let user_id: Uuid = sqlx::query_scalar(
        "insert into users (email, password_hash, full_name, email_confirmed_at)
         select $1, $2, full_name, now() from invitations where tenant_id = $3 and id = $4
         on conflict (email) do update
             set password_hash = excluded.password_hash, email_confirmed_at = now(),
                 failed_logins = 0, locked_until = null
         returning id",
    )
    .bind(&offer.email)
    .bind(hash)
    .bind(tenant_id)
    .bind(offer.id)
    .fetch_one(&mut *conn)
    .await?;
    session::revoke_all(&mut *conn, user_id).await?;
    Ok(user_id)
}

/// Makes the person a member with the offered roles and closes the invitation.
async fn join(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    offer: &Offer,
    user_id: Uuid,
) -> Result<(), AppError> {
    sqlx::query(
        "insert into memberships (tenant_id, user_id, position) values ($1, $2, 'other')
         on conflict (tenant_id, user_id) do update set active = true",
    )
    .bind(tenant_id)
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "insert into role_grants (tenant_id, user_id, role, granted_by)
         select $1, $2, unnest($3::text[]), $4 on conflict do nothing",
    )
    .bind(tenant_id)
    .bind(user_id)
    .bind(&offer.roles)
    .bind(offer.invited_by)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "update invitations set accepted_at = now(), accepted_by = $3 where tenant_id = $1 and id = $2",
    )
    .bind(tenant_id)
    .bind(offer.id)
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    let details = serde_json::json!({ "roles": offer.roles });
    audit(
        conn,
        Some(tenant_id),
        Some(user_id),
        "invitation_accepted",
        details,
    )
    .await?;
    Ok(())
}

/// The signed-in person's confirmed address, the key of their invitations.
async fn my_email(conn: &mut PgConnection, user_id: Uuid) -> Result<String, AppError> {
    sqlx::query_scalar("select email from users where id = $1 and active and email_confirmed_at is not null")
        .bind(user_id)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::Unauthorized)
}

#[derive(sqlx::FromRow)]
struct Mine {
    id: Uuid,
    roles: Vec<String>,
}

/// Open invitations of the region addressed to the signed-in person.
pub async fn get_my_invitations(slug: &str) -> Result<Vec<MyInvitation>, AppError> {
    let Person { mut ctx, user } = Person::require(slug).await?;
    let email = my_email(ctx.conn(), user.user_id).await?;
    let rows: Vec<Mine> = sqlx::query_as(
        "select id, roles from invitations
         where tenant_id = $1 and email = $2 and accepted_at is null and expires_at > now()
         order by created_at",
    )
    .bind(ctx.tenant_id())
    .bind(&email)
    .fetch_all(ctx.conn())
    .await?;
    ctx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|row| MyInvitation {
            id: row.id.to_string(),
            roles: role_labels(&row.roles),
        })
        .collect())
}

/// Accepts one of the signed-in person's invitations from their personal account.
pub async fn accept_my_invitation(slug: &str, id: &str) -> Result<(), AppError> {
    let Person { mut ctx, user } = Person::require(slug).await?;
    let id = crate::state::parse_id(id)?;
    let email = my_email(ctx.conn(), user.user_id).await?;
    let tenant_id = ctx.tenant_id();
    let offer: Offer = sqlx::query_as(
        "select id, email, roles, invited_by from invitations
         where tenant_id = $1 and id = $2 and email = $3 and accepted_at is null and expires_at > now()
         for update",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(&email)
    .fetch_optional(ctx.conn())
    .await?
    .ok_or(AppError::NotFound)?;
    join(ctx.conn(), tenant_id, &offer, user.user_id).await?;
    ctx.commit().await
}
