//! Confirmation of school memberships: the director's and the operator's queues, decisions with
//! their audit entries and e-mails, the director role that only the operator's confirmation
//! grants, and the personal account's notice. The helpers here are shared with the privacy
//! attacks.

use app::accounts::{
    confirmations::{
        ConfirmMembership, ConfirmationQueue, GetConfirmationQueue, GetMembershipNotice, MembershipNotice,
        RejectMembership,
    },
    ConfirmEmail, Register,
};
use app::diagnostics::{GetSchoolAggregate, GroupAverage, GroupSize, SchoolAggregate};
use uuid::Uuid;

use crate::diagnostics::{json, person, result, take_teacher_diagnostic};
use crate::helpers::{signed_in, spawn_app, user_id, TestApp};

pub(crate) const SLUG: &str = "khabarovsk";
pub(crate) const PASSWORD: &str = "Амурский-тигр-2026";

/// Registers through the registration form at the school with this code, confirms the address
/// through the link of the e-mail in the outbox, and signs in; returns the cookie header.
pub(crate) async fn registered(app: &TestApp, email: &str, position: &str, school_code: &str) -> String {
    let (school, municipality): (Uuid, Uuid) =
        sqlx::query_as("select id, municipality_id from schools where code = $1")
            .bind(school_code)
            .fetch_one(&app.owner)
            .await
            .expect("a school of the demo registry");
    let form = [
        ("form[slug]", SLUG),
        ("form[full_name]", "Самозванцев Пётр Ильич"),
        ("form[email]", email),
        ("form[municipality_id]", &municipality.to_string()),
        ("form[school_id]", &school.to_string()),
        ("form[position]", position),
        ("form[subjects]", ""),
        ("form[experience_years]", ""),
        ("form[consent]", "on"),
    ];
    let response = app.call::<Register>(&form, "").await;
    assert_eq!(
        response.status(),
        200,
        "register {email}: {}",
        response.text().await.unwrap()
    );
    // The outbox keeps no one-time link once the message is sent, so read the sent message.
    let message = crate::mail::wait_for_file(app, email).await;
    let confirm = crate::mail::link(&message, "/confirm?token=");
    let token = confirm.split("token=").nth(1).expect("a confirmation token");
    let confirmed = app
        .call::<ConfirmEmail>(&[("token", token), ("password", PASSWORD)], "")
        .await;
    assert_eq!(confirmed.status(), 200, "confirm {email}");
    crate::helpers::logged_in(app, SLUG, email, PASSWORD).await
}

/// Confirms the person with this address as the signed-in `cookies`; returns the HTTP status.
pub(crate) async fn confirm(app: &TestApp, cookies: &str, email: &str) -> u16 {
    let id = user_id(app, email).await.to_string();
    app.call::<ConfirmMembership>(&[("slug", SLUG), ("user_id", &id)], cookies)
        .await
        .status()
        .as_u16()
}

pub(crate) async fn school_status(app: &TestApp, email: &str) -> String {
    sqlx::query_scalar(
        "select m.school_status from memberships m join users u on u.id = m.user_id where u.email = $1",
    )
    .bind(email)
    .fetch_one(&app.owner)
    .await
    .expect("membership")
}

pub(crate) async fn roles(app: &TestApp, email: &str) -> Vec<String> {
    sqlx::query_scalar(
        "select g.role from role_grants g join users u on u.id = g.user_id where u.email = $1 order by g.role",
    )
    .bind(email)
    .fetch_all(&app.owner)
    .await
    .expect("roles")
}

async fn queue(app: &TestApp, cookies: &str) -> ConfirmationQueue {
    json(app.call::<GetConfirmationQueue>(&[("slug", SLUG)], cookies).await).await
}

async fn notice(app: &TestApp, cookies: &str) -> Option<MembershipNotice> {
    json(app.call::<GetMembershipNotice>(&[("slug", SLUG)], cookies).await).await
}

/// Subjects of the e-mails queued for `email`, oldest first.
async fn subjects(app: &TestApp, email: &str) -> Vec<String> {
    sqlx::query_scalar("select subject from outbox where recipient = $1 order by id")
        .bind(email)
        .fetch_all(&app.owner)
        .await
        .expect("outbox")
}

async fn audited(app: &TestApp, action: &str) -> Vec<serde_json::Value> {
    sqlx::query_scalar("select details from audit_log where action = $1 order by id")
        .bind(action)
        .fetch_all(&app.owner)
        .await
        .expect("audit log")
}

