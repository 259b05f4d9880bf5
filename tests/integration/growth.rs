//! Re-tests and growth (issue 12) through the server's own HTTP interface: the deeper bank of
//! every demo region, a completed route that opens a re-test once, a re-test drawn only from
//! unseen items (subject items only for their teachers), the growth report and its e-mails,
//! nobody else's report, an operator's re-test campaign, and aggregates only for five people.

use std::collections::{HashMap, HashSet};

use app::courses::AcceptRoute;
use app::diagnostics::{
    AttemptView, GetAttempt, GetMyDiagnostics, GroupSize, Item, MyDiagnostics, SaveOutcome, StartAttempt,
};
use app::error::AppError;
use app::growth::{
    GetGrowthAdmin, GetGrowthReport, GetMyGrowth, GrowthAdmin, GrowthReport, MyGrowth, OpenRetests,
};
use uuid::Uuid;

use crate::diagnostics::{finish, json, keys, person, right, saved, take_teacher_diagnostic, wrong};
use crate::helpers::{signed_in, spawn_app, tenant_id, user_id, TestApp};

const SLUG: &str = "khabarovsk";
const TEACHER_INSTRUMENT: &str = "Диагностика профессиональных дефицитов педагога";

async fn mails(app: &TestApp, to: &str, subject: &str) -> Vec<String> {
    sqlx::query_scalar("select text_body from outbox where recipient = $1 and subject = $2")
        .bind(to)
        .bind(subject)
        .fetch_all(&app.owner)
        .await
        .unwrap()
}

pub(crate) async fn my_growth(app: &TestApp, cookies: &str) -> MyGrowth {
    json(app.call::<GetMyGrowth>(&[("slug", SLUG)], cookies).await).await
}

async fn teacher_instrument(app: &TestApp, cookies: &str) -> String {
    let mine: MyDiagnostics = json(app.call::<GetMyDiagnostics>(&[("slug", SLUG)], cookies).await).await;
    mine.instruments
        .iter()
        .find(|i| i.title == TEACHER_INSTRUMENT)
        .unwrap()
        .id
        .clone()
}

/// Starts the re-test through the instrument's ordinary start and answers it: right except the
/// items whose main competency is `weak`; returns the attempt.
pub(crate) async fn take_retest(app: &TestApp, cookies: &str, weak: &[&str]) -> String {
    let instrument = teacher_instrument(app, cookies).await;
    let id: String = json(
        app.call::<StartAttempt>(&[("slug", SLUG), ("instrument", &instrument)], cookies)
            .await,
    )
    .await;
    for (n, (item_id, item)) in keys(app, &id).await.iter().enumerate() {
        let answer = if weak.contains(&item.primary_competency().unwrap()) {
            wrong(item)
        } else {
            right(item)
        };
        assert_eq!(
            saved(app, cookies, &id, item_id, 100 + n as i64, &answer).await,
            SaveOutcome::Saved
        );
    }
    finish(app, cookies, &id).await;
    id
}

/// Marks every course of the person's route completed, as a course administrator would.
pub(crate) async fn complete_route(app: &TestApp, email: &str) {
    sqlx::query(
        "insert into enrolments (tenant_id, course_id, user_id, status, enrolled_at, completed_via, completed_on, hours)
         select i.tenant_id, i.course_id, r.user_id, 'completed', now(), 'admin', current_date, 6
         from route_items i join routes r on r.tenant_id = i.tenant_id and r.id = i.route_id
         join users u on u.id = r.user_id where u.email = $1",
    )
    .bind(email)
    .execute(&app.owner)
    .await
    .unwrap();
}

