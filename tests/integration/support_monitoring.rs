//! Monitoring of support cases (issue 17, «Мониторинг и оценка»): a stage's indicators are
//! computed from the school's identification, diagnostics, courses and road map and kept per
//! stage; figures about fewer than five people stay hidden; manual indicators show whether their
//! target is reached; the curator's rubric is validated per criterion; only the case's curator
//! (or the operator) evaluates, and nobody outside the case reads it.

use app::support::monitoring::{
    score_key, AddIndicator, FixStage, GetMonitoring, Monitoring, SaveCriterion, SaveRubric, SaveStage,
    SetIndicatorValue,
};
use uuid::Uuid;

use crate::certificates::json;
use crate::helpers::{run_result, signed_in, spawn_app, user_id, TestApp};
use crate::support::{curated_case, director_of, fixture, teacher_at, Fixture, SLUG};
use crate::support_documents::status_and_text;

const NOT_ENOUGH: &str = "недостаточно данных (n < 5)";

pub(crate) async fn monitoring(app: &TestApp, who: &str, case: &str) -> Monitoring {
    json(
        app.call::<GetMonitoring>(&[("slug", SLUG), ("case", case)], who)
            .await,
    )
    .await
}

async fn fix(app: &TestApp, who: &str, case: &str, stage: &str) -> (u16, String) {
    status_and_text(
        app.call::<FixStage>(&[("slug", SLUG), ("case", case), ("stage", stage)], who)
            .await,
    )
    .await
}

/// The value of indicator `code` in the snapshot of `stage`.
fn value(m: &Monitoring, stage: &str, code: &str) -> (String, Option<bool>) {
    let snapshot = m
        .snapshots
        .iter()
        .find(|s| s.stage_id == stage)
        .expect("a snapshot");
    let f = snapshot.figures.iter().find(|f| f.code == code).expect(code);
    (f.value.clone(), f.reached)
}

async fn school(app: &TestApp, code: &str) -> (Uuid, Uuid) {
    sqlx::query_as("select tenant_id, id from schools where code = $1")
        .bind(code)
        .fetch_one(&app.owner)
        .await
        .unwrap()
}

/// A teacher confirmed at 27-0201, with a finished diagnostic if `diagnosed` and completed
/// courses of `hours` hours (none for 0).
async fn teacher(app: &TestApp, n: usize, diagnosed: bool, hours: i32) {
    let email = format!("mt{n}@support.ru");
    teacher_at(app, &email, "27-0201").await;
    let user = user_id(app, &email).await;
    let (tenant, _) = school(app, "27-0201").await;
    if diagnosed {
        sqlx::query(
            "insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, started_at, finished_at, finished_by, result)
             select $1, id, $2, '{}', '[]', now(), now(), 'person', '{\"competencies\": []}'
             from instruments where tenant_id = $1 limit 1",
        )
        .bind(tenant)
        .bind(user)
        .execute(&app.owner)
        .await
        .unwrap();
    }
    if hours > 0 {
        sqlx::query(
            "insert into enrolments (tenant_id, course_id, user_id, status, completed_via, completed_on, hours)
             values ($1, (select id from courses where tenant_id = $1 and code = 'MON-1'), $2, 'completed', 'admin', '2026-10-01', $3)",
        )
        .bind(tenant)
        .bind(user)
        .bind(hours)
        .execute(&app.owner)
        .await
        .unwrap();
    }
}

async fn course(app: &TestApp) {
    let (tenant, _) = school(app, "27-0201").await;
    sqlx::query(
        "insert into courses (tenant_id, code, title, provider, kind, format, hours)
         values ($1, 'MON-1', 'Формирующее оценивание', 'ХК ИРО', 'soft', 'дистанционно', 36)",
    )
    .bind(tenant)
    .execute(&app.owner)
    .await
    .unwrap();
}

