//! The club's files that no row refers to are swept once old, and the demo's webinar carries its
//! presentations as stored files (issue 14).

use std::time::Duration;

use app::club::events::{seed::seed_presentations, GetEvent};
use app::club::files::sweep::{sweep, GRACE};

use crate::club::{call, club_id, people, DEMO};
use crate::club_files::{attach, message, sha256, stored, thread, PDF};
use crate::helpers::spawn_app;

const KUZNETSOVA: &[u8] = include_bytes!("../../app/src/club/templates/presentations/kuznetsova-5s.pptx");

#[tokio::test]
async fn a_refused_batch_leaves_a_file_that_the_sweep_removes_once_it_is_old() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let (_, question, _) = thread(&app, &p).await;
    let (_, kept) = attach(&app, &p.khabarovsk, DEMO, &question, &[("отчёт.pdf", PDF)]).await;
    assert!(message(&kept, "attached").is_some(), "{kept}");
    // The same content twice in one batch: stored, then refused by the batch's check.
    let orphan: &[u8] = b"%PDF-1.7\n% the plan nobody attached\n%%EOF\n";
    let (_, refused) = attach(
        &app,
        &p.khabarovsk,
        DEMO,
        &question,
        &[("план.pdf", orphan), ("план (копия).pdf", orphan)],
    )
    .await;
    assert!(message(&refused, "attach_error").is_some(), "{refused}");
    let demo = club_id(&app, DEMO).await;
    let folder = app.data_dir.join("club").join(demo.to_string());
    let mut both = vec![sha256(&app, PDF).await, sha256(&app, orphan).await];
    both.sort();
    assert_eq!(
        stored(&app, demo).await,
        both,
        "the refused batch's file is on disk"
    );
    let half_written = folder.join(format!(".{}", uuid::Uuid::new_v4()));
    std::fs::write(&half_written, b"%PDF-1.7\n").unwrap();

    assert_eq!(
        sweep(&app.app_role, &app.data_dir, GRACE).await.unwrap(),
        0,
        "young files stay"
    );
    assert_eq!(
        sweep(&app.app_role, &app.data_dir, Duration::ZERO).await.unwrap(),
        2
    );
    assert_eq!(stored(&app, demo).await, vec![sha256(&app, PDF).await]);
    assert!(!half_written.exists());
    let presentations: i64 = sqlx::query_scalar("select count(*) from club_event_files where club_id = $1")
        .bind(demo)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(presentations, 2);
    for sha in sqlx::query_scalar::<_, String>("select sha256 from club_event_files where club_id = $1")
        .bind(demo)
        .fetch_all(&app.owner)
        .await
        .unwrap()
    {
        assert!(folder.join(sha).exists(), "a presentation was swept");
    }
}

#[tokio::test]
async fn the_demo_webinar_has_its_speakers_presentations_once() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let webinar: uuid::Uuid = sqlx::query_scalar(
        "select e.id from club_events e join clubs c on c.id = e.club_id
         where c.slug = $1 and e.title like 'Кайдзен в школе%'",
    )
    .bind(DEMO)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    let webinar = webinar.to_string();
    let (status, view) = call::<GetEvent>(&app, &[("club", DEMO), ("id", &webinar)], &p.novosibirsk).await;
    assert_eq!(status, 200, "{view}");
    let files = view["files"].as_array().unwrap();
    let mut names: Vec<&str> = files.iter().map(|f| f["file_name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Журавлева С. П. — кайдзен-предложения.pptx",
            "Кузнецова М. Ю. — 5S в кабинетах.pptx"
        ]
    );
    let kuznetsova = files
        .iter()
        .find(|f| f["file_name"].as_str().unwrap().starts_with("Кузнецова"))
        .unwrap();
    let path = format!(
        "/club/{DEMO}/events/{webinar}/files/{}",
        kuznetsova["id"].as_str().unwrap()
    );
    let response = app.get_with_cookies(&path, &p.novosibirsk).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap().as_ref(), KUZNETSOVA);

    let mut conn = app.owner.acquire().await.unwrap();
    let again = seed_presentations(&mut conn, &app.data_dir, app::club::seed::DEMO_CLUB)
        .await
        .unwrap();
    assert_eq!(again, 0, "a second start adds nothing");
}
