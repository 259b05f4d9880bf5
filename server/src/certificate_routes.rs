//! The certificates' plain HTTP routes: a holder's PDF, the registry export, the public
//! verification page and its tamper check, whose body limit fits one certificate, and the
//! template's logo upload.

use app::certificates::{files, verify_page::verify_page};
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
            "/r/{slug}/admin/certificates/logo",
            post(files::upload_logo).layer(DefaultBodyLimit::max(files::LOGO_BODY_LIMIT)),
        )
        .route("/verify/{number}", get(verify_page))
        .route(
            "/verify/{number}/file",
            post(files::check_file).layer(DefaultBodyLimit::max(files::CHECK_BODY_LIMIT)),
        )
}
