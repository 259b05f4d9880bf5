//! The club's server functions (issue 14) with their gates, and the attacks on them: everyone
//! who is not a member (a teacher, a director of a third region, a member of another club, a
//! banned member, a visitor) calls every member's function, and a member every moderator's.

use app::club::*;

use super::{entry, every_call_refused, Entry, Gate};
use crate::attack;
use crate::attacks::{refused, Attack, Outcome};
use crate::club::{people, DEMO};
use crate::helpers::spawn_app;

pub fn attacks() -> Vec<Attack> {
    vec![
        attack!(non_members_call_every_club_function),
        attack!(a_member_calls_every_moderator_function),
        attack!(a_member_edits_or_decides_in_another_persons_post),
        attack!(outsiders_download_or_attach_club_files),
    ]
}

pub fn table(id: &str) -> Vec<Entry> {
    use Gate::{ClubMember, ClubModerator, Public};
    let club = ("club", DEMO);
    vec![
        // Anyone sees that the club exists and how to join.
        entry::<GetClub>(Public, &[club]),
        entry::<ListClubs>(Public, &[]),
        entry::<GetClubSection>(
            ClubMember,
            &[club, ("section", "franchising"), ("solved_only", "false")],
        ),
        entry::<GetClubThread>(ClubMember, &[club, ("thread", id)]),
        entry::<GetClubPostsSince>(ClubMember, &[club, ("thread", id), ("after", "0")]),
        entry::<CreateClubThread>(
            ClubMember,
            &[
                club,
                ("section", "franchising"),
                ("title", "Взлом"),
                ("body", "Взлом"),
            ],
        ),
        entry::<ReplyClubThread>(ClubMember, &[club, ("thread", id), ("body", "Взлом")]),
        entry::<EditClubPost>(ClubMember, &[club, ("post", id), ("body", "Взлом")]),
        entry::<MarkClubDecision>(ClubMember, &[club, ("thread", id), ("number", "2")]),
        entry::<ToggleClubUseful>(ClubMember, &[club, ("post", id)]),
        entry::<GetClubBest>(ClubMember, &[club]),
        entry::<SearchClub>(ClubMember, &[club, ("q", "школа"), ("solved_only", "false")]),
        entry::<FlagClubPost>(ClubMember, &[club, ("post", id), ("reason", "Взлом")]),
        entry::<GetClubPostHistory>(ClubModerator, &[club, ("post", id)]),
        entry::<ModerateClubThread>(ClubModerator, &[club, ("thread", id), ("action", "pin")]),
        entry::<HideClubPost>(ClubModerator, &[club, ("post", id), ("reason", "Взлом")]),
        entry::<BanClubMember>(
            ClubModerator,
            &[club, ("post", id), ("days", "3"), ("reason", "Взлом")],
        ),
        entry::<InviteClubMember>(ClubModerator, &[club, ("email", "x@example.ru")]),
        entry::<GetClubModeration>(ClubModerator, &[club]),
        entry::<ResolveClubFlag>(ClubModerator, &[club, ("flag", id), ("hide", "true")]),
    ]
}

async fn non_members_call_every_club_function() -> Outcome {
    let app = spawn_app().await;
    let p = people(&app).await;
    let gates = [Gate::ClubMember, Gate::ClubModerator];
    every_call_refused(&app, &gates, "khabarovsk", "", &[401]).await?;
    for cookies in [&p.teacher, &p.third_region, &p.other_club, &p.banned] {
        every_call_refused(&app, &gates, "khabarovsk", cookies, &[403]).await?;
    }
    Ok(())
}

async fn a_member_calls_every_moderator_function() -> Outcome {
    let app = spawn_app().await;
    let p = people(&app).await;
    every_call_refused(&app, &[Gate::ClubModerator], "khabarovsk", &p.khabarovsk, &[403]).await
}

/// Real ids this time: the Novosibirsk director's reply in a Khabarovsk director's thread.
async fn a_member_edits_or_decides_in_another_persons_post() -> Outcome {
    let app = spawn_app().await;
    let p = people(&app).await;
    let (_, thread) = crate::club::call::<CreateClubThread>(
        &app,
        &[
            ("club", DEMO),
            ("section", "franchising"),
            ("title", "Тема"),
            ("body", "Вопрос"),
        ],
        &p.khabarovsk,
    )
    .await;
    let thread = thread.as_str().unwrap_or_default().to_string();
    crate::club::call::<ReplyClubThread>(
        &app,
        &[("club", DEMO), ("thread", &thread), ("body", "Ответ")],
        &p.novosibirsk,
    )
    .await;
    let (_, page) =
        crate::club::call::<GetClubThread>(&app, &[("club", DEMO), ("thread", &thread)], &p.khabarovsk).await;
    let question = page["posts"][0]["id"].as_str().unwrap_or_default().to_string();
    let edit = crate::club::call::<EditClubPost>(
        &app,
        &[("club", DEMO), ("post", &question), ("body", "Подмена")],
        &p.novosibirsk,
    )
    .await
    .0;
    let decide = crate::club::call::<MarkClubDecision>(
        &app,
        &[("club", DEMO), ("thread", &thread), ("number", "2")],
        &p.novosibirsk,
    )
    .await
    .0;
    refused(
        edit == 403 && decide == 403,
        format!("edit {edit}, decision {decide}"),
    )
}

/// The club's files (plain routes, not server functions): a real attachment downloaded by
/// everyone outside the club, by another club's member through his own club, and a member
/// attaching to another member's post.
async fn outsiders_download_or_attach_club_files() -> Outcome {
    use crate::club_files::{attach, message, thread, PDF};
    let app = spawn_app().await;
    let p = people(&app).await;
    let (thread, question, reply) = thread(&app, &p).await;
    let (_, location) = attach(&app, &p.khabarovsk, DEMO, &question, &[("план.pdf", PDF)]).await;
    if message(&location, "attached").is_none() {
        return Err(format!("the arrangement failed: {location}"));
    }
    let id: uuid::Uuid = sqlx::query_scalar("select id from club_attachments limit 1")
        .fetch_one(&app.owner)
        .await
        .map_err(|e| e.to_string())?;
    let path = format!("/club/{DEMO}/attachments/{id}");
    let mut seen = Vec::new();
    for cookies in [
        &p.teacher,
        &p.third_region,
        &p.other_club,
        &p.banned,
        &String::new(),
    ] {
        seen.push(app.get_with_cookies(&path, cookies).await.status().as_u16());
    }
    let by_own_club = app
        .get_with_cookies(&format!("/club/other-club/attachments/{id}"), &p.other_club)
        .await
        .status()
        .as_u16();
    let onto_other = attach(&app, &p.novosibirsk, DEMO, &question, &[("x.pdf", PDF)])
        .await
        .0;
    let outsider = attach(&app, &p.third_region, DEMO, &reply, &[("x.pdf", PDF)])
        .await
        .0;
    let _ = thread;
    refused(
        seen == [403, 403, 403, 403, 401] && by_own_club == 404 && onto_other == 403 && outsider == 403,
        format!("downloads {seen:?}, by his own club {by_own_club}, attach to another's post {onto_other}, outsider {outsider}"),
    )
}
