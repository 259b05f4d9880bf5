//! Enrolment and completion through the server's own HTTP interface: the waiting list and the
//! freed place (with their e-mails), completion by a course administrator, one by one and from
//! a workbook (all or nothing, errors by row and column), documents uploaded, returned and
//! accepted, and everyone who may not: another person, another region, a teacher calling the
//! administrators' functions, an administrator confirming their own completion.

use app::courses::{
    ApproveDocument, CancelEnrolment, CompleteEnrolment, DeleteCourse, Enrol, EnrolmentsAdmin,
    GetEnrolmentsAdmin, GetMyEnrolments, MyEnrolments, ReturnDocument,
};
use app::error::AppError;
use uuid::Uuid;

use crate::diagnostics::{json, person};
use crate::helpers::{signed_in, spawn_app, tenant_id, TestApp};

const SLUG: &str = "khabarovsk";
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// A course of the demo catalogue, with `capacity` places: (id, hours).
pub async fn course(app: &TestApp, code_index: i64, capacity: Option<i32>) -> (String, i32) {
    let tenant = tenant_id(&app.owner, SLUG).await;
    let (id, hours): (Uuid, i32) = sqlx::query_as(
        "update courses set capacity = $3 where tenant_id = $1 and id =
            (select id from courses where tenant_id = $1 order by code offset $2 limit 1)
         returning id, hours",
    )
    .bind(tenant)
    .bind(code_index)
    .bind(capacity)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    (id.to_string(), hours)
}

pub async fn mine(app: &TestApp, cookies: &str) -> MyEnrolments {
    json(app.call::<GetMyEnrolments>(&[("slug", SLUG)], cookies).await).await
}

async fn admin(app: &TestApp, cookies: &str) -> EnrolmentsAdmin {
    json(app.call::<GetEnrolmentsAdmin>(&[("slug", SLUG)], cookies).await).await
}

async fn enrol(app: &TestApp, cookies: &str, course: &str) -> String {
    json(
        app.call::<Enrol>(&[("slug", SLUG), ("course", course)], cookies)
            .await,
    )
    .await
}

async fn mail_to(app: &TestApp, email: &str) -> Vec<String> {
    sqlx::query_scalar("select subject from outbox where recipient = $1 order by id")
        .bind(email)
        .fetch_all(&app.owner)
        .await
        .unwrap()
}

async fn status(app: &TestApp, email: &str, course: &str) -> Option<(String, Option<String>, Option<i32>)> {
    sqlx::query_as(
        "select e.status, e.completed_via, e.hours from enrolments e join users u on u.id = e.user_id
         where u.email = $1 and e.course_id = $2::uuid",
    )
    .bind(email)
    .bind(course)
    .fetch_optional(&app.owner)
    .await
    .unwrap()
}

async fn enrolment_id(app: &TestApp, email: &str, course: &str) -> String {
    let id: Uuid = sqlx::query_scalar(
        "select e.id from enrolments e join users u on u.id = e.user_id where u.email = $1 and e.course_id = $2::uuid",
    )
    .bind(email)
    .bind(course)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    id.to_string()
}

async fn grant(app: &TestApp, email: &str, role: &str) {
    sqlx::query(
        "insert into role_grants (tenant_id, user_id, role)
         select m.tenant_id, m.user_id, $2 from memberships m join users u on u.id = m.user_id
         join tenants t on t.id = m.tenant_id where u.email = $1 and t.slug = 'khabarovsk'",
    )
    .bind(email)
    .bind(role)
    .execute(&app.owner)
    .await
    .unwrap();
}

