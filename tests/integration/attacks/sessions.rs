//! Attacks on sessions, invitations, registration, login and the transport (issue 10).

use std::time::Duration;

use app::{
    accounts::{
        ChangePassword, ConfirmEmail, DeleteAccount, GetPendingInvitations, GetPeople, Invite, Login, Logout,
        Register, RequestPasswordReset, ResetPassword, SetMemberActive,
    },
    diagnostics::{
        Answer, AttemptView, GetAttempt, GetMyDiagnostics, MyDiagnostics, SaveAnswer, StartAttempt,
    },
};
use leptos::server_fn::ServerFn;

use crate::{
    attack,
    attacks::{refused, Attack, Outcome},
    helpers::{signed_in, spawn_app, spawn_app_with_smtp, user_id, TestApp},
    mail::{link, MailServer},
};

pub fn attacks() -> Vec<Attack> {
    vec![
        attack!(stale_access_token_after_logout),
        attack!(replayed_refresh_token_after_logout),
        attack!(stale_access_token_after_password_change),
        attack!(stale_access_token_after_password_reset),
        attack!(stale_access_token_after_account_deletion),
        attack!(deactivation_in_one_region_ends_only_that_region),
        attack!(save_answer_after_deactivation),
        attack!(invitation_adds_another_regions_person_without_consent),
        attack!(pre_registration_takeover),
        attack!(role_of_an_unconfirmed_account),
        attack!(a_locked_account_reveals_itself),
        attack!(forwarded_for_spoofing_evades_rate_limits),
        attack!(cross_site_post_with_a_forged_host),
        attack!(tokens_kept_in_the_sent_outbox),
    ]
}

const SLUG: &str = "khabarovsk";
/// The password `helpers::signed_in` gives everyone it creates.
const SIGNED_IN_PASSWORD: &str = "Проверочный-пароль-2026";

/// The `name=value` pairs a response sets (cleared cookies left out), as a Cookie header.
fn cookies_of(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter(|v| !v.contains("Max-Age=0"))
        .filter_map(|v| v.split(';').next().map(str::to_string))
        .collect::<Vec<_>>()
        .join("; ")
}

/// One cookie of a Cookie header, e.g. only the access token.
fn only(cookies: &str, name: &str) -> String {
    cookies
        .split("; ")
        .find(|pair| pair.starts_with(&format!("{name}=")))
        .unwrap_or_default()
        .to_string()
}

async fn cabinet(app: &TestApp, cookies: &str) -> u16 {
    app.get_with_cookies(&format!("/r/{SLUG}/cabinet"), cookies)
        .await
        .status()
        .as_u16()
}

async fn login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.call::<Login>(&[("slug", SLUG), ("email", email), ("password", password)], "")
        .await
}

/// Fails unless `response` succeeded (server functions that navigate answer with a redirect).
async fn expect_ok(response: reqwest::Response, what: &str) -> Outcome {
    let status = response.status();
    if status.is_success() || status.is_redirection() {
        Ok(())
    } else {
        Err(format!(
            "{what}: got {status}: {}",
            response.text().await.unwrap_or_default()
        ))
    }
}

/// Fails unless `response` has `status`; the message says what the server answered instead.
async fn expect_status(response: reqwest::Response, status: u16, what: &str) -> Outcome {
    let got = response.status().as_u16();
    if got == status {
        Ok(())
    } else {
        Err(format!(
            "{what}: expected {status}, got {got}: {}",
            response.text().await.unwrap_or_default()
        ))
    }
}

async fn stale_access_token_after_logout() -> Outcome {
    let app = spawn_app().await;
    let cookies = signed_in(&app, SLUG, "logout@school27.ru", "teacher", None).await;
    let access = only(&cookies, "rost_access");
    let fresh = cabinet(&app, &access).await;
    refused(
        fresh == 200,
        format!("the fresh access token did not open the cabinet: {fresh}"),
    )?;
    expect_ok(app.call::<Logout>(&[("slug", SLUG)], &cookies).await, "logout").await?;
    refused(
        cabinet(&app, &access).await == 401,
        "the access token of a logged-out session still opens the cabinet",
    )
}

