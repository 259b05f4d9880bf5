//! `/club/:club/moderation`: the review queue of flags, invitations and the moderation log.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::club::widgets::ClubError;
use crate::club::{get_club_moderation, InviteClubMember, ResolveClubFlag};
use crate::components::{route_param, FormError};
use crate::i18n::ru;

#[component]
pub fn ClubModerationPage() -> impl IntoView {
    let club = route_param("club");
    let resolve = ServerAction::<ResolveClubFlag>::new();
    let invite = ServerAction::<InviteClubMember>::new();
    let page = Resource::new(
        move || (club.get(), resolve.version().get()),
        |(club, _)| get_club_moderation(club),
    );
    let error = Signal::derive(move || {
        resolve
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| invite.value().get().and_then(Result::err))
    });
    let invited = move || {
        invite
            .value()
            .get()
            .is_some_and(|r| r.is_ok())
            .then(|| view! { <p class="notice" role="status">{ru::CLUB_DONE}</p> })
    };
    view! {
        <Title text=ru::CLUB_MODERATION />
        <section class="club">
            <p class="back"><a href=move || format!("/club/{}", club.get())>{ru::CLUB_LINK}</a></p>
            <h1>{ru::CLUB_MODERATION}</h1>
            <FormError error />
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    let slug = club.get_untracked();
                    let page = match page.await {
                        Ok(page) => page,
                        Err(error) => return view! { <ClubError error club=slug /> }.into_any(),
                    };
                    let flags = page
                        .flags
                        .into_iter()
                        .map(|f| {
                            let href = format!("/club/{slug}/t/{}?page={}#post-{}", f.thread_id, crate::club::page_of(f.number), f.number);
                            let this_club = slug.clone();
                            view! {
                                <li class="card">
                                    <p><a href=href>{ru::CLUB_TO_POST}" № "{f.number}</a>" · "{f.post_author}</p>
                                    <p>{f.excerpt}</p>
                                    <p class="muted">{ru::CLUB_FLAGGED_BY}{f.flagged_by}" · "{f.created_at}": "{f.reason}</p>
                                    <ActionForm action=resolve>
                                        <input type="hidden" name="club" value=this_club />
                                        <input type="hidden" name="flag" value=f.id />
                                        <button type="submit" name="hide" value="true">{ru::CLUB_FLAG_HIDE}</button>" "
                                        <button type="submit" name="hide" value="false" class="secondary">{ru::CLUB_FLAG_DISMISS}</button>
                                    </ActionForm>
                                </li>
                            }
                        })
                        .collect_view();
                    let log = page
                        .log
                        .into_iter()
                        .map(|l| view! { <li><span class="muted">{l.created_at}</span>" "{l.moderator}" "{l.action}" "<code>{l.details}</code></li> })
                        .collect_view();
                    view! {
                        <h2>{ru::CLUB_FLAGS}</h2>
                        <ul class="plain">{flags}</ul>
                        <h2>{ru::CLUB_INVITE}</h2>
                        <ActionForm action=invite>
                            <input type="hidden" name="club" value=slug.clone() />
                            <label class="field"><span>{ru::CLUB_INVITE_EMAIL}</span><input name="email" type="email" required /></label>
                            <button type="submit">{ru::CLUB_INVITE}</button>
                        </ActionForm>
                        <h2>{ru::CLUB_LOG}</h2>
                        <ul class="club-log">{log}</ul>
                    }
                    .into_any()
                })}
            </Suspense>
            {invited}
        </section>
    }
}
