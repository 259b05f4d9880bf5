//! Dashboards (issue 15) against a hand-computed fixture: a municipality of its own in
//! Khabarovsk («Тестовый округ», schools Альфа, Бета, Гамма) whose people, attempts,
//! re-tests, enrolments and certificates are written here, so every figure below was worked
//! out by hand from them; the demo data elsewhere in the region does not move them.
//!
//! Альфа (staff 20): director D, teachers t1–t7 (t1–t6 started, t1–t5 finished), a pending
//! t8 who does not count. Бета (staff 8): teachers u1–u3, all finished. Гамма: no staff
//! number, nobody. The coordinator of the municipality has no school.
//! First attempts: DX-1 0.3 for t1, t2 and 0.9 for everyone else; DX-2 0.4 for everyone.
//! Re-tests of t1–t5 and u1: DX-1 unchanged, DX-2 0.7, 0.7, 0.7, 0.65, 0.5 (t1–t5), 0.5 (u1).

use app::dashboards::{CoverageRow, Dashboard, GetDashboard, ScopeKind};
use app::diagnostics::GroupSize;
use uuid::Uuid;

use crate::diagnostics::json;
use crate::helpers::{signed_in, spawn_app, tenant_id, TestApp};

pub(crate) const SLUG: &str = "khabarovsk";

/// (group, enrolled, completed, completion, hours) of an uptake row.
type Uptake<'a> = (&'a str, GroupSize, GroupSize, Option<f64>, Option<i64>);
/// (label, target, actual, met) of a KPI.
type KpiText<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<bool>);
pub(crate) const MUNICIPALITY: &str = "Тестовый округ";

pub(crate) struct Fixture {
    pub operator: String,
    pub coordinator: String,
    pub alfa_director: String,
    pub beta_director: String,
}

async fn exec(app: &TestApp, sql: &str, binds: &[Uuid]) {
    let mut query = sqlx::query(sql);
    for b in binds {
        query = query.bind(*b);
    }
    query
        .execute(&app.owner)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn school(
    app: &TestApp,
    tenant: Uuid,
    municipality: Uuid,
    code: &str,
    name: &str,
    staff: Option<i32>,
) -> Uuid {
    sqlx::query_scalar(
        "insert into schools (tenant_id, code, name, municipality_id, school_group, is_rural, staff_count)
         values ($1, $2, $3, $4, 'secondary', false, $5) returning id",
    )
    .bind(tenant)
    .bind(code)
    .bind(name)
    .bind(municipality)
    .bind(staff)
    .fetch_one(&app.owner)
    .await
    .unwrap()
}

/// A member who never signs in: position, school and its confirmation.
async fn member(app: &TestApp, tenant: Uuid, email: &str, school: Uuid, status: &str) -> Uuid {
    let user: Uuid = sqlx::query_scalar(
        "insert into users (email, password_hash, full_name, email_confirmed_at)
         values ($1, 'x', 'Педагог Фикстуры', now()) returning id",
    )
    .bind(email)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    sqlx::query(
        "insert into memberships (tenant_id, user_id, position, school_id, school_status)
         values ($1, $2, 'teacher', $3, $4)",
    )
    .bind(tenant)
    .bind(user)
    .bind(school)
    .bind(status)
    .execute(&app.owner)
    .await
    .unwrap();
    user
}

/// A finished attempt's result JSON with these competency scores (levels by the 0.6 / 0.8 thresholds).
pub(crate) fn result(scores: &[(&str, f64)]) -> serde_json::Value {
    let competencies: Vec<serde_json::Value> = scores
        .iter()
        .map(|(code, score)| {
            let level = if *score < 0.6 {
                "pronounced"
            } else if *score <= 0.8 {
                "partial"
            } else {
                "minimal"
            };
            serde_json::json!({
                "code": code, "title": format!("Компетенция {code}"), "area": "DX", "score": score,
                "level": level, "description": "", "deficit_meaning": "",
            })
        })
        .collect();
    serde_json::json!({
        "points": 0.0, "max_points": 0.0, "thresholds": { "low": 0.6, "high": 0.8 },
        "competencies": competencies, "deficits": [],
    })
}

/// An attempt finished `age` days ago with these scores (or unfinished with `None`).
async fn attempt(
    app: &TestApp,
    tenant: Uuid,
    user: Uuid,
    scores: Option<&[(&str, f64)]>,
    retest_of: Option<Uuid>,
    age: i32,
) -> Uuid {
    let instrument: Uuid = sqlx::query_scalar("select id from instruments where tenant_id = $1 limit 1")
        .bind(tenant)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    sqlx::query_scalar(
        "insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, started_at, finished_at,
                               finished_by, result, retest_of)
         values ($1, $2, $3, '{}', '[]', now() - make_interval(days => $4 + 1),
                 case when $5::jsonb is not null then now() - make_interval(days => $4) end,
                 case when $5::jsonb is not null then 'person' end, $5, $6)
         returning id",
    )
    .bind(tenant)
    .bind(instrument)
    .bind(user)
    .bind(age)
    .bind(scores.map(result))
    .bind(retest_of)
    .fetch_one(&app.owner)
    .await
    .unwrap()
}

