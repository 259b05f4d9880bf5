//! `/club/:club/t/:thread`: a thread, a page of posts at a time (by default the page of the first
//! unread post), with the decision under the question, live updates (polled every 1.5 s while the
//! last page is open), a reply form with quotes, and the moderators' tools.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::club::widgets::{ClubError, ClubNav, PostCard};
use crate::club::{
    get_club_posts_since, get_club_thread, ModerateClubThread, PostView, ReplyClubThread, ThreadPage,
};
use crate::components::form::Area;
use crate::components::{query_param, route_param, FormError, Pager};
use crate::i18n::ru;

/// How often an open thread asks for new posts.
#[cfg(feature = "hydrate")]
const POLL: std::time::Duration = std::time::Duration::from_millis(1500);

#[component]
pub fn ClubThreadPage() -> impl IntoView {
    let (club, thread) = (route_param("club"), route_param("thread"));
    let page = query_param("page");
    // The outcome of attaching files (club::files), which answers a plain form post.
    let (attached, attach_error) = (query_param("attached"), query_param("attach_error"));
    // Bumped after an action, to read the thread again.
    let version = RwSignal::new(0u32);
    let data = Resource::new(
        move || {
            (
                club.get(),
                thread.get(),
                page.get().and_then(|p| p.parse::<i32>().ok()),
                version.get(),
            )
        },
        |(club, thread, page, _)| get_club_thread(club, thread, page),
    );
    view! {
        <Title text=ru::CLUB_TITLE />
        <section class="club">
            {move || attached.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
            {move || attach_error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <Thread data club=club.get_untracked() version /> }.into_any(),
                        Err(error) => view! { <ClubError error club=club.get_untracked() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Thread(data: ThreadPage, club: String, version: RwSignal<u32>) -> impl IntoView {
    let posts = RwSignal::new(data.posts.clone());
    let last_page = data.page == data.pages;
    let quote = RwSignal::new(None::<i32>);
    let thread_id = data.id.clone();
    #[cfg(feature = "hydrate")]
    if last_page {
        let (club, thread) = (club.clone(), thread_id.clone());
        let handle = set_interval_with_handle(
            move || {
                let after = posts.with_untracked(|p| p.last().map_or(0, |p| p.number));
                let (club, thread) = (club.clone(), thread.clone());
                leptos::task::spawn_local(async move {
                    if let Ok(new) = get_club_posts_since(club, thread, after).await {
                        append(posts, new);
                    }
                });
            },
            POLL,
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    }
    let base = format!("/club/{club}/t/{thread_id}");
    let unread = data.first_unread.map(|n| {
        let href = format!("{base}?page={}#post-{n}", crate::club::page_of(n));
        view! { <p><a href=href>{ru::CLUB_FIRST_UNREAD}</a></p> }
    });
    let (page, pages) = (data.page, data.pages);
    let pager = {
        let base = base.clone();
        move || {
            (pages > 1).then(|| view! { <Pager base=format!("{base}?") page pages label=ru::CLUB_PAGES /> })
        }
    };
    let badges = [(data.pinned, ru::CLUB_PINNED), (data.locked, ru::CLUB_LOCKED)]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, label)| view! { <span class="badge">{label}</span> " " })
        .collect_view();
    let hidden = data
        .hidden_reason
        .clone()
        .map(|r| view! { <p class="notice">{ru::CLUB_THREAD_HIDDEN}{r}</p> });
    let decision_number = data.decision.as_ref().map(|d| d.number);
    let decision = data.decision.clone().map(|d| {
        let href = format!("{base}?page={}#post-{}", crate::club::page_of(d.number), d.number);
        view! {
            <aside class="card club-decision" aria-label=ru::CLUB_DECISION>
                <h2>{ru::CLUB_DECISION}</h2>
                <p class="muted">{d.author.clone()}{(!d.author_region.is_empty()).then(|| format!(", {}", d.author_region))}" · "<a href=href>{ru::CLUB_TO_POST}" № "{d.number}</a></p>
                <div class="club-post-body" inner_html=d.html></div>
            </aside>
        }
    });
    let ctx = PostContext {
        club: club.clone(),
        thread: thread_id.clone(),
        can_decide: data.can_decide,
        moderator: data.is_moderator,
        decision: decision_number,
        quote,
        version,
    };
    let question_first = data.page == 1;
    let list = move || {
        posts
            .get()
            .into_iter()
            .map(|post| {
                let under_question = (question_first && post.number == 1).then(|| decision.clone());
                view! { <PostCard post ctx=ctx.clone() /> {under_question} }
            })
            .collect_view()
    };
    let top_decision = (!question_first).then(|| data.decision.clone()).flatten().map(|d| {
        view! { <aside class="card club-decision"><h2>{ru::CLUB_DECISION}</h2><div inner_html=d.html></div></aside> }
    });
    // Type-erased, so the page's view type stays within the compiler's recursion limit in WASM.
    let head = view! {
        <ClubNav club=club.clone() name=data.club_name.clone() moderator=data.is_moderator />
        <p class="back"><a href=format!("/club/{club}/s/{}", data.section_slug)>{data.section_title.clone()}</a></p>
        <h1>{data.title.clone()}</h1>
        <p class="muted club-times">{data.times_in.clone()}</p>
        // The member's notifications for this thread (club::notify).
        <crate::club::notify::widgets::SubscribeControl club=club.clone() scope="thread" target=thread_id.clone() initial=data.subscription.clone() />
        <p>{badges}</p>
    }
    .into_any();
    view! {
        {head}
        {hidden}
        {unread}
        {top_decision}
        {pager.clone()()}
        {view! { <div class="club-posts" data-testid="posts">{list}</div> }.into_any()}
        {pager()}
        {last_page.then(|| view! { <p class="muted">{ru::CLUB_LIVE}</p> })}
        <ReplyForm club=club.clone() thread=thread_id.clone() locked=data.locked && !data.is_moderator quote posts />
        {data.is_moderator.then(|| view! { <ThreadTools club thread=thread_id data=data.clone() version /> })}
    }
}

/// Adds posts that are not shown yet, in order.
fn append(posts: RwSignal<Vec<PostView>>, new: Vec<PostView>) {
    if new.is_empty() {
        return;
    }
    posts.update(|shown| {
        let last = shown.last().map_or(0, |p| p.number);
        shown.extend(new.into_iter().filter(|p| p.number > last));
    });
}

/// What a post's buttons need to know about the thread.
#[derive(Clone)]
pub struct PostContext {
    pub club: String,
    pub thread: String,
    pub can_decide: bool,
    pub moderator: bool,
    pub decision: Option<i32>,
    pub quote: RwSignal<Option<i32>>,
    pub version: RwSignal<u32>,
}

#[component]
fn ReplyForm(
    club: String,
    thread: String,
    locked: bool,
    quote: RwSignal<Option<i32>>,
    posts: RwSignal<Vec<PostView>>,
) -> impl IntoView {
    let reply = ServerAction::<ReplyClubThread>::new();
    let error = Signal::derive(move || reply.value().get().and_then(Result::err));
    let (poll_club, poll_thread) = (club.clone(), thread.clone());
    Effect::new(move || {
        if let Some(Ok(_)) = reply.value().get() {
            quote.set(None);
            let after = posts.with_untracked(|p| p.last().map_or(0, |p| p.number));
            let (club, thread) = (poll_club.clone(), poll_thread.clone());
            leptos::task::spawn_local(async move {
                if let Ok(new) = get_club_posts_since(club, thread, after).await {
                    append(posts, new);
                }
            });
        }
    });
    if locked {
        return view! { <p class="notice">{ru::CLUB_THREAD_LOCKED}</p> }.into_any();
    }
    let quoting = move || {
        quote.get().map(|n| {
            view! {
                <p class="muted">
                    {ru::CLUB_QUOTING}{n}" "
                    <button type="button" class="link" on:click=move |_| quote.set(None)>{ru::CLUB_QUOTE_CANCEL}</button>
                </p>
                <input type="hidden" name="quote" value=n />
            }
        })
    };
    view! {
        <section class="card" id="reply">
            <h2>{ru::CLUB_REPLY_TITLE}</h2>
            <ActionForm action=reply>
                <input type="hidden" name="club" value=club />
                <input type="hidden" name="thread" value=thread />
                {quoting}
                <Area label=ru::CLUB_F_BODY name="body" rows=5 required=true hint=ru::CLUB_F_BODY_HINT />
                <FormError error />
                <button type="submit">{ru::CLUB_REPLY}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

/// Pin, lock, move and hide: the moderators' tools for the whole thread.
#[component]
fn ThreadTools(club: String, thread: String, data: ThreadPage, version: RwSignal<u32>) -> impl IntoView {
    let act = ServerAction::<ModerateClubThread>::new();
    let error = Signal::derive(move || act.value().get().and_then(Result::err));
    Effect::new(move || {
        if let Some(Ok(())) = act.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let button = |action: &'static str, label: &'static str| {
        view! { <button type="submit" name="action" value=action>{label}</button> " " }
    };
    let options = data
        .sections
        .iter()
        .map(|(slug, title)| view! { <option value=slug.clone() selected=*slug == data.section_slug>{title.clone()}</option> })
        .collect_view();
    let hidden = data.hidden_reason.is_some();
    let (club2, thread2, club3, thread3) = (club.clone(), thread.clone(), club.clone(), thread.clone());
    view! {
        <section class="card club-tools">
            <h2>{ru::CLUB_MODERATION}</h2>
            <ActionForm action=act>
                <input type="hidden" name="club" value=club />
                <input type="hidden" name="thread" value=thread />
                {if data.pinned { button("unpin", ru::CLUB_UNPIN) } else { button("pin", ru::CLUB_PIN) }}
                {if data.locked { button("unlock", ru::CLUB_UNLOCK) } else { button("lock", ru::CLUB_LOCK) }}
                {hidden.then(|| button("unhide", ru::CLUB_SHOW))}
            </ActionForm>
            <ActionForm action=act>
                <input type="hidden" name="club" value=club2 />
                <input type="hidden" name="thread" value=thread2 />
                <label class="field">
                    <span>{ru::CLUB_MOVE}</span>
                    <select name="section">{options}</select>
                </label>
                {button("move", ru::CLUB_MOVE)}
            </ActionForm>
            <ActionForm action=act>
                <input type="hidden" name="club" value=club3 />
                <input type="hidden" name="thread" value=thread3 />
                <label class="field"><span>{ru::CLUB_REASON}</span><input name="reason" maxlength="1000" /></label>
                {button("hide", ru::CLUB_HIDE)}
            </ActionForm>
            <FormError error />
        </section>
    }
}
