//! A support case's school team (named by the school's director, who work on the case as the
//! director does) and its partner school (paired by the operator; its director reads the case's
//! documents and nothing else), with the e-mails and every refusal.

use std::time::Duration;

use app::support::chat::GetCaseChat;
use app::support::documents::GetSupportDocuments;
use app::support::{AddTeamMember, CaseView, GetCase, GetProfile, RemoveTeamMember, SaveProfile, SetPartner};

use crate::certificates::json;
use crate::helpers::{spawn_app_with_smtp, user_id, TestApp};
use crate::mail::MailServer;
use crate::support::{cases, curated_case, director_of, fixture, teacher_at, SLUG};

/// Whether the person's menu links the region's support pages.
async fn menu_links_support(app: &TestApp, cookies: &str) -> bool {
    let menu: Option<app::menu::Menu> = json(
        app.call::<app::menu::GetMenu>(&[("path", "/r/khabarovsk/cabinet")], cookies)
            .await,
    )
    .await;
    let support = format!("/r/{SLUG}/support");
    menu.expect("a menu")
        .links
        .iter()
        .any(|link| link.href == support)
}

async fn case_list_status(app: &TestApp, cookies: &str) -> u16 {
    let response = app
        .call::<app::support::GetCases>(&[("slug", SLUG)], cookies)
        .await;
    response.status().as_u16()
}

async fn case_view(app: &TestApp, cookies: &str, case: &str) -> reqwest::Response {
    app.call::<GetCase>(&[("slug", SLUG), ("id", case)], cookies)
        .await
}

async fn team_call<T: leptos::server_fn::ServerFn>(
    app: &TestApp,
    cookies: &str,
    case: &str,
    user: &str,
) -> u16 {
    let form = [("slug", SLUG), ("case", case), ("user", user)];
    app.call::<T>(&form, cookies).await.status().as_u16()
}

#[tokio::test]
async fn the_director_names_a_team_that_then_works_on_the_case() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let f = fixture(&app).await;
    let case = curated_case(&app, &f).await;
    let member = teacher_at(&app, "team@support.ru", "27-0201").await;
    let elsewhere = teacher_at(&app, "elsewhere@support.ru", "27-0202").await;
    let (member_id, elsewhere_id) = (
        user_id(&app, "team@support.ru").await.to_string(),
        user_id(&app, "elsewhere@support.ru").await.to_string(),
    );
    assert_eq!(
        case_list_status(&app, &member).await,
        403,
        "not on a team yet, no support at all"
    );
    assert!(
        !menu_links_support(&app, &member).await,
        "no support link off a team"
    );
    assert_eq!(case_view(&app, &member, &case).await.status(), 403);

    let view: CaseView = json(case_view(&app, &f.director, &case).await).await;
    assert!(view.can_name_team && view.team.is_empty());
    let candidates: Vec<&str> = view.team_candidates.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        candidates,
        [member_id.as_str()],
        "the school's confirmed people only"
    );

    assert_eq!(
        team_call::<AddTeamMember>(&app, &f.director, &case, &elsewhere_id).await,
        400
    );
    assert_eq!(
        team_call::<AddTeamMember>(&app, &f.operator, &case, &member_id).await,
        403
    );
    assert_eq!(
        team_call::<AddTeamMember>(&app, &elsewhere, &case, &member_id).await,
        403
    );
    assert_eq!(
        team_call::<AddTeamMember>(&app, &f.director, &case, &member_id).await,
        200
    );
    let mails = mail.wait_for("team@support.ru", 1, Duration::from_secs(20)).await;
    assert!(mails[0].contains("Вы в команде школы"), "{}", mails[0]);
    assert!(
        mails[0].contains(&format!("/r/{SLUG}/support/{case}")),
        "{}",
        mails[0]
    );

    let listed = cases(&app, &member).await.cases;
    assert_eq!(listed.len(), 1);
    assert!(
        menu_links_support(&app, &member).await,
        "the menu links the support pages"
    );
    assert_eq!(listed[0].id, case);
    let view: CaseView = json(case_view(&app, &f.director, &case).await).await;
    assert_eq!(view.team.len(), 1);
    assert!(view.team_candidates.is_empty());
    let seen: CaseView = json(case_view(&app, &member, &case).await).await;
    assert!(
        !seen.can_name_team && !seen.partner_only,
        "a member works on the case"
    );
    let saved = app
        .call::<SaveProfile>(
            &[("slug", SLUG), ("case", &case), ("priorities[staff]", "on")],
            &member,
        )
        .await;
    assert_eq!(saved.status(), 200, "a member answers for the school");
    assert_eq!(
        team_call::<AddTeamMember>(&app, &member, &case, &member_id).await,
        403,
        "only the director names the team"
    );

    assert_eq!(
        team_call::<RemoveTeamMember>(&app, &f.director, &case, &member_id).await,
        200
    );
    assert_eq!(
        team_call::<RemoveTeamMember>(&app, &f.director, &case, &member_id).await,
        400
    );
    assert_eq!(
        case_list_status(&app, &member).await,
        403,
        "off the team, the cases are gone"
    );
    assert!(!menu_links_support(&app, &member).await, "nor the menu");
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action in ('support_team_added', 'support_team_removed')",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(audited, 2);
}

