//! Competency diagnostics through the server's own HTTP interface: attempts that lose nothing
//! (resume, concurrent tabs, restart, deadline, late answers), scoring and deficits, privacy,
//! versioning, campaigns, imports and item statistics.

use std::time::Duration;

use app::diagnostics::{
    Answer, AttemptView, CreateCampaign, DiagnosticsAdmin, EditFramework, FinishAttempt, GetAttempt,
    GetDiagnosticsAdmin, GetItemStatistics, GetMyDiagnostics, GetPersonScores, GetResult, GetSchoolAggregate,
    GroupSize, Item, ItemKind, ItemStatistics, Level, MyDiagnostics, ResultView, SaveAnswer, SaveItem,
    SaveOutcome, SchoolAggregate, StartAttempt,
};
use app::error::AppError;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::helpers::{restart, signed_in, spawn_app, TestApp};

const SLUG: &str = "khabarovsk";

pub(crate) async fn json<T: DeserializeOwned>(response: reqwest::Response) -> T {
    let status = response.status();
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status}: {e}: {text}"))
}

/// A confirmed member with a position and, optionally, a school of the demo registry.
pub(crate) async fn person(
    app: &TestApp,
    email: &str,
    position: &str,
    role: &str,
    school: Option<&str>,
) -> String {
    let cookies = signed_in(app, SLUG, email, role, None).await;
    sqlx::query(
        "update memberships m set position = $2,
                school_id = (select s.id from schools s where s.tenant_id = m.tenant_id and s.code = $3)
         from users u where u.id = m.user_id and u.email = $1",
    )
    .bind(email)
    .bind(position)
    .bind(school)
    .execute(&app.owner)
    .await
    .unwrap();
    cookies
}

async fn instrument(app: &TestApp, cookies: &str, title_starts: &str) -> String {
    let mine: MyDiagnostics = json(app.call::<GetMyDiagnostics>(&[("slug", SLUG)], cookies).await).await;
    mine.instruments
        .iter()
        .find(|i| i.title.starts_with(title_starts))
        .unwrap_or_else(|| panic!("no instrument «{title_starts}» in {mine:?}"))
        .id
        .clone()
}

async fn start(app: &TestApp, cookies: &str, instrument: &str) -> String {
    json(
        app.call::<StartAttempt>(&[("slug", SLUG), ("instrument", instrument)], cookies)
            .await,
    )
    .await
}

/// Starts (or resumes) the demo teacher instrument.
pub(crate) async fn start_teacher(app: &TestApp, cookies: &str) -> String {
    let instrument = instrument(app, cookies, "Диагностика профессиональных").await;
    start(app, cookies, &instrument).await
}

async fn operator_view(app: &TestApp, operator: &str) -> DiagnosticsAdmin {
    json(app.call::<GetDiagnosticsAdmin>(&[("slug", SLUG)], operator).await).await
}

fn teacher_instrument(admin: &DiagnosticsAdmin) -> &app::diagnostics::InstrumentRow {
    admin
        .instruments
        .iter()
        .find(|i| i.title.starts_with("Диагностика профессиональных"))
        .expect("the demo teacher instrument")
}

pub(crate) async fn attempt(app: &TestApp, cookies: &str, id: &str) -> AttemptView {
    json(
        app.call::<GetAttempt>(&[("slug", SLUG), ("id", id)], cookies)
            .await,
    )
    .await
}

pub(crate) async fn save(
    app: &TestApp,
    cookies: &str,
    attempt: &str,
    item: &str,
    seq: i64,
    answer: &Answer,
) -> reqwest::Response {
    app.client
        .post(format!("{}{}", app.address, <SaveAnswer as leptos::server_fn::ServerFn>::PATH))
        .header("origin", &app.address)
        .header("cookie", cookies)
        .json(&serde_json::json!({ "slug": SLUG, "attempt": attempt, "item": item, "seq": seq, "answer": answer }))
        .send()
        .await
        .unwrap()
}

