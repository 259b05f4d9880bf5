//! Identification at web speed (issue 16 §5): data versions kept in columns give the same run
//! as their CSV, versions without columns still run, and an upload is read once.

use app::identification::{
    CommitUpload, CreateConfig, ExplainSchool, Explanation, GetUpload, StartRun, UploadPreview,
};

use crate::helpers::{run_result, signed_in, spawn_app, TestApp};
use crate::identification::{json, load, upload};

/// Three years of 40 schools in three groups, as Russian Excel saves them: decimal commas, empty
/// cells, a quoted name with `;`, a cluster, and indicators the configuration does not use (they
/// reach the result as attributes).
fn data() -> String {
    let mut text = String::from("\u{feff}school_id;year;group;name;cluster;a;b;c;d\n");
    for school in 0..40 {
        for year in 2022..2025 {
            let cell = |k: i32| {
                let v = (school * 37 + year * 11 + k * 7) % 101;
                if v % 17 == 0 {
                    String::new()
                } else {
                    format!("{},{}", v, (v * 3) % 10)
                }
            };
            text.push_str(&format!(
                "27-{school:04};{year};{};\"Школа \"\"№ {school}\"\"; филиал\";{};{};{};{};{}\n",
                ["secondary", "basic", "evening"][school as usize % 3],
                if school % 2 == 0 { "north" } else { "south" },
                cell(1),
                cell(2),
                cell(3),
                school - 20
            ));
        }
    }
    text
}

const CONFIG: &str = r#"{"method": "index_bands", "title": "Скорость", "labels": {"low": "ШНРО"}, "window_years": 3,
  "grouped": true,
  "indices": [{"code": "results", "orientation": "higher_is_better", "share": 0.25, "indicators": [
    {"code": "a", "normalization": "minmax", "direction": "direct"},
    {"code": "b", "normalization": "minmax", "direction": "inverse", "weight": 2}]}],
  "statuses": [{"code": "low", "index": "results", "band": "worst", "rule": {"kind": "at_least", "n": 2}}]}"#;

async fn create_config(app: &TestApp, cookies: &str) -> String {
    json(
        app.call::<CreateConfig>(
            &[("slug", "khabarovsk"), ("source", "json"), ("json", CONFIG)],
            cookies,
        )
        .await,
    )
    .await
}

async fn start_run(app: &TestApp, cookies: &str, config: &str) -> String {
    json(
        app.call::<StartRun>(&[("slug", "khabarovsk"), ("config", config)], cookies)
            .await,
    )
    .await
}

/// The run's stored result and analysis, as text.
async fn stored(app: &TestApp, run: &str) -> (String, String, String) {
    let (analysis, summary): (String, String) = sqlx::query_as(
        "select convert_from(analysis, 'UTF8'), summary::text from identification_runs where id = $1::uuid",
    )
    .bind(run)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    (run_result(app, run).await, analysis, summary)
}

async fn explain(app: &TestApp, cookies: &str, run: &str, school: &str) -> Explanation {
    json(
        app.call::<ExplainSchool>(
            &[("slug", "khabarovsk"), ("run", run), ("school", school)],
            cookies,
        )
        .await,
    )
    .await
}

