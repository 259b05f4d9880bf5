//! Courses through the server's own HTTP interface: the operator's catalogue with its
//! permissions, the route proposed from a real finished diagnostic, the person's changes kept
//! in the history, and another person's route refused.

use std::collections::BTreeSet;

use app::courses::{
    AcceptRoute, CourseCatalogue, DeleteCourse, EditRoute, GetCourseCatalogue, GetMyRoute, MyRoute,
    SaveCourse,
};
use app::error::AppError;
use uuid::Uuid;

use crate::diagnostics::{json, person, take_teacher_diagnostic};
use crate::helpers::{signed_in, spawn_app, TestApp};

const SLUG: &str = "khabarovsk";

async fn catalogue(app: &TestApp, operator: &str) -> CourseCatalogue {
    json(app.call::<GetCourseCatalogue>(&[("slug", SLUG)], operator).await).await
}

fn course_form<'a>(code: &'a str, title: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("slug", SLUG),
        ("form[code]", code),
        ("form[title]", title),
        ("form[provider]", "КГБОУ ДПО ХК ИРО"),
        ("form[description]", "Практикум по формирующему оцениванию."),
        ("form[kind]", "soft"),
        ("form[format]", "очно-заочно"),
        ("form[hours]", "24"),
        ("form[capacity]", "20"),
        ("form[audience]", "teacher"),
        ("form[competencies]", "MET-2: 1; PSY-3: 0.3"),
        ("form[link]", "https://example.ru/courses/x"),
    ]
}

#[tokio::test]
async fn operators_manage_their_catalogue_and_nobody_else_can() {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "operator@courses.ru", "regional_operator", None).await;
    let teacher = person(&app, "teacher@courses.ru", "teacher", "teacher", None).await;
    let ryazan = signed_in(&app, "ryazan", "operator@ryazan.ru", "regional_operator", None).await;

    // The demo catalogue: ≥ 25 courses, soft and subject ones, every competency of the framework.
    let demo = catalogue(&app, &operator).await;
    assert!(demo.courses.len() >= 25, "{}", demo.courses.len());
    assert!(demo.courses.iter().filter(|c| c.kind == "soft").count() >= 8);
    for subject in ["математика", "русский язык"] {
        assert!(
            demo.courses
                .iter()
                .filter(|c| c.subject.as_deref() == Some(subject))
                .count()
                >= 3
        );
    }
    for (code, _) in &demo.competencies {
        assert!(
            demo.courses
                .iter()
                .any(|c| c.competencies.iter().any(|(k, _)| k == code)),
            "no demo course develops {code}"
        );
    }

    // Create, refuse a duplicate code on its field, edit, delete.
    let form = course_form("IRO-1", "Формирующее оценивание: практикум");
    let id: String = json(app.call::<SaveCourse>(&form, &operator).await).await;
    let duplicate = app.call::<SaveCourse>(&form, &operator).await;
    assert_eq!(duplicate.status(), 400);
    match json::<AppError>(duplicate).await {
        AppError::Invalid { field, .. } => assert_eq!(field, "form[code]"),
        other => panic!("{other:?}"),
    }
    let mut edited = course_form("IRO-1", "Формирующее оценивание: углублённый практикум");
    edited.push(("id", &id));
    let saved: String = json(app.call::<SaveCourse>(&edited, &operator).await).await;
    assert_eq!(saved, id);
    let now = catalogue(&app, &operator).await;
    let course = now.courses.iter().find(|c| c.id == id).expect("the new course");
    assert_eq!(course.title, "Формирующее оценивание: углублённый практикум");
    assert_eq!(course.capacity, Some(20));
    assert_eq!(
        course.competencies,
        [("MET-2".to_string(), 1.0), ("PSY-3".to_string(), 0.3)]
    );
    let bad = app
        .call::<SaveCourse>(
            &course_form("IRO-2", "Без компетенций")
                .iter()
                .map(|(k, v)| {
                    (
                        *k,
                        if *k == "form[competencies]" {
                            "NOPE-1: 1"
                        } else {
                            *v
                        },
                    )
                })
                .collect::<Vec<_>>(),
            &operator,
        )
        .await;
    assert_eq!(bad.status(), 400);

    // A teacher may not edit; another region's operator may not see or touch it.
    assert_eq!(app.call::<SaveCourse>(&edited, &teacher).await.status(), 403);
    assert_eq!(
        app.call::<DeleteCourse>(&[("slug", SLUG), ("id", &id)], &teacher)
            .await
            .status(),
        403
    );
    assert_eq!(
        app.call::<GetCourseCatalogue>(&[("slug", SLUG)], &teacher)
            .await
            .status(),
        403
    );
    assert_eq!(
        app.call::<GetCourseCatalogue>(&[("slug", SLUG)], &ryazan)
            .await
            .status(),
        403
    );
    let mut from_ryazan = edited.clone();
    from_ryazan[0] = ("slug", "ryazan");
    assert_eq!(app.call::<SaveCourse>(&from_ryazan, &ryazan).await.status(), 404);
    assert_eq!(
        app.call::<DeleteCourse>(&[("slug", "ryazan"), ("id", &id)], &ryazan)
            .await
            .status(),
        404
    );
    let theirs: CourseCatalogue = json(
        app.call::<GetCourseCatalogue>(&[("slug", "ryazan")], &ryazan)
            .await,
    )
    .await;
    assert!(theirs.courses.len() >= 25 && theirs.courses.iter().all(|c| c.id != id));

    let page = app
        .get_with_cookies("/r/khabarovsk/admin/courses", &operator)
        .await;
    assert_eq!(page.status(), 200);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("Формирующее оценивание: углублённый практикум"));
    let deleted = app
        .call::<DeleteCourse>(&[("slug", SLUG), ("id", &id)], &operator)
        .await;
    assert!(deleted.status().is_success(), "{}", deleted.status());
    assert!(catalogue(&app, &operator)
        .await
        .courses
        .iter()
        .all(|c| c.id != id));
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action in ('course_created', 'course_edited', 'course_deleted')",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(audited, 3);
}

