//! `/r/:slug/support/:id/chat`: the case's chat, threads with replies, and forms that write a
//! comment or a reply and mention participants.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{get_case_chat, CaseChat, Comment, Participant, PostCaseComment, MAX_BODY};
use crate::components::form::RegionForm;
use crate::components::{action_error, route_param, route_slug, FormError, PageError, Submit};
use crate::i18n::ru;

#[component]
pub fn SupportChatPage() -> impl IntoView {
    let slug = route_slug();
    let id = route_param("id");
    // Read again only after a comment is written: a refused form keeps what was typed.
    let posted = RwSignal::new(0u32);
    let chat = Resource::new(
        move || (slug.get(), id.get(), posted.get()),
        |(slug, id, _)| get_case_chat(slug, id),
    );
    view! {
        <Title text=ru::CHAT_TITLE />
        <section class="support support-chat">
            <p class="back">
                <a href=move || format!("/r/{}/support/{}", slug.get(), id.get())>{ru::SUP_BACK_TO_CASE}</a>
            </p>
            <Transition fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match chat.await {
                        Ok(c) => view! { <Chat c posted /> }.into_any(),
                        Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Chat(c: CaseChat, posted: RwSignal<u32>) -> impl IntoView {
    let CaseChat {
        case_id,
        school,
        comments,
        participants,
    } = c;
    let threads = if comments.is_empty() {
        view! { <p class="muted">{ru::CHAT_EMPTY}</p> }.into_any()
    } else {
        let (case, people) = (case_id.clone(), participants.clone());
        view! {
            <ol class="chat-threads">
                {comments
                    .into_iter()
                    .map(|comment| view! { <Thread comment case=case.clone() participants=people.clone() posted /> })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <h1>{ru::CHAT_TITLE}</h1>
        <p class="muted">{school}</p>
        {threads}
        <section class="card">
            <CommentForm case=case_id parent=None participants posted />
        </section>
    }
}

#[component]
fn Thread(
    comment: Comment,
    case: String,
    participants: Vec<Participant>,
    posted: RwSignal<u32>,
) -> impl IntoView {
    let (id, parent) = (comment.id.clone(), comment.id.clone());
    let replies = comment.replies.clone();
    view! {
        <li class="chat-thread" data-comment=id>
            <CommentBody comment />
            {(!replies.is_empty()).then(|| view! {
                <ol class="chat-replies">
                    {replies.into_iter().map(|reply| view! { <li class="chat-reply"><CommentBody comment=reply /></li> }).collect_view()}
                </ol>
            })}
            <details class="chat-reply-form">
                <summary>{ru::CHAT_REPLY}</summary>
                <CommentForm case parent=Some(parent) participants posted />
            </details>
        </li>
    }
}

#[component]
fn CommentBody(comment: Comment) -> impl IntoView {
    view! {
        <p class="chat-meta"><strong>{comment.author}</strong> " · " <span class="muted">{comment.at}</span></p>
        <p class="chat-body">{comment.body}</p>
        {(!comment.mentions.is_empty()).then(|| view! {
            <p class="chat-mentions muted">{ru::CHAT_MENTIONS_PREFIX} ": " {comment.mentions.join(", ")}</p>
        })}
    }
}

#[component]
fn CommentForm(
    case: String,
    parent: Option<String>,
    participants: Vec<Participant>,
    posted: RwSignal<u32>,
) -> impl IntoView {
    let post = ServerAction::<PostCaseComment>::new();
    Effect::new(move |_| {
        if matches!(post.value().get(), Some(Ok(()))) {
            posted.update(|n| *n += 1);
        }
    });
    let error = Signal::derive(action_error(post));
    let label = if parent.is_some() {
        ru::CHAT_SEND_REPLY
    } else {
        ru::CHAT_SEND
    };
    view! {
        <RegionForm action=post>
            <input type="hidden" name="case" value=case />
            {parent.map(|p| view! { <input type="hidden" name="parent" value=p /> })}
            <label class="field">
                <span>{ru::CHAT_BODY}</span>
                <textarea name="body" rows=3 maxlength=MAX_BODY required></textarea>
            </label>
            <fieldset class="chat-mention">
                <legend>{ru::CHAT_MENTION}</legend>
                {participants
                    .into_iter()
                    .map(|p| view! {
                        <label class="check">
                            <input type="checkbox" name="mentions[]" value=p.id />
                            <span>{p.name}</span>
                        </label>
                    })
                    .collect_view()}
            </fieldset>
            <FormError error />
            <Submit label pending=post.pending().into() />
        </RegionForm>
    }
}
