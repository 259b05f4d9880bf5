//! The club's events (issue 14) through the server's HTTP interface: one start shown in each
//! member's region time, registration within capacity, reminders once each, the `.ics` and the
//! calendar feed, and nothing of it for people outside the club.

use std::time::Duration;

use app::club::events::{
    CreateEvent, EventList, EventView, GetEvent, ListEvents, RegisterEvent, SaveMaterials,
};
use uuid::Uuid;

use crate::diagnostics::json;
use crate::helpers::{signed_in, spawn_app, TestApp};
use crate::mail::messages_in;

pub const CLUB: &str = "leadership-sib-dv";

async fn club_id(app: &TestApp, slug: &str) -> Uuid {
    sqlx::query_scalar("select id from clubs where slug = $1")
        .bind(slug)
        .fetch_one(&app.owner)
        .await
        .expect("the club")
}

/// An event of the club starting at `starts_at` (an SQL expression), as the owner writes it.
pub async fn event(app: &TestApp, club: Uuid, starts_at: &str, capacity: Option<i32>) -> Uuid {
    sqlx::query_scalar(&format!(
        "insert into club_events (club_id, kind, title, description, description_html, starts_at,
                                  duration_minutes, capacity, link)
         values ($1, 'webinar', 'Вебинар о ССП', 'Разбор **карт**', '<p>Разбор</p>', {starts_at}, 90, $2,
                 'https://example.org/webinar') returning id"
    ))
    .bind(club)
    .bind(capacity)
    .fetch_one(&app.owner)
    .await
    .expect("event")
}

/// A second club, of Рязанская область only, with one event.
pub async fn other_club(app: &TestApp) -> (Uuid, Uuid) {
    let club: Uuid = sqlx::query_scalar(
        "insert into clubs (slug, name) values ('other-club', 'Другой клуб') returning id",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap();
    sqlx::query(
        "insert into club_regions (club_id, region_id) select $1, id from tenants where slug = 'ryazan'",
    )
    .bind(club)
    .execute(&app.owner)
    .await
    .unwrap();
    let id = event(app, club, "'2026-12-20T03:00:00Z'", None).await;
    sqlx::query("update club_events set title = 'Закрытая встреча другого клуба' where id = $1")
        .bind(id)
        .execute(&app.owner)
        .await
        .unwrap();
    (club, id)
}

#[tokio::test]
async fn one_event_shows_ten_in_khabarovsk_and_seven_in_novosibirsk() {
    let app = spawn_app().await;
    let club = club_id(&app, CLUB).await;
    let id = event(&app, club, "'2026-12-10T00:00:00Z'", None)
        .await
        .to_string();
    let khabarovsk = signed_in(&app, "khabarovsk", "dir-khv@example.org", "director", None).await;
    let novosibirsk = signed_in(&app, "novosibirsk", "dir-nsk@example.org", "director", None).await;
    let form = [("club", CLUB), ("id", id.as_str())];
    let there: EventView = json(app.call::<GetEvent>(&form, &khabarovsk).await).await;
    let here: EventView = json(app.call::<GetEvent>(&form, &novosibirsk).await).await;
    assert_eq!(
        (there.card.time.as_str(), there.card.offset.as_str()),
        ("10:00", "UTC+10")
    );
    assert_eq!(
        (here.card.time.as_str(), here.card.offset.as_str()),
        ("07:00", "UTC+7")
    );
    assert_eq!(there.card.date, "10.12.2026");
    // The page itself renders the member's time.
    let page = app
        .get_with_cookies(&format!("/club/{CLUB}/events/{id}"), &novosibirsk)
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("10.12.2026, 07:00 (UTC+7)"), "{page}");
}

