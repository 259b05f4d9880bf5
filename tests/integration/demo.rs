//! The full demo (issue 15): Khabarovsk's schools and three years of data on which its own
//! template finds each status for a minority; Orenburg's «500+» list; hundreds of people with
//! diagnostics, routes, completions, re-tests and certificates who cannot sign in; the five demo
//! sign-ins from the 0600 file; only where the switch allows; a second seeding changes nothing.

use std::os::unix::fs::PermissionsExt;

use app::identification::StartRun;

use crate::helpers::{logged_in, spawn_app, spawn_app_with, TestApp};
use crate::identification::{json, overview, run_view};

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.owner).await.unwrap()
}

/// (what, e-mail, password) of each line of the demo sign-ins file.
fn accounts(app: &TestApp) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(app.data_dir.join(server::seed::ACCOUNTS_FILE)).unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let (what, rest) = line.split_once(": ").unwrap();
            let (email, password) = rest.split_once(" / ").unwrap();
            (what.to_string(), email.to_string(), password.to_string())
        })
        .collect()
}

async fn totals(app: &TestApp) -> Vec<i64> {
    let mut all = Vec::new();
    for table in [
        "users",
        "memberships",
        "attempts",
        "attempt_answers",
        "routes",
        "enrolments",
        "retests",
        "certificate_job_items",
        "schools",
        "indicator_year_versions",
        "platform_admins",
    ] {
        all.push(count(app, &format!("select count(*) from {table}")).await);
    }
    all
}

#[tokio::test]
async fn the_full_demo_shows_the_mission_and_seeds_once() {
    let app = spawn_app_with(&[("ROST_DEMO_PEOPLE", "true".into())]).await;
    let khabarovsk = "(select id from tenants where slug = 'khabarovsk')";
    let schools = count(
        &app,
        &format!("select count(*) from schools where tenant_id = {khabarovsk}"),
    )
    .await;
    let municipalities = count(
        &app,
        &format!("select count(distinct municipality_id) from schools where tenant_id = {khabarovsk}"),
    )
    .await;
    assert!(
        schools >= 60 && municipalities >= 10,
        "{schools} schools in {municipalities}"
    );

    // The six sign-ins, from the owner-only file; the operator runs the region's template.
    let path = app.data_dir.join(server::seed::ACCOUNTS_FILE);
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let accounts = accounts(&app);
    assert_eq!(accounts.len(), 6);
    let mut operator = String::new();
    for (what, email, password) in &accounts {
        assert!(password.len() >= 20, "{what}");
        let cookies = logged_in(&app, "khabarovsk", email, password).await;
        if email.starts_with("operator@") {
            operator = cookies;
        }
    }
    let config = overview(&app, &operator, "khabarovsk").await.configs[0]
        .id
        .clone();
    let run: String = json(
        app.call::<StartRun>(&[("slug", "khabarovsk"), ("config", &config)], &operator)
            .await,
    )
    .await;
    let view = run_view(&app, &operator, &run).await;
    assert_eq!(view.years, [2023, 2024, 2025]);
    assert_eq!(view.total as i64, schools);
    for label in ["ШНРО", "Группа риска", "ШНСУ", "Стабильно высокие результаты"]
    {
        let n = view
            .counts
            .iter()
            .find(|(l, _)| l == label)
            .map_or(0, |(_, n)| *n);
        assert!(n > 0 && 2 * n < view.total, "{label}: {n} of {}", view.total);
    }

    // School support (issue 17): Khabarovsk's and Kuzbass's cases with curators and profiles.
    let support = count(
        &app,
        "select count(*) from support_cases c join tenants t on t.id = c.tenant_id
         where t.slug in ('khabarovsk', 'kuzbass') and c.curator_id is not null",
    )
    .await;
    let confirmed = count(
        &app,
        "select count(*) from support_profiles where confirmed_at is not null",
    )
    .await;
    assert!(
        support >= 9 && confirmed >= 3,
        "{support} cases with curators, {confirmed} confirmed"
    );

    // Orenburg's «500+» list is on its configuration.
    let listed = count(
        &app,
        "select count(*) from identification_configs c join tenants t on t.id = c.tenant_id
         where t.slug = 'orenburg' and c.external like 'school_id%'",
    )
    .await;
    assert_eq!(listed, 1);

    // People with finished first diagnostics, and some further along; none can sign in.
    let demo = format!("u.email like 'demo.%@{}'", server::seed::DEMO_DOMAIN);
    let people = count(&app, &format!("select count(*) from users u where {demo}")).await;
    let diagnosed = count(
        &app,
        &format!(
            "select count(distinct a.user_id) from attempts a join users u on u.id = a.user_id
             where {demo} and a.finished_at is not null and a.retest_of is null"
        ),
    )
    .await;
    assert!(people >= 400 && diagnosed == people, "{diagnosed} of {people}");
    for table in ["routes", "retests", "certificate_job_items"] {
        let n = count(
            &app,
            &format!("select count(*) from {table} x join users u on u.id = x.user_id where {demo}"),
        )
        .await;
        assert!(n >= 10 && n < people, "{table}: {n}");
    }
    let completed = count(
        &app,
        &format!("select count(distinct x.user_id) from enrolments x join users u on u.id = x.user_id where {demo} and x.status = 'completed'"),
    )
    .await;
    assert!(completed >= 10, "{completed}");
    let email: String = sqlx::query_scalar(&format!("select email from users u where {demo} limit 1"))
        .fetch_one(&app.owner)
        .await
        .unwrap();
    let refused = app
        .call::<app::accounts::Login>(
            &[
                ("slug", "khabarovsk"),
                ("email", &email),
                ("password", server::seed::NO_PASSWORD),
            ],
            "",
        )
        .await;
    assert_eq!(refused.status().as_u16(), 401, "a demo person cannot sign in");

    // A second seeding (as on the next start) changes nothing and keeps the file.
    let before = (totals(&app).await, std::fs::read_to_string(&path).unwrap());
    server::seed::seed_demo(&app.owner).await.unwrap();
    server::seed::seed_demo_data(&app.owner, &app.data_dir)
        .await
        .unwrap();
    assert_eq!(
        before,
        (totals(&app).await, std::fs::read_to_string(&path).unwrap())
    );
}

#[tokio::test]
async fn without_the_switch_there_are_no_demo_people_or_sign_ins() {
    let app = spawn_app().await;
    let demo = count(
        &app,
        &format!(
            "select count(*) from users where email like '%@{}'",
            server::seed::DEMO_DOMAIN
        ),
    )
    .await;
    assert_eq!(demo, 0);
    assert!(!app.data_dir.join(server::seed::ACCOUNTS_FILE).exists());
    let years = count(&app, "select count(*) from indicator_years y join tenants t on t.id = y.tenant_id where t.slug = 'khabarovsk'").await;
    assert_eq!(years, 0, "identification tests load their own Khabarovsk data");
}
