//! The support summary and a case's exports (issue 17, «Дашборды», «Экспорт»): figures against
//! inserted data (states, road-map completion and overdue activities, the heat map's cells,
//! the movement between two published runs, the share that left the list against the target),
//! a coordinator's municipality only, everyone else refused; the case's PDF and XLSX.

use app::support::dashboard::{GetSupportSummary, SaveSupportTarget, SupportSummary};
use chrono::{Duration as Days, Utc};

use crate::certificates::{json, pdf_text};
use crate::helpers::{signed_in, spawn_app, TestApp};
use crate::support::{curated_case, fixture, Fixture, NANAI, SLUG};
use crate::support_documents::{save, status_and_text};

/// A road map of three activities: one overdue by three days (in progress), one due in five
/// days, one overdue but done.
fn road_map() -> Vec<(String, String)> {
    let today = Utc::now().date_naive();
    let day = |d: i64| (today + Days::days(d)).format("%Y-%m-%d").to_string();
    let activity = |n: usize, title: &str, deadline: String, status: &str| {
        [
            ("title", title.to_string()),
            ("deadline", deadline),
            ("responsible", "Завуч".to_string()),
            ("status", status.to_string()),
        ]
        .into_iter()
        .map(move |(c, v)| (format!("fields[stage1-{n}-{c}]"), v))
    };
    activity(0, "Диагностика дефицитов", day(-3), "in_progress")
        .chain(activity(1, "Семинар наставников", day(5), "planned"))
        .chain(activity(2, "Приказ о рабочей группе", day(-30), "done"))
        .collect()
}

/// Confirms the case's profile directly: every answer scores nothing except the equipment
/// factor's (all at their highest), and the curator sets staff to high.
async fn confirm_profile(app: &TestApp, case: &str) {
    let template: serde_json::Value = serde_json::from_str(app::support::risk::TEMPLATE_500).unwrap();
    let mut answers = serde_json::Map::new();
    for factor in template["factors"].as_array().unwrap() {
        for q in factor["questions"].as_array().unwrap() {
            let last = q["options"].as_array().unwrap().len() - 1;
            let chosen = if factor["code"] == "equipment" { last } else { 0 };
            answers.insert(q["code"].as_str().unwrap().to_string(), chosen.into());
        }
    }
    sqlx::query(
        "insert into support_questionnaires (tenant_id, version, body)
         select tenant_id, 1, $2 from support_cases where id = $1::uuid on conflict do nothing",
    )
    .bind(case)
    .bind(&template)
    .execute(&app.owner)
    .await
    .unwrap();
    sqlx::query(
        "insert into support_profiles (tenant_id, case_id, questionnaire_id, answers, assessment,
                                       submitted_at, confirmed_at)
         select c.tenant_id, c.id, q.id, $2, $3, now(), now()
         from support_cases c join support_questionnaires q on q.tenant_id = c.tenant_id
         where c.id = $1::uuid;
         ",
    )
    .bind(case)
    .bind(serde_json::Value::Object(answers))
    .bind(serde_json::json!({ "staff": { "level": "high", "comment": "Вакансии" } }))
    .execute(&app.owner)
    .await
    .unwrap();
    sqlx::query("update support_cases set state = 'profile_confirmed' where id = $1::uuid")
        .bind(case)
        .execute(&app.owner)
        .await
        .unwrap();
}

/// A later published run of the fixture's configuration: 27-0001 gone from the list, 27-0201
/// still ШНРО, 27-0202 now of stable high results.
async fn publish_next_run(app: &TestApp, f: &Fixture) {
    let school = |code: &str, statuses: &[&str]| serde_json::json!({ "school_id": code, "name": code, "municipality": "", "statuses": statuses, "notes": [] });
    let frozen = serde_json::json!({
        "title": "Методика края 2026", "years": [2025, 2026],
        "labels": [["low_results", "ШНРО"], ["social", "ШНСУ"], ["stable_high", "Стабильно высокие результаты"]],
        "schools": [school("27-0001", &[]), school("27-0201", &["low_results"]), school("27-0202", &["stable_high"])],
    });
    sqlx::query(
        "insert into identification_runs
         select (jsonb_populate_record(null::identification_runs, to_jsonb(r)
                 || jsonb_build_object('id', gen_random_uuid(), 'published_at', r.published_at + interval '1 day',
                                       'published', $2::jsonb))).*
         from identification_runs r where r.id = $1::uuid",
    )
    .bind(&f.run)
    .bind(&frozen)
    .execute(&app.owner)
    .await
    .unwrap();
}

