//! The club's notifications (issue 14) through the server's HTTP interface: immediate mail and
//! digests (nothing twice, nothing missed), mentions, the in-app counter, the one-click
//! unsubscribe without a session, and nothing for people outside the club.

use std::time::{Duration, Instant};

use crate::club_events::CLUB;
use crate::diagnostics::json;
use crate::helpers::{signed_in, spawn_app, TestApp};
use crate::mail::messages_in;
use app::club::notify::{
    GetClubUnread, GetNotifications, GetUnsubscribe, Notice, ReadNotifications, SetSubscription, Unread,
    Unsubscribe, UnsubscribeInfo,
};
use app::club::{CreateClubThread, ReplyClubThread};

/// A new thread in the section, through the club's own server function; returns its id.
async fn new_thread(app: &TestApp, cookies: &str, section: &str, title: &str, body: &str) -> String {
    let form = [
        ("club", CLUB),
        ("section", section),
        ("title", title),
        ("body", body),
    ];
    json(app.call::<CreateClubThread>(&form, cookies).await).await
}

/// A reply in the thread, through the club's own server function (which fans it out).
async fn reply(app: &TestApp, cookies: &str, thread: &str, body: &str) {
    let response = app
        .call::<ReplyClubThread>(&[("club", CLUB), ("thread", thread), ("body", body)], cookies)
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

async fn subscribe(app: &TestApp, cookies: &str, scope: &str, target: &str, delivery: &str) {
    let form = [
        ("club", CLUB),
        ("scope", scope),
        ("target", target),
        ("delivery", delivery),
    ];
    let response = app.call::<SetSubscription>(&form, cookies).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

/// Raw message files to `recipient` (headers included).
fn raw_messages(app: &TestApp, recipient: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(app.data_dir.join("mail")) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .filter(|raw| {
            raw.lines()
                .find(|l| l.to_ascii_lowercase().starts_with("to:"))
                .is_some_and(|l| l.contains(recipient))
        })
        .collect()
}

/// Waits until `recipient` has `count` messages, then a little longer to see that no more come.
async fn settled(app: &TestApp, recipient: &str, count: usize) -> Vec<String> {
    let folder = app.data_dir.join("mail");
    let deadline = Instant::now() + Duration::from_secs(20);
    while messages_in(&folder, recipient).len() < count {
        assert!(
            Instant::now() < deadline,
            "fewer than {count} messages to {recipient}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(2500)).await;
    messages_in(&folder, recipient)
}

/// Makes the member's daily digest due, as if a day had passed since the last one.
async fn a_day_passes(app: &TestApp, email: &str) {
    for sql in [
        "update club_digests set sent_at = sent_at - interval '25 hours'
         where user_id = (select id from users where email = $1)",
        "update club_notifications set created_at = created_at - interval '25 hours'
         where user_id = (select id from users where email = $1) and mailed_at is null",
    ] {
        sqlx::query(sql).bind(email).execute(&app.owner).await.unwrap();
    }
}

#[tokio::test]
async fn immediate_and_daily_subscribers_get_every_post_once() {
    let app = spawn_app().await;
    let author = signed_in(&app, "khabarovsk", "author@example.org", "director", None).await;
    let live = signed_in(&app, "novosibirsk", "live@example.org", "director", None).await;
    let daily = signed_in(&app, "novosibirsk", "daily@example.org", "director", None).await;
    subscribe(&app, &daily, "section", "franchising", "daily").await;
    let thread = new_thread(
        &app,
        &author,
        "franchising",
        "Франшиза программ",
        "Вопрос **первый**",
    )
    .await;
    subscribe(&app, &live, "thread", &thread, "immediate").await;

    reply(&app, &author, &thread, "Ответ номер два").await;
    let first = settled(&app, "live@example.org", 1).await;
    assert_eq!(first.len(), 1);
    assert!(first[0].contains("Ответ номер два"), "{}", first[0]);
    // The daily subscriber's items wait for the digest.
    assert!(messages_in(&app.data_dir.join("mail"), "daily@example.org").is_empty());

    a_day_passes(&app, "daily@example.org").await;
    let digests = settled(&app, "daily@example.org", 1).await;
    assert_eq!(digests.len(), 1);
    assert!(digests[0].contains("Вопрос первый") && digests[0].contains("Ответ номер два"));
    assert_eq!(
        digests[0].matches("== Франшиза программ ==").count(),
        1,
        "grouped by thread"
    );

    // A post between two digests appears in the second only, and once.
    reply(&app, &author, &thread, "Ответ номер три").await;
    settled(&app, "live@example.org", 2).await;
    a_day_passes(&app, "daily@example.org").await;
    let digests = settled(&app, "daily@example.org", 2).await;
    assert_eq!(digests.len(), 2);
    // Each message has a text and an HTML part: count the messages that carry a post.
    let carrying = |messages: &[String], text: &str| messages.iter().filter(|m| m.contains(text)).count();
    assert_eq!(carrying(&digests, "Ответ номер два"), 1, "nothing twice");
    assert_eq!(carrying(&digests, "Ответ номер три"), 1, "nothing missed");
    let live_mail = messages_in(&app.data_dir.join("mail"), "live@example.org");
    assert_eq!(carrying(&live_mail, "Ответ номер три"), 1);
    // The author is not notified of their own posts.
    assert!(messages_in(&app.data_dir.join("mail"), "author@example.org").is_empty());
}

#[tokio::test]
async fn a_mention_notifies_the_member_named() {
    let app = spawn_app().await;
    let author = signed_in(&app, "khabarovsk", "mentioner@example.org", "director", None).await;
    let named = signed_in(&app, "novosibirsk", "named@example.org", "director", None).await;
    let teacher = signed_in(&app, "novosibirsk", "teach@example.org", "teacher", None).await;
    crate::helpers::set_names(
        &app,
        &[
            ("named@example.org", "Сидорова Анна"),
            ("teach@example.org", "Сидорова Вера"),
        ],
    )
    .await;
    let thread = new_thread(&app, &author, "franchising", "Доска кайдзен", "Кто пробовал?").await;
    reply(&app, &author, &thread, "@Сидорова, расскажите о вашем опыте").await;
    let mail = settled(&app, "named@example.org", 1).await;
    assert!(mail[0].contains("расскажите о вашем опыте"));
    let notices: Vec<Notice> = json(app.call::<GetNotifications>(&[("club", CLUB)], &named).await).await;
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].reason, "mention");
    // A teacher with the same surname is not a member: no notification, no mail.
    assert!(messages_in(&app.data_dir.join("mail"), "teach@example.org").is_empty());
    assert_eq!(
        app.call::<GetNotifications>(&[("club", CLUB)], &teacher)
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn the_unread_counter_shows_and_clears() {
    let app = spawn_app().await;
    let author = signed_in(&app, "khabarovsk", "writer@example.org", "director", None).await;
    let reader = signed_in(&app, "novosibirsk", "reader@example.org", "director", None).await;
    let thread = new_thread(
        &app,
        &author,
        "franchising",
        "Сопротивление изменениям",
        "Как быть?",
    )
    .await;
    subscribe(&app, &reader, "thread", &thread, "weekly").await;
    reply(&app, &author, &thread, "Вовлекать команду").await;
    reply(&app, &author, &thread, "И объяснять зачем").await;
    // Posts are fanned out by a worker woken at their commit: within moments, not in the reply.
    let expected = Some(Unread {
        count: 2,
        club: CLUB.to_string(),
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let unread: Option<Unread> = json(app.call::<GetClubUnread>(&[], &reader).await).await;
        if unread == expected || Instant::now() > deadline {
            assert_eq!(unread, expected);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let none: Option<Unread> = json(app.call::<GetClubUnread>(&[], "").await).await;
    assert_eq!(none, None);
    assert_eq!(
        app.call::<ReadNotifications>(&[("club", CLUB)], &reader)
            .await
            .status(),
        200
    );
    let cleared: Option<Unread> = json(app.call::<GetClubUnread>(&[], &reader).await).await;
    assert_eq!(cleared, None);
}

#[tokio::test]
async fn the_unsubscribe_link_works_in_one_click_without_a_session() {
    let app = spawn_app().await;
    let author = signed_in(&app, "khabarovsk", "poster@example.org", "director", None).await;
    let follower = signed_in(&app, "novosibirsk", "follower@example.org", "director", None).await;
    let thread = new_thread(&app, &author, "franchising", "ССП в школе", "С чего начать?").await;
    subscribe(&app, &follower, "thread", &thread, "immediate").await;
    reply(&app, &author, &thread, "С целей на год").await;
    settled(&app, "follower@example.org", 1).await;
    let raw = raw_messages(&app, "follower@example.org")
        .remove(0)
        .replace("\r\n", "\n");
    let header = raw
        .lines()
        .find(|l| l.starts_with("List-Unsubscribe:"))
        .unwrap_or_else(|| panic!("no List-Unsubscribe in {raw}"));
    assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    let one_click = header
        .trim_start_matches("List-Unsubscribe:")
        .trim()
        .trim_matches(['<', '>']);
    let token = one_click
        .trim_end_matches("/one-click")
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();

    // The page names what the link turns off, without a session.
    let info: Option<UnsubscribeInfo> =
        json(app.call::<GetUnsubscribe>(&[("token", &token)], "").await).await;
    let info = info.expect("a known token");
    assert!(info.active && info.what.contains("ССП в школе"), "{info:?}");
    let (status, page) = app.get_text(&format!("/club-unsubscribe/{token}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("ССП в школе"));

    // A mail client's one-click POST: from another site, no cookie.
    let path = &one_click[one_click.find("/club-unsubscribe/").unwrap()..];
    let response = app
        .client
        .post(format!("{}{path}", app.address))
        .header("origin", "https://mail.example.net")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    reply(&app, &author, &thread, "И с показателей").await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        messages_in(&app.data_dir.join("mail"), "follower@example.org").len(),
        1
    );
    // Again: already off; an unknown token is refused.
    let again: bool = json(app.call::<Unsubscribe>(&[("token", &token)], "").await).await;
    assert!(!again);
    let unknown = "x".repeat(43);
    assert_eq!(
        app.call::<Unsubscribe>(&[("token", &unknown)], "").await.status(),
        400
    );
    let forged = app
        .client
        .post(format!("{}/club-unsubscribe/{unknown}/one-click", app.address))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 404);
}

#[tokio::test]
async fn outsiders_cannot_subscribe_or_read_notifications() {
    let app = spawn_app().await;
    let stranger = signed_in(&app, "ryazan", "stranger@example.org", "director", None).await;
    let form = [
        ("club", CLUB),
        ("scope", "section"),
        ("target", "franchising"),
        ("delivery", "immediate"),
    ];
    assert_eq!(app.call::<SetSubscription>(&form, &stranger).await.status(), 403);
    assert_eq!(app.call::<SetSubscription>(&form, "").await.status(), 401);
    assert_eq!(
        app.call::<GetNotifications>(&[("club", CLUB)], &stranger)
            .await
            .status(),
        403
    );
    let none: Option<Unread> = json(app.call::<GetClubUnread>(&[], &stranger).await).await;
    assert_eq!(none, None);
    let subscriptions: i64 = sqlx::query_scalar("select count(*) from club_subscriptions")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(subscriptions, 0);
}
