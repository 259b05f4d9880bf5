//! `/r/:slug/shared-routes`: the routes colleagues of the person's school opened to them
//! (a director's or methodologist's view), read-only.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{route_slug, PageError};
use crate::courses::{get_shared_routes, SharedCourse, SharedRoute};
use crate::i18n::ru;

#[component]
pub fn SharedRoutesPage() -> impl IntoView {
    let slug = route_slug();
    let routes = Resource::new(move || slug.get(), get_shared_routes);
    view! {
        <Title text=ru::SHARED_TITLE />
        <section class="route shared-routes">
            <p class="back">
                <a href=move || format!("/r/{}/cabinet", slug.get())>{ru::DIAG_BACK_TO_CABINET}</a>
            </p>
            <h1>{ru::SHARED_TITLE}</h1>
            <p class="muted">{ru::SHARED_NOTE}</p>
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match routes.await {
                        Ok(routes) if routes.is_empty() => view! { <p class="card muted">{ru::SHARED_EMPTY}</p> }.into_any(),
                        Ok(routes) => routes.into_iter().map(|route| view! { <Shared route /> }).collect_view().into_any(),
                        Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Shared(route: SharedRoute) -> impl IntoView {
    let empty = route
        .courses
        .is_empty()
        .then(|| view! { <p class="muted">{ru::SHARED_NO_COURSES}</p> });
    view! {
        <section class="card route-group">
            <h2>{route.owner}</h2>
            <p class="muted">{ru::SHARED_UPDATED}{route.updated_on}</p>
            {empty}
            {route.courses.into_iter().map(|course| view! { <Course course /> }).collect_view()}
        </section>
    }
}

#[component]
fn Course(course: SharedCourse) -> impl IntoView {
    view! {
        <article class="route-course">
            <h4>
                {course.title}
                {course.completed.then(|| view! { <span class="badge">{ru::SHARED_COMPLETED}</span> })}
            </h4>
            <p class="muted">{course.facts}</p>
            <p class="covers">{course.explanation}</p>
            {course.plan.map(|p| view! { <p class="muted">{p}</p> })}
        </article>
    }
}
