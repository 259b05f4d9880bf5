//! `/r/:slug/admin/courses`: the regional operator's course catalogue.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{Area, Check, Field, RegionForm, Select};
use crate::components::{action_error, query_param, route_slug, FormError, PageError};
use crate::courses::widgets::LearnLink;
use crate::courses::{
    get_course_catalogue, CourseCatalogue, CourseForm, CourseView, DeleteCourse, SaveCourse,
};
use crate::i18n::ru;

#[component]
pub fn CoursesAdminPage() -> impl IntoView {
    let slug = route_slug();
    let save = ServerAction::<SaveCourse>::new();
    let delete = ServerAction::<DeleteCourse>::new();
    let catalogue = Resource::new(
        move || (slug.get(), save.version().get(), delete.version().get()),
        |(slug, ..)| get_course_catalogue(slug),
    );
    let save_error = Signal::derive(action_error(save));
    let delete_error = Signal::derive(action_error(delete));
    let saved = move || {
        matches!(save.value().get(), Some(Ok(_)))
            .then(|| view! { <p class="notice" role="status">{ru::COURSES_SAVED}</p> })
    };
    view! {
        <Title text=ru::COURSES_ADMIN_TITLE />
        <h1>{ru::COURSES_ADMIN_TITLE}</h1>
        <p class="muted">{ru::COURSES_ADMIN_NOTE}</p>
        <CatalogueFile slug />
        {saved}
        <FormError error=save_error />
        <FormError error=delete_error />
        <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
            {move || Suspend::new(async move {
                match catalogue.await {
                    Ok(catalogue) => view! { <Catalogue catalogue save delete /> }.into_any(),
                    Err(error) => view! { <PageError error slug=slug.get_untracked() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The catalogue as a workbook: download it, edit it, upload it back (all or nothing).
#[component]
fn CatalogueFile(slug: Signal<String>) -> impl IntoView {
    let imported = query_param("imported");
    let import_error = query_param("import_error");
    view! {
        {move || imported.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
        {move || import_error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        <section class="card catalogue-file">
            <p>
                <a href=move || format!("/r/{}/admin/courses/export.xlsx", slug.get()) download>{ru::CATALOGUE_EXPORT}</a>
            </p>
            <form
                class="upload"
                method="post"
                enctype="multipart/form-data"
                action=move || format!("/r/{}/admin/courses/import", slug.get())
            >
                <Field label=ru::CATALOGUE_IMPORT hint=ru::CATALOGUE_IMPORT_HINT>
                    <input type="file" name="file" accept=".xlsx,.csv" required />
                </Field>
                <button type="submit">{ru::CATALOGUE_IMPORT_SUBMIT}</button>
            </form>
        </section>
    }
}

#[component]
fn Catalogue(
    catalogue: CourseCatalogue,
    save: ServerAction<SaveCourse>,
    delete: ServerAction<DeleteCourse>,
) -> impl IntoView {
    let hint = catalogue
        .competencies
        .iter()
        .map(|(code, title)| format!("{code} — {title}"))
        .collect::<Vec<_>>()
        .join("; ");
    let empty = catalogue
        .courses
        .is_empty()
        .then(|| view! { <p class="muted">{ru::COURSES_EMPTY}</p> });
    let count = catalogue.courses.len();
    view! {
        <section class="card">
            <details>
                <summary>{ru::COURSES_NEW}</summary>
                <CourseEditor id=String::new() form=CourseForm::default() save />
            </details>
            <p class="muted">{ru::COURSES_F_COMPETENCIES}": "{hint}</p>
        </section>
        <section class="card courses">
            <p>{ru::COURSES_COUNT}{count}</p>
            {empty}
            {catalogue
                .courses
                .into_iter()
                .map(|course| view! { <CourseEntry course save delete /> })
                .collect_view()}
        </section>
    }
}

#[component]
fn CourseEntry(
    course: CourseView,
    save: ServerAction<SaveCourse>,
    delete: ServerAction<DeleteCourse>,
) -> impl IntoView {
    let competencies = course
        .competencies
        .iter()
        .map(|(code, weight)| format!("{code} ({weight})"))
        .collect::<Vec<_>>()
        .join(", ");
    let window = match (&course.starts_on, &course.ends_on) {
        (None, None) => ru::COURSES_ALWAYS_OPEN.to_string(),
        (start, end) => format!(
            "{} — {}",
            start.as_deref().unwrap_or("…"),
            end.as_deref().unwrap_or("…")
        ),
    };
    let seats = course.capacity.map(|c| format!("{}{c}", ru::COURSES_SEATS));
    let subject = course.subject.clone().map(|s| format!(", {s}"));
    let form = CourseForm::from(&course);
    let id = course.id.clone();
    view! {
        <details class="course">
            <summary>
                <strong>{course.code.clone()}</strong>" "{course.title.clone()}
            </summary>
            <p class="muted">
                {course.kind_label().to_string()}{subject}", "{course.format.clone()}", "{course.hours}" "
                {ru::COURSES_HOURS}", "{window}{seats.map(|s| format!(", {s}"))}
            </p>
            <p>{course.provider.clone()}</p>
            <p class="muted">{competencies}</p>
            <LearnLink course=course.clone() />
            <CourseEditor id=id.clone() form save />
            <RegionForm action=delete attr:class="inline-form">
                <input type="hidden" name="id" value=id />
                <button type="submit" class="danger" title=ru::COURSES_DELETE_CONFIRM>{ru::COURSES_DELETE}</button>
            </RegionForm>
        </details>
    }
}

/// The course form, empty for a new course or filled with one's fields.
#[component]
fn CourseEditor(id: String, form: CourseForm, save: ServerAction<SaveCourse>) -> impl IntoView {
    let kinds: Vec<(String, String)> = ru::COURSE_KINDS
        .iter()
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .collect();
    let formats: Vec<(String, String)> = ru::COURSE_FORMATS
        .iter()
        .map(|f| (f.to_string(), f.to_string()))
        .collect();
    let id = (!id.is_empty()).then_some(id);
    view! {
        <RegionForm action=save attr:class="inline-form">
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            <Field label=ru::COURSES_F_CODE>
                <input name="form[code]" value=form.code required />
            </Field>
            <Field label=ru::COURSES_F_TITLE>
                <input name="form[title]" value=form.title required />
            </Field>
            <Field label=ru::COURSES_F_PROVIDER>
                <input name="form[provider]" value=form.provider required />
            </Field>
            <Area label=ru::COURSES_F_DESCRIPTION name="form[description]" value=form.description rows=3 />
            <Select label=ru::COURSES_F_KIND name="form[kind]" options=kinds selected=form.kind required=true />
            <Field label=ru::COURSES_F_SUBJECT>
                <input name="form[subject]" value=form.subject />
            </Field>
            <Select label=ru::COURSES_F_FORMAT name="form[format]" options=formats selected=form.format required=true />
            <Field label=ru::COURSES_F_HOURS>
                <input name="form[hours]" type="number" min="1" max="2000" value=form.hours required />
            </Field>
            <Field label=ru::COURSES_F_STARTS>
                <input name="form[starts_on]" type="date" value=form.starts_on />
            </Field>
            <Field label=ru::COURSES_F_ENDS>
                <input name="form[ends_on]" type="date" value=form.ends_on />
            </Field>
            <Field label=ru::COURSES_F_CAPACITY>
                <input name="form[capacity]" type="number" min="0" value=form.capacity />
            </Field>
            <Field label=ru::COURSES_F_AUDIENCE>
                <input name="form[audience]" value=form.audience />
            </Field>
            <Field label=ru::COURSES_F_COMPETENCIES hint=ru::COURSES_F_COMPETENCIES_HINT>
                <input name="form[competencies]" value=form.competencies required />
            </Field>
            <Field label=ru::COURSES_F_LINK>
                <input name="form[link]" type="url" value=form.link />
            </Field>
            <Check label=ru::COURSES_F_ON_PLATFORM name="form[on_platform]" checked=form.on_platform.is_some() />
            <button type="submit" class="primary">{ru::COURSES_SAVE}</button>
        </RegionForm>
    }
}