#[tokio::test]
async fn every_demo_region_has_the_deeper_bank() {
    let app = spawn_app().await;
    let framework = app::diagnostics::templates::framework();
    for slug in ["khabarovsk", "ryazan"] {
        let tenant = tenant_id(&app.owner, slug).await;
        let items: Vec<sqlx::types::Json<Item>> =
            sqlx::query_scalar("select body from items where tenant_id = $1")
                .bind(tenant)
                .fetch_all(&app.owner)
                .await
                .unwrap();
        let subjects: Vec<Option<String>> =
            sqlx::query_scalar("select subject from items where tenant_id = $1")
                .bind(tenant)
                .fetch_all(&app.owner)
                .await
                .unwrap();
        let mut per: HashMap<String, usize> = HashMap::new();
        for item in &items {
            *per.entry(item.primary_competency().unwrap().to_string())
                .or_default() += 1;
        }
        for profile in ["teacher", "director"] {
            let profile = framework.profiles.iter().find(|p| p.position == profile).unwrap();
            for code in &profile.competencies {
                assert!(
                    per.get(code).copied().unwrap_or(0) >= 5,
                    "{slug}: {code} has {:?}",
                    per.get(code)
                );
            }
        }
        for subject in ["математика", "русский язык"] {
            let n = subjects.iter().filter(|s| s.as_deref() == Some(subject)).count();
            assert!(n >= 15, "{slug}: {subject} has {n}");
        }
    }
}

#[tokio::test]
async fn a_completed_route_opens_a_re_test_of_unseen_items_and_its_report_shows_growth() {
    let app = spawn_app().await;
    let email = "grow@example.ru";
    let teacher = person(&app, email, "teacher", "teacher", Some("27-0001")).await;
    sqlx::query("update memberships set subjects = '{Математика}' where user_id = $1")
        .bind(user_id(&app, email).await)
        .execute(&app.owner)
        .await
        .unwrap();
    let first = take_teacher_diagnostic(&app, &teacher, &["MET-2", "PSY-2", "DIG-2"]).await;
    let route: String = json(app.call::<AcceptRoute>(&[("slug", SLUG)], &teacher).await).await;
    assert!(!route.is_empty());

    // The route is not complete yet: nothing opens.
    assert_eq!(my_growth(&app, &teacher).await, MyGrowth::default());
    complete_route(&app, email).await;
    // The cabinet's diagnostics open the re-test of the completed route and announce it.
    let mine: MyDiagnostics = json(app.call::<GetMyDiagnostics>(&[("slug", SLUG)], &teacher).await).await;
    assert_eq!(mine.open_retests, vec![TEACHER_INSTRUMENT.to_string()]);
    let growth = my_growth(&app, &teacher).await;
    assert_eq!(growth.pending.len(), 1, "{growth:?}");
    assert_eq!(growth.pending[0].title, TEACHER_INSTRUMENT);
    // A teacher of mathematics has the subject block's unseen items for every subject competency.
    assert!(growth.pending[0].short.is_empty(), "{growth:?}");
    my_growth(&app, &teacher).await;
    let opened = mails(&app, email, "Повторная диагностика открыта").await;
    assert_eq!(opened.len(), 1, "opened once");
    assert!(opened[0].contains(TEACHER_INSTRUMENT) && opened[0].contains("/r/khabarovsk/growth"));

    let retest = take_retest(&app, &teacher, &["PSY-2"]).await;
    assert_ne!(retest, first);
    let mine: MyDiagnostics = json(app.call::<GetMyDiagnostics>(&[("slug", SLUG)], &teacher).await).await;
    assert!(
        mine.open_retests.is_empty(),
        "a finished re-test is no longer announced"
    );
    let before = keys(&app, &first).await;
    let after = keys(&app, &retest).await;
    let seen: HashSet<&String> = before.iter().map(|(id, _)| id).collect();
    assert!(
        after.iter().all(|(id, _)| !seen.contains(id)),
        "a re-test item was seen before"
    );
    let count = |items: &[(String, Item)]| {
        let mut per: HashMap<String, usize> = HashMap::new();
        for (_, item) in items {
            *per.entry(item.primary_competency().unwrap().to_string())
                .or_default() += 1;
        }
        per
    };
    assert_eq!(
        count(&after),
        count(&before),
        "the same competencies, as many items each"
    );
    assert!(after
        .iter()
        .any(|(_, i)| i.subject.as_deref() == Some("математика")));
    assert!(after
        .iter()
        .all(|(_, i)| i.subject.is_none() || i.subject.as_deref() == Some("математика")));
    // The re-test's payload carries no key either.
    let raw = app
        .call::<GetAttempt>(&[("slug", SLUG), ("id", &retest)], &teacher)
        .await
        .text()
        .await
        .unwrap();
    assert!(!raw.contains("\"correct\"") && !raw.contains("\"accepted\"") && !raw.contains("\"subject\""));
    let view: AttemptView = serde_json::from_str(&raw).unwrap();
    assert!(view.finished);

    // The result e-mail links the growth report instead of the plain result.
    let results = mails(&app, email, "Результаты повторной диагностики").await;
    assert_eq!(results.len(), 1);
    assert!(
        results[0].contains(&format!("/r/khabarovsk/growth/{retest}")),
        "{}",
        results[0]
    );
    assert_eq!(
        mails(&app, email, "Результаты диагностики готовы").await.len(),
        1,
        "only the first attempt's"
    );

    let report: GrowthReport = json(
        app.call::<GetGrowthReport>(&[("slug", SLUG), ("id", &retest)], &teacher)
            .await,
    )
    .await;
    let codes =
        |rows: &[app::growth::CompetencyGrowth]| rows.iter().map(|r| r.code.clone()).collect::<Vec<_>>();
    assert!(report.competencies.len() >= 22, "{}", report.competencies.len());
    assert_eq!(codes(&report.closed), ["MET-2", "DIG-2"]);
    assert_eq!(codes(&report.remaining), ["PSY-2"]);
    assert!(report.not_measured.is_empty());
    assert!(!report.proposal.is_empty(), "a new route for PSY-2");
    assert!(
        report
            .proposal
            .iter()
            .all(|c| c.covers.iter().any(|t| t.contains("Инклюзивное"))),
        "{:?}",
        report.proposal
    );
    let growth = my_growth(&app, &teacher).await;
    assert!(growth.pending.is_empty());
    assert_eq!(growth.reports.len(), 1);
    assert_eq!(growth.reports[0].attempt_id, retest);

    // The page itself: one inline SVG with a title, rendered on the server.
    let page = app
        .get_with_cookies(&format!("/r/{SLUG}/growth/{retest}"), &teacher)
        .await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert_eq!(html.matches("<svg").count(), 1, "one chart");
    assert!(html.contains("class=\"growth-chart\"") && html.contains("<title"));
    assert!(html.contains("Закрытые дефициты"), "{html}");
    assert!(html.contains("Новый маршрут для оставшихся дефицитов"), "{html}");
}

