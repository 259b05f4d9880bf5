//! An attempt: the items, the timer and the autosave state; the answers go through the
//! offline queue.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{Field, RegionForm};
use crate::components::{action_error, route_param as param, route_slug, FormError, PageError, Submit};
use crate::diagnostics::widgets::offline_queue::{Queue, SaveState};
use crate::diagnostics::{get_attempt, Answer, AttemptItem, AttemptView, FinishAttempt, ItemKind};
use crate::i18n::ru;

#[component]
pub fn AttemptPage() -> impl IntoView {
    let slug = route_slug();
    let id = param("id");
    let attempt = Resource::new(move || (slug.get(), id.get()), |(slug, id)| get_attempt(slug, id));
    view! {
        <Title text=ru::DIAG_ATTEMPT_TITLE />
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match attempt.await {
                    Ok(view) if view.finished => {
                        let href = format!("/r/{}/diagnostics/{}/result", slug.get_untracked(), view.id);
                        EitherOf3::A(view! {
                            <section class="card">
                                <h1>{view.title}</h1>
                                <p>{ru::DIAG_ALREADY_FINISHED}</p>
                                <a class="button primary" href=href>{ru::DIAG_SEE_RESULT}</a>
                            </section>
                        })
                    }
                    Ok(view) => EitherOf3::B(view! { <AttemptForm view slug=slug.get_untracked() /> }),
                    Err(error) => EitherOf3::C(view! { <PageError error slug=slug.get_untracked() /> }),
                }
            })}
        </Suspense>
    }
}

