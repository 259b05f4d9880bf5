//! Micro-courses through the server's own HTTP interface: the demo micro-courses in every
//! region, lessons sanitised, the check drawn without keys and scored on the server, a pass
//! completing the enrolment, a failure leaving a retake, and nobody else's attempt reachable.

use app::courses::{
    CheckOutcome, GetMicroCourse, MarkLessonRead, MicroCheck, MicroCourse, StartMicroCheck, SubmitMicroCheck,
};
use app::diagnostics::{Answer, Item, ItemKind};
use app::error::AppError;
use leptos::server_fn::ServerFn;
use uuid::Uuid;

use crate::diagnostics::{json, person, right};
use crate::helpers::{signed_in, spawn_app, TestApp};

const SLUG: &str = "khabarovsk";

async fn course_id(app: &TestApp, slug: &str, code: &str) -> String {
    sqlx::query_scalar::<_, Uuid>(
        "select c.id from courses c join tenants t on t.id = c.tenant_id where t.slug = $1 and c.code = $2",
    )
    .bind(slug)
    .bind(code)
    .fetch_one(&app.owner)
    .await
    .unwrap()
    .to_string()
}

async fn submit(
    app: &TestApp,
    cookies: &str,
    attempt: &str,
    answers: &[(String, Answer)],
) -> reqwest::Response {
    let answers: Vec<serde_json::Value> = answers
        .iter()
        .map(|(item, answer)| serde_json::json!({ "item": item, "answer": answer }))
        .collect();
    app.client
        .post(format!("{}{}", app.address, SubmitMicroCheck::PATH))
        .header("origin", &app.address)
        .header("accept", "application/json")
        .header("cookie", cookies)
        .json(&serde_json::json!({ "slug": SLUG, "attempt": attempt, "answers": answers }))
        .send()
        .await
        .unwrap()
}

/// The keys of an attempt's items, read as the server does (the test's only way to them).
async fn keys(app: &TestApp, attempt: &str) -> Vec<(String, Item)> {
    sqlx::query_as::<_, (Uuid, sqlx::types::Json<Item>)>(
        "select i.id, i.body from micro_attempts a,
                jsonb_to_recordset(a.drawn) as d(id uuid, version int)
         join items i on i.id = d.id and i.version = d.version
         where a.id = $1",
    )
    .bind(Uuid::parse_str(attempt).unwrap())
    .fetch_all(&app.owner)
    .await
    .unwrap()
    .into_iter()
    .map(|(id, item)| (id.to_string(), item.0))
    .collect()
}

fn wrong(item: &Item) -> Answer {
    match item.kind {
        ItemKind::Single | ItemKind::Multiple => Answer::Options {
            chosen: (0..item.options.len())
                .filter(|i| !item.correct.contains(i))
                .take(1)
                .collect(),
        },
        ItemKind::Likert => Answer::Scale { value: 1 },
        ItemKind::Short => Answer::Text {
            text: "не знаю".into(),
        },
    }
}

async fn start(app: &TestApp, cookies: &str, course: &str) -> (MicroCheck, String) {
    let response = app
        .call::<StartMicroCheck>(&[("slug", SLUG), ("course", course)], cookies)
        .await;
    assert_eq!(response.status(), 200);
    let raw = response.text().await.unwrap();
    (serde_json::from_str(&raw).unwrap(), raw)
}

async fn enrolment(app: &TestApp, email: &str, course: &str) -> Option<(String, String, i32, bool)> {
    sqlx::query_as(
        "select e.status, e.completed_via, e.hours, e.completed_on = current_date
         from enrolments e join users u on u.id = e.user_id where u.email = $1 and e.course_id = $2",
    )
    .bind(email)
    .bind(Uuid::parse_str(course).unwrap())
    .fetch_optional(&app.owner)
    .await
    .unwrap()
}

#[tokio::test]
async fn every_demo_region_has_three_micro_courses_with_lessons() {
    let app = spawn_app().await;
    let per_region: Vec<(String, i64)> = sqlx::query_as(
        "select t.slug, count(distinct c.id) from tenants t
         join courses c on c.tenant_id = t.id and c.on_platform
         join micro_lessons l on l.tenant_id = c.tenant_id and l.course_id = c.id
         group by t.slug",
    )
    .fetch_all(&app.owner)
    .await
    .unwrap();
    assert!(per_region.len() >= 2, "{per_region:?}");
    assert!(per_region.iter().all(|(_, n)| *n >= 3), "{per_region:?}");
}

