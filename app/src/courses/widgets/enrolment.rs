//! A course's enrolment on the person's route: its state, «Записаться» or «Отменить запись»,
//! and the document that confirms its completion.

use leptos::prelude::*;

use crate::components::form::{Field, RegionForm};
use crate::components::route_slug;
use crate::courses::{CancelEnrolment, Enrol, MyEnrolment};
use crate::i18n::ru;

/// The actions of the route page, shared by its course cards.
#[derive(Clone, Copy)]
pub struct EnrolActions {
    pub enrol: ServerAction<Enrol>,
    pub cancel: ServerAction<CancelEnrolment>,
}

/// The state of the person's enrolment in one course, with what they can do next.
#[component]
pub fn EnrolmentControls(course_id: String, enrolment: Option<MyEnrolment>) -> impl IntoView {
    let actions = expect_context::<EnrolActions>();
    let state = enrolment
        .as_ref()
        .filter(|e| e.status != "cancelled")
        .map_or_else(|| ru::ENROL_PLANNED.to_string(), MyEnrolment::state);
    let open = enrolment.as_ref().is_some_and(MyEnrolment::is_open);
    let completed = enrolment.as_ref().is_some_and(|e| e.status == "completed");
    let document = enrolment.as_ref().and_then(|e| e.document.clone());
    let pending = document.as_ref().is_some_and(|d| d.status == "pending");
    let note = document.and_then(|d| match d.status.as_str() {
        "pending" => Some(ru::enrol_document_pending(&d.file_name)),
        "returned" if open => Some(ru::enrol_document_returned(
            d.comment.as_deref().unwrap_or_default(),
        )),
        _ => None,
    });
    let button = if open {
        let course = course_id.clone();
        view! {
            <RegionForm action=actions.cancel attr:class="inline-form">
                <input type="hidden" name="course" value=course />
                <button type="submit">{ru::ENROL_CANCEL}</button>
            </RegionForm>
        }
        .into_any()
    } else if completed {
        ().into_any()
    } else {
        let course = course_id.clone();
        view! {
            <RegionForm action=actions.enrol attr:class="inline-form">
                <input type="hidden" name="course" value=course />
                <button type="submit" class="primary">{ru::ENROL}</button>
            </RegionForm>
        }
        .into_any()
    };
    let upload = (open && !pending).then(|| view! { <DocumentUpload course_id /> });
    view! {
        <div class="enrolment">
            <p class="enrolment-state"><strong>{ru::ENROL_STATE}{state}</strong></p>
            {note.map(|n| view! { <p class="muted">{n}</p> })}
            {button}
            {upload}
        </div>
    }
}

/// The form that sends a document to the course administrators (a plain multipart post).
#[component]
fn DocumentUpload(course_id: String) -> impl IntoView {
    let slug = route_slug().get_untracked();
    view! {
        <form
            class="upload"
            method="post"
            enctype="multipart/form-data"
            action=format!("/r/{slug}/route/documents")
        >
            <input type="hidden" name="course" value=course_id />
            <Field label=ru::ENROL_UPLOAD>
                <input type="file" name="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" required />
            </Field>
            <button type="submit">{ru::ENROL_UPLOAD_SUBMIT}</button>
        </form>
    }
}
