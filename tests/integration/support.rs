//! Support for identified schools (issue 17): cases opened in bulk from a published run and by
//! hand, who sees which case (operator, coordinator, curator, director, another region), the
//! curator's assignment, and the risk profile's levels, priorities and confirmation.

use app::support::{
    AssignCurator, CaseList, CaseState, CaseView, ConfirmProfile, CreateCase, CreateCasesFromRun, GetCase,
    GetCases, GetProfile, ProfileView, SaveProfile,
};
use uuid::Uuid;

use crate::certificates::json;
use crate::helpers::{signed_in, user_id, TestApp};

pub(crate) const SLUG: &str = "khabarovsk";
pub(crate) const NANAI: &str = "Нанайский муниципальный район";

pub(crate) struct Fixture {
    pub operator: String,
    pub coordinator: String,
    pub curator: String,
    pub other_curator: String,
    /// The director of 27-0201 (Нанайский район).
    pub director: String,
    pub teacher: String,
    pub run: String,
    pub curator_id: Uuid,
}

/// A director confirmed at the school with this registry code.
pub(crate) async fn director_of(app: &TestApp, slug: &str, email: &str, code: &str) -> String {
    let cookies = signed_in(app, slug, email, "director", None).await;
    confirm_at(app, email, code, "director").await;
    cookies
}

/// A teacher confirmed at the school with this registry code.
pub(crate) async fn teacher_at(app: &TestApp, email: &str, code: &str) -> String {
    let cookies = signed_in(app, SLUG, email, "teacher", None).await;
    confirm_at(app, email, code, "teacher").await;
    cookies
}

async fn confirm_at(app: &TestApp, email: &str, code: &str, position: &str) {
    sqlx::query(
        "update memberships m set position = $3, school_status = 'confirmed',
                school_id = (select s.id from schools s where s.tenant_id = m.tenant_id and s.code = $2)
         from users u where u.id = m.user_id and u.email = $1",
    )
    .bind(email)
    .bind(code)
    .bind(position)
    .execute(&app.owner)
    .await
    .unwrap();
}

/// Khabarovsk's people and a published run: 27-0001 (Хабаровск) and 27-0201 (Нанайский район)
/// ШНРО, 27-0202 ШНСУ, 27-0002 stable high results.
pub(crate) async fn fixture(app: &TestApp) -> Fixture {
    let operator = signed_in(app, SLUG, "op@support.ru", "regional_operator", None).await;
    let (run, _) = crate::identification::run_fixture(app, &operator).await;
    let published = app
        .call::<app::identification::PublishRun>(&[("slug", SLUG), ("run", &run)], &operator)
        .await;
    assert_eq!(published.status(), 200);
    let school = |code: &str, status: &str| serde_json::json!({ "school_id": code, "name": code, "municipality": "", "statuses": [status], "notes": [] });
    let frozen = serde_json::json!({
        "title": "Методика края", "years": [2024, 2025],
        "labels": [["low_results", "ШНРО"], ["social", "ШНСУ"], ["stable_high", "Стабильно высокие результаты"]],
        "schools": [school("27-0001", "low_results"), school("27-0201", "low_results"),
                    school("27-0202", "social"), school("27-0002", "stable_high")],
    });
    sqlx::query("update identification_runs set published = $1::json where id = $2::uuid")
        .bind(frozen.to_string())
        .bind(&run)
        .execute(&app.owner)
        .await
        .unwrap();
    let coordinator = signed_in(
        app,
        SLUG,
        "coord@support.ru",
        "municipal_coordinator",
        Some(NANAI),
    )
    .await;
    let curator = signed_in(app, SLUG, "curator@support.ru", "curator", None).await;
    let other_curator = signed_in(app, SLUG, "curator2@support.ru", "curator", None).await;
    let director = director_of(app, SLUG, "director@support.ru", "27-0201").await;
    let teacher = signed_in(app, SLUG, "teacher@support.ru", "teacher", None).await;
    Fixture {
        curator_id: user_id(app, "curator@support.ru").await,
        operator,
        coordinator,
        curator,
        other_curator,
        director,
        teacher,
        run,
    }
}

pub(crate) async fn cases(app: &TestApp, cookies: &str) -> CaseList {
    json(app.call::<GetCases>(&[("slug", SLUG)], cookies).await).await
}

fn schools(list: &CaseList) -> Vec<String> {
    let mut names: Vec<String> = list.cases.iter().map(|c| c.school.clone()).collect();
    names.sort();
    names
}

