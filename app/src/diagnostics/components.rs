//! The diagnostic pages: the person's diagnostics in the personal account, an attempt with
//! autosave and an offline queue, the result with its deficit chart, the operator's
//! constructor, bank, instruments and campaigns, and item statistics.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos_meta::Title;

use super::model::Level;
use super::*;
use crate::components::{
    action_error, query_param as query, route_param as param, route_slug, FormError, PageError, Submit,
};
use crate::i18n::ru;

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

fn level_class(level: Level) -> &'static str {
    match level {
        Level::Pronounced => "level-pronounced",
        Level::Partial => "level-partial",
        Level::Minimal => "level-minimal",
    }
}

/// The person's diagnostics in the personal account: assigned and open instruments, attempts
/// in progress, past results with their deficits.
#[component]
pub fn MyDiagnosticsSection(slug: String) -> impl IntoView {
    let slug_signal = Signal::derive({
        let slug = slug.clone();
        move || slug.clone()
    });
    let mine = Resource::new(move || slug_signal.get(), get_my_diagnostics);
    let start = ServerAction::<StartAttempt>::new();
    let start_error = Signal::derive(action_error(start));
    view! {
        <section class="card diagnostics" id="diagnostics">
            <h2>{ru::DIAG_MY_TITLE}</h2>
            <FormError error=start_error />
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match mine.await {
                        Err(error) => view! { <p class="error">{error.to_string()}</p> }.into_any(),
                        Ok(mine) => {
                            let slug = slug_signal.get_untracked();
                            view! { <MyDiagnosticsList mine slug start /> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn MyDiagnosticsList(mine: MyDiagnostics, slug: String, start: ServerAction<StartAttempt>) -> impl IntoView {
    let instruments = if mine.instruments.is_empty() {
        view! { <p class="muted">{ru::DIAG_NONE_AVAILABLE}</p> }.into_any()
    } else {
        view! {
            <ul class="instrument-list">
                {mine
                    .instruments
                    .into_iter()
                    .map(|card| {
                        let slug = slug.clone();
                        let facts = [
                            card.due_at.as_ref().map(|d| ru::diag_due(d)),
                            card.time_limit_minutes.map(ru::diag_limit),
                            card.closes_at.as_ref().map(|d| ru::diag_closes(d)),
                        ]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" · ");
                        let action = match (&card.active_attempt, card.open) {
                            (Some(attempt), _) => view! {
                                <a class="button primary" href=format!("/r/{slug}/diagnostics/{attempt}")>{ru::DIAG_CONTINUE}</a>
                            }
                                .into_any(),
                            (None, true) => {
                                let instrument = card.id.clone();
                                view! {
                                <ActionForm action=start>
                                    <input type="hidden" name="slug" value=slug.clone() />
                                    <input type="hidden" name="instrument" value=instrument />
                                    <button type="submit" class="primary">{ru::DIAG_START}</button>
                                </ActionForm>
                            }
                                .into_any()
                            }
                            (None, false) => view! { <span class="muted">{ru::DIAG_CLOSED_SHORT}</span> }.into_any(),
                        };
                        let id = card.id.clone();
                        view! {
                            <li data-instrument=id>
                                <div>
                                    <strong>{card.title.clone()}</strong>
                                    {card.assigned.then(|| view! { <span class="badge">{ru::DIAG_ASSIGNED}</span> })}
                                    <br />
                                    <small class="muted">{facts}</small>
                                </div>
                                {action}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
            .into_any()
    };
    let results = (!mine.results.is_empty()).then(|| {
        view! {
            <h3>{ru::DIAG_PAST_RESULTS}</h3>
            <table class="results">
                <thead>
                    <tr>
                        <th>{ru::DIAG_COL_DATE}</th>
                        <th>{ru::DIAG_COL_INSTRUMENT}</th>
                        <th>{ru::DIAG_COL_POINTS}</th>
                        <th>{ru::DIAG_COL_DEFICITS}</th>
                    </tr>
                </thead>
                <tbody>
                    {mine
                        .results
                        .into_iter()
                        .map(|r| {
                            let deficits = ru::diag_top_deficits(&r.deficits);
                            view! {
                                <tr>
                                    <td>{r.finished_at}</td>
                                    <td>
                                        <a href=format!("/r/{slug}/diagnostics/{}/result", r.attempt_id)>{r.title}</a>
                                    </td>
                                    <td>{format!("{:.1} / {:.0}", r.points, r.max_points).replace('.', ",")}</td>
                                    <td>{deficits}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
    });
    view! {
        {instruments}
        {results}
    }
}

/// A director's view of the school: averages only, for groups of at least five confirmed people.
#[component]
pub fn SchoolAggregateSection(slug: String) -> impl IntoView {
    let aggregate = Resource::new(move || slug.clone(), get_school_aggregate);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                aggregate
                    .await
                    .ok()
                    .map(|aggregate| {
                        view! {
                            <section class="card school-aggregate">
                                <h2>{ru::diag_school_title(&aggregate.school)}</h2>
                                {if aggregate.instruments.is_empty() {
                                    view! { <p class="muted">{ru::DIAG_SCHOOL_NOTHING}</p> }.into_any()
                                } else {
                                    aggregate
                                        .instruments
                                        .into_iter()
                                        .map(|SchoolInstrument { title, average, titles }| {
                                            view! {
                                                <h3>{title}</h3>
                                                {if average.scores.is_empty() {
                                                    view! { <p class="muted">{ru::DIAG_GROUP_TOO_SMALL}</p> }
                                                        .into_any()
                                                } else {
                                                    view! {
                                                        <p>{ru::diag_people(average.people.label())}</p>
                                                        <table>
                                                            <tbody>
                                                                {average
                                                                    .scores
                                                                    .iter()
                                                                    .map(|(code, score)| {
                                                                        let title = titles
                                                                            .iter()
                                                                            .find(|(c, _)| c == code)
                                                                            .map_or(code.clone(), |(_, t)| t.clone());
                                                                        view! {
                                                                            <tr>
                                                                                <td>{title}</td>
                                                                                <td>{percent(*score)}</td>
                                                                            </tr>
                                                                        }
                                                                    })
                                                                    .collect_view()}
                                                            </tbody>
                                                        </table>
                                                    }
                                                        .into_any()
                                                }}
                                            }
                                        })
                                        .collect_view()
                                        .into_any()
                                }}
                            </section>
                        }
                    })
            })}
        </Suspense>
    }
}

/// How an item's answer stands with the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Saving,
    /// Kept in the browser until the server can be reached.
    Queued,
    Refused,
}

impl SaveState {
    fn code(self) -> &'static str {
        match self {
            SaveState::Saved => "saved",
            SaveState::Saving => "saving",
            SaveState::Queued => "queued",
            SaveState::Refused => "refused",
        }
    }
}

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
                        view! {
                            <section class="card">
                                <h1>{view.title}</h1>
                                <p>{ru::DIAG_ALREADY_FINISHED}</p>
                                <a class="button primary" href=href>{ru::DIAG_SEE_RESULT}</a>
                            </section>
                        }
                            .into_any()
                    }
                    Ok(view) => view! { <AttemptForm view slug=slug.get_untracked() /> }.into_any(),
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
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
    let answers = RwSignal::new(
        view.answers
            .iter()
            .map(|a| (a.item_id.clone(), (a.seq, a.answer.clone())))
            .collect::<HashMap<String, (i64, Answer)>>(),
    );
    let states = RwSignal::new(
        view.answers
            .iter()
            .map(|a| (a.item_id.clone(), SaveState::Saved))
            .collect::<HashMap<String, SaveState>>(),
    );
    let refusal = RwSignal::new(None::<String>);
    let seconds_left = RwSignal::new(view.seconds_left);
    let queue = Queue {
        slug: slug.clone(),
        attempt: attempt_id.clone(),
        answers,
        states,
        refusal,
        in_flight: StoredValue::new(HashSet::new()),
    };
    queue.resume();
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
    let offline = Signal::derive(move || states.read().values().any(|s| *s == SaveState::Queued));
    let total = view.items.len();
    let answered = Signal::derive(move || answers.read().len());
    let finish = ServerAction::<FinishAttempt>::new();
    let finish_error = Signal::derive(action_error(finish));
    let finish_blocked = Signal::derive(move || pending.get() > 0 || finish.pending().get());
    let finish_id = attempt_id.clone();
    let items = view
        .items
        .into_iter()
        .enumerate()
        .map(|(n, item)| view! { <ItemCard n=n + 1 item queue=queue.clone() disabled=timed_out /> })
        .collect_view();
    view! {
        <section class="attempt" data-attempt=attempt_id.clone()>
            <h1>{view.title}</h1>
            {(!view.instructions.is_empty()).then(|| view! { <p class="instructions">{view.instructions.clone()}</p> })}
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
            {view.deadline.map(|d| view! { <p class="muted">{ru::diag_deadline(&d)}</p> })}
            {move || refusal.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
            {move || timed_out.get().then(|| view! { <p class="error" role="alert">{ru::DIAG_LATE}</p> })}
            <ol class="items">{items}</ol>
            <FormError error=finish_error />
            <ActionForm action=finish>
                <input type="hidden" name="slug" value=slug />
                <input type="hidden" name="id" value=finish_id />
                <p class="muted">{move || (pending.get() > 0).then_some(ru::DIAG_WAIT_SAVING)}</p>
                <Submit label=ru::DIAG_FINISH pending=finish_blocked />
            </ActionForm>
        </section>
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
    let body = match item.kind {
        ItemKind::Single | ItemKind::Multiple => {
            let multiple = item.kind == ItemKind::Multiple;
            item.options
                .iter()
                .map(|(index, text)| {
                    let index = *index;
                    let queue = queue.clone();
                    let item_id = item_id.clone();
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
                            <span>{text.clone()}</span>
                        </label>
                    }
                })
                .collect_view()
                .into_any()
        }
        ItemKind::Likert => (1..=5u8)
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
            .collect_view()
            .into_any(),
        ItemKind::Short => {
            let queue = queue.clone();
            let item_id = item_id.clone();
            let text = move || match current.get() {
                Some(Answer::Text { text }) => text,
                _ => String::new(),
            };
            view! {
                <label class="field">
                    <span>{ru::DIAG_YOUR_ANSWER}</span>
                    <input
                        type="text"
                        name=format!("item-{}", item_id)
                        maxlength="500"
                        prop:value=text
                        disabled=disabled
                        on:input=move |ev| queue.answer(item_id.clone(), Answer::Text { text: event_target_value(&ev) })
                    />
                </label>
            }
                .into_any()
        }
    };
    view! {
        <li class="item card" data-item=item_id.clone() data-kind=item.kind.code()>
            <p class="stem">
                <span class="muted">{ru::diag_item_number(n)}</span>
                {item.stem}
            </p>
            {(item.kind == ItemKind::Multiple).then(|| view! { <p class="muted">{ru::DIAG_SEVERAL}</p> })}
            <div class="options">{body}</div>
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

/// The autosave queue of one attempt: the newest answer per item, with its sequence number,
/// mirrored in browser storage until the server confirms it.
#[derive(Clone)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
struct Queue {
    slug: String,
    attempt: String,
    answers: RwSignal<HashMap<String, (i64, Answer)>>,
    states: RwSignal<HashMap<String, SaveState>>,
    refusal: RwSignal<Option<String>>,
    in_flight: StoredValue<HashSet<String>>,
}

impl Queue {
    /// Records a new answer and sends it.
    fn answer(&self, item: String, answer: Answer) {
        let seq = next_seq();
        self.answers.update(|a| {
            a.insert(item.clone(), (seq, answer.clone()));
        });
        self.states.update(|s| {
            s.insert(item.clone(), SaveState::Saving);
        });
        #[cfg(feature = "hydrate")]
        super::offline::remember(&self.attempt, &item, seq, &answer);
        self.send(item);
    }

    /// On load: answers left in the browser by an earlier visit that are newer than what the
    /// server holds are shown and sent.
    fn resume(&self) {
        #[cfg(feature = "hydrate")]
        {
            let queue = self.clone();
            Effect::new(move |_| {
                let stored = super::offline::pending(&queue.attempt);
                for (item, (seq, answer)) in stored {
                    let newer = queue
                        .answers
                        .with_untracked(|a| a.get(&item).is_none_or(|(known, _)| *known < seq));
                    if newer {
                        queue.answers.update(|a| {
                            a.insert(item.clone(), (seq, answer));
                        });
                        queue.states.update(|s| {
                            s.insert(item.clone(), SaveState::Queued);
                        });
                        queue.send(item);
                    } else {
                        super::offline::forget(&queue.attempt, &item, seq);
                    }
                }
                let retry = queue.clone();
                let handle =
                    set_interval_with_handle(move || retry.retry(), std::time::Duration::from_secs(3));
                if let Ok(handle) = handle {
                    on_cleanup(move || handle.clear());
                }
            });
        }
    }

    #[cfg(feature = "hydrate")]
    fn retry(&self) {
        let queued: Vec<String> = self.states.with_untracked(|s| {
            s.iter()
                .filter(|(_, state)| **state == SaveState::Queued)
                .map(|(item, _)| item.clone())
                .collect()
        });
        for item in queued {
            self.send(item);
        }
    }

    /// Sends the newest answer of an item unless a request for it is already on its way (that
    /// request's completion sends again if the answer changed meanwhile).
    fn send(&self, item: String) {
        #[cfg(not(feature = "hydrate"))]
        let _ = item;
        #[cfg(feature = "hydrate")]
        {
            if !self
                .in_flight
                .try_update_value(|f| f.insert(item.clone()))
                .unwrap_or(false)
            {
                return;
            }
            let Some((seq, answer)) = self.answers.with_untracked(|a| a.get(&item).cloned()) else {
                self.in_flight.update_value(|f| {
                    f.remove(&item);
                });
                return;
            };
            let queue = self.clone();
            leptos::task::spawn_local(async move {
                let outcome = save_answer(
                    queue.slug.clone(),
                    queue.attempt.clone(),
                    item.clone(),
                    seq,
                    answer,
                )
                .await;
                queue.in_flight.update_value(|f| {
                    f.remove(&item);
                });
                let latest = queue.answers.with_untracked(|a| a.get(&item).map(|(s, _)| *s));
                let state = match outcome {
                    Ok(_) => {
                        super::offline::forget(&queue.attempt, &item, seq);
                        if latest == Some(seq) {
                            SaveState::Saved
                        } else {
                            queue.send(item.clone());
                            SaveState::Saving
                        }
                    }
                    Err(AppError::Request | AppError::Internal) => SaveState::Queued,
                    Err(error) => {
                        super::offline::forget(&queue.attempt, &item, seq);
                        queue.refusal.set(Some(error.to_string()));
                        SaveState::Refused
                    }
                };
                queue.states.update(|s| {
                    s.insert(item, state);
                });
            });
        }
    }
}

/// Sequence numbers grow with time across tabs and devices, so the answer given last wins.
fn next_seq() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        thread_local!(static LAST: std::cell::Cell<i64> = const { std::cell::Cell::new(0) });
        let now = (js_sys::Date::now() * 1000.0) as i64;
        LAST.with(|last| {
            let seq = now.max(last.get() + 1);
            last.set(seq);
            seq
        })
    }
    #[cfg(not(feature = "hydrate"))]
    {
        1
    }
}

#[component]
pub fn ResultPage() -> impl IntoView {
    let slug = route_slug();
    let id = param("id");
    let result = Resource::new(move || (slug.get(), id.get()), |(slug, id)| get_result(slug, id));
    view! {
        <Title text=ru::DIAG_RESULT_TITLE />
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match result.await {
                    Ok(view) => view! { <ResultReport view slug=slug.get_untracked() /> }.into_any(),
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ResultReport(view: ResultView, slug: String) -> impl IntoView {
    let result = view.result.clone();
    let deficits = result
        .deficits
        .iter()
        .filter_map(|code| result.competencies.iter().find(|c| &c.code == code))
        .cloned()
        .collect::<Vec<_>>();
    let groups = view.comparison.clone();
    let shown: Vec<&GroupAverage> = groups.iter().filter(|g| !g.scores.is_empty()).collect();
    let comparison = view! {
        <h2>{ru::DIAG_COMPARISON}</h2>
        <p class="muted">{ru::DIAG_COMPARISON_NOTE}</p>
        <ul class="groups">
            {groups
                .iter()
                .map(|g| {
                    let text = if g.scores.is_empty() {
                        ru::diag_group_hidden(&g.group)
                    } else {
                        ru::diag_group_shown(&g.group, g.people.label())
                    };
                    view! { <li>{text}</li> }
                })
                .collect_view()}
        </ul>
        <table class="comparison">
            <thead>
                <tr>
                    <th>{ru::DIAG_COL_COMPETENCY}</th>
                    <th>{ru::DIAG_COL_YOU}</th>
                    {shown.iter().map(|g| view! { <th>{g.group.clone()}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>
                {result
                    .competencies
                    .iter()
                    .map(|c| {
                        view! {
                            <tr>
                                <td>{c.title.clone()}</td>
                                <td>{percent(c.score)}</td>
                                {shown
                                    .iter()
                                    .map(|g| {
                                        let mean = g.scores.iter().find(|(code, _)| code == &c.code).map(|(_, m)| *m);
                                        view! { <td>{mean.map_or("—".to_string(), percent)}</td> }
                                    })
                                    .collect_view()}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    };
    view! {
        <section class="result">
            <p>
                <a href=format!("/r/{slug}/cabinet")>{ru::DIAG_BACK_TO_CABINET}</a>
            </p>
            <h1>{view.title.clone()}</h1>
            <p class="muted">{ru::diag_result_line(&view.person, &view.finished_at)}</p>
            {view.finished_by_deadline.then(|| view! { <p class="notice">{ru::DIAG_FINISHED_BY_DEADLINE}</p> })}
            <p class="score">
                {ru::diag_points(view.result.points, view.result.max_points)}
            </p>
            <h2>{ru::DIAG_CHART_TITLE}</h2>
            <DeficitChart result=view.result.clone() />
            <h2>{ru::DIAG_DEFICITS_TITLE}</h2>
            {if deficits.is_empty() {
                view! { <p>{ru::DIAG_NO_DEFICITS_TEXT}</p> }.into_any()
            } else {
                view! {
                    <ol class="deficits">
                        {deficits
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <li class=level_class(c.level) data-competency=c.code.clone()>
                                        <strong>{c.title.clone()}</strong>
                                        {format!(" — {} · {}", percent(c.score), c.level.label())}
                                        <p>{c.description.clone()}</p>
                                        <p>
                                            <em>{ru::DIAG_IN_PRACTICE}</em>
                                            {c.deficit_meaning.clone()}
                                        </p>
                                        <p class="muted">{c.level.advice()}</p>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                    .into_any()
            }}
            {comparison}
        </section>
    }
}

/// Horizontal bars of the person's score per competency, with the two level thresholds drawn
/// across them: SVG, so it prints and needs no script.
#[component]
fn DeficitChart(result: AttemptResult) -> impl IntoView {
    const LABEL: f64 = 300.0;
    const WIDTH: f64 = 420.0;
    const ROW: f64 = 26.0;
    let rows = result.competencies.len() as f64;
    let height = rows * ROW + 30.0;
    let x = |share: f64| LABEL + share * WIDTH;
    let t = result.thresholds;
    view! {
        <svg
            class="deficit-chart"
            role="img"
            aria-label=ru::DIAG_CHART_TITLE
            viewBox=format!("0 0 {} {height}", LABEL + WIDTH + 50.0)
            width="100%"
        >
            {result
                .competencies
                .iter()
                .enumerate()
                .map(|(n, c)| {
                    let y = n as f64 * ROW + 4.0;
                    let label: String = c.title.chars().take(42).collect();
                    view! {
                        <g class=level_class(c.level) data-competency=c.code.clone()>
                            <text x=LABEL - 8.0 y=y + 15.0 text-anchor="end" font-size="12">{label}</text>
                            <rect x=LABEL y=y width=(c.score * WIDTH).max(1.0) height=ROW - 8.0 rx="3" />
                            <text x=x(c.score) + 6.0 y=y + 14.0 font-size="11">{percent(c.score)}</text>
                        </g>
                    }
                })
                .collect_view()}
            {[(t.low, "threshold-low"), (t.high, "threshold-high")]
                .into_iter()
                .map(|(share, class)| {
                    view! {
                        <g class=class>
                            <line x1=x(share) x2=x(share) y1="0" y2=rows * ROW stroke-dasharray="4 3" />
                            <text x=x(share) y=rows * ROW + 16.0 text-anchor="middle" font-size="11">
                                {percent(share)}
                            </text>
                        </g>
                    }
                })
                .collect_view()}
        </svg>
    }
}

// ---- operator pages ----

#[component]
pub fn DiagnosticsAdminPage() -> impl IntoView {
    let slug = route_slug();
    let edit = ServerAction::<EditFramework>::new();
    let save = ServerAction::<SaveItem>::new();
    let instrument = ServerAction::<CreateInstrument>::new();
    let campaign = ServerAction::<CreateCampaign>::new();
    let admin = Resource::new(
        move || {
            (
                slug.get(),
                edit.version().get(),
                save.version().get(),
                instrument.version().get(),
                campaign.version().get(),
            )
        },
        |(slug, ..)| get_diagnostics_admin(slug),
    );
    let imported = query("imported");
    let import_error = query("import_error");
    view! {
        <Title text=ru::DIAG_ADMIN_TITLE />
        <h1>{ru::DIAG_ADMIN_TITLE}</h1>
        {move || imported.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
        {move || import_error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match admin.await {
                    Ok(admin) => {
                        let slug = slug.get_untracked();
                        view! { <AdminSections admin slug edit save instrument campaign /> }.into_any()
                    }
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AdminSections(
    admin: DiagnosticsAdmin,
    slug: String,
    edit: ServerAction<EditFramework>,
    save: ServerAction<SaveItem>,
    instrument: ServerAction<CreateInstrument>,
    campaign: ServerAction<CreateCampaign>,
) -> impl IntoView {
    let edit_error = Signal::derive(action_error(edit));
    let Some(framework) = admin.framework.clone() else {
        return view! {
            <section class="card">
                <h2>{ru::DIAG_FRAMEWORK_TITLE}</h2>
                <p>{ru::DIAG_NO_FRAMEWORK}</p>
                <FormError error=edit_error />
                <ActionForm action=edit>
                    <input type="hidden" name="slug" value=slug.clone() />
                    <input type="hidden" name="edit[op]" value="template" />
                    <button type="submit" class="primary">{ru::DIAG_COPY_TEMPLATE}</button>
                </ActionForm>
            </section>
        }
        .into_any();
    };
    view! {
        <FrameworkSection framework=framework.clone() slug=slug.clone() edit />
        <BankSection admin=admin.clone() framework slug=slug.clone() save />
        <InstrumentsSection admin=admin.clone() slug=slug.clone() instrument />
        <CampaignsSection admin slug campaign />
    }
    .into_any()
}

/// A hidden `slug` and `edit[op]` and the given fields, posting one framework edit.
#[component]
fn FrameworkForm(
    slug: String,
    op: &'static str,
    edit: ServerAction<EditFramework>,
    submit: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <ActionForm action=edit attr:class="inline-form">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="edit[op]" value=op />
            {children()}
            <button type="submit">{submit}</button>
        </ActionForm>
    }
}

#[component]
fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] wide: bool,
) -> impl IntoView {
    view! {
        <label class="field inline" class:wide=wide>
            <span>{label}</span>
            <input name=name value=value />
        </label>
    }
}

#[component]
fn Area(label: &'static str, name: &'static str, #[prop(optional, into)] value: String) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <textarea name=name rows="3">{value}</textarea>
        </label>
    }
}

#[component]
fn FrameworkSection(framework: Framework, slug: String, edit: ServerAction<EditFramework>) -> impl IntoView {
    let edit_error = Signal::derive(action_error(edit));
    let low = format!("{:.0}", framework.thresholds.low * 100.0);
    let high = format!("{:.0}", framework.thresholds.high * 100.0);
    let areas = framework.areas.clone();
    let competencies = framework
        .areas
        .iter()
        .map(|area| {
            let rows = framework
                .competencies
                .clone()
                .into_iter()
                .filter(|c| c.area == area.code)
                .map(|c| {
                    let slug = slug.clone();
                    let (code_edit, code_remove, area) = (c.code.clone(), c.code.clone(), c.area.clone());
                    let (title, description, meaning) =
                        (c.title.clone(), c.description.clone(), c.deficit_meaning.clone());
                    view! {
                        <details class="competency" data-competency=c.code.clone()>
                            <summary>
                                <code>{c.code.clone()}</code>
                                {format!(" {}", c.title)}
                            </summary>
                            <p>{c.description.clone()}</p>
                            <FrameworkForm slug=slug.clone() op="competency" edit submit=ru::DIAG_SAVE>
                                <input type="hidden" name="edit[code]" value=code_edit />
                                <input type="hidden" name="edit[area]" value=area />
                                <Field label=ru::DIAG_F_TITLE name="edit[title]" value=title wide=true />
                                <Area label=ru::DIAG_F_DESCRIPTION name="edit[description]" value=description />
                                <Area label=ru::DIAG_F_MEANING name="edit[deficit_meaning]" value=meaning />
                            </FrameworkForm>
                            <FrameworkForm slug op="remove_competency" edit submit=ru::DIAG_REMOVE>
                                <input type="hidden" name="edit[code]" value=code_remove />
                            </FrameworkForm>
                        </details>
                    }
                })
                .collect_view();
            view! {
                <h3>{area.title.clone()} <small class="muted">{format!(" ({})", area.code)}</small></h3>
                {rows}
            }
        })
        .collect_view();
    let profiles = framework
        .profiles
        .iter()
        .map(|p| {
            let who = format!(
                "{}{}",
                ru::label(&ru::POSITIONS, &p.position),
                p.subject.as_ref().map(|s| format!(", {s}")).unwrap_or_default()
            );
            view! {
                <li>
                    <strong>{who}</strong>
                    {format!(": {}", p.competencies.join(", "))}
                </li>
            }
        })
        .collect_view();
    let json = serde_json::to_string_pretty(&framework).unwrap_or_default();
    view! {
        <section class="card framework">
            <h2>{ru::DIAG_FRAMEWORK_TITLE}</h2>
            <p class="muted">{framework.title.clone()}</p>
            <FormError error=edit_error />
            <h3>{ru::DIAG_THRESHOLDS}</h3>
            <p class="muted">{ru::DIAG_THRESHOLDS_NOTE}</p>
            <FrameworkForm slug=slug.clone() op="thresholds" edit submit=ru::DIAG_SAVE>
                <Field label=ru::DIAG_F_LOW name="edit[low]" value=low />
                <Field label=ru::DIAG_F_HIGH name="edit[high]" value=high />
            </FrameworkForm>
            {competencies}
            <details class="add">
                <summary>{ru::DIAG_ADD_COMPETENCY}</summary>
                <FrameworkForm slug=slug.clone() op="competency" edit submit=ru::DIAG_ADD>
                    <Field label=ru::DIAG_F_CODE name="edit[code]" />
                    <label class="field inline">
                        <span>{ru::DIAG_F_AREA}</span>
                        <select name="edit[area]">
                            {areas.iter().map(|a| view! { <option value=a.code.clone()>{a.title.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                    <Field label=ru::DIAG_F_TITLE name="edit[title]" wide=true />
                    <Area label=ru::DIAG_F_DESCRIPTION name="edit[description]" />
                    <Area label=ru::DIAG_F_MEANING name="edit[deficit_meaning]" />
                </FrameworkForm>
            </details>
            <details class="add">
                <summary>{ru::DIAG_ADD_AREA}</summary>
                <FrameworkForm slug=slug.clone() op="area" edit submit=ru::DIAG_ADD>
                    <Field label=ru::DIAG_F_CODE name="edit[code]" />
                    <Field label=ru::DIAG_F_TITLE name="edit[title]" wide=true />
                </FrameworkForm>
            </details>
            <h3>{ru::DIAG_PROFILES}</h3>
            <ul class="profiles">{profiles}</ul>
            <details class="add">
                <summary>{ru::DIAG_SET_PROFILE}</summary>
                <FrameworkForm slug=slug.clone() op="profile" edit submit=ru::DIAG_SAVE>
                    <label class="field inline">
                        <span>{ru::DIAG_F_POSITION}</span>
                        <select name="edit[position]">
                            {ru::POSITIONS.iter().map(|(code, label)| view! { <option value=*code>{*label}</option> }).collect_view()}
                        </select>
                    </label>
                    <Field label=ru::DIAG_F_SUBJECT name="edit[subject]" />
                    <Field label=ru::DIAG_F_COMPETENCIES name="edit[competencies]" wide=true />
                </FrameworkForm>
            </details>
            <details>
                <summary>{ru::DIAG_FRAMEWORK_JSON}</summary>
                <FrameworkForm slug op="json" edit submit=ru::DIAG_REPLACE>
                    <label class="field">
                        <span>{ru::DIAG_F_JSON}</span>
                        <textarea name="edit[json]" rows="12">{json}</textarea>
                    </label>
                </FrameworkForm>
            </details>
        </section>
    }
}

#[component]
fn ItemEditor(
    slug: String,
    id: Option<String>,
    form: ItemForm,
    save: ServerAction<SaveItem>,
    submit: &'static str,
) -> impl IntoView {
    view! {
        <ActionForm action=save attr:class="item-editor">
            <input type="hidden" name="slug" value=slug />
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            <Field label=ru::DIAG_F_CODE name="form[code]" value=form.code />
            <label class="field inline">
                <span>{ru::DIAG_F_KIND}</span>
                <select name="form[kind]">
                    {ItemKind::ALL
                        .into_iter()
                        .map(|k| {
                            view! {
                                <option value=k.code() selected=form.kind == k.code()>
                                    {k.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <Field label=ru::DIAG_F_POINTS name="form[points]" value=form.points />
            <Area label=ru::DIAG_F_STEM name="form[stem]" value=form.stem />
            <Area label=ru::DIAG_F_OPTIONS name="form[options]" value=form.options />
            <Field label=ru::DIAG_F_CORRECT name="form[correct]" value=form.correct />
            <Area label=ru::DIAG_F_ACCEPTED name="form[accepted]" value=form.accepted />
            <Field label=ru::DIAG_F_LINKS name="form[competencies]" value=form.competencies wide=true />
            <button type="submit" class="primary">{submit}</button>
        </ActionForm>
    }
}

#[component]
fn BankSection(
    admin: DiagnosticsAdmin,
    framework: Framework,
    slug: String,
    save: ServerAction<SaveItem>,
) -> impl IntoView {
    let save_error = Signal::derive(action_error(save));
    let count = admin.items.len();
    let rows = admin
        .items
        .into_iter()
        .map(|row| {
            let competencies = row
                .item
                .competencies
                .iter()
                .map(|c| framework.competency(&c.code).map_or(c.code.clone(), |f| format!("{} ({})", f.code, c.weight)))
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <details class="bank-item" data-item=row.item.code.clone()>
                    <summary>
                        <code>{row.item.code.clone()}</code>
                        {format!(" · {} · {} · ", row.item.kind.label(), ru::diag_version(row.version))}
                        {row.item.stem.chars().take(90).collect::<String>()}
                    </summary>
                    <p class="muted">{format!("{}: {competencies}", ru::DIAG_F_LINKS)}</p>
                    {row.frozen.then(|| view! { <p class="notice">{ru::DIAG_FROZEN}</p> })}
                    <ItemEditor slug=slug.clone() id=Some(row.id.clone()) form=ItemForm::from(&row.item) save submit=ru::DIAG_SAVE />
                </details>
            }
        })
        .collect_view();
    view! {
        <section class="card bank">
            <h2>{ru::diag_bank_title(count)}</h2>
            <p>
                <a href=format!("/r/{slug}/admin/diagnostics/items/export/json") download>{ru::DIAG_EXPORT_JSON}</a>
                " · "
                <a href=format!("/r/{slug}/admin/diagnostics/items/export/xlsx") download>{ru::DIAG_EXPORT_XLSX}</a>
            </p>
            <form
                class="upload"
                method="post"
                enctype="multipart/form-data"
                action=format!("/r/{slug}/admin/diagnostics/items/import")
            >
                <label class="field">
                    <span>{ru::DIAG_IMPORT}</span>
                    <input type="file" name="file" accept=".json,.xlsx,.csv" required />
                    <small class="muted">{ru::DIAG_IMPORT_HINT}</small>
                </label>
                <button type="submit">{ru::DIAG_IMPORT_SUBMIT}</button>
            </form>
            <FormError error=save_error />
            <details class="add">
                <summary>{ru::DIAG_ADD_ITEM}</summary>
                <ItemEditor
                    slug=slug.clone()
                    id=None
                    form=ItemForm { kind: "single".into(), points: "1".into(), ..Default::default() }
                    save
                    submit=ru::DIAG_ADD
                />
            </details>
            {rows}
        </section>
    }
}

#[component]
fn InstrumentsSection(
    admin: DiagnosticsAdmin,
    slug: String,
    instrument: ServerAction<CreateInstrument>,
) -> impl IntoView {
    let error = Signal::derive(action_error(instrument));
    let pending = instrument.pending().into();
    let rows = admin
        .instruments
        .iter()
        .map(|i| {
            let selection = match &i.body.selection {
                model::Selection::Fixed { items } => ru::diag_fixed(items.len()),
                model::Selection::PerCompetency { k, competencies } => ru::diag_per_competency(*k, competencies.len()),
            };
            let audience = if i.body.positions.is_empty() {
                ru::DIAG_EVERYONE.to_string()
            } else {
                i.body.positions.iter().map(|p| ru::label(&ru::POSITIONS, p)).collect::<Vec<_>>().join(", ")
            };
            view! {
                <tr data-instrument=i.id.clone()>
                    <td>{i.title.clone()}</td>
                    <td>{selection}</td>
                    <td>{audience}</td>
                    <td>{i.time_limit_minutes.map(ru::diag_limit).unwrap_or_default()}</td>
                    <td>{i.finished_attempts}</td>
                    <td>
                        <a href=format!("/r/{slug}/admin/diagnostics/instruments/{}", i.id)>{ru::DIAG_STATISTICS}</a>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card instruments">
            <h2>{ru::DIAG_INSTRUMENTS}</h2>
            <table>
                <thead>
                    <tr>
                        <th>{ru::DIAG_F_TITLE}</th>
                        <th>{ru::DIAG_COL_SELECTION}</th>
                        <th>{ru::DIAG_COL_AUDIENCE}</th>
                        <th>{ru::DIAG_COL_LIMIT}</th>
                        <th>{ru::DIAG_COL_FINISHED}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <details class="add">
                <summary>{ru::DIAG_ADD_INSTRUMENT}</summary>
                <ActionForm action=instrument>
                    <input type="hidden" name="slug" value=slug />
                    <Field label=ru::DIAG_F_TITLE name="form[title]" wide=true />
                    <Area label=ru::DIAG_F_INSTRUCTIONS name="form[instructions]" />
                    <label class="field inline">
                        <span>{ru::DIAG_F_SELECTION}</span>
                        <select name="form[selection]">
                            <option value="fixed">{ru::DIAG_SELECTION_FIXED}</option>
                            <option value="per_competency">{ru::DIAG_SELECTION_RANDOM}</option>
                        </select>
                    </label>
                    <Field label=ru::DIAG_F_ITEMS name="form[items]" wide=true />
                    <Field label=ru::DIAG_F_K name="form[k]" />
                    <Field label=ru::DIAG_F_COMPETENCIES name="form[competencies]" wide=true />
                    <Field label=ru::DIAG_F_LIMIT name="form[time_limit_minutes]" />
                    <AudienceSelect name="form[positions]" />
                    <Field label=ru::DIAG_F_SUBJECTS name="form[subjects]" />
                    <label class="field inline">
                        <span>{ru::DIAG_F_OPENS}</span>
                        <input type="datetime-local" name="form[opens_at]" />
                    </label>
                    <label class="field inline">
                        <span>{ru::DIAG_F_CLOSES}</span>
                        <input type="datetime-local" name="form[closes_at]" />
                    </label>
                    <label class="field inline">
                        <input type="checkbox" name="form[shuffle_options]" value="on" />
                        <span>{ru::DIAG_F_SHUFFLE}</span>
                    </label>
                    <FormError error />
                    <Submit label=ru::DIAG_ADD pending />
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
fn AudienceSelect(name: &'static str) -> impl IntoView {
    view! {
        <label class="field inline">
            <span>{ru::DIAG_F_AUDIENCE}</span>
            <select name=name>
                {ru::AUDIENCES.iter().map(|(value, label)| view! { <option value=*value>{*label}</option> }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn CampaignsSection(
    admin: DiagnosticsAdmin,
    slug: String,
    campaign: ServerAction<CreateCampaign>,
) -> impl IntoView {
    let error = Signal::derive(action_error(campaign));
    let pending = campaign.pending().into();
    let done = move || {
        campaign
            .value()
            .get()
            .and_then(Result::ok)
            .map(|n| view! { <p class="notice" role="status">{ru::diag_assigned(n)}</p> })
    };
    let rows = admin
        .campaigns
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <td>{c.title.clone()}</td>
                    <td>{c.instrument.clone()}</td>
                    <td>{c.due_at.clone().unwrap_or_default()}</td>
                    <td>{format!("{} / {}", c.finished, c.assigned)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card campaigns">
            <h2>{ru::DIAG_CAMPAIGNS}</h2>
            <table>
                <thead>
                    <tr>
                        <th>{ru::DIAG_F_TITLE}</th>
                        <th>{ru::DIAG_COL_INSTRUMENT}</th>
                        <th>{ru::DIAG_COL_DUE}</th>
                        <th>{ru::DIAG_COL_PROGRESS}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <details class="add">
                <summary>{ru::DIAG_ADD_CAMPAIGN}</summary>
                <ActionForm action=campaign>
                    <input type="hidden" name="slug" value=slug />
                    <Field label=ru::DIAG_F_TITLE name="form[title]" wide=true />
                    <label class="field inline">
                        <span>{ru::DIAG_COL_INSTRUMENT}</span>
                        <select name="form[instrument]">
                            {admin
                                .instruments
                                .iter()
                                .map(|i| view! { <option value=i.id.clone()>{i.title.clone()}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <label class="field inline">
                        <span>{ru::DIAG_F_MUNICIPALITY}</span>
                        <select name="form[municipality]">
                            <option value="">{ru::DIAG_WHOLE_REGION}</option>
                            {admin
                                .municipalities
                                .iter()
                                .map(|m| view! { <option value=m.clone()>{m.clone()}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <Field label=ru::DIAG_F_SCHOOLS name="form[schools]" wide=true />
                    <AudienceSelect name="form[positions]" />
                    <label class="field inline">
                        <span>{ru::DIAG_COL_DUE}</span>
                        <input type="date" name="form[due_at]" />
                    </label>
                    <FormError error />
                    {done}
                    <Submit label=ru::DIAG_ASSIGN pending />
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
pub fn InstrumentStatisticsPage() -> impl IntoView {
    let slug = route_slug();
    let id = param("id");
    let stats = Resource::new(
        move || (slug.get(), id.get()),
        |(slug, id)| get_item_statistics(slug, id),
    );
    let show_people = RwSignal::new(false);
    let people = Resource::new(
        move || (slug.get(), id.get(), show_people.get()),
        |(slug, id, show)| async move {
            if show {
                get_person_scores(slug, id).await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    view! {
        <Title text=ru::DIAG_STATISTICS />
        <p>
            <a href=move || format!("/r/{}/admin/diagnostics", slug.get())>{ru::DIAG_BACK_TO_ADMIN}</a>
        </p>
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match stats.await {
                    Ok(stats) => view! { <StatisticsReport stats /> }.into_any(),
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
        <section class="card">
            <h2>{ru::DIAG_PEOPLE_TITLE}</h2>
            <p class="muted">{ru::DIAG_PEOPLE_NOTE}</p>
            <button type="button" on:click=move |_| show_people.set(true)>{ru::DIAG_PEOPLE_SHOW}</button>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match people.await {
                        Ok(Some(rows)) => view! {
                            <table class="people-scores">
                                <thead>
                                    <tr>
                                        <th>{ru::DIAG_COL_PERSON}</th>
                                        <th>{ru::DIAG_COL_SCHOOL}</th>
                                        <th>{ru::DIAG_COL_DATE}</th>
                                        <th>{ru::DIAG_COL_POINTS}</th>
                                        <th>{ru::DIAG_COL_DEFICITS}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .map(|p| view! {
                                            <tr>
                                                <td>{p.person}</td>
                                                <td>{p.school}</td>
                                                <td>{p.finished_at}</td>
                                                <td>{format!("{:.1} / {:.0}", p.points, p.max_points).replace('.', ",")}</td>
                                                <td>{p.deficits}</td>
                                            </tr>
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                            .into_any(),
                        Ok(None) => ().into_any(),
                        Err(error) => view! { <p class="error">{error.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn decimal(value: Option<f64>) -> String {
    value.map_or("—".to_string(), |v| format!("{v:.2}").replace('.', ","))
}

#[component]
fn StatisticsReport(stats: ItemStatistics) -> impl IntoView {
    let flagged = stats.items.iter().filter(|i| !i.flags.is_empty()).count();
    view! {
        <h1>{ru::diag_statistics_title(&stats.instrument)}</h1>
        <p>{ru::diag_statistics_line(stats.attempts, stats.items.len(), flagged)}</p>
        <section class="card">
            <h2>{ru::DIAG_SCALES}</h2>
            <table class="scales">
                <thead>
                    <tr>
                        <th>{ru::DIAG_COL_COMPETENCY}</th>
                        <th>{ru::DIAG_COL_ITEMS}</th>
                        <th>{ru::DIAG_COL_ALPHA}</th>
                    </tr>
                </thead>
                <tbody>
                    {stats
                        .scales
                        .iter()
                        .map(|s| view! {
                            <tr>
                                <td>{format!("{} {}", s.competency, s.title)}</td>
                                <td>{s.items}</td>
                                <td>{decimal(s.alpha)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
        <section class="card">
            <h2>{ru::DIAG_ITEMS_STATS}</h2>
            <p class="muted">{ru::DIAG_ITEMS_STATS_NOTE}</p>
            <table class="item-stats">
                <thead>
                    <tr>
                        <th>{ru::DIAG_F_CODE}</th>
                        <th>{ru::DIAG_COL_ANSWERED}</th>
                        <th>{ru::DIAG_COL_FACILITY}</th>
                        <th>{ru::DIAG_COL_DISCRIMINATION}</th>
                        <th>{ru::DIAG_COL_OPTIONS}</th>
                        <th>{ru::DIAG_COL_FLAGS}</th>
                    </tr>
                </thead>
                <tbody>
                    {stats
                        .items
                        .into_iter()
                        .map(|i| {
                            let options = i
                                .options
                                .iter()
                                .enumerate()
                                .map(|(n, (_, count, correct))| format!("{}{}: {count}", n + 1, if *correct { "✓" } else { "" }))
                                .collect::<Vec<_>>()
                                .join(" · ");
                            view! {
                                <tr class:flagged=!i.flags.is_empty() data-item=i.code.clone()>
                                    <td title=i.stem.clone()>{i.code.clone()}</td>
                                    <td>{i.answered}</td>
                                    <td>{decimal(Some(i.facility))}</td>
                                    <td>{decimal(i.discrimination)}</td>
                                    <td>{options}</td>
                                    <td>{i.flags.join("; ")}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}
