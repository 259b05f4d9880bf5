//! Pieces of the course pages used elsewhere: the cabinet's link to the person's route, a
//! course's enrolment and micro-course link on the route, and the route's sharing.

mod enrolment;
mod learn;
mod share;

use leptos::prelude::*;

pub use enrolment::{EnrolActions, EnrolmentControls};
pub use learn::LearnLink;
pub use share::ShareSection;

use crate::courses::get_my_progress;
use crate::i18n::ru;

/// The cabinet's entry to the person's individual route, with their progress along it.
#[component]
pub fn RouteLinkSection(slug: String) -> impl IntoView {
    let progress = {
        let slug = slug.clone();
        Resource::new(move || slug.clone(), get_my_progress)
    };
    view! {
        <section class="card route-link" id="route">
            <h2>
                <a href=format!("/r/{slug}/route")>{ru::ROUTE_LINK}</a>
            </h2>
            <p class="muted">{ru::ROUTE_LINK_NOTE}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    progress
                        .await
                        .ok()
                        .filter(|progress| progress.total > 0)
                        .map(|progress| view! { <p class="route-progress">{progress.summary()}</p> })
                })}
            </Suspense>
            <p>
                <a href=format!("/r/{slug}/shared-routes")>{ru::SHARED_LINK}</a>
            </p>
        </section>
    }
}