/// A road map with `done` of `total` activities done (the last version counts).
async fn road_map(app: &TestApp, case: &str, done: usize, total: usize, by: Uuid) {
    let rows: Vec<serde_json::Value> = (0..total)
        .map(|n| {
            serde_json::json!({ "title": format!("Мероприятие {n}"), "deadline": "2027-01-15",
            "responsible": "Директор", "status": if n < done { "done" } else { "planned" } })
        })
        .collect();
    let (first, second) = rows.split_at(total / 2);
    let body = serde_json::json!({ "sections": {}, "tables": { "stage1": first, "stage2": second } });
    sqlx::query(
        "with d as (insert into support_documents (tenant_id, case_id, kind)
                    select tenant_id, id, 'roadmap' from support_cases where id = $1::uuid returning tenant_id, id)
         insert into support_document_versions (tenant_id, document_id, version, body, edited_by)
         select tenant_id, id, 1, $2, $3 from d",
    )
    .bind(case)
    .bind(body)
    .bind(by)
    .execute(&app.owner)
    .await
    .unwrap();
}

/// The school's indices in the latest year of the run, straight from the stored result.
async fn run_indices(app: &TestApp, run: &str) -> Vec<String> {
    let result: serde_json::Value = serde_json::from_str(&run_result(app, run).await).unwrap();
    let school = result["schools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["school_id"] == "27-0201")
        .unwrap();
    let years = school["years"].clone();
    let years = years.as_object().unwrap();
    let latest = years.keys().max().unwrap();
    years[latest]
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(code, v)| v["index"].as_f64().map(|i| format!("{code}={i:.2}")))
        .collect()
}

#[tokio::test]
async fn stage_indicators_come_from_the_schools_data_and_are_kept_per_stage() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let case = curated_case(&app, &f).await;
    course(&app).await;
    for n in 0..3 {
        teacher(&app, n, true, 36).await;
    }
    let m = monitoring(&app, &f.curator, &case).await;
    let titles: Vec<&str> = m.stages.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Входной", "Промежуточный", "Итоговый"]);
    assert_eq!(m.criteria.len(), 6);
    assert!(m.can_evaluate && m.can_enter);
    let (entry, middle) = (m.stages[0].id.clone(), m.stages[1].id.clone());

    assert_eq!(fix(&app, &f.curator, &case, &entry).await.0, 200);
    let m = monitoring(&app, &f.director, &case).await;
    // Three teachers, four people with the director: too few for any share or sum.
    assert_eq!(value(&m, &entry, "diagnosed").0, NOT_ENOUGH);
    assert_eq!(value(&m, &entry, "course_hours").0, NOT_ENOUGH);
    assert_eq!(value(&m, &entry, "trained"), ("менее 5".to_string(), Some(false)));
    assert_eq!(value(&m, &entry, "roadmap").0, "дорожная карта не заполнена");
    let mut indices: Vec<String> = m.snapshots[0]
        .figures
        .iter()
        .filter_map(|f| f.code.strip_prefix("index:").map(|c| format!("{c}={}", f.value)))
        .filter(|v| !v.ends_with("нет данных"))
        .collect();
    let mut expected = run_indices(&app, &f.run).await;
    indices.sort();
    expected.sort();
    assert!(!expected.is_empty(), "the run has indices for 27-0201");
    assert_eq!(indices, expected);

    // Three more teachers: six, five of them diagnosed; five people with ≥ 32 hours of courses
    // (one with 20 hours does not count), and half the road map done.
    teacher(&app, 3, true, 36).await;
    teacher(&app, 4, true, 20).await;
    teacher(&app, 5, false, 40).await;
    road_map(&app, &case, 2, 4, user_id(&app, "director@support.ru").await).await;
    assert_eq!(fix(&app, &f.curator, &case, &middle).await.0, 200);
    let m = monitoring(&app, &f.director, &case).await;
    assert_eq!(
        value(&m, &middle, "diagnosed"),
        ("83 % (педагогов: 5–9)".to_string(), Some(false))
    );
    assert_eq!(value(&m, &middle, "course_hours").0, "204 ч");
    assert_eq!(value(&m, &middle, "trained"), ("5–9".to_string(), Some(true)));
    assert_eq!(value(&m, &middle, "roadmap").0, "2 из 4 мероприятий (50 %)");
    assert_eq!(value(&m, &middle, "deficits_closed").0, NOT_ENOUGH);
    assert_eq!(
        value(&m, &entry, "diagnosed").0,
        NOT_ENOUGH,
        "the entry stage keeps what was known then"
    );
}

