//! The dashboards' per-person tables (`dash_people`, `dash_measures`, `dash_growth`, migration
//! 20261210000002), kept by triggers on `attempts` and `attempt_answers`: a re-test moves the
//! latest measurement and the growth fact, deleting it moves them back, an attempt counts only
//! once half of its items are answered, finishing through the server fills them under
//! row-level security, and another region's rows never move.

use uuid::Uuid;

use crate::dashboards::result;
use crate::diagnostics::{person, take_teacher_diagnostic};
use crate::helpers::{spawn_app, tenant_id, TestApp};

/// A member of the region without a school, who never signs in.
async fn member(app: &TestApp, tenant: Uuid, email: &str) -> Uuid {
    let user: Uuid = sqlx::query_scalar(
        "insert into users (email, password_hash, full_name, email_confirmed_at)
         values ($1, 'x', 'Педагог Таблиц', now()) returning id",
    )
    .bind(email)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    sqlx::query("insert into memberships (tenant_id, user_id, position) values ($1, $2, 'teacher')")
        .bind(tenant)
        .bind(user)
        .execute(&app.owner)
        .await
        .unwrap();
    user
}

/// An attempt of `items` items, finished with `scores` or unfinished.
async fn attempt(
    app: &TestApp,
    tenant: Uuid,
    user: Uuid,
    scores: Option<&[(&str, f64)]>,
    retest_of: Option<Uuid>,
    items: &[Uuid],
) -> Uuid {
    sqlx::query_scalar(
        "insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, started_at, finished_at,
                               finished_by, result, retest_of)
         select $1, (select id from instruments where tenant_id = $1 limit 1), $2, $5, '[]',
                now() - interval '1 day', case when $3::jsonb is not null then clock_timestamp() end,
                case when $3::jsonb is not null then 'person' end, $3, $4
         returning id",
    )
    .bind(tenant)
    .bind(user)
    .bind(scores.map(result))
    .bind(retest_of)
    .bind(items)
    .fetch_one(&app.owner)
    .await
    .unwrap()
}

/// (started, finished, retested) of the person's `dash_people` row.
async fn marks(app: &TestApp, user: Uuid) -> Option<(bool, bool, bool)> {
    sqlx::query_as("select started, finished, retested from dash_people where user_id = $1")
        .bind(user)
        .fetch_optional(&app.owner)
        .await
        .unwrap()
}

/// (code, level, attempt) of the person's latest measurements.
async fn measures(app: &TestApp, user: Uuid) -> Vec<(String, String, Uuid)> {
    sqlx::query_as("select code, level, attempt_id from dash_measures where user_id = $1 order by code")
        .bind(user)
        .fetch_all(&app.owner)
        .await
        .unwrap()
}

/// (code, closed) of the person's growth fact.
async fn growth(app: &TestApp, user: Uuid) -> Vec<(String, bool)> {
    sqlx::query_as("select code, closed from dash_growth where user_id = $1 order by code")
        .bind(user)
        .fetch_all(&app.owner)
        .await
        .unwrap()
}

fn level(code: &str, level: &str, attempt: Uuid) -> (String, String, Uuid) {
    (code.to_string(), level.to_string(), attempt)
}