#[tokio::test]
async fn a_report_with_no_deficit_left_proposes_no_new_route() {
    let app = spawn_app().await;
    let email = "closed-all@example.ru";
    let teacher = person(&app, email, "teacher", "teacher", Some("27-0001")).await;
    take_teacher_diagnostic(&app, &teacher, &["MET-2"]).await;
    json::<String>(app.call::<AcceptRoute>(&[("slug", SLUG)], &teacher).await).await;
    complete_route(&app, email).await;
    my_growth(&app, &teacher).await;
    let retest = take_retest(&app, &teacher, &[]).await;

    let html = app
        .get_with_cookies(&format!("/r/{SLUG}/growth/{retest}"), &teacher)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Выраженных дефицитов не осталось."), "{html}");
    // Not «no course closes the remaining deficits»: none remain.
    assert!(!html.contains("Новый маршрут для оставшихся дефицитов"), "{html}");
    assert!(!html.contains("обратитесь к методисту"), "{html}");
}

#[tokio::test]
async fn nobody_else_reads_a_growth_report() {
    let app = spawn_app().await;
    let email = "own@example.ru";
    let teacher = person(&app, email, "teacher", "teacher", Some("27-0001")).await;
    let first = take_teacher_diagnostic(&app, &teacher, &["MET-2"]).await;
    json::<String>(app.call::<AcceptRoute>(&[("slug", SLUG)], &teacher).await).await;
    complete_route(&app, email).await;
    my_growth(&app, &teacher).await;
    let retest = take_retest(&app, &teacher, &[]).await;

    let colleague = person(
        &app,
        "colleague@example.ru",
        "teacher",
        "teacher",
        Some("27-0001"),
    )
    .await;
    let operator = signed_in(&app, SLUG, "op@example.ru", "regional_operator", None).await;
    let ryazan = signed_in(&app, "ryazan", "op@ryazan.ru", "regional_operator", None).await;
    let report = |slug: &'static str, id: String, cookies: String| {
        let app = &app;
        async move {
            app.call::<GetGrowthReport>(&[("slug", slug), ("id", &id)], &cookies)
                .await
                .status()
                .as_u16()
        }
    };
    assert_eq!(report(SLUG, retest.clone(), teacher.clone()).await, 200);
    assert_eq!(report(SLUG, retest.clone(), colleague).await, 404, "a colleague");
    assert_eq!(
        report(SLUG, retest.clone(), operator).await,
        404,
        "even the operator"
    );
    assert_eq!(
        report(SLUG, retest.clone(), ryazan.clone()).await,
        403,
        "another region's operator here"
    );
    assert_eq!(
        report("ryazan", retest.clone(), ryazan).await,
        404,
        "the id from his own region"
    );
    assert_eq!(
        report(SLUG, first, teacher.clone()).await,
        404,
        "a first attempt is no re-test"
    );
    assert_eq!(report(SLUG, retest, String::new()).await, 401);
}