async fn replayed_refresh_token_after_logout() -> Outcome {
    let app = spawn_app().await;
    let cookies = signed_in(&app, SLUG, "replay@school27.ru", "teacher", None).await;
    let refresh = only(&cookies, "rost_refresh");
    expect_ok(app.call::<Logout>(&[("slug", SLUG)], &cookies).await, "logout").await?;
    refused(
        cabinet(&app, &refresh).await == 401,
        "the refresh token of a logged-out session still signs in",
    )
}

async fn stale_access_token_after_password_change() -> Outcome {
    let app = spawn_app().await;
    let email = "changer@school27.ru";
    let here = signed_in(&app, SLUG, email, "teacher", None).await;
    let second = login(&app, email, SIGNED_IN_PASSWORD).await;
    let signed = second.status();
    let stolen = cookies_of(&second);
    let stolen_access = only(&stolen, "rost_access");
    let opened = cabinet(&app, &stolen_access).await;
    refused(
        opened == 200,
        format!("the second session did not start: login {signed}, cabinet {opened}"),
    )?;
    let form = [
        ("slug", SLUG),
        ("current_password", SIGNED_IN_PASSWORD),
        ("new_password", "Сменённый-пароль-2026"),
    ];
    expect_status(
        app.call::<ChangePassword>(&form, &here).await,
        200,
        "password change",
    )
    .await?;
    refused(
        cabinet(&app, &stolen_access).await == 401,
        "another session's access token survives a password change",
    )?;
    refused(
        cabinet(&app, &only(&here, "rost_access")).await == 200,
        "the session that changed the password was ended too",
    )
}

async fn stale_access_token_after_password_reset() -> Outcome {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let email = "resetter@school27.ru";
    let cookies = signed_in(&app, SLUG, email, "teacher", None).await;
    let access = only(&cookies, "rost_access");
    let form = [("slug", SLUG), ("email", email)];
    expect_status(
        app.call::<RequestPasswordReset>(&form, "").await,
        200,
        "reset request",
    )
    .await?;
    let message = mail.wait_for(email, 1, Duration::from_secs(20)).await.remove(0);
    let token = link(&message, "/reset?token=")
        .split("token=")
        .nth(1)
        .unwrap_or_default()
        .to_string();
    let form = [("token", token.as_str()), ("password", "Сброшенный-пароль-2026")];
    expect_status(app.call::<ResetPassword>(&form, "").await, 200, "reset").await?;
    refused(
        cabinet(&app, &access).await == 401,
        "an access token issued before a password reset still works",
    )
}

async fn stale_access_token_after_account_deletion() -> Outcome {
    let app = spawn_app().await;
    let cookies = signed_in(&app, SLUG, "leaver@school27.ru", "teacher", None).await;
    let access = only(&cookies, "rost_access");
    let form = [("slug", SLUG), ("password", SIGNED_IN_PASSWORD)];
    expect_ok(app.call::<DeleteAccount>(&form, &cookies).await, "deletion").await?;
    refused(
        cabinet(&app, &access).await == 401,
        "the access token of a deleted account still works",
    )
}

/// A person of both regions, closed in Khabarovsk by its operator: Khabarovsk refuses them at
/// once, Kuzbass keeps them signed in.
async fn deactivation_in_one_region_ends_only_that_region() -> Outcome {
    let app = spawn_app().await;
    let email = "both@school27.ru";
    let member = signed_in(&app, SLUG, email, "teacher", None).await;
    join_kuzbass(&app, email).await;
    let operator = signed_in(&app, SLUG, "op@khkiro.ru", "regional_operator", None).await;
    let access = only(&member, "rost_access");
    let mine = |slug: &'static str, cookies: String| {
        let app = &app;
        async move {
            app.call::<GetMyDiagnostics>(&[("slug", slug)], &cookies)
                .await
                .status()
                .as_u16()
        }
    };
    refused(
        mine(SLUG, access.clone()).await == 200,
        "the member could not see diagnostics",
    )?;
    let id = user_id(&app, email).await.to_string();
    let close = [("slug", SLUG), ("user_id", id.as_str())];
    expect_status(
        app.call::<SetMemberActive>(&close, &operator).await,
        200,
        "deactivation",
    )
    .await?;
    refused(
        mine(SLUG, access.clone()).await == 403,
        "a member closed in Khabarovsk still works there with the access token",
    )?;
    refused(
        mine("kuzbass", access).await == 200,
        "closing access in Khabarovsk ended the person's work in Kuzbass",
    )?;
    refused(
        mine("kuzbass", only(&member, "rost_refresh")).await == 200,
        "closing access in Khabarovsk revoked the person's sessions everywhere",
    )
}

