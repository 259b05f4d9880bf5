//! The route page's sharing section: the director and methodologists of the person's school,
//! each with «Показать» or «Закрыть доступ».

use leptos::prelude::*;

use crate::components::form::RegionForm;
use crate::components::{action_error, route_slug, FormError};
use crate::courses::{get_route_sharing, ShareCandidate, ShareRoute};
use crate::i18n::ru;

#[component]
pub fn ShareSection() -> impl IntoView {
    let slug = route_slug();
    let share = ServerAction::<ShareRoute>::new();
    let sharing = Resource::new(
        move || (slug.get(), share.version().get()),
        |(slug, _)| get_route_sharing(slug),
    );
    let error = Signal::derive(action_error(share));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                sharing.await.ok().filter(|s| s.has_route).map(|sharing| {
                    let empty = sharing
                        .candidates
                        .is_empty()
                        .then(|| view! { <p class="muted">{ru::SHARE_NO_CANDIDATES}</p> });
                    view! {
                        <section class="card share">
                            <h3>{ru::SHARE_TITLE}</h3>
                            <p class="muted">{ru::SHARE_NOTE}</p>
                            <FormError error />
                            {empty}
                            <ul class="share-list">
                                {sharing
                                    .candidates
                                    .into_iter()
                                    .map(|candidate| view! { <Candidate candidate share /> })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}

#[component]
fn Candidate(candidate: ShareCandidate, share: ServerAction<ShareRoute>) -> impl IntoView {
    let (op, label) = if candidate.shared {
        ("revoke", ru::SHARE_REVOKE)
    } else {
        ("share", ru::SHARE_GRANT)
    };
    let who = format!("{} ({})", candidate.name, candidate.position_label());
    view! {
        <li data-shared=candidate.shared.to_string()>
            <span>{who}</span>
            {candidate.shared.then(|| view! { <span class="badge">{ru::SHARE_IS_SHARED}</span> })}
            <RegionForm action=share attr:class="inline-form">
                <input type="hidden" name="viewer" value=candidate.user_id />
                <input type="hidden" name="op" value=op />
                <button type="submit">{label}</button>
            </RegionForm>
        </li>
    }
}