/// The case of the school named like `part`, as the operator sees it.
pub(crate) async fn case_of(app: &TestApp, operator: &str, part: &str) -> String {
    cases(app, operator)
        .await
        .cases
        .into_iter()
        .find(|c| c.school.contains(part))
        .unwrap_or_else(|| panic!("no case of {part}"))
        .id
}

/// The fixture's cases opened and 27-0201 (Троицкое) given to the fixture's curator; returns
/// that case.
pub(crate) async fn curated_case(app: &TestApp, f: &Fixture) -> String {
    open_cases(app, f).await;
    let case = case_of(app, &f.operator, "Троицкое").await;
    let curator = f.curator_id.to_string();
    let assigned = app
        .call::<AssignCurator>(
            &[("slug", SLUG), ("case", &case), ("curator", &curator)],
            &f.operator,
        )
        .await;
    assert_eq!(assigned.status(), 200);
    case
}

pub(crate) async fn open_cases(app: &TestApp, f: &Fixture) -> usize {
    json(
        app.call::<CreateCasesFromRun>(
            &[
                ("slug", SLUG),
                ("run", &f.run),
                ("year", "2026"),
                ("statuses[low_results]", "on"),
                ("statuses[social]", "on"),
            ],
            &f.operator,
        )
        .await,
    )
    .await
}

#[tokio::test]
async fn the_operator_opens_cases_from_a_published_run_once_per_school_and_cycle() {
    let app = crate::helpers::spawn_app().await;
    let f = fixture(&app).await;
    assert_eq!(open_cases(&app, &f).await, 3);
    assert_eq!(
        open_cases(&app, &f).await,
        0,
        "a second time skips the schools that have a case"
    );

    let list = cases(&app, &f.operator).await;
    assert_eq!(list.cases.len(), 3);
    assert!(list.can_create);
    let run = &list.runs[0];
    let counts: Vec<(&str, usize)> = run
        .statuses
        .iter()
        .map(|s| (s.code.as_str(), s.schools))
        .collect();
    assert_eq!(counts, [("low_results", 2), ("social", 1), ("stable_high", 1)]);
    let troitskoe = list.cases.iter().find(|c| c.school.contains("Троицкое")).unwrap();
    assert_eq!(
        (troitskoe.statuses.clone(), troitskoe.state),
        (vec!["ШНРО".to_string()], CaseState::Opened)
    );

    let view: CaseView = json(
        app.call::<GetCase>(&[("slug", SLUG), ("id", &troitskoe.id)], &f.operator)
            .await,
    )
    .await;
    assert_eq!(
        view.run.as_deref().map(|r| r.contains("Методика края")),
        Some(true)
    );
    assert_eq!(
        view.explanation,
        Some(format!(
            "/r/{SLUG}/admin/identification/runs/{}?school=27-0201",
            f.run
        ))
    );
    assert_eq!(view.levels.len(), 10, "the 500+ questionnaire's ten factors");

    // No status chosen, or a run that does not exist: refused, nothing created.
    let none = app
        .call::<CreateCasesFromRun>(&[("slug", SLUG), ("run", &f.run), ("year", "2027")], &f.operator)
        .await;
    assert_eq!(none.status(), 400);
    let unknown = app
        .call::<CreateCasesFromRun>(
            &[
                ("slug", SLUG),
                ("run", &Uuid::new_v4().to_string()),
                ("year", "2027"),
                ("statuses[low_results]", "on"),
            ],
            &f.operator,
        )
        .await;
    assert_eq!(unknown.status(), 404);
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action = 'support_cases_created' and (details->>'created')::int = 3",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(audited, 1);

    // Filters: by state and municipality.
    let filtered: CaseList = json(
        app.call::<GetCases>(
            &[("slug", SLUG), ("municipality", NANAI), ("state", "opened")],
            &f.operator,
        )
        .await,
    )
    .await;
    assert_eq!(filtered.cases.len(), 2);
    let confirmed: CaseList = json(
        app.call::<GetCases>(&[("slug", SLUG), ("state", "profile_confirmed")], &f.operator)
            .await,
    )
    .await;
    assert!(confirmed.cases.is_empty());
}