async fn enrol(app: &TestApp, tenant: Uuid, course: Uuid, user: Uuid, status: &str, hours: Option<i32>) {
    sqlx::query(
        "insert into enrolments (tenant_id, course_id, user_id, status, completed_via, completed_on, hours)
         values ($1, $2, $3, $4, case when $5::int is not null then 'admin' end,
                 case when $5::int is not null then current_date end, $5)",
    )
    .bind(tenant)
    .bind(course)
    .bind(user)
    .bind(status)
    .bind(hours)
    .execute(&app.owner)
    .await
    .unwrap();
}

async fn certificate(app: &TestApp, tenant: Uuid, user: Uuid, n: usize, revoked: bool) {
    sqlx::query(
        "insert into certificates (tenant_id, number, user_id, full_name, programme, hours, dates, competencies,
                                   reason, pdf, sha256, jwt, revoked_at, revoke_category)
         values ($1, $2, $3, 'Педагог', 'Программа', 36, '2026', '', 'проверка', '\\x00', repeat('a', 64), 'x',
                 case when $4 then now() end, case when $4 then 'error' end)",
    )
    .bind(tenant)
    .bind(format!("27-2026-9{n:05}"))
    .bind(user)
    .bind(revoked)
    .execute(&app.owner)
    .await
    .unwrap();
}

/// A reader with `role`, placed at `school` as its director when given.
async fn reader(
    app: &TestApp,
    email: &str,
    role: &str,
    municipality: Option<&str>,
    school: Option<Uuid>,
) -> String {
    let cookies = signed_in(app, SLUG, email, role, municipality).await;
    if let Some(school) = school {
        sqlx::query(
            "update memberships m set position = 'director', school_id = $2, school_status = 'confirmed'
             from users u where u.id = m.user_id and u.email = $1",
        )
        .bind(email)
        .bind(school)
        .execute(&app.owner)
        .await
        .unwrap();
    }
    cookies
}

