//! Reaching past one's cases in school support (issue 17): a curator, a director or a
//! coordinator naming a case that is not theirs, a director confirming his own profile, an
//! operator appointing another region's curator, and another region's operator naming a case
//! or a run by its id. Every refusal leaves the case as it was.

use app::support::chat::{GetCaseChat, PostCaseComment};
use app::support::{
    AssignCurator, ConfirmProfile, CreateCasesFromRun, GetCase, GetProfile, SaveProfile, SetPartner,
};

use crate::attack;
use crate::attacks::{refused, Attack, Outcome};
use crate::helpers::{signed_in, spawn_app, TestApp};
use crate::support::{case_of, curated_case, director_of, fixture, Fixture, SLUG};

pub fn attacks() -> Vec<Attack> {
    vec![
        attack!(a_curator_reads_and_confirms_a_case_not_assigned_to_him),
        attack!(a_director_answers_another_schools_questionnaire),
        attack!(a_director_confirms_his_own_schools_profile),
        attack!(a_coordinator_assigns_a_curator_in_another_municipality),
        attack!(an_operator_appoints_another_regions_curator),
        attack!(another_regions_operator_names_a_case_or_run_by_its_id),
        attack!(a_comment_mentions_someone_outside_the_case_to_mail_them),
    ]
}

/// The fixture with the cases opened and 27-0201 (Троицкое) given to the fixture's curator.
pub(super) async fn with_cases(app: &TestApp) -> (Fixture, String) {
    let f = fixture(app).await;
    let case = curated_case(app, &f).await;
    (f, case)
}

/// [`with_cases`] with 27-0002 made the case's partner school: the cookies of its director.
pub(super) async fn with_partner(app: &TestApp) -> Result<(Fixture, String, String), String> {
    let (f, case) = with_cases(app).await;
    let partner = director_of(app, SLUG, "partner@support.ru", "27-0002").await;
    let school: uuid::Uuid = sqlx::query_scalar("select id from schools where code = '27-0002'")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    let pair = [
        ("slug", SLUG),
        ("case", case.as_str()),
        ("school", &school.to_string()),
    ];
    let paired = app.call::<SetPartner>(&pair, &f.operator).await.status();
    refused(paired == 200, format!("the operator could not pair: {paired}"))?;
    Ok((f, case, partner))
}

/// (state, curator, answers) of the case, to show that a refused call changed nothing.
pub(super) async fn snapshot(app: &TestApp, case: &str) -> String {
    sqlx::query_scalar(
        "select concat_ws('|', c.state, c.curator_id::text, p.answers::text, p.confirmed_at::text)
         from support_cases c left join support_profiles p on p.tenant_id = c.tenant_id and p.case_id = c.id
         where c.id = $1::uuid",
    )
    .bind(case)
    .fetch_one(&app.owner)
    .await
    .expect("the case")
}

