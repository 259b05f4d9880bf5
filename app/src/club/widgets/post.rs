//! One post of a thread with its buttons: «полезно», quote, the decision, edit (with the history
//! for moderators), a flag, and the moderators' hide and ban.

use leptos::prelude::*;

use crate::club::pages::thread::PostContext;
use crate::club::{
    get_club_post_history, BanClubMember, EditClubPost, FlagClubPost, HideClubPost, MarkClubDecision,
    PostView, ToggleClubUseful,
};
use crate::components::form::Area;
use crate::components::FormError;
use crate::i18n::ru;

#[component]
pub fn PostCard(post: PostView, ctx: PostContext) -> impl IntoView {
    let useful = ServerAction::<ToggleClubUseful>::new();
    let decide = ServerAction::<MarkClubDecision>::new();
    let version = ctx.version;
    Effect::new(move || {
        if decide.value().get().is_some_and(|r| r.is_ok()) {
            version.update(|v| *v += 1);
        }
    });
    let count = RwSignal::new(post.useful);
    let on = RwSignal::new(post.useful_by_me);
    Effect::new(move || {
        if let Some(Ok(now)) = useful.value().get() {
            if now != on.get_untracked() {
                count.update(|c| *c += if now { 1 } else { -1 });
                on.set(now);
            }
        }
    });
    let number = post.number;
    let quote = post.quote.clone().map(|q| {
        view! {
            <blockquote class="club-quote">
                <p class="muted">{q.author}" · № "{q.number}</p>
                <p>{q.excerpt}</p>
            </blockquote>
        }
    });
    let hidden = post
        .hidden_reason
        .clone()
        .map(|r| view! { <p class="notice">{ru::CLUB_POST_HIDDEN}{r}</p> });
    let is_decision = ctx.decision == Some(number);
    let decision_button = (ctx.can_decide && number > 1 && post.hidden_reason.is_none()).then(|| {
        let (club, thread) = (ctx.club.clone(), ctx.thread.clone());
        let label = if is_decision {
            ru::CLUB_DECISION_UNMARK
        } else {
            ru::CLUB_DECISION_MARK
        };
        view! {
            <button
                type="button"
                class="secondary"
                on:click=move |_| {
                    decide.dispatch(MarkClubDecision {
                        club: club.clone(),
                        thread: thread.clone(),
                        number: (!is_decision).then_some(number),
                    });
                }
            >
                {label}
            </button>
        }
    });
    let (club, id) = (ctx.club.clone(), post.id.clone());
    let useful_button = (!post.mine).then(|| {
        let (club, id) = (club.clone(), id.clone());
        view! {
            <button
                type="button"
                class="secondary"
                aria-pressed=move || on.get().to_string()
                on:click=move |_| {
                    useful.dispatch(ToggleClubUseful { club: club.clone(), post: id.clone() });
                }
            >
                {ru::CLUB_USEFUL}" · "{count}
            </button>
        }
    });
    let quote_signal = ctx.quote;
    let editable = (post.mine || ctx.moderator) && post.hidden_reason.is_none();
    let files = (!post.attachments.is_empty()).then(|| {
        let items = post
            .attachments
            .iter()
            .map(|f| {
                let href = format!("/club/{club}/attachments/{}", f.id);
                view! {
                    <li>
                        <a href=href download=f.file_name.clone()>{f.file_name.clone()}</a>
                        " · "<span class="muted">{ru::file_size(f.size_bytes)}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="club-files" aria-label=ru::CLUB_FILES>{items}</ul> }
    });
    let can_attach = post.mine && post.hidden_reason.is_none() && post.attachments.len() < 5;
    view! {
        <article class="card club-post" id=format!("post-{number}") class:club-decided=is_decision>
            <p class="muted">
                <strong>{post.author.clone()}</strong>
                {(!post.author_region.is_empty()).then(|| view! { ", "<span class="club-region">{post.author_region.clone()}</span> })}
                " · "{post.created_at.clone()}" · № "{number}
                {post.edited.then(|| view! { " · " {ru::CLUB_EDITED} })}
            </p>
            {hidden}
            {quote}
            <div class="club-post-body" inner_html=post.html.clone()></div>
            {files}
            <p class="club-actions">
                {useful_button}
                {post.mine.then(|| view! { <span class="muted">{ru::CLUB_USEFUL}" · "{count}</span> })}
                " "
                <a href="#reply" class="secondary" on:click=move |_| quote_signal.set(Some(number))>{ru::CLUB_QUOTE}</a>
                " "
                {decision_button}
            </p>
            {editable.then(|| view! { <EditForm club=club.clone() post=id.clone() body=post.body.clone() version /> })}
            {can_attach.then(|| view! { <AttachForm club=club.clone() post=id.clone() /> })}
            <FlagForm club=club.clone() post=id.clone() />
            {ctx.moderator.then(|| view! { <PostTools club post=id hidden=post.hidden_reason.is_some() version /> })}
        </article>
    }
    // Type-erased: a page of posts stays within the compiler's recursion limit in WASM.
    .into_any()
}

#[component]
fn EditForm(club: String, post: String, body: String, version: RwSignal<u32>) -> impl IntoView {
    let edit = ServerAction::<EditClubPost>::new();
    let error = Signal::derive(move || edit.value().get().and_then(Result::err));
    Effect::new(move || {
        if let Some(Ok(())) = edit.value().get() {
            version.update(|v| *v += 1);
        }
    });
    view! {
        <details>
            <summary>{ru::CLUB_EDIT}</summary>
            <ActionForm action=edit>
                <input type="hidden" name="club" value=club />
                <input type="hidden" name="post" value=post />
                <Area label=ru::CLUB_F_BODY name="body" rows=5 value=body required=true />
                <FormError error />
                <button type="submit">{ru::CLUB_SAVE}</button>
            </ActionForm>
        </details>
    }
}

/// A plain multipart form to the attachments route (club::files), which answers with the page.
#[component]
fn AttachForm(club: String, post: String) -> impl IntoView {
    view! {
        <details>
            <summary>{ru::CLUB_FILES_ATTACH}</summary>
            <form class="club-attach" method="post" enctype="multipart/form-data" action=format!("/club/{club}/posts/{post}/attachments")>
                <label class="field">
                    <span>{ru::CLUB_FILES_FIELD}</span>
                    <input type="file" name="file" multiple required accept=".pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg" />
                    <small class="muted">{ru::CLUB_FILES_HINT}</small>
                </label>
                <button type="submit">{ru::CLUB_FILES_SUBMIT}</button>
            </form>
        </details>
    }
}

#[component]
fn FlagForm(club: String, post: String) -> impl IntoView {
    let flag = ServerAction::<FlagClubPost>::new();
    let error = Signal::derive(move || flag.value().get().and_then(Result::err));
    let sent = move || {
        flag.value()
            .get()
            .is_some_and(|r| r.is_ok())
            .then(|| view! { <p class="notice" role="status">{ru::CLUB_FLAG_SENT}</p> })
    };
    view! {
        <details>
            <summary>{ru::CLUB_FLAG}</summary>
            <ActionForm action=flag>
                <input type="hidden" name="club" value=club />
                <input type="hidden" name="post" value=post />
                <label class="field"><span>{ru::CLUB_FLAG_REASON}</span><input name="reason" required maxlength="1000" /></label>
                <FormError error />
                {sent}
                <button type="submit">{ru::CLUB_FLAG}</button>
            </ActionForm>
        </details>
    }
}

/// Hide or show, ban the author, and the edit history.
#[component]
fn PostTools(club: String, post: String, hidden: bool, version: RwSignal<u32>) -> impl IntoView {
    let hide = ServerAction::<HideClubPost>::new();
    let ban = ServerAction::<BanClubMember>::new();
    let error = Signal::derive(move || {
        hide.value()
            .get()
            .and_then(Result::err)
            .or_else(|| ban.value().get().and_then(Result::err))
    });
    Effect::new(move || {
        if let Some(Ok(())) = hide.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let banned = move || {
        ban.value()
            .get()
            .is_some_and(|r| r.is_ok())
            .then(|| view! { <p class="notice" role="status">{ru::CLUB_DONE}</p> })
    };
    // Read only when a moderator asks for it, not for every post of the page.
    let wanted = RwSignal::new(false);
    let history = Resource::new(move || wanted.get(), {
        let (club, post) = (club.clone(), post.clone());
        move |wanted| {
            let (club, post) = (club.clone(), post.clone());
            async move {
                if wanted {
                    get_club_post_history(club, post).await
                } else {
                    Ok(Vec::new())
                }
            }
        }
    });
    let (hide_club, hide_post) = (club.clone(), post.clone());
    view! {
        <details>
            <summary>{ru::CLUB_MODERATION}</summary>
            <ActionForm action=hide>
                <input type="hidden" name="club" value=hide_club />
                <input type="hidden" name="post" value=hide_post />
                {(!hidden).then(|| view! {
                    <label class="field"><span>{ru::CLUB_REASON}</span><input name="reason" required maxlength="1000" /></label>
                })}
                <button type="submit">{if hidden { ru::CLUB_SHOW } else { ru::CLUB_HIDE }}</button>
            </ActionForm>
            <ActionForm action=ban>
                <input type="hidden" name="club" value=club />
                <input type="hidden" name="post" value=post />
                <label class="field"><span>{ru::CLUB_BAN_DAYS_LABEL}</span><input name="days" type="number" min="0" max="365" value="7" /></label>
                <label class="field"><span>{ru::CLUB_REASON}</span><input name="reason" required maxlength="1000" /></label>
                <button type="submit">{ru::CLUB_BAN}</button>
            </ActionForm>
            <FormError error />
            {banned}
            <button type="button" class="secondary" on:click=move |_| wanted.set(true)>{ru::CLUB_HISTORY}</button>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let edits = history.await.unwrap_or_default();
                    if !wanted.get_untracked() {
                        return ().into_any();
                    }
                    if edits.is_empty() {
                        return view! { <p class="muted">{ru::CLUB_HISTORY_EMPTY}</p> }.into_any();
                    }
                    edits
                        .into_iter()
                        .map(|e| view! { <p class="muted">{e.edited_by}" · "{e.edited_at}</p><pre class="club-source">{e.body}</pre> })
                        .collect_view()
                        .into_any()
                })}
            </Suspense>
        </details>
    }
}
