//! Identification in the product: uploads, configurations, runs, overrides, publishing and
//! who may do what, through the server's own HTTP interface.

use app::error::AppError;
use app::identification::{
    AddOverride, CommitUpload, CreateConfig, EditConfig, ExplainSchool, Explanation, GetOverview, GetRun,
    Overview, PublishRun, RunView, StartRun,
};
use serde::de::DeserializeOwned;

use crate::helpers::{signed_in, spawn_app, TestApp};

const FIXTURE: &str = include_str!("../fixtures/khabarovsk_indicators.csv");

/// A small configuration: one index of the two ЕГЭ indicators over all schools.
const CONFIG: &str = r#"{"method": "index_bands", "title": "ЕГЭ", "labels": {"low": "ШНРО"}, "window_years": 2,
  "indices": [{"code": "results", "orientation": "higher_is_better", "share": 0.25, "indicators": [
    {"code": "ege_ru", "normalization": "minmax", "direction": "direct"},
    {"code": "ege_ma", "normalization": "minmax", "direction": "direct", "weight": 2}]}],
  "statuses": [{"code": "low", "index": "results", "band": "worst", "rule": {"kind": "all_years"}}]}"#;

pub(crate) async fn json<T: DeserializeOwned>(response: reqwest::Response) -> T {
    let status = response.status();
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status}: {e}: {text}"))
}

pub(crate) async fn error_of(response: reqwest::Response) -> (u16, AppError) {
    let status = response.status().as_u16();
    (status, json(response).await)
}

/// Posts a file as the upload form does; returns the status and the upload's id.
pub(crate) async fn upload(
    app: &TestApp,
    cookies: &str,
    slug: &str,
    kind: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, String) {
    let response = app.post_upload(cookies, slug, kind, name, bytes).await;
    let status = response.status().as_u16();
    let id = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .and_then(|l| l.rsplit('/').next())
        .unwrap_or_default()
        .to_string();
    (status, id)
}

/// Uploads indicator data and confirms its preview.
pub(crate) async fn load(app: &TestApp, cookies: &str, slug: &str, name: &str, bytes: &[u8]) {
    let (status, id) = upload(app, cookies, slug, "indicators", name, bytes.to_vec()).await;
    assert_eq!(status, 303, "upload is answered with its preview page");
    let committed = app
        .call::<CommitUpload>(&[("slug", slug), ("id", &id)], cookies)
        .await;
    assert_eq!(committed.status(), 200);
}

/// (year, schools) of each loaded year.
async fn year_sizes(app: &TestApp, cookies: &str) -> Vec<(i32, usize)> {
    let years = overview(app, cookies, "khabarovsk").await.years;
    years.iter().map(|y| (y.year, y.schools)).collect()
}

pub(crate) async fn overview(app: &TestApp, cookies: &str, slug: &str) -> Overview {
    json(app.call::<GetOverview>(&[("slug", slug)], cookies).await).await
}

pub(crate) async fn run_view(app: &TestApp, cookies: &str, run: &str) -> RunView {
    run_query(app, cookies, "khabarovsk", run, serde_json::json!({})).await
}

/// The run page's data for a filter and order (`RunQuery` as JSON).
async fn run_query(app: &TestApp, cookies: &str, slug: &str, run: &str, query: serde_json::Value) -> RunView {
    let body = serde_json::json!({"slug": slug, "id": run, "query": query});
    let response = app
        .client
        .post(format!(
            "{}{}",
            app.address,
            <GetRun as leptos::server_fn::ServerFn>::PATH
        ))
        .header("origin", &app.address)
        .header("cookie", cookies)
        .json(&body)
        .send()
        .await
        .unwrap();
    json(response).await
}

/// Imports the fixture and `CONFIG`, runs it; returns the run id and the configuration id.
pub(crate) async fn run_fixture(app: &TestApp, cookies: &str) -> (String, String) {
    load(app, cookies, "khabarovsk", "data.csv", FIXTURE.as_bytes()).await;
    let config: String = json(
        app.call::<CreateConfig>(
            &[("slug", "khabarovsk"), ("source", "json"), ("json", CONFIG)],
            cookies,
        )
        .await,
    )
    .await;
    let run: String = json(
        app.call::<StartRun>(&[("slug", "khabarovsk"), ("config", &config)], cookies)
            .await,
    )
    .await;
    (run, config)
}

