//! The club's events and notifications (issue 14) with their gates, and the attack on them:
//! everyone outside the club calls every one of them, and a plain member the moderators' ones.

use app::club::{events::*, notify::*};

use super::{entry, every_call_refused, Entry, Gate};
use crate::attack;
use crate::attacks::{Attack, Outcome};
use crate::helpers::{signed_in, spawn_app};

pub fn attacks() -> Vec<Attack> {
    vec![attack!(outsiders_call_every_club_events_function)]
}

/// The club's events and notifications (issue 14); `club` is the demo club.
pub fn table(id: &str) -> Vec<Entry> {
    use Gate::{ClubMember, ClubModerator, Public};
    const CLUB: &str = "leadership-sib-dv";
    vec![
        // These answer `None` to a visitor, and count only the signed-in person's own clubs.
        entry::<GetClubUnread>(Public, &[]),
        // Reached by an e-mailed link: the token is the credential and only turns one subscription off.
        entry::<GetUnsubscribe>(Public, &[("token", id)]),
        entry::<Unsubscribe>(Public, &[("token", id)]),
        entry::<GetNotifications>(ClubMember, &[("club", CLUB)]),
        entry::<ReadNotifications>(ClubMember, &[("club", CLUB)]),
        entry::<GetSubscription>(ClubMember, &[("club", CLUB), ("scope", "thread"), ("target", id)]),
        entry::<SetSubscription>(
            ClubMember,
            &[
                ("club", CLUB),
                ("scope", "thread"),
                ("target", id),
                ("delivery", "immediate"),
            ],
        ),
        entry::<GetSubscriptions>(ClubMember, &[("club", CLUB)]),
        entry::<ListEvents>(ClubMember, &[("club", CLUB)]),
        entry::<GetEvent>(ClubMember, &[("club", CLUB), ("id", id)]),
        entry::<RegisterEvent>(ClubMember, &[("club", CLUB), ("id", id)]),
        entry::<UnregisterEvent>(ClubMember, &[("club", CLUB), ("id", id)]),
        entry::<CreateEvent>(
            ClubModerator,
            &[
                ("club", CLUB),
                ("form[kind]", "webinar"),
                ("form[title]", "Взлом"),
                ("form[description]", ""),
                ("form[starts_at]", "2027-01-01T10:00"),
                ("form[duration_minutes]", "60"),
                ("form[capacity]", ""),
                ("form[link]", "https://example.org"),
                ("form[place]", ""),
            ],
        ),
        entry::<SaveMaterials>(
            ClubModerator,
            &[
                ("club", CLUB),
                ("id", id),
                ("summary", "Взлом"),
                ("recordings", ""),
            ],
        ),
    ]
}

/// Issue 14: everyone outside the club (anonymous, a teacher of a member region, a director of a
/// third region) calls every club function; a plain member calls the moderators' ones.
async fn outsiders_call_every_club_events_function() -> Outcome {
    let app = spawn_app().await;
    let teacher = signed_in(&app, "khabarovsk", "club-teacher@example.org", "teacher", None).await;
    let stranger = signed_in(&app, "ryazan", "club-stranger@example.org", "director", None).await;
    let member = signed_in(&app, "novosibirsk", "club-member@example.org", "director", None).await;
    let gates = [Gate::ClubMember, Gate::ClubModerator];
    every_call_refused(&app, &gates, "", "", &[401]).await?;
    every_call_refused(&app, &gates, "", &teacher, &[403]).await?;
    every_call_refused(&app, &gates, "", &stranger, &[403]).await?;
    every_call_refused(&app, &[Gate::ClubModerator], "", &member, &[403]).await
}