async fn join_kuzbass(app: &TestApp, email: &str) {
    sqlx::query(
        "with m as (insert into memberships (tenant_id, user_id, position)
                    select t.id, u.id, 'teacher' from tenants t, users u where t.slug = 'kuzbass' and u.email = $1
                    returning tenant_id, user_id)
         insert into role_grants (tenant_id, user_id, role) select tenant_id, user_id, 'teacher' from m",
    )
    .bind(email)
    .execute(&app.owner)
    .await
    .expect("a Kuzbass membership");
}

async fn save_answer(app: &TestApp, cookies: &str, attempt: &str, item: &str, seq: i64) -> reqwest::Response {
    app.client
        .post(format!("{}{}", app.address, SaveAnswer::PATH))
        .header("origin", &app.address)
        .header("cookie", cookies)
        .json(&serde_json::json!({
            "slug": SLUG, "attempt": attempt, "item": item, "seq": seq, "answer": Answer::Scale { value: 3 }
        }))
        .send()
        .await
        .expect("save_answer")
}

async fn save_answer_after_deactivation() -> Outcome {
    let app = spawn_app().await;
    let email = "autosaver@school27.ru";
    let cookies = signed_in(&app, SLUG, email, "teacher", None).await;
    sqlx::query(
        "update memberships m set position = 'teacher' from users u where u.id = m.user_id and u.email = $1",
    )
    .bind(email)
    .execute(&app.owner)
    .await
    .map_err(|e| e.to_string())?;
    let mine: MyDiagnostics = app
        .call::<GetMyDiagnostics>(&[("slug", SLUG)], &cookies)
        .await
        .json()
        .await
        .map_err(|e| format!("my diagnostics: {e}"))?;
    let instrument = mine
        .instruments
        .first()
        .ok_or("no instrument open to a teacher")?
        .id
        .clone();
    let attempt: String = app
        .call::<StartAttempt>(&[("slug", SLUG), ("instrument", &instrument)], &cookies)
        .await
        .json()
        .await
        .map_err(|e| format!("start: {e}"))?;
    let view: AttemptView = app
        .call::<GetAttempt>(&[("slug", SLUG), ("id", &attempt)], &cookies)
        .await
        .json()
        .await
        .map_err(|e| format!("attempt: {e}"))?;
    let item = view.items.first().ok_or("an attempt without items")?.id.clone();
    expect_status(
        save_answer(&app, &cookies, &attempt, &item, 1).await,
        200,
        "a save before",
    )
    .await?;
    sqlx::query(
        "update memberships m set active = false from users u where u.id = m.user_id and u.email = $1",
    )
    .bind(email)
    .execute(&app.owner)
    .await
    .map_err(|e| e.to_string())?;
    let after = save_answer(&app, &cookies, &attempt, &item, 2)
        .await
        .status()
        .as_u16();
    refused(
        after == 403,
        format!("a closed member's autosave was answered {after}"),
    )?;
    let seq: i64 = sqlx::query_scalar("select seq from attempt_answers where item_id = $1::uuid")
        .bind(&item)
        .fetch_one(&app.owner)
        .await
        .map_err(|e| e.to_string())?;
    refused(seq == 1, "a closed member's answer was stored")
}

