//! Invitations: an operator's offer of roles in the region. Nothing about the invited person is
//! created or shown to the region until they accept: an address may belong to a person of
//! another region, who must not gain a membership (or lose their sessions to this region's
//! operator) without consent, and whose name and confirmation state are not this region's
//! business. The person accepts by the e-mailed link (a new or unconfirmed account sets its
//! password there, since the link proves the mailbox) or in their personal account.

use uuid::Uuid;

use super::{
    password,
    service::{audit, check_password, check_role, full_name_of, normalise_email, require_role, tenant},
    session, InvitationAccess, InvitationView, MyInvitation, PendingInvitation,
};
use crate::{
    error::AppError,
    i18n::ru,
    notifications::{self, templates},
    state::{begin_tenant, AppState},
};

/// How long an invitation link stays valid.
const INVITATION_HOURS: i32 = 72;

/// An open invitation, locked for the transaction that accepts it.
struct Offer {
    id: Uuid,
    email: String,
    roles: Vec<String>,
    invited_by: Option<Uuid>,
}

fn role_labels(roles: &[String]) -> String {
    roles
        .iter()
        .map(|r| ru::label(&ru::ROLES, r))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Offers `role` to `email`; inviting the same address again adds the role to the open offer
/// and sends a new link (the previous one stops working). The answer is the same whether or not
/// the address is registered anywhere.
pub async fn invite(
    state: &AppState,
    slug: &str,
    full_name: &str,
    email: &str,
    role: &str,
) -> Result<(), AppError> {
    let (tenant, operator) = require_role(state, slug, &["regional_operator"]).await?;
    let email = normalise_email(email)?;
    let full_name = full_name_of(full_name)?;
    check_role(role)?;
    let (token, hash) = session::new_token();
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let roles: Vec<String> = sqlx::query_scalar(
        "insert into invitations (tenant_id, email, full_name, roles, invited_by, token_hash, expires_at)
         values ($1, $2, $3, array[$4], $5, $6, now() + make_interval(hours => $7))
         on conflict (tenant_id, email) where accepted_at is null do update
             set roles = (select array_agg(distinct r order by r) from unnest(invitations.roles || excluded.roles) r),
                 full_name = excluded.full_name, invited_by = excluded.invited_by,
                 token_hash = excluded.token_hash, expires_at = excluded.expires_at
         returning roles",
    )
    .bind(tenant.id)
    .bind(&email)
    .bind(&full_name)
    .bind(role)
    .bind(operator.user_id)
    .bind(hash)
    .bind(INVITATION_HOURS)
    .fetch_one(&mut *tx)
    .await?;
    let link = format!(
        "{}/r/{}/invitation?token={token}",
        state.public_url.trim_end_matches('/'),
        tenant.card.slug
    );
    let message = templates::invitation_offer(&tenant.card.name, &full_name, &role_labels(&roles), &link);
    notifications::enqueue_one_time_link(&mut tx, Some(tenant.id), &email, message).await?;
    let details = serde_json::json!({ "to": email, "role": role });
    audit(
        &mut tx,
        Some(tenant.id),
        Some(operator.user_id),
        "invitation_sent",
        details,
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    Ok(())
}

/// The region's open invitations as the operator typed them.
pub async fn pending(state: &AppState, slug: &str) -> Result<Vec<PendingInvitation>, AppError> {
    let (tenant, _) = require_role(state, slug, &["regional_operator"]).await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let rows = sqlx::query_as::<_, (String, String, Vec<String>, String)>(&format!(
        "select email, full_name, roles, to_char(updated_at at time zone $2, {})
         from invitations where tenant_id = $1 and accepted_at is null order by updated_at desc",
        crate::state::LOCAL_TIME
    ))
    .bind(tenant.id)
    .bind(&tenant.time_zone)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|(email, full_name, roles, sent_at)| PendingInvitation {
            email,
            full_name,
            roles,
            sent_at,
        })
        .collect())
}

/// The open invitation of this link, locked until the transaction ends.
async fn offer_by_token(
    tx: &mut sqlx::PgConnection,
    tenant_id: Uuid,
    token: &str,
) -> Result<Offer, AppError> {
    let row = sqlx::query_as::<_, (Uuid, String, Vec<String>, Option<Uuid>)>(
        "select id, email, roles, invited_by from invitations
         where tenant_id = $1 and token_hash = $2 and accepted_at is null and expires_at > now()
         for update",
    )
    .bind(tenant_id)
    .bind(session::token_hash(token))
    .fetch_optional(tx)
    .await?;
    let (id, email, roles, invited_by) = row.ok_or(AppError::TokenInvalid)?;
    Ok(Offer {
        id,
        email,
        roles,
        invited_by,
    })
}

/// The active, confirmed account with this address, if any.
async fn confirmed_account(tx: &mut sqlx::PgConnection, email: &str) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("select id from users where email = $1 and active and email_confirmed_at is not null")
        .bind(email)
        .fetch_optional(tx)
        .await
}

