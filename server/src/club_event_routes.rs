//! The club's plain HTTP routes: an event's `.ics`, a member's calendar feed, the RFC 8058
//! one-click unsubscribe, and the club's files (attachments to posts, events' presentations),
//! whose uploads have a body limit of their own.

use app::club::events::{files, presentations};
use app::club::{files::attachments, files::store, notify::unsubscribe};
use app::state::AppState;
use axum::{
    extract::DefaultBodyLimit,
    routing::{get, post},
    Router,
};

pub fn routes() -> Router<AppState> {
    let upload_limit = DefaultBodyLimit::max(store::BODY_LIMIT);
    Router::new()
        .route(
            "/club/{club}/posts/{post}/attachments",
            post(attachments::attach).layer(upload_limit),
        )
        .route("/club/{club}/attachments/{id}", get(attachments::download))
        .route(
            "/club/{club}/events/{id}/files",
            post(presentations::upload).layer(upload_limit),
        )
        .route(
            "/club/{club}/events/{id}/files/{file}",
            get(presentations::download),
        )
        .route("/club/{club}/events/{id}/event.ics", get(files::event_ics))
        .route("/club-calendar/{token}/calendar.ics", get(files::feed))
        .route(
            "/club-unsubscribe/{token}/one-click",
            post(unsubscribe::one_click),
        )
}
