//! Accounts end to end against a real SMTP server.

use std::{collections::BTreeMap, time::Duration};

use app::{
    accounts::{ConfirmEmail, GetProfile, Login, Logout, Register, RequestPasswordReset, ResetPassword},
    error::AppError,
};

use crate::{
    helpers::{spawn_app_with_smtp, TestApp},
    mail::{free_port, link, MailServer},
};

const PASSWORD: &str = "Амурский-тигр-2026";

/// Cookies as a browser keeps them: set by Set-Cookie, removed by Max-Age=0.
#[derive(Default, Clone)]
struct Jar(BTreeMap<String, String>);

impl Jar {
    fn take(&mut self, response: &reqwest::Response) {
        for value in response.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap();
            let (pair, attributes) = text.split_once(';').unwrap_or((text, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.0.remove(name);
            } else {
                self.0.insert(name.to_string(), value.to_string());
            }
        }
    }

    fn header(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn get(&self, name: &str) -> Option<&String> {
        self.0.get(name)
    }
}

async fn error_of(response: reqwest::Response) -> AppError {
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not an AppError: {text}"))
}

/// A school of the region and its municipality, as the registration form offers them.
pub(crate) async fn school_of(app: &TestApp, slug: &str) -> (String, String) {
    let (school, municipality): (uuid::Uuid, uuid::Uuid) = sqlx::query_as(
        "select s.id, s.municipality_id from schools s join tenants t on t.id = s.tenant_id
         where t.slug = $1 order by s.code limit 1",
    )
    .bind(slug)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    (school.to_string(), municipality.to_string())
}

async fn register(app: &TestApp, email: &str) -> reqwest::Response {
    let (school, municipality) = school_of(app, "khabarovsk").await;
    app.call::<Register>(
        &[
            ("form[slug]", "khabarovsk"),
            ("form[full_name]", "Иванова Мария Петровна"),
            ("form[email]", email),
            ("form[municipality_id]", &municipality),
            ("form[school_id]", &school),
            ("form[position]", "teacher"),
            ("form[subjects]", "математика, информатика"),
            ("form[experience_years]", "12"),
            ("form[consent]", "on"),
        ],
        "",
    )
    .await
}

async fn login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.call::<Login>(
        &[("slug", "khabarovsk"), ("email", email), ("password", password)],
        "",
    )
    .await
}

fn token_of(link: &str) -> String {
    link.split("token=").nth(1).unwrap().to_string()
}

/// Registers, follows the confirmation e-mail (setting the password there) and returns the
/// signed-in cookie jar.
async fn registered_and_logged_in(app: &TestApp, mail: &MailServer, email: &str) -> Jar {
    assert_eq!(register(app, email).await.status(), 200);
    let message = mail.wait_for(email, 1, Duration::from_secs(20)).await.remove(0);
    let token = token_of(&link(&message, "/confirm?token="));
    assert_eq!(
        app.call::<ConfirmEmail>(&[("token", &token), ("password", PASSWORD)], "")
            .await
            .status(),
        200
    );
    let response = login(app, email, PASSWORD).await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{}",
        response.status()
    );
    let mut jar = Jar::default();
    jar.take(&response);
    jar
}

