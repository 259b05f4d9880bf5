//! `/r/:slug/growth`: the person's re-tests and growth reports. A page of its own, reached from the
//! cabinet, so that the cabinet opened after every login does not load this code.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::route_slug;
use crate::growth::widgets::mine::GrowthSection;
use crate::i18n::ru;

#[component]
pub fn MyGrowthPage() -> impl IntoView {
    let slug = route_slug().get_untracked();
    view! {
        <Title text=ru::GROWTH_SECTION_TITLE />
        <section class="cabinet">
            <p>
                <a href=format!("/r/{slug}/cabinet")>{ru::DIAG_BACK_TO_CABINET}</a>
            </p>
            <h1>{ru::GROWTH_SECTION_TITLE}</h1>
            <GrowthSection slug />
        </section>
    }
}