pub(super) async fn statuses(
    app: &TestApp,
    cookies: &str,
    calls: Vec<(&'static str, Vec<(&str, &str)>)>,
) -> Vec<(String, u16)> {
    let mut got = Vec::new();
    for (name, form) in calls {
        let status = match name {
            "get_case" => app.call::<GetCase>(&form, cookies).await,
            "get_profile" => app.call::<GetProfile>(&form, cookies).await,
            "save_profile" => app.call::<SaveProfile>(&form, cookies).await,
            "confirm_profile" => app.call::<ConfirmProfile>(&form, cookies).await,
            "get_case_chat" => app.call::<GetCaseChat>(&form, cookies).await,
            "post_case_comment" => app.call::<PostCaseComment>(&form, cookies).await,
            _ => app.call::<AssignCurator>(&form, cookies).await,
        }
        .status()
        .as_u16();
        got.push((name.to_string(), status));
    }
    got
}

pub(super) fn all_refused(got: &[(String, u16)], allowed: &[u16]) -> Outcome {
    let through: Vec<String> = got
        .iter()
        .filter(|(_, status)| !allowed.contains(status))
        .map(|(name, status)| format!("{name} answered {status}"))
        .collect();
    refused(through.is_empty(), through.join("; "))
}

async fn a_curator_reads_and_confirms_a_case_not_assigned_to_him() -> Outcome {
    let app = spawn_app().await;
    let (f, case) = with_cases(&app).await;
    let before = snapshot(&app, &case).await;
    let c = case.as_str();
    let got = statuses(
        &app,
        &f.other_curator,
        vec![
            ("get_case", vec![("slug", SLUG), ("id", c)]),
            ("get_profile", vec![("slug", SLUG), ("case", c)]),
            (
                "confirm_profile",
                vec![("slug", SLUG), ("case", c), ("levels[staff]", "low")],
            ),
            (
                "save_profile",
                vec![("slug", SLUG), ("case", c), ("answers[staff_load]", "2")],
            ),
            ("get_case_chat", vec![("slug", SLUG), ("case", c)]),
            (
                "post_case_comment",
                vec![("slug", SLUG), ("case", c), ("body", "Чужой кейс")],
            ),
        ],
    )
    .await;
    all_refused(&got, &[404])?;
    refused(snapshot(&app, &case).await == before, "the case changed")?;
    refused(
        crate::support_chat::comment_count(&app).await == 0,
        "a comment was stored",
    )
}

async fn a_director_answers_another_schools_questionnaire() -> Outcome {
    let app = spawn_app().await;
    let (_, case) = with_cases(&app).await;
    // The director of Джари (27-0202), which has its own case, names Троицкое's.
    let other = director_of(&app, SLUG, "jari@support.ru", "27-0202").await;
    let before = snapshot(&app, &case).await;
    let c = case.as_str();
    let got = statuses(
        &app,
        &other,
        vec![
            ("get_profile", vec![("slug", SLUG), ("case", c)]),
            (
                "save_profile",
                vec![("slug", SLUG), ("case", c), ("answers[staff_load]", "2")],
            ),
            ("get_case_chat", vec![("slug", SLUG), ("case", c)]),
            (
                "post_case_comment",
                vec![("slug", SLUG), ("case", c), ("body", "Чужой кейс")],
            ),
        ],
    )
    .await;
    all_refused(&got, &[404])?;
    refused(snapshot(&app, &case).await == before, "the case changed")?;
    refused(
        crate::support_chat::comment_count(&app).await == 0,
        "a comment was stored",
    )
}

async fn a_director_confirms_his_own_schools_profile() -> Outcome {
    let app = spawn_app().await;
    let (f, case) = with_cases(&app).await;
    let saved = app
        .call::<SaveProfile>(
            &[("slug", SLUG), ("case", &case), ("answers[staff_load]", "2")],
            &f.director,
        )
        .await;
    refused(
        saved.status() == 200,
        format!("the director could not save: {}", saved.status()),
    )?;
    sqlx::query("update support_cases set state = 'profile_submitted' where id = $1::uuid")
        .bind(&case)
        .execute(&app.owner)
        .await
        .expect("submitted");
    let before = snapshot(&app, &case).await;
    let got = statuses(
        &app,
        &f.director,
        vec![(
            "confirm_profile",
            vec![("slug", SLUG), ("case", case.as_str()), ("levels[staff]", "low")],
        )],
    )
    .await;
    all_refused(&got, &[403])?;
    refused(snapshot(&app, &case).await == before, "the profile was confirmed")
}

async fn a_coordinator_assigns_a_curator_in_another_municipality() -> Outcome {
    let app = spawn_app().await;
    let (f, _) = with_cases(&app).await;
    let khabarovsk = case_of(&app, &f.operator, "Кобелева").await;
    let before = snapshot(&app, &khabarovsk).await;
    let curator = f.curator_id.to_string();
    let got = statuses(
        &app,
        &f.coordinator,
        vec![(
            "assign_curator",
            vec![
                ("slug", SLUG),
                ("case", khabarovsk.as_str()),
                ("curator", curator.as_str()),
            ],
        )],
    )
    .await;
    all_refused(&got, &[404])?;
    refused(
        snapshot(&app, &khabarovsk).await == before,
        "the curator was assigned",
    )
}

async fn an_operator_appoints_another_regions_curator() -> Outcome {
    let app = spawn_app().await;
    let (f, case) = with_cases(&app).await;
    signed_in(&app, "ryazan", "curator@ryazan.ru", "curator", None).await;
    let stranger: uuid::Uuid = sqlx::query_scalar("select id from users where email = 'curator@ryazan.ru'")
        .fetch_one(&app.owner)
        .await
        .expect("the user");
    let before = snapshot(&app, &case).await;
    let stranger = stranger.to_string();
    let got = statuses(
        &app,
        &f.operator,
        vec![(
            "assign_curator",
            vec![
                ("slug", SLUG),
                ("case", case.as_str()),
                ("curator", stranger.as_str()),
            ],
        )],
    )
    .await;
    all_refused(&got, &[400])?;
    refused(
        snapshot(&app, &case).await == before,
        "Ryazan's curator was assigned",
    )
}

async fn another_regions_operator_names_a_case_or_run_by_its_id() -> Outcome {
    let app = spawn_app().await;
    let (f, case) = with_cases(&app).await;
    let ryazan = signed_in(&app, "ryazan", "op@ryazan.ru", "regional_operator", None).await;
    let before = snapshot(&app, &case).await;
    let c = case.as_str();
    let mut got = Vec::new();
    for (slug, expected) in [("ryazan", 404), (SLUG, 403)] {
        let calls = vec![
            ("get_case", vec![("slug", slug), ("id", c)]),
            ("get_profile", vec![("slug", slug), ("case", c)]),
            (
                "save_profile",
                vec![("slug", slug), ("case", c), ("answers[staff_load]", "2")],
            ),
            ("confirm_profile", vec![("slug", slug), ("case", c)]),
            (
                "assign_curator",
                vec![("slug", slug), ("case", c), ("curator", c)],
            ),
        ];
        for (name, status) in statuses(&app, &ryazan, calls).await {
            if status != expected {
                got.push(format!("{name} under {slug} answered {status}"));
            }
        }
        let bulk = app
            .call::<CreateCasesFromRun>(
                &[
                    ("slug", slug),
                    ("run", &f.run),
                    ("year", "2030"),
                    ("statuses[low_results]", "on"),
                ],
                &ryazan,
            )
            .await
            .status()
            .as_u16();
        if bulk != expected {
            got.push(format!("create_cases_from_run under {slug} answered {bulk}"));
        }
    }
    refused(got.is_empty(), got.join("; "))?;
    let ryazan_cases: i64 = sqlx::query_scalar("select count(*) from support_cases where year = 2030")
        .fetch_one(&app.owner)
        .await
        .expect("count");
    refused(ryazan_cases == 0, "cases were opened from another region's run")?;
    refused(snapshot(&app, &case).await == before, "the case changed")
}

/// A mention is an e-mail sent in the platform's name: naming someone outside the case (here a
/// curator of other schools) must neither store the comment nor write a message to them.
async fn a_comment_mentions_someone_outside_the_case_to_mail_them() -> Outcome {
    let app = spawn_app().await;
    let (f, case) = with_cases(&app).await;
    let stranger = crate::helpers::user_id(&app, "curator2@support.ru")
        .await
        .to_string();
    let response = app
        .call::<PostCaseComment>(
            &[
                ("slug", SLUG),
                ("case", &case),
                ("body", "Посмотрите"),
                ("mentions[]", &stranger),
            ],
            &f.director,
        )
        .await;
    let status = response.status().as_u16();
    refused(status == 400, format!("the mention answered {status}"))?;
    let mailed: i64 =
        sqlx::query_scalar("select count(*) from outbox where recipient = 'curator2@support.ru'")
            .fetch_one(&app.owner)
            .await
            .expect("outbox");
    refused(mailed == 0, "the stranger was mailed")?;
    refused(
        crate::support_chat::comment_count(&app).await == 0,
        "the comment was stored",
    )
}
