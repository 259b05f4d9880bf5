//! What the account server functions do, on the server.

use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::{
    password, rate_limit::Action, session, Profile, RegistrationForm, RegistrationOptions, SchoolOption,
};
use crate::{
    error::AppError,
    i18n::ru,
    notifications::{self, templates},
    state::{begin_tenant, AppState},
    tenancy::db::{tenant_by_slug, TenantRow},
};

const CONSENT_VERSION: &str = "2026-11-01";

/// Counts the request against the limits of its client address and, when given, its account.
pub(crate) fn limit(state: &AppState, action: Action, account: Option<&str>) -> Result<(), AppError> {
    let ip = crate::state::client_ip().map_or_else(|| "unknown".to_string(), super::rate_limit::client_key);
    state
        .limits
        .check(action, &ip)
        .map_err(|retry_after| AppError::RateLimited { retry_after })?;
    if let Some(account) = account {
        state
            .limits
            .check(action, &format!("account:{}", account.trim().to_lowercase()))
            .map_err(|retry_after| AppError::RateLimited { retry_after })?;
    }
    Ok(())
}

pub(crate) async fn tenant(db: &PgPool, slug: &str) -> Result<TenantRow, AppError> {
    tenant_by_slug(db, slug).await?.ok_or(AppError::RegionNotFound)
}

pub(crate) use crate::access::audit;

pub async fn registration_options(state: &AppState, slug: &str) -> Result<RegistrationOptions, AppError> {
    let tenant = tenant(&state.db, slug).await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let municipalities = sqlx::query_as::<_, (Uuid, String)>(
        "select id, name from municipalities where tenant_id = $1 order by lower(name)",
    )
    .bind(tenant.id)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|(id, name)| (id.to_string(), name))
    .collect();
    let schools = sqlx::query_as::<_, (Uuid, Uuid, String)>(
        "select id, municipality_id, name from schools where tenant_id = $1 order by lower(name)",
    )
    .bind(tenant.id)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|(id, municipality_id, name)| SchoolOption {
        id: id.to_string(),
        municipality_id: municipality_id.to_string(),
        name,
    })
    .collect();
    tx.commit().await?;
    Ok(RegistrationOptions {
        region_name: tenant.card.name,
        municipalities,
        schools,
    })
}

pub(crate) fn normalise_email(email: &str) -> Result<String, AppError> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        })
        && !email.contains(char::is_whitespace);
    if valid {
        Ok(email)
    } else {
        Err(AppError::invalid(
            "email",
            "Укажите адрес электронной почты в виде name@example.ru.",
        ))
    }
}

/// Longest password accepted: argon2 hashes any length, but a megabyte "password" would only
/// cost the server time.
const MAX_PASSWORD_CHARS: usize = 256;
const MAX_FULL_NAME_CHARS: usize = 200;
const MAX_SUBJECTS_CHARS: usize = 1000;

pub(crate) fn check_password(password_text: &str) -> Result<(), AppError> {
    if password_text.chars().count() > MAX_PASSWORD_CHARS {
        return Err(AppError::invalid(
            "password",
            ru::error_too_long(ru::FIELD_PASSWORD_LABEL, MAX_PASSWORD_CHARS),
        ));
    }
    password::check_strength(password_text).map_err(|weakness| match weakness {
        password::Weakness::TooShort => {
            AppError::invalid("password", "Пароль должен быть не короче 8 символов.")
        }
        password::Weakness::Common => AppError::invalid(
            "password",
            "Этот пароль слишком распространён, его легко подобрать. Придумайте другой.",
        ),
    })
}

/// A full name with its spaces tidied; at least three letters, at most 200.
pub(crate) fn full_name_of(text: &str) -> Result<String, AppError> {
    let full_name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if full_name.chars().count() < 3 {
        return Err(AppError::invalid("full_name", "Укажите фамилию, имя и отчество."));
    }
    if full_name.chars().count() > MAX_FULL_NAME_CHARS {
        return Err(AppError::invalid(
            "full_name",
            ru::error_too_long(ru::FIELD_FULL_NAME, MAX_FULL_NAME_CHARS),
        ));
    }
    Ok(full_name)
}

/// Years of experience from a form field; empty means not given.
fn experience_of(text: &str) -> Result<Option<i32>, AppError> {
    match text.trim() {
        "" => Ok(None),
        text => text
            .parse::<i32>()
            .ok()
            .filter(|y| (0..=70).contains(y))
            .map(Some)
            .ok_or_else(|| AppError::invalid("experience_years", "Стаж — целое число лет от 0 до 70.")),
    }
}

