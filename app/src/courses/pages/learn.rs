//! `/r/:slug/learn/:course`: a micro-course. Lessons one at a time (each marked read on the
//! server as the person moves on), then the final check: items without keys, scored on the
//! server; a pass completes the course, otherwise the score and a retake with a new draw.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::Field;
use crate::components::{route_param, route_slug, FormError, PageError};
use crate::courses::{
    get_micro_course, CheckAnswer, CheckOutcome, MarkLessonRead, MicroCheck, MicroCourse, StartMicroCheck,
    SubmitMicroCheck,
};
use crate::diagnostics::{Answer, AttemptItem, ItemKind};
use crate::i18n::ru;

#[component]
pub fn LearnPage() -> impl IntoView {
    let slug = route_slug();
    let course = route_param("course");
    let micro = Resource::new(
        move || (slug.get(), course.get()),
        |(slug, course)| get_micro_course(slug, course),
    );
    view! {
        <Title text=ru::MICRO_TITLE />
        <section class="learn">
            <p class="back">
                <a href=move || format!("/r/{}/route", slug.get())>{ru::MICRO_BACK_TO_ROUTE}</a>
            </p>
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match micro.await {
                        Ok(micro) => view! { <Course micro slug=slug.get_untracked() /> }.into_any(),
                        Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Brings the top of the lesson into view after a move to another one.
fn scroll_to_lesson() {
    #[cfg(feature = "hydrate")]
    if let Some(top) = document().get_element_by_id("lesson") {
        top.scroll_into_view();
    }
}

#[component]
fn Course(micro: MicroCourse, slug: String) -> impl IntoView {
    let count = micro.lessons.len();
    let read = RwSignal::new(micro.lessons.iter().map(|l| l.read).collect::<Vec<bool>>());
    // The first unread lesson, or the check once all are read.
    let current = RwSignal::new(micro.lessons.iter().position(|l| !l.read).unwrap_or(count));
    let mark = ServerAction::<MarkLessonRead>::new();
    let lessons = StoredValue::new(micro.lessons.clone());
    let (course_id, mark_slug) = (micro.id.clone(), slug.clone());
    let advance = move |index: usize| {
        let lesson = lessons.with_value(|l| l[index].position);
        mark.dispatch(MarkLessonRead {
            slug: mark_slug.clone(),
            course: course_id.clone(),
            lesson,
        });
        read.update(|r| r[index] = true);
        current.set(index + 1);
        scroll_to_lesson();
    };
    let last = micro
        .last_score
        .map(|s| format!("{}{}", ru::MICRO_LAST_SCORE, ru::micro_score(s)));
    let done = micro
        .completed
        .then(|| view! { <p class="notice" role="status">{ru::MICRO_COMPLETED}</p> });
    let lesson_view = move || {
        let index = current.get();
        lessons.with_value(|all| all.get(index).cloned()).map(|lesson| {
            let advance = advance.clone();
            let next_label = if index + 1 == count { ru::MICRO_TO_CHECK } else { ru::MICRO_NEXT };
            view! {
                <article class="card lesson" data-lesson=lesson.position>
                    <p class="muted">{format!("{} {} {} {count}", ru::MICRO_LESSON, index + 1, ru::MICRO_OF)}</p>
                    <h2>{lesson.title}</h2>
                    <div class="lesson-text" inner_html=lesson.html></div>
                    <p class="lesson-nav">
                        {(index > 0).then(|| view! {
                            <button type="button" on:click=move |_| { current.set(index - 1); scroll_to_lesson(); }>
                                {ru::MICRO_PREVIOUS}
                            </button>
                        })}
                        <button type="button" class="primary" on:click=move |_| advance(index)>{next_label}</button>
                    </p>
                </article>
            }
        })
    };
    let all_read = Signal::derive(move || read.get().iter().all(|r| *r) && !mark.pending().get());
    view! {
        <h1 id="lesson">{micro.title.clone()}</h1>
        <p class="muted">{format!("{} {}", micro.hours, ru::MICRO_HOURS)}{last.map(|l| format!(" · {l}"))}</p>
        {done}
        <LessonList lessons=micro.lessons.iter().map(|l| l.title.clone()).collect() read current />
        {lesson_view}
        {move || (current.get() >= count).then(|| view! { <Check slug=slug.clone() course=micro.id.clone() all_read /> })}
    }
}

#[component]
fn LessonList(lessons: Vec<String>, read: RwSignal<Vec<bool>>, current: RwSignal<usize>) -> impl IntoView {
    let count = lessons.len();
    view! {
        <details class="card lesson-list">
            <summary>{ru::MICRO_LESSONS}</summary>
            <ol>
                {lessons
                    .into_iter()
                    .enumerate()
                    .map(|(index, title)| view! {
                        <li>
                            <button type="button" class="link" on:click=move |_| current.set(index)>{title}</button>
                            {move || read.get()[index].then(|| view! { <span class="badge">{ru::MICRO_READ_MARK}</span> })}
                        </li>
                    })
                    .collect_view()}
                <li>
                    <button type="button" class="link" on:click=move |_| current.set(count)>{ru::MICRO_CHECK}</button>
                </li>
            </ol>
        </details>
    }
}

/// The final check: start (a new draw each time), answer, submit, see the outcome.
#[component]
fn Check(slug: String, course: String, all_read: Signal<bool>) -> impl IntoView {
    let start = ServerAction::<StartMicroCheck>::new();
    let submit = ServerAction::<SubmitMicroCheck>::new();
    let answers = RwSignal::new(HashMap::<String, Answer>::new());
    let begin = move || {
        submit.value().set(None);
        answers.set(HashMap::new());
        start.dispatch(StartMicroCheck {
            slug: slug.clone(),
            course: course.clone(),
        });
    };
    let start_error = Signal::derive(move || start.value().get().and_then(Result::err));
    let submit_error = Signal::derive(move || submit.value().get().and_then(Result::err));
    let body = move || {
        let begin = begin.clone();
        match (submit.value().get(), start.value().get()) {
            (Some(Ok(outcome)), _) => view! { <Outcome outcome begin /> }.into_any(),
            (_, Some(Ok(check))) => view! { <CheckForm check answers submit /> }.into_any(),
            _ => view! {
                <button type="button" class="primary" disabled=move || !all_read.get() || start.pending().get()
                    on:click=move |_| begin()>
                    {ru::MICRO_START_CHECK}
                </button>
            }
            .into_any(),
        }
    };
    view! {
        <section class="card micro-check">
            <h2>{ru::MICRO_CHECK}</h2>
            <p class="muted">{ru::MICRO_CHECK_NOTE}</p>
            <FormError error=start_error />
            <FormError error=submit_error />
            {body}
        </section>
    }
}

#[component]
fn Outcome(outcome: CheckOutcome, begin: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let verdict = if outcome.passed {
        ru::MICRO_COMPLETED
    } else {
        ru::MICRO_FAILED
    };
    view! {
        <p class="check-score" role="status" data-passed=outcome.passed.to_string()>
            <strong>{ru::micro_score(outcome.score)}</strong>
        </p>
        <p class=if outcome.passed { "notice" } else { "warning" }>{verdict}</p>
        {(!outcome.passed).then(|| view! {
            <button type="button" class="primary" on:click=move |_| begin()>{ru::MICRO_RETAKE}</button>
        })}
    }
}

#[component]
fn CheckForm(
    check: MicroCheck,
    answers: RwSignal<HashMap<String, Answer>>,
    submit: ServerAction<SubmitMicroCheck>,
) -> impl IntoView {
    let MicroCheck { attempt, items } = check;
    let slug = route_slug();
    let send = move |_| {
        let answers = answers
            .get_untracked()
            .into_iter()
            .map(|(item, answer)| CheckAnswer { item, answer })
            .collect();
        submit.dispatch(SubmitMicroCheck {
            slug: slug.get_untracked(),
            attempt: attempt.clone(),
            answers,
        });
    };
    view! {
        <ol class="check-items">
            {items
                .into_iter()
                .map(|item| view! { <CheckItem item answers /> })
                .collect_view()}
        </ol>
        <button type="button" class="primary" disabled=move || submit.pending().get() on:click=send>
            {ru::MICRO_SUBMIT_CHECK}
        </button>
    }
}

#[component]
fn CheckItem(item: AttemptItem, answers: RwSignal<HashMap<String, Answer>>) -> impl IntoView {
    let AttemptItem {
        id,
        kind,
        stem,
        options,
    } = item;
    let name = format!("q-{id}");
    let controls = match kind {
        ItemKind::Single | ItemKind::Multiple => {
            let multiple = kind == ItemKind::Multiple;
            options
                .into_iter()
                .map(|(index, text)| {
                    let (id, name) = (id.clone(), name.clone());
                    let choose = move |_| {
                        answers.update(|all| {
                            let chosen = match all.remove(&id) {
                                Some(Answer::Options { mut chosen }) if multiple => {
                                    if let Some(at) = chosen.iter().position(|c| *c == index) {
                                        chosen.remove(at);
                                    } else {
                                        chosen.push(index);
                                    }
                                    chosen
                                }
                                _ => vec![index],
                            };
                            all.insert(id.clone(), Answer::Options { chosen });
                        })
                    };
                    view! {
                        <label class="option">
                            <input type=if multiple { "checkbox" } else { "radio" } name=name value=index.to_string() on:change=choose />
                            <span>{text}</span>
                        </label>
                    }
                })
                .collect_view()
                .into_any()
        }
        ItemKind::Likert => ().into_any(),
        ItemKind::Short => view! {
            <Field label=ru::DIAG_YOUR_ANSWER>
                <input type="text" name=name maxlength="500"
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        answers.update(|all| {
                            all.insert(id.clone(), Answer::Text { text });
                        });
                    } />
            </Field>
        }
        .into_any(),
    };
    view! {
        <li class="item card" data-kind=kind.code()>
            <p class="stem">{stem}</p>
            {(kind == ItemKind::Multiple).then(|| view! { <p class="muted">{ru::DIAG_SEVERAL}</p> })}
            <div class="options">{controls}</div>
        </li>
    }
}