/// The attempt itself. Every change is saved at once with a sequence number; what cannot be
/// sent is kept in the browser's storage and retried, so neither a lost network nor a reload
/// loses an answer.
#[component]
fn AttemptForm(view: AttemptView, slug: String) -> impl IntoView {
    let attempt_id = view.id.clone();
    let queue = Queue::new(slug, attempt_id.clone(), &view.answers);
    queue.resume();
    let (states, refusal) = (queue.states, queue.refusal);
    let seconds_left = RwSignal::new(view.seconds_left);
    let timed_out = Signal::derive(move || seconds_left.get() == Some(0));
    #[cfg(feature = "hydrate")]
    if view.seconds_left.is_some() {
        let handle = set_interval_with_handle(
            move || seconds_left.update(|s| *s = s.map(|s| (s - 1).max(0))),
            std::time::Duration::from_secs(1),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    }
    let pending = Signal::derive(move || {
        states
            .read()
            .values()
            .filter(|s| matches!(s, SaveState::Saving | SaveState::Queued))
            .count()
    });
    let total = view.items.len();
    let answers = queue.answers;
    let answered = Signal::derive(move || answers.read().len());
    let items = view
        .items
        .into_iter()
        .enumerate()
        .map(|(n, item)| view! { <ItemCard n=n + 1 item queue=queue.clone() disabled=timed_out /> })
        .collect_view();
    let finish_id = attempt_id.clone();
    view! {
        <section class="attempt" data-attempt=attempt_id>
            <h1>{view.title}</h1>
            {(!view.instructions.is_empty()).then(|| view! { <p class="instructions">{view.instructions.clone()}</p> })}
            <AttemptBar answered total seconds_left pending states />
            {view.deadline.map(|d| view! { <p class="muted">{ru::diag_deadline(&d)}</p> })}
            {move || refusal.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
            {move || timed_out.get().then(|| view! { <p class="error" role="alert">{ru::DIAG_LATE}</p> })}
            <ol class="items">{items}</ol>
            <FinishForm id=finish_id pending />
        </section>
    }
}

/// Progress, the timer and the autosave state.
#[component]
fn AttemptBar(
    answered: Signal<usize>,
    total: usize,
    seconds_left: RwSignal<Option<i64>>,
    pending: Signal<usize>,
    states: RwSignal<std::collections::HashMap<String, SaveState>>,
) -> impl IntoView {
    let offline = Signal::derive(move || states.read().values().any(|s| *s == SaveState::Queued));
    view! {
        <div class="attempt-bar" role="status">
            <span>{move || ru::diag_progress(answered.get(), total)}</span>
            {move || {
                seconds_left
                    .get()
                    .map(|s| view! { <span class="timer" data-seconds=s>{ru::diag_time_left(s)}</span> })
            }}
            <span
                class="autosave"
                data-state=move || {
                    if offline.get() {
                        "offline"
                    } else if pending.get() > 0 {
                        "saving"
                    } else {
                        "saved"
                    }
                }
            >
                {move || {
                    if offline.get() {
                        ru::diag_queued(pending.get())
                    } else if pending.get() > 0 {
                        ru::DIAG_SAVING.to_string()
                    } else {
                        ru::DIAG_ALL_SAVED.to_string()
                    }
                }}
            </span>
        </div>
    }
}

/// Finishing waits until every answer is saved.
#[component]
fn FinishForm(id: String, pending: Signal<usize>) -> impl IntoView {
    let finish = ServerAction::<FinishAttempt>::new();
    let finish_error = Signal::derive(action_error(finish));
    let finish_blocked = Signal::derive(move || pending.get() > 0 || finish.pending().get());
    view! {
        <FormError error=finish_error />
        <RegionForm action=finish>
            <input type="hidden" name="id" value=id />
            <p class="muted">{move || (pending.get() > 0).then_some(ru::DIAG_WAIT_SAVING)}</p>
            <Submit label=ru::DIAG_FINISH pending=finish_blocked />
        </RegionForm>
    }
}

#[component]
fn ItemCard(n: usize, item: AttemptItem, queue: Queue, disabled: Signal<bool>) -> impl IntoView {
    let item_id = item.id.clone();
    let current = {
        let item_id = item_id.clone();
        let answers = queue.answers;
        Memo::new(move |_| answers.read().get(&item_id).map(|(_, a)| a.clone()))
    };
    let state = {
        let item_id = item_id.clone();
        let states = queue.states;
        Signal::derive(move || states.read().get(&item_id).copied())
    };
    let kind = item.kind;
    let data_item = item_id.clone();
    view! {
        <li class="item card" data-item=data_item data-kind=kind.code()>
            <p class="stem">
                <span class="muted">{ru::diag_item_number(n)}</span>
                {item.stem}
            </p>
            {(kind == ItemKind::Multiple).then(|| view! { <p class="muted">{ru::DIAG_SEVERAL}</p> })}
            <div class="options">
                <AnswerInput kind options=item.options item_id queue current disabled />
            </div>
            <small class="save-state" data-state=move || state.get().map_or("", SaveState::code)>
                {move || match state.get() {
                    Some(SaveState::Saved) => ru::DIAG_SAVED,
                    Some(SaveState::Saving) => ru::DIAG_SAVING,
                    Some(SaveState::Queued) => ru::DIAG_QUEUED_ONE,
                    Some(SaveState::Refused) => ru::DIAG_REFUSED_ONE,
                    None => "",
                }}
            </small>
        </li>
    }
}

/// The controls of an item's kind: options, a 1–5 scale or a text field.
#[component]
fn AnswerInput(
    kind: ItemKind,
    options: Vec<(usize, String)>,
    item_id: String,
    queue: Queue,
    current: Memo<Option<Answer>>,
    disabled: Signal<bool>,
) -> impl IntoView {
    match kind {
        ItemKind::Single | ItemKind::Multiple => {
            let multiple = kind == ItemKind::Multiple;
            EitherOf3::A(options
                .into_iter()
                .map(|(index, text)| {
                    view! { <OptionInput index text multiple item_id=item_id.clone() queue=queue.clone() current disabled /> }
                })
                .collect_view())
        }
        ItemKind::Likert => EitherOf3::B(
            (1..=5u8)
                .map(|value| {
                    let queue = queue.clone();
                    let item_id = item_id.clone();
                    let checked = move || current.get() == Some(Answer::Scale { value });
                    view! {
                        <label class="option likert">
                            <input
                                type="radio"
                                name=format!("item-{}", item_id)
                                value=value.to_string()
                                prop:checked=checked
                                disabled=disabled
                                on:change=move |_| queue.answer(item_id.clone(), Answer::Scale { value })
                            />
                            <span>{ru::likert(value)}</span>
                        </label>
                    }
                })
                .collect_view(),
        ),
        ItemKind::Short => {
            let text = move || match current.get() {
                Some(Answer::Text { text }) => text,
                _ => String::new(),
            };
            EitherOf3::C(view! {
                <Field label=ru::DIAG_YOUR_ANSWER>
                    <input
                        type="text"
                        name=format!("item-{}", item_id)
                        maxlength="500"
                        prop:value=text
                        disabled=disabled
                        on:input=move |ev| queue.answer(item_id.clone(), Answer::Text { text: event_target_value(&ev) })
                    />
                </Field>
            })
        }
    }
}

/// One option of a single- or multiple-choice item; options are referred to by their index in
/// the item, whatever order they are shown in.
#[component]
fn OptionInput(
    index: usize,
    text: String,
    multiple: bool,
    item_id: String,
    queue: Queue,
    current: Memo<Option<Answer>>,
    disabled: Signal<bool>,
) -> impl IntoView {
    let checked = move || match current.get() {
        Some(Answer::Options { chosen }) => chosen.contains(&index),
        _ => false,
    };
    view! {
        <label class="option">
            <input
                type=if multiple { "checkbox" } else { "radio" }
                name=format!("item-{}", item_id)
                value=index.to_string()
                prop:checked=checked
                disabled=disabled
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    let mut chosen = match current.get_untracked() {
                        Some(Answer::Options { chosen }) if multiple => chosen,
                        _ => Vec::new(),
                    };
                    chosen.retain(|c| *c != index);
                    if on {
                        chosen.push(index);
                        chosen.sort_unstable();
                    }
                    queue.answer(item_id.clone(), Answer::Options { chosen });
                }
            />
            <span>{text}</span>
        </label>
    }
}