/// Posts a multipart form (`fields`, then the file) to `path`; the response, redirects not followed.
pub async fn post_file(
    app: &TestApp,
    cookies: &str,
    path: &str,
    fields: &[(&str, &str)],
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (key, value) in fields {
        form = form.text(key.to_string(), value.to_string());
    }
    form = form.part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    app.client
        .post(format!("{}{path}", app.address))
        .header("origin", &app.address)
        .header("cookie", cookies)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The message a form post's redirect carries under `key`, decoded.
pub fn outcome(response: &reqwest::Response, key: &str) -> Option<String> {
    let location = response.headers().get("location")?.to_str().ok()?;
    let url = reqwest::Url::parse(&format!("http://x{location}")).ok()?;
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

fn invalid_field(error: AppError) -> String {
    match error {
        AppError::Invalid { field, .. } => field,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_full_course_keeps_a_waiting_list_and_an_administrator_confirms_completion() {
    let app = spawn_app().await;
    let first = person(&app, "first@school.ru", "teacher", "teacher", None).await;
    let second = person(&app, "second@school.ru", "teacher", "teacher", None).await;
    let course_admin = signed_in(&app, SLUG, "courses@khkiro.ru", "course_admin", None).await;
    let (course, hours) = course(&app, 0, Some(1)).await;

    assert_eq!(enrol(&app, &first, &course).await, "enrolled");
    assert_eq!(enrol(&app, &second, &course).await, "waiting");
    assert_eq!(
        enrol(&app, &second, &course).await,
        "waiting",
        "a second click changes nothing"
    );
    let waiting = mine(&app, &second).await;
    assert_eq!(waiting.enrolments[0].state(), "в листе ожидания (№ 1)");
    assert_eq!(mail_to(&app, "first@school.ru").await, ["Вы записаны на курс"]);
    assert_eq!(
        mail_to(&app, "second@school.ru").await,
        ["Вы в листе ожидания курса"]
    );

    // The first cancels: the second moves up and is told.
    let cancelled = app
        .call::<CancelEnrolment>(&[("slug", SLUG), ("course", &course)], &first)
        .await;
    assert_eq!(cancelled.status(), 200);
    assert_eq!(
        status(&app, "second@school.ru", &course).await.unwrap().0,
        "enrolled"
    );
    assert_eq!(
        mail_to(&app, "second@school.ru").await,
        ["Вы в листе ожидания курса", "Освободилось место на курсе"]
    );
    // Enrolling again after cancelling finds the course full: the end of the waiting list.
    assert_eq!(enrol(&app, &first, &course).await, "waiting");
    let nothing = app
        .call::<CancelEnrolment>(&[("slug", SLUG), ("course", &course)], &course_admin)
        .await;
    assert_eq!(
        nothing.status(),
        400,
        "the administrator has no enrolment to cancel"
    );

    // The course administrator sees the course and confirms the second person's completion.
    let page = admin(&app, &course_admin).await;
    let listed = page
        .courses
        .iter()
        .find(|c| c.id == course)
        .expect("the course is listed");
    assert_eq!(listed.taken, 1);
    assert_eq!(
        listed
            .people
            .iter()
            .map(|p| (p.email.as_str(), p.status.as_str()))
            .collect::<Vec<_>>(),
        [("second@school.ru", "enrolled"), ("first@school.ru", "waiting")]
    );
    let second_id = enrolment_id(&app, "second@school.ru", &course).await;
    let complete = |hours: &'static str, date: &'static str| {
        let id = second_id.clone();
        let app = &app;
        let cookies = course_admin.clone();
        async move {
            app.call::<CompleteEnrolment>(
                &[
                    ("slug", SLUG),
                    ("enrolment", &id),
                    ("hours", hours),
                    ("completed_on", date),
                ],
                &cookies,
            )
            .await
        }
    };
    assert_eq!(invalid_field(json(complete("0", "").await).await), "hours");
    assert_eq!(
        invalid_field(json(complete("", "2999-01-01").await).await),
        "completed_on"
    );
    assert_eq!(complete("", "").await.status(), 200);
    assert_eq!(
        status(&app, "second@school.ru", &course).await,
        Some(("completed".into(), Some("admin".into()), Some(hours)))
    );
    assert_eq!(complete("", "").await.status(), 400, "already completed");
    let done = mine(&app, &second).await;
    assert_eq!(done.progress.done, 1);
    assert_eq!(done.progress.hours, i64::from(hours));
    assert_eq!(done.enrolments[0].state(), format!("пройден, {hours} ч"));
    let closed = app
        .call::<Enrol>(&[("slug", SLUG), ("course", &course)], &second)
        .await;
    assert_eq!(
        closed.status(),
        400,
        "a completed course is not enrolled in again"
    );
}

#[tokio::test]
async fn only_the_regions_course_administrators_and_operator_confirm_and_never_their_own() {
    let app = spawn_app().await;
    let teacher = person(&app, "teacher@school.ru", "teacher", "teacher", None).await;
    let operator = signed_in(&app, SLUG, "operator@khkiro.ru", "regional_operator", None).await;
    let both = person(&app, "both@school.ru", "teacher", "teacher", None).await;
    grant(&app, "both@school.ru", "course_admin").await;
    let ryazan = signed_in(&app, "ryazan", "operator@ryazan.ru", "regional_operator", None).await;
    let (course, _) = course(&app, 1, None).await;
    enrol(&app, &teacher, &course).await;
    enrol(&app, &both, &course).await;
    let theirs = enrolment_id(&app, "teacher@school.ru", &course).await;
    let own = enrolment_id(&app, "both@school.ru", &course).await;
    let complete = |slug: &'static str, id: String, cookies: String| {
        let app = &app;
        async move {
            app.call::<CompleteEnrolment>(
                &[
                    ("slug", slug),
                    ("enrolment", &id),
                    ("hours", ""),
                    ("completed_on", ""),
                ],
                &cookies,
            )
            .await
            .status()
            .as_u16()
        }
    };
    // A teacher calls the administrators' functions; another region's operator too.
    assert_eq!(complete(SLUG, theirs.clone(), teacher.clone()).await, 403);
    assert_eq!(
        app.call::<GetEnrolmentsAdmin>(&[("slug", SLUG)], &teacher)
            .await
            .status(),
        403
    );
    assert_eq!(complete(SLUG, theirs.clone(), ryazan.clone()).await, 403);
    // Under his own region, the id of Khabarovsk's enrolment is nobody's.
    assert_eq!(complete("ryazan", theirs.clone(), ryazan.clone()).await, 404);
    // Another region's course, enrolled in under one's own region: no such course.
    let ryazan_course: Uuid = sqlx::query_scalar(
        "select c.id from courses c join tenants t on t.id = c.tenant_id where t.slug = 'ryazan' limit 1",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    let crossed = app
        .call::<Enrol>(
            &[("slug", SLUG), ("course", &ryazan_course.to_string())],
            &teacher,
        )
        .await;
    assert_eq!(crossed.status(), 404);
    // Someone who is both teacher and course administrator does not confirm their own.
    assert_eq!(complete(SLUG, own.clone(), both.clone()).await, 403);
    assert_eq!(
        status(&app, "both@school.ru", &course).await.unwrap().0,
        "enrolled"
    );
    assert_eq!(complete(SLUG, theirs, both.clone()).await, 200);
    assert_eq!(complete(SLUG, own, operator.clone()).await, 200);

    // A course with completions cannot leave the catalogue; one with enrolments only can.
    let refused = app
        .call::<DeleteCourse>(&[("slug", SLUG), ("id", &course)], &operator)
        .await;
    assert_eq!(refused.status(), 400);
    assert!(json::<AppError>(refused)
        .await
        .to_string()
        .contains("подтверждённые прохождения"));
    let (other, _) = self::course(&app, 2, Some(1)).await;
    enrol(&app, &teacher, &other).await;
    enrol(&app, &both, &other).await;
    let deleted = app
        .call::<DeleteCourse>(&[("slug", SLUG), ("id", &other)], &operator)
        .await;
    assert_eq!(deleted.status(), 200);
    assert_eq!(status(&app, "teacher@school.ru", &other).await, None);
}

fn workbook(rows: &[(&str, &str, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, title) in ["E-mail", "Часы", "Дата"].iter().enumerate() {
        sheet.write_string(0, c as u16, *title).unwrap();
    }
    for (r, (email, hours, date)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *email).unwrap();
        match hours.parse::<f64>() {
            Ok(n) => sheet.write_number(r, 1, n).map(|_| ()).unwrap(),
            Err(_) => sheet.write_string(r, 1, *hours).map(|_| ()).unwrap(),
        }
        match date.parse::<f64>() {
            Ok(n) => {
                let format = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
                sheet
                    .write_number_with_format(r, 2, n, &format)
                    .map(|_| ())
                    .unwrap()
            }
            Err(_) => sheet.write_string(r, 2, *date).map(|_| ()).unwrap(),
        }
    }
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn completions_from_a_workbook_are_all_or_nothing_with_errors_by_row_and_column() {
    let app = spawn_app().await;
    let course_admin = signed_in(&app, SLUG, "courses@khkiro.ru", "course_admin", None).await;
    let teacher = person(&app, "a@school.ru", "teacher", "teacher", None).await;
    person(&app, "b@school.ru", "teacher", "teacher", None).await;
    let (course, hours) = course(&app, 3, None).await;
    let path = "/r/khabarovsk/admin/enrolments/import";
    let fields = [("course", course.as_str())];

    let bad = workbook(&[
        ("a@school.ru", "36", "15.10.2026"),
        ("nobody@school.ru", "", "46310"),
        ("b@school.ru", "сорок", "2999-01-01"),
    ]);
    let response = post_file(&app, &course_admin, path, &fields, "list.xlsx", bad).await;
    assert_eq!(response.status(), 303);
    let error = outcome(&response, "import_error").expect("an error in the address");
    assert_eq!(
        error,
        "Строка 4, столбец «Часы»: нужно целое число от 1 до 2000 \
         Строка 4, столбец «Дата»: нужна дата ДД.ММ.ГГГГ не позже сегодняшней"
    );
    let unknown = workbook(&[
        ("a@school.ru", "36", "15.10.2026"),
        ("nobody@school.ru", "", "46310"),
    ]);
    let response = post_file(&app, &course_admin, path, &fields, "list.xlsx", unknown).await;
    assert_eq!(
        outcome(&response, "import_error").as_deref(),
        Some("Строка 3, столбец «E-mail»: в регионе нет участника с адресом nobody@school.ru")
    );
    let none: i64 = sqlx::query_scalar("select count(*) from enrolments where course_id = $1::uuid")
        .bind(&course)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(none, 0, "nothing of a file with errors is kept");

    let good = workbook(&[("A@school.ru", "36", "15.10.2026"), ("b@school.ru", "", "46310")]);
    let response = post_file(&app, &course_admin, path, &fields, "list.xlsx", good.clone()).await;
    assert_eq!(
        outcome(&response, "imported").as_deref(),
        Some("Прохождение подтверждено: 2 чел.")
    );
    assert_eq!(
        status(&app, "a@school.ru", &course).await,
        Some(("completed".into(), Some("admin".into()), Some(36)))
    );
    assert_eq!(status(&app, "b@school.ru", &course).await.unwrap().2, Some(hours));
    let on: String = sqlx::query_scalar(
        "select string_agg(completed_on::text, ',' order by completed_on) from enrolments where course_id = $1::uuid",
    )
    .bind(&course)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(on, "2026-10-15,2026-10-15");
    assert_eq!(mine(&app, &teacher).await.progress.done, 1);

    // A teacher may not send a list.
    let response = post_file(&app, &teacher, path, &fields, "list.xlsx", good).await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn a_document_is_checked_by_content_returned_with_a_comment_and_accepted_by_another() {
    let app = spawn_app().await;
    let teacher = person(&app, "t@school.ru", "teacher", "teacher", None).await;
    let course_admin = signed_in(&app, SLUG, "courses@khkiro.ru", "course_admin", None).await;
    let (course, hours) = course(&app, 4, None).await;
    let path = "/r/khabarovsk/route/documents";
    let fields = [("course", course.as_str())];

    let early = post_file(&app, &teacher, path, &fields, "d.pdf", PDF.to_vec()).await;
    assert_eq!(
        outcome(&early, "upload_error").as_deref(),
        Some(app::i18n::ru::ENROL_NO_ENROLMENT)
    );
    enrol(&app, &teacher, &course).await;
    let html = post_file(&app, &teacher, path, &fields, "d.pdf", b"<html><script>".to_vec()).await;
    assert_eq!(
        outcome(&html, "upload_error").as_deref(),
        Some(app::i18n::ru::ENROL_BAD_FILE)
    );
    let big = post_file(
        &app,
        &teacher,
        path,
        &fields,
        "d.pdf",
        vec![b'%'; 10 * 1024 * 1024 + 1],
    )
    .await;
    assert_eq!(big.status(), 413);
    // A PNG named .pdf is a PNG.
    let sent = post_file(&app, &teacher, path, &fields, "диплом.pdf", PNG.to_vec()).await;
    assert_eq!(
        outcome(&sent, "uploaded").as_deref(),
        Some(app::i18n::ru::ENROL_UPLOADED)
    );
    let again = post_file(&app, &teacher, path, &fields, "d.pdf", PDF.to_vec()).await;
    assert_eq!(
        outcome(&again, "upload_error").as_deref(),
        Some(app::i18n::ru::ENROL_DOCUMENT_WAITING)
    );

    let document = admin(&app, &course_admin).await.documents.remove(0);
    assert_eq!(
        (document.email.as_str(), document.course_hours),
        ("t@school.ru", hours)
    );
    let file = format!("/r/khabarovsk/admin/enrolments/documents/{}", document.id);
    let got = app.get_with_cookies(&file, &course_admin).await;
    assert_eq!(got.status(), 200);
    let header = |name: &str| got.headers().get(name).unwrap().to_str().unwrap().to_string();
    assert_eq!(header("content-type"), "image/png");
    assert!(header("content-disposition").starts_with("attachment;"));
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(got.bytes().await.unwrap().as_ref(), PNG);
    assert_eq!(app.get_with_cookies(&file, &teacher).await.status(), 403);
    assert_eq!(app.get_with_cookies(&file, "").await.status(), 401);

    // Returned: a comment is required, the person sees it and uploads again.
    let give_back = |comment: &'static str, id: String| {
        let (app, cookies) = (&app, course_admin.clone());
        async move {
            app.call::<ReturnDocument>(&[("slug", SLUG), ("id", &id), ("comment", comment)], &cookies)
                .await
        }
    };
    assert_eq!(
        invalid_field(json(give_back("  ", document.id.clone()).await).await),
        "comment"
    );
    assert_eq!(give_back("Нет печати", document.id.clone()).await.status(), 200);
    let returned = mine(&app, &teacher).await.enrolments.remove(0);
    let returned_document = returned.document.unwrap();
    assert_eq!(returned_document.status, "returned");
    assert_eq!(returned_document.comment.as_deref(), Some("Нет печати"));
    assert!(mail_to(&app, "t@school.ru")
        .await
        .contains(&"Документ о прохождении курса возвращён".to_string()));
    let approve = |id: String, cookies: String| {
        let app = &app;
        async move {
            app.call::<ApproveDocument>(
                &[("slug", SLUG), ("id", &id), ("hours", ""), ("completed_on", "")],
                &cookies,
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(
        approve(document.id.clone(), course_admin.clone()).await,
        400,
        "already decided"
    );
    let resent = post_file(&app, &teacher, path, &fields, "скан.pdf", PDF.to_vec()).await;
    assert!(outcome(&resent, "uploaded").is_some());
    let second = admin(&app, &course_admin).await.documents.remove(0);
    assert_eq!(
        approve(second.id.clone(), teacher.clone()).await,
        403,
        "a teacher approves"
    );
    assert_eq!(approve(second.id.clone(), course_admin.clone()).await, 200);
    assert_eq!(
        status(&app, "t@school.ru", &course).await,
        Some(("completed".into(), Some("document".into()), Some(hours)))
    );
    assert_eq!(
        mine(&app, &teacher).await.enrolments[0].state(),
        format!("пройден, {hours} ч")
    );
}

#[tokio::test]
async fn a_teacher_who_administers_courses_cannot_approve_their_own_document() {
    let app = spawn_app().await;
    let both = person(&app, "both@school.ru", "teacher", "teacher", None).await;
    grant(&app, "both@school.ru", "course_admin").await;
    let other = signed_in(&app, SLUG, "courses@khkiro.ru", "course_admin", None).await;
    let (course, _) = course(&app, 5, None).await;
    enrol(&app, &both, &course).await;
    let sent = post_file(
        &app,
        &both,
        "/r/khabarovsk/route/documents",
        &[("course", &course)],
        "a.pdf",
        PDF.to_vec(),
    )
    .await;
    assert!(outcome(&sent, "uploaded").is_some());
    let own = admin(&app, &both).await.documents.remove(0);
    assert!(own.own, "the page marks it as theirs");
    let approve = |cookies: String| {
        let (app, id) = (&app, own.id.clone());
        async move {
            app.call::<ApproveDocument>(
                &[("slug", SLUG), ("id", &id), ("hours", ""), ("completed_on", "")],
                &cookies,
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(approve(both.clone()).await, 403);
    let back = app
        .call::<ReturnDocument>(&[("slug", SLUG), ("id", &own.id), ("comment", "Сам себе")], &both)
        .await;
    assert_eq!(back.status(), 403);
    assert_eq!(
        status(&app, "both@school.ru", &course).await.unwrap().0,
        "enrolled"
    );
    assert_eq!(approve(other.clone()).await, 200);
    assert_eq!(
        status(&app, "both@school.ru", &course).await.unwrap().0,
        "completed"
    );

    // A document of an enrolment cancelled meanwhile leaves the queue and cannot be accepted.
    let quitter = person(&app, "quitter@school.ru", "teacher", "teacher", None).await;
    enrol(&app, &quitter, &course).await;
    let upload = "/r/khabarovsk/route/documents";
    post_file(
        &app,
        &quitter,
        upload,
        &[("course", &course)],
        "a.pdf",
        PDF.to_vec(),
    )
    .await;
    let queued = admin(&app, &other).await.documents.remove(0);
    let cancelled = app
        .call::<CancelEnrolment>(&[("slug", SLUG), ("course", &course)], &quitter)
        .await;
    assert_eq!(cancelled.status(), 200);
    assert!(admin(&app, &other).await.documents.is_empty());
    let form = [
        ("slug", SLUG),
        ("id", queued.id.as_str()),
        ("hours", ""),
        ("completed_on", ""),
    ];
    let late = app.call::<ApproveDocument>(&form, &other).await;
    assert_eq!(late.status(), 404);
    assert_eq!(
        status(&app, "quitter@school.ru", &course).await.unwrap().0,
        "cancelled"
    );
}

#[tokio::test]
async fn people_enrolling_at_once_never_take_more_places_than_there_are() {
    let app = spawn_app().await;
    let (course, _) = course(&app, 9, Some(2)).await;
    let mut people = Vec::new();
    for n in 0..5 {
        people.push(person(&app, &format!("rush{n}@school.ru"), "teacher", "teacher", None).await);
    }
    let statuses = enrol_at_once(&app, &people, &course).await;
    assert_eq!(
        statuses.iter().filter(|s| *s == "enrolled").count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| *s == "waiting").count(),
        3,
        "{statuses:?}"
    );
    let mut positions = Vec::new();
    for cookies in &people {
        if let Some(position) = mine(&app, cookies).await.enrolments[0].position {
            positions.push(position);
        }
    }
    positions.sort_unstable();
    assert_eq!(positions, [1, 2, 3]);
}

/// Every person enrols at the same moment; their statuses.
async fn enrol_at_once(app: &TestApp, people: &[String], course: &str) -> Vec<String> {
    let mut running = tokio::task::JoinSet::new();
    for cookies in people {
        let (client, address) = (app.client.clone(), app.address.clone());
        let (cookies, course) = (cookies.clone(), course.to_string());
        running.spawn(async move {
            let response = client
                .post(format!(
                    "{address}{}",
                    <Enrol as leptos::server_fn::ServerFn>::PATH
                ))
                .header("origin", &address)
                .header("accept", "application/json")
                .header("cookie", cookies)
                .form(&[("slug", SLUG), ("course", course.as_str())])
                .send()
                .await
                .unwrap();
            json::<String>(response).await
        });
    }
    running.join_all().await
}
