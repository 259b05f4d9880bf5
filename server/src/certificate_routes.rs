//! The certificates' plain HTTP routes: a holder's PDF, the registry export and the public
//! tamper check, whose body limit fits one certificate.

use app::certificates::files;
use app::state::AppState;
use axum::{
    extract::DefaultBodyLimit,
    routing::{get, post},
    Router,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/r/{slug}/certificates/{number}/{kind}",
            get(files::certificate_file),
        )
        .route("/.well-known/rost/{code}/jwks.json", get(files::jwks))
        .route(
            "/r/{slug}/admin/certificates/export.xlsx",
            get(files::registry_export),
        )
        .route(
            "/verify/{number}/file",
            post(files::check_file).layer(DefaultBodyLimit::max(files::CHECK_BODY_LIMIT)),
        )
}