#[tokio::test]
async fn a_case_by_hand_needs_a_reason_and_a_known_school_and_is_audited() {
    let app = crate::helpers::spawn_app().await;
    let operator = signed_in(&app, SLUG, "op@support.ru", "regional_operator", None).await;
    let create = |school: &'static str, reason: &'static str| {
        let operator = operator.clone();
        let app = &app;
        async move {
            app.call::<CreateCase>(
                &[
                    ("slug", SLUG),
                    ("school", school),
                    ("year", "2026"),
                    ("reason", reason),
                ],
                &operator,
            )
            .await
        }
    };
    let no_reason = create("27-0003", "  ").await;
    assert_eq!(no_reason.status(), 400);
    assert!(no_reason.text().await.unwrap().contains("основание"));
    assert_eq!(
        create("99-9999", "Обращение управления образования")
            .await
            .status(),
        400
    );
    let id: String = json(create("27-0003", "Обращение управления образования от 12.03").await).await;
    assert_eq!(create("27-0003", "Ещё раз та же школа").await.status(), 400);
    let view: CaseView = json(
        app.call::<GetCase>(&[("slug", SLUG), ("id", &id)], &operator)
            .await,
    )
    .await;
    assert_eq!(
        view.reason.as_deref(),
        Some("Обращение управления образования от 12.03")
    );
    assert!(view.statuses.is_empty() && view.explanation.is_none());
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action = 'support_case_created' and details->>'reason' like 'Обращение%'",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn curators_coordinators_and_directors_see_only_their_cases() {
    let app = crate::helpers::spawn_app().await;
    let f = fixture(&app).await;
    open_cases(&app, &f).await;
    let troitskoe = case_of(&app, &f.operator, "Троицкое").await;
    let khabarovsk = case_of(&app, &f.operator, "Кобелева").await;

    // The coordinator sees the two Нанайский cases, not Хабаровск's, and no creation forms.
    let list = cases(&app, &f.coordinator).await;
    assert_eq!(schools(&list), ["МБОУ ООШ с. Джари", "МБОУ СОШ с. Троицкое"]);
    assert!(!list.can_create && list.runs.is_empty() && list.municipalities.is_empty());
    let outside = app
        .call::<GetCase>(&[("slug", SLUG), ("id", &khabarovsk)], &f.coordinator)
        .await;
    assert_eq!(outside.status(), 404);

    // Before assignment a curator sees nothing.
    assert!(cases(&app, &f.curator).await.cases.is_empty());
    let curator_id = f.curator_id.to_string();
    let assign = |case: String, cookies: String| {
        let (app, curator_id) = (&app, curator_id.clone());
        async move {
            app.call::<AssignCurator>(
                &[("slug", SLUG), ("case", &case), ("curator", &curator_id)],
                &cookies,
            )
            .await
            .status()
            .as_u16()
        }
    };
    // The coordinator assigns within the municipality only; a curator cannot assign.
    assert_eq!(assign(khabarovsk.clone(), f.coordinator.clone()).await, 404);
    assert_eq!(assign(troitskoe.clone(), f.curator.clone()).await, 403);
    assert_eq!(assign(troitskoe.clone(), f.coordinator.clone()).await, 200);
    // Someone without the curator's role cannot be assigned.
    let teacher_id = user_id(&app, "teacher@support.ru").await.to_string();
    let not_curator = app
        .call::<AssignCurator>(
            &[("slug", SLUG), ("case", &troitskoe), ("curator", &teacher_id)],
            &f.operator,
        )
        .await;
    assert_eq!(not_curator.status(), 400);

    let mine = cases(&app, &f.curator).await;
    assert_eq!(schools(&mine), ["МБОУ СОШ с. Троицкое"]);
    assert_eq!(mine.cases[0].curator.as_deref(), Some("Проверяющий Пользователь"));
    assert!(cases(&app, &f.other_curator).await.cases.is_empty());
    let other = app
        .call::<GetCase>(&[("slug", SLUG), ("id", &troitskoe)], &f.other_curator)
        .await;
    assert_eq!(other.status(), 404);
    let view: CaseView = json(
        app.call::<GetCase>(&[("slug", SLUG), ("id", &troitskoe)], &f.curator)
            .await,
    )
    .await;
    assert!(
        view.explanation.is_none(),
        "the explanation page is the operator's"
    );
    assert!(view.curators.is_empty(), "a curator does not assign");

    // The director sees their school's case only.
    assert_eq!(schools(&cases(&app, &f.director).await), ["МБОУ СОШ с. Троицкое"]);
    let foreign = app
        .call::<GetCase>(&[("slug", SLUG), ("id", &khabarovsk)], &f.director)
        .await;
    assert_eq!(foreign.status(), 404);

    // A teacher has no access; another region's operator neither under Khabarovsk nor under
    // his own region.
    let teacher = app.call::<GetCases>(&[("slug", SLUG)], &f.teacher).await;
    assert_eq!(teacher.status(), 403);
    let ryazan = signed_in(&app, "ryazan", "op@ryazan.ru", "regional_operator", None).await;
    let there = app
        .call::<GetCase>(&[("slug", SLUG), ("id", &troitskoe)], &ryazan)
        .await;
    assert_eq!(there.status(), 403);
    let here = app
        .call::<GetCase>(&[("slug", "ryazan"), ("id", &troitskoe)], &ryazan)
        .await;
    assert_eq!(here.status(), 404);
    let audited: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action = 'support_curator_assigned' and details->>'by' = 'municipal_coordinator'")
            .fetch_one(&app.owner)
            .await
            .unwrap();
    assert_eq!(audited, 1);
}

