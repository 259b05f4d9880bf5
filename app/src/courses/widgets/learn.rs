//! The entry to a micro-course from a course card (the route, the catalogue).

use leptos::prelude::*;

use crate::components::route_slug;
use crate::courses::CourseView;
use crate::i18n::ru;

/// «Пройти на платформе» for a platform course; nothing for any other.
#[component]
pub fn LearnLink(course: CourseView) -> impl IntoView {
    let slug = route_slug();
    course.on_platform.then(|| {
        let id = course.id.clone();
        view! {
            <a class="button learn-link" href=move || format!("/r/{}/learn/{id}", slug.get())>{ru::MICRO_OPEN}</a>
        }
    })
}