/// How many of the region's versions have their columns.
async fn versions_in_columns(app: &TestApp) -> (i64, i64) {
    sqlx::query_as(
        "select count(*) filter (where data is not null), count(*) from indicator_year_versions v
         join tenants t on t.id = v.tenant_id where t.slug = 'khabarovsk'",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap()
}

/// Removes the columns of the region's versions matching `years`, as versions stored before
/// columns were kept have none (the owner may; the application may not change a version).
async fn drop_columns(app: &TestApp, years: &[i32]) {
    sqlx::query(
        "update indicator_year_versions v set data = null from tenants t
         where t.id = v.tenant_id and t.slug = 'khabarovsk' and v.year = any($1)",
    )
    .bind(years)
    .execute(&app.owner)
    .await
    .unwrap();
}

#[tokio::test]
async fn a_version_in_columns_runs_byte_for_byte_as_its_csv_and_one_without_columns_still_runs() {
    let app = spawn_app().await;
    let operator = signed_in(&app, "khabarovsk", "op@khkiro.ru", "regional_operator", None).await;
    load(&app, &operator, "khabarovsk", "data.csv", data().as_bytes()).await;
    assert_eq!(
        versions_in_columns(&app).await,
        (3, 3),
        "each new version has its columns"
    );
    let packed: (i64, i64) = sqlx::query_as(
        "select count(*) filter (where content is null and substring(content_packed for 4) = 'RLZ4'
                                  and substring(data for 4) = 'RLZ4'), count(*)
         from indicator_year_versions v join tenants t on t.id = v.tenant_id where t.slug = 'khabarovsk'",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(packed, (3, 3), "each year's CSV and columns are stored packed");
    let config = create_config(&app, &operator).await;

    let columns = start_run(&app, &operator, &config).await;
    let result_packed: bool = sqlx::query_scalar(
        "select substring(result for 4) = 'RLZ4' from identification_runs where id = $1::uuid",
    )
    .bind(&columns)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert!(result_packed, "the run's result is stored packed");
    drop_columns(&app, &[2023]).await;
    let mixed = start_run(&app, &operator, &config).await;
    drop_columns(&app, &[2022, 2023, 2024]).await;
    assert_eq!(versions_in_columns(&app).await, (0, 3));
    let csv = start_run(&app, &operator, &config).await;

    let (result, analysis, summary) = stored(&app, &csv).await;
    let counts: serde_json::Value = serde_json::from_str(&summary).unwrap();
    assert!(counts["counts"]["low"].as_u64().unwrap() > 0, "{summary}");
    assert!(
        result.contains("\"d\":\"-20\""),
        "unused indicators are carried as written: {result}"
    );
    assert!(result.contains("Школа \\\"№ 0\\\"; филиал"), "{result}");
    for run in [&columns, &mixed] {
        assert_eq!(
            stored(&app, run).await,
            (result.clone(), analysis.clone(), summary.clone())
        );
    }
    for school in ["27-0000", "27-0007", "27-0039"] {
        let from_csv = explain(&app, &operator, &csv, school).await;
        assert_eq!(explain(&app, &operator, &columns, school).await, from_csv);
        assert!(!from_csv.years.is_empty());
    }
}

#[tokio::test]
async fn an_indicator_upload_is_read_once_when_received() {
    let app = spawn_app().await;
    let operator = signed_in(&app, "khabarovsk", "op@khkiro.ru", "regional_operator", None).await;
    let (status, id) = upload(
        &app,
        &operator,
        "khabarovsk",
        "indicators",
        "data.csv",
        data().into_bytes(),
    )
    .await;
    assert_eq!(status, 303);
    // What the file became is kept by year; the text of each year is no longer a file to read.
    // Were the preview or the commit to parse it again, this would fail them.
    sqlx::query(
        "update identification_upload_years set content = 'не CSV\"', content_packed = null where upload_id = $1::uuid",
    )
        .bind(&id)
        .execute(&app.owner)
        .await
        .unwrap();
    let preview: UploadPreview = json(
        app.call::<GetUpload>(&[("slug", "khabarovsk"), ("id", &id)], &operator)
            .await,
    )
    .await;
    assert_eq!(preview.error, None);
    assert_eq!(preview.rows, 120);
    assert_eq!(
        preview
            .years
            .iter()
            .map(|(y, _)| (y.year, y.schools))
            .collect::<Vec<_>>(),
        [(2022, 40), (2023, 40), (2024, 40)]
    );
    assert_eq!(preview.header[..4], ["school_id", "year", "group", "name"]);
    assert_eq!(preview.sample[0][..2], ["27-0000", "2022"]);
    assert_eq!(preview.sample.len(), 10);
    let committed = app
        .call::<CommitUpload>(&[("slug", "khabarovsk"), ("id", &id)], &operator)
        .await;
    assert_eq!(committed.status(), 200);
    let contents: Vec<String> = sqlx::query_scalar(
        "select content from indicator_year_versions v join tenants t on t.id = v.tenant_id
         where t.slug = 'khabarovsk' order by year",
    )
    .fetch_all(&app.owner)
    .await
    .unwrap();
    assert_eq!(contents, ["не CSV\""; 3], "the commit copied what was kept");
    let config = create_config(&app, &operator).await;
    let run = start_run(&app, &operator, &config).await;
    assert!(
        stored(&app, &run).await.0.contains("27-0039"),
        "the run reads the columns"
    );
    let left: i64 = sqlx::query_scalar("select count(*) from identification_upload_years")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(left, 0, "the committed upload is gone with its years");
}