async fn rubric(
    app: &TestApp,
    who: &str,
    case: &str,
    stage: &str,
    fields: &[(String, String)],
) -> (u16, String) {
    let mut form: Vec<(&str, &str)> = vec![("slug", SLUG), ("case", case), ("stage", stage)];
    form.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    status_and_text(app.call::<SaveRubric>(&form, who).await).await
}

fn scores(m: &Monitoring, given: &[i32]) -> Vec<(String, String)> {
    m.criteria
        .iter()
        .zip(given)
        .flat_map(|(c, s)| {
            let key = score_key(&c.id);
            [
                (format!("scores[{key}]"), s.to_string()),
                (format!("comments[{key}]"), format!("Комментарий к критерию: {s}")),
            ]
        })
        .collect()
}

#[tokio::test]
async fn the_curator_scores_every_criterion_within_its_maximum() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let case = curated_case(&app, &f).await;
    let m = monitoring(&app, &f.curator, &case).await;
    let stage = m.stages[0].id.clone();

    let (status, text) = rubric(&app, &f.curator, &case, &stage, &scores(&m, &[3, 2, 4, 1, 0, 2])).await;
    assert_eq!(status, 400);
    assert!(
        text.contains(&m.criteria[2].title) && text.contains("от 0 до 3"),
        "{text}"
    );
    let (status, text) = rubric(&app, &f.curator, &case, &stage, &scores(&m, &[3, 2, 1])).await;
    assert_eq!(status, 400, "every criterion needs a score");
    assert!(text.contains(&m.criteria[3].title), "{text}");
    assert_eq!(
        rubric(&app, &f.director, &case, &stage, &scores(&m, &[3; 6]))
            .await
            .0,
        403,
        "the school reads the rubric"
    );
    assert!(
        monitoring(&app, &f.curator, &case).await.rubrics.is_empty(),
        "nothing stored"
    );

    assert_eq!(
        rubric(&app, &f.curator, &case, &stage, &scores(&m, &[3, 2, 2, 1, 0, 2]))
            .await
            .0,
        200
    );
    let seen = monitoring(&app, &f.director, &case).await;
    assert!(!seen.can_evaluate && seen.can_enter);
    let r = &seen.rubrics[0];
    assert_eq!((r.stage_id.as_str(), r.total, r.max), (stage.as_str(), 10, 18));
    assert_eq!(r.scores[1].comment, "Комментарий к критерию: 2");

    // The operator cannot lower a maximum below a score given, and the curator edits nothing.
    let form = [
        ("slug", SLUG),
        ("form[id]", m.criteria[0].id.as_str()),
        ("form[title]", m.criteria[0].title.as_str()),
        ("form[max_score]", "2"),
    ];
    let (status, text) = status_and_text(app.call::<SaveCriterion>(&form, &f.operator).await).await;
    assert_eq!(status, 400);
    assert!(text.contains("уже выставлены"), "{text}");
    assert_eq!(app.call::<SaveCriterion>(&form, &f.curator).await.status(), 403);
    let stage_form = [
        ("slug", SLUG),
        ("form[title]", "Дополнительный"),
        ("form[planned_on]", "31.05.2027"),
    ];
    assert_eq!(app.call::<SaveStage>(&stage_form, &f.curator).await.status(), 403);
    assert_eq!(
        app.call::<SaveStage>(&stage_form, &f.operator).await.status(),
        200
    );
    let renamed = [
        ("slug", SLUG),
        ("form[id]", stage.as_str()),
        ("form[title]", "Входной мониторинг"),
        ("form[planned_on]", "2026-09-15"),
    ];
    assert_eq!(app.call::<SaveStage>(&renamed, &f.operator).await.status(), 200);
    let bad_date = [
        ("slug", SLUG),
        ("form[id]", stage.as_str()),
        ("form[title]", "Входной"),
        ("form[planned_on]", "31.02.2027"),
    ];
    let (status, text) = status_and_text(app.call::<SaveStage>(&bad_date, &f.operator).await).await;
    assert!(status == 400 && text.contains("Дата этапа"), "{text}");
    let stages = monitoring(&app, &f.director, &case).await.stages;
    let shown: Vec<(String, Option<String>)> = stages.into_iter().map(|s| (s.title, s.planned_on)).collect();
    assert_eq!(
        shown,
        [
            ("Входной мониторинг".to_string(), Some("15.09.2026".to_string())),
            ("Промежуточный".to_string(), None),
            ("Итоговый".to_string(), None),
            ("Дополнительный".to_string(), Some("31.05.2027".to_string())),
        ]
    );
}

