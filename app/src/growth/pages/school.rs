//! `/r/:slug/school`: a director's view of the school: its diagnostics (averages only) and its
//! teachers' growth after re-tests (shares only for groups of five or more), linked from the
//! cabinet. A page of its own, so that the cabinet every other role opens does not load it. In
//! `growth`, which sits above `diagnostics`, so that it can show both.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::route_slug;
use crate::diagnostics::SchoolAggregateSection;
use crate::growth::widgets::mine::SchoolGrowthSection;
use crate::i18n::ru;

#[component]
pub fn SchoolPage() -> impl IntoView {
    let slug = route_slug().get_untracked();
    view! {
        <Title text=ru::SCHOOL_PAGE_TITLE />
        <section class="cabinet">
            <p>
                <a href=format!("/r/{slug}/cabinet")>{ru::DIAG_BACK_TO_CABINET}</a>
            </p>
            <h1>{ru::SCHOOL_PAGE_TITLE}</h1>
            <SchoolAggregateSection slug=slug.clone() />
            <SchoolGrowthSection slug />
        </section>
    }
}
