//! `server admin create`: the first platform administrator, from the command line.

use sqlx::PgPool;
use uuid::Uuid;

use super::checks;
use crate::{
    accounts::{password, session},
    error::AppError,
    i18n::ru,
};

/// How long the printed set-password link stays valid.
const LINK_HOURS: i32 = 24;

/// What the command did: the link to print, and whether the account is new.
pub struct AdminLink {
    pub link: String,
    pub created: bool,
}

/// Creates the account (unconfirmed, with a password nobody knows) or takes the existing one,
/// grants it `platform_admin`, and returns a one-time link to `/reset`, which sets the password
/// and confirms the address. Runs with the owner's pool: only the owner may grant the role.
pub async fn create_admin(
    owner: &PgPool,
    email: &str,
    full_name: Option<&str>,
    public_url: &str,
) -> Result<AdminLink, AppError> {
    let email = checks::email_of(email)?;
    let full_name = checks::full_name_of(full_name.unwrap_or(ru::CLI_ADMIN_DEFAULT_NAME))?;
    let mut tx = owner.begin().await?;
    let existing: Option<Uuid> = sqlx::query_scalar("select id from users where email = $1")
        .bind(&email)
        .fetch_optional(&mut *tx)
        .await?;
    let user_id = match existing {
        Some(id) => id,
        None => {
            let (unknown, _) = session::new_token();
            let hash = tokio::task::spawn_blocking(move || password::hash(&unknown))
                .await
                .map_err(AppError::internal)?;
            sqlx::query_scalar(
                "insert into users (email, password_hash, full_name) values ($1, $2, $3) returning id",
            )
            .bind(&email)
            .bind(hash)
            .bind(&full_name)
            .fetch_one(&mut *tx)
            .await?
        }
    };
    sqlx::query("insert into platform_admins (user_id) values ($1) on conflict do nothing")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let (token, hash) = session::new_token();
    sqlx::query(
        "insert into email_tokens (token_hash, user_id, purpose, expires_at)
         values ($1, $2, 'reset_password', now() + make_interval(hours => $3))",
    )
    .bind(hash)
    .bind(user_id)
    .bind(LINK_HOURS)
    .execute(&mut *tx)
    .await?;
    let action = if existing.is_some() {
        "admin_granted"
    } else {
        "admin_created"
    };
    sqlx::query("insert into platform_audit (user_id, action, details) values ($1, $2, $3)")
        .bind(user_id)
        .bind(action)
        .bind(serde_json::json!({ "email": email, "by": "command line" }))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(AdminLink {
        link: format!("{}/reset?token={token}", public_url.trim_end_matches('/')),
        created: existing.is_none(),
    })
}