pub(crate) async fn fixture(app: &TestApp) -> Fixture {
    let tenant = tenant_id(&app.owner, SLUG).await;
    let municipality: Uuid = sqlx::query_scalar(
        "insert into municipalities (tenant_id, code, name, kind) values ($1, 'test-dash', $2, 'городской округ')
         returning id",
    )
    .bind(tenant)
    .bind(MUNICIPALITY)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    let alfa = school(app, tenant, municipality, "T-1", "Школа Альфа", Some(20)).await;
    let beta = school(app, tenant, municipality, "T-2", "Школа Бета", Some(8)).await;
    school(app, tenant, municipality, "T-3", "Школа Гамма", None).await;
    let course: Uuid = sqlx::query_scalar(
        "insert into courses (tenant_id, code, title, provider, kind, format, hours)
         values ($1, 'DX-K1', 'Курс по компетенции DX-2', 'ХК ИРО', 'soft', 'дистанционно', 36) returning id",
    )
    .bind(tenant)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    exec(
        app,
        "insert into course_competencies (tenant_id, course_id, code, weight) values ($1, $2, 'DX-2', 1.0)",
        &[tenant, course],
    )
    .await;

    let mut t = Vec::new();
    for n in 1..=7 {
        t.push(member(app, tenant, &format!("t{n}@dash.ru"), alfa, "confirmed").await);
    }
    let pending = member(app, tenant, "t8@dash.ru", alfa, "pending").await;
    let mut u = Vec::new();
    for n in 1..=3 {
        u.push(member(app, tenant, &format!("u{n}@dash.ru"), beta, "confirmed").await);
    }
    // The pending teacher's finished attempt counts nowhere.
    attempt(
        app,
        tenant,
        pending,
        Some(&[("DX-1", 0.1), ("DX-2", 0.1)]),
        None,
        9,
    )
    .await;
    let after = [0.7, 0.7, 0.7, 0.65, 0.5];
    for (n, user) in t.iter().enumerate().take(5) {
        let dx1 = if n < 2 { 0.3 } else { 0.9 };
        let first = attempt(app, tenant, *user, Some(&[("DX-1", dx1), ("DX-2", 0.4)]), None, 9).await;
        attempt(
            app,
            tenant,
            *user,
            Some(&[("DX-1", dx1), ("DX-2", after[n])]),
            Some(first),
            2,
        )
        .await;
    }
    attempt(app, tenant, t[5], None, None, 1).await;
    for (n, user) in u.iter().enumerate() {
        let first = attempt(app, tenant, *user, Some(&[("DX-1", 0.9), ("DX-2", 0.4)]), None, 9).await;
        if n == 0 {
            attempt(
                app,
                tenant,
                *user,
                Some(&[("DX-1", 0.9), ("DX-2", 0.5)]),
                Some(first),
                2,
            )
            .await;
        }
    }
    for (n, hours) in [36, 36, 36, 36, 72].into_iter().enumerate() {
        enrol(app, tenant, course, t[n], "completed", Some(hours)).await;
        certificate(app, tenant, t[n], n, n == 4).await;
    }
    enrol(app, tenant, course, t[5], "enrolled", None).await;
    enrol(app, tenant, course, u[0], "completed", Some(16)).await;
    enrol(app, tenant, course, u[1], "waiting", None).await;

    Fixture {
        operator: reader(app, "op@dash.ru", "regional_operator", None, None).await,
        coordinator: reader(
            app,
            "mo@dash.ru",
            "municipal_coordinator",
            Some(MUNICIPALITY),
            None,
        )
        .await,
        alfa_director: reader(app, "alfa@dash.ru", "director", None, Some(alfa)).await,
        beta_director: reader(app, "beta@dash.ru", "director", None, Some(beta)).await,
    }
}

pub(crate) async fn dashboard(app: &TestApp, cookies: &str, municipality: Option<&str>) -> Dashboard {
    let mut form = vec![("slug", SLUG)];
    if let Some(m) = municipality {
        form.push(("municipality", m));
    }
    json(app.call::<GetDashboard>(&form, cookies).await).await
}

fn row<'a>(rows: &'a [CoverageRow], label: &str) -> &'a CoverageRow {
    rows.iter()
        .find(|r| r.label == label)
        .unwrap_or_else(|| panic!("no row «{label}» in {rows:?}"))
}

fn coverage(
    staff: Option<i64>,
    bands: [GroupSize; 3],
    shares: (Option<f64>, Option<f64>),
    label: &str,
) -> CoverageRow {
    CoverageRow {
        label: label.into(),
        staff,
        registered: bands[0],
        started: bands[1],
        finished: bands[2],
        of_registered: shares.0,
        of_staff: shares.1,
    }
}