/// Khabarovsk's operator invites the address of a Kuzbass teacher: no membership, no name or
/// confirmation state, and no power over that person's sessions until they accept.
async fn invitation_adds_another_regions_person_without_consent() -> Outcome {
    let app = spawn_app().await;
    let email = "teacher@kuzbass.ru";
    let victim = signed_in(&app, "kuzbass", email, "teacher", None).await;
    sqlx::query("update users set full_name = 'Скрытова Анна Львовна' where email = $1")
        .bind(email)
        .execute(&app.owner)
        .await
        .map_err(|e| e.to_string())?;
    let operator = signed_in(&app, SLUG, "op@khkiro.ru", "regional_operator", None).await;
    let form = [
        ("slug", SLUG),
        ("full_name", "Приглашённый Человек"),
        ("email", email),
        ("role", "regional_operator"),
    ];
    expect_status(app.call::<Invite>(&form, &operator).await, 200, "invite").await?;
    let memberships: i64 = sqlx::query_scalar(
        "select count(*) from memberships m join users u on u.id = m.user_id join tenants t on t.id = m.tenant_id
         where u.email = $1 and t.slug = $2",
    )
    .bind(email)
    .bind(SLUG)
    .fetch_one(&app.owner)
    .await
    .map_err(|e| e.to_string())?;
    refused(
        memberships == 0,
        "the invitation made the person a member without their consent",
    )?;
    let people = app
        .call::<GetPeople>(&[("slug", SLUG)], &operator)
        .await
        .text()
        .await
        .unwrap_or_default();
    let pending = app
        .call::<GetPendingInvitations>(&[("slug", SLUG)], &operator)
        .await
        .text()
        .await
        .unwrap_or_default();
    refused(
        pending.contains(email),
        format!("the invitation is not listed: {pending}"),
    )?;
    refused(
        !people.contains("Скрытова") && !pending.contains("Скрытова") && !pending.contains("confirmed"),
        format!("the operator sees the invitee's account: {people} {pending}"),
    )?;
    let id = user_id(&app, email).await.to_string();
    let close = [("slug", SLUG), ("user_id", id.as_str())];
    let closed = app
        .call::<SetMemberActive>(&close, &operator)
        .await
        .status()
        .as_u16();
    refused(closed == 400, format!("closing a non-member answered {closed}"))?;
    refused(
        app.call::<GetMyDiagnostics>(&[("slug", "kuzbass")], &victim)
            .await
            .status()
            == 200,
        "the invitation cost the person their Kuzbass session",
    )
}

/// Registers `email` in Khabarovsk as the form does, slipping in a `password` the form does
/// not ask for (an attacker's request can carry any field).
async fn register(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    let (school, municipality) = crate::accounts::school_of(app, SLUG).await;
    let form = [
        ("form[slug]", SLUG),
        ("form[full_name]", "Захватчиков Иван"),
        ("form[email]", email),
        ("form[password]", password),
        ("form[municipality_id]", municipality.as_str()),
        ("form[school_id]", school.as_str()),
        ("form[position]", "teacher"),
        ("form[subjects]", ""),
        ("form[experience_years]", ""),
        ("form[consent]", "on"),
    ];
    app.call::<Register>(&form, "").await
}

/// The attacker registers the victim's address with a password of their own; the victim
/// follows the confirmation link. The attacker's password must not open the account.
async fn pre_registration_takeover() -> Outcome {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let victim = "victim@school27.ru";
    let attackers = "Пароль-захватчика-2026";
    expect_status(register(&app, victim, attackers).await, 200, "registration").await?;
    let message = mail.wait_for(victim, 1, Duration::from_secs(20)).await.remove(0);
    let confirm = link(&message, "/confirm?token=");
    let token = confirm.split("token=").nth(1).unwrap_or_default();
    let bare = app
        .call::<ConfirmEmail>(&[("token", token)], "")
        .await
        .status()
        .as_u16();
    refused(
        bare == 400,
        format!("the address was confirmed without a new password ({bare})"),
    )?;
    let form = [("token", token), ("password", "Пароль-владельца-2026")];
    expect_status(app.call::<ConfirmEmail>(&form, "").await, 200, "confirmation").await?;
    let attacker = login(&app, victim, attackers).await.status().as_u16();
    refused(
        attacker == 401,
        format!("the registration password opened the account ({attacker})"),
    )?;
    let owner = login(&app, victim, "Пароль-владельца-2026")
        .await
        .status()
        .as_u16();
    refused(
        owner == 302 || owner == 200,
        format!("the owner could not sign in ({owner})"),
    )
}

async fn role_of_an_unconfirmed_account() -> Outcome {
    let app = spawn_app().await;
    let email = "unconfirmed-op@khkiro.ru";
    let operator = signed_in(&app, SLUG, email, "regional_operator", None).await;
    expect_status(
        app.call::<GetPeople>(&[("slug", SLUG)], &operator).await,
        200,
        "as confirmed",
    )
    .await?;
    sqlx::query("update users set email_confirmed_at = null where email = $1")
        .bind(email)
        .execute(&app.owner)
        .await
        .map_err(|e| e.to_string())?;
    let status = app
        .call::<GetPeople>(&[("slug", SLUG)], &operator)
        .await
        .status()
        .as_u16();
    refused(
        status == 403,
        format!("an unconfirmed account's role worked ({status})"),
    )
}

