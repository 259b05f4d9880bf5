//! The chat of a support case (issue 17): the case's participants write threads and replies,
//! a mention e-mails the person mentioned, and everything outside the case is refused without
//! storing anything.

use std::time::Duration;

use app::support::chat::{CaseChat, GetCaseChat, PostCaseComment};

use crate::certificates::json;
use crate::helpers::{spawn_app_with_smtp, user_id, TestApp};
use crate::mail::MailServer;
use crate::support::{case_of, curated_case, fixture, Fixture, SLUG};

/// A form field: name and value.
type Field<'a> = (&'a str, &'a str);

pub(crate) async fn chat(app: &TestApp, cookies: &str, case: &str) -> CaseChat {
    json(
        app.call::<GetCaseChat>(&[("slug", SLUG), ("case", case)], cookies)
            .await,
    )
    .await
}

pub(crate) async fn post(app: &TestApp, cookies: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut form = vec![("slug", SLUG)];
    form.extend_from_slice(fields);
    app.call::<PostCaseComment>(&form, cookies).await
}

pub(crate) async fn comment_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from support_comments")
        .fetch_one(&app.owner)
        .await
        .unwrap()
}

/// The fixture with cases opened, Троицкое's given to the fixture's curator; the curator and
/// the director get names of their own.
pub(crate) async fn case_with_curator(app: &TestApp) -> (Fixture, String) {
    let f = fixture(app).await;
    let case = curated_case(app, &f).await;
    crate::helpers::set_names(
        app,
        &[
            ("curator@support.ru", "Соколова Марина Викторовна"),
            ("director@support.ru", "Бельды Николай Петрович"),
        ],
    )
    .await;
    (f, case)
}

#[tokio::test]
async fn participants_write_threads_and_replies_and_a_mention_is_mailed() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let (f, case) = case_with_curator(&app).await;
    let director = user_id(&app, "director@support.ru").await.to_string();
    let curator = f.curator_id.to_string();

    let people: Vec<String> = chat(&app, &f.curator, &case)
        .await
        .participants
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert!(
        people.contains(&"Бельды Николай Петрович".to_string()),
        "{people:?}"
    );
    assert!(
        people.contains(&"Соколова Марина Викторовна".to_string()),
        "{people:?}"
    );

    let body = "  Николай Петрович, пришлите, пожалуйста, проект антирисковой программы до пятницы.  ";
    let written = post(
        &app,
        &f.curator,
        &[
            ("case", &case),
            ("body", body),
            ("mentions[]", &director),
            ("mentions[]", &curator),
        ],
    )
    .await;
    assert_eq!(
        written.status(),
        200,
        "{}",
        written.text().await.unwrap_or_default()
    );
    let seen = chat(&app, &f.director, &case).await;
    assert_eq!(seen.comments.len(), 1);
    let first = &seen.comments[0];
    assert_eq!(first.author, "Соколова Марина Викторовна");
    assert_eq!(first.body, body.trim());
    assert_eq!(
        first.mentions,
        ["Бельды Николай Петрович"],
        "mentioning oneself is dropped"
    );

    let replied = post(
        &app,
        &f.director,
        &[
            ("case", &case),
            ("parent", &first.id),
            ("body", "Пришлю в четверг."),
        ],
    )
    .await;
    assert_eq!(replied.status(), 200);
    // The coordinator of the school's municipality reads the same thread.
    let seen = chat(&app, &f.coordinator, &case).await;
    assert_eq!(seen.comments.len(), 1);
    assert_eq!(seen.comments[0].replies.len(), 1);
    assert_eq!(seen.comments[0].replies[0].author, "Бельды Николай Петрович");
    assert_eq!(seen.comments[0].replies[0].body, "Пришлю в четверг.");

    let mails = mail
        .wait_for("director@support.ru", 1, Duration::from_secs(20))
        .await;
    assert!(
        mails[0].contains("Вас упомянули в обсуждении кейса"),
        "{}",
        mails[0]
    );
    assert!(mails[0].contains("проект антирисковой программы"), "{}", mails[0]);
    assert!(
        mails[0].contains(&format!("/r/{SLUG}/support/{case}/chat")),
        "{}",
        mails[0]
    );
    let to_curator: i64 =
        sqlx::query_scalar("select count(*) from outbox where recipient = 'curator@support.ru'")
            .fetch_one(&app.owner)
            .await
            .unwrap();
    assert_eq!(
        to_curator, 0,
        "neither the self-mention nor the reply without mentions mails the curator"
    );
    let audited: i64 = sqlx::query_scalar("select count(*) from audit_log where action = 'support_comment'")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(audited, 2);
}

#[tokio::test]
async fn a_bad_comment_is_refused_with_its_field_and_nothing_is_stored() {
    let app = spawn_app_with_smtp(None).await;
    let (f, case) = case_with_curator(&app).await;
    let written = post(&app, &f.curator, &[("case", &case), ("body", "Первое сообщение")]).await;
    assert_eq!(written.status(), 200);
    let first = chat(&app, &f.curator, &case).await.comments[0].id.clone();
    let reply = post(
        &app,
        &f.director,
        &[("case", &case), ("parent", &first), ("body", "Ответ")],
    )
    .await;
    assert_eq!(reply.status(), 200);
    let reply_id = chat(&app, &f.curator, &case).await.comments[0].replies[0]
        .id
        .clone();
    let other_case = case_of(&app, &f.operator, "Джари").await;
    let teacher = user_id(&app, "teacher@support.ru").await.to_string();
    let long = "щ".repeat(4001);
    let before = comment_count(&app).await;

    let cases: [(Vec<Field>, u16, Option<&str>); 5] = [
        (vec![("case", &case), ("body", "   ")], 400, Some("Сообщение")),
        (
            vec![("case", &case), ("body", &long)],
            400,
            Some("не длиннее 4000"),
        ),
        (
            vec![("case", &case), ("body", "Текст"), ("mentions[]", &teacher)],
            400,
            Some("Упомянуть"),
        ),
        (
            vec![("case", &case), ("body", "Текст"), ("mentions[]", "не-id")],
            400,
            Some("Упомянуть"),
        ),
        // A reply to a reply names nothing in this case.
        (
            vec![("case", &case), ("parent", &reply_id), ("body", "Текст")],
            404,
            None,
        ),
    ];
    for (fields, status, message) in cases {
        let response = post(&app, &f.curator, &fields).await;
        assert_eq!(response.status().as_u16(), status, "{fields:?}");
        if let Some(message) = message {
            let text = response.text().await.unwrap();
            assert!(text.contains(message), "{fields:?}: {text}");
        }
    }
    // The operator sees both cases, and still cannot hang a reply on another case's comment.
    let across = post(
        &app,
        &f.operator,
        &[("case", &other_case), ("parent", &first), ("body", "Текст")],
    )
    .await;
    assert_eq!(across.status(), 404);
    assert_eq!(comment_count(&app).await, before);
}
