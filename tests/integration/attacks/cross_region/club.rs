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
