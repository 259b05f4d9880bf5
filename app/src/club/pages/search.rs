//! `/club/:club/search?q=…&section=…&solved=1`: full-text search with highlighted snippets.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::club::widgets::{ClubError, ClubNav};
use crate::club::{get_club, search_club};
use crate::components::{query_param, route_param};
use crate::i18n::ru;

#[component]
pub fn ClubSearchPage() -> impl IntoView {
    let club = route_param("club");
    let (q, section, solved) = (query_param("q"), query_param("section"), query_param("solved"));
    let card = Resource::new(move || club.get(), get_club);
    let hits = Resource::new(
        move || {
            (
                club.get(),
                q.get().unwrap_or_default(),
                section.get(),
                solved.get().is_some(),
            )
        },
        |(club, q, section, solved)| search_club(club, q, section, solved),
    );
    view! {
        <Title text=ru::CLUB_SEARCH />
        <section class="club">
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    let card = match card.await {
                        Ok(card) if card.member => card,
                        Ok(_) => return view! { <ClubError error=crate::error::AppError::Forbidden club=club.get_untracked() /> }.into_any(),
                        Err(error) => return view! { <ClubError error club=club.get_untracked() /> }.into_any(),
                    };
                    let chosen = section.get_untracked().unwrap_or_default();
                    let options = card
                        .sections
                        .iter()
                        .map(|s| view! { <option value=s.slug.clone() selected=s.slug == chosen>{s.title.clone()}</option> })
                        .collect_view();
                    let slug = card.slug.clone();
                    let results = match hits.await {
                        Ok(hits) if hits.is_empty() && q.get_untracked().is_some() => view! { <p class="muted">{ru::CLUB_SEARCH_EMPTY}</p> }.into_any(),
                        Ok(hits) => hits
                            .into_iter()
                            .map(|h| {
                                let href = format!("/club/{slug}/t/{}?page={}#post-{}", h.thread_id, crate::club::page_of(h.number), h.number);
                                view! {
                                    <li class="card club-hit">
                                        <a href=href><strong>{h.thread_title}</strong></a>
                                        {h.solved.then(|| view! { " " <span class="badge">{ru::CLUB_SOLVED}</span> })}
                                        <p class="muted">{h.section_title}" · "{h.author}" · № "{h.number}</p>
                                        <p class="club-snippet" inner_html=h.snippet></p>
                                    </li>
                                }
                            })
                            .collect_view()
                            .into_any(),
                        Err(error) => view! { <ClubError error club=slug.clone() /> }.into_any(),
                    };
                    view! {
                        <ClubNav club=card.slug.clone() name=card.name.clone() moderator=card.is_moderator />
                        <h1>{ru::CLUB_SEARCH}</h1>
                        <form method="get" class="club-search">
                            <label class="field"><span>{ru::CLUB_SEARCH_LABEL}</span>
                                <input name="q" type="search" maxlength="200" value=q.get_untracked().unwrap_or_default() />
                            </label>
                            <label class="field"><span>{ru::CLUB_SEARCH_SECTION}</span>
                                <select name="section"><option value="">{ru::CLUB_SEARCH_ALL}</option>{options}</select>
                            </label>
                            <label class="check"><input type="checkbox" name="solved" value="1" checked=solved.get_untracked().is_some() /><span>{ru::CLUB_SOLVED_ONLY_SEARCH}</span></label>
                            <button type="submit">{ru::CLUB_SEARCH}</button>
                        </form>
                        <ul class="plain">{results}</ul>
                    }
                    .into_any()
                })}
            </Suspense>
        </section>
    }
}