#[tokio::test]
async fn reimporting_a_year_replaces_only_that_year_and_records_who_and_when() {
    let app = spawn_app().await;
    let operator = signed_in(&app, "khabarovsk", "op@khkiro.ru", "regional_operator", None).await;
    load(&app, &operator, "khabarovsk", "data.csv", FIXTURE.as_bytes()).await;
    let loaded = overview(&app, &operator, "khabarovsk").await.years;
    assert_eq!(
        loaded.iter().map(|y| (y.year, y.schools)).collect::<Vec<_>>(),
        [(2023, 8), (2024, 8)]
    );
    assert_eq!(loaded[1].uploaded_by, "Проверяющий Пользователь");

    let fix = "school_id,year,ege_ru,ege_ma\n27-0001,2024,90,91\n27-0002,2024,10,11\n";
    load(&app, &operator, "khabarovsk", "fix.csv", fix.as_bytes()).await;
    assert_eq!(year_sizes(&app, &operator).await, [(2023, 8), (2024, 2)]);
    let loaded = overview(&app, &operator, "khabarovsk").await.years;
    assert_eq!(
        (loaded[0].file_name.as_str(), loaded[1].file_name.as_str()),
        ("data.csv", "fix.csv")
    );
    let events: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action = 'indicator_data_loaded'")
            .fetch_one(&app.owner)
            .await
            .unwrap();
    assert_eq!(events, 2);
}

