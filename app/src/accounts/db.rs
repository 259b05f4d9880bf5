//! The accounts' SQL that more than one action runs, with its row types.

use sqlx::PgConnection;
use uuid::Uuid;

/// The active account with an address, as recovery and e-mail changes look it up.
#[derive(sqlx::FromRow)]
pub struct UserByEmail {
    pub id: Uuid,
    pub full_name: String,
    pub confirmed: bool,
}

pub async fn user_by_email(conn: &mut PgConnection, email: &str) -> Result<Option<UserByEmail>, sqlx::Error> {
    sqlx::query_as(
        "select id, full_name, email_confirmed_at is not null as confirmed
         from users where email = $1 and active",
    )
    .bind(email)
    .fetch_optional(conn)
    .await
}

/// What proving one's password needs, and who the person is.
#[derive(sqlx::FromRow)]
pub struct Credentials {
    pub password_hash: String,
    pub email: String,
    pub full_name: String,
}

pub async fn credentials(conn: &mut PgConnection, user_id: Uuid) -> Result<Option<Credentials>, sqlx::Error> {
    sqlx::query_as("select password_hash, email, full_name from users where id = $1 and active")
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// The person and the region of a consumed e-mail token.
#[derive(sqlx::FromRow)]
pub struct TokenUse {
    pub user_id: Uuid,
    pub tenant_id: Option<Uuid>,
}

/// Consumes a single-use e-mail token of one of `purposes`.
pub async fn consume_token(
    conn: &mut PgConnection,
    hash: &[u8],
    purposes: &[&str],
) -> Result<Option<TokenUse>, sqlx::Error> {
    sqlx::query_as(
        "update email_tokens set used_at = now()
         where token_hash = $1 and purpose = any($2) and used_at is null and expires_at > now()
         returning user_id, tenant_id",
    )
    .bind(hash)
    .bind(purposes.iter().map(|p| p.to_string()).collect::<Vec<_>>())
    .fetch_optional(conn)
    .await
}

/// Stores an e-mail token of `purpose` valid for `hours` (`new_email` for an address change).
pub async fn insert_email_token(
    conn: &mut PgConnection,
    hash: Vec<u8>,
    user_id: Uuid,
    tenant_id: Uuid,
    purpose: &str,
    hours: i32,
    new_email: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into email_tokens (token_hash, user_id, tenant_id, purpose, expires_at, new_email)
         values ($1, $2, $3, $4, now() + make_interval(hours => $5), $6)",
    )
    .bind(hash)
    .bind(user_id)
    .bind(tenant_id)
    .bind(purpose)
    .bind(hours)
    .bind(new_email)
    .execute(conn)
    .await
    .map(|_| ())
}

/// The region's slug, empty for none (an e-mail token may belong to no region).
pub async fn slug_of(conn: &mut PgConnection, tenant_id: Option<Uuid>) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("select slug from tenants where id = $1")
        .bind(tenant_id)
        .fetch_optional(conn)
        .await
        .map(Option::unwrap_or_default)
}

/// The person's role codes in a region, sorted.
pub async fn role_codes(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("select role from role_grants where tenant_id = $1 and user_id = $2 order by role")
        .bind(tenant_id)
        .bind(user_id)
        .fetch_all(conn)
        .await
}