#[tokio::test]
async fn an_operator_opens_re_tests_for_a_group_once_and_the_bank_names_what_it_cannot_measure_again() {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "retest-op@example.ru", "regional_operator", None).await;
    let city = person(&app, "city@example.ru", "teacher", "teacher", Some("27-0001")).await;
    let far = person(&app, "far@example.ru", "teacher", "teacher", Some("27-0101")).await;
    person(&app, "fresh@example.ru", "teacher", "teacher", Some("27-0001")).await;
    take_teacher_diagnostic(&app, &city, &["MET-2"]).await;
    take_teacher_diagnostic(&app, &far, &["MET-2"]).await;
    let admin: GrowthAdmin = json(app.call::<GetGrowthAdmin>(&[("slug", SLUG)], &operator).await).await;
    let instrument = admin
        .instruments
        .iter()
        .find(|(_, t)| t == TEACHER_INSTRUMENT)
        .unwrap()
        .0
        .clone();
    let form = |title: &'static str, municipality: &'static str| {
        vec![
            ("slug", SLUG.to_string()),
            ("form[title]", title.to_string()),
            ("form[instrument]", instrument.clone()),
            ("form[municipality]", municipality.to_string()),
            ("form[positions]", "teacher".to_string()),
        ]
    };
    let call = |fields: Vec<(&'static str, String)>, cookies: &str| {
        let fields: Vec<(&str, String)> = fields;
        let cookies = cookies.to_string();
        let app = &app;
        async move {
            let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call::<OpenRetests>(&borrowed, &cookies).await
        }
    };
    let city_only = form(
        "Повторная диагностика весной",
        "городской округ «Город Хабаровск»",
    );
    assert_eq!(call(city_only.clone(), &city).await.status(), 403, "a teacher");
    let response = call(form(" ", ""), &operator).await;
    assert_eq!(response.status(), 400);
    match json::<AppError>(response).await {
        AppError::Invalid { field, .. } => assert_eq!(field, "form[title]"),
        other => panic!("{other:?}"),
    }
    let opened: usize = json(call(city_only.clone(), &operator).await).await;
    assert_eq!(opened, 1, "only who finished the diagnostic in the municipality");
    assert_eq!(json::<usize>(call(city_only, &operator).await).await, 0, "once");
    assert_eq!(
        json::<usize>(call(form("Весь край", ""), &operator).await).await,
        1,
        "then the other one"
    );
    for (email, n) in [
        ("city@example.ru", 1),
        ("far@example.ru", 1),
        ("fresh@example.ru", 0),
    ] {
        assert_eq!(
            mails(&app, email, "Повторная диагностика открыта").await.len(),
            n,
            "{email}"
        );
    }
    // The instrument shows as assigned; without subjects, the subject competency whose three
    // items without a subject were all seen cannot be measured again, and the cabinet says so.
    let mine: MyDiagnostics = json(app.call::<GetMyDiagnostics>(&[("slug", SLUG)], &city).await).await;
    assert!(mine
        .instruments
        .iter()
        .any(|i| i.title == TEACHER_INSTRUMENT && i.assigned));
    let growth = my_growth(&app, &city).await;
    assert_eq!(growth.pending.len(), 1);
    assert!(
        growth.pending[0]
            .short
            .iter()
            .any(|t| t.contains("Функциональная грамотность")),
        "{growth:?}"
    );
    let retest = take_retest(&app, &city, &[]).await;
    let report: GrowthReport = json(
        app.call::<GetGrowthReport>(&[("slug", SLUG), ("id", &retest)], &city)
            .await,
    )
    .await;
    assert!(
        report.not_measured.iter().any(|r| r.code == "SUB-3"),
        "{:?}",
        report.not_measured
    );
    assert_eq!(
        report.closed.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(),
        ["MET-2"]
    );
}