/// What the invitation page shows to whoever holds the link.
pub async fn view(state: &AppState, slug: &str, token: &str) -> Result<InvitationView, AppError> {
    let tenant = tenant(&state.db, slug).await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let offer = offer_by_token(&mut tx, tenant.id, token).await?;
    let account = confirmed_account(&mut tx, &offer.email).await?;
    tx.commit().await?;
    let signed_in = crate::state::auth_user().map(|u| u.user_id);
    let access = match account {
        None => InvitationAccess::SetPassword,
        Some(id) if signed_in == Some(id) => InvitationAccess::Accept,
        Some(_) => InvitationAccess::SignIn,
    };
    Ok(InvitationView {
        region_name: tenant.card.name,
        email: offer.email,
        roles: role_labels(&offer.roles),
        access,
    })
}

/// Accepts by the e-mailed link: a confirmed account must be signed in; otherwise the link
/// proves the mailbox, and the password set here replaces any chosen at registration.
pub async fn accept(
    state: &AppState,
    slug: &str,
    token: &str,
    password_text: Option<&str>,
) -> Result<(), AppError> {
    let tenant = tenant(&state.db, slug).await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let offer = offer_by_token(&mut tx, tenant.id, token).await?;
    let user_id = match confirmed_account(&mut tx, &offer.email).await? {
        Some(id) => {
            let me = crate::state::auth_user().ok_or(AppError::Unauthorized)?;
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
            let password_text = password_text.to_string();
            let hash = tokio::task::spawn_blocking(move || password::hash(&password_text))
                .await
                .map_err(AppError::internal)?;
            account_from_invitation(&mut tx, tenant.id, &offer, &hash).await?
        }
    };
    join(&mut tx, tenant.id, &offer, user_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates the invited person's account, or takes over an unconfirmed one with this address
/// (whose registration password nobody proved), confirmed by the link; its sessions end.
async fn account_from_invitation(
    tx: &mut sqlx::PgConnection,
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
    .fetch_one(&mut *tx)
    .await?;
    session::revoke_all(&mut *tx, user_id).await?;
    Ok(user_id)
}

/// Makes the person a member with the offered roles and closes the invitation.
async fn join(
    tx: &mut sqlx::PgConnection,
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
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "insert into role_grants (tenant_id, user_id, role, granted_by)
         select $1, $2, unnest($3::text[]), $4 on conflict do nothing",
    )
    .bind(tenant_id)
    .bind(user_id)
    .bind(&offer.roles)
    .bind(offer.invited_by)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "update invitations set accepted_at = now(), accepted_by = $3 where tenant_id = $1 and id = $2",
    )
    .bind(tenant_id)
    .bind(offer.id)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    let details = serde_json::json!({ "roles": offer.roles });
    audit(tx, Some(tenant_id), Some(user_id), "invitation_accepted", details).await?;
    Ok(())
}

/// The signed-in person's confirmed address, the key of their invitations.
async fn my_email(tx: &mut sqlx::PgConnection, user_id: Uuid) -> Result<String, AppError> {
    sqlx::query_scalar("select email from users where id = $1 and active and email_confirmed_at is not null")
        .bind(user_id)
        .fetch_optional(tx)
        .await?
        .ok_or(AppError::Unauthorized)
}

/// Open invitations of the region addressed to the signed-in person.
pub async fn mine(state: &AppState, slug: &str) -> Result<Vec<MyInvitation>, AppError> {
    let user = crate::state::auth_user().ok_or(AppError::Unauthorized)?;
    let tenant = tenant(&state.db, slug).await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let email = my_email(&mut tx, user.user_id).await?;
    let rows = sqlx::query_as::<_, (Uuid, Vec<String>)>(
        "select id, roles from invitations
         where tenant_id = $1 and email = $2 and accepted_at is null and expires_at > now()
         order by created_at",
    )
    .bind(tenant.id)
    .bind(&email)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|(id, roles)| MyInvitation {
            id: id.to_string(),
            roles: role_labels(&roles),
        })
        .collect())
}

/// Accepts one of the signed-in person's invitations from their personal account.
pub async fn accept_mine(state: &AppState, slug: &str, id: &str) -> Result<(), AppError> {
    let user = crate::state::auth_user().ok_or(AppError::Unauthorized)?;
    let tenant = tenant(&state.db, slug).await?;
    let id = crate::state::parse_id(id)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let email = my_email(&mut tx, user.user_id).await?;
    let row = sqlx::query_as::<_, (Uuid, String, Vec<String>, Option<Uuid>)>(
        "select id, email, roles, invited_by from invitations
         where tenant_id = $1 and id = $2 and email = $3 and accepted_at is null and expires_at > now()
         for update",
    )
    .bind(tenant.id)
    .bind(id)
    .bind(&email)
    .fetch_optional(&mut *tx)
    .await?;
    let (id, email, roles, invited_by) = row.ok_or(AppError::NotFound)?;
    let offer = Offer {
        id,
        email,
        roles,
        invited_by,
    };
    join(&mut tx, tenant.id, &offer, user.user_id).await?;
    tx.commit().await?;
    Ok(())
}
