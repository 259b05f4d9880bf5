//! The club's plain HTTP routes for events and notifications: an event's `.ics`, a member's
//! calendar feed, and the RFC 8058 one-click unsubscribe.

use app::club::{events::files, notify::unsubscribe};
use app::state::AppState;
use axum::{
    routing::{get, post},
    Router,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/club/{club}/events/{id}/event.ics", get(files::event_ics))
        .route("/club-calendar/{token}/calendar.ics", get(files::feed))
        .route(
            "/club-unsubscribe/{token}/one-click",
            post(unsubscribe::one_click),
        )
}