async fn summary(app: &TestApp, cookies: &str) -> SupportSummary {
    json(app.call::<GetSupportSummary>(&[("slug", SLUG)], cookies).await).await
}

/// The fixture's three cases, Троицкое's with a road map and a confirmed profile, and a second
/// published run.
async fn populated(app: &TestApp) -> (Fixture, String) {
    let f = fixture(app).await;
    let case = curated_case(app, &f).await;
    let (status, text) =
        status_and_text(save(app, &f.director, &case, "roadmap", &road_map(), false).await).await;
    assert_eq!(status, 200, "{text}");
    confirm_profile(app, &case).await;
    publish_next_run(app, &f).await;
    (f, case)
}

fn states(s: &SupportSummary) -> Vec<(&str, i64)> {
    s.states.iter().map(|st| (st.code.as_str(), st.cases)).collect()
}

#[tokio::test]
async fn the_summary_counts_states_road_maps_risks_movement_and_schools_that_left_the_list() {
    let app = spawn_app().await;
    let (f, _) = populated(&app).await;
    let s = summary(&app, &f.operator).await;
    assert!(s.operator);
    assert_eq!(s.cases, 3);
    assert_eq!(
        states(&s),
        [("opened", 2), ("profile_submitted", 0), ("profile_confirmed", 1)]
    );
    assert_eq!((s.activities, s.done, s.overdue_total), (3, 1, 1));
    let late = &s.overdue[0];
    assert!(late.school.contains("Троицкое"), "{late:?}");
    assert_eq!((late.activity.as_str(), late.days), ("Диагностика дефицитов", 3));

    let column = s
        .heat
        .municipalities
        .iter()
        .position(|m| m == NANAI)
        .expect("Нанайский");
    assert_eq!(s.heat.profiles[column], 1);
    let high: Vec<(&str, i64)> = s
        .heat
        .rows
        .iter()
        .filter(|r| r.cells[column] > 0)
        .map(|r| (r.factor.as_str(), r.cells[column]))
        .collect();
    assert_eq!(
        high.len(),
        2,
        "equipment by its answers, staff by the curator: {high:?}"
    );
    assert!(high.iter().any(|(f, _)| f.contains("оснащения")), "{high:?}");
    assert_eq!(
        s.heat
            .rows
            .iter()
            .map(|r| r.cells.iter().sum::<i64>())
            .sum::<i64>(),
        2
    );

    let moved = s.movement.expect("two published runs");
    let transitions: Vec<(&str, &str, i64)> = moved
        .transitions
        .iter()
        .map(|t| (t.from.as_str(), t.to.as_str(), t.schools))
        .collect();
    assert_eq!(
        transitions,
        [
            ("ШНРО", "ШНРО", 1),
            ("ШНРО", "без статуса", 1),
            ("ШНСУ", "Стабильно высокие результаты", 1)
        ]
    );
    assert_eq!(
        (s.left.schools, s.left.left, s.left.percent, s.left.target),
        (3, 2, Some(67), 75)
    );
}

#[tokio::test]
async fn a_coordinator_sees_their_municipality_and_the_operator_sets_the_target() {
    let app = spawn_app().await;
    let (f, _) = populated(&app).await;
    let s = summary(&app, &f.coordinator).await;
    assert!(!s.operator);
    assert_eq!(s.scope, NANAI);
    assert_eq!(s.cases, 2, "Троицкое and Джари, not Хабаровск's school");
    assert_eq!(s.heat.municipalities, [NANAI]);
    assert_eq!((s.left.schools, s.left.left, s.left.percent), (2, 1, Some(50)));

    let refused = app
        .call::<SaveSupportTarget>(&[("slug", SLUG), ("left_percent", "60")], &f.coordinator)
        .await;
    assert_eq!(refused.status().as_u16(), 403);
    let (status, text) = status_and_text(
        app.call::<SaveSupportTarget>(&[("slug", SLUG), ("left_percent", "120")], &f.operator)
            .await,
    )
    .await;
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("от 1 до 100"), "{text}");
    assert_eq!(
        summary(&app, &f.operator).await.left.target,
        75,
        "a refused target changes nothing"
    );
    let saved = app
        .call::<SaveSupportTarget>(&[("slug", SLUG), ("left_percent", "60 %")], &f.operator)
        .await;
    assert_eq!(saved.status(), 200);
    assert_eq!(
        summary(&app, &f.coordinator).await.left.target,
        60,
        "a kept summary is built again after the change"
    );
}

