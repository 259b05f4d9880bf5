//! The public check answers from memory (`certificates::verify_cache`) and still never shows a
//! stale record: a change made by another server process reaches it through PostgreSQL.

use std::time::{Duration, Instant};

use app::certificates::IssueEligible;

use crate::certificates::{graduate, json, wait_for_job, SLUG};
use crate::helpers::{signed_in, spawn_app, TestApp};

const NAME: &str = "Кузнецова Ольга Игоревна";

async fn issued(app: &TestApp) -> String {
    let admin = signed_in(app, SLUG, "cert-admin@khabarovsk.ru", "certificate_admin", None).await;
    let (user, _) = graduate(app, "kuznetsova@school.ru", NAME).await;
    let form = [("slug", SLUG), ("users[0]", &user.to_string())];
    let job: String = json(app.call::<IssueEligible>(&form, &admin).await).await;
    wait_for_job(app, &admin, &job).await;
    sqlx::query_scalar("select number from certificates where user_id = $1")
        .bind(user)
        .fetch_one(&app.owner)
        .await
        .expect("the certificate")
}

/// The page of `number` once it contains `text`, within five seconds.
async fn page_showing(app: &TestApp, number: &str, text: &str) -> String {
    let started = Instant::now();
    loop {
        let surname = app::downloads::percent_encode("Кузнецова");
        let (_, page) = app.get_text(&format!("/verify/{number}?surname={surname}")).await;
        if page.contains(text) || started.elapsed() > Duration::from_secs(5) {
            return page;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the server listens to the triggers' channel (records are kept from then on).
async fn listening(app: &TestApp) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        let listeners: i64 = sqlx::query_scalar(
            "select count(*) from pg_stat_activity where datname = $1 and query ilike 'listen%rost_verify_changed%'",
        )
        .bind(&app.database)
        .fetch_one(&app.owner)
        .await
        .unwrap();
        if listeners > 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server never listened to rost_verify_changed");
}

#[tokio::test]
async fn a_checked_number_is_answered_from_memory_until_it_changes() {
    let app = spawn_app().await;
    let number = issued(&app).await;
    listening(&app).await;
    assert!(page_showing(&app, &number, NAME).await.contains(NAME));

    // A write that fires no notification (triggers off) is invisible while the record is kept:
    // the page no longer reads the database.
    // (Each statement commits on its own: the dashboards' deferred trigger is pending until then.)
    for statement in [
        "alter table certificates disable trigger certificates_verify_changed",
        "update certificates set full_name = 'Кузнецова Ольга Петровна' where number = $1",
        "alter table certificates enable trigger certificates_verify_changed",
    ] {
        sqlx::query(statement)
            .bind(&number)
            .execute(&app.owner)
            .await
            .unwrap();
    }
    let page = page_showing(&app, &number, NAME).await;
    assert!(page.contains(NAME) && !page.contains("Петровна"), "{page}");

    // Another server process revokes it: the notification drops the record at once.
    sqlx::query(
        "update certificates set revoked_at = now(), revoke_category = 'error', revoke_reason = 'x'
         where number = $1",
    )
    .bind(&number)
    .execute(&app.owner)
    .await
    .unwrap();
    let page = page_showing(&app, &number, "Сертификат отозван").await;
    assert!(page.contains("Сертификат отозван"), "{page}");
    assert!(page.contains("Кузнецова Ольга Петровна"), "read again: {page}");

    // A region renamed elsewhere drops every record of every region.
    sqlx::query("update tenants set name = 'Хабаровский край (переименован)' where slug = $1")
        .bind(SLUG)
        .execute(&app.owner)
        .await
        .unwrap();
    let page = page_showing(&app, &number, "(переименован)").await;
    assert!(page.contains("(переименован)"), "{page}");
}
