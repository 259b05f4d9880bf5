//! Tenant isolation by PostgreSQL itself: these statements are hand-written, with no
//! `WHERE tenant_id` of their own, so only row-level security can stop them.

use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::helpers::{spawn_app, tenant_id};

async fn as_tenant(app: &crate::helpers::TestApp, tenant: Uuid) -> Transaction<'static, Postgres> {
    app::state::begin_tenant(&app.app_role, tenant)
        .await
        .expect("tenant transaction")
}

async fn school_count_of(app: &crate::helpers::TestApp, tenant: Uuid) -> i64 {
    sqlx::query_scalar("select count(*) from schools where tenant_id = $1")
        .bind(tenant)
        .fetch_one(&app.owner)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_application_role_cannot_bypass_row_level_security() {
    let app = spawn_app().await;
    let (superuser, bypass): (bool, bool) =
        sqlx::query_as("select rolsuper, rolbypassrls from pg_roles where rolname = current_user")
            .fetch_one(&app.app_role)
            .await
            .unwrap();
    assert!(!superuser);
    assert!(!bypass);
}

#[tokio::test]
async fn without_the_tenant_setting_no_tenant_rows_are_visible() {
    let app = spawn_app().await;
    let owner_sees: i64 = sqlx::query_scalar("select count(*) from schools")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert!(owner_sees > 0, "the seed should have created schools");

    for table in ["schools", "municipalities"] {
        let visible: i64 = sqlx::query_scalar(&format!("select count(*) from {table}"))
            .fetch_one(&app.app_role)
            .await
            .unwrap();
        assert_eq!(visible, 0, "{table} visible without a tenant");
    }
}

#[tokio::test]
async fn with_region_a_set_a_select_of_region_b_returns_nothing() {
    let app = spawn_app().await;
    let khabarovsk = tenant_id(&app.owner, "khabarovsk").await;
    let kuzbass = tenant_id(&app.owner, "kuzbass").await;
    let mut tx = as_tenant(&app, khabarovsk).await;

    let own: i64 = sqlx::query_scalar("select count(*) from schools")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(own, school_count_of(&app, khabarovsk).await);

    let foreign: i64 = sqlx::query_scalar("select count(*) from schools where tenant_id = $1")
        .bind(kuzbass)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(foreign, 0);
}

#[tokio::test]
async fn with_region_a_set_an_update_or_delete_of_region_b_touches_nothing() {
    let app = spawn_app().await;
    let khabarovsk = tenant_id(&app.owner, "khabarovsk").await;
    let kuzbass = tenant_id(&app.owner, "kuzbass").await;
    let kuzbass_schools = school_count_of(&app, kuzbass).await;

    let mut tx = as_tenant(&app, khabarovsk).await;
    let updated = sqlx::query("update schools set name = 'взломано' where tenant_id = $1")
        .bind(kuzbass)
        .execute(&mut *tx)
        .await
        .unwrap()
        .rows_affected();
    let deleted = sqlx::query("delete from schools where tenant_id = $1")
        .bind(kuzbass)
        .execute(&mut *tx)
        .await
        .unwrap()
        .rows_affected();
    tx.commit().await.unwrap();

    assert_eq!((updated, deleted), (0, 0));
    assert_eq!(school_count_of(&app, kuzbass).await, kuzbass_schools);
    let tampered: i64 = sqlx::query_scalar("select count(*) from schools where name = 'взломано'")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(tampered, 0);
}

#[tokio::test]
async fn an_insert_of_a_row_for_another_tenant_is_refused() {
    let app = spawn_app().await;
    let khabarovsk = tenant_id(&app.owner, "khabarovsk").await;
    let kuzbass = tenant_id(&app.owner, "kuzbass").await;
    let mut tx = as_tenant(&app, khabarovsk).await;
    let error = sqlx::query("insert into municipalities (tenant_id, code, name, kind) values ($1, 'x', 'Чужой район', 'муниципальный район')")
        .bind(kuzbass)
        .execute(&mut *tx)
        .await
        .expect_err("row-level security must refuse the insert");
    let code = error
        .as_database_error()
        .and_then(|e| e.code())
        .map(|c| c.into_owned());
    assert_eq!(code.as_deref(), Some("42501"), "{error}");
}

#[tokio::test]
async fn an_update_cannot_move_a_row_into_another_tenant() {
    let app = spawn_app().await;
    let khabarovsk = tenant_id(&app.owner, "khabarovsk").await;
    let kuzbass = tenant_id(&app.owner, "kuzbass").await;
    let mut tx = as_tenant(&app, khabarovsk).await;
    let error = sqlx::query("update municipalities set tenant_id = $1")
        .bind(kuzbass)
        .execute(&mut *tx)
        .await
        .expect_err("moving rows to another tenant must be refused");
    assert!(
        error.to_string().contains("row-level security") || error.to_string().contains("violates"),
        "{error}"
    );
}

#[tokio::test]
async fn the_tenant_setting_does_not_outlive_its_transaction() {
    let app = spawn_app().await;
    let khabarovsk = tenant_id(&app.owner, "khabarovsk").await;
    let mut conn = app.app_role.acquire().await.unwrap();
    sqlx::query("begin").execute(&mut *conn).await.unwrap();
    sqlx::query("select set_config('rost.tenant_id', $1, true)")
        .bind(khabarovsk.to_string())
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query("commit").execute(&mut *conn).await.unwrap();
    let visible: i64 = sqlx::query_scalar("select count(*) from schools")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(
        visible, 0,
        "a pooled connection must not carry the previous tenant"
    );
}

#[tokio::test]
async fn the_application_role_cannot_change_the_list_of_regions() {
    let app = spawn_app().await;
    let error = sqlx::query("update tenants set name = 'x'")
        .execute(&app.app_role)
        .await
        .expect_err("tenants are read-only for the application");
    assert!(error.to_string().contains("permission denied"), "{error}");
}

#[tokio::test]
async fn every_table_with_a_tenant_has_a_row_level_security_policy() {
    let app = spawn_app().await;
    let unprotected: Vec<String> = sqlx::query_scalar(
        "select c.relname::text from pg_class c
         join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
         where c.relkind = 'r' and c.relnamespace = 'public'::regnamespace
           and not (c.relrowsecurity and exists (select 1 from pg_policy p where p.polrelid = c.oid))
         order by 1",
    )
    .fetch_all(&app.owner)
    .await
    .unwrap();
    // The outbox worker reads every region's mail, and e-mail links are redeemed at /confirm and
    // /reset, outside any region, by the token's hash: both are documented exceptions
    // (docs/architecture.md). Any new table must not join them.
    assert_eq!(unprotected, ["email_tokens", "outbox"]);
}

#[tokio::test]
async fn with_region_a_set_the_identification_data_of_region_b_is_invisible() {
    let app = spawn_app().await;
    let kuzbass = tenant_id(&app.owner, "kuzbass").await;
    let khabarovsk = tenant_id(&app.owner, "khabarovsk").await;
    let mut tx = as_tenant(&app, khabarovsk).await;
    let (years, configs): (i64, i64) = sqlx::query_as(
        "select (select count(*) from indicator_years), (select count(*) from identification_configs
                 where tenant_id = $1)",
    )
    .bind(kuzbass)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    assert_eq!(
        (years, configs),
        (0, 0),
        "Kuzbass has seeded data and a configuration, all hidden"
    );
    let deleted = sqlx::query("delete from identification_configs")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    let left: i64 = sqlx::query_scalar("select count(*) from identification_configs where tenant_id = $1")
        .bind(kuzbass)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert!(
        deleted.rows_affected() <= 1,
        "at most Khabarovsk's own configuration"
    );
    assert_eq!(left, 1);
}
