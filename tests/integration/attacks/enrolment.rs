//! Attacks on enrolments and completions (issue 12): confirming one's own completion, reaching
//! another person's or another region's document, sending a list of completions without the
//! role, and a page disguised as a certificate.

use app::courses::{ApproveDocument, CompleteEnrolment, EnrolmentsAdmin, GetEnrolmentsAdmin};

use crate::attack;
use crate::attacks::{refused, Attack, Outcome};
use crate::diagnostics::{json, person};
use crate::enrolment::{course, outcome, post_file, PDF};
use crate::helpers::{signed_in, spawn_app, TestApp};

pub fn attacks() -> Vec<Attack> {
    vec![
        attack!(a_teacher_who_administers_courses_approves_their_own_document),
        attack!(others_reach_a_persons_document_by_its_id),
        attack!(a_teacher_sends_a_list_of_completions),
        attack!(a_web_page_named_like_a_certificate_is_stored),
    ]
}

const SLUG: &str = "khabarovsk";
const UPLOAD: &str = "/r/khabarovsk/route/documents";

/// A teacher enrolled in a course with a document waiting; (cookies, course, document id).
async fn pending_document(
    app: &TestApp,
    email: &str,
    role: &str,
) -> Result<(String, String, String), String> {
    let cookies = person(app, email, "teacher", role, None).await;
    let (course, _) = course(app, 6, None).await;
    let enrolled = app
        .call::<app::courses::Enrol>(&[("slug", SLUG), ("course", &course)], &cookies)
        .await;
    if enrolled.status() != 200 {
        return Err(format!("the victim could not enrol: {}", enrolled.status()));
    }
    let sent = post_file(
        app,
        &cookies,
        UPLOAD,
        &[("course", &course)],
        "a.pdf",
        PDF.to_vec(),
    )
    .await;
    if outcome(&sent, "uploaded").is_none() {
        return Err(format!(
            "the victim could not upload: {} {:?}",
            sent.status(),
            sent.headers().get("location")
        ));
    }
    let admin = signed_in(app, SLUG, &format!("admin-{email}"), "course_admin", None).await;
    let page: EnrolmentsAdmin = json(app.call::<GetEnrolmentsAdmin>(&[("slug", SLUG)], &admin).await).await;
    let id = page
        .documents
        .first()
        .map(|d| d.id.clone())
        .ok_or("no pending document")?;
    Ok((cookies, course, id))
}

async fn completed(app: &TestApp, email: &str) -> bool {
    sqlx::query_scalar(
        "select exists (select 1 from enrolments e join users u on u.id = e.user_id
                        where u.email = $1 and e.status = 'completed')",
    )
    .bind(email)
    .fetch_one(&app.owner)
    .await
    .expect("enrolments")
}

async fn a_teacher_who_administers_courses_approves_their_own_document() -> Outcome {
    let app = spawn_app().await;
    let (cookies, _, id) = pending_document(&app, "self@school.ru", "course_admin").await?;
    let form = [
        ("slug", SLUG),
        ("id", id.as_str()),
        ("hours", "2000"),
        ("completed_on", ""),
    ];
    let status = app.call::<ApproveDocument>(&form, &cookies).await.status();
    let own: String = sqlx::query_scalar::<_, uuid::Uuid>(
        "select e.id from enrolments e join users u on u.id = e.user_id where u.email = 'self@school.ru'",
    )
    .fetch_one(&app.owner)
    .await
    .map_err(|e| e.to_string())?
    .to_string();
    let form = [
        ("slug", SLUG),
        ("enrolment", own.as_str()),
        ("hours", "2000"),
        ("completed_on", ""),
    ];
    let direct = app.call::<CompleteEnrolment>(&form, &cookies).await.status();
    refused(
        status == 403 && direct == 403,
        format!("own approval answered {status}, own completion {direct}"),
    )?;
    refused(
        !completed(&app, "self@school.ru").await,
        "the completion was recorded",
    )
}

async fn others_reach_a_persons_document_by_its_id() -> Outcome {
    let app = spawn_app().await;
    let (_, _, id) = pending_document(&app, "owner@school.ru", "teacher").await?;
    let colleague = person(&app, "colleague@school.ru", "teacher", "teacher", None).await;
    let ryazan = signed_in(&app, "ryazan", "courses@ryazan.ru", "course_admin", None).await;
    let mut reached = Vec::new();
    for (who, cookies, slug) in [
        ("a colleague", &colleague, "khabarovsk"),
        ("Ryazan's course administrator", &ryazan, "khabarovsk"),
        ("Ryazan's course administrator under Ryazan", &ryazan, "ryazan"),
    ] {
        let path = format!("/r/{slug}/admin/enrolments/documents/{id}");
        let status = app.get_with_cookies(&path, cookies).await.status().as_u16();
        if !(status == 403 || status == 404) {
            reached.push(format!("{who}: GET {path} answered {status}"));
        }
        let form = [
            ("slug", slug),
            ("id", id.as_str()),
            ("hours", ""),
            ("completed_on", ""),
        ];
        let status = app
            .call::<ApproveDocument>(&form, cookies)
            .await
            .status()
            .as_u16();
        if !(status == 403 || status == 404) {
            reached.push(format!("{who}: approval answered {status}"));
        }
    }
    refused(reached.is_empty(), reached.join("; "))?;
    refused(
        !completed(&app, "owner@school.ru").await,
        "the completion was recorded",
    )
}

async fn a_teacher_sends_a_list_of_completions() -> Outcome {
    let app = spawn_app().await;
    let teacher = person(&app, "cheat@school.ru", "teacher", "teacher", None).await;
    let (course, _) = course(&app, 7, None).await;
    let csv = b"E-mail;\xd0\xa7\xd0\xb0\xd1\x81\xd1\x8b;\xd0\x94\xd0\xb0\xd1\x82\xd0\xb0\ncheat@school.ru;2000;01.01.2026\n".to_vec();
    let response = post_file(
        &app,
        &teacher,
        "/r/khabarovsk/admin/enrolments/import",
        &[("course", &course)],
        "list.csv",
        csv,
    )
    .await;
    let status = response.status().as_u16();
    refused(status == 403, format!("the list answered {status}"))?;
    refused(
        !completed(&app, "cheat@school.ru").await,
        "the completion was recorded",
    )
}

async fn a_web_page_named_like_a_certificate_is_stored() -> Outcome {
    let app = spawn_app().await;
    let teacher = person(&app, "page@school.ru", "teacher", "teacher", None).await;
    let (course, _) = course(&app, 8, None).await;
    app.call::<app::courses::Enrol>(&[("slug", SLUG), ("course", &course)], &teacher)
        .await;
    let page = b"<html><body><script>fetch('/api/')</script></body></html>".to_vec();
    let response = post_file(
        &app,
        &teacher,
        UPLOAD,
        &[("course", &course)],
        "certificate.png",
        page,
    )
    .await;
    let stored: i64 = sqlx::query_scalar("select count(*) from enrolment_documents")
        .fetch_one(&app.owner)
        .await
        .map_err(|e| e.to_string())?;
    refused(
        stored == 0 && outcome(&response, "upload_error").is_some(),
        format!("{stored} documents stored"),
    )
}
