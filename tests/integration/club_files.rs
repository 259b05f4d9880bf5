//! The club's files (issue 14): attachments to posts checked by content, kept once per content in
//! the data folder, downloaded only by members of the club, within their caps.

use app::club::*;
use serde_json::Value;

use crate::club::{call, club_id, people, People, DEMO};
use crate::helpers::{spawn_app, TestApp};

pub const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";
/// The first bytes of a Windows program.
pub const EXE: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0This program cannot be run in DOS mode.";

/// Posts files as the attach form does; returns the status and where it leads.
pub async fn attach(
    app: &TestApp,
    cookies: &str,
    club: &str,
    post: &str,
    files: &[(&str, &[u8])],
) -> (u16, String) {
    let path = format!("/club/{club}/posts/{post}/attachments");
    app.post_files(&path, cookies, &[], files).await
}

/// The message a redirect carries under `key` (`attached` or `attach_error`).
pub fn message(location: &str, key: &str) -> Option<String> {
    let url = reqwest::Url::parse(&format!("http://x{location}")).unwrap();
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// A thread by the Khabarovsk director with the Novosibirsk director's reply: (thread, question, reply).
pub async fn thread(app: &TestApp, p: &People) -> (String, String, String) {
    let (_, thread) = call::<CreateClubThread>(
        app,
        &[
            ("club", DEMO),
            ("section", "franchising"),
            ("title", "Материалы к встрече"),
            ("body", "Прикладываю отчёт."),
        ],
        &p.khabarovsk,
    )
    .await;
    let thread = thread.as_str().unwrap().to_string();
    call::<ReplyClubThread>(
        app,
        &[("club", DEMO), ("thread", &thread), ("body", "И мой.")],
        &p.novosibirsk,
    )
    .await;
    let page = page(app, &thread, &p.khabarovsk).await;
    let id = |i: usize| page["posts"][i]["id"].as_str().unwrap().to_string();
    (thread.clone(), id(0), id(1))
}

async fn page(app: &TestApp, thread: &str, cookies: &str) -> Value {
    let (status, page) = call::<GetClubThread>(app, &[("club", DEMO), ("thread", thread)], cookies).await;
    assert_eq!(status, 200, "{page}");
    page
}

async fn rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from club_attachments")
        .fetch_one(&app.owner)
        .await
        .unwrap()
}

/// The stored files of a club's folder but the events' presentations (the demo seeds two).
pub async fn stored(app: &TestApp, club: uuid::Uuid) -> Vec<String> {
    let presentations: Vec<String> =
        sqlx::query_scalar("select sha256 from club_event_files where club_id = $1")
            .bind(club)
            .fetch_all(&app.owner)
            .await
            .unwrap();
    let dir = app.data_dir.join("club").join(club.to_string());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| !presentations.contains(name))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

pub async fn sha256(app: &TestApp, bytes: &[u8]) -> String {
    sqlx::query_scalar("select encode(sha256($1), 'hex')")
        .bind(bytes)
        .fetch_one(&app.owner)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_member_attaches_files_and_every_member_downloads_them() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let (thread, question, _) = thread(&app, &p).await;
    let name = "Отчёт «ССП» 2026.pdf";
    let (status, location) = attach(
        &app,
        &p.khabarovsk,
        DEMO,
        &question,
        &[(name, PDF), ("схема.png", PNG)],
    )
    .await;
    assert_eq!(status, 303, "{location}");
    assert_eq!(
        message(&location, "attached").as_deref(),
        Some("Прикреплено файлов: 2."),
        "{location}"
    );
    assert!(
        location.starts_with(&format!("/club/{DEMO}/t/{thread}?page=1&")) && location.ends_with("#post-1")
    );

    let page = page(&app, &thread, &p.novosibirsk).await;
    let files = page["posts"][0]["attachments"].as_array().unwrap().clone();
    assert_eq!(files.len(), 2, "{page}");
    assert_eq!(files[0]["file_name"], name);
    assert_eq!(files[0]["size_bytes"], PDF.len() as i64);
    assert_eq!(files[1]["file_name"], "схема.png");

    let id = files[0]["id"].as_str().unwrap();
    let response = app
        .get_with_cookies(&format!("/club/{DEMO}/attachments/{id}"), &p.novosibirsk)
        .await;
    assert_eq!(response.status(), 200);
    let header = |n: &str| response.headers().get(n).unwrap().to_str().unwrap().to_string();
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(header("x-content-type-options"), "nosniff");
    let disposition = header("content-disposition");
    assert!(
        disposition.starts_with("attachment; filename=\""),
        "{disposition}"
    );
    assert!(
        disposition.contains(
            "filename*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82%20%C2%AB%D0%A1%D0%A1%D0%9F%C2%BB%202026.pdf"
        ),
        "the Cyrillic name survives: {disposition}"
    );
    assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);

    let demo = club_id(&app, DEMO).await;
    let mut both = vec![sha256(&app, PDF).await, sha256(&app, PNG).await];
    both.sort();
    assert_eq!(stored(&app, demo).await, both);
    let kept: (String, String, i64) =
        sqlx::query_as("select content_type, sha256, size_bytes from club_attachments where file_name = $1")
            .bind(name)
            .fetch_one(&app.owner)
            .await
            .unwrap();
    assert_eq!(
        kept,
        (
            "application/pdf".into(),
            sha256(&app, PDF).await,
            PDF.len() as i64
        )
    );
}

