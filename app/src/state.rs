//! Server-side state shared by every route and server function.

use axum::extract::FromRef;
use leptos::prelude::*;
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::error::AppError;

/// The one state type: given to `leptos_routes`, extracted by axum handlers, and reached from
/// server functions through [`app_state`].
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// Pool of the application role, which is subject to row-level security.
    pub db: PgPool,
}

/// The state from inside a server function or a component rendering on the server.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}

/// A transaction that sees only one tenant's rows.
///
/// Row-level security policies compare `tenant_id` with the transaction-local setting
/// `rost.tenant_id`; `set_config(.., true)` scopes it to this transaction so a pooled
/// connection never carries one request's tenant into the next.
pub async fn begin_tenant(
    pool: &PgPool,
    tenant_id: Uuid,
) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("select set_config('rost.tenant_id', $1, true)")
        .bind(tenant_id.to_string())
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}