#[tokio::test]
async fn aggregates_show_closed_deficits_and_course_growth_only_for_five_people() {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "agg-op@example.ru", "regional_operator", None).await;
    let director = person(
        &app,
        "agg-director@example.ru",
        "director",
        "director",
        Some("27-0001"),
    )
    .await;
    let tenant = tenant_id(&app.owner, SLUG).await;
    let course: Uuid = sqlx::query_scalar(
        "select c.id from courses c join course_competencies k on k.tenant_id = c.tenant_id and k.course_id = c.id
         where c.tenant_id = $1 and k.code = 'MET-2' and k.weight >= 0.5 order by c.code limit 1",
    )
    .bind(tenant)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    let mut teachers = Vec::new();
    for n in 0..5 {
        let email = format!("agg{n}@example.ru");
        let cookies = person(&app, &email, "teacher", "teacher", Some("27-0001")).await;
        take_teacher_diagnostic(&app, &cookies, &["MET-2"]).await;
        teachers.push((email, cookies));
    }
    let admin: GrowthAdmin = json(app.call::<GetGrowthAdmin>(&[("slug", SLUG)], &operator).await).await;
    let instrument = admin
        .instruments
        .iter()
        .find(|(_, t)| t == TEACHER_INSTRUMENT)
        .unwrap()
        .0
        .clone();
    assert!(admin.aggregates.by_competency.is_empty());
    let fields = [
        ("slug", SLUG),
        ("form[title]", "Повторная"),
        ("form[instrument]", instrument.as_str()),
    ];
    assert_eq!(
        json::<usize>(app.call::<OpenRetests>(&fields, &operator).await).await,
        5
    );
    for (n, (email, cookies)) in teachers.iter().enumerate() {
        take_retest(&app, cookies, &[]).await;
        sqlx::query(
            "insert into enrolments (tenant_id, course_id, user_id, status, completed_via, completed_on, hours)
             select $1, $2, id, 'completed', 'admin', current_date, 24 from users where email = $3",
        )
        .bind(tenant)
        .bind(course)
        .bind(email)
        .execute(&app.owner)
        .await
        .unwrap();
        let admin: GrowthAdmin = json(app.call::<GetGrowthAdmin>(&[("slug", SLUG)], &operator).await).await;
        let met2 = admin
            .aggregates
            .by_competency
            .iter()
            .find(|s| s.label.contains("Формирующее"));
        if n < 4 {
            assert!(met2.is_none(), "shown for {} people", n + 1);
            assert_eq!(admin.aggregates.people, GroupSize::Under5);
        } else {
            let met2 = met2.expect("MET-2 for five people");
            assert_eq!((met2.people, met2.closed), (GroupSize::From5To9, Some(1.0)));
            let by_course = &admin.aggregates.by_course;
            assert_eq!(by_course.len(), 1, "{by_course:?}");
            assert_eq!(by_course[0].closed, Some(1.0));
            assert!(by_course[0].growth.is_some_and(|g| g > 0.4), "{by_course:?}");
        }
    }
    // The director sees the same for his school; a teacher sees nothing of it.
    let school: app::growth::GrowthAggregates = json(
        app.call::<app::growth::GetSchoolGrowth>(&[("slug", SLUG)], &director)
            .await,
    )
    .await;
    assert_eq!(school.people, GroupSize::From5To9);
    assert!(!school.by_competency.is_empty());
    let teacher = &teachers[0].1;
    assert_eq!(
        app.call::<app::growth::GetSchoolGrowth>(&[("slug", SLUG)], teacher)
            .await
            .status(),
        403
    );
    assert_eq!(
        app.call::<GetGrowthAdmin>(&[("slug", SLUG)], teacher)
            .await
            .status(),
        403
    );
}

