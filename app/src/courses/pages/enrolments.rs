//! `/r/:slug/admin/enrolments`: the course administrator's (and the regional operator's) page:
//! the documents to check, completions from a workbook, and each course's people.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{Area, Field, RegionForm, Select};
use crate::components::{action_error, query_param, route_slug, FormError, PageError};
use crate::courses::{
    get_enrolments_admin, ApproveDocument, CompleteEnrolment, CourseEnrolments, EnrolledPerson,
    EnrolmentsAdmin, PendingDocument, ReturnDocument,
};
use crate::i18n::ru;

/// The page's actions, shared by its sections.
#[derive(Clone, Copy)]
struct Actions {
    complete: ServerAction<CompleteEnrolment>,
    approve: ServerAction<ApproveDocument>,
    give_back: ServerAction<ReturnDocument>,
}

#[component]
pub fn EnrolmentsAdminPage() -> impl IntoView {
    let slug = route_slug();
    let actions = Actions {
        complete: ServerAction::new(),
        approve: ServerAction::new(),
        give_back: ServerAction::new(),
    };
    let admin = Resource::new(
        move || {
            (
                slug.get(),
                actions.complete.version().get(),
                actions.approve.version().get(),
                actions.give_back.version().get(),
            )
        },
        |(slug, ..)| get_enrolments_admin(slug),
    );
    let errors = [
        Signal::derive(action_error(actions.complete)),
        Signal::derive(action_error(actions.approve)),
        Signal::derive(action_error(actions.give_back)),
    ];
    let imported = query_param("imported");
    let import_error = query_param("import_error");
    view! {
        <Title text=ru::ENROL_ADMIN_TITLE />
        <h1>{ru::ENROL_ADMIN_TITLE}</h1>
        <p class="muted">{ru::ENROL_ADMIN_NOTE}</p>
        {move || imported.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
        {move || import_error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        {errors.map(|error| view! { <FormError error /> })}
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match admin.await {
                    Ok(admin) => view! { <Admin admin actions /> }.into_any(),
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Admin(admin: EnrolmentsAdmin, actions: Actions) -> impl IntoView {
    let today = admin.today.clone();
    let empty = admin
        .courses
        .is_empty()
        .then(|| view! { <p class="muted">{ru::ENROL_ADMIN_EMPTY}</p> });
    view! {
        <Documents documents=admin.documents today=today.clone() actions />
        <Import catalogue=admin.catalogue />
        {empty}
        {admin
            .courses
            .into_iter()
            .map(|course| view! { <Course course today=today.clone() actions /> })
            .collect_view()}
    }
}

#[component]
fn Documents(documents: Vec<PendingDocument>, today: String, actions: Actions) -> impl IntoView {
    let slug = route_slug().get_untracked();
    let empty = documents
        .is_empty()
        .then(|| view! { <p class="muted">{ru::ENROL_ADMIN_NO_DOCUMENTS}</p> });
    view! {
        <section class="card documents">
            <h2>{ru::ENROL_ADMIN_DOCUMENTS}</h2>
            {empty}
            {documents
                .into_iter()
                .map(|d| {
                    let link = format!("/r/{slug}/admin/enrolments/documents/{}", d.id);
                    let decide = if d.own {
                        view! { <p class="muted">{ru::ENROL_ADMIN_OWN_DOCUMENT}</p> }.into_any()
                    } else {
                        view! { <Decision document=d.clone() today=today.clone() actions /> }.into_any()
                    };
                    view! {
                        <article class="document">
                            <h3>{d.full_name.clone()}" · "{d.course_title.clone()}</h3>
                            <p class="muted">{d.email.clone()}", "{d.uploaded_at.clone()}</p>
                            <p>
                                <a href=link download=d.file_name.clone() rel="external">
                                    {ru::ENROL_ADMIN_DOWNLOAD}" «"{d.file_name.clone()}"»"
                                </a>
                            </p>
                            {decide}
                        </article>
                    }
                })
                .collect_view()}
        </section>
    }
}

/// «Принять» with the hours and the date, or «Вернуть» with a comment.
#[component]
fn Decision(document: PendingDocument, today: String, actions: Actions) -> impl IntoView {
    let (id, again) = (document.id.clone(), document.id.clone());
    view! {
        <RegionForm action=actions.approve attr:class="inline-form">
            <input type="hidden" name="id" value=id />
            <Field label=ru::ENROL_ADMIN_HOURS>
                <input name="hours" type="number" min="1" max="2000" value=document.course_hours />
            </Field>
            <Field label=ru::ENROL_ADMIN_DATE>
                <input name="completed_on" type="date" value=today />
            </Field>
            <button type="submit" class="primary">{ru::ENROL_ADMIN_ACCEPT}</button>
        </RegionForm>
        <RegionForm action=actions.give_back attr:class="inline-form">
            <input type="hidden" name="id" value=again />
            <Area label=ru::ENROL_ADMIN_COMMENT name="comment" rows=2 required=true />
            <button type="submit">{ru::ENROL_ADMIN_RETURN}</button>
        </RegionForm>
    }
}

/// Completions of one course from a workbook (a plain multipart post).
#[component]
fn Import(catalogue: Vec<(String, String)>) -> impl IntoView {
    let slug = route_slug().get_untracked();
    view! {
        <section class="card">
            <h2>{ru::ENROL_ADMIN_IMPORT}</h2>
            <form
                class="upload"
                method="post"
                enctype="multipart/form-data"
                action=format!("/r/{slug}/admin/enrolments/import")
            >
                <Select label=ru::ENROL_ADMIN_IMPORT_COURSE name="course" options=catalogue required=true />
                <Field label=ru::UPLOAD_FILE hint=ru::ENROL_ADMIN_IMPORT_HINT>
                    <input type="file" name="file" accept=".xlsx,.csv" required />
                </Field>
                <button type="submit">{ru::ENROL_ADMIN_IMPORT_SUBMIT}</button>
            </form>
        </section>
    }
}

#[component]
fn Course(course: CourseEnrolments, today: String, actions: Actions) -> impl IntoView {
    let seats = ru::enrol_admin_seats(course.taken, course.capacity);
    let hours = course.hours;
    view! {
        <section class="card course-enrolments">
            <h2>{course.code.clone()}" "{course.title.clone()}</h2>
            <p class="muted">{seats}", "{hours}" "{ru::COURSES_HOURS}</p>
            <ul class="people">
                {course
                    .people
                    .into_iter()
                    .map(|person| view! { <Person person hours today=today.clone() actions /> })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Person(person: EnrolledPerson, hours: i32, today: String, actions: Actions) -> impl IntoView {
    let state = person.state();
    let form = (person.status != "completed" && !person.own).then(|| {
        view! {
            <RegionForm action=actions.complete attr:class="inline-form">
                <input type="hidden" name="enrolment" value=person.enrolment_id.clone() />
                <Field label=ru::ENROL_ADMIN_HOURS>
                    <input name="hours" type="number" min="1" max="2000" value=hours />
                </Field>
                <Field label=ru::ENROL_ADMIN_DATE>
                    <input name="completed_on" type="date" value=today />
                </Field>
                <button type="submit">{ru::ENROL_ADMIN_COMPLETE}</button>
            </RegionForm>
        }
    });
    view! {
        <li class="person">
            <strong>{person.full_name.clone()}</strong>" "
            <span class="muted">{person.email.clone()}</span>
            " — "{state}
            {form}
        </li>
    }
}