#[tokio::test]
async fn a_confirmed_director_confirms_a_teacher_of_his_school_who_is_told_by_email() {
    let app = spawn_app().await;
    let director = person(&app, "head@example.ru", "director", "director", Some("27-0001")).await;
    let teacher = registered(&app, "new@example.ru", "teacher", "27-0001").await;
    let elsewhere = registered(&app, "other@example.ru", "teacher", "27-0002").await;
    assert_eq!(school_status(&app, "new@example.ru").await, "pending");
    assert_eq!(roles(&app, "new@example.ru").await, ["teacher"]);
    assert_eq!(notice(&app, &teacher).await, Some(MembershipNotice::Pending));
    let cabinet = app.get_with_cookies("/r/khabarovsk/cabinet", &teacher).await;
    assert!(cabinet
        .text()
        .await
        .unwrap()
        .contains("Ваша принадлежность к школе ожидает подтверждения"));

    let mine = queue(&app, &director).await;
    assert!(!mine.regional);
    let emails: Vec<_> = mine.pending.iter().map(|p| p.email.as_str()).collect();
    assert_eq!(emails, ["new@example.ru"], "only his own school's people");

    assert_eq!(confirm(&app, &director, "new@example.ru").await, 200);
    assert_eq!(school_status(&app, "new@example.ru").await, "confirmed");
    assert_eq!(roles(&app, "new@example.ru").await, ["teacher"], "no other role");
    assert_eq!(notice(&app, &teacher).await, None);
    assert_eq!(notice(&app, &elsewhere).await, Some(MembershipNotice::Pending));
    assert!(queue(&app, &director).await.pending.is_empty());
    assert_eq!(
        subjects(&app, "new@example.ru").await.last().map(String::as_str),
        Some("Принадлежность к школе подтверждена")
    );
    let entries = audited(&app, "membership_confirmed").await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["by"], "school");
    assert_eq!(
        entries[0]["person"],
        user_id(&app, "new@example.ru").await.to_string()
    );
}

#[tokio::test]
async fn only_the_operators_confirmation_makes_a_registered_director_a_director() {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "op@example.ru", "regional_operator", None).await;
    registered(&app, "teacher@example.ru", "teacher", "27-0001").await;
    let head = registered(&app, "head@example.ru", "director", "27-0001").await;
    assert!(roles(&app, "head@example.ru").await.is_empty());
    let refused = app.call::<GetSchoolAggregate>(&[("slug", SLUG)], &head).await;
    assert_eq!(refused.status(), 403);

    let all = queue(&app, &operator).await;
    assert!(all.regional);
    let emails: Vec<_> = all.pending.iter().map(|p| p.email.as_str()).collect();
    assert_eq!(
        emails,
        ["head@example.ru", "teacher@example.ru"],
        "directors first"
    );
    assert_eq!(confirm(&app, &operator, "head@example.ru").await, 200);
    assert_eq!(roles(&app, "head@example.ru").await, ["director"]);
    let granted_by: Option<Uuid> = sqlx::query_scalar(
        "select granted_by from role_grants
             where role = 'director' and user_id = (select id from users where email = 'head@example.ru')",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(
        granted_by.map(|id| id.to_string()),
        Some(user_id(&app, "op@example.ru").await.to_string())
    );
    let school = app.call::<GetSchoolAggregate>(&[("slug", SLUG)], &head).await;
    assert_eq!(school.status(), 200);
    let mail: String = sqlx::query_scalar(
        "select text_body from outbox where recipient = 'head@example.ru' order by id desc limit 1",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert!(mail.contains("руководитель ОО"), "{mail}");
    assert!(mail.contains("/r/khabarovsk/cabinet"), "{mail}");
    // The new director now confirms the teacher of his school himself.
    assert_eq!(confirm(&app, &head, "teacher@example.ru").await, 200);
    assert_eq!(audited(&app, "membership_confirmed").await[1]["by"], "school");
}