#[tokio::test]
async fn only_members_of_the_club_download_and_only_the_author_attaches() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let (thread, question, reply) = thread(&app, &p).await;
    let (_, location) = attach(&app, &p.khabarovsk, DEMO, &question, &[("план.pdf", PDF)]).await;
    assert!(message(&location, "attached").is_some(), "{location}");
    let id = page(&app, &thread, &p.khabarovsk).await["posts"][0]["attachments"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/club/{DEMO}/attachments/{id}");
    for (who, cookies, expected) in [
        ("teacher", &p.teacher, 403),
        ("third region", &p.third_region, 403),
        ("other club", &p.other_club, 403),
        ("banned", &p.banned, 403),
        ("anonymous", &String::new(), 401),
    ] {
        let response = app.get_with_cookies(&path, cookies).await;
        assert_eq!(response.status().as_u16(), expected, "{who} downloads");
        assert_ne!(response.bytes().await.unwrap().as_ref(), PDF, "{who}");
    }
    // Through the club one does belong to, the demo club's file is not there.
    let response = app
        .get_with_cookies(&format!("/club/other-club/attachments/{id}"), &p.other_club)
        .await;
    assert_eq!(response.status(), 404, "another club's member by his own club");

    // Only the author attaches to a post, and only members at all.
    let (status, _) = attach(&app, &p.novosibirsk, DEMO, &question, &[("чужое.pdf", PDF)]).await;
    assert_eq!(status, 403, "a member attaches to another member's post");
    let (status, _) = attach(&app, &p.moderator, DEMO, &reply, &[("чужое.pdf", PDF)]).await;
    assert_eq!(status, 403, "a moderator attaches to a member's post");
    for cookies in [&p.teacher, &p.other_club, &p.banned] {
        let (status, _) = attach(&app, cookies, DEMO, &question, &[("x.pdf", PDF)]).await;
        assert_eq!(status, 403);
    }
    assert_eq!(attach(&app, "", DEMO, &question, &[("x.pdf", PDF)]).await.0, 401);
    assert_eq!(rows(&app).await, 1);

    // A hidden post's files are the moderators', like its text.
    let (status, _) = call::<HideClubPost>(
        &app,
        &[("club", DEMO), ("post", &question), ("reason", "проверка")],
        &p.moderator,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(app.get_with_cookies(&path, &p.novosibirsk).await.status(), 404);
    assert_eq!(app.get_with_cookies(&path, &p.moderator).await.status(), 200);
    let page = page(&app, &thread, &p.novosibirsk).await;
    assert_eq!(
        page["posts"][0]["attachments"].as_array().unwrap().len(),
        0,
        "{page}"
    );
}

#[tokio::test]
async fn the_same_content_is_stored_once_and_attached_once_per_post() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let (_, question, reply) = thread(&app, &p).await;
    let (_, first) = attach(&app, &p.khabarovsk, DEMO, &question, &[("отчёт.pdf", PDF)]).await;
    let (_, second) = attach(&app, &p.novosibirsk, DEMO, &reply, &[("копия отчёта.pdf", PDF)]).await;
    assert!(message(&first, "attached").is_some() && message(&second, "attached").is_some());
    assert_eq!(rows(&app).await, 2, "two posts, two rows");
    let demo = club_id(&app, DEMO).await;
    assert_eq!(
        stored(&app, demo).await,
        vec![sha256(&app, PDF).await],
        "one file on disk"
    );
    let (status, again) = attach(&app, &p.khabarovsk, DEMO, &question, &[("ещё раз.pdf", PDF)]).await;
    assert_eq!(status, 303);
    let error = message(&again, "attach_error").unwrap_or_default();
    assert!(
        error.contains("«ещё раз.pdf»") && error.contains("уже прикреплён"),
        "{again}"
    );
    assert_eq!(rows(&app).await, 2);
}

