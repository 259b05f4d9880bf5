//! Clusters of schools (issue 16 §3): loaded with the registry, set by hand by the region's
//! operator (audited), and given by the registry to indicator rows without one in a run, which
//! records them so that reproducing it gives the same result.

use app::error::AppError;
use app::identification::clusters::SetSchoolCluster;
use app::identification::{
    CommitUpload, CreateConfig, CurrentDiff, DiffWithCurrent, GetSchools, GetUpload, RegistryRow,
    ReproduceRun, Reproduction, StartRun, UploadPreview,
};

use crate::helpers::{signed_in, spawn_app, TestApp};
use crate::identification::{error_of, json, load, run_view, upload};

const SLUG: &str = "khabarovsk";
const FIXTURE: &str = include_str!("../fixtures/khabarovsk_indicators.csv");

/// Low Russian anywhere; low mathematics only in the cluster «село»; and both.
const CONFIG: &str = r#"{"method": "flag_count", "title": "Кластеры", "window_years": 1,
  "labels": {"both": "Оба предмета"},
  "indicators": [{"code": "ege_ru", "op": "lt", "value": 60}, {"code": "ege_ma", "op": "lt", "value": 60}],
  "statuses": [
    {"code": "low_ru", "indicators": ["ege_ru"], "rule": {"year": 0, "min_flags": 1}},
    {"code": "low_ma", "indicators": ["ege_ma"], "rule": {"year": 0, "min_flags": 1}, "where": {"cluster": ["село"]}}],
  "combined": [{"code": "both", "combine": {"all_of": ["low_ru", "low_ma"]}}]}"#;

async fn schools(app: &TestApp, cookies: &str) -> Vec<RegistryRow> {
    json(app.call::<GetSchools>(&[("slug", SLUG)], cookies).await).await
}

async fn cluster_of(app: &TestApp, code: &str) -> Option<String> {
    sqlx::query_scalar(
        "select s.cluster from schools s join tenants t on t.id = s.tenant_id
         where t.slug = $1 and s.code = $2",
    )
    .bind(SLUG)
    .bind(code)
    .fetch_one(&app.owner)
    .await
    .unwrap()
}

async fn set(app: &TestApp, cookies: &str, slug: &str, school: &str, cluster: &str) -> reqwest::Response {
    app.call::<SetSchoolCluster>(
        &[("slug", slug), ("school", school), ("cluster", cluster)],
        cookies,
    )
    .await
}

#[tokio::test]
async fn the_registry_takes_an_optional_cluster_and_names_the_row_of_a_bad_one() {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "registry@khkiro.ru", "regional_operator", None).await;
    let good = "Код;Наименование;Муниципалитет;Группа;Местность;Кластер\nT-1;Школа Альфа;Тестовый округ;secondary;город;Город\nT-2;Школа Бета;Тестовый округ;basic;село;\n";
    let (status, id) = upload(&app, &operator, SLUG, "schools", "реестр.csv", good.into()).await;
    assert_eq!(status, 303);
    let committed = app
        .call::<CommitUpload>(&[("slug", SLUG), ("id", &id)], &operator)
        .await;
    assert_eq!(committed.status(), 200);
    assert_eq!(cluster_of(&app, "T-1").await.as_deref(), Some("Город"));
    assert_eq!(cluster_of(&app, "T-2").await, None);
    let listed = schools(&app, &operator).await;
    let alpha = listed.iter().find(|s| s.code == "T-1").unwrap();
    assert_eq!(
        alpha.cluster.as_deref(),
        Some("Город"),
        "the registry list shows it"
    );

    // A bad cell in row 3: the preview names row and column, and nothing is stored.
    let before = schools(&app, &operator).await.len();
    let bad = "Код;Наименование;Муниципалитет;Группа;Местность;Кластер\nT-1;Школа Альфа;Тестовый округ;secondary;город;Село\nT-3;Школа Гамма;Тестовый округ;basic;село;\"Село, север\"\n";
    let (_, id) = upload(&app, &operator, SLUG, "schools", "реестр.csv", bad.into()).await;
    let preview: UploadPreview = json(
        app.call::<GetUpload>(&[("slug", SLUG), ("id", &id)], &operator)
            .await,
    )
    .await;
    assert_eq!(
        preview.error.as_deref(),
        Some("Строка 3, столбец «cluster»: «Село, север» — название кластера: до 64 знаков, без запятых и точек с запятой")
    );
    let (status, error) = error_of(
        app.call::<CommitUpload>(&[("slug", SLUG), ("id", &id)], &operator)
            .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(matches!(error, AppError::Invalid { .. }));
    assert_eq!(schools(&app, &operator).await.len(), before, "no school added");
    assert_eq!(
        cluster_of(&app, "T-1").await.as_deref(),
        Some("Город"),
        "no cluster changed"
    );

    // A registry without the column keeps the clusters set before.
    let plain =
        "school_id,name,municipality,group,locality\nT-1,Школа Альфа,Тестовый округ,secondary,город\n";
    let (_, id) = upload(&app, &operator, SLUG, "schools", "реестр.csv", plain.into()).await;
    let committed = app
        .call::<CommitUpload>(&[("slug", SLUG), ("id", &id)], &operator)
        .await;
    assert_eq!(committed.status(), 200);
    assert_eq!(cluster_of(&app, "T-1").await.as_deref(), Some("Город"));
}