async fn add(app: &TestApp, who: &str, case: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let mut form = vec![("slug", SLUG), ("case", case)];
    form.extend_from_slice(fields);
    status_and_text(app.call::<AddIndicator>(&form, who).await).await
}

const INDICATOR: [(&str, &str); 4] = [
    (
        "form[name]",
        "Доля обучающихся 5–9 классов с отметкой «2» по ВПР по математике",
    ),
    ("form[unit]", "%"),
    ("form[baseline]", "21,4"),
    ("form[target]", "12"),
];

async fn set(app: &TestApp, who: &str, case: &str, indicator: &str, stage: &str, value: &str) -> u16 {
    let form = [
        ("slug", SLUG),
        ("case", case),
        ("form[indicator]", indicator),
        ("form[stage]", stage),
        ("form[value]", value),
    ];
    app.call::<SetIndicatorValue>(&form, who).await.status().as_u16()
}

#[tokio::test]
async fn the_school_keeps_manual_indicators_and_sees_whether_the_target_is_reached() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let case = curated_case(&app, &f).await;
    let (status, text) = add(
        &app,
        &f.director,
        &case,
        &[INDICATOR[0], ("form[target]", "двенадцать")],
    )
    .await;
    assert!(status == 400 && text.contains("Целевое значение"), "{text}");
    assert_eq!(add(&app, &f.director, &case, &INDICATOR).await.0, 200);
    let m = monitoring(&app, &f.curator, &case).await;
    let indicator = &m.manual[0];
    assert_eq!((indicator.baseline, indicator.target), (Some(21.4), 12.0));
    assert_eq!(
        set(&app, &f.director, &case, &indicator.id, &m.stages[0].id, "18,2").await,
        200
    );
    assert_eq!(
        set(&app, &f.director, &case, &indicator.id, &m.stages[1].id, "11.5").await,
        200
    );
    assert_eq!(
        set(&app, &f.director, &case, &indicator.id, "not-a-stage", "1").await,
        400
    );
    let values: Vec<(f64, bool)> = monitoring(&app, &f.director, &case).await.manual[0]
        .values
        .iter()
        .map(|v| (v.value, v.reached))
        .collect();
    assert_eq!(
        values,
        [(18.2, false), (11.5, true)],
        "lower is better: the target is below the baseline"
    );
}

/// Everyone outside the case: another curator, another school's director, a teacher on no team,
/// the partner school's director, another region's operator.
#[tokio::test]
async fn nobody_outside_the_case_reads_or_writes_its_monitoring() {
    let app = spawn_app().await;
    let f: Fixture = fixture(&app).await;
    let case = curated_case(&app, &f).await;
    let stage = monitoring(&app, &f.curator, &case).await.stages[0].id.clone();
    let other_director = director_of(&app, SLUG, "director1@support.ru", "27-0001").await;
    let stranger = signed_in(
        &app,
        "kuzbass",
        "op@kuzbass-monitor.ru",
        "regional_operator",
        None,
    )
    .await;
    for (who, name, expected) in [
        (&f.other_curator, "another curator", 404),
        (&other_director, "another school's director", 404),
        (&f.teacher, "a teacher on no team", 403),
        (&stranger, "another region's operator", 403),
    ] {
        let read = app
            .call::<GetMonitoring>(&[("slug", SLUG), ("case", &case)], who)
            .await
            .status();
        assert_eq!(read.as_u16(), expected, "{name} reads");
        assert_eq!(fix(&app, who, &case, &stage).await.0, expected, "{name} fixes");
        assert_eq!(add(&app, who, &case, &INDICATOR).await.0, expected, "{name} adds");
    }
    assert_eq!(
        fix(&app, &f.director, &case, &stage).await.0,
        403,
        "the school does not fix stages"
    );
    let stored: i64 = sqlx::query_scalar(
        "select (select count(*) from support_stage_snapshots) + (select count(*) from support_manual_indicators)",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(stored, 0);
}