#[tokio::test]
async fn a_renamed_program_or_an_unknown_file_is_refused_by_name_and_nothing_is_kept() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let (_, question, _) = thread(&app, &p).await;
    let (status, location) = attach(
        &app,
        &p.khabarovsk,
        DEMO,
        &question,
        &[("годовой отчёт.pdf", PDF), ("презентация.pdf", EXE)],
    )
    .await;
    assert_eq!(status, 303);
    let error = message(&location, "attach_error").unwrap_or_default();
    assert!(
        error.contains("«презентация.pdf»") && error.contains("исполняемая программа"),
        "{error}"
    );
    let (_, location) = attach(
        &app,
        &p.khabarovsk,
        DEMO,
        &question,
        &[("page.docx", b"<html><script>")],
    )
    .await;
    let error = message(&location, "attach_error").unwrap_or_default();
    assert!(
        error.contains("«page.docx»") && error.contains("PDF, DOCX"),
        "{error}"
    );
    assert_eq!(
        rows(&app).await,
        0,
        "all or nothing: the good file of the batch is not attached"
    );
    assert!(
        stored(&app, club_id(&app, DEMO).await).await.is_empty(),
        "nothing kept on disk"
    );
}

#[tokio::test]
async fn files_past_the_size_or_the_count_are_refused() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let (_, question, _) = thread(&app, &p).await;
    let mut big = PDF.to_vec();
    big.resize(20 * 1024 * 1024 + 1, b' ');
    let (status, location) = attach(&app, &p.khabarovsk, DEMO, &question, &[("большой.pdf", &big)]).await;
    assert_eq!(status, 303, "{location}");
    let error = message(&location, "attach_error").unwrap_or_default();
    assert!(
        error.contains("«большой.pdf»") && error.contains("20 МБ"),
        "{error}"
    );
    assert_eq!(rows(&app).await, 0);

    let pngs: Vec<(String, Vec<u8>)> = (0..6)
        .map(|i| (format!("скан {i}.png"), [PNG, &[i as u8]].concat()))
        .collect();
    let files: Vec<(&str, &[u8])> = pngs.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let (_, location) = attach(&app, &p.khabarovsk, DEMO, &question, &files).await;
    assert!(
        message(&location, "attach_error")
            .unwrap_or_default()
            .contains("не больше 5"),
        "{location}"
    );
    assert_eq!(rows(&app).await, 0);
    let (_, location) = attach(&app, &p.khabarovsk, DEMO, &question, &files[..3]).await;
    assert!(message(&location, "attached").is_some(), "{location}");
    let (_, location) = attach(&app, &p.khabarovsk, DEMO, &question, &files[3..]).await;
    assert!(
        message(&location, "attach_error")
            .unwrap_or_default()
            .contains("не больше 5"),
        "{location}"
    );
    assert_eq!(rows(&app).await, 3);
}