#[tokio::test]
async fn registration_mails_a_link_that_confirms_the_address_and_then_login_works() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;

    assert_eq!(register(&app, "maria@school27.ru").await.status(), 200);
    let messages = mail
        .wait_for("maria@school27.ru", 1, Duration::from_secs(20))
        .await;
    assert!(
        messages[0].contains("Хабаровский край"),
        "the e-mail names the region"
    );
    let confirm = link(&messages[0], "/confirm?token=");
    assert!(confirm.starts_with(&app.address));

    // Until the address is confirmed the account has no password anyone knows.
    let refused = login(&app, "maria@school27.ru", PASSWORD).await;
    assert_eq!(error_of(refused).await, AppError::BadCredentials);

    // The confirmation page sets the password, and refuses a weak one naming the field.
    let token = token_of(&confirm);
    for weak in ["", "qwerty123", "коротко"] {
        let refused = app
            .call::<ConfirmEmail>(&[("token", &token), ("password", weak)], "")
            .await;
        match error_of(refused).await {
            AppError::Invalid { field, message } => {
                assert_eq!(field, "password", "{message}");
                assert!(
                    message.chars().any(|c| ('а'..='я').contains(&c)),
                    "Russian: {message}"
                );
            }
            other => panic!("expected a password error for «{weak}», got {other:?}"),
        }
    }
    let chosen = "Пароль-из-подтверждения";
    let confirmed = app
        .call::<ConfirmEmail>(&[("token", &token), ("password", chosen)], "")
        .await;
    assert_eq!(confirmed.text().await.unwrap(), "\"khabarovsk\"");
    let again = app
        .call::<ConfirmEmail>(&[("token", &token), ("password", chosen)], "")
        .await;
    assert_eq!(
        error_of(again).await,
        AppError::TokenInvalid,
        "the link is single-use"
    );
    assert_eq!(
        error_of(login(&app, "maria@school27.ru", PASSWORD).await).await,
        AppError::BadCredentials,
        "only the password chosen on confirmation opens the account"
    );

    let response = login(&app, "MARIA@school27.ru ", chosen).await;
    let mut jar = Jar::default();
    jar.take(&response);
    assert!(jar.get("rost_access").is_some() && jar.get("rost_refresh").is_some());
    let set_cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect::<Vec<_>>();
    assert!(
        set_cookie
            .iter()
            .all(|c| c.contains("HttpOnly") && c.contains("SameSite=Lax")),
        "{set_cookie:?}"
    );

    let cabinet = app.get_with_cookies("/r/khabarovsk/cabinet", &jar.header()).await;
    assert_eq!(cabinet.status(), 200);
    let page = cabinet.text().await.unwrap();
    assert!(
        page.contains("Иванова Мария Петровна") && page.contains("педагог"),
        "{page}"
    );
}

#[tokio::test]
async fn registration_errors_name_the_field_in_russian() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let (school, municipality) = school_of(&app, "khabarovsk").await;
    let (foreign_school, _) = school_of(&app, "kuzbass").await;
    let base = |school: String, consent: &'static str| {
        vec![
            ("form[slug]", "khabarovsk".to_string()),
            ("form[full_name]", "Петров Пётр".to_string()),
            ("form[email]", "petrov@school27.ru".to_string()),
            ("form[municipality_id]", municipality.clone()),
            ("form[school_id]", school),
            ("form[position]", "teacher".to_string()),
            ("form[subjects]", String::new()),
            ("form[experience_years]", String::new()),
            ("form[consent]", consent.to_string()),
        ]
    };
    let cases = [
        (base(foreign_school, "on"), "school_id"),
        (base(school.clone(), ""), "consent"),
    ];
    for (form, field) in cases {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        match error_of(app.call::<Register>(&form, "").await).await {
            AppError::Invalid {
                field: named,
                message,
            } => {
                assert_eq!(named, field, "{message}");
                assert!(
                    message.chars().any(|c| ('а'..='я').contains(&c)),
                    "Russian: {message}"
                );
            }
            other => panic!("expected a field error for {field}, got {other:?}"),
        }
    }
    // The demo club's seeded people aside.
    let users: i64 = sqlx::query_scalar("select count(*) from users where email not like '%.club.example'")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(users, 0, "nothing is stored from a refused form");
}

#[tokio::test]
async fn password_recovery_end_to_end_revokes_every_session() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let email = "olga@school27.ru";
    let old_session = registered_and_logged_in(&app, &mail, email).await;

    let requested = app
        .call::<RequestPasswordReset>(&[("slug", "khabarovsk"), ("email", email)], "")
        .await;
    assert_eq!(requested.status(), 200);
    let messages = mail.wait_for(email, 2, Duration::from_secs(20)).await;
    let reset = messages
        .iter()
        .find(|m| m.contains("/reset?token="))
        .expect("a reset e-mail");
    let token = token_of(&link(reset, "/reset?token="));

    let weak = app
        .call::<ResetPassword>(&[("token", &token), ("password", "12345678")], "")
        .await;
    assert!(matches!(error_of(weak).await, AppError::Invalid { .. }));
    let done = app
        .call::<ResetPassword>(&[("token", &token), ("password", "Новый-пароль-Амур")], "")
        .await;
    assert_eq!(done.status(), 200);

    let changed = mail.wait_for(email, 3, Duration::from_secs(20)).await;
    assert!(changed
        .iter()
        .any(|m| m.contains("Пароль от вашего личного кабинета изменён")));
    assert_eq!(
        error_of(login(&app, email, PASSWORD).await).await,
        AppError::BadCredentials
    );
    let relogin = login(&app, email, "Новый-пароль-Амур").await.status();
    assert!(relogin.is_success() || relogin.is_redirection(), "{relogin}");

    // The old session's refresh token no longer works.
    let refresh_only = format!("rost_refresh={}", old_session.get("rost_refresh").unwrap());
    assert_eq!(
        app.get_with_cookies("/r/khabarovsk/cabinet", &refresh_only)
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn recovery_answers_the_same_for_unknown_addresses() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    registered_and_logged_in(&app, &mail, "known@school27.ru").await;
    let known = app
        .call::<RequestPasswordReset>(&[("slug", "khabarovsk"), ("email", "known@school27.ru")], "")
        .await;
    let unknown = app
        .call::<RequestPasswordReset>(&[("slug", "khabarovsk"), ("email", "nobody@school27.ru")], "")
        .await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(mail.messages_to("nobody@school27.ru").is_empty());
}