/// All 27 answers: option 0 except where given.
fn answers(overrides: &[(&'static str, &'static str)]) -> Vec<(String, String)> {
    let q: app::support::risk::Questionnaire =
        serde_json::from_str(app::support::risk::TEMPLATE_500).expect("template");
    q.questions()
        .map(|question| {
            let value = overrides
                .iter()
                .find(|(code, _)| *code == question.code)
                .map_or("0", |(_, v)| *v);
            (format!("answers[{}]", question.code), value.to_string())
        })
        .collect()
}

async fn save(app: &TestApp, cookies: &str, case: &str, fields: &[(String, String)]) -> reqwest::Response {
    let mut form: Vec<(&str, &str)> = vec![("slug", SLUG), ("case", case)];
    form.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    app.call::<SaveProfile>(&form, cookies).await
}

#[tokio::test]
async fn the_school_answers_the_curator_confirms_and_levels_match_the_hand_computed_ones() {
    let app = crate::helpers::spawn_app().await;
    let f = fixture(&app).await;
    open_cases(&app, &f).await;
    let case = case_of(&app, &f.operator, "Троицкое").await;
    let assigned = app
        .call::<AssignCurator>(
            &[
                ("slug", SLUG),
                ("case", &case),
                ("curator", &f.curator_id.to_string()),
            ],
            &f.operator,
        )
        .await;
    assert_eq!(assigned.status(), 200);
    sqlx::query("update schools set staff_count = 23 where code = '27-0201'")
        .execute(&app.owner)
        .await
        .unwrap();

    // Equipment 2 + 1 + 2 = 5 ≥ 4 → high; staff 1 + 1 + 0 = 2 → medium; language (medium ≥ 1)
    // 0 + 1 = 1 → medium; the rest 0 → low.
    let given = answers(&[
        ("equipment_internet", "2"),
        ("equipment_computers", "1"),
        ("equipment_labs", "2"),
        ("staff_vacancies", "1"),
        ("staff_non_profile", "1"),
        ("language_support", "1"),
    ]);
    let mut four = given.clone();
    for factor in ["equipment", "staff", "language", "parents"] {
        four.push((format!("priorities[{factor}]"), "on".to_string()));
    }
    four.push(("submit".to_string(), "on".to_string()));
    let refused = save(&app, &f.director, &case, &four).await;
    assert_eq!(refused.status(), 400);
    assert!(refused.text().await.unwrap().contains("не больше трёх"));
    let stored: i64 = sqlx::query_scalar("select count(*) from support_profiles")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(stored, 0, "a refused save stores nothing");

    // A draft may leave questions open; submitting needs every answer.
    let draft = vec![("answers[equipment_internet]".to_string(), "2".to_string())];
    assert_eq!(save(&app, &f.director, &case, &draft).await.status(), 200);
    let mut incomplete = draft.clone();
    incomplete.push(("priorities[equipment]".to_string(), "on".to_string()));
    incomplete.push(("submit".to_string(), "on".to_string()));
    assert_eq!(save(&app, &f.director, &case, &incomplete).await.status(), 400);
    let mut bad = given.clone();
    bad[0].1 = "7".to_string();
    assert_eq!(save(&app, &f.director, &case, &bad).await.status(), 400);

    // Neither the curator nor the coordinator answers for the school.
    assert_eq!(save(&app, &f.curator, &case, &given).await.status(), 403);
    assert_eq!(save(&app, &f.coordinator, &case, &given).await.status(), 403);

    let mut three = given.clone();
    for factor in ["equipment", "staff", "language"] {
        three.push((format!("priorities[{factor}]"), "on".to_string()));
    }
    three.push(("submit".to_string(), "on".to_string()));
    assert_eq!(save(&app, &f.director, &case, &three).await.status(), 200);

    let profile: ProfileView = json(
        app.call::<GetProfile>(&[("slug", SLUG), ("case", &case)], &f.curator)
            .await,
    )
    .await;
    assert_eq!(profile.state, CaseState::ProfileSubmitted);
    assert!(profile.can_confirm && !profile.can_answer);
    assert_eq!(profile.known.staff_count, Some(23));
    assert_eq!(
        profile.known.pronounced_share, None,
        "fewer than five teachers measured"
    );
    let levels: Vec<(&str, u32, Option<&str>)> = profile
        .levels
        .iter()
        .map(|l| (l.code.as_str(), l.score, l.level().map(|l| l.code())))
        .collect();
    assert_eq!(
        levels,
        [
            ("equipment", 5, Some("high")),
            ("staff", 2, Some("medium")),
            ("competence", 0, Some("low")),
            ("adaptivity", 0, Some("low")),
            ("pd_system", 0, Some("low")),
            ("failure_risk", 0, Some("low")),
            ("language", 1, Some("medium")),
            ("environment", 0, Some("low")),
            ("disabilities", 0, Some("low")),
            ("parents", 0, Some("low")),
        ]
    );
    assert_eq!(profile.levels[0].causes.len(), 3);
    let mut priorities = profile.priorities.clone();
    priorities.sort();
    assert_eq!(priorities, ["equipment", "language", "staff"]);

    // Only the case's curator confirms; the director cannot confirm his own profile.
    let confirm = |cookies: String| {
        let (app, case) = (&app, case.clone());
        async move {
            app.call::<ConfirmProfile>(
                &[
                    ("slug", SLUG),
                    ("case", &case),
                    ("levels[language]", "high"),
                    (
                        "comments[language]",
                        "Треть учащихся — дети мигрантов, занятий по русскому нет",
                    ),
                ],
                &cookies,
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(confirm(f.director.clone()).await, 403);
    assert_eq!(confirm(f.other_curator.clone()).await, 404);
    assert_eq!(confirm(f.curator.clone()).await, 200);
    let confirmed: ProfileView = json(
        app.call::<GetProfile>(&[("slug", SLUG), ("case", &case)], &f.director)
            .await,
    )
    .await;
    assert_eq!(confirmed.state, CaseState::ProfileConfirmed);
    let language = confirmed.levels.iter().find(|l| l.code == "language").unwrap();
    assert_eq!(
        (
            language.computed.map(|l| l.code()),
            language.level().map(|l| l.code())
        ),
        (Some("medium"), Some("high"))
    );
    assert!(!confirmed.can_answer, "a confirmed profile is frozen");
    assert_eq!(save(&app, &f.director, &case, &three).await.status(), 400);
    assert_eq!(confirm(f.curator.clone()).await, 400, "confirmed once");
}

#[tokio::test]
async fn the_deficit_share_beside_factor_three_needs_five_measured_teachers() {
    let app = crate::helpers::spawn_app().await;
    let f = fixture(&app).await;
    open_cases(&app, &f).await;
    let case = case_of(&app, &f.operator, "Троицкое").await;
    let (tenant, school): (Uuid, Uuid) =
        sqlx::query_as("select tenant_id, id from schools where code = '27-0201'")
            .fetch_one(&app.owner)
            .await
            .unwrap();
    let instrument: Uuid = sqlx::query_scalar("select id from instruments where tenant_id = $1 limit 1")
        .bind(tenant)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    // Six teachers measured; two with a pronounced deficit in their latest measurement, one of
    // whom had one only in an older attempt and not any more.
    for n in 0..6 {
        let email = format!("t{n}@support.ru");
        signed_in(&app, SLUG, &email, "teacher", None).await;
        let user = user_id(&app, &email).await;
        sqlx::query(
            "update memberships set position = 'teacher', school_id = $2, school_status = 'confirmed' where user_id = $1",
        )
        .bind(user)
        .bind(school)
        .execute(&app.owner)
        .await
        .unwrap();
        let latest = if n < 2 { "pronounced" } else { "none" };
        for (level, at) in [
            (if n == 2 { "pronounced" } else { "none" }, "2026-01-10"),
            (latest, "2026-03-10"),
        ] {
            let result = serde_json::json!({ "competencies": [{ "code": "DX-1", "title": "Предметные знания", "level": level }] });
            sqlx::query(
                "insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, started_at, finished_at, finished_by, result)
                 values ($1, $2, $3, '{}', '[]', $4::timestamptz, $4::timestamptz, 'person', $5)",
            )
            .bind(tenant)
            .bind(instrument)
            .bind(user)
            .bind(at)
            .bind(result)
            .execute(&app.owner)
            .await
            .unwrap();
        }
    }
    let view: CaseView = json(
        app.call::<GetCase>(&[("slug", SLUG), ("id", &case)], &f.director)
            .await,
    )
    .await;
    assert_eq!(
        view.known.teachers_measured,
        app::diagnostics::GroupSize::From5To9
    );
    assert_eq!(view.known.pronounced_share, Some(0.33));
}
