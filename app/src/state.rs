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
    pub auth: crate::accounts::session::AuthSettings,
    /// The address people reach the site at, for links in e-mails.
    pub public_url: String,
    pub outbox: crate::notifications::worker::OutboxSignal,
    pub limits: std::sync::Arc<crate::accounts::rate_limit::RateLimiter>,
    pub tenant_ids: std::sync::Arc<crate::tenancy::db::TenantIds>,
    pub autosaver: crate::diagnostics::autosave::Autosaver,
    pub uploads: crate::uploads::UploadGate,
    /// The server's data folder (`ROST_DATA_DIR`): files kept on disk, such as the club's.
    pub data_dir: std::path::PathBuf,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`ROST_TRUSTED_PROXIES`).
    pub trusted_proxies: std::sync::Arc<Vec<std::net::IpAddr>>,
    /// Seals the regions' certificate signing keys at rest (`ROST_KEY_ENCRYPTION_KEY`).
    pub certificate_master: crate::certificates::sealing::MasterKey,
    /// Wakes the club's fan-out worker when a post commits (`club::notify::fan_out_due`).
    pub club_fanout: std::sync::Arc<tokio::sync::Notify>,
    /// The public check's records, dropped on every change (`certificates::verify_cache`).
    pub verifications: std::sync::Arc<crate::certificates::verify_cache::VerifyCache>,
    /// Built dashboards under their region's data version (`dashboards::cache`).
    pub dashboards: std::sync::Arc<crate::dashboards::cache::DashboardCache>,
    /// Built support summaries under their region's data version (`support::dashboard::cache`).
    pub support_summaries: std::sync::Arc<crate::support::dashboard::cache::SummaryCache>,
    /// Pages of the support case list under their region's data version (`support::cases`).
    pub support_case_lists: std::sync::Arc<crate::support::CaseListCache>,
}

/// The client's address as resolved once per request by the server's middleware (through
/// trusted proxies only, see `accounts::rate_limit::client_address`).
#[derive(Clone, Copy, Debug)]
pub struct ClientIp(pub std::net::IpAddr);

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
    // One round trip instead of two for every request: the setting travels with `BEGIN` in one
    // simple-protocol message. A `Uuid` formats as hex and dashes only, so nothing can be
    // injected here.
    pool.begin_with(format!(
        "BEGIN; SELECT set_config('rost.tenant_id', '{tenant_id}', true)"
    ))
    .await
}

/// An id from a URL or form; one that is not a UUID names nothing, so it is "not found".
pub fn parse_id(id: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(id).map_err(|_| AppError::NotFound)
}

/// `DD.MM.YYYY HH24:MI`, for `to_char(… at time zone <region's zone>, LOCAL_TIME)`.
pub const LOCAL_TIME: &str = "'DD.MM.YYYY HH24:MI'";

/// The request being served, for server functions and pages rendered on the server.
pub fn request_parts() -> Option<axum::http::request::Parts> {
    use_context::<axum::http::request::Parts>()
}

/// The client address, for rate limits and the audit log.
pub fn client_ip() -> Option<std::net::IpAddr> {
    request_parts().and_then(|parts| parts.extensions.get::<ClientIp>().map(|ip| ip.0))
}

/// Adds Set-Cookie headers to the response of this server function.
pub fn set_cookies(values: Vec<axum::http::HeaderValue>) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        for value in values {
            response.append_header(axum::http::header::SET_COOKIE, value);
        }
    }
}

/// Gives a failed server function the HTTP status of its error (400, 401, 403, 404, 429 …)
/// instead of a blanket 500, so logs and monitoring tell mistakes from faults.
pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        if let (Some(response), Ok(code)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            axum::http::StatusCode::from_u16(error.status()),
        ) {
            response.set_status(code);
        }
    }
    result
}