#[tokio::test]
async fn registration_holds_the_capacity_and_closes_at_the_start() {
    let app = spawn_app().await;
    let club = club_id(&app, CLUB).await;
    let id = event(&app, club, "now() + interval '3 days'", Some(1))
        .await
        .to_string();
    let started = event(&app, club, "now() - interval '1 minute'", None)
        .await
        .to_string();
    let first = signed_in(&app, "khabarovsk", "first@example.org", "director", None).await;
    let second = signed_in(&app, "novosibirsk", "second@example.org", "director", None).await;
    let form = [("club", CLUB), ("id", id.as_str())];
    assert_eq!(app.call::<RegisterEvent>(&form, &first).await.status(), 200);
    // Twice is still one seat.
    assert_eq!(app.call::<RegisterEvent>(&form, &first).await.status(), 200);
    let full = app.call::<RegisterEvent>(&form, &second).await;
    assert_eq!(full.status(), 400);
    assert!(full.text().await.unwrap().contains("Мест больше нет"));
    let view: EventView = json(app.call::<GetEvent>(&form, &first).await).await;
    assert_eq!((view.card.registered, view.card.me_registered), (1, true));
    let late = app
        .call::<RegisterEvent>(&[("club", CLUB), ("id", started.as_str())], &second)
        .await;
    assert_eq!(late.status(), 400);
}

#[tokio::test]
async fn people_outside_the_club_neither_read_nor_register() {
    let app = spawn_app().await;
    let club = club_id(&app, CLUB).await;
    let id = event(&app, club, "now() + interval '3 days'", None)
        .await
        .to_string();
    let teacher = signed_in(&app, "khabarovsk", "teacher@example.org", "teacher", None).await;
    let stranger = signed_in(&app, "ryazan", "dir-rzn@example.org", "director", None).await;
    let form = [("club", CLUB), ("id", id.as_str())];
    for cookies in [&teacher, &stranger, &String::new()] {
        assert!(
            app.call::<ListEvents>(&[("club", CLUB)], cookies)
                .await
                .status()
                .as_u16()
                >= 401
        );
        assert!(app.call::<GetEvent>(&form, cookies).await.status().as_u16() >= 401);
        assert!(app.call::<RegisterEvent>(&form, cookies).await.status().as_u16() >= 401);
        let ics = app
            .get_with_cookies(&format!("/club/{CLUB}/events/{id}/event.ics"), cookies)
            .await;
        assert!(ics.status().as_u16() >= 401, "{}", ics.status());
    }
    let registered: i64 = sqlx::query_scalar("select count(*) from club_event_registrations")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(registered, 0);
}

