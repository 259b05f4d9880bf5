//! Reproducible runs (issue 16 §2): indicator data kept as immutable versions, runs that record
//! what they read, «Воспроизвести», the comparison with the current data, and retention.

use app::identification::versions::{content_sha256, delete_expired};
use app::identification::{
    CurrentDiff, DiffWithCurrent, ExplainSchool, Explanation, PublishRun, ReproduceRun, Reproduction,
    StartRun,
};

use crate::helpers::{run_result, signed_in, spawn_app, unpacked, TestApp};
use crate::identification::{error_of, json, load, overview, run_fixture, run_view};

/// 2024 again, with other results: 27-0003 falls to the bottom, 27-0301 rises to the top.
const NEW_2024: &str = "school_id,year,name,ege_ru,ege_ma
27-0001,2024,Школа № 3,72,66
27-0002,2024,Гимназия № 5,82,80
27-0003,2024,Вечерняя школа № 1,30,30
27-0101,2024,СОШ № 16,66,61
27-0102,2024,ООШ № 2,57,52
27-0201,2024,СОШ с. Троицкое,61,57
27-0202,2024,ООШ с. Джари,42,37
27-0301,2024,СОШ с. Богородское,90,90
";

async fn reproduce(app: &TestApp, cookies: &str, run: &str) -> Reproduction {
    json(
        app.call::<ReproduceRun>(&[("slug", "khabarovsk"), ("run", run)], cookies)
            .await,
    )
    .await
}

/// Why 27-0301 (in the worst quarter of 2024 in the fixture, at the top in `NEW_2024`) holds its
/// statuses in `run`.
async fn explain(app: &TestApp, cookies: &str, run: &str) -> Explanation {
    json(
        app.call::<ExplainSchool>(
            &[("slug", "khabarovsk"), ("run", run), ("school", "27-0301")],
            cookies,
        )
        .await,
    )
    .await
}

async fn start_run(app: &TestApp, cookies: &str, config_version: &str) -> String {
    json(
        app.call::<StartRun>(&[("slug", "khabarovsk"), ("config", config_version)], cookies)
            .await,
    )
    .await
}

/// The engine's output exactly as a run stored it.
async fn stored_result(app: &TestApp, run: &str) -> String {
    run_result(app, run).await
}