#[tokio::test]
async fn a_municipality_dashboard_shows_the_hand_computed_figures_to_its_coordinator_and_the_operator() {
    use GroupSize::*;
    let app = spawn_app().await;
    let f = fixture(&app).await;
    // The coordinator names another municipality: his own is what he gets.
    let d = dashboard(&app, &f.coordinator, Some("Нанайский муниципальный район")).await;
    assert_eq!(
        (d.kind, d.scope.as_str()),
        (ScopeKind::Municipality, MUNICIPALITY)
    );
    assert!(d.municipalities.is_empty(), "only an operator may narrow");
    // Альфа: 8 registered (the director and t1–t7), 6 started, 5 finished: 5/8 and 5/20.
    assert_eq!(
        row(&d.coverage, "Школа Альфа"),
        &coverage(Some(20), [From5To9; 3], (Some(0.63), Some(0.25)), "Школа Альфа")
    );
    assert_eq!(
        row(&d.coverage, "Школа Бета"),
        &coverage(Some(8), [Under5; 3], (None, None), "Школа Бета")
    );
    assert_eq!(
        row(&d.coverage, "Школа Гамма"),
        &coverage(None, [Under5; 3], (None, None), "Школа Гамма")
    );
    // 13 registered (Бета's director and the coordinator too), 9 started, 8 finished: 8/13, 8/28.
    assert_eq!(
        d.total,
        coverage(
            Some(28),
            [From10To19, From5To9, From5To9],
            (Some(0.62), Some(0.29)),
            "Всего"
        )
    );
    // Ten teachers (9 started, 8 finished), one director, one methodologist.
    assert_eq!(
        row(&d.positions, "Учитель"),
        &coverage(
            None,
            [From10To19, From5To9, From5To9],
            (Some(0.8), None),
            "Учитель"
        )
    );
    assert_eq!(row(&d.positions, "Директор").registered, Under5);

    // Latest measurements in Альфа: DX-1 2 of 5, DX-2 only t5 (0.5) of 5; Бета is 3 people.
    assert_eq!(d.deficits.groups, ["Школа Альфа", "Школа Бета"]);
    let heat: Vec<(&str, Vec<Option<f64>>)> = d
        .deficits
        .rows
        .iter()
        .map(|r| (r.code.as_str(), r.cells.iter().map(|c| c.share).collect()))
        .collect();
    assert_eq!(
        heat,
        [("DX-1", vec![Some(0.4), None]), ("DX-2", vec![Some(0.2), None])]
    );
    assert_eq!(d.deficits.rows[1].courses[0].title, "Курс по компетенции DX-2");
    assert!(d.deficits.rows[0].courses.is_empty());

    // Re-tested with a DX-2 deficit: t1–t5 and u1, closed by t1–t4; DX-1 had only two.
    assert_eq!(d.growth_people, From5To9);
    let growth: Vec<(&str, GroupSize, Option<f64>)> = d
        .growth
        .iter()
        .map(|g| (g.label.as_str(), g.people, g.closed))
        .collect();
    assert_eq!(
        growth,
        [
            ("Компетенция DX-1", Under5, None),
            ("Компетенция DX-2", From5To9, Some(0.67))
        ]
    );

    // Альфа: 6 enrolled, 5 completed, 216 hours; Бета: u1 only (u2 waits).
    let uptake: Vec<Uptake> = d
        .uptake
        .iter()
        .map(|u| (u.label.as_str(), u.enrolled, u.completed, u.completion, u.hours))
        .collect();
    assert_eq!(
        uptake,
        [
            ("Школа Альфа", From5To9, From5To9, Some(0.83), Some(216)),
            ("Школа Бета", Under5, Under5, None, None)
        ]
    );
    let certificates: Vec<(&str, GroupSize, GroupSize)> = d
        .certificates
        .iter()
        .map(|c| (c.label.as_str(), c.issued, c.revoked))
        .collect();
    assert_eq!(certificates, [("Школа Альфа", From5To9, Under5)]);

    // The operator narrowed to the municipality sees the same; the region has it as one row.
    let narrowed = dashboard(&app, &f.operator, Some(MUNICIPALITY)).await;
    assert_eq!(narrowed.coverage, d.coverage);
    assert_eq!(narrowed.deficits, d.deficits);
    assert_eq!(narrowed.uptake, d.uptake);
    assert!(!narrowed.municipalities.is_empty());
    let region = dashboard(&app, &f.operator, None).await;
    assert_eq!(region.kind, ScopeKind::Region);
    let mut municipality = d.total.clone();
    municipality.label = MUNICIPALITY.into();
    assert_eq!(row(&region.coverage, MUNICIPALITY), &municipality);
    let unknown = app
        .call::<GetDashboard>(&[("slug", SLUG), ("municipality", "Нет такого")], &f.operator)
        .await;
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn a_director_sees_his_school_by_position_and_nothing_of_a_group_under_five() {
    use GroupSize::*;
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let d = dashboard(&app, &f.alfa_director, Some(MUNICIPALITY)).await;
    assert_eq!((d.kind, d.scope.as_str()), (ScopeKind::School, "Школа Альфа"));
    assert_eq!(
        d.total,
        coverage(Some(20), [From5To9; 3], (Some(0.63), Some(0.25)), "Всего")
    );
    assert_eq!(
        row(&d.coverage, "Учитель"),
        &coverage(None, [From5To9; 3], (Some(0.71), None), "Учитель")
    );
    assert!(d.coverage.iter().all(|r| r.label != "Школа Бета"));
    let heat: Vec<Option<f64>> = d.deficits.rows.iter().map(|r| r.cells[0].share).collect();
    assert_eq!(d.deficits.groups, ["Учитель"]);
    assert_eq!(heat, [Some(0.4), Some(0.2)]);
    // His school's re-tests: five with a DX-2 deficit, four closed.
    let dx2 = d.growth.iter().find(|g| g.label == "Компетенция DX-2").unwrap();
    assert_eq!((dx2.people, dx2.closed), (From5To9, Some(0.8)));

    // Бета has four people with its director: bands only, no share, no score.
    let beta = dashboard(&app, &f.beta_director, None).await;
    assert_eq!(beta.scope, "Школа Бета");
    assert_eq!(beta.total, coverage(Some(8), [Under5; 3], (None, None), "Всего"));
    assert!(beta
        .deficits
        .rows
        .iter()
        .all(|r| r.cells.iter().all(|c| c.share.is_none())));
    assert!(
        beta.growth.is_empty()
            && beta
                .uptake
                .iter()
                .all(|u| u.completion.is_none() && u.hours.is_none())
    );
}

#[tokio::test]
async fn readers_without_a_dashboard_role_or_from_another_region_are_refused() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let teacher = signed_in(&app, SLUG, "teacher@dash.ru", "teacher", None).await;
    let ryazan = signed_in(&app, "ryazan", "op@ryazan-dash.ru", "regional_operator", None).await;
    for (cookies, status) in [(teacher.as_str(), 403), (ryazan.as_str(), 403), ("", 401)] {
        let response = app.call::<GetDashboard>(&[("slug", SLUG)], cookies).await;
        assert_eq!(response.status().as_u16(), status);
        let export = app
            .get_with_cookies(&format!("/r/{SLUG}/dashboard/export/coverage/csv"), cookies)
            .await;
        assert_eq!(export.status().as_u16(), status);
    }
    // A coordinator without a municipality has no scope.
    let lost = signed_in(&app, SLUG, "lost@dash.ru", "municipal_coordinator", None).await;
    let response = app.call::<GetDashboard>(&[("slug", SLUG)], &lost).await;
    assert_eq!(response.status().as_u16(), 403);
    drop(f);
}