#[tokio::test]
async fn a_partner_schools_director_reads_the_documents_and_nothing_else() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let f = fixture(&app).await;
    let case = curated_case(&app, &f).await;
    let partner = director_of(&app, SLUG, "partner@support.ru", "27-0002").await;
    let other = director_of(&app, SLUG, "other-director@support.ru", "27-0001").await;
    assert_eq!(case_view(&app, &partner, &case).await.status(), 404);

    let view: CaseView = json(case_view(&app, &f.operator, &case).await).await;
    assert!(view.can_set_partner && view.partner.is_none());
    let ids: Vec<(String, String)> = view.partner_candidates.clone();
    assert_eq!(ids.len(), 1, "the stable high school only: {ids:?}");
    let school_of = |code: &str| {
        let code = code.to_string();
        let app = &app;
        async move {
            sqlx::query_scalar::<_, uuid::Uuid>("select id from schools where code = $1")
                .bind(code)
                .fetch_one(&app.owner)
                .await
                .unwrap()
                .to_string()
        }
    };
    let set = |school: String, who: String| {
        let (app, case) = (&app, case.clone());
        async move {
            let form = [
                ("slug", SLUG),
                ("case", case.as_str()),
                ("school", school.as_str()),
            ];
            app.call::<SetPartner>(&form, &who).await.status().as_u16()
        }
    };
    assert_eq!(
        set(school_of("27-0001").await, f.operator.clone()).await,
        400,
        "not stable high"
    );
    assert_eq!(
        set(ids[0].0.clone(), f.coordinator.clone()).await,
        403,
        "the operator's choice"
    );
    assert_eq!(set(ids[0].0.clone(), f.operator.clone()).await, 200);
    let mails = mail
        .wait_for("partner@support.ru", 1, Duration::from_secs(20))
        .await;
    assert!(mails[0].contains("партнёр"), "{}", mails[0]);

    let seen: CaseView = json(case_view(&app, &partner, &case).await).await;
    assert!(seen.partner_only);
    assert!(
        seen.levels.is_empty() && seen.priorities.is_empty(),
        "no risk profile"
    );
    assert_eq!(
        seen.partner.as_deref(),
        view_partner(&app, &f.operator, &case).await.as_deref()
    );
    let documents = app
        .call::<GetSupportDocuments>(&[("slug", SLUG), ("case", &case)], &partner)
        .await;
    assert_eq!(documents.status(), 200, "the programmes are open to read");
    let profile = app
        .call::<GetProfile>(&[("slug", SLUG), ("case", &case)], &partner)
        .await;
    assert_eq!(profile.status(), 404, "the questionnaire is not");
    let chat = app
        .call::<GetCaseChat>(&[("slug", SLUG), ("case", &case)], &partner)
        .await;
    assert_eq!(chat.status(), 404, "nor the chat");
    let saved = app
        .call::<SaveProfile>(
            &[("slug", SLUG), ("case", &case), ("priorities[staff]", "on")],
            &partner,
        )
        .await;
    assert_eq!(saved.status(), 404);
    assert_eq!(
        case_view(&app, &other, &case).await.status(),
        404,
        "another school's director"
    );

    assert_eq!(
        set(String::new(), f.operator.clone()).await,
        200,
        "the pairing is removed"
    );
    assert_eq!(case_view(&app, &partner, &case).await.status(), 404);
}

async fn view_partner(app: &TestApp, operator: &str, case: &str) -> Option<String> {
    let view: CaseView = json(case_view(app, operator, case).await).await;
    view.partner
}
