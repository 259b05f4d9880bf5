//! Pieces of the course pages used elsewhere: the cabinet's link to the person's route.

mod learn;
mod share;

use leptos::prelude::*;

use crate::i18n::ru;

pub use learn::LearnLink;
pub use share::ShareSection;

/// The cabinet's entry to the person's individual route.
#[component]
pub fn RouteLinkSection(slug: String) -> impl IntoView {
    view! {
        <section class="card route-link" id="route">
            <h2>
                <a href=format!("/r/{slug}/route")>{ru::ROUTE_LINK}</a>
            </h2>
            <p class="muted">{ru::ROUTE_LINK_NOTE}</p>
            <p>
                <a href=format!("/r/{slug}/shared-routes")>{ru::SHARED_LINK}</a>
            </p>
        </section>
    }
}