#[tokio::test]
async fn curators_directors_teachers_and_other_regions_are_refused_the_summary() {
    let app = spawn_app().await;
    let (f, _) = populated(&app).await;
    let ryazan = signed_in(&app, "ryazan", "op@ryazan.ru", "regional_operator", None).await;
    let lost = signed_in(&app, SLUG, "lost@support.ru", "municipal_coordinator", None).await;
    for (who, cookies) in [
        ("curator", &f.curator),
        ("director", &f.director),
        ("teacher", &f.teacher),
        ("another region", &ryazan),
        ("coordinator without a municipality", &lost),
    ] {
        let status = app
            .call::<GetSupportSummary>(&[("slug", SLUG)], cookies)
            .await
            .status();
        assert_eq!(status.as_u16(), 403, "{who}");
    }
}

async fn download(app: &TestApp, cookies: &str, path: &str) -> (u16, Vec<u8>) {
    let response = app.get_with_cookies(path, cookies).await;
    let status = response.status().as_u16();
    (status, response.bytes().await.unwrap().to_vec())
}

fn part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

#[tokio::test]
async fn the_case_exports_its_documents_as_a_pdf_and_its_road_map_and_risks_as_a_workbook() {
    let app = spawn_app().await;
    let (f, case) = populated(&app).await;
    let (status, pdf) = download(&app, &f.curator, &format!("/r/{SLUG}/support/{case}/export.pdf")).await;
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF"));
    let text = pdf_text(&pdf);
    for part in [
        "Троицкое",
        "Рисковый профиль",
        "Дорожная карта",
        "Диагностика дефицитов",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }

    let (status, book) = download(
        &app,
        &f.operator,
        &format!("/r/{SLUG}/support/{case}/export.xlsx"),
    )
    .await;
    assert_eq!(status, 200);
    let workbook = part(&book, "xl/workbook.xml");
    assert!(
        workbook.contains("Дорожная карта") && workbook.contains("Рисковый профиль"),
        "{workbook}"
    );
    let strings = part(&book, "xl/sharedStrings.xml");
    for column in ru_columns() {
        assert!(strings.contains(column), "{column}");
    }
    assert!(strings.contains("Семинар наставников") && strings.contains("выполняется"));
    let roadmap = part(&book, "xl/worksheets/sheet1.xml");
    assert!(
        roadmap.contains("<row r=\"4\"") && !roadmap.contains("<row r=\"5\""),
        "a header and three activities"
    );
    let risks = part(&book, "xl/worksheets/sheet2.xml");
    assert!(
        risks.contains("<row r=\"11\"") && !risks.contains("<row r=\"12\""),
        "a header and ten factors"
    );

    // The director of another school and another region's operator get nothing.
    let jari = crate::support::director_of(&app, SLUG, "jari@support.ru", "27-0202").await;
    let ryazan = signed_in(&app, "ryazan", "op@ryazan.ru", "regional_operator", None).await;
    for (cookies, slug, expected) in [(&jari, SLUG, 404), (&ryazan, SLUG, 403), (&ryazan, "ryazan", 404)] {
        for format in ["pdf", "xlsx"] {
            let (status, _) = download(
                &app,
                cookies,
                &format!("/r/{slug}/support/{case}/export.{format}"),
            )
            .await;
            assert_eq!(status, expected, "{slug} {format}");
        }
    }
}

fn ru_columns() -> Vec<&'static str> {
    app::i18n::ru::SEXP_ROADMAP_COLUMNS
        .into_iter()
        .chain(app::i18n::ru::SEXP_RISK_COLUMNS)
        .collect()
}