async fn download(app: &TestApp, cookies: &str, path: &str) -> (String, Vec<u8>) {
    let response = app.get_with_cookies(path, cookies).await;
    assert_eq!(response.status().as_u16(), 200, "{path}");
    let kind = response.headers()["content-type"].to_str().unwrap().to_string();
    (kind, response.bytes().await.unwrap().to_vec())
}

fn sheet(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    for name in ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"] {
        if let Ok(mut part) = archive.by_name(name) {
            part.read_to_string(&mut text).unwrap();
        }
    }
    text
}

#[tokio::test]
async fn each_view_exports_the_table_of_the_page_in_the_readers_scope() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let (kind, csv) = download(
        &app,
        &f.coordinator,
        &format!("/r/{SLUG}/dashboard/export/coverage/csv"),
    )
    .await;
    assert!(kind.starts_with("text/csv"));
    let text = String::from_utf8(csv).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert!(text.contains("Школа Альфа,20,5–9,5–9,5–9,63 %,25 %"), "{text}");
    assert!(
        text.contains("Школа Бета,8,менее 5,менее 5,менее 5,менее 5 — скрыто,менее 5 — скрыто"),
        "{text}"
    );
    assert!(text.contains("Всего,28,10–19,5–9,5–9,62 %,29 %"), "{text}");

    let (_, deficits) = download(
        &app,
        &f.coordinator,
        &format!("/r/{SLUG}/dashboard/export/deficits/csv"),
    )
    .await;
    let deficits = String::from_utf8(deficits).unwrap();
    assert!(
        deficits.contains("Компетенция DX-2,20 %,менее 5 — скрыто,Курс по компетенции DX-2"),
        "{deficits}"
    );

    let (kind, xlsx) = download(
        &app,
        &f.alfa_director,
        &format!("/r/{SLUG}/dashboard/export/courses/xlsx"),
    )
    .await;
    assert!(kind.contains("spreadsheetml"));
    let xml = sheet(&xlsx);
    assert!(
        xml.contains("Учитель") && xml.contains("83 %") && xml.contains("<v>216</v>"),
        "{xml}"
    );
    assert!(!xml.contains("Школа Бета"));

    // The operator's export of the narrowed view is the municipality's; an unknown view is 404.
    let (_, narrowed) = download(
        &app,
        &f.operator,
        &format!("/r/{SLUG}/dashboard/export/certificates/csv?municipality=%D0%A2%D0%B5%D1%81%D1%82%D0%BE%D0%B2%D1%8B%D0%B9%20%D0%BE%D0%BA%D1%80%D1%83%D0%B3"),
    )
    .await;
    assert!(String::from_utf8(narrowed)
        .unwrap()
        .contains("Школа Альфа,5–9,менее 5"));
    let unknown = app
        .get_with_cookies(&format!("/r/{SLUG}/dashboard/export/salaries/csv"), &f.operator)
        .await;
    assert_eq!(unknown.status().as_u16(), 404);
}