#[tokio::test]
async fn the_ics_and_the_feed_show_only_the_members_own_clubs() {
    let app = spawn_app().await;
    let club = club_id(&app, CLUB).await;
    let id = event(&app, club, "'2026-12-10T00:00:00Z'", None).await;
    other_club(&app).await;
    let member = signed_in(&app, "khabarovsk", "member@example.org", "director", None).await;
    let other = signed_in(&app, "ryazan", "other@example.org", "director", None).await;
    let ics = app
        .get_with_cookies(&format!("/club/{CLUB}/events/{id}/event.ics"), &member)
        .await;
    assert_eq!(ics.status(), 200);
    assert!(ics.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let text = ics.text().await.unwrap();
    assert!(
        text.contains("DTSTART:20261210T000000Z\r\n") && text.contains("BEGIN:VEVENT"),
        "{text}"
    );

    let mine: EventList = json(app.call::<ListEvents>(&[("club", CLUB)], &member).await).await;
    let theirs: EventList = json(app.call::<ListEvents>(&[("club", "other-club")], &other).await).await;
    let path = |url: &str| url[url.find("/club-calendar/").unwrap()..].to_string();
    let (status, feed) = app.get_text(&path(&mine.feed_url)).await;
    assert_eq!(status, 200);
    assert!(
        feed.contains(&id.to_string()) && !feed.contains("Закрытая встреча"),
        "{feed}"
    );
    let (_, their_feed) = app.get_text(&path(&theirs.feed_url)).await;
    assert!(their_feed.contains("Закрытая встреча") && !their_feed.contains(&id.to_string()));
    // The same secret each time; an unknown one is not found.
    let again: EventList = json(app.call::<ListEvents>(&[("club", CLUB)], &member).await).await;
    assert_eq!(again.feed_url, mine.feed_url);
    let (status, _) = app
        .get_text("/club-calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/calendar.ics")
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn each_reminder_goes_once() {
    let app = spawn_app().await;
    let club = club_id(&app, CLUB).await;
    let soon = event(&app, club, "now() + interval '30 minutes'", None)
        .await
        .to_string();
    let tomorrow = event(&app, club, "now() + interval '23 hours'", None)
        .await
        .to_string();
    let member = signed_in(&app, "novosibirsk", "remind@example.org", "director", None).await;
    for id in [&soon, &tomorrow] {
        let form = [("club", CLUB), ("id", id.as_str())];
        assert_eq!(app.call::<RegisterEvent>(&form, &member).await.status(), 200);
    }
    let folder = app.data_dir.join("mail");
    for _ in 0..100 {
        if messages_in(&folder, "remind@example.org").len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Three more ticks of the job send nothing again.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let messages = messages_in(&folder, "remind@example.org");
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages
        .iter()
        .any(|m| m.contains("начнётся") && m.contains("(UTC+7")));
    let reminded: Vec<(bool, bool)> = sqlx::query_as(
        "select reminded_day_at is not null, reminded_hour_at is not null from club_event_registrations
         order by reminded_hour_at nulls last",
    )
    .fetch_all(&app.owner)
    .await
    .unwrap();
    assert_eq!(reminded, vec![(true, true), (true, false)]);
}

#[tokio::test]
async fn moderators_create_events_in_their_time_and_add_materials() {
    let app = spawn_app().await;
    let club = club_id(&app, CLUB).await;
    let moderator = signed_in(&app, "khabarovsk", "moderator@example.org", "director", None).await;
    let member = signed_in(&app, "novosibirsk", "plain@example.org", "director", None).await;
    sqlx::query(
        "insert into club_members (club_id, user_id, role)
         select $1, id, 'club_moderator' from users where email = 'moderator@example.org'",
    )
    .bind(club)
    .execute(&app.owner)
    .await
    .unwrap();
    let form = [
        ("club", CLUB),
        ("form[kind]", "seminar"),
        ("form[title]", "Семинар по кайдзен"),
        ("form[description]", "Повестка"),
        ("form[starts_at]", "2027-01-15T10:00"),
        ("form[duration_minutes]", "120"),
        ("form[capacity]", "30"),
        ("form[link]", ""),
        ("form[place]", "Хабаровск, ИРО"),
    ];
    assert_eq!(app.call::<CreateEvent>(&form, &member).await.status(), 403);
    let id: String = json(app.call::<CreateEvent>(&form, &moderator).await).await;
    let view: EventView = json(
        app.call::<GetEvent>(&[("club", CLUB), ("id", id.as_str())], &member)
            .await,
    )
    .await;
    assert_eq!(
        (view.card.date.as_str(), view.card.time.as_str()),
        ("15.01.2027", "07:00")
    );
    let bad = [("form[link]", "ftp://x"), ("form[place]", "")];
    let mut wrong = form.to_vec();
    wrong.retain(|(k, _)| *k != "form[link]" && *k != "form[place]");
    wrong.extend(bad);
    let refused = app.call::<CreateEvent>(&wrong, &moderator).await;
    assert_eq!(refused.status(), 400);
    assert!(refused.text().await.unwrap().contains("Ссылка"));
    let materials = [
        ("club", CLUB),
        ("id", id.as_str()),
        (
            "summary",
            "## Итоги\n\nРешили **внедрить** доску\n\n<script>alert(1)</script>",
        ),
        ("recordings", "https://example.org/rec/1\n"),
    ];
    assert_eq!(app.call::<SaveMaterials>(&materials, &member).await.status(), 403);
    assert_eq!(
        app.call::<SaveMaterials>(&materials, &moderator).await.status(),
        200
    );
    let view: EventView = json(
        app.call::<GetEvent>(&[("club", CLUB), ("id", id.as_str())], &member)
            .await,
    )
    .await;
    let html = view.summary_html.unwrap();
    assert!(
        html.contains("<strong>внедрить</strong>") && !html.contains("<script"),
        "{html}"
    );
    assert_eq!(view.recordings, vec!["https://example.org/rec/1"]);
}