#[tokio::test]
async fn repeated_failures_lock_the_account_briefly_and_tell_its_owner() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let email = "locked@school27.ru";
    registered_and_logged_in(&app, &mail, email).await;
    for _ in 0..5 {
        assert_eq!(
            error_of(login(&app, email, "не тот пароль").await).await,
            AppError::BadCredentials
        );
    }
    assert_eq!(
        error_of(login(&app, email, PASSWORD).await).await,
        AppError::BadCredentials,
        "locked, and answering like a wrong password"
    );
    let events: i64 = sqlx::query_scalar("select count(*) from audit_log where action = 'login_failed'")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(events, 5, "failures are in the audit log");
    let messages = mail.wait_for(email, 2, Duration::from_secs(20)).await;
    let warning = messages
        .iter()
        .find(|m| m.contains("/r/khabarovsk/recover"))
        .expect("the owner is told of the lock");
    assert!(warning.contains("5 раз"), "{warning}");

    // However long the guessing goes on, one lock lasts at most a quarter of an hour.
    sqlx::query("update users set failed_logins = 40, locked_until = null where email = $1")
        .bind(email)
        .execute(&app.owner)
        .await
        .unwrap();
    login(&app, email, "не тот пароль").await;
    let minutes: f64 = sqlx::query_scalar(
        "select extract(epoch from locked_until - now())::float8 / 60 from users where email = $1",
    )
    .bind(email)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert!((14.0..=15.0).contains(&minutes), "{minutes}");
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        mail.messages_to(email).len(),
        2,
        "one warning per series, not per failure"
    );
}

#[tokio::test]
async fn a_reused_refresh_token_revokes_the_whole_family() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let jar = registered_and_logged_in(&app, &mail, "family@school27.ru").await;
    let first = format!("rost_refresh={}", jar.get("rost_refresh").unwrap());

    // The access token is gone (expired); the refresh token rotates.
    let rotated = app.get_with_cookies("/r/khabarovsk/cabinet", &first).await;
    assert_eq!(rotated.status(), 200);
    let mut after = Jar::default();
    after.take(&rotated);
    let second = format!(
        "rost_refresh={}",
        after.get("rost_refresh").expect("a new refresh token")
    );
    assert_ne!(first, second);

    // Past the grace window, the old token comes back: a thief. Everything is revoked.
    sqlx::query(
        "update refresh_tokens set rotated_at = now() - interval '1 minute' where rotated_at is not null",
    )
    .execute(&app.owner)
    .await
    .unwrap();
    assert_eq!(
        app.get_with_cookies("/r/khabarovsk/cabinet", &first)
            .await
            .status(),
        401
    );
    assert_eq!(
        app.get_with_cookies("/r/khabarovsk/cabinet", &second)
            .await
            .status(),
        401
    );
    let reuse: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action = 'refresh_token_reuse'")
            .fetch_one(&app.owner)
            .await
            .unwrap();
    assert_eq!(reuse, 1);
}

#[tokio::test]
async fn a_tampered_access_token_is_refused() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let jar = registered_and_logged_in(&app, &mail, "tamper@school27.ru").await;
    let access = jar.get("rost_access").unwrap();
    let mut forged = access.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'B' } else { 'A' });
    let response = app
        .get_with_cookies("/r/khabarovsk/cabinet", &format!("rost_access={forged}"))
        .await;
    assert_eq!(response.status(), 401);
    let response = app
        .get_with_cookies("/r/khabarovsk/cabinet", &format!("rost_access={access}"))
        .await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn logout_ends_the_session() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let mut jar = registered_and_logged_in(&app, &mail, "bye@school27.ru").await;
    let refresh = format!("rost_refresh={}", jar.get("rost_refresh").unwrap());
    let response = app.call::<Logout>(&[("slug", "khabarovsk")], &jar.header()).await;
    jar.take(&response);
    assert!(jar.get("rost_access").is_none(), "cookies are cleared");
    assert_eq!(
        app.get_with_cookies("/r/khabarovsk/cabinet", &refresh)
            .await
            .status(),
        401
    );
    let profile = app.call::<GetProfile>(&[("slug", "khabarovsk")], &refresh).await;
    assert_eq!(profile.text().await.unwrap(), "null");
}