#[tokio::test]
async fn the_school_registry_takes_an_optional_staff_count_and_names_the_row_of_a_bad_one() {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "registry@dash.ru", "regional_operator", None).await;
    let good = "school_id;name;municipality;group;locality;staff_count\nT-9;Школа Дельта;Тестовый округ;secondary;город;37\n";
    let (status, id) =
        crate::identification::upload(&app, &operator, SLUG, "schools", "реестр.csv", good.into()).await;
    assert_eq!(status, 303);
    let committed = app
        .call::<app::identification::CommitUpload>(&[("slug", SLUG), ("id", &id)], &operator)
        .await;
    assert_eq!(committed.status(), 200);
    let staff: Option<i32> = sqlx::query_scalar("select staff_count from schools where code = 'T-9'")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(staff, Some(37));

    let bad = "school_id;name;municipality;group;locality;staff_count\nT-9;Школа Дельта;Тестовый округ;secondary;город;37\nT-10;Школа Эпсилон;Тестовый округ;secondary;город;много\n";
    let (_, id) =
        crate::identification::upload(&app, &operator, SLUG, "schools", "реестр.csv", bad.into()).await;
    let preview: app::identification::UploadPreview = json(
        app.call::<app::identification::GetUpload>(&[("slug", SLUG), ("id", &id)], &operator)
            .await,
    )
    .await;
    assert_eq!(
        preview.error.as_deref(),
        Some("Строка 3, столбец «staff_count»: «много» — укажите целое неотрицательное число педагогов")
    );
}

#[tokio::test]
async fn the_operator_sets_the_regions_targets_and_every_scope_shows_plan_against_actual() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let save = |form: Vec<(&'static str, &'static str)>, cookies: String| {
        let app = &app;
        async move {
            let mut fields = vec![("slug", SLUG)];
            fields.extend(form);
            app.call::<app::dashboards::SaveKpiTargets>(&fields, &cookies)
                .await
        }
    };
    let saved = save(
        vec![
            ("form[share_diagnosed]", "30"),
            ("form[hours_per_school]", "70,5"),
            ("form[certificates]", "1000"),
        ],
        f.operator.clone(),
    )
    .await;
    assert_eq!(saved.status(), 200);
    // A coordinator may read the targets, not set them; a wrong value changes nothing.
    let refused = save(vec![("form[certificates]", "1")], f.coordinator.clone()).await;
    assert_eq!(refused.status(), 403);
    let wrong = save(
        vec![("form[share_diagnosed]", "150"), ("form[certificates]", "1")],
        f.operator.clone(),
    )
    .await;
    assert_eq!(wrong.status(), 400);

    // The municipality: 8 of 28 staff diagnosed (29 %); 232 hours (t1–t5 and u1) over three
    // schools; the certificates target is the region's and is not compared here.
    let d = dashboard(&app, &f.coordinator, None).await;
    assert!(d.kpi_form.is_none());
    let kpis: Vec<KpiText> = d
        .kpis
        .iter()
        .map(|k| (k.label.as_str(), k.target.as_deref(), k.actual.as_deref(), k.met))
        .collect();
    assert_eq!(
        kpis,
        [
            (
                "Доля педагогов, прошедших диагностику",
                Some("30 %"),
                Some("29 %"),
                Some(false)
            ),
            ("Часов обучения на школу", Some("70,5"), Some("77,3"), Some(true)),
        ]
    );
    let region = dashboard(&app, &f.operator, None).await;
    let form = region.kpi_form.expect("the operator's form");
    assert_eq!(
        (
            form.share_diagnosed.as_str(),
            form.hours_per_school.as_str(),
            form.certificates.as_str()
        ),
        ("30", "70,5", "1000")
    );
    assert_eq!(region.kpis.len(), 3);
    assert_eq!(region.kpis[2].target.as_deref(), Some("1000"));
}