#[tokio::test]
async fn only_the_regions_operator_sets_a_cluster_and_every_change_is_audited() {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "op@khkiro.ru", "regional_operator", None).await;
    let teacher = signed_in(&app, SLUG, "teacher@school.ru", "teacher", None).await;
    let other = signed_in(&app, "kuzbass", "op@kuzbass.ru", "regional_operator", None).await;

    assert_eq!(
        set(&app, &operator, SLUG, "27-0001", " Город ").await.status(),
        200
    );
    assert_eq!(cluster_of(&app, "27-0001").await.as_deref(), Some("Город"));
    assert_eq!(set(&app, &operator, SLUG, "27-0001", "Село").await.status(), 200);
    assert_eq!(set(&app, &operator, SLUG, "27-0001", "").await.status(), 200);
    assert_eq!(
        cluster_of(&app, "27-0001").await,
        None,
        "an empty cluster clears it"
    );
    let audited: Vec<serde_json::Value> =
        sqlx::query_scalar("select details from audit_log where action = 'school_cluster' order by id")
            .fetch_all(&app.owner)
            .await
            .unwrap();
    assert_eq!(
        audited,
        [
            serde_json::json!({"school": "27-0001", "cluster": "Город", "previous": null}),
            serde_json::json!({"school": "27-0001", "cluster": "Село", "previous": "Город"}),
            serde_json::json!({"school": "27-0001", "cluster": null, "previous": "Село"}),
        ]
    );

    for cookies in [&teacher, &other] {
        let (status, error) = error_of(set(&app, cookies, SLUG, "27-0001", "Чужой").await).await;
        assert_eq!((status, error), (403, AppError::Forbidden));
    }
    let (status, _) = error_of(set(&app, "", SLUG, "27-0001", "Чужой").await).await;
    assert_eq!(status, 401);
    // Another region's operator in their own region cannot reach this region's school by code.
    let (status, error) = error_of(set(&app, &other, "kuzbass", "27-0001", "Чужой").await).await;
    assert_eq!(status, 400);
    assert!(
        matches!(&error, AppError::Invalid { field, .. } if field == "school"),
        "{error:?}"
    );
    assert_eq!(cluster_of(&app, "27-0001").await, None);

    let (status, error) = error_of(set(&app, &operator, SLUG, "27-0001", "Село; север").await).await;
    assert_eq!(status, 400);
    assert_eq!(
        error.to_string(),
        "Поле «Кластер»: «Село; север» — название кластера: до 64 знаков, без запятых и точек с запятой"
    );
    let (_, error) = error_of(set(&app, &operator, SLUG, "нет-такой", "Село").await).await;
    assert_eq!(
        error.to_string(),
        "Поле «Код школы»: школы с кодом «нет-такой» нет в реестре региона"
    );
}

#[tokio::test]
async fn rows_without_a_cluster_take_the_registrys_and_the_run_reproduces_with_them() {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "op@khkiro.ru", "regional_operator", None).await;
    load(&app, &operator, SLUG, "data.csv", FIXTURE.as_bytes()).await;
    for (school, cluster) in [
        ("27-0003", "город"),
        ("27-0201", "село"),
        ("27-0202", "село"),
        ("27-0301", "село"),
    ] {
        assert_eq!(set(&app, &operator, SLUG, school, cluster).await.status(), 200);
    }
    let config: String = json(
        app.call::<CreateConfig>(&[("slug", SLUG), ("source", "json"), ("json", CONFIG)], &operator)
            .await,
    )
    .await;
    let run: String = json(
        app.call::<StartRun>(&[("slug", SLUG), ("config", &config)], &operator)
            .await,
    )
    .await;
    let view = run_view(&app, &operator, &run).await;
    let holding = |label: &str| -> Vec<String> {
        let mut codes: Vec<String> = view
            .rows
            .iter()
            .filter(|r| r.statuses.iter().any(|s| s == label))
            .map(|r| r.school_id.clone())
            .collect();
        codes.sort();
        codes
    };
    // 2024: Russian below 60 at 0003, 0102, 0202, 0301; mathematics at 0003, 0102, 0201, 0202,
    // 0301, of which only the «село» schools count.
    assert_eq!(holding("low_ru"), ["27-0003", "27-0102", "27-0202", "27-0301"]);
    assert_eq!(holding("low_ma"), ["27-0201", "27-0202", "27-0301"]);
    assert_eq!(holding("Оба предмета"), ["27-0202", "27-0301"]);
    let inputs: serde_json::Value = sqlx::query_scalar(
        "select convert_from(inputs, 'UTF8')::json from identification_runs where id = $1::uuid",
    )
    .bind(&run)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(
        inputs["clusters"],
        serde_json::json!({"27-0003": "город", "27-0201": "село", "27-0202": "село", "27-0301": "село"})
    );

    // The registry changes; the run still reproduces from what it recorded, and the comparison
    // with the current data shows what the change does.
    assert_eq!(set(&app, &operator, SLUG, "27-0301", "город").await.status(), 200);
    let reproduced: Reproduction = json(
        app.call::<ReproduceRun>(&[("slug", SLUG), ("run", &run)], &operator)
            .await,
    )
    .await;
    assert!(reproduced.identical, "{reproduced:?}");
    let diff: CurrentDiff = json(
        app.call::<DiffWithCurrent>(&[("slug", SLUG), ("run", &run)], &operator)
            .await,
    )
    .await;
    let both = diff.changes.iter().find(|c| c.status == "Оба предмета").unwrap();
    assert_eq!(
        both.removed.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(),
        ["27-0301"]
    );
    assert!(both.added.is_empty());
}