#[tokio::test]
async fn a_state_changing_request_from_another_site_is_refused() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let response = app
        .client
        .post(format!(
            "{}{}",
            app.address,
            <Login as leptos::server_fn::ServerFn>::PATH
        ))
        .header("origin", "https://evil.example")
        .form(&[("slug", "khabarovsk"), ("email", "x@y.ru"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn registration_succeeds_while_smtp_is_down_and_the_mail_arrives_once_it_is_back() {
    let port = free_port();
    let app = spawn_app_with_smtp(Some(format!("smtp://127.0.0.1:{port}"))).await;
    assert_eq!(register(&app, "patient@school27.ru").await.status(), 200);

    // The worker tried and failed; the message waits.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let (status, attempts, error): (String, i32, Option<String>) =
            sqlx::query_as("select status, attempts, last_error from outbox")
                .fetch_one(&app.owner)
                .await
                .unwrap();
        if attempts >= 1 && status == "pending" {
            assert!(error.is_some());
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the worker did not try: {status} {attempts}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let mail = MailServer::start_on(port);
    let messages = mail
        .wait_for("patient@school27.ru", 1, Duration::from_secs(30))
        .await;
    assert!(messages[0].contains("/confirm?token="));
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        mail.messages_to("patient@school27.ru").len(),
        1,
        "delivered exactly once"
    );
    let status: String = sqlx::query_scalar("select status from outbox")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(status, "sent");
}

#[tokio::test]
async fn recovery_requests_are_rate_limited_per_address() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    for i in 0..5 {
        let email = format!("someone{i}@school27.ru");
        let response = app
            .call::<RequestPasswordReset>(&[("slug", "khabarovsk"), ("email", &email)], "")
            .await;
        assert_eq!(response.status(), 200);
    }
    let response = app
        .call::<RequestPasswordReset>(&[("slug", "khabarovsk"), ("email", "x@school27.ru")], "")
        .await;
    assert_eq!(response.status(), 429);
    assert!(matches!(error_of(response).await, AppError::RateLimited { .. }));
}

/// Grants `role` in `slug` to the person with `email`, as a platform administrator would.
async fn grant(app: &TestApp, slug: &str, email: &str, role: &str) {
    sqlx::query(
        "insert into memberships (tenant_id, user_id, position)
         select t.id, u.id, 'other' from tenants t, users u where t.slug = $1 and u.email = $2
         on conflict do nothing",
    )
    .bind(slug)
    .bind(email)
    .execute(&app.owner)
    .await
    .unwrap();
    sqlx::query(
        "insert into role_grants (tenant_id, user_id, role)
         select t.id, u.id, $3 from tenants t, users u where t.slug = $1 and u.email = $2
         on conflict do nothing",
    )
    .bind(slug)
    .bind(email)
    .bind(role)
    .execute(&app.owner)
    .await
    .unwrap();
}

#[tokio::test]
async fn operator_actions_are_allowed_only_to_the_regions_operator() {
    use app::{
        accounts::GetAuditLog,
        notifications::{GetUndelivered, RetryMessage},
    };
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let teacher = registered_and_logged_in(&app, &mail, "teacher@school27.ru").await;
    let operator = registered_and_logged_in(&app, &mail, "operator@khkiro.ru").await;
    let foreign = registered_and_logged_in(&app, &mail, "operator@kuzbass.ru").await;
    grant(&app, "khabarovsk", "operator@khkiro.ru", "regional_operator").await;
    grant(&app, "kuzbass", "operator@kuzbass.ru", "regional_operator").await;
    let failed: i64 = sqlx::query_scalar(
        "insert into outbox (tenant_id, recipient, subject, text_body, html_body, status, last_error)
         select id, 'lost@school27.ru', 'Тема', 'текст', '<p>текст</p>', 'failed', '550 no such user'
         from tenants where slug = 'khabarovsk' returning id",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    let id = failed.to_string();

    let actors = [
        ("anonymous", String::new(), 401),
        ("teacher", teacher.header(), 403),
        ("operator of another region", foreign.header(), 403),
    ];
    for (who, cookies, expected) in &actors {
        let audit = app
            .call::<GetAuditLog>(&[("slug", "khabarovsk")], cookies)
            .await
            .status();
        let mail_list = app
            .call::<GetUndelivered>(&[("slug", "khabarovsk")], cookies)
            .await
            .status();
        let retry = app
            .call::<RetryMessage>(&[("slug", "khabarovsk"), ("id", &id)], cookies)
            .await
            .status();
        assert_eq!(
            (audit.as_u16(), mail_list.as_u16(), retry.as_u16()),
            (*expected, *expected, *expected),
            "{who}"
        );
    }
    let status: String = sqlx::query_scalar("select status from outbox where id = $1")
        .bind(failed)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(status, "failed", "nobody but the operator could retry");

    let list = app
        .call::<GetUndelivered>(&[("slug", "khabarovsk")], &operator.header())
        .await;
    assert_eq!(list.status(), 200);
    assert!(list.text().await.unwrap().contains("550 no such user"));
    sqlx::query("insert into audit_log (tenant_id, action) select id, 'kuzbass_only_event' from tenants where slug = 'kuzbass'")
        .execute(&app.owner)
        .await
        .unwrap();
    let audit = app
        .call::<GetAuditLog>(&[("slug", "khabarovsk")], &operator.header())
        .await;
    let audit = audit.text().await.unwrap();
    assert!(
        audit.contains("access_denied") && audit.contains("teacher@school27.ru"),
        "{audit}"
    );
    assert!(
        !audit.contains("kuzbass_only_event"),
        "another region's events stay there: {audit}"
    );
    let retry = app
        .call::<RetryMessage>(&[("slug", "khabarovsk"), ("id", &id)], &operator.header())
        .await;
    assert_eq!(retry.status(), 200);
    let foreign_list = app
        .call::<GetUndelivered>(&[("slug", "kuzbass")], &foreign.header())
        .await;
    assert!(
        !foreign_list.text().await.unwrap().contains("lost@school27.ru"),
        "tenant isolation"
    );
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_other_sessions() {
    use app::accounts::ChangePassword;
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let email = "change@school27.ru";
    let here = registered_and_logged_in(&app, &mail, email).await;
    let mut elsewhere = Jar::default();
    elsewhere.take(&login(&app, email, PASSWORD).await);

    let wrong = app
        .call::<ChangePassword>(
            &[
                ("slug", "khabarovsk"),
                ("current_password", "не тот"),
                ("new_password", "Новый-пароль-Амур"),
            ],
            &here.header(),
        )
        .await;
    assert!(matches!(error_of(wrong).await, AppError::Invalid { field, .. } if field == "current_password"));
    let done = app
        .call::<ChangePassword>(
            &[
                ("slug", "khabarovsk"),
                ("current_password", PASSWORD),
                ("new_password", "Новый-пароль-Амур"),
            ],
            &here.header(),
        )
        .await;
    assert_eq!(done.status(), 200);

    let other_refresh = format!("rost_refresh={}", elsewhere.get("rost_refresh").unwrap());
    assert_eq!(
        app.get_with_cookies("/r/khabarovsk/cabinet", &other_refresh)
            .await
            .status(),
        401
    );
    let this_refresh = format!("rost_refresh={}", here.get("rost_refresh").unwrap());
    assert_eq!(
        app.get_with_cookies("/r/khabarovsk/cabinet", &this_refresh)
            .await
            .status(),
        200
    );
    let changed = mail.wait_for(email, 2, Duration::from_secs(20)).await;
    assert!(changed
        .iter()
        .any(|m| m.contains("Пароль от вашего личного кабинета изменён")));
}

#[tokio::test]
async fn my_data_downloads_as_json_without_secrets() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let jar = registered_and_logged_in(&app, &mail, "export@school27.ru").await;
    let anonymous = app.get("/my-data.json").await;
    assert_eq!(anonymous.status(), 401);
    let response = app.get_with_cookies("/my-data.json", &jar.header()).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("attachment"));
    let data: serde_json::Value = response.json().await.unwrap();
    assert_eq!(data["email"], "export@school27.ru");
    assert_eq!(data["regions"][0]["region"], "khabarovsk");
    assert_eq!(
        data["regions"][0]["subjects"],
        serde_json::json!(["математика", "информатика"])
    );
    assert_eq!(data["regions"][0]["roles"], serde_json::json!(["teacher"]));
    assert!(data["regions"][0]["consents"][0]["text_version"].is_string());
    let text = data.to_string();
    assert!(!text.contains("argon2") && !text.contains("password"), "{text}");
}

#[tokio::test]
async fn deleting_the_account_anonymises_it_and_keeps_the_membership() {
    use app::accounts::DeleteAccount;
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let email = "leaving@school27.ru";
    let jar = registered_and_logged_in(&app, &mail, email).await;
    let refused = app
        .call::<DeleteAccount>(&[("slug", "khabarovsk"), ("password", "не тот")], &jar.header())
        .await;
    assert!(matches!(error_of(refused).await, AppError::Invalid { .. }));
    let deleted = app
        .call::<DeleteAccount>(&[("slug", "khabarovsk"), ("password", PASSWORD)], &jar.header())
        .await;
    assert!(deleted.status().is_success() || deleted.status().is_redirection());

    let (stored_email, name, active): (String, String, bool) =
        sqlx::query_as("select email, full_name, active from users where email not like '%.club.example'")
            .fetch_one(&app.owner)
            .await
            .unwrap();
    assert!(stored_email.ends_with("@deleted.invalid") && !stored_email.contains("leaving"));
    assert_eq!(name, "Удалённый пользователь");
    assert!(!active);
    let memberships: i64 = sqlx::query_scalar(
        "select count(*) from memberships m join users u on u.id = m.user_id where u.email like '%@deleted.invalid'",
    )
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(memberships, 1, "the anonymous membership stays for aggregates");
    assert_eq!(
        error_of(login(&app, email, PASSWORD).await).await,
        AppError::BadCredentials
    );
    assert_eq!(
        app.get_with_cookies("/r/khabarovsk/cabinet", &jar.header())
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn an_operator_invites_grants_and_closes_access() {
    use app::accounts::{GetPeople, Invite, SetMemberActive, SetRole};
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let operator = registered_and_logged_in(&app, &mail, "op@khkiro.ru").await;
    grant(&app, "khabarovsk", "op@khkiro.ru", "regional_operator").await;
    let teacher = registered_and_logged_in(&app, &mail, "member@school27.ru").await;

    // A teacher may not invite.
    let form = [
        ("slug", "khabarovsk"),
        ("full_name", "Кузнецова Ольга"),
        ("email", "new@khkiro.ru"),
        ("role", "certificate_admin"),
    ];
    assert_eq!(app.call::<Invite>(&form, &teacher.header()).await.status(), 403);
    assert_eq!(app.call::<Invite>(&form, &operator.header()).await.status(), 200);
    let invitation = mail
        .wait_for("new@khkiro.ru", 1, Duration::from_secs(20))
        .await
        .remove(0);
    assert!(invitation.contains("администратор сертификатов"), "{invitation}");
    let token = token_of(&link(&invitation, "/r/khabarovsk/invitation?token="));
    let set = app
        .call::<app::accounts::AcceptInvitation>(
            &[
                ("slug", "khabarovsk"),
                ("token", &token),
                ("password", "Пароль-от-приглашения"),
            ],
            "",
        )
        .await;
    assert_eq!(set.status(), 200);
    let response = login(&app, "new@khkiro.ru", "Пароль-от-приглашения").await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{}",
        response.status()
    );

    let member_id: uuid::Uuid = sqlx::query_scalar("select id from users where email = 'member@school27.ru'")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    let member_id = member_id.to_string();
    let grant_form = [
        ("slug", "khabarovsk"),
        ("user_id", member_id.as_str()),
        ("role", "director"),
        ("grant", "on"),
    ];
    assert_eq!(
        app.call::<SetRole>(&grant_form, &operator.header())
            .await
            .status(),
        200
    );
    let people = app
        .call::<GetPeople>(&[("slug", "khabarovsk")], &operator.header())
        .await;
    let people: serde_json::Value = people.json().await.unwrap();
    let member = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == "member@school27.ru")
        .unwrap();
    assert_eq!(member["roles"], serde_json::json!(["director", "teacher"]));
    let revoke_form = [
        ("slug", "khabarovsk"),
        ("user_id", member_id.as_str()),
        ("role", "director"),
    ];
    assert_eq!(
        app.call::<SetRole>(&revoke_form, &operator.header())
            .await
            .status(),
        200
    );

    let close = [("slug", "khabarovsk"), ("user_id", member_id.as_str())];
    assert_eq!(
        app.call::<SetMemberActive>(&close, &operator.header())
            .await
            .status(),
        200
    );
    let refresh = format!("rost_refresh={}", teacher.get("rost_refresh").unwrap());
    assert_eq!(
        app.call::<app::diagnostics::GetMyDiagnostics>(&[("slug", "khabarovsk")], &refresh)
            .await
            .status(),
        403,
        "access to the region ended"
    );
    assert_eq!(
        error_of(login(&app, "member@school27.ru", PASSWORD).await).await,
        AppError::Forbidden
    );
    let reopen = [
        ("slug", "khabarovsk"),
        ("user_id", member_id.as_str()),
        ("active", "on"),
    ];
    assert_eq!(
        app.call::<SetMemberActive>(&reopen, &operator.header())
            .await
            .status(),
        200
    );
    let again = login(&app, "member@school27.ru", PASSWORD).await;
    assert!(again.status().is_success() || again.status().is_redirection());
}

#[tokio::test]
async fn an_operator_cannot_manage_people_of_another_region() {
    use app::accounts::{SetMemberActive, SetRole};
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let foreign = registered_and_logged_in(&app, &mail, "op@kuzbass.ru").await;
    grant(&app, "kuzbass", "op@kuzbass.ru", "regional_operator").await;
    registered_and_logged_in(&app, &mail, "member@school27.ru").await;
    let member_id: uuid::Uuid = sqlx::query_scalar("select id from users where email = 'member@school27.ru'")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    let member_id = member_id.to_string();
    for slug in ["khabarovsk", "kuzbass"] {
        let grant_form = [
            ("slug", slug),
            ("user_id", member_id.as_str()),
            ("role", "regional_operator"),
            ("grant", "on"),
        ];
        let status = app
            .call::<SetRole>(&grant_form, &foreign.header())
            .await
            .status()
            .as_u16();
        assert!(status == 403 || status == 400, "{slug}: {status}");
        let close = [("slug", slug), ("user_id", member_id.as_str())];
        let status = app
            .call::<SetMemberActive>(&close, &foreign.header())
            .await
            .status()
            .as_u16();
        assert!(status == 403 || status == 400, "{slug}: {status}");
    }
    let roles: Vec<String> = sqlx::query_scalar("select role from role_grants g join users u on u.id = g.user_id where u.email = 'member@school27.ru'")
        .fetch_all(&app.owner)
        .await
        .unwrap();
    assert_eq!(roles, ["teacher"]);
}

#[tokio::test]
async fn personal_data_can_be_edited_and_the_address_changed_after_confirmation() {
    use app::accounts::{RequestEmailChange, UpdateProfile};
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let jar = registered_and_logged_in(&app, &mail, "old@school27.ru").await;

    let edit = [
        ("slug", "khabarovsk"),
        ("full_name", "Иванова-Петрова Мария"),
        ("subjects", "физика"),
        ("experience_years", "13"),
    ];
    assert_eq!(
        app.call::<UpdateProfile>(&edit, &jar.header()).await.status(),
        200
    );
    // The profile form is on the settings page, linked from the cabinet.
    let page = app
        .get_with_cookies("/r/khabarovsk/settings", &jar.header())
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Иванова-Петрова Мария") && page.contains("value=\"физика\""),
        "{page}"
    );
    let bad = [
        ("slug", "khabarovsk"),
        ("full_name", "И"),
        ("subjects", ""),
        ("experience_years", "200"),
    ];
    assert!(matches!(
        error_of(app.call::<UpdateProfile>(&bad, &jar.header()).await).await,
        AppError::Invalid { .. }
    ));

    let wrong = [
        ("slug", "khabarovsk"),
        ("email", "new@school27.ru"),
        ("password", "не тот"),
    ];
    assert!(matches!(
        error_of(app.call::<RequestEmailChange>(&wrong, &jar.header()).await).await,
        AppError::Invalid { field, .. } if field == "password"
    ));
    let change = [
        ("slug", "khabarovsk"),
        ("email", "New@School27.ru"),
        ("password", PASSWORD),
    ];
    assert_eq!(
        app.call::<RequestEmailChange>(&change, &jar.header())
            .await
            .status(),
        200
    );
    let warning = mail.wait_for("old@school27.ru", 2, Duration::from_secs(20)).await;
    assert!(
        warning.iter().any(|m| m.contains("new@school27.ru")),
        "the old address is warned"
    );
    let confirmation = mail
        .wait_for("new@school27.ru", 1, Duration::from_secs(20))
        .await
        .remove(0);
    assert_eq!(
        error_of(login(&app, "new@school27.ru", PASSWORD).await).await,
        AppError::BadCredentials,
        "not yet"
    );
    let token = token_of(&link(&confirmation, "/confirm?change=email&token="));
    assert_eq!(
        app.call::<ConfirmEmail>(&[("token", &token)], "").await.status(),
        200
    );
    let relogin = login(&app, "new@school27.ru", PASSWORD).await.status();
    assert!(relogin.is_success() || relogin.is_redirection());
    assert_eq!(
        error_of(login(&app, "old@school27.ru", PASSWORD).await).await,
        AppError::BadCredentials
    );
}