/// An Office Open XML file with these parts (a PPTX with `ppt/presentation.xml`, a DOCX …).
fn office(parts: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for part in parts {
        writer
            .start_file(*part, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(b"<x/>").unwrap();
    }
    writer.finish().unwrap().into_inner()
}

async fn upload_presentations(
    app: &TestApp,
    cookies: &str,
    club: &str,
    event: &str,
    files: &[(&str, &[u8])],
) -> (u16, String) {
    let path = format!("/club/{club}/events/{event}/files");
    app.post_files(&path, cookies, &[], files).await
}

#[tokio::test]
async fn moderators_add_presentations_to_an_event_and_members_download_them() {
    use app::club::events::GetEvent;
    let app = spawn_app().await;
    let p = people(&app).await;
    let event: uuid::Uuid = sqlx::query_scalar(
        "select e.id from club_events e join clubs c on c.id = e.club_id where c.slug = $1
         order by e.starts_at desc limit 1",
    )
    .bind(DEMO)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    let event = event.to_string();
    let pptx = office(&[
        "[Content_Types].xml",
        "ppt/presentation.xml",
        "ppt/slides/slide1.xml",
    ]);
    let docx = office(&["[Content_Types].xml", "word/document.xml"]);

    let (status, location) = upload_presentations(
        &app,
        &p.moderator,
        DEMO,
        &event,
        &[("Доклад о кайдзен.pptx", &pptx), ("Итоги.pdf", PDF)],
    )
    .await;
    assert_eq!(status, 303, "{location}");
    assert_eq!(
        message(&location, "uploaded").as_deref(),
        Some("Загружено презентаций: 2.")
    );
    let (_, location) =
        upload_presentations(&app, &p.moderator, DEMO, &event, &[("протокол.docx", &docx)]).await;
    let error = message(&location, "upload_error").unwrap_or_default();
    assert!(
        error.contains("«протокол.docx»") && error.contains("PDF или PPTX"),
        "{error}"
    );
    let (status, _) = upload_presentations(&app, &p.novosibirsk, DEMO, &event, &[("x.pdf", PDF)]).await;
    assert_eq!(status, 403, "a plain member uploads");
    let (status, _) = upload_presentations(&app, &p.other_club, DEMO, &event, &[("x.pdf", PDF)]).await;
    assert_eq!(status, 403, "another club's member uploads");

    let (status, view) = call::<GetEvent>(&app, &[("club", DEMO), ("id", &event)], &p.novosibirsk).await;
    assert_eq!(status, 200, "{view}");
    let files = view["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{view}");
    assert_eq!(files[0]["file_name"], "Доклад о кайдзен.pptx");
    let path = format!(
        "/club/{DEMO}/events/{event}/files/{}",
        files[0]["id"].as_str().unwrap()
    );
    let response = app.get_with_cookies(&path, &p.novosibirsk).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    );
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment;"));
    assert_eq!(response.bytes().await.unwrap().as_ref(), pptx.as_slice());
    for (who, cookies, expected) in [
        ("teacher", &p.teacher, 403),
        ("third region", &p.third_region, 403),
        ("anonymous", &String::new(), 401),
    ] {
        assert_eq!(
            app.get_with_cookies(&path, cookies).await.status().as_u16(),
            expected,
            "{who}"
        );
    }
    let by_own_club = path.replacen(DEMO, "other-club", 1);
    assert_eq!(
        app.get_with_cookies(&by_own_club, &p.other_club).await.status(),
        404
    );
}

/// Issue 14's interregional thread page: each reader sees the times in their own region's zone,
/// named, and each author's region.
#[tokio::test]
async fn a_thread_shows_times_in_the_readers_zone_and_each_authors_region() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let (thread, question, reply) = thread(&app, &p).await;
    for id in [&question, &reply] {
        sqlx::query("update club_posts set created_at = '2026-12-10T00:00:00Z' where id = $1::uuid")
            .bind(id)
            .execute(&app.owner)
            .await
            .unwrap();
    }
    for (who, cookies, time, zone) in [
        (
            "khabarovsk",
            &p.khabarovsk,
            "10.12.2026 10:00 UTC+10",
            "Хабаровский край, UTC+10",
        ),
        (
            "novosibirsk",
            &p.novosibirsk,
            "10.12.2026 07:00 UTC+7",
            "Новосибирская область, UTC+7",
        ),
        (
            "moderator",
            &p.moderator,
            "10.12.2026 03:00 UTC+3",
            "Рязанская область, UTC+3",
        ),
    ] {
        let page = page(&app, &thread, cookies).await;
        assert_eq!(page["posts"][0]["created_at"], time, "{who}");
        assert_eq!(page["posts"][1]["created_at"], time, "{who}");
        assert!(
            page["times_in"].as_str().unwrap().contains(zone),
            "{who}: {}",
            page["times_in"]
        );
        assert_eq!(page["posts"][0]["author_region"], "Хабаровский край", "{who}");
        assert_eq!(
            page["posts"][1]["author_region"], "Новосибирская область",
            "{who}"
        );
    }
    // New posts polled by an open page read the same way.
    let (status, since) = call::<GetClubPostsSince>(
        &app,
        &[("club", DEMO), ("thread", &thread), ("after", "1")],
        &p.novosibirsk,
    )
    .await;
    assert_eq!(status, 200, "{since}");
    assert_eq!(since[0]["created_at"], "10.12.2026 07:00 UTC+7");
    assert_eq!(since[0]["author_region"], "Новосибирская область");
}