pub(crate) async fn saved(
    app: &TestApp,
    cookies: &str,
    attempt: &str,
    item: &str,
    seq: i64,
    answer: &Answer,
) -> SaveOutcome {
    json(save(app, cookies, attempt, item, seq, answer).await).await
}

pub(crate) async fn finish(app: &TestApp, cookies: &str, id: &str) {
    let response = app
        .call::<FinishAttempt>(&[("slug", SLUG), ("id", id)], cookies)
        .await;
    assert!(response.status().is_success(), "finish: {}", response.status());
}

pub(crate) async fn result(app: &TestApp, cookies: &str, id: &str) -> ResultView {
    json(
        app.call::<GetResult>(&[("slug", SLUG), ("id", id)], cookies)
            .await,
    )
    .await
}

/// The keys of the items of an attempt, read from the database as only the server can.
pub(crate) async fn keys(app: &TestApp, attempt: &str) -> Vec<(String, Item)> {
    drawn_keys(app, "attempts", "items", attempt).await
}

/// The keys of the items `column` of the row `id` of `table` drew (an attempt's `items`, a
/// micro-course check's `drawn`).
pub(crate) async fn drawn_keys(app: &TestApp, table: &str, column: &str, id: &str) -> Vec<(String, Item)> {
    sqlx::query_as::<_, (Uuid, sqlx::types::Json<Item>)>(&format!(
        "select i.id, i.body from {table} a,
                jsonb_to_recordset(a.{column}) as d(id uuid, version int)
         join items i on i.id = d.id and i.version = d.version
         where a.id = $1"
    ))
    .bind(Uuid::parse_str(id).unwrap())
    .fetch_all(&app.owner)
    .await
    .unwrap()
    .into_iter()
    .map(|(id, item)| (id.to_string(), item.0))
    .collect()
}

pub(crate) fn right(item: &Item) -> Answer {
    match item.kind {
        ItemKind::Single | ItemKind::Multiple => Answer::Options {
            chosen: item.correct.clone(),
        },
        ItemKind::Likert => Answer::Scale { value: 5 },
        ItemKind::Short => Answer::Text {
            text: item.accepted[0].clone(),
        },
    }
}