#[tokio::test]
async fn a_file_with_an_error_is_kept_as_a_preview_and_changes_nothing() {
    let app = spawn_app().await;
    let operator = signed_in(&app, "khabarovsk", "op@khkiro.ru", "regional_operator", None).await;
    load(&app, &operator, "khabarovsk", "data.csv", FIXTURE.as_bytes()).await;
    let broken = "school_id;year;ege_ru\n27-0001;2024;70\n27-0001;2024;71\n";
    let (status, id) = upload(
        &app,
        &operator,
        "khabarovsk",
        "indicators",
        "broken.csv",
        broken.into(),
    )
    .await;
    assert_eq!(status, 303);
    let preview: app::identification::UploadPreview = json(
        app.call::<app::identification::GetUpload>(&[("slug", "khabarovsk"), ("id", &id)], &operator)
            .await,
    )
    .await;
    assert_eq!(
        preview.error.as_deref(),
        Some("Строка 3, столбцы «school_id» и «year»: школа «27-0001» за 2024 год уже была в строке 2")
    );
    let (status, error) = error_of(
        app.call::<CommitUpload>(&[("slug", "khabarovsk"), ("id", &id)], &operator)
            .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(matches!(error, AppError::Invalid { .. }));
    assert_eq!(
        year_sizes(&app, &operator).await,
        [(2023, 8), (2024, 8)],
        "nothing replaced"
    );
}

#[tokio::test]
async fn only_the_regions_operator_reaches_identification() {
    let app = spawn_app().await;
    let teacher = signed_in(&app, "khabarovsk", "teacher@school.ru", "teacher", None).await;
    let other = signed_in(&app, "kuzbass", "op@kuzbass.ru", "regional_operator", None).await;
    for cookies in [&teacher, &other] {
        let (status, error) =
            error_of(app.call::<GetOverview>(&[("slug", "khabarovsk")], cookies).await).await;
        assert_eq!((status, error), (403, AppError::Forbidden));
        let (status, _) = upload(&app, cookies, "khabarovsk", "indicators", "d.csv", FIXTURE.into()).await;
        assert_eq!(status, 403);
        let response = app
            .get_with_cookies(
                "/r/khabarovsk/admin/identification/runs/00000000-0000-0000-0000-000000000000/export/xlsx",
                cookies,
            )
            .await;
        assert_eq!(response.status().as_u16(), 403);
    }
    let (status, error) = error_of(app.call::<GetOverview>(&[("slug", "khabarovsk")], "").await).await;
    assert_eq!((status, error), (401, AppError::Unauthorized));
    let (status, _) = upload(&app, "", "khabarovsk", "indicators", "d.csv", FIXTURE.into()).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn a_run_explains_each_school_and_overrides_reach_results_export_and_publication() {
    let app = spawn_app().await;
    let operator = signed_in(&app, "khabarovsk", "op@khkiro.ru", "regional_operator", None).await;
    let (run, config) = run_fixture(&app, &operator).await;
    let view = run_view(&app, &operator, &run).await;
    assert_eq!(view.counts, [("ШНРО".to_string(), 2)]);
    let low: Vec<&str> = view
        .rows
        .iter()
        .filter(|r| !r.statuses.is_empty())
        .map(|r| r.school_id.as_str())
        .collect();
    assert_eq!(low, ["27-0202", "27-0301"]);

    // The contributions add up to the index, and the cut-off is the 2nd worst of 8 schools.
    let explanation: Explanation = json(
        app.call::<ExplainSchool>(
            &[("slug", "khabarovsk"), ("run", &run), ("school", "27-0301")],
            &operator,
        )
        .await,
    )
    .await;
    let latest = &explanation.years[0];
    assert_eq!(latest.year, 2024);
    let index = &latest.indices[0];
    let sum: f64 = index.contributions.iter().filter_map(|c| c.contribution).sum();
    assert!((sum - index.index.unwrap()).abs() < 1e-12);
    assert_eq!((index.schools_compared, index.band_size), (8, 2));
    assert_eq!(
        index.worst_cutoff, index.index,
        "27-0301 is the cut-off school in 2024"
    );
    assert_eq!(index.band.as_deref(), Some("худшая"));
    // ege_ma weighs 2: its part is twice its normalised value over the total weight 3.
    let ma = index.contributions.iter().find(|c| c.code == "ege_ma").unwrap();
    assert!((ma.contribution.unwrap() - ma.normalised.unwrap() * 2.0 / 3.0).abs() < 1e-12);

    // An override needs a reason, is audited, and shows in the counts and the export.
    let (status, error) = error_of(
        app.call::<AddOverride>(
            &[
                ("slug", "khabarovsk"),
                ("run", &run),
                ("school", "27-0003"),
                ("status", "low"),
                ("action", "add"),
                ("reason", " "),
            ],
            &operator,
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        error.to_string(),
        "Укажите причину решения (не короче 5 символов)."
    );
    let response = app
        .call::<AddOverride>(
            &[
                ("slug", "khabarovsk"),
                ("run", &run),
                ("school", "27-0202"),
                ("status", "low"),
                ("action", "remove"),
                ("reason", "Новый директор, программа развития"),
            ],
            &operator,
        )
        .await;
    assert_eq!(response.status(), 200);
    let view = run_view(&app, &operator, &run).await;
    assert_eq!(view.counts, [("ШНРО".to_string(), 1)]);
    let audited: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action = 'identification_override'")
            .fetch_one(&app.owner)
            .await
            .unwrap();
    assert_eq!(audited, 1);
    let csv = app
        .get_with_cookies(
            &format!("/r/khabarovsk/admin/identification/runs/{run}/export/csv"),
            &operator,
        )
        .await;
    assert_eq!(csv.status(), 200);
    let csv = csv.text().await.unwrap();
    let line = csv.lines().find(|l| l.starts_with("27-0202")).unwrap();
    assert!(line.contains(",,ШНРО,\"ручное исключение ("), "{line}");

    // Publishing freezes the version: the next edit makes version 2, version 1 is unchanged.
    assert_eq!(
        app.call::<PublishRun>(&[("slug", "khabarovsk"), ("run", &run)], &operator)
            .await
            .status(),
        200
    );
    let v2: String = json(
        app.call::<EditConfig>(
            &[
                ("slug", "khabarovsk"),
                ("id", &config),
                ("edit[op]", "general"),
                ("edit[title]", "ЕГЭ, новая редакция"),
                ("edit[window_years]", "2"),
            ],
            &operator,
        )
        .await,
    )
    .await;
    assert_ne!(v2, config);
    let titles: Vec<(i32, String)> = sqlx::query_as(
        "select version, body->>'title' from identification_configs where body->>'title' like 'ЕГЭ%' order by version",
    )
    .fetch_all(&app.owner)
    .await
    .unwrap();
    assert_eq!(
        titles,
        [(1, "ЕГЭ".to_string()), (2, "ЕГЭ, новая редакция".to_string())]
    );

    // A second run's diff names who leaves and why.
    let run2: String = json(
        app.call::<StartRun>(&[("slug", "khabarovsk"), ("config", &v2)], &operator)
            .await,
    )
    .await;
    let diff = run_view(&app, &operator, &run2)
        .await
        .diff
        .expect("a published run to compare with");
    assert!(
        diff.entering.is_empty() && diff.leaving.is_empty(),
        "overrides survive the re-run"
    );
}

#[tokio::test]
async fn the_federal_rule_on_the_kuzbass_appendix_finds_three_of_seven() {
    let app = spawn_app().await;
    let operator = signed_in(&app, "kuzbass", "op@kuzbass.ru", "regional_operator", None).await;
    let seeded = overview(&app, &operator, "kuzbass").await;
    assert_eq!(
        seeded.years.iter().map(|y| y.year).collect::<Vec<_>>(),
        [2019, 2021]
    );
    assert_eq!(seeded.configs.len(), 1);
    let run: String = json(
        app.call::<StartRun>(
            &[("slug", "kuzbass"), ("config", &seeded.configs[0].id)],
            &operator,
        )
        .await,
    )
    .await;
    let query = serde_json::json!({"status": "shnor", "sort": "school"});
    let view = run_query(&app, &operator, "kuzbass", &run, query).await;
    let found: Vec<&str> = view.rows.iter().map(|r| r.school_id.as_str()).collect();
    assert_eq!(found, ["42-LK-02", "42-LK-03", "42-LK-05"]);
    assert!(view.rows[0].name.contains("Ариничевская"));
}

#[tokio::test]
async fn an_external_list_is_uploaded_for_its_configuration_and_run() {
    let app = spawn_app().await;
    let operator = signed_in(&app, "orenburg", "op@orenburg.ru", "regional_operator", None).await;
    let config = overview(&app, &operator, "orenburg").await.configs.remove(0);
    assert_eq!(config.method, "external_list");
    let upload = |list: &'static str| {
        let form = reqwest::multipart::Form::new()
            .text("kind", "external_list")
            .text("target", config.id.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(list.as_bytes()).file_name("list.csv"),
            );
        app.client
            .post(format!("{}/r/orenburg/admin/identification/upload", app.address))
            .header("origin", &app.address)
            .header("cookie", &operator)
            .multipart(form)
            .send()
    };
    let id_of = |response: reqwest::Response| {
        let location = response.headers()["location"].to_str().unwrap().to_string();
        location.rsplit('/').next().unwrap().to_string()
    };
    // A status the configuration does not know is refused with its row.
    let refused = id_of(
        upload("school_id,status\n56-001,project_500\n56-002,shnor\n")
            .await
            .unwrap(),
    );
    let preview: app::identification::UploadPreview = json(
        app.call::<app::identification::GetUpload>(&[("slug", "orenburg"), ("id", &refused)], &operator)
            .await,
    )
    .await;
    assert_eq!(
        preview.error.as_deref(),
        Some("Строка 3, столбец «status»: статус «shnor» не описан в конфигурации (допустимы: project_500)")
    );
    let accepted = id_of(
        upload("school_id;status;reason\n56-001;project_500;перечень Минпросвещения\n")
            .await
            .unwrap(),
    );
    assert_eq!(
        app.call::<CommitUpload>(&[("slug", "orenburg"), ("id", &accepted)], &operator)
            .await
            .status(),
        200
    );
    let run: String = json(
        app.call::<StartRun>(&[("slug", "orenburg"), ("config", &config.id)], &operator)
            .await,
    )
    .await;
    let explanation: Explanation = json(
        app.call::<ExplainSchool>(
            &[("slug", "orenburg"), ("run", &run), ("school", "56-001")],
            &operator,
        )
        .await,
    )
    .await;
    assert_eq!(
        explanation.statuses,
        [(
            "Участник проекта «500+»".to_string(),
            "в загруженном списке: перечень Минпросвещения".to_string()
        )]
    );
}