/// Subjects from a comma- or semicolon-separated field of at most 1000 characters.
fn subjects_of(text: &str) -> Result<Vec<String>, AppError> {
    if text.chars().count() > MAX_SUBJECTS_CHARS {
        return Err(AppError::invalid(
            "subjects",
            ru::error_too_long(ru::FIELD_SUBJECTS, MAX_SUBJECTS_CHARS),
        ));
    }
    Ok(text
        .split([',', ';'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect())
}

/// The signed-in person's e-mail and name, once their password is confirmed; `field` names the
/// input a wrong password is reported on.
async fn confirm_password(
    state: &AppState,
    user_id: Uuid,
    password_text: &str,
    field: &str,
) -> Result<(String, String), AppError> {
    let (stored, email, full_name): (String, String, String) =
        sqlx::query_as("select password_hash, email, full_name from users where id = $1 and active")
            .bind(user_id)
            .fetch_optional(&state.db)
            .await?
            .ok_or(AppError::Unauthorized)?;
    let password_text = password_text.to_string();
    let (valid, _) = tokio::task::spawn_blocking(move || password::verify(&password_text, &stored))
        .await
        .map_err(AppError::internal)?;
    if !valid {
        let message = if field == "current_password" {
            "Текущий пароль указан неверно."
        } else {
            "Пароль указан неверно."
        };
        return Err(AppError::invalid(field, message));
    }
    Ok((email, full_name))
}

fn parse_uuid(field: &str, value: &str, message: &str) -> Result<Uuid, AppError> {
    value.parse().map_err(|_| AppError::invalid(field, message))
}

/// Creates an e-mail token and queues the message built from its link.
async fn send_link(
    tx: &mut Transaction<'static, Postgres>,
    state: &AppState,
    tenant: &TenantRow,
    user_id: Uuid,
    recipient: &str,
    purpose: &str,
    email: impl FnOnce(&str) -> notifications::Email,
) -> Result<(), sqlx::Error> {
    let (token, hash) = session::new_token();
    let (path, hours) = match purpose {
        "confirm_email" => ("confirm", 24),
        _ => ("reset", 1),
    };
    sqlx::query(
        "insert into email_tokens (token_hash, user_id, tenant_id, purpose, expires_at)
         values ($1, $2, $3, $4, now() + make_interval(hours => $5))",
    )
    .bind(hash)
    .bind(user_id)
    .bind(tenant.id)
    .bind(purpose)
    .bind(hours)
    .execute(&mut **tx)
    .await?;
    let link = format!("{}/{path}?token={token}", state.public_url.trim_end_matches('/'));
    notifications::enqueue_one_time_link(tx, Some(tenant.id), recipient, email(&link)).await
}

pub async fn register(state: &AppState, form: RegistrationForm) -> Result<(), AppError> {
    limit(state, Action::Register, None)?;
    let tenant = tenant(&state.db, &form.slug).await?;
    let full_name = full_name_of(&form.full_name)?;
    let email = normalise_email(&form.email)?;
    let municipality = parse_uuid(
        "municipality_id",
        &form.municipality_id,
        "Выберите муниципальное образование.",
    )?;
    let school = parse_uuid("school_id", &form.school_id, "Выберите школу.")?;
    if !ru::POSITIONS.iter().any(|(code, _)| *code == form.position) {
        return Err(AppError::invalid("position", "Выберите должность из списка."));
    }
    let experience = experience_of(&form.experience_years)?;
    let subjects = subjects_of(&form.subjects)?;
    if form.consent.as_deref() != Some("on") {
        return Err(AppError::invalid(
            "consent",
            "Без согласия на обработку персональных данных регистрация невозможна.",
        ));
    }

    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let school_matches: bool = sqlx::query_scalar(
        "select exists(select 1 from schools where tenant_id = $1 and id = $2 and municipality_id = $3)",
    )
    .bind(tenant.id)
    .bind(school)
    .bind(municipality)
    .fetch_one(&mut *tx)
    .await?;
    if !school_matches {
        return Err(AppError::invalid(
            "school_id",
            "Выберите школу выбранного муниципального образования.",
        ));
    }
    let taken: bool = sqlx::query_scalar("select exists(select 1 from users where email = $1)")
        .bind(&email)
        .fetch_one(&mut *tx)
        .await?;
    if taken {
        return Err(AppError::invalid(
            "email",
            "Этот адрес уже зарегистрирован. Войдите или восстановите пароль.",
        ));
    }
    // Anyone can register any address, so the password is chosen by whoever follows the
    // confirmation link (the mailbox's owner); until then no one knows this random one.
    let password_hash = {
        let unknown = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            session::random_bytes(32),
        );
        tokio::task::spawn_blocking(move || password::hash(&unknown))
            .await
            .map_err(AppError::internal)?
    };
    let user_id: Uuid = sqlx::query_scalar(
        "insert into users (email, password_hash, full_name) values ($1, $2, $3) returning id",
    )
    .bind(&email)
    .bind(password_hash)
    .bind(&full_name)
    .fetch_one(&mut *tx)
    .await?;
    // The school is the person's own claim until the school or the region confirms it
    // (`confirmations`): until then it counts in no average and grants no role.
    sqlx::query(
        "insert into memberships (tenant_id, user_id, municipality_id, school_id, position, subjects, experience_years,
                                  school_status)
         values ($1, $2, $3, $4, $5, $6, $7, 'pending')",
    )
    .bind(tenant.id)
    .bind(user_id)
    .bind(municipality)
    .bind(school)
    .bind(&form.position)
    .bind(&subjects)
    .bind(experience)
    .execute(&mut *tx)
    .await?;
    // A director or deputy gets the director role only when the operator confirms them;
    // everyone else registers as a teacher.
    let role = (!super::confirmations::manages_school(&form.position)).then_some("teacher");
    if let Some(role) = role {
        sqlx::query("insert into role_grants (tenant_id, user_id, role) values ($1, $2, $3)")
            .bind(tenant.id)
            .bind(user_id)
            .bind(role)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("insert into consents (tenant_id, user_id, text_version, ip) values ($1, $2, $3, $4::inet)")
        .bind(tenant.id)
        .bind(user_id)
        .bind(CONSENT_VERSION)
        .bind(crate::state::client_ip().map(|ip| ip.to_string()))
        .execute(&mut *tx)
        .await?;
    let region = tenant.card.name.clone();
    send_link(
        &mut tx,
        state,
        &tenant,
        user_id,
        &email,
        "confirm_email",
        |link| templates::confirm_email(&region, &full_name, link),
    )
    .await?;
    audit(
        &mut tx,
        Some(tenant.id),
        Some(user_id),
        "registered",
        serde_json::json!({ "role": role, "school": school, "school_status": "pending" }),
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    Ok(())
}

/// Consumes a single-use e-mail token of `purpose`; returns the user and the region.
async fn consume_token(
    tx: &mut Transaction<'static, Postgres>,
    token: &str,
    purposes: &[&str],
) -> Result<(Uuid, Option<Uuid>), AppError> {
    sqlx::query_as::<_, (Uuid, Option<Uuid>)>(
        "update email_tokens set used_at = now()
         where token_hash = $1 and purpose = any($2) and used_at is null and expires_at > now()
         returning user_id, tenant_id",
    )
    .bind(session::token_hash(token))
    .bind(purposes.iter().map(|p| p.to_string()).collect::<Vec<_>>())
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::TokenInvalid)
}

async fn slug_of(tx: &mut sqlx::PgConnection, tenant_id: Option<Uuid>) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("select slug from tenants where id = $1")
        .bind(tenant_id)
        .fetch_optional(tx)
        .await
        .map(Option::unwrap_or_default)
}