async fn my_route(app: &TestApp, cookies: &str) -> MyRoute {
    json(app.call::<GetMyRoute>(&[("slug", SLUG)], cookies).await).await
}

async fn set_subjects(app: &TestApp, email: &str, subjects: &[&str]) {
    sqlx::query(
        "update memberships m set subjects = $2 from users u where u.id = m.user_id and u.email = $1",
    )
    .bind(email)
    .bind(subjects.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    .execute(&app.owner)
    .await
    .unwrap();
}

const WEAK: [&str; 4] = ["MET-1", "MET-2", "PSY-2", "SUB-1"];

#[tokio::test]
async fn the_proposal_from_a_finished_diagnostic_covers_the_deficits_and_says_why() {
    let app = spawn_app().await;
    let teacher = person(&app, "maths@courses.ru", "teacher", "teacher", None).await;
    set_subjects(&app, "maths@courses.ru", &["математика"]).await;
    let before = my_route(&app, &teacher).await;
    assert!(before.based_on.is_none() && before.courses.is_empty());

    take_teacher_diagnostic(&app, &teacher, &WEAK).await;
    let route = my_route(&app, &teacher).await;
    assert!(route.route_id.is_none(), "only proposed until accepted");
    assert!(route.based_on.is_some());
    let covered: BTreeSet<&str> = route
        .courses
        .iter()
        .flat_map(|c| c.covers.iter().map(|d| d.code.as_str()))
        .collect();
    assert_eq!(covered, WEAK.into_iter().collect(), "{route:?}");
    assert!(route.uncovered.is_empty());
    assert!(route.courses.len() <= WEAK.len());
    for course in &route.courses {
        let why = course.explanation();
        assert!(why.starts_with("закрывает: ") && why.contains("(0 %)"), "{why}");
    }
    let subject: Vec<_> = route.courses.iter().filter(|c| c.is_subject()).collect();
    assert_eq!(subject.len(), 1);
    assert_eq!(subject[0].course.subject.as_deref(), Some("математика"));

    // The page says the same, in the two groups.
    let page = app.get_with_cookies("/r/khabarovsk/route", &teacher).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    for text in [
        "Предлагаемый маршрут",
        "Надпредметные курсы",
        "Предметные курсы",
        "закрывает: ",
        "Принять маршрут",
    ] {
        assert!(html.contains(text), "the route page lacks «{text}»");
    }

    // A physics teacher: no subject course of theirs, so the subject deficit is reported.
    let physics = person(&app, "physics@courses.ru", "teacher", "teacher", None).await;
    set_subjects(&app, "physics@courses.ru", &["физика"]).await;
    take_teacher_diagnostic(&app, &physics, &WEAK).await;
    let route = my_route(&app, &physics).await;
    let uncovered: Vec<&str> = route.uncovered.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(uncovered, ["SUB-1"]);
    assert!(route.courses.iter().all(|c| !c.is_subject()));
}

#[tokio::test]
async fn the_person_owns_the_route_every_change_is_kept_and_nobody_else_touches_it() {
    let app = spawn_app().await;
    let teacher = person(&app, "owner@courses.ru", "teacher", "teacher", None).await;
    set_subjects(&app, "owner@courses.ru", &["математика"]).await;
    let other = person(&app, "other@courses.ru", "teacher", "teacher", None).await;
    take_teacher_diagnostic(&app, &teacher, &WEAK).await;

    let route_id: String = json(app.call::<AcceptRoute>(&[("slug", SLUG)], &teacher).await).await;
    let route = my_route(&app, &teacher).await;
    assert_eq!(route.route_id.as_deref(), Some(route_id.as_str()));
    let edit = |op: &'static str, course: &str, with: &str, cookies: &str| {
        let form = [
            ("slug", SLUG.to_string()),
            ("route", route_id.clone()),
            ("edit[op]", op.to_string()),
            ("edit[course]", course.to_string()),
            ("edit[with]", with.to_string()),
            ("edit[planned_start]", "2027-01-10".to_string()),
            ("edit[planned_end]", "2027-02-20".to_string()),
        ];
        let (app, cookies) = (&app, cookies.to_string());
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call::<EditRoute>(&form, &cookies).await.status().as_u16()
        }
    };

    // Another teacher names this route: refused, and nothing changes.
    let first = route.courses[0].course.id.clone();
    assert_eq!(edit("remove", &first, "", &other).await, 404);
    let other_view = my_route(&app, &other).await;
    assert!(other_view.route_id.is_none() && other_view.courses.is_empty());

    // Replace a course with an alternative closing the same deficits.
    let replaceable = route
        .courses
        .iter()
        .find(|c| !c.alternatives.is_empty())
        .expect("a course with an alternative");
    let (old, new) = (
        replaceable.course.id.clone(),
        replaceable.alternatives[0].0.clone(),
    );
    assert_eq!(edit("replace", &old, &new, &teacher).await, 200);
    // Plan it, remove another, add one from the catalogue.
    assert_eq!(edit("plan", &new, "", &teacher).await, 200);
    let removed = route.courses.iter().find(|c| c.course.id != old).unwrap();
    assert_eq!(edit("remove", &removed.course.id, "", &teacher).await, 200);
    let added = route.catalogue[0].0.clone();
    assert_eq!(edit("add", "", &added, &teacher).await, 200);
    assert_eq!(edit("add", "", &added, &teacher).await, 400);

    let now = my_route(&app, &teacher).await;
    let ids: Vec<&str> = now.courses.iter().map(|c| c.course.id.as_str()).collect();
    assert!(ids.contains(&new.as_str()) && ids.contains(&added.as_str()));
    assert!(!ids.contains(&old.as_str()) && !ids.contains(&removed.course.id.as_str()));
    let planned = now.courses.iter().find(|c| c.course.id == new).unwrap();
    assert_eq!(planned.planned_start.as_deref(), Some("2027-01-10"));
    let actions: Vec<&str> = now.history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions, ["added", "removed", "planned", "replaced", "accepted"]);
    assert!(now.history[3].replaced_by.is_some());
    // The removed course's deficits are covered by what remains, or named as not covered.
    for deficit in &removed.covers {
        let still = now
            .courses
            .iter()
            .any(|c| c.covers.iter().any(|d| d.code == deficit.code));
        assert!(
            still || now.uncovered.iter().any(|d| d.code == deficit.code),
            "{}",
            deficit.code
        );
    }

    // The history is append-only for the application.
    let tenant = crate::helpers::tenant_id(&app.owner, SLUG).await;
    let rows: i64 =
        sqlx::query_scalar("select count(*) from route_history where tenant_id = $1 and route_id = $2")
            .bind(tenant)
            .bind(Uuid::parse_str(&route_id).unwrap())
            .fetch_one(&app.owner)
            .await
            .unwrap();
    assert_eq!(rows, 5);
    let privileges: bool =
        sqlx::query_scalar("select has_table_privilege('rost_app', 'route_history', 'UPDATE')")
            .fetch_one(&app.owner)
            .await
            .unwrap();
    assert!(!privileges);
}
