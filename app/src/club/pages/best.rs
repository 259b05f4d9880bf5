//! `/club/:club/best`: «лучшие практики», the posts most marked «полезно».

use leptos::prelude::*;
use leptos_meta::Title;

use crate::club::get_club_best;
use crate::club::widgets::ClubError;
use crate::components::route_param;
use crate::i18n::ru;

#[component]
pub fn ClubBestPage() -> impl IntoView {
    let club = route_param("club");
    let best = Resource::new(move || club.get(), get_club_best);
    view! {
        <Title text=ru::CLUB_BEST />
        <section class="club">
            <p class="back"><a href=move || format!("/club/{}", club.get())>{ru::CLUB_LINK}</a></p>
            <h1>{ru::CLUB_BEST}</h1>
            <p class="muted">{ru::CLUB_BEST_NOTE}</p>
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    let slug = club.get_untracked();
                    match best.await {
                        Ok(posts) if posts.is_empty() => view! { <p class="muted">{ru::CLUB_BEST_EMPTY}</p> }.into_any(),
                        Ok(posts) => posts
                            .into_iter()
                            .map(|p| {
                                let href = format!("/club/{slug}/t/{}?page={}#post-{}", p.thread_id, crate::club::page_of(p.number), p.number);
                                view! {
                                    <article class="card club-post">
                                        <p><a href=href><strong>{p.thread_title}</strong></a></p>
                                        <p class="muted">{p.author}" · "{ru::CLUB_USEFUL}" · "{p.useful}</p>
                                        <div class="club-post-body" inner_html=p.html></div>
                                    </article>
                                }
                            })
                            .collect_view()
                            .into_any(),
                        Err(error) => view! { <ClubError error club=slug /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