#[tokio::test]
async fn a_retest_moves_the_latest_measurement_and_deleting_it_moves_it_back() {
    let app = spawn_app().await;
    let (tenant, other) = (
        tenant_id(&app.owner, "khabarovsk").await,
        tenant_id(&app.owner, "kuzbass").await,
    );
    let neighbour = member(&app, other, "neighbour@tables.ru").await;
    let theirs = attempt(&app, other, neighbour, Some(&[("DX-1", 0.2)]), None, &[]).await;
    let user = member(&app, tenant, "retest@tables.ru").await;
    let first = attempt(
        &app,
        tenant,
        user,
        Some(&[("DX-1", 0.3), ("DX-2", 0.4)]),
        None,
        &[],
    )
    .await;
    assert_eq!(marks(&app, user).await, Some((true, true, false)));
    assert_eq!(
        measures(&app, user).await,
        [
            level("DX-1", "pronounced", first),
            level("DX-2", "pronounced", first)
        ]
    );

    // An unfinished re-test changes nothing; finishing it replaces both measurements.
    let retest = attempt(&app, tenant, user, None, Some(first), &[]).await;
    assert_eq!(measures(&app, user).await[1], level("DX-2", "pronounced", first));
    sqlx::query(
        "update attempts set finished_at = clock_timestamp(), finished_by = 'person', result = $2 where id = $1",
    )
    .bind(retest)
    .bind(result(&[("DX-1", 0.3), ("DX-2", 0.7)]))
    .execute(&app.owner)
    .await
    .unwrap();
    assert_eq!(marks(&app, user).await, Some((true, true, true)));
    assert_eq!(
        measures(&app, user).await,
        [
            level("DX-1", "pronounced", retest),
            level("DX-2", "partial", retest)
        ]
    );
    assert_eq!(
        growth(&app, user).await,
        [("DX-1".to_string(), false), ("DX-2".to_string(), true)]
    );

    sqlx::query("delete from attempts where id = $1")
        .bind(retest)
        .execute(&app.owner)
        .await
        .unwrap();
    assert_eq!(marks(&app, user).await, Some((true, true, false)));
    assert_eq!(
        measures(&app, user).await,
        [
            level("DX-1", "pronounced", first),
            level("DX-2", "pronounced", first)
        ]
    );
    assert!(growth(&app, user).await.is_empty());

    // The other region's person kept their row throughout.
    assert_eq!(marks(&app, neighbour).await, Some((true, true, false)));
    assert_eq!(
        measures(&app, neighbour).await,
        [level("DX-1", "pronounced", theirs)]
    );
    let tenants: Vec<Uuid> = sqlx::query_scalar("select tenant_id from dash_measures where user_id = $1")
        .bind(neighbour)
        .fetch_all(&app.owner)
        .await
        .unwrap();
    assert_eq!(tenants, [other]);
}

#[tokio::test]
async fn an_attempt_is_measured_only_while_half_of_its_items_are_answered() {
    let app = spawn_app().await;
    let tenant = tenant_id(&app.owner, "khabarovsk").await;
    let user = member(&app, tenant, "answers@tables.ru").await;
    let items = [Uuid::new_v4(), Uuid::new_v4()];
    // As the demo seed writes them: the finished attempt first, its answers after.
    let id = attempt(&app, tenant, user, Some(&[("DX-1", 0.3)]), None, &items).await;
    assert_eq!(marks(&app, user).await, Some((true, true, false)));
    assert!(measures(&app, user).await.is_empty());

    let answer = |chosen: serde_json::Value| {
        sqlx::query(
            "insert into attempt_answers (tenant_id, attempt_id, item_id, seq, answer) values ($1, $2, $3, 1, $4)
             on conflict (tenant_id, attempt_id, item_id) do update set answer = excluded.answer",
        )
        .bind(tenant)
        .bind(id)
        .bind(items[0])
        .bind(serde_json::json!({ "chosen": chosen }))
    };
    answer(serde_json::json!([1])).execute(&app.owner).await.unwrap();
    assert_eq!(measures(&app, user).await, [level("DX-1", "pronounced", id)]);
    answer(serde_json::json!([])).execute(&app.owner).await.unwrap();
    assert!(
        measures(&app, user).await.is_empty(),
        "an empty answer does not count"
    );
    answer(serde_json::json!([0])).execute(&app.owner).await.unwrap();
    sqlx::query("delete from attempt_answers where attempt_id = $1")
        .bind(id)
        .execute(&app.owner)
        .await
        .unwrap();
    assert!(measures(&app, user).await.is_empty());
}

#[tokio::test]
async fn finishing_through_the_server_fills_the_tables_under_row_level_security() {
    let app = spawn_app().await;
    let teacher = person(&app, "rls@tables.ru", "teacher", "teacher", Some("27-0001")).await;
    take_teacher_diagnostic(&app, &teacher, &["MET-2"]).await;
    let user: Uuid = sqlx::query_scalar("select id from users where email = 'rls@tables.ru'")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(marks(&app, user).await, Some((true, true, false)));
    let levels = measures(&app, user).await;
    assert!(levels.len() > 1, "{levels:?}");
    let met2: Vec<&str> = levels
        .iter()
        .filter(|(code, _, _)| code == "MET-2")
        .map(|(_, level, _)| level.as_str())
        .collect();
    assert_eq!(met2, ["pronounced"]);
    assert!(levels
        .iter()
        .filter(|(code, _, _)| code != "MET-2")
        .all(|(_, level, _)| level != "pronounced"));
}