pub(crate) fn wrong(item: &Item) -> Answer {
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

/// Starts the teacher instrument and answers every item right except those whose main
/// competency is `weak`.
pub(crate) async fn take_teacher_diagnostic(app: &TestApp, cookies: &str, weak: &[&str]) -> String {
    let id = start_teacher(app, cookies).await;
    for (n, (item_id, item)) in keys(app, &id).await.iter().enumerate() {
        let answer = if weak.contains(&item.primary_competency().unwrap()) {
            wrong(item)
        } else {
            right(item)
        };
        assert_eq!(
            saved(app, cookies, &id, item_id, 10 + n as i64, &answer).await,
            SaveOutcome::Saved
        );
    }
    finish(app, cookies, &id).await;
    id
}

#[tokio::test]
async fn a_teacher_answers_resumes_finishes_and_gets_ranked_deficits_without_ever_seeing_a_key() {
    let app = spawn_app().await;
    let teacher = person(&app, "teacher@example.ru", "teacher", "teacher", Some("27-0001")).await;
    let instrument = instrument(&app, &teacher, "Диагностика профессиональных").await;
    let id = start(&app, &teacher, &instrument).await;
    assert_eq!(
        start(&app, &teacher, &instrument).await,
        id,
        "one active attempt per instrument"
    );

    // The attempt as the browser gets it carries no key.
    let raw = app
        .call::<GetAttempt>(&[("slug", SLUG), ("id", &id)], &teacher)
        .await
        .text()
        .await
        .unwrap();
    for secret in [
        "\"correct\"",
        "\"accepted\"",
        "\"competencies\"",
        "152-ФЗ",
        "\"weight\"",
    ] {
        assert!(!raw.contains(secret), "the attempt payload leaks {secret}");
    }
    let view: AttemptView = serde_json::from_str(&raw).unwrap();
    assert_eq!(view.items.len(), 66);
    assert!(view.deadline.is_none());

    // Half now; the rest after "coming back" (a fresh read of the attempt).
    let items = keys(&app, &id).await;
    let weak = ["MET-2", "PSY-2"];
    let answer = |item: &Item| {
        if weak.contains(&item.primary_competency().unwrap()) {
            wrong(item)
        } else {
            right(item)
        }
    };
    for (item_id, item) in &items[..11] {
        assert_eq!(
            saved(&app, &teacher, &id, item_id, 1, &answer(item)).await,
            SaveOutcome::Saved
        );
    }
    let resumed = attempt(&app, &teacher, &id).await;
    assert_eq!(resumed.answers.len(), 11);
    for (item_id, item) in &items[11..] {
        assert_eq!(
            saved(&app, &teacher, &id, item_id, 1, &answer(item)).await,
            SaveOutcome::Saved
        );
    }
    finish(&app, &teacher, &id).await;

    let view = result(&app, &teacher, &id).await;
    assert!(!view.finished_by_deadline);
    for code in weak {
        let score = view.result.competencies.iter().find(|c| c.code == code).unwrap();
        assert_eq!(score.level, Level::Pronounced, "{code}: {score:?}");
        assert!(view.result.deficits.contains(&code.to_string()));
    }
    let nps = view
        .result
        .competencies
        .iter()
        .find(|c| c.code == "NPA-1")
        .unwrap();
    assert_eq!(nps.level, Level::Minimal);
    assert!(view.result.points < view.result.max_points);
    // Deficits come most severe first.
    let scores: Vec<f64> = view
        .result
        .deficits
        .iter()
        .map(|code| {
            view.result
                .competencies
                .iter()
                .find(|c| &c.code == code)
                .unwrap()
                .score
        })
        .collect();
    assert!(scores.windows(2).all(|w| w[0] <= w[1]), "{scores:?}");
    // Groups of fewer than five people show no averages, and no exact count.
    assert!(
        view.comparison
            .iter()
            .all(|g| g.people == GroupSize::Under5 && g.scores.is_empty()),
        "{:?}",
        view.comparison
    );

    let mail: i64 = sqlx::query_scalar("select count(*) from outbox where recipient = 'teacher@example.ru' and subject = 'Результаты диагностики готовы'")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(mail, 1);
    // The finished attempt refuses further answers, and a new start opens a new attempt.
    let late = save(&app, &teacher, &id, &items[0].0, 99, &right(&items[0].1)).await;
    assert_eq!(late.status(), 400);
    assert_ne!(start(&app, &teacher, &instrument).await, id);
}

#[tokio::test]
async fn the_higher_sequence_wins_whatever_order_the_writes_arrive_in() {
    let app = spawn_app().await;
    let teacher = person(&app, "tabs@example.ru", "teacher", "teacher", Some("27-0001")).await;
    let id = start_teacher(&app, &teacher).await;
    let item = keys(&app, &id)
        .await
        .into_iter()
        .find(|(_, i)| i.kind == ItemKind::Short)
        .unwrap()
        .0;
    let text = |n: i64| Answer::Text {
        text: format!("ответ {n}"),
    };

    assert_eq!(
        saved(&app, &teacher, &id, &item, 20, &text(20)).await,
        SaveOutcome::Saved
    );
    assert_eq!(
        saved(&app, &teacher, &id, &item, 10, &text(10)).await,
        SaveOutcome::Stale
    );
    assert_eq!(
        saved(&app, &teacher, &id, &item, 20, &text(20)).await,
        SaveOutcome::Stale,
        "a repeat changes nothing"
    );

    // Two tabs writing the same item at once.
    let mut writes = Vec::new();
    for n in 21..=120i64 {
        let (app_address, client, teacher, id, item) = (
            app.address.clone(),
            app.client.clone(),
            teacher.clone(),
            id.clone(),
            item.clone(),
        );
        writes.push(tokio::spawn(async move {
            client
                .post(format!(
                    "{app_address}{}",
                    <SaveAnswer as leptos::server_fn::ServerFn>::PATH
                ))
                .header("origin", &app_address)
                .header("cookie", teacher)
                .json(
                    &serde_json::json!({ "slug": SLUG, "attempt": id, "item": item, "seq": n,
                                           "answer": Answer::Text { text: format!("ответ {n}") } }),
                )
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    for write in writes {
        assert_eq!(write.await.unwrap(), 200);
    }
    let stored = attempt(&app, &teacher, &id).await.answers;
    let answer = stored.iter().find(|a| a.item_id == item).unwrap();
    assert_eq!((answer.seq, &answer.answer), (120, &text(120)));
}

#[tokio::test]
async fn answers_survive_a_server_restart_in_the_middle_of_an_attempt() {
    let app = spawn_app().await;
    let teacher = person(&app, "restart@example.ru", "teacher", "teacher", Some("27-0001")).await;
    let id = start_teacher(&app, &teacher).await;
    let items = keys(&app, &id).await;
    for (n, (item_id, item)) in items[..5].iter().enumerate() {
        saved(&app, &teacher, &id, item_id, n as i64 + 1, &right(item)).await;
    }
    let app = restart(app).await;
    let view = attempt(&app, &teacher, &id).await;
    assert_eq!(
        view.answers.len(),
        5,
        "every answer saved before the crash is there"
    );
    for (item_id, item) in &items[5..] {
        assert_eq!(
            saved(&app, &teacher, &id, item_id, 50, &right(item)).await,
            SaveOutcome::Saved
        );
    }
    finish(&app, &teacher, &id).await;
    let view = result(&app, &teacher, &id).await;
    assert_eq!(view.result.points, view.result.max_points);
    assert!(view.result.deficits.is_empty());
}

#[tokio::test]
async fn the_deadline_job_finishes_an_attempt_and_late_answers_are_refused() {
    let app = spawn_app().await;
    let director = person(
        &app,
        "director@example.ru",
        "director",
        "director",
        Some("27-0001"),
    )
    .await;
    let instrument = instrument(&app, &director, "Диагностика управленческих").await;
    let id = start(&app, &director, &instrument).await;
    let view = attempt(&app, &director, &id).await;
    let left = view.seconds_left.expect("a timed instrument has a deadline");
    assert!((39 * 60..=40 * 60).contains(&left), "{left}");
    let items = keys(&app, &id).await;
    assert_eq!(
        items.len(),
        36,
        "three random items for each of the 12 competencies"
    );
    saved(&app, &director, &id, &items[0].0, 1, &right(&items[0].1)).await;

    sqlx::query("update attempts set deadline_at = now() - interval '1 second' where id = $1")
        .bind(Uuid::parse_str(&id).unwrap())
        .execute(&app.owner)
        .await
        .unwrap();
    let late = save(&app, &director, &id, &items[1].0, 2, &right(&items[1].1)).await;
    assert_eq!(late.status(), 400);
    let error: AppError = json(late).await;
    assert!(
        error.to_string().contains("Время на диагностику истекло"),
        "{error}"
    );

    // The job (every two seconds) finishes it without anyone opening it.
    let mut finished_by = None;
    for _ in 0..50 {
        finished_by =
            sqlx::query_scalar::<_, Option<String>>("select finished_by from attempts where id = $1")
                .bind(Uuid::parse_str(&id).unwrap())
                .fetch_one(&app.owner)
                .await
                .unwrap();
        if finished_by.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(finished_by.as_deref(), Some("deadline"));
    let view = result(&app, &director, &id).await;
    assert!(view.finished_by_deadline);
    assert_eq!(
        view.result.points, items[0].1.points,
        "the answer saved in time counts, the late one not"
    );
}

#[tokio::test]
async fn nobody_reads_another_persons_attempt_and_operators_views_are_audited() {
    let app = spawn_app().await;
    let teacher = person(&app, "own@example.ru", "teacher", "teacher", Some("27-0001")).await;
    let other = person(&app, "other@example.ru", "teacher", "teacher", Some("27-0001")).await;
    let operator = signed_in(&app, SLUG, "operator@example.ru", "regional_operator", None).await;
    let id = take_teacher_diagnostic(&app, &teacher, &[]).await;
    let item = keys(&app, &id).await[0].0.clone();

    let response = app
        .call::<GetAttempt>(&[("slug", SLUG), ("id", &id)], &other)
        .await;
    assert_eq!(response.status(), 404);
    let response = app
        .call::<GetResult>(&[("slug", SLUG), ("id", &id)], &other)
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(
        save(&app, &other, &id, &item, 1000, &Answer::Scale { value: 1 })
            .await
            .status(),
        404
    );
    assert_eq!(
        save(&app, "", &id, &item, 1000, &Answer::Scale { value: 1 })
            .await
            .status(),
        401
    );
    let response = app
        .call::<GetResult>(&[("slug", "ryazan"), ("id", &id)], &teacher)
        .await;
    assert!(response.status().as_u16() >= 400, "another region");

    // The operator sees scores (never answers), and each look is recorded.
    let view = result(&app, &operator, &id).await;
    assert_eq!(view.person, "Проверяющий Пользователь");
    let instrument = instrument(&app, &teacher, "Диагностика профессиональных").await;
    let scores: Vec<app::diagnostics::PersonScore> = json(
        app.call::<GetPersonScores>(&[("slug", SLUG), ("instrument", &instrument)], &operator)
            .await,
    )
    .await;
    assert_eq!(scores.len(), 1);
    let audited: Vec<String> = sqlx::query_scalar(
        "select action from audit_log where action in ('individual_result_viewed', 'individual_scores_viewed') order by id",
    )
    .fetch_all(&app.owner)
    .await
    .unwrap();
    assert_eq!(audited, ["individual_result_viewed", "individual_scores_viewed"]);
    let response = app
        .call::<GetPersonScores>(&[("slug", SLUG), ("instrument", &instrument)], &teacher)
        .await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn averages_appear_only_for_groups_of_at_least_five() {
    let app = spawn_app().await;
    let director = person(&app, "head@example.ru", "director", "director", Some("27-0001")).await;
    let mut last = String::new();
    for n in 0..5 {
        let teacher = person(
            &app,
            &format!("t{n}@example.ru"),
            "teacher",
            "teacher",
            Some("27-0001"),
        )
        .await;
        let weak: &[&str] = if n % 2 == 0 { &["MET-2"] } else { &[] };
        last = take_teacher_diagnostic(&app, &teacher, weak).await;
        let aggregate: SchoolAggregate =
            json(app.call::<GetSchoolAggregate>(&[("slug", SLUG)], &director).await).await;
        let average = &aggregate.instruments[0].average;
        assert_eq!(average.people, GroupSize::of(n + 1), "a band, not a head count");
        assert_eq!(average.scores.is_empty(), n + 1 < 5, "after {} people", n + 1);
        if n == 4 {
            let met2 = average.scores.iter().find(|(c, _)| c == "MET-2").unwrap().1;
            assert!(
                (met2 - 2.0 / 5.0).abs() < 1e-9,
                "three of five got MET-2 wrong: {met2}"
            );
        }
        let view = result(&app, &teacher, &last).await;
        let school = view.comparison.iter().find(|g| g.group == "Школа").unwrap();
        assert_eq!(school.scores.is_empty(), n + 1 < 5);
    }
    assert!(!last.is_empty());
    let teacher = person(&app, "t9@example.ru", "teacher", "teacher", Some("27-0001")).await;
    let teacher_view = app.call::<GetSchoolAggregate>(&[("slug", SLUG)], &teacher).await;
    assert_eq!(
        teacher_view.status(),
        403,
        "only directors see the school's aggregate"
    );
}

#[tokio::test]
async fn editing_an_item_used_in_a_finished_attempt_makes_a_new_version_and_keeps_the_result() {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "op@example.ru", "regional_operator", None).await;
    let teacher = person(&app, "v@example.ru", "teacher", "teacher", Some("27-0001")).await;
    let id = take_teacher_diagnostic(&app, &teacher, &[]).await;
    let before = result(&app, &teacher, &id).await.result;

    let admin = operator_view(&app, &operator).await;
    assert!(admin.items.len() >= 60);
    let used = admin
        .items
        .iter()
        .find(|r| r.frozen)
        .expect("an item of the finished attempt")
        .clone();
    let unused = admin.items.iter().find(|r| !r.frozen).unwrap().clone();
    let edit = |row: &app::diagnostics::ItemRow, stem: &str| {
        let item = &row.item;
        vec![
            ("form[code]", item.code.clone()),
            ("form[kind]", item.kind.code().to_string()),
            ("form[stem]", stem.to_string()),
            ("form[options]", item.options.join("\n")),
            (
                "form[correct]",
                item.correct
                    .iter()
                    .map(|c| (c + 1).to_string())
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            ("form[accepted]", item.accepted.join("\n")),
            (
                "form[competencies]",
                item.competencies
                    .iter()
                    .map(|c| format!("{}: {}", c.code, c.weight))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            ("form[points]", "1".to_string()),
        ]
    };
    for (row, stem) in [
        (&used, "Новая формулировка"),
        (&unused, "Уточнённая формулировка"),
    ] {
        let mut form: Vec<(&str, String)> = vec![("slug", SLUG.into()), ("id", row.id.clone())];
        form.extend(edit(row, stem));
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let response = app.call::<SaveItem>(&form, &operator).await;
        assert!(
            response.status().is_success(),
            "{}",
            response.text().await.unwrap()
        );
    }
    let admin = operator_view(&app, &operator).await;
    let find = |id: &str| admin.items.iter().find(|r| r.id == id).unwrap();
    assert_eq!(
        (find(&used.id).version, find(&used.id).item.stem.as_str()),
        (2, "Новая формулировка")
    );
    assert_eq!(
        (find(&unused.id).version, find(&unused.id).item.stem.as_str()),
        (1, "Уточнённая формулировка")
    );
    let versions: i64 = sqlx::query_scalar("select count(*) from items where id = $1")
        .bind(Uuid::parse_str(&used.id).unwrap())
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(versions, 2, "the old version is kept");
    assert_eq!(
        result(&app, &teacher, &id).await.result,
        before,
        "stored results never change"
    );

    // A bad edit names its field and changes nothing.
    let response = app
        .call::<SaveItem>(
            &[
                ("slug", SLUG),
                ("form[code]", "X-1"),
                ("form[kind]", "single"),
                ("form[stem]", "Вопрос"),
                ("form[options]", "да\nнет"),
                ("form[correct]", "3"),
                ("form[competencies]", "NPA-1: 1"),
            ],
            &operator,
        )
        .await;
    assert_eq!(response.status(), 400);
    let error: AppError = json(response).await;
    assert!(
        matches!(&error, AppError::Invalid { field, .. } if field == "correct"),
        "{error:?}"
    );
    let response = app
        .call::<SaveItem>(&[("slug", SLUG), ("form[code]", "X-1")], &teacher)
        .await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn an_import_is_all_or_nothing_and_an_export_reimports_unchanged() {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "imp@example.ru", "regional_operator", None).await;
    let count = || async {
        sqlx::query_scalar::<_, i64>(
            "select count(*) from items i join tenants t on t.id = i.tenant_id where t.slug = $1",
        )
        .bind(SLUG)
        .fetch_one(&app.owner)
        .await
        .unwrap()
    };
    let before = count().await;
    let post = |name: &'static str, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
        app.client
            .post(format!("{}/r/{SLUG}/admin/diagnostics/items/import", app.address))
            .header("origin", &app.address)
            .header("cookie", &operator)
            .multipart(form)
            .send()
    };
    let location = |r: &reqwest::Response| {
        let raw = r.headers().get("location").unwrap().to_str().unwrap().to_string();
        percent_decode(&raw)
    };

    let xlsx = app
        .get_with_cookies(
            &format!("/r/{SLUG}/admin/diagnostics/items/export/xlsx"),
            &operator,
        )
        .await;
    assert_eq!(xlsx.status(), 200);
    let response = post("bank.xlsx", xlsx.bytes().await.unwrap().to_vec())
        .await
        .unwrap();
    assert!(
        location(&response).contains("новых 0, изменённых (новые версии) 0"),
        "{}",
        location(&response)
    );

    let good = serde_json::json!([{"code": "NEW-1", "kind": "likert", "stem": "Я планирую уроки вместе с коллегами.",
        "competencies": [{"code": "COM-2", "weight": 1.0}]}]);
    let bad = serde_json::json!([
        {"code": "NEW-2", "kind": "likert", "stem": "Я веду блог.", "competencies": [{"code": "COM-2", "weight": 1.0}]},
        {"code": "NEW-3", "kind": "single", "stem": "?", "options": ["а", "б"], "correct": [5],
         "competencies": [{"code": "COM-2", "weight": 1.0}]}]);
    let response = post("bad.json", serde_json::to_vec(&bad).unwrap()).await.unwrap();
    let message = location(&response);
    assert!(
        message.contains("import_error") && message.contains("Задание № 2") && message.contains("NEW-3"),
        "{message}"
    );
    assert_eq!(count().await, before, "nothing of a bad file is stored");
    let response = post("good.json", serde_json::to_vec(&good).unwrap())
        .await
        .unwrap();
    assert!(location(&response).contains("новых 1"), "{}", location(&response));
    assert_eq!(count().await, before + 1);

    let teacher = person(&app, "imp-t@example.ru", "teacher", "teacher", None).await;
    let response = post("good.json", vec![]).await.unwrap();
    assert_eq!(response.status(), 303);
    let forbidden = app
        .client
        .post(format!("{}/r/{SLUG}/admin/diagnostics/items/import", app.address))
        .header("origin", &app.address)
        .header("cookie", &teacher)
        .multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(b"[]".to_vec()).file_name("a.json"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(forbidden.status(), 403);
}

pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn a_campaign_assigns_the_municipality_and_mails_everyone_it_reaches() {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "camp@example.ru", "regional_operator", None).await;
    let city = person(&app, "city@example.ru", "teacher", "teacher", Some("27-0001")).await;
    person(
        &app,
        "komsomolsk@example.ru",
        "teacher",
        "teacher",
        Some("27-0101"),
    )
    .await;
    let admin = operator_view(&app, &operator).await;
    let instrument = teacher_instrument(&admin);
    let response = app
        .call::<CreateCampaign>(
            &[
                ("slug", SLUG),
                ("form[title]", "Весенняя диагностика"),
                ("form[instrument]", &instrument.id),
                ("form[municipality]", "городской округ «Город Хабаровск»"),
                ("form[positions]", "teacher"),
                ("form[due_at]", "2027-03-31"),
            ],
            &operator,
        )
        .await;
    let assigned: usize = json(response).await;
    assert_eq!(assigned, 1);
    let mails: Vec<(String, String)> =
        sqlx::query_as("select recipient, text_body from outbox where subject = 'Вам назначена диагностика'")
            .fetch_all(&app.owner)
            .await
            .unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].0, "city@example.ru");
    assert!(mails[0].1.contains("31.03.2027") && mails[0].1.contains(&instrument.title));
    let mine: MyDiagnostics = json(app.call::<GetMyDiagnostics>(&[("slug", SLUG)], &city).await).await;
    let card = mine.instruments.iter().find(|i| i.id == instrument.id).unwrap();
    assert!(card.assigned);
    assert_eq!(card.due_at.as_deref(), Some("31.03.2027 23:59"));

    let response = app
        .call::<CreateCampaign>(
            &[
                ("slug", SLUG),
                ("form[title]", "Ошибка"),
                ("form[instrument]", &instrument.id),
                ("form[schools]", "99-9999"),
            ],
            &operator,
        )
        .await;
    assert_eq!(response.status(), 400);
    let error: AppError = json(response).await;
    assert!(error.to_string().contains("99-9999"));
}

#[tokio::test]
async fn item_statistics_follow_the_answers_given() {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "stat@example.ru", "regional_operator", None).await;
    // Six people: a Guttman-like pattern on MET-2 and right answers elsewhere, so MET-2's
    // items are wrong for the first three.
    for n in 0..6 {
        let teacher = person(
            &app,
            &format!("s{n}@example.ru"),
            "teacher",
            "teacher",
            Some("27-0002"),
        )
        .await;
        let weak: &[&str] = if n < 3 { &["MET-2", "PSY-3"] } else { &[] };
        take_teacher_diagnostic(&app, &teacher, weak).await;
    }
    let admin = operator_view(&app, &operator).await;
    let instrument = teacher_instrument(&admin);
    let stats: ItemStatistics = json(
        app.call::<GetItemStatistics>(&[("slug", SLUG), ("instrument", &instrument.id)], &operator)
            .await,
    )
    .await;
    assert_eq!(stats.attempts, 6);
    assert_eq!(stats.items.len(), 66);
    let met2 = stats.items.iter().find(|i| i.code.starts_with("MET-2")).unwrap();
    assert_eq!(met2.answered, 6);
    assert!((met2.facility - 0.5).abs() < 1e-9, "{met2:?}");
    // The people who missed it also missed PSY-3, so it discriminates perfectly.
    assert!((met2.discrimination.unwrap() - 1.0).abs() < 1e-9, "{met2:?}");
    let easy = stats.items.iter().find(|i| i.code.starts_with("NPA-1")).unwrap();
    assert_eq!(easy.facility, 1.0);
    assert!(
        easy.flags.iter().any(|f| f.contains("слишком лёгкое")),
        "{easy:?}"
    );
    let distractors: usize = met2.options.iter().filter(|o| !o.2).map(|o| o.1).sum();
    assert_eq!(distractors, 3, "three wrong choices were made");
    let response = app
        .call::<GetItemStatistics>(
            &[("slug", SLUG), ("instrument", &instrument.id)],
            &signed_in(&app, SLUG, "t@example.ru", "teacher", None).await,
        )
        .await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn the_framework_constructor_validates_and_refuses_to_orphan_items() {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "fw@example.ru", "regional_operator", None).await;
    let edit = |form: Vec<(&'static str, &'static str)>| {
        let mut all = vec![("slug", SLUG)];
        all.extend(form);
        let app = &app;
        let operator = operator.clone();
        async move { app.call::<EditFramework>(&all, &operator).await }
    };
    let response = edit(vec![
        ("edit[op]", "thresholds"),
        ("edit[low]", "70"),
        ("edit[high]", "90"),
    ])
    .await;
    assert!(response.status().is_success());
    let response = edit(vec![
        ("edit[op]", "thresholds"),
        ("edit[low]", "90"),
        ("edit[high]", "70"),
    ])
    .await;
    assert_eq!(response.status(), 400);
    let response = edit(vec![("edit[op]", "remove_competency"), ("edit[code]", "MET-2")]).await;
    assert_eq!(response.status(), 400);
    let error: AppError = json(response).await;
    assert!(error.to_string().contains("MET-2"), "{error}");
    let response = edit(vec![
        ("edit[op]", "competency"),
        ("edit[code]", "DIG-4"),
        ("edit[area]", "DIG"),
        ("edit[title]", "Искусственный интеллект в обучении"),
        ("edit[description]", "Использует ИИ-инструменты"),
        ("edit[deficit_meaning]", "Не может проверить ответы ИИ"),
    ])
    .await;
    assert!(response.status().is_success());
    let response = edit(vec![
        ("edit[op]", "competency"),
        ("edit[code]", "X-1"),
        ("edit[area]", "NOPE"),
        ("edit[title]", "Что-то"),
    ])
    .await;
    assert_eq!(response.status(), 400);
    let admin = operator_view(&app, &operator).await;
    let framework = admin.framework.unwrap();
    assert_eq!(framework.thresholds.low, 0.7);
    assert!(framework.competency("DIG-4").is_some());
    assert!(framework.competency("X-1").is_none());

    // The new thresholds apply to the next result.
    let teacher = person(&app, "fw-t@example.ru", "teacher", "teacher", Some("27-0001")).await;
    let id = take_teacher_diagnostic(&app, &teacher, &[]).await;
    assert_eq!(result(&app, &teacher, &id).await.result.thresholds.high, 0.9);
}