/// Confirms the address (of a registration, or the new address of an e-mail change);
/// returns the region's slug for the link to the login page.
///
/// Confirming a registration sets the password: anyone can register someone else's address,
/// so the password typed at registration never becomes valid; only the one chosen by whoever
/// opened the e-mailed link does.
pub async fn confirm_email(
    state: &AppState,
    token: &str,
    password_text: Option<&str>,
) -> Result<String, AppError> {
    let mut tx = state.db.begin().await?;
    let (purpose, new_email): (String, Option<String>) = sqlx::query_as(
        "select purpose, new_email from email_tokens
             where token_hash = $1 and used_at is null and expires_at > now()",
    )
    .bind(session::token_hash(token))
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::TokenInvalid)?;
    let new_hash = match (purpose.as_str(), password_text.filter(|p| !p.is_empty())) {
        ("confirm_email", None) => return Err(AppError::invalid("password", ru::CONFIRM_PASSWORD_REQUIRED)),
        ("confirm_email", Some(password_text)) => {
            check_password(password_text)?;
            let password_text = password_text.to_string();
            Some(
                tokio::task::spawn_blocking(move || password::hash(&password_text))
                    .await
                    .map_err(AppError::internal)?,
            )
        }
        _ => None,
    };
    let (user_id, tenant_id) = consume_token(&mut tx, token, &["confirm_email", "change_email"]).await?;
    if let Some(hash) = new_hash {
        sqlx::query(
            "update users set password_hash = $2, failed_logins = 0, locked_until = null where id = $1",
        )
        .bind(user_id)
        .bind(hash)
        .execute(&mut *tx)
        .await?;
        session::revoke_all(&mut *tx, user_id).await?;
    }
    if let Some(new_email) = new_email {
        let taken: bool =
            sqlx::query_scalar("select exists(select 1 from users where email = $1 and id <> $2)")
                .bind(&new_email)
                .bind(user_id)
                .fetch_one(&mut *tx)
                .await?;
        if taken {
            return Err(AppError::invalid(
                "email",
                "Этот адрес уже занят другой учётной записью.",
            ));
        }
        sqlx::query("update users set email = $2 where id = $1")
            .bind(user_id)
            .bind(&new_email)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("update users set email_confirmed_at = coalesce(email_confirmed_at, now()) where id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let slug = slug_of(&mut tx, tenant_id).await?;
    tx.commit().await?;
    let mut tx = crate::state::begin_tenant(&state.db, tenant_id.unwrap_or_default()).await?;
    audit(
        &mut tx,
        tenant_id,
        Some(user_id),
        "email_confirmed",
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(slug)
}

/// The user with this address, its name and whether it is confirmed.
async fn user_by_email(db: &PgPool, email: &str) -> Result<Option<(Uuid, String, bool)>, sqlx::Error> {
    sqlx::query_as(
        "select id, full_name, email_confirmed_at is not null from users where email = $1 and active",
    )
    .bind(email)
    .fetch_optional(db)
    .await
}

/// Mails a link of `purpose` to `email` if it belongs to an account (unconfirmed only, when
/// `unconfirmed_only`); the caller answers the same either way, so addresses cannot be probed.
async fn mail_link_if_known(
    state: &AppState,
    slug: &str,
    email: &str,
    purpose: &str,
    unconfirmed_only: bool,
    message: fn(&str, &str, &str) -> notifications::Email,
) -> Result<(), AppError> {
    limit(state, Action::Recover, Some(email))?;
    let tenant = tenant(&state.db, slug).await?;
    let Ok(email) = normalise_email(email) else {
        return Ok(());
    };
    let Some((user_id, full_name, confirmed)) = user_by_email(&state.db, &email).await? else {
        return Ok(());
    };
    if unconfirmed_only && confirmed {
        return Ok(());
    }
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let region = tenant.card.name.clone();
    send_link(&mut tx, state, &tenant, user_id, &email, purpose, |link| {
        message(&region, &full_name, link)
    })
    .await?;
    audit(
        &mut tx,
        Some(tenant.id),
        Some(user_id),
        &format!("{purpose}_link_sent"),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    Ok(())
}

/// Sends the confirmation again.
pub async fn resend_confirmation(state: &AppState, slug: &str, email: &str) -> Result<(), AppError> {
    mail_link_if_known(
        state,
        slug,
        email,
        "confirm_email",
        true,
        templates::confirm_email,
    )
    .await
}

pub async fn logout(state: &AppState, everywhere: bool) -> Result<(), AppError> {
    if let Some(user) = crate::state::auth_user() {
        if everywhere {
            session::revoke_all(&state.db, user.user_id).await?;
        } else {
            session::revoke_family(&state.db, user.session_id).await?;
        }
        let mut conn = state.db.acquire().await?;
        let action = if everywhere { "logout_everywhere" } else { "logout" };
        audit(&mut conn, None, Some(user.user_id), action, serde_json::json!({})).await?;
    }
    crate::state::set_cookies(session::clear_cookies(state.auth.secure_cookies));
    Ok(())
}

/// Sends a reset link.
pub async fn request_password_reset(state: &AppState, slug: &str, email: &str) -> Result<(), AppError> {
    mail_link_if_known(
        state,
        slug,
        email,
        "reset_password",
        false,
        templates::password_reset,
    )
    .await
}

/// Sets a new password from a reset link, ends every session and tells the person by e-mail.
pub async fn reset_password(state: &AppState, token: &str, new_password: &str) -> Result<String, AppError> {
    check_password(new_password)?;
    let mut tx = state.db.begin().await?;
    let (user_id, tenant_id) = consume_token(&mut tx, token, &["reset_password", "invitation"]).await?;
    let new_password = new_password.to_string();
    let hash = tokio::task::spawn_blocking(move || password::hash(&new_password))
        .await
        .map_err(AppError::internal)?;
    let (email, full_name): (String, String) = sqlx::query_as(
        "update users set password_hash = $2, failed_logins = 0, locked_until = null,
             email_confirmed_at = coalesce(email_confirmed_at, now())
         where id = $1 returning email, full_name",
    )
    .bind(user_id)
    .bind(hash)
    .fetch_one(&mut *tx)
    .await?;
    session::revoke_all(&mut *tx, user_id).await?;
    let region: String = sqlx::query_scalar("select name from tenants where id = $1")
        .bind(tenant_id)
        .fetch_optional(&mut *tx)
        .await?
        .unwrap_or_default();
    notifications::enqueue(
        &mut tx,
        tenant_id,
        &email,
        templates::password_changed(&region, &full_name),
    )
    .await?;
    let slug = slug_of(&mut tx, tenant_id).await?;
    tx.commit().await?;
    let mut tx = begin_tenant(&state.db, tenant_id.unwrap_or_default()).await?;
    audit(
        &mut tx,
        tenant_id,
        Some(user_id),
        "password_reset",
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    Ok(slug)
}

/// The signed-in person, provided they hold one of `roles` in the region: the first line of
/// every protected server function. A refusal is recorded in the audit log.
pub async fn require_role(
    state: &AppState,
    slug: &str,
    roles: &[&str],
) -> Result<(TenantRow, session::AuthUser), AppError> {
    require_role_of(state, slug, roles, crate::state::auth_user()).await
}

/// [`require_role`] for plain HTTP handlers, which get the signed-in person from the request.
pub async fn require_role_of(
    state: &AppState,
    slug: &str,
    roles: &[&str],
    user: Option<session::AuthUser>,
) -> Result<(TenantRow, session::AuthUser), AppError> {
    let user = user.ok_or(AppError::Unauthorized)?;
    let tenant = tenant(&state.db, slug).await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let allowed: bool = sqlx::query_scalar(
        "select exists(select 1 from role_grants g
                       join users u on u.id = g.user_id
                       join memberships m on m.tenant_id = g.tenant_id and m.user_id = g.user_id
                       where g.tenant_id = $1 and g.user_id = $2 and g.role = any($3) and u.active and m.active
                         and u.email_confirmed_at is not null)",
    )
    .bind(tenant.id)
    .bind(user.user_id)
    .bind(roles.iter().map(|r| r.to_string()).collect::<Vec<_>>())
    .fetch_one(&mut *tx)
    .await?;
    if !allowed {
        audit(
            &mut tx,
            Some(tenant.id),
            Some(user.user_id),
            "access_denied",
            serde_json::json!({ "needs": roles }),
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::Forbidden);
    }
    tx.commit().await?;
    Ok((tenant, user))
}

pub async fn audit_log(state: &AppState, slug: &str) -> Result<Vec<super::AuditEntry>, AppError> {
    let (tenant, _) = require_role(state, slug, &["regional_operator"]).await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let rows = sqlx::query_as::<_, (String, Option<String>, String, Option<String>, serde_json::Value)>(
        "select to_char(a.created_at at time zone $2, 'DD.MM.YYYY HH24:MI:SS'), u.email, a.action,
                host(a.ip), a.details
         from audit_log a left join users u on u.id = a.user_id
         where a.tenant_id = $1
         order by a.id desc limit 200",
    )
    .bind(tenant.id)
    .bind(&tenant.time_zone)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|(at, email, action, ip, details)| super::AuditEntry {
            at,
            email,
            action,
            ip,
            details: details.to_string(),
        })
        .collect())
}

pub async fn profile(state: &AppState, slug: &str) -> Result<Option<Profile>, AppError> {
    let Some(user) = crate::state::auth_user() else {
        return Ok(None);
    };
    let tenant = tenant(&state.db, slug).await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let person =
        sqlx::query_as::<_, (String, String)>("select full_name, email from users where id = $1 and active")
            .bind(user.user_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((full_name, email)) = person else {
        return Ok(None);
    };
    let membership = sqlx::query_as::<_, (Option<String>, String, Vec<String>, Option<i32>)>(
        "select s.name, m.position, m.subjects, m.experience_years from memberships m
         left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         where m.tenant_id = $1 and m.user_id = $2 and m.active",
    )
    .bind(tenant.id)
    .bind(user.user_id)
    .fetch_optional(&mut *tx)
    .await?;
    let roles: Vec<String> = if membership.is_some() {
        sqlx::query_scalar("select role from role_grants where tenant_id = $1 and user_id = $2 order by role")
            .bind(tenant.id)
            .bind(user.user_id)
            .fetch_all(&mut *tx)
            .await?
    } else {
        Vec::new()
    };
    tx.commit().await?;
    Ok(Some(Profile {
        full_name,
        email,
        region_name: tenant.card.name,
        member: membership.is_some(),
        school: membership.as_ref().and_then(|m| m.0.clone()),
        subjects: membership.as_ref().map(|m| m.2.clone()).unwrap_or_default(),
        experience_years: membership.as_ref().and_then(|m| m.3),
        position: membership.map(|m| m.1),
        roles,
    }))
}

/// Changes the password after checking the current one; every other session of the person ends.
pub async fn change_password(
    state: &AppState,
    slug: &str,
    current: &str,
    new_password: &str,
) -> Result<(), AppError> {
    let user = crate::state::auth_user().ok_or(AppError::Unauthorized)?;
    let tenant = tenant(&state.db, slug).await?;
    check_password(new_password)?;
    let (email, full_name) = confirm_password(state, user.user_id, current, "current_password").await?;
    let new_password = new_password.to_string();
    let hash = tokio::task::spawn_blocking(move || password::hash(&new_password))
        .await
        .map_err(AppError::internal)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    sqlx::query("update users set password_hash = $2 where id = $1")
        .bind(user.user_id)
        .bind(hash)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "update refresh_tokens set revoked_at = now()
         where user_id = $1 and family_id <> $2 and revoked_at is null",
    )
    .bind(user.user_id)
    .bind(user.session_id)
    .execute(&mut *tx)
    .await?;
    notifications::enqueue(
        &mut tx,
        Some(tenant.id),
        &email,
        templates::password_changed(&tenant.card.name, &full_name),
    )
    .await?;
    audit(
        &mut tx,
        Some(tenant.id),
        Some(user.user_id),
        "password_changed",
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    Ok(())
}

/// Everything the platform stores about the signed-in person, as JSON (the right of access
/// under 152-ФЗ).
pub async fn export_my_data(
    state: &AppState,
    user: &session::AuthUser,
) -> Result<serde_json::Value, AppError> {
    let person = sqlx::query_as::<
        _,
        (
            String,
            String,
            Option<chrono::DateTime<chrono::Utc>>,
            chrono::DateTime<chrono::Utc>,
        ),
    >(
        "select email, full_name, email_confirmed_at, created_at from users where id = $1 and active",
    )
    .bind(user.user_id)
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::Unauthorized)?;
    let tenants: Vec<(uuid::Uuid, String)> = sqlx::query_as("select id, slug from tenants order by slug")
        .fetch_all(&state.db)
        .await?;
    let mut regions = Vec::new();
    for (tenant_id, slug) in tenants {
        let mut tx = begin_tenant(&state.db, tenant_id).await?;
        let membership =
            sqlx::query_as::<_, (String, Vec<String>, Option<i32>, Option<String>, Option<String>)>(
                "select m.position, m.subjects, m.experience_years, s.name, mu.name
             from memberships m
             left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
             left join municipalities mu on mu.tenant_id = m.tenant_id and mu.id = m.municipality_id
             where m.tenant_id = $1 and m.user_id = $2",
            )
            .bind(tenant_id)
            .bind(user.user_id)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some((position, subjects, experience, school, municipality)) = membership {
            let roles: Vec<String> = sqlx::query_scalar(
                "select role from role_grants where tenant_id = $1 and user_id = $2 order by role",
            )
            .bind(tenant_id)
            .bind(user.user_id)
            .fetch_all(&mut *tx)
            .await?;
            let consents: Vec<(String, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
                "select text_version, accepted_at from consents where tenant_id = $1 and user_id = $2",
            )
            .bind(tenant_id)
            .bind(user.user_id)
            .fetch_all(&mut *tx)
            .await?;
            let events: Vec<(String, Option<String>, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
                "select action, host(ip), created_at from audit_log
                 where tenant_id = $1 and user_id = $2 order by id",
            )
            .bind(tenant_id)
            .bind(user.user_id)
            .fetch_all(&mut *tx)
            .await?;
            regions.push(serde_json::json!({
                "region": slug,
                "position": position,
                "subjects": subjects,
                "experience_years": experience,
                "school": school,
                "municipality": municipality,
                "roles": roles,
                "consents": consents.iter().map(|(v, at)| serde_json::json!({"text_version": v, "accepted_at": at})).collect::<Vec<_>>(),
                "security_events": events.iter().map(|(a, ip, at)| serde_json::json!({"action": a, "ip": ip, "at": at})).collect::<Vec<_>>(),
            }));
        }
        tx.commit().await?;
    }
    Ok(serde_json::json!({
        "email": person.0,
        "full_name": person.1,
        "email_confirmed_at": person.2,
        "registered_at": person.3,
        "regions": regions,
    }))
}

/// Deletes the account: personal data is anonymised, sessions end, and what aggregates need
/// (membership of a school, position, results to come) stays without a name.
pub async fn delete_account(state: &AppState, slug: &str, password_text: &str) -> Result<(), AppError> {
    let user = crate::state::auth_user().ok_or(AppError::Unauthorized)?;
    let tenant = tenant(&state.db, slug).await?;
    confirm_password(state, user.user_id, password_text, "password").await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    sqlx::query(
        "update users set email = 'deleted-' || id || '@deleted.invalid', full_name = 'Удалённый пользователь',
             password_hash = '!', active = false, email_confirmed_at = null
         where id = $1",
    )
    .bind(user.user_id)
    .execute(&mut *tx)
    .await?;
    session::revoke_all(&mut *tx, user.user_id).await?;
    audit(
        &mut tx,
        Some(tenant.id),
        Some(user.user_id),
        "account_deleted",
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    crate::state::set_cookies(session::clear_cookies(state.auth.secure_cookies));
    Ok(())
}

const ROLES: [&str; 6] = [
    "teacher",
    "director",
    "municipal_coordinator",
    "regional_operator",
    "certificate_admin",
    "club_moderator",
];

pub(crate) fn check_role(role: &str) -> Result<(), AppError> {
    if ROLES.contains(&role) {
        Ok(())
    } else {
        Err(AppError::invalid("role", "Выберите роль из списка."))
    }
}

/// The region's people with their roles, for its operator.
pub async fn people(state: &AppState, slug: &str) -> Result<Vec<super::Person>, AppError> {
    let (tenant, _) = require_role(state, slug, &["regional_operator"]).await?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let rows = sqlx::query_as::<
        _,
        (
            Uuid,
            String,
            String,
            String,
            Option<String>,
            bool,
            bool,
            Vec<String>,
        ),
    >(
        "select u.id, u.full_name, u.email, m.position, s.name, m.active, u.email_confirmed_at is not null,
                coalesce(array_agg(g.role order by g.role) filter (where g.role is not null), '{}')
         from memberships m
         join users u on u.id = m.user_id
         left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         left join role_grants g on g.tenant_id = m.tenant_id and g.user_id = m.user_id
         where m.tenant_id = $1 and u.active
         group by u.id, u.full_name, u.email, m.position, s.name, m.active, u.email_confirmed_at
         order by lower(u.full_name)",
    )
    .bind(tenant.id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, full_name, email, position, school, active, confirmed, roles)| super::Person {
                user_id: id.to_string(),
                full_name,
                email,
                position,
                school,
                active,
                confirmed,
                roles,
            },
        )
        .collect())
}