/// The hook, end to end: the course administrator's confirmation of the route's last course
/// opens the re-test and mails the person at once, not when the cabinet is next opened.
#[tokio::test]
async fn the_administrators_last_completion_opens_the_re_test_at_once() {
    use app::courses::{CompleteEnrolment, Enrol};
    let app = spawn_app().await;
    let email = "done@example.ru";
    let teacher = person(&app, email, "teacher", "teacher", Some("27-0001")).await;
    let admin = signed_in(&app, SLUG, "courses@khkiro.ru", "course_admin", None).await;
    take_teacher_diagnostic(&app, &teacher, &["MET-2", "PSY-2"]).await;
    let _: String = json(app.call::<AcceptRoute>(&[("slug", SLUG)], &teacher).await).await;
    let me = user_id(&app, email).await;
    let courses: Vec<String> = sqlx::query_scalar(
        "select i.course_id::text from route_items i
         join routes r on r.tenant_id = i.tenant_id and r.id = i.route_id
         where r.user_id = $1 order by i.position",
    )
    .bind(me)
    .fetch_all(&app.owner)
    .await
    .unwrap();
    assert!(!courses.is_empty(), "the route proposes courses");
    for course in &courses {
        assert!(
            mails(&app, email, "Повторная диагностика открыта")
                .await
                .is_empty(),
            "the re-test opened before the route was complete"
        );
        let _: String = json(
            app.call::<Enrol>(&[("slug", SLUG), ("course", course)], &teacher)
                .await,
        )
        .await;
        let enrolment: String =
            sqlx::query_scalar("select id::text from enrolments where course_id = $1::uuid and user_id = $2")
                .bind(course)
                .bind(me)
                .fetch_one(&app.owner)
                .await
                .unwrap();
        let confirmed = app
            .call::<CompleteEnrolment>(
                &[
                    ("slug", SLUG),
                    ("enrolment", &enrolment),
                    ("hours", ""),
                    ("completed_on", "2026-01-15"),
                ],
                &admin,
            )
            .await;
        assert_eq!(confirmed.status(), 200);
    }
    assert_eq!(mails(&app, email, "Повторная диагностика открыта").await.len(), 1);
    let opened: i64 = sqlx::query_scalar(
        "select count(*) from retests where tenant_id = $1 and user_id = $2 and opened_by = 'route'",
    )
    .bind(tenant_id(&app.owner, SLUG).await)
    .bind(me)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(opened, 1);
}