#[tokio::test]
async fn a_teacher_reads_fails_the_check_retakes_it_and_the_course_completes() {
    let app = spawn_app().await;
    let email = "micro@example.ru";
    let teacher = person(&app, email, "teacher", "teacher", None).await;
    let course = course_id(&app, SLUG, "K-041").await;
    // An operator-written lesson with hostile HTML is sanitised when it is shown.
    sqlx::query(
        "update micro_lessons set markdown = markdown || $2
         where course_id = $1 and position = 1",
    )
    .bind(Uuid::parse_str(&course).unwrap())
    .bind("\n\n<script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\">\n\n[ссылка](javascript:alert(3))\n")
    .execute(&app.owner)
    .await
    .unwrap();

    let micro: MicroCourse = json(
        app.call::<GetMicroCourse>(&[("slug", SLUG), ("course", &course)], &teacher)
            .await,
    )
    .await;
    assert!(micro.lessons.len() >= 3);
    assert!(!micro.completed && micro.last_score.is_none());
    let first = &micro.lessons[0].html;
    assert!(first.contains("<h2>") && first.contains("ссылка"), "{first}");
    for bad in ["<script", "onerror", "javascript:", "<img"] {
        assert!(!first.contains(bad), "{bad} in {first}");
    }

    // The check waits for every lesson.
    let early = app
        .call::<StartMicroCheck>(&[("slug", SLUG), ("course", &course)], &teacher)
        .await;
    assert_eq!(early.status(), 400);
    match json::<AppError>(early).await {
        AppError::Invalid { field, .. } => assert_eq!(field, "check"),
        other => panic!("{other:?}"),
    }
    for lesson in &micro.lessons {
        let n = lesson.position.to_string();
        let done = app
            .call::<MarkLessonRead>(&[("slug", SLUG), ("course", &course), ("lesson", &n)], &teacher)
            .await;
        assert_eq!(done.status(), 200);
    }
    let missing = app
        .call::<MarkLessonRead>(&[("slug", SLUG), ("course", &course), ("lesson", "99")], &teacher)
        .await;
    assert_eq!(missing.status(), 404);
    let micro: MicroCourse = json(
        app.call::<GetMicroCourse>(&[("slug", SLUG), ("course", &course)], &teacher)
            .await,
    )
    .await;
    assert!(micro.lessons.iter().all(|l| l.read));

    // Items without keys; all wrong: the score, no completion.
    let (check, raw) = start(&app, &teacher, &course).await;
    assert!(!check.items.is_empty());
    assert!(!raw.contains("correct") && !raw.contains("accepted"), "{raw}");
    let keys1 = keys(&app, &check.attempt).await;
    assert_eq!(keys1.len(), check.items.len());
    assert!(keys1
        .iter()
        .all(|(_, item)| item.primary_competency() == Some("MET-2")));
    let answers: Vec<(String, Answer)> = keys1.iter().map(|(id, item)| (id.clone(), wrong(item))).collect();
    let failed: CheckOutcome = json(submit(&app, &teacher, &check.attempt, &answers).await).await;
    assert!(!failed.passed && failed.score < 0.8, "{failed:?}");
    assert_eq!(enrolment(&app, email, &course).await, None);
    // An answered attempt is not scored twice.
    assert_eq!(
        submit(&app, &teacher, &check.attempt, &answers).await.status(),
        404
    );

    // Another person cannot answer the retake; the owner passes it.
    let (retake, _) = start(&app, &teacher, &course).await;
    assert_ne!(retake.attempt, check.attempt);
    let right_answers: Vec<(String, Answer)> = keys(&app, &retake.attempt)
        .await
        .iter()
        .map(|(id, item)| (id.clone(), right(item)))
        .collect();
    let colleague = person(&app, "colleague@example.ru", "teacher", "teacher", None).await;
    assert_eq!(
        submit(&app, &colleague, &retake.attempt, &right_answers)
            .await
            .status(),
        404
    );
    let ryazan = signed_in(&app, "ryazan", "micro@ryazan.ru", "teacher", None).await;
    assert_eq!(
        submit(&app, &ryazan, &retake.attempt, &right_answers)
            .await
            .status(),
        403
    );
    let passed: CheckOutcome = json(submit(&app, &teacher, &retake.attempt, &right_answers).await).await;
    assert!(passed.passed && (passed.score - 1.0).abs() < 1e-9, "{passed:?}");
    assert_eq!(
        enrolment(&app, email, &course).await,
        Some(("completed".into(), "micro".into(), 6, true))
    );
    let micro: MicroCourse = json(
        app.call::<GetMicroCourse>(&[("slug", SLUG), ("course", &course)], &teacher)
            .await,
    )
    .await;
    assert!(micro.completed && micro.last_score == Some(1.0));
    let attempts: i64 = sqlx::query_scalar("select count(*) from micro_attempts where course_id = $1")
        .bind(Uuid::parse_str(&course).unwrap())
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(attempts, 2);

    // A course that is not on the platform has no micro-course page; another region's id is unknown.
    let plain = course_id(&app, SLUG, "K-001").await;
    let response = app
        .call::<GetMicroCourse>(&[("slug", SLUG), ("course", &plain)], &teacher)
        .await;
    assert_eq!(response.status(), 404);
    let ryazan_course = course_id(&app, "ryazan", "K-041").await;
    let response = app
        .call::<GetMicroCourse>(&[("slug", SLUG), ("course", &ryazan_course)], &teacher)
        .await;
    assert_eq!(response.status(), 404);
}