/// Replaces a published run's frozen lists with these schools (code, statuses).
async fn publish_as(app: &TestApp, operator: &str, run: &str, years: [i32; 2], schools: &[(&str, &str)]) {
    let published = app
        .call::<app::identification::PublishRun>(&[("slug", SLUG), ("run", run)], operator)
        .await;
    assert_eq!(published.status(), 200);
    let schools: Vec<serde_json::Value> = schools
        .iter()
        .map(|(code, status)| {
            serde_json::json!({ "school_id": code, "name": code, "municipality": MUNICIPALITY,
                                "statuses": [status], "notes": [] })
        })
        .collect();
    let frozen = serde_json::json!({
        "title": "Методика края", "years": years,
        "labels": [["low_results", "ШНРО"], ["social", "ШНСУ"]], "schools": schools,
    });
    sqlx::query("update identification_runs set published = $1::json where id = $2::uuid")
        .bind(frozen.to_string())
        .bind(run)
        .execute(&app.owner)
        .await
        .unwrap();
}

#[tokio::test]
async fn identification_by_year_moves_schools_and_targeted_support_compares_identified_schools() {
    use GroupSize::*;
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let (first, config) = crate::identification::run_fixture(&app, &f.operator).await;
    publish_as(
        &app,
        &f.operator,
        &first,
        [2023, 2024],
        &[("T-1", "social"), ("T-2", "low_results")],
    )
    .await;
    let second: String = json(
        app.call::<app::identification::StartRun>(&[("slug", SLUG), ("config", &config)], &f.operator)
            .await,
    )
    .await;
    publish_as(
        &app,
        &f.operator,
        &second,
        [2024, 2025],
        &[("T-1", "low_results"), ("T-3", "social")],
    )
    .await;

    let d = dashboard(&app, &f.coordinator, None).await;
    let years: Vec<(i32, Vec<(&str, i64)>)> = d
        .years
        .iter()
        .map(|y| {
            (
                y.year,
                y.counts.iter().map(|c| (c.status.as_str(), c.schools)).collect(),
            )
        })
        .collect();
    assert_eq!(
        years,
        [
            (2024, vec![("ШНРО", 1), ("ШНСУ", 1)]),
            (2025, vec![("ШНРО", 1), ("ШНСУ", 1)])
        ]
    );
    let moves: Vec<(&str, &str, &str, i64)> = d
        .movements
        .iter()
        .map(|m| (m.years.as_str(), m.from.as_str(), m.to.as_str(), m.schools))
        .collect();
    assert_eq!(
        moves,
        [
            ("2024 → 2025", "ШНРО", "без статуса", 1),
            ("2024 → 2025", "ШНСУ", "ШНРО", 1),
            ("2024 → 2025", "без статуса", "ШНСУ", 1)
        ]
    );

    // The latest list identifies Альфа (ШНРО) and Гамма (nobody there): Альфа against Бета.
    let identified = row(&d.support.coverage, "Школы со статусом (ШНОР / ШНРО / ШНСУ)");
    assert_eq!(
        (identified.registered, identified.of_registered),
        (From5To9, Some(0.63))
    );
    let others = row(&d.support.coverage, "Остальные школы");
    assert_eq!((others.registered, others.of_registered), (Under5, None));
    assert_eq!(
        d.support.deficits.groups[0],
        "Школы со статусом (ШНОР / ШНРО / ШНСУ)"
    );
    // Seed 004: Альфа's seven teachers, five diagnosed; seed 001: t1–t5 have ≥ 32 hours.
    assert_eq!(
        (
            d.support.low_teachers.registered,
            d.support.low_teachers.of_registered
        ),
        (From5To9, Some(0.71))
    );
    assert_eq!(d.support.trained, [("Школа Альфа".to_string(), true)]);

    // Бета's director sees his school's history only.
    let beta = dashboard(&app, &f.beta_director, None).await;
    let counts: Vec<usize> = beta.years.iter().map(|y| y.counts.len()).collect();
    assert_eq!(counts, [1, 0]);
    assert_eq!(beta.movements.len(), 1);
    assert_eq!(beta.movements[0].to, "без статуса");
    let (_, csv) = download(
        &app,
        &f.coordinator,
        &format!("/r/{SLUG}/dashboard/export/targets/csv"),
    )
    .await;
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.contains("Учителя-предметники ШНОР / ШНРО прошли диагностику,100 %,71 %"),
        "{csv}"
    );
    assert!(csv.contains("1 из 1 школ"), "{csv}");
}
