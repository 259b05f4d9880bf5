//! Micro-courses through the server's own HTTP interface: the demo micro-courses in every
//! region, lessons sanitised, the check drawn without keys and scored on the server, a pass
//! completing the enrolment, a failure leaving a retake, and nobody else's attempt reachable.
//! Also the catalogue as a workbook (all or nothing) and the sharing of a route.

use app::courses::{
    AcceptRoute, CheckOutcome, GetMicroCourse, GetRouteSharing, GetSharedRoutes, MarkLessonRead, MicroCheck,
    MicroCourse, RouteSharing, ShareRoute, SharedRoute, StartMicroCheck, SubmitMicroCheck,
};
use app::diagnostics::{Answer, Item};
use app::error::AppError;
use leptos::server_fn::ServerFn;
use uuid::Uuid;

use crate::diagnostics::{drawn_keys, json, person, right, take_teacher_diagnostic, wrong};
use crate::helpers::{signed_in, spawn_app, user_id, TestApp};

const SLUG: &str = "khabarovsk";

pub(crate) async fn course_id(app: &TestApp, slug: &str, code: &str) -> String {
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

pub(crate) async fn submit(
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
pub(crate) async fn keys(app: &TestApp, attempt: &str) -> Vec<(String, Item)> {
    drawn_keys(app, "micro_attempts", "drawn", attempt).await
}

pub(crate) async fn start(app: &TestApp, cookies: &str, course: &str) -> (MicroCheck, String) {
    let response = app
        .call::<StartMicroCheck>(&[("slug", SLUG), ("course", course)], cookies)
        .await;
    assert_eq!(response.status(), 200);
    let raw = response.text().await.unwrap();
    (serde_json::from_str(&raw).unwrap(), raw)
}

pub(crate) async fn enrolment(
    app: &TestApp,
    email: &str,
    course: &str,
) -> Option<(String, String, i32, bool)> {
    sqlx::query_as(
        // The day of completion is the region's: Хабаровск's date is ahead of the database's
        // from 14:00 UTC.
        "select e.status, e.completed_via, e.hours, e.completed_on = (now() at time zone t.time_zone)::date
         from enrolments e join users u on u.id = e.user_id join tenants t on t.id = e.tenant_id
         where u.email = $1 and e.course_id = $2",
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
    assert!(first.contains("<h3>") && first.contains("ссылка"), "{first}");
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

// ---- the catalogue as a workbook ----

const HEADER: [&str; 15] = [
    "Код курса",
    "Название",
    "Организатор",
    "Краткое описание",
    "Вид курса (soft, subject, management)",
    "Предмет",
    "Форма обучения",
    "Объём, часов",
    "Начало (ГГГГ-ММ-ДД)",
    "Окончание (ГГГГ-ММ-ДД)",
    "Мест",
    "Для должностей",
    "Компетенции с весами",
    "Ссылка на курс",
    "На платформе (да/нет)",
];

pub(crate) fn row(code: &str, title: &str, competencies: &str) -> Vec<String> {
    [
        code,
        title,
        "КГБОУ ДПО ХК ИРО",
        "",
        "soft",
        "",
        "дистанционно",
        "24",
        "",
        "",
        "",
        "teacher",
        competencies,
        "",
        "нет",
    ]
    .map(String::from)
    .to_vec()
}

pub(crate) fn workbook(rows: &[Vec<String>]) -> Vec<u8> {
    let header: Vec<String> = HEADER.map(String::from).to_vec();
    app::downloads::xlsx(&header, rows).unwrap()
}

pub(crate) async fn import(
    app: &TestApp,
    cookies: &str,
    slug: &str,
    name: &'static str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let form =
        reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
    app.client
        .post(format!("{}/r/{slug}/admin/courses/import", app.address))
        .header("origin", &app.address)
        .header("cookie", cookies)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

fn outcome(response: &reqwest::Response) -> String {
    let raw = response
        .headers()
        .get("location")
        .expect("a redirect")
        .to_str()
        .unwrap();
    crate::diagnostics::percent_decode(raw)
}

/// Every course of the region as (code, title), to prove a refused file changed nothing.
async fn snapshot(app: &TestApp) -> Vec<(String, String, String)> {
    sqlx::query_as(
        "select c.code, c.title, coalesce(string_agg(k.code || ':' || k.weight, ';' order by k.code), '')
         from courses c join tenants t on t.id = c.tenant_id
         left join course_competencies k on k.tenant_id = c.tenant_id and k.course_id = c.id
         where t.slug = $1 group by c.code, c.title order by c.code",
    )
    .bind(SLUG)
    .fetch_all(&app.owner)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_catalogue_import_is_all_or_nothing_and_names_the_row_and_column() {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "catalogue@example.ru", "regional_operator", None).await;
    let before = snapshot(&app).await;

    // The export reads back unchanged.
    let export = app
        .get_with_cookies(&format!("/r/{SLUG}/admin/courses/export.xlsx"), &operator)
        .await;
    assert_eq!(export.status(), 200);
    let response = import(
        &app,
        &operator,
        SLUG,
        "export.xlsx",
        export.bytes().await.unwrap().to_vec(),
    )
    .await;
    assert!(
        outcome(&response).contains("добавлено курсов — 0, обновлено — 43"),
        "{}",
        outcome(&response)
    );
    assert_eq!(snapshot(&app).await, before);

    // Each bad file has good rows first (a new course, a changed title); none of them is stored.
    let good = [
        row("NEW-1", "Новый курс", "MET-2: 1"),
        row("K-001", "Изменённое название", "NPA-2: 1"),
    ];
    let mut missing_title = row("NEW-2", "", "MET-2: 1");
    missing_title[1] = String::new();
    let bad: [(Vec<String>, &str, &str); 4] = [
        (row("NEW-2", "Курс", "XYZ-9: 1"), "Компетенции с весами", "XYZ-9"),
        (row("NEW-2", "Курс", "MET-2: 2"), "Компетенции с весами", "MET-2"),
        (missing_title, "Название", ""),
        (row("NEW-1", "Снова новый", "MET-2: 1"), "Код курса", "NEW-1"),
    ];
    for (bad_row, column, detail) in bad {
        let mut rows = good.to_vec();
        rows.push(bad_row);
        let response = import(&app, &operator, SLUG, "bad.xlsx", workbook(&rows)).await;
        assert_eq!(response.status(), 303);
        let message = outcome(&response);
        assert!(
            message.contains("import_error")
                && message.contains("Строка 4")
                && message.contains(&format!("«{column}»"))
                && message.contains(detail),
            "{message}"
        );
        assert_eq!(
            snapshot(&app).await,
            before,
            "nothing of a bad file is stored: {message}"
        );
    }

    // A good file: one added, one changed (upsert by code).
    let response = import(&app, &operator, SLUG, "good.xlsx", workbook(&good)).await;
    assert!(
        outcome(&response).contains("добавлено курсов — 1, обновлено — 1"),
        "{}",
        outcome(&response)
    );
    let after = snapshot(&app).await;
    assert_eq!(after.len(), before.len() + 1);
    assert!(after
        .iter()
        .any(|(code, title, _)| code == "K-001" && title == "Изменённое название"));

    // Only the region's operator may import or export.
    let teacher = person(&app, "catalogue-t@example.ru", "teacher", "teacher", None).await;
    let ryazan = signed_in(&app, "ryazan", "catalogue@ryazan.ru", "regional_operator", None).await;
    for cookies in [&teacher, &ryazan] {
        assert_eq!(
            import(&app, cookies, SLUG, "good.xlsx", workbook(&good))
                .await
                .status(),
            403
        );
        let export = app
            .get_with_cookies(&format!("/r/{SLUG}/admin/courses/export.xlsx"), cookies)
            .await;
        assert_eq!(export.status(), 403);
    }
}

// ---- sharing the route ----

async fn sharing(app: &TestApp, cookies: &str) -> RouteSharing {
    json(app.call::<GetRouteSharing>(&[("slug", SLUG)], cookies).await).await
}

pub(crate) async fn shared(app: &TestApp, cookies: &str) -> Vec<SharedRoute> {
    json(app.call::<GetSharedRoutes>(&[("slug", SLUG)], cookies).await).await
}

pub(crate) async fn share(app: &TestApp, cookies: &str, viewer: &str, op: &str) -> reqwest::Response {
    app.call::<ShareRoute>(&[("slug", SLUG), ("viewer", viewer), ("op", op)], cookies)
        .await
}

#[tokio::test]
async fn a_route_is_shared_only_with_the_chosen_director_or_methodologist_of_the_school() {
    let app = spawn_app().await;
    const SCHOOL: &str = "27-0001";
    let other_school: String = sqlx::query_scalar(
        "select s.code from schools s join tenants t on t.id = s.tenant_id
         where t.slug = $1 and s.code <> $2 order by s.code limit 1",
    )
    .bind(SLUG)
    .bind(SCHOOL)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    let teacher = person(&app, "owner@share.ru", "teacher", "teacher", Some(SCHOOL)).await;
    let director = person(&app, "director@share.ru", "director", "director", Some(SCHOOL)).await;
    let methodologist = person(&app, "method@share.ru", "methodologist", "teacher", Some(SCHOOL)).await;
    let colleague = person(&app, "colleague@share.ru", "teacher", "teacher", Some(SCHOOL)).await;
    let stranger = person(
        &app,
        "director2@share.ru",
        "director",
        "director",
        Some(&other_school),
    )
    .await;
    let operator = signed_in(&app, SLUG, "operator@share.ru", "regional_operator", None).await;
    let ryazan = signed_in(
        &app,
        "ryazan",
        "operator@ryazan-share.ru",
        "regional_operator",
        None,
    )
    .await;

    // Without an accepted route there is nothing to share.
    assert!(!sharing(&app, &teacher).await.has_route);
    take_teacher_diagnostic(&app, &teacher, &["MET-2"]).await;
    let _: String = json(app.call::<AcceptRoute>(&[("slug", SLUG)], &teacher).await).await;

    // The candidates: the school's director and methodologist, nobody else.
    let offer = sharing(&app, &teacher).await;
    assert!(offer.has_route);
    let mut names: Vec<&str> = offer.candidates.iter().map(|c| c.position.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["director", "methodologist"]);
    assert!(offer.candidates.iter().all(|c| !c.shared));

    // Choosing someone who is not a candidate is refused.
    for email in ["colleague@share.ru", "director2@share.ru", "operator@share.ru"] {
        let id = user_id(&app, email).await.to_string();
        assert_eq!(share(&app, &teacher, &id, "share").await.status(), 403, "{email}");
    }
    let director_id = user_id(&app, "director@share.ru").await.to_string();
    assert_eq!(share(&app, &teacher, &director_id, "share").await.status(), 200);
    assert!(sharing(&app, &teacher)
        .await
        .candidates
        .iter()
        .any(|c| c.user_id == director_id && c.shared));

    // The director reads it; the methodologist (not chosen), a colleague, another school's
    // director and the operator see nothing; another region's operator is refused.
    let seen = shared(&app, &director).await;
    assert_eq!(seen.len(), 1);
    assert!(!seen[0].courses.is_empty());
    assert!(
        seen[0]
            .courses
            .iter()
            .any(|c| c.explanation.contains("Формирующее")),
        "{seen:?}"
    );
    for cookies in [&methodologist, &colleague, &stranger, &operator] {
        assert!(shared(&app, cookies).await.is_empty());
    }
    assert_eq!(
        app.call::<GetSharedRoutes>(&[("slug", SLUG)], &ryazan)
            .await
            .status(),
        403
    );

    // A director who leaves the school loses the view at once; revoking ends it too.
    sqlx::query(
        "update memberships m set school_id = s.id from schools s, users u
                 where s.tenant_id = m.tenant_id and s.code = $2 and u.id = m.user_id and u.email = $1",
    )
    .bind("director@share.ru")
    .bind(&other_school)
    .execute(&app.owner)
    .await
    .unwrap();
    assert!(shared(&app, &director).await.is_empty());
    sqlx::query(
        "update memberships m set school_id = s.id from schools s, users u
                 where s.tenant_id = m.tenant_id and s.code = $2 and u.id = m.user_id and u.email = $1",
    )
    .bind("director@share.ru")
    .bind(SCHOOL)
    .execute(&app.owner)
    .await
    .unwrap();
    assert_eq!(shared(&app, &director).await.len(), 1);
    assert_eq!(share(&app, &teacher, &director_id, "revoke").await.status(), 200);
    assert!(shared(&app, &director).await.is_empty());
    assert_eq!(share(&app, &teacher, &director_id, "steal").await.status(), 400);
}
