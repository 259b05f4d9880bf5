//! Invitations end to end: an operator's offer, accepted by the e-mailed link or in the
//! personal account, and nothing about the person in the region before that.

use std::time::Duration;

use app::accounts::{
    AcceptInvitation, AcceptMyInvitation, GetInvitation, GetMyInvitations, GetPendingInvitations, GetPeople,
    GetProfile, InvitationAccess, InvitationView, Invite, Login, MyInvitation, PendingInvitation, Person,
    Profile,
};
use serde::de::DeserializeOwned;

use crate::{
    helpers::{signed_in, spawn_app_with_smtp, TestApp},
    mail::{link, MailServer},
};

const SLUG: &str = "khabarovsk";

async fn json<T: DeserializeOwned>(response: reqwest::Response) -> T {
    let status = response.status();
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status}: {e}: {text}"))
}

async fn invite(app: &TestApp, operator: &str, email: &str, role: &str) {
    let form = [
        ("slug", SLUG),
        ("full_name", "Набранное Оператором Имя"),
        ("email", email),
        ("role", role),
    ];
    assert_eq!(app.call::<Invite>(&form, operator).await.status(), 200);
}

/// The invitation tokens mailed to `email` once `count` messages have arrived (in no order).
async fn tokens_mailed(mail: &MailServer, email: &str, count: usize) -> Vec<String> {
    let messages = mail.wait_for(email, count, Duration::from_secs(20)).await;
    messages
        .iter()
        .map(|message| {
            link(message, "/r/khabarovsk/invitation?token=")
                .split("token=")
                .nth(1)
                .unwrap()
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn a_new_person_accepts_by_the_link_setting_a_password_and_gets_every_role_offered() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let operator = signed_in(&app, SLUG, "op@khkiro.ru", "regional_operator", None).await;
    let email = "newcomer@school27.ru";
    invite(&app, &operator, email, "certificate_admin").await;
    let first = tokens_mailed(&mail, email, 1).await.remove(0);
    invite(&app, &operator, email, "municipal_coordinator").await;

    let pending: Vec<PendingInvitation> = json(
        app.call::<GetPendingInvitations>(&[("slug", SLUG)], &operator)
            .await,
    )
    .await;
    assert_eq!(pending.len(), 1, "one open offer per address: {pending:?}");
    assert_eq!(pending[0].email, email);
    assert_eq!(pending[0].full_name, "Набранное Оператором Имя");
    assert_eq!(pending[0].roles, ["certificate_admin", "municipal_coordinator"]);
    let people: Vec<Person> = json(app.call::<GetPeople>(&[("slug", SLUG)], &operator).await).await;
    assert!(people.iter().all(|p| p.email != email), "not a member yet");

    let token = tokens_mailed(&mail, email, 2)
        .await
        .into_iter()
        .find(|t| *t != first)
        .unwrap();
    let stale = app
        .call::<GetInvitation>(&[("slug", SLUG), ("token", &first)], "")
        .await;
    assert_eq!(stale.status(), 400, "a new invitation replaces the old link");
    let view: InvitationView = json(
        app.call::<GetInvitation>(&[("slug", SLUG), ("token", &token)], "")
            .await,
    )
    .await;
    assert_eq!(view.access, InvitationAccess::SetPassword);
    assert!(view.roles.contains("администратор сертификатов"), "{view:?}");

    let form = [
        ("slug", SLUG),
        ("token", token.as_str()),
        ("password", "Пароль-новичка-2026"),
    ];
    assert_eq!(app.call::<AcceptInvitation>(&form, "").await.status(), 200);
    assert_eq!(
        app.call::<AcceptInvitation>(&form, "").await.status(),
        400,
        "the link is single-use"
    );
    let login = app
        .call::<Login>(
            &[
                ("slug", SLUG),
                ("email", email),
                ("password", "Пароль-новичка-2026"),
            ],
            "",
        )
        .await;
    assert!(
        login.status().is_redirection() || login.status().is_success(),
        "{}",
        login.status()
    );
    let people: Vec<Person> = json(app.call::<GetPeople>(&[("slug", SLUG)], &operator).await).await;
    let person = people.iter().find(|p| p.email == email).expect("a member now");
    assert_eq!(person.roles, ["certificate_admin", "municipal_coordinator"]);
    assert!(person.confirmed, "the link proved the address");
    let pending: Vec<PendingInvitation> = json(
        app.call::<GetPendingInvitations>(&[("slug", SLUG)], &operator)
            .await,
    )
    .await;
    assert!(pending.is_empty(), "{pending:?}");
}

#[tokio::test]
async fn a_person_of_another_region_accepts_in_the_personal_account() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let operator = signed_in(&app, SLUG, "op@khkiro.ru", "regional_operator", None).await;
    let email = "guest@kuzbass.ru";
    let guest = signed_in(&app, "kuzbass", email, "teacher", None).await;
    invite(&app, &operator, email, "club_moderator").await;
    let token = tokens_mailed(&mail, email, 1).await.remove(0);

    let anonymous: InvitationView = json(
        app.call::<GetInvitation>(&[("slug", SLUG), ("token", &token)], "")
            .await,
    )
    .await;
    assert_eq!(anonymous.access, InvitationAccess::SignIn);
    let stranger = signed_in(&app, SLUG, "stranger@school27.ru", "teacher", None).await;
    let form = [("slug", SLUG), ("token", token.as_str())];
    assert_eq!(
        app.call::<AcceptInvitation>(&form, &stranger).await.status(),
        400,
        "another account cannot take the invitation"
    );
    let theirs: Vec<MyInvitation> =
        json(app.call::<GetMyInvitations>(&[("slug", SLUG)], &stranger).await).await;
    assert!(theirs.is_empty());

    let mine: Vec<MyInvitation> = json(app.call::<GetMyInvitations>(&[("slug", SLUG)], &guest).await).await;
    assert_eq!(mine.len(), 1);
    let before: Option<Profile> = json(app.call::<GetProfile>(&[("slug", SLUG)], &guest).await).await;
    assert!(!before.unwrap().member);
    let accept = [("slug", SLUG), ("id", mine[0].id.as_str())];
    assert_eq!(
        app.call::<AcceptMyInvitation>(&accept, &guest).await.status(),
        200
    );
    let after: Option<Profile> = json(app.call::<GetProfile>(&[("slug", SLUG)], &guest).await).await;
    let after = after.unwrap();
    assert!(after.member && after.roles == ["club_moderator"], "{after:?}");
    let people = app
        .call::<GetPeople>(&[("slug", SLUG)], &operator)
        .await
        .text()
        .await
        .unwrap();
    assert!(people.contains(email), "{people}");
    let kuzbass: Option<Profile> = json(app.call::<GetProfile>(&[("slug", "kuzbass")], &guest).await).await;
    assert_eq!(
        kuzbass.unwrap().roles,
        ["teacher"],
        "the other region is untouched"
    );
}