async fn a_locked_account_reveals_itself() -> Outcome {
    let app = spawn_app().await;
    let email = "locked@school27.ru";
    signed_in(&app, SLUG, email, "teacher", None).await;
    for _ in 0..5 {
        login(&app, email, "не тот пароль").await;
    }
    let locked: bool = sqlx::query_scalar("select locked_until > now() from users where email = $1")
        .bind(email)
        .fetch_one(&app.owner)
        .await
        .map_err(|e| e.to_string())?;
    refused(locked, "five wrong passwords did not lock the account")?;
    let known = login(&app, email, SIGNED_IN_PASSWORD).await;
    let unknown = login(&app, "nobody@school27.ru", SIGNED_IN_PASSWORD).await;
    let known = (known.status().as_u16(), known.text().await.unwrap_or_default());
    let unknown = (
        unknown.status().as_u16(),
        unknown.text().await.unwrap_or_default(),
    );
    refused(
        known == unknown,
        format!("a locked account answers {known:?}, an unknown address {unknown:?}"),
    )
}

/// Recovery allows five requests per client address in ten minutes; a client that writes a new
/// `X-Forwarded-For` each time (with no trusted proxy configured) must still be counted once.
async fn forwarded_for_spoofing_evades_rate_limits() -> Outcome {
    let app = spawn_app().await;
    let mut last = 0;
    for i in 0..6 {
        let response = app
            .client
            .post(format!("{}{}", app.address, RequestPasswordReset::PATH))
            .header("origin", &app.address)
            .header("x-forwarded-for", format!("198.51.100.{i}"))
            .form(&[("slug", SLUG), ("email", &format!("someone{i}@school27.ru"))])
            .send()
            .await
            .map_err(|e| e.to_string())?;
        last = response.status().as_u16();
    }
    refused(
        last == 429,
        format!("the sixth request with a fresh X-Forwarded-For got {last}"),
    )
}

async fn cross_site_post_with_a_forged_host() -> Outcome {
    let app = spawn_app().await;
    let response = app
        .client
        .post(format!("{}{}", app.address, Login::PATH))
        .header("host", "evil.example")
        .header("origin", "http://evil.example")
        .form(&[("slug", SLUG), ("email", "x@school27.ru"), ("password", "x")])
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    refused(
        status == 403,
        format!("a cross-site POST with a matching Host got {status}"),
    )
}

/// Once sent, no message in the outbox holds a usable link: reset, confirmation, invitation.
async fn tokens_kept_in_the_sent_outbox() -> Outcome {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let operator = signed_in(&app, SLUG, "op@khkiro.ru", "regional_operator", None).await;
    let form = [("slug", SLUG), ("email", "op@khkiro.ru")];
    expect_status(
        app.call::<RequestPasswordReset>(&form, "").await,
        200,
        "reset request",
    )
    .await?;
    expect_status(
        register(&app, "fresh@school27.ru", "Пароль-новичка-2026").await,
        200,
        "registration",
    )
    .await?;
    let form = [
        ("slug", SLUG),
        ("full_name", "Новый Коллега"),
        ("email", "colleague@school27.ru"),
        ("role", "teacher"),
    ];
    expect_status(app.call::<Invite>(&form, &operator).await, 200, "invite").await?;
    let mut tokens = Vec::new();
    for (to, path) in [
        ("op@khkiro.ru", "/reset?token="),
        ("fresh@school27.ru", "/confirm?token="),
        ("colleague@school27.ru", "/invitation?token="),
    ] {
        let message = mail.wait_for(to, 1, Duration::from_secs(20)).await.remove(0);
        let token = link(&message, path)
            .split("token=")
            .nth(1)
            .unwrap_or_default()
            .to_string();
        tokens.push(token);
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let unsent: i64 = sqlx::query_scalar("select count(*) from outbox where status <> 'sent'")
            .fetch_one(&app.owner)
            .await
            .map_err(|e| e.to_string())?;
        if unsent == 0 {
            break;
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("{unsent} messages still unsent"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for token in tokens {
        let kept: i64 = sqlx::query_scalar(
            "select count(*) from outbox where strpos(text_body, $1) > 0 or strpos(html_body, $1) > 0",
        )
        .bind(&token)
        .fetch_one(&app.owner)
        .await
        .map_err(|e| e.to_string())?;
        refused(
            kept == 0 && token.len() > 20,
            format!("a sent message still holds the token {token}"),
        )?;
    }
    Ok(())
}
