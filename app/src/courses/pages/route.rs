//! `/r/:slug/route`: the person's individual route (ИОМ): the proposal from the latest
//! diagnostic, grouped into soft-skill and subject courses with why each is there; once
//! accepted, the person's own to change, with its history.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::RegionForm;
use crate::components::{action_error, query_param, route_slug, FormError, PageError};
use crate::courses::widgets::{EnrolActions, EnrolmentControls};
use crate::courses::{
    get_my_enrolments, get_my_route, AcceptRoute, CancelEnrolment, Covered, EditRoute, Enrol, MyEnrolment,
    MyEnrolments, MyRoute, RouteCourse,
};
use crate::i18n::ru;

#[component]
pub fn RoutePage() -> impl IntoView {
    let slug = route_slug();
    let accept = ServerAction::<AcceptRoute>::new();
    let edit = ServerAction::<EditRoute>::new();
    let route = Resource::new(
        move || (slug.get(), accept.version().get(), edit.version().get()),
        |(slug, ..)| get_my_route(slug),
    );
    let actions = EnrolActions {
        enrol: ServerAction::<Enrol>::new(),
        cancel: ServerAction::<CancelEnrolment>::new(),
    };
    provide_context(actions);
    let mine = Resource::new(
        move || {
            (
                slug.get(),
                actions.enrol.version().get(),
                actions.cancel.version().get(),
            )
        },
        |(slug, ..)| get_my_enrolments(slug),
    );
    let accept_error = Signal::derive(action_error(accept));
    let edit_error = Signal::derive(action_error(edit));
    let enrol_error = Signal::derive(action_error(actions.enrol));
    let cancel_error = Signal::derive(action_error(actions.cancel));
    let uploaded = query_param("uploaded");
    let upload_error = query_param("upload_error");
    view! {
        <Title text=ru::ROUTE_TITLE />
        <section class="route">
            <p class="back">
                <a href=move || format!("/r/{}/cabinet", slug.get())>{ru::DIAG_BACK_TO_CABINET}</a>
            </p>
            <h1>{ru::ROUTE_TITLE}</h1>
            <FormError error=accept_error />
            <FormError error=edit_error />
            <FormError error=enrol_error />
            <FormError error=cancel_error />
            {move || uploaded.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
            {move || upload_error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match (route.await, mine.await) {
                        (Ok(route), Ok(mine)) => view! { <Route route mine accept edit /> }.into_any(),
                        (Err(error), _) | (_, Err(error)) => {
                            view! { <PageError error slug=slug.get_untracked() /> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Route(
    route: MyRoute,
    mine: MyEnrolments,
    accept: ServerAction<AcceptRoute>,
    edit: ServerAction<EditRoute>,
) -> impl IntoView {
    let others = others_section(&route, &mine);
    let summary = (mine.progress.total > 0)
        .then(|| view! { <p class="route-progress"><strong>{mine.progress.summary()}</strong></p> });
    let Some(based_on) = route.based_on.clone() else {
        return view! {
            {summary}
            <p class="card">{ru::ROUTE_NO_DIAGNOSTIC}</p>
            {others}
        }
        .into_any();
    };
    let accepted = route.route_id.clone();
    let heading = if accepted.is_some() {
        ru::ROUTE_ACCEPTED
    } else {
        ru::ROUTE_PROPOSED
    };
    let accept_label = if accepted.is_some() {
        ru::ROUTE_REPROPOSE
    } else {
        ru::ROUTE_ACCEPT
    };
    let empty = (route.courses.is_empty() && route.uncovered.is_empty()).then(|| {
        let text = if accepted.is_some() {
            ru::ROUTE_EMPTY
        } else {
            ru::ROUTE_NO_DEFICITS
        };
        view! { <p class="muted">{text}</p> }
    });
    let (subject, soft): (Vec<RouteCourse>, Vec<RouteCourse>) =
        route.courses.into_iter().partition(RouteCourse::is_subject);
    let route_id = accepted.clone().unwrap_or_default();
    let proposed = accepted.is_none();
    view! {
        <p class="muted">{ru::ROUTE_BASED_ON}{based_on}</p>
        <p class="muted">{ru::ROUTE_PROPOSAL_NOTE}</p>
        <h2>{heading}</h2>
        {summary}
        {empty}
        <Group title=ru::ROUTE_GROUP_SOFT courses=soft route=accepted.clone() mine=mine.enrolments.clone() edit />
        <Group title=ru::ROUTE_GROUP_SUBJECT courses=subject route=accepted.clone() mine=mine.enrolments edit />
        {others}
        <Uncovered uncovered=route.uncovered />
        <RegionForm action=accept attr:class="inline-form">
            <button type="submit" class:primary=proposed>{accept_label}</button>
        </RegionForm>
        {accepted.map(|_| view! {
            <AddCourse route=route_id.clone() catalogue=route.catalogue edit />
            <crate::courses::widgets::ShareSection />
            <History history=route.history />
        })}
    }
    .into_any()
}

#[component]
fn Group(
    title: &'static str,
    courses: Vec<RouteCourse>,
    route: Option<String>,
    mine: Vec<MyEnrolment>,
    edit: ServerAction<EditRoute>,
) -> impl IntoView {
    (!courses.is_empty()).then(|| {
        view! {
            <section class="card route-group">
                <h3>{title}</h3>
                {courses
                    .into_iter()
                    .map(|course| {
                        let enrolment = mine.iter().find(|e| e.course_id == course.course.id).cloned();
                        view! { <CourseCard course route=route.clone() enrolment edit /> }
                    })
                    .collect_view()}
            </section>
        }
    })
}

#[component]
fn CourseCard(
    course: RouteCourse,
    route: Option<String>,
    enrolment: Option<MyEnrolment>,
    edit: ServerAction<EditRoute>,
) -> impl IntoView {
    let explanation = if course.covers.is_empty() {
        ru::ROUTE_ADDED_BY_PERSON.to_string()
    } else {
        course.explanation()
    };
    let c = &course.course;
    let place = if c.on_platform {
        view! { <span class="badge">{ru::COURSES_ON_PLATFORM}</span> }.into_any()
    } else {
        c.link
            .clone()
            .map(|link| {
                let text = link.clone();
                view! { <a href=link rel="noopener noreferrer" target="_blank">{text}</a> }
            })
            .into_any()
    };
    let facts = format!("{}, {}, {} {}", c.provider, c.format, c.hours, ru::COURSES_HOURS);
    let plan = match (&course.planned_start, &course.planned_end) {
        (None, None) => None,
        (start, end) => Some(format!(
            "{}: {} — {}",
            ru::ROUTE_PLAN,
            start.as_deref().unwrap_or("…"),
            end.as_deref().unwrap_or("…")
        )),
    };
    let controls = route.map(|route| view! { <CourseControls course=course.clone() route edit /> });
    view! {
        <article class="route-course">
            <h4>{c.title.clone()}</h4>
            <p class="muted">{facts}" "{place}</p>
            <p class="covers">{explanation}</p>
            {plan.map(|p| view! { <p class="muted">{p}</p> })}
            <EnrolmentControls course_id=c.id.clone() enrolment />
            <crate::courses::widgets::LearnLink course=c.clone() />
            {controls}
        </article>
    }
}

/// Remove, replace and plan one course of an accepted route.
#[component]
fn CourseControls(course: RouteCourse, route: String, edit: ServerAction<EditRoute>) -> impl IntoView {
    let id = course.course.id.clone();
    let replace = (!course.alternatives.is_empty()).then(|| {
        let (route, id) = (route.clone(), id.clone());
        view! {
            <RegionForm action=edit attr:class="inline-form">
                <input type="hidden" name="route" value=route />
                <input type="hidden" name="edit[op]" value="replace" />
                <input type="hidden" name="edit[course]" value=id />
                <label class="field inline">
                    <span>{ru::ROUTE_REPLACE}</span>
                    <select name="edit[with]">
                        {course
                            .alternatives
                            .into_iter()
                            .map(|(value, title)| view! { <option value=value>{title}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit">{ru::ROUTE_REPLACE_SUBMIT}</button>
            </RegionForm>
        }
    });
    let (remove_route, remove_id) = (route.clone(), id.clone());
    view! {
        <RegionForm action=edit attr:class="inline-form">
            <input type="hidden" name="route" value=remove_route />
            <input type="hidden" name="edit[op]" value="remove" />
            <input type="hidden" name="edit[course]" value=remove_id />
            <button type="submit">{ru::ROUTE_REMOVE}</button>
        </RegionForm>
        {replace}
        <RegionForm action=edit attr:class="inline-form">
            <input type="hidden" name="route" value=route />
            <input type="hidden" name="edit[op]" value="plan" />
            <input type="hidden" name="edit[course]" value=id />
            <label class="field inline">
                <span>{ru::ROUTE_PLAN_START}</span>
                <input type="date" name="edit[planned_start]" value=course.planned_start.unwrap_or_default() />
            </label>
            <label class="field inline">
                <span>{ru::ROUTE_PLAN_END}</span>
                <input type="date" name="edit[planned_end]" value=course.planned_end.unwrap_or_default() />
            </label>
            <button type="submit">{ru::ROUTE_PLAN_SUBMIT}</button>
        </RegionForm>
    }
}

#[component]
fn Uncovered(uncovered: Vec<Covered>) -> impl IntoView {
    (!uncovered.is_empty()).then(|| {
        view! {
            <section class="card warning">
                <h3>{ru::ROUTE_UNCOVERED}</h3>
                <ul>
                    {uncovered
                        .into_iter()
                        .map(|d| view! { <li>{format!("{} ({} %)", d.title, (d.score * 100.0).round())}</li> })
                        .collect_view()}
                </ul>
                <p class="muted">{ru::ROUTE_UNCOVERED_NOTE}</p>
            </section>
        }
    })
}

#[component]
fn AddCourse(
    route: String,
    catalogue: Vec<(String, String)>,
    edit: ServerAction<EditRoute>,
) -> impl IntoView {
    view! {
        <section class="card">
            <h3>{ru::ROUTE_ADD}</h3>
            <RegionForm action=edit attr:class="inline-form">
                <input type="hidden" name="route" value=route />
                <input type="hidden" name="edit[op]" value="add" />
                <label class="field inline wide">
                    <span>{ru::ROUTE_ADD}</span>
                    <select name="edit[with]">
                        {catalogue
                            .into_iter()
                            .map(|(value, title)| view! { <option value=value>{title}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit">{ru::ROUTE_ADD_SUBMIT}</button>
            </RegionForm>
        </section>
    }
}

#[component]
fn History(history: Vec<crate::courses::RouteChange>) -> impl IntoView {
    view! {
        <section class="card">
            <h3>{ru::ROUTE_HISTORY}</h3>
            <ul class="route-history">
                {history
                    .into_iter()
                    .map(|change| {
                        let what = match (&change.course, &change.replaced_by) {
                            (Some(course), Some(by)) => format!(": «{course}» → «{by}»"),
                            (Some(course), None) => format!(": «{course}»"),
                            _ => String::new(),
                        };
                        view! { <li>{change.at.clone()}" — "{change.label().to_string()}{what}</li> }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// The person's enrolments in courses outside the route (added from the catalogue, confirmed
/// from a list): their state, and what can still be done.
fn others_section(route: &MyRoute, mine: &MyEnrolments) -> Option<impl IntoView> {
    let others: Vec<MyEnrolment> = mine
        .enrolments
        .iter()
        .filter(|e| e.status != "cancelled" && !route.courses.iter().any(|c| c.course.id == e.course_id))
        .cloned()
        .collect();
    (!others.is_empty()).then(|| {
        view! {
            <section class="card route-group">
                <h3>{ru::ENROL_OTHER_COURSES}</h3>
                {others
                    .into_iter()
                    .map(|e| {
                        let (title, id) = (e.title.clone(), e.course_id.clone());
                        view! {
                            <article class="route-course">
                                <h4>{title}</h4>
                                <EnrolmentControls course_id=id enrolment=Some(e) />
                            </article>
                        }
                    })
                    .collect_view()}
            </section>
        }
    })
}