#[tokio::test]
async fn a_rejection_needs_a_reason_which_the_person_reads_and_a_decision_is_final() {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "op@example.ru", "regional_operator", None).await;
    let stranger = registered(&app, "stranger@example.ru", "deputy_director", "27-0001").await;
    let id = user_id(&app, "stranger@example.ru").await.to_string();
    let reject = |reason: &'static str| {
        let (operator, id) = (operator.clone(), id.clone());
        let app = &app;
        async move {
            app.call::<RejectMembership>(&[("slug", SLUG), ("user_id", &id), ("reason", reason)], &operator)
                .await
                .status()
                .as_u16()
        }
    };
    assert_eq!(reject("   ").await, 400, "a reason is required");
    assert_eq!(school_status(&app, "stranger@example.ru").await, "pending");
    assert_eq!(reject("В школе не работает").await, 200);
    assert_eq!(school_status(&app, "stranger@example.ru").await, "rejected");
    assert!(roles(&app, "stranger@example.ru").await.is_empty());
    assert_eq!(
        notice(&app, &stranger).await,
        Some(MembershipNotice::Rejected {
            reason: "В школе не работает".into()
        })
    );
    let mail: String = sqlx::query_scalar(
        "select text_body from outbox where recipient = 'stranger@example.ru' order by id desc limit 1",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert!(mail.contains("Причина: В школе не работает"), "{mail}");
    assert_eq!(
        audited(&app, "membership_rejected").await[0]["reason"],
        "В школе не работает"
    );
    assert_eq!(
        confirm(&app, &operator, "stranger@example.ru").await,
        400,
        "already decided"
    );
    assert!(roles(&app, "stranger@example.ru").await.is_empty());
}

#[tokio::test]
async fn another_regions_operator_neither_sees_nor_decides_on_this_regions_people() {
    let app = spawn_app().await;
    let foreign = signed_in(&app, "ryazan", "op@ryazan.ru", "regional_operator", None).await;
    registered(&app, "head@example.ru", "director", "27-0001").await;
    let id = user_id(&app, "head@example.ru").await.to_string();
    let here = app
        .call::<ConfirmMembership>(&[("slug", SLUG), ("user_id", &id)], &foreign)
        .await;
    assert_eq!(here.status(), 403);
    let there = app
        .call::<ConfirmMembership>(&[("slug", "ryazan"), ("user_id", &id)], &foreign)
        .await;
    assert_eq!(there.status(), 400, "row-level security hides the person");
    let theirs: ConfirmationQueue = json(
        app.call::<GetConfirmationQueue>(&[("slug", "ryazan")], &foreign)
            .await,
    )
    .await;
    assert!(theirs.pending.is_empty());
    assert_eq!(school_status(&app, "head@example.ru").await, "pending");
    assert!(roles(&app, "head@example.ru").await.is_empty());
}

async fn school_average(app: &TestApp, director: &str) -> GroupAverage {
    let aggregate: SchoolAggregate =
        json(app.call::<GetSchoolAggregate>(&[("slug", SLUG)], director).await).await;
    aggregate
        .instruments
        .into_iter()
        .next()
        .expect("an instrument")
        .average
}

#[tokio::test]
async fn a_colleagues_full_attempt_counts_in_the_school_average_only_once_confirmed() {
    let app = spawn_app().await;
    let director = person(&app, "head@example.ru", "director", "director", Some("27-0001")).await;
    for n in 0..4 {
        let teacher = person(
            &app,
            &format!("t{n}@example.ru"),
            "teacher",
            "teacher",
            Some("27-0001"),
        )
        .await;
        take_teacher_diagnostic(&app, &teacher, &[]).await;
    }
    let newcomer = registered(&app, "new@example.ru", "teacher", "27-0001").await;
    let attempt = take_teacher_diagnostic(&app, &newcomer, &["MET-2"]).await;
    let before = school_average(&app, &director).await;
    assert_eq!(before.people, GroupSize::Under5, "four confirmed, one waiting");
    assert!(before.scores.is_empty());
    let own = result(&app, &newcomer, &attempt).await;
    let groups: Vec<_> = own.comparison.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(
        groups,
        ["Регион"],
        "compared with the region only while unconfirmed"
    );

    assert_eq!(confirm(&app, &director, "new@example.ru").await, 200);
    let after = school_average(&app, &director).await;
    assert_eq!(after.people, GroupSize::From5To9);
    let met2 = after
        .scores
        .iter()
        .find(|(code, _)| code == "MET-2")
        .map(|(_, s)| *s);
    assert_eq!(met2, Some(0.8), "one of five missed MET-2");
    let own = result(&app, &newcomer, &attempt).await;
    assert!(own
        .comparison
        .iter()
        .any(|g| g.group == "Школа" && !g.scores.is_empty()));
}