/// (year, version) of every stored version of the region, oldest first.
async fn versions(app: &TestApp) -> Vec<(i32, i32)> {
    sqlx::query_as(
        "select v.year, v.version from indicator_year_versions v join tenants t on t.id = v.tenant_id
         where t.slug = 'khabarovsk' order by v.year, v.version",
    )
    .fetch_all(&app.owner)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_run_reproduces_byte_for_byte_after_its_year_is_reimported_and_a_new_run_differs() {
    let app = spawn_app().await;
    let operator = signed_in(&app, "khabarovsk", "op@khkiro.ru", "regional_operator", None).await;
    let (old, config) = run_fixture(&app, &operator).await;
    let first = reproduce(&app, &operator, &old).await;
    assert!(first.identical, "{first:?}");
    assert_eq!(
        first.stored_sha256,
        content_sha256(&stored_result(&app, &old).await)
    );

    let explained = explain(&app, &operator, &old).await;
    assert!(!explained.data_changed);

    load(&app, &operator, "khabarovsk", "new2024.csv", NEW_2024.as_bytes()).await;
    assert_eq!(versions(&app).await, [(2023, 1), (2024, 1), (2024, 2)]);
    let after = explain(&app, &operator, &old).await;
    assert!(after.data_changed, "newer data is announced");
    assert_eq!(
        after.years, explained.years,
        "the old run is explained from the data it read, not from the new 2024"
    );
    let loaded = overview(&app, &operator, "khabarovsk").await.years;
    assert_eq!(
        loaded.iter().map(|y| (y.year, y.version)).collect::<Vec<_>>(),
        [(2023, 1), (2024, 2)]
    );

    let again = reproduce(&app, &operator, &old).await;
    assert!(again.identical, "the old run reads its own 2024: {again:?}");
    assert_eq!(again.recomputed_sha256, first.stored_sha256);

    let page = run_view(&app, &operator, &old).await;
    assert!(page.reproducible);
    assert_eq!(
        page.engine_version,
        Some(app::identification::engine::ENGINE_VERSION)
    );
    let years: Vec<(i32, i32, Option<i32>)> = page
        .data
        .iter()
        .map(|y| (y.year, y.version, y.newer.as_ref().map(|n| n.0)))
        .collect();
    assert_eq!(years, [(2023, 1, None), (2024, 1, Some(2))]);
    let contents: Vec<Vec<u8>> = sqlx::query_scalar(
        "select content_packed from indicator_year_versions v
         join tenants t on t.id = v.tenant_id where t.slug = 'khabarovsk' and v.version = 1 order by year",
    )
    .fetch_all(&app.owner)
    .await
    .unwrap();
    let mut hashes = Vec::new();
    for content in &contents {
        let hash: String = sqlx::query_scalar("select encode(sha256($1), 'hex')")
            .bind(unpacked(content).into_bytes())
            .fetch_one(&app.owner)
            .await
            .unwrap();
        hashes.push(hash);
    }
    assert_eq!(
        page.data.iter().map(|y| y.sha256.clone()).collect::<Vec<_>>(),
        hashes,
        "the run records the hash PostgreSQL computes of the content it read"
    );

    let new = start_run(&app, &operator, &config).await;
    assert_ne!(stored_result(&app, &new).await, stored_result(&app, &old).await);
    assert!(reproduce(&app, &operator, &new).await.identical);
    let explained_new = explain(&app, &operator, &new).await;
    assert_ne!(
        explained_new.years[0], explained.years[0],
        "the new run reads the new 2024"
    );
    let fresh = run_view(&app, &operator, &new).await;
    assert!(fresh.data.iter().all(|y| y.newer.is_none()));
    assert_eq!(fresh.data[1].version, 2);

    let diff: CurrentDiff = json(
        app.call::<DiffWithCurrent>(&[("slug", "khabarovsk"), ("run", &old)], &operator)
            .await,
    )
    .await;
    assert_eq!(diff.years, [2023, 2024]);
    assert_eq!(diff.changes.len(), 1, "{diff:?}");
    assert_eq!(diff.changes[0].status, "ШНРО");
    assert!(diff.changes[0].added.is_empty());
    assert_eq!(
        diff.changes[0].removed,
        [("27-0301".to_string(), "МБОУ СОШ с. Богородское".to_string())],
        "in the worst quarter both years before, at the top now"
    );
}

#[tokio::test]
async fn a_changed_stored_result_is_reported_as_not_identical() {
    let app = spawn_app().await;
    let operator = signed_in(&app, "khabarovsk", "op@khkiro.ru", "regional_operator", None).await;
    let (run, _) = run_fixture(&app, &operator).await;
    let changed = run_result(&app, &run).await.replace("\"low\"", "\"x\"");
    sqlx::query("update identification_runs set result = $2 where id = $1::uuid")
        .bind(&run)
        .bind(app::identification::packed::pack(changed.as_bytes()))
        .execute(&app.owner)
        .await
        .unwrap();
    let outcome = reproduce(&app, &operator, &run).await;
    assert!(!outcome.identical);
    assert_eq!(outcome.schools_differing, 2);
    assert_ne!(outcome.stored_sha256, outcome.recomputed_sha256);
}

#[tokio::test]
async fn a_run_made_before_versions_says_it_cannot_be_reproduced() {
    let app = spawn_app().await;
    let operator = signed_in(&app, "khabarovsk", "op@khkiro.ru", "regional_operator", None).await;
    let (run, _) = run_fixture(&app, &operator).await;
    sqlx::query("update identification_runs set inputs = null, engine_version = null where id = $1::uuid")
        .bind(&run)
        .execute(&app.owner)
        .await
        .unwrap();
    let (status, error) = error_of(
        app.call::<ReproduceRun>(&[("slug", "khabarovsk"), ("run", &run)], &operator)
            .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        error
            .to_string()
            .contains("до того, как данные стали храниться версиями"),
        "{error}"
    );
    assert!(!run_view(&app, &operator, &run).await.reproducible);
}

#[tokio::test]
async fn retention_deletes_old_unpublished_versions_and_never_a_published_runs() {
    let app = spawn_app().await;
    let operator = signed_in(&app, "khabarovsk", "op@khkiro.ru", "regional_operator", None).await;
    let (published, config) = run_fixture(&app, &operator).await;
    let answer = app
        .call::<PublishRun>(&[("slug", "khabarovsk"), ("run", &published)], &operator)
        .await;
    assert_eq!(answer.status(), 200);
    load(&app, &operator, "khabarovsk", "new2024.csv", NEW_2024.as_bytes()).await;
    let unpublished = start_run(&app, &operator, &config).await;
    let third = NEW_2024.replace("27-0102,2024,ООШ № 2,57,52", "27-0102,2024,ООШ № 2,58,52");
    load(&app, &operator, "khabarovsk", "third.csv", third.as_bytes()).await;
    assert_eq!(versions(&app).await, [(2023, 1), (2024, 1), (2024, 2), (2024, 3)]);

    assert_eq!(
        delete_expired(&app.app_role, 365).await.unwrap(),
        0,
        "all were replaced today"
    );
    sqlx::query("update indicator_year_versions set uploaded_at = uploaded_at - interval '400 days'")
        .execute(&app.owner)
        .await
        .unwrap();
    assert_eq!(delete_expired(&app.app_role, 365).await.unwrap(), 1);
    assert_eq!(
        versions(&app).await,
        [(2023, 1), (2024, 1), (2024, 3)],
        "the published run's 2024 and the current ones stay; the unpublished run's goes"
    );
    assert!(reproduce(&app, &operator, &published).await.identical);
    let (status, error) = error_of(
        app.call::<ReproduceRun>(&[("slug", "khabarovsk"), ("run", &unpublished)], &operator)
            .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(error.to_string().contains("удалена по сроку хранения"), "{error}");
    let page = run_view(&app, &operator, &unpublished).await;
    assert_eq!(
        page.data
            .iter()
            .map(|y| (y.year, y.version, y.kept))
            .collect::<Vec<_>>(),
        [(2023, 1, true), (2024, 2, false)],
        "the run still says what it read"
    );

    let refused = sqlx::query("delete from indicator_year_versions where year = 2024 and version = 1")
        .execute(&app.owner)
        .await;
    assert!(
        refused.is_err(),
        "the database itself keeps a published run's data"
    );
    assert_eq!(delete_expired(&app.app_role, 365).await.unwrap(), 0);
}