/// Every protected action, tried as each role of the region, anonymously and as another
/// region's operator: only the region's operator may act.
#[tokio::test]
async fn role_matrix_of_the_operator_actions() {
    use app::{
        accounts::{GetAuditLog, GetPeople, Invite, SetMemberActive, SetRole},
        notifications::{GetUndelivered, RetryMessage},
    };
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let operator = registered_and_logged_in(&app, &mail, "op@khkiro.ru").await;
    grant(&app, "khabarovsk", "op@khkiro.ru", "regional_operator").await;
    let member = registered_and_logged_in(&app, &mail, "member@school27.ru").await;
    let foreign = registered_and_logged_in(&app, &mail, "op@kuzbass.ru").await;
    grant(&app, "kuzbass", "op@kuzbass.ru", "regional_operator").await;
    let target: uuid::Uuid = sqlx::query_scalar("select id from users where email = 'op@kuzbass.ru'")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    let target = target.to_string();
    let failed: i64 = sqlx::query_scalar(
        "insert into outbox (tenant_id, recipient, subject, text_body, html_body, status)
         select id, 'x@school27.ru', 'Тема', 'т', '<p>т</p>', 'failed' from tenants where slug = 'khabarovsk'
         returning id",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    let failed = failed.to_string();

    let statuses = |cookies: String| {
        let app = &app;
        let (target, failed) = (target.clone(), failed.clone());
        async move {
            let k = [("slug", "khabarovsk")];
            vec![
                app.call::<GetAuditLog>(&k, &cookies).await.status().as_u16(),
                app.call::<GetUndelivered>(&k, &cookies).await.status().as_u16(),
                app.call::<GetPeople>(&k, &cookies).await.status().as_u16(),
                app.call::<RetryMessage>(&[("slug", "khabarovsk"), ("id", &failed)], &cookies)
                    .await
                    .status()
                    .as_u16(),
                app.call::<Invite>(
                    &[
                        ("slug", "khabarovsk"),
                        ("full_name", "Новый Человек"),
                        ("email", "n@school27.ru"),
                        ("role", "teacher"),
                    ],
                    &cookies,
                )
                .await
                .status()
                .as_u16(),
                app.call::<SetRole>(
                    &[
                        ("slug", "khabarovsk"),
                        ("user_id", &target),
                        ("role", "teacher"),
                        ("grant", "on"),
                    ],
                    &cookies,
                )
                .await
                .status()
                .as_u16(),
                app.call::<SetMemberActive>(&[("slug", "khabarovsk"), ("user_id", &target)], &cookies)
                    .await
                    .status()
                    .as_u16(),
            ]
        }
    };
    assert_eq!(statuses(String::new()).await, [401; 7], "anonymous");
    assert_eq!(
        statuses(foreign.header()).await,
        [403; 7],
        "another region's operator"
    );
    for role in [
        "teacher",
        "director",
        "municipal_coordinator",
        "certificate_admin",
        "club_moderator",
    ] {
        grant(&app, "khabarovsk", "member@school27.ru", role).await;
        assert_eq!(statuses(member.header()).await, [403; 7], "{role}");
    }
    let invited: i64 = sqlx::query_scalar("select count(*) from users where email = 'n@school27.ru'")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(invited, 0, "nothing happened before the operator acted");
    let allowed = statuses(operator.header()).await;
    assert!(
        allowed.iter().all(|s| *s == 200 || *s == 400),
        "operator: {allowed:?}"
    );
    assert_eq!(&allowed[..5], [200; 5]);
}

#[tokio::test]
async fn personal_responses_are_never_cached() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let jar = registered_and_logged_in(&app, &mail, "private@school27.ru").await;
    let cache_control = |response: &reqwest::Response| {
        response
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap().to_string())
    };
    let cabinet = app.get_with_cookies("/r/khabarovsk/cabinet", &jar.header()).await;
    assert_eq!(cache_control(&cabinet).as_deref(), Some("no-store"));
    let region = app.get_with_cookies("/r/khabarovsk", &jar.header()).await;
    assert_eq!(
        cache_control(&region).as_deref(),
        Some("no-store"),
        "any page of a signed-in person"
    );
    let api = app.call::<GetProfile>(&[("slug", "khabarovsk")], "").await;
    assert_eq!(
        cache_control(&api).as_deref(),
        Some("no-store"),
        "server functions"
    );
    let public = app.get("/r/khabarovsk").await;
    assert_eq!(
        cache_control(&public),
        None,
        "an anonymous public page may be cached"
    );
}