/// Adds or removes one role of a member of the region.
pub async fn set_role(
    state: &AppState,
    slug: &str,
    user_id: &str,
    role: &str,
    granted: bool,
) -> Result<(), AppError> {
    let (tenant, operator) = require_role(state, slug, &["regional_operator"]).await?;
    check_role(role)?;
    let user_id = parse_uuid("user_id", user_id, "Пользователь не найден.")?;
    if !granted && role == "regional_operator" && user_id == operator.user_id {
        return Err(AppError::invalid(
            "role",
            "Нельзя снять роль регионального оператора с самого себя.",
        ));
    }
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let member: bool =
        sqlx::query_scalar("select exists(select 1 from memberships where tenant_id = $1 and user_id = $2)")
            .bind(tenant.id)
            .bind(user_id)
            .fetch_one(&mut *tx)
            .await?;
    if !member {
        return Err(AppError::invalid(
            "user_id",
            "Этот человек не состоит в вашем регионе.",
        ));
    }
    if granted {
        sqlx::query(
            "insert into role_grants (tenant_id, user_id, role, granted_by) values ($1, $2, $3, $4)
             on conflict do nothing",
        )
        .bind(tenant.id)
        .bind(user_id)
        .bind(role)
        .bind(operator.user_id)
        .execute(&mut *tx)
        .await?;
    } else {
        sqlx::query("delete from role_grants where tenant_id = $1 and user_id = $2 and role = $3")
            .bind(tenant.id)
            .bind(user_id)
            .bind(role)
            .execute(&mut *tx)
            .await?;
    }
    let action = if granted { "role_granted" } else { "role_revoked" };
    audit(
        &mut tx,
        Some(tenant.id),
        Some(operator.user_id),
        action,
        serde_json::json!({ "user": user_id, "role": role }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Closes (or reopens) a member's access to this region only. Their sessions stay, since they
/// may work in other regions; every request in this region checks the membership
/// (`require_role_of`, `diagnostics::attempts::member`, the profile, `rost_save_answer`).
pub async fn set_active(state: &AppState, slug: &str, user_id: &str, active: bool) -> Result<(), AppError> {
    let (tenant, operator) = require_role(state, slug, &["regional_operator"]).await?;
    let user_id = parse_uuid("user_id", user_id, "Пользователь не найден.")?;
    if user_id == operator.user_id {
        return Err(AppError::invalid("user_id", "Нельзя закрыть доступ самому себе."));
    }
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let updated = sqlx::query("update memberships set active = $3 where tenant_id = $1 and user_id = $2")
        .bind(tenant.id)
        .bind(user_id)
        .bind(active)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if updated == 0 {
        return Err(AppError::invalid(
            "user_id",
            "Этот человек не состоит в вашем регионе.",
        ));
    }
    let action = if active {
        "member_reactivated"
    } else {
        "member_deactivated"
    };
    audit(
        &mut tx,
        Some(tenant.id),
        Some(operator.user_id),
        action,
        serde_json::json!({ "user": user_id }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Starts an e-mail change: the new address gets a confirmation link, the old one a warning.
pub async fn request_email_change(
    state: &AppState,
    slug: &str,
    new_email: &str,
    password_text: &str,
) -> Result<(), AppError> {
    let user = crate::state::auth_user().ok_or(AppError::Unauthorized)?;
    limit(state, Action::EmailChange, Some(&user.user_id.to_string()))?;
    let tenant = tenant(&state.db, slug).await?;
    let new_email = normalise_email(new_email)?;
    let (old_email, full_name) = confirm_password(state, user.user_id, password_text, "password").await?;
    if new_email == old_email {
        return Err(AppError::invalid("email", "Это ваш текущий адрес."));
    }
    if user_by_email(&state.db, &new_email).await?.is_some() {
        return Err(AppError::invalid(
            "email",
            "Этот адрес уже занят другой учётной записью.",
        ));
    }
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let (token, hash) = session::new_token();
    sqlx::query(
        "insert into email_tokens (token_hash, user_id, tenant_id, purpose, expires_at, new_email)
         values ($1, $2, $3, 'change_email', now() + interval '24 hours', $4)",
    )
    .bind(hash)
    .bind(user.user_id)
    .bind(tenant.id)
    .bind(&new_email)
    .execute(&mut *tx)
    .await?;
    let link = format!(
        "{}/confirm?change=email&token={token}",
        state.public_url.trim_end_matches('/')
    );
    let region = &tenant.card.name;
    notifications::enqueue_one_time_link(
        &mut tx,
        Some(tenant.id),
        &new_email,
        templates::confirm_new_email(region, &full_name, &link),
    )
    .await?;
    notifications::enqueue(
        &mut tx,
        Some(tenant.id),
        &old_email,
        templates::email_change_requested(region, &full_name, &new_email),
    )
    .await?;
    audit(
        &mut tx,
        Some(tenant.id),
        Some(user.user_id),
        "email_change_requested",
        serde_json::json!({ "to": new_email }),
    )
    .await?;
    tx.commit().await?;
    state.outbox.wake();
    Ok(())
}

/// Edits the person's name and, in this region, subjects and experience.
pub async fn update_profile(
    state: &AppState,
    slug: &str,
    full_name: &str,
    subjects: &str,
    experience_years: &str,
) -> Result<(), AppError> {
    let user = crate::state::auth_user().ok_or(AppError::Unauthorized)?;
    let tenant = tenant(&state.db, slug).await?;
    let full_name = full_name_of(full_name)?;
    let experience = experience_of(experience_years)?;
    let subjects = subjects_of(subjects)?;
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    sqlx::query("update users set full_name = $2 where id = $1 and active")
        .bind(user.user_id)
        .bind(&full_name)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "update memberships set subjects = $3, experience_years = $4 where tenant_id = $1 and user_id = $2",
    )
    .bind(tenant.id)
    .bind(user.user_id)
    .bind(&subjects)
    .bind(experience)
    .execute(&mut *tx)
    .await?;
    audit(
        &mut tx,
        Some(tenant.id),
        Some(user.user_id),
        "profile_updated",
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
