//! Reaching past a place on a school team or a partnership (issue 17): a team member opening
//! another case or naming the team, a teacher on no team, and a partner school's director
//! writing to the case they only read. Every refusal leaves the case as it was.

use app::support::AddTeamMember;

use crate::attack;
use crate::attacks::support::{all_refused, snapshot, statuses, with_cases, with_partner};
use crate::attacks::{refused, Attack, Outcome};
use crate::helpers::{spawn_app, user_id, TestApp};
use crate::support::{case_of, teacher_at, SLUG};

pub fn attacks() -> Vec<Attack> {
    vec![
        attack!(a_team_member_opens_another_case_and_names_the_team),
        attack!(a_partner_director_writes_to_the_case_he_reads),
    ]
}

async fn team_size(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from support_team")
        .fetch_one(&app.owner)
        .await
        .unwrap()
}

async fn a_team_member_opens_another_case_and_names_the_team() -> Outcome {
    let app = spawn_app().await;
    let (f, case) = with_cases(&app).await;
    let member = teacher_at(&app, "member@support.ru", "27-0201").await;
    let colleague = teacher_at(&app, "colleague@support.ru", "27-0201").await;
    let (member_id, colleague_id) = (
        user_id(&app, "member@support.ru").await.to_string(),
        user_id(&app, "colleague@support.ru").await.to_string(),
    );
    let form = [
        ("slug", SLUG),
        ("case", case.as_str()),
        ("user", member_id.as_str()),
    ];
    let added = app.call::<AddTeamMember>(&form, &f.director).await.status();
    refused(
        added == 200,
        format!("the director could not name the team: {added}"),
    )?;

    let other = case_of(&app, &f.operator, "Кобелева").await;
    let before = snapshot(&app, &other).await;
    let o = other.as_str();
    let got = statuses(
        &app,
        &member,
        vec![
            ("get_case", vec![("slug", SLUG), ("id", o)]),
            ("get_profile", vec![("slug", SLUG), ("case", o)]),
            (
                "save_profile",
                vec![("slug", SLUG), ("case", o), ("answers[staff_load]", "2")],
            ),
            ("get_case_chat", vec![("slug", SLUG), ("case", o)]),
            (
                "post_case_comment",
                vec![("slug", SLUG), ("case", o), ("body", "Чужой кейс")],
            ),
        ],
    )
    .await;
    all_refused(&got, &[404])?;
    refused(snapshot(&app, &other).await == before, "another case changed")?;

    let form = [
        ("slug", SLUG),
        ("case", case.as_str()),
        ("user", colleague_id.as_str()),
    ];
    let named = app.call::<AddTeamMember>(&form, &member).await.status().as_u16();
    refused(named == 403, format!("a member named the team: {named}"))?;
    let got = statuses(
        &app,
        &colleague,
        vec![("get_case", vec![("slug", SLUG), ("id", case.as_str())])],
    )
    .await;
    all_refused(&got, &[403])?;
    refused(team_size(&app).await == 1, "the team changed")
}

async fn a_partner_director_writes_to_the_case_he_reads() -> Outcome {
    let app = spawn_app().await;
    let (_, case, partner) = with_partner(&app).await?;
    let before = snapshot(&app, &case).await;
    let c = case.as_str();
    let got = statuses(
        &app,
        &partner,
        vec![
            ("get_profile", vec![("slug", SLUG), ("case", c)]),
            (
                "save_profile",
                vec![("slug", SLUG), ("case", c), ("answers[staff_load]", "2")],
            ),
            ("get_case_chat", vec![("slug", SLUG), ("case", c)]),
            (
                "post_case_comment",
                vec![("slug", SLUG), ("case", c), ("body", "Партнёр пишет")],
            ),
        ],
    )
    .await;
    all_refused(&got, &[404])?;
    let saved = crate::support_documents::save(
        &app,
        &partner,
        &case,
        "concept",
        &[(
            "fields[mission]".to_string(),
            "Партнёр правит концепцию".to_string(),
        )],
        false,
    )
    .await
    .status()
    .as_u16();
    refused(saved == 403, format!("the partner saved a document: {saved}"))?;
    let documents: i64 = sqlx::query_scalar("select count(*) from support_documents")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    refused(documents == 0, "a document was stored")?;
    refused(snapshot(&app, &case).await == before, "the case changed")?;
    refused(
        crate::support_chat::comment_count(&app).await == 0,
        "a comment was stored",
    )
}
