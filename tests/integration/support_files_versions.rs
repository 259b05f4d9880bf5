//! Support files across a document's versions (issue 17): a file changes only in an editable
//! version, every version keeps the files it had, and an activity taken out of the road map takes
//! its evidence with it.

use app::support::documents::DocState;

use crate::club_files::{message, PDF};
use crate::helpers::spawn_app;
use crate::support_documents::{
    document, review, save, save_programme, status_and_text, with_priority, PROGRAMME,
};
use crate::support_files::{download, id_of, names, remove, road_map, rows, upload, PNG};

#[tokio::test]
async fn files_change_only_in_an_editable_version_and_every_version_keeps_its_own() {
    let app = spawn_app().await;
    let f = crate::support::fixture(&app).await;
    let case = with_priority(&app, &f).await;
    assert_eq!(
        save_programme(&app, &f.director, &case, "2027-06-01", false).await,
        200
    );
    let a = b"%PDF-1.7\n% A\n%%EOF\n".as_slice();
    let (_, location) = upload(&app, &f.director, &case, PROGRAMME, None, &[("А.pdf", a)]).await;
    assert!(message(&location, "attached").is_some(), "{location}");

    // Submitted: the version and its files wait for the curator.
    assert_eq!(
        save_programme(&app, &f.director, &case, "2027-06-01", true).await,
        200
    );
    let v1 = document(&app, &f.director, &case, PROGRAMME, None).await;
    assert!(!v1.can_attach);
    let (status, location) = upload(&app, &f.director, &case, PROGRAMME, None, &[("Б.pdf", PDF)]).await;
    assert_eq!(status, 303);
    assert!(
        message(&location, "attach_error")
            .unwrap_or_default()
            .contains("на согласовании у куратора"),
        "{location}"
    );
    let (_, location) = remove(&app, &f.director, &case, &id_of(&v1, "А.pdf")).await;
    assert!(message(&location, "attach_error").is_some(), "{location}");
    assert_eq!(rows(&app).await, 1);

    // Returned: a change starts version 2 from version 1, which keeps its files.
    let (status, text) = status_and_text(
        review(
            &app,
            &f.curator,
            &case,
            "return",
            &[("comment", "Добавьте договор")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{text}");
    let (_, location) = upload(&app, &f.director, &case, PROGRAMME, None, &[("Договор.pdf", PDF)]).await;
    assert!(message(&location, "attached").is_some(), "{location}");
    let v2 = document(&app, &f.director, &case, PROGRAMME, None).await;
    assert_eq!((v2.version, v2.state), (2, Some(DocState::Draft)));
    assert_eq!(names(&v2, ""), ["А.pdf", "Договор.pdf"]);
    let (_, location) = remove(&app, &f.director, &case, &id_of(&v2, "А.pdf")).await;
    assert_eq!(
        message(&location, "attached").as_deref(),
        Some("Файл «А.pdf» удалён из документа.")
    );
    let (_, location) = remove(&app, &f.director, &case, &id_of(&v2, "Договор.pdf")).await;
    assert!(message(&location, "attached").is_some(), "{location}");
    let v2 = document(&app, &f.curator, &case, PROGRAMME, None).await;
    assert!(v2.files.is_empty(), "{:?}", v2.files);
    let v1 = document(&app, &f.curator, &case, PROGRAMME, Some("1")).await;
    assert_eq!(names(&v1, ""), ["А.pdf"], "the submitted version keeps its file");
    assert_eq!(
        rows(&app).await,
        1,
        "a file of this draft only is forgotten, an older one stays"
    );
    let (status, bytes) = download(&app, &f.curator, &case, &id_of(&v1, "А.pdf")).await;
    assert_eq!(
        (status, bytes.as_slice()),
        (200, a),
        "a former version's file still downloads"
    );

    // Approved: frozen with its files.
    let (_, location) = upload(&app, &f.director, &case, PROGRAMME, None, &[("Итог.pdf", PDF)]).await;
    assert!(message(&location, "attached").is_some(), "{location}");
    assert_eq!(
        save_programme(&app, &f.director, &case, "2027-03-01", true).await,
        200
    );
    assert_eq!(
        review(&app, &f.curator, &case, "approve", &[]).await.status(),
        200
    );
    let approved = document(&app, &f.director, &case, PROGRAMME, None).await;
    assert_eq!(
        (approved.state, names(&approved, "")),
        (Some(DocState::Approved), vec!["Итог.pdf".to_string()])
    );
    assert!(!approved.can_attach && approved.can_edit);
    let (_, location) = upload(&app, &f.director, &case, PROGRAMME, None, &[("Ещё.pdf", a)]).await;
    assert!(
        message(&location, "attach_error")
            .unwrap_or_default()
            .contains("заморожена вместе с файлами"),
        "{location}"
    );
    let (_, location) = remove(&app, &f.director, &case, &id_of(&approved, "Итог.pdf")).await;
    assert!(message(&location, "attach_error").is_some(), "{location}");
    assert_eq!(
        names(&document(&app, &f.director, &case, PROGRAMME, None).await, ""),
        ["Итог.pdf"]
    );

    // The database refuses it too, whoever asks.
    let frozen = sqlx::query("delete from support_files where file_name = 'Итог.pdf'")
        .execute(&app.owner)
        .await
        .expect_err("a submitted version's file was deleted");
    assert!(frozen.to_string().contains("is frozen"), "{frozen}");
}

#[tokio::test]
async fn an_activity_taken_out_of_the_road_map_takes_its_evidence_with_it() {
    let app = spawn_app().await;
    let f = crate::support::fixture(&app).await;
    let case = with_priority(&app, &f).await;
    let key = road_map(&app, &f, &case).await;
    let evidence = Some(("stage1", key.as_str()));
    upload(
        &app,
        &f.director,
        &case,
        "roadmap",
        evidence,
        &[("фото.png", PNG)],
    )
    .await;
    // Saved again with the activity moved to row 3 of the form: it keeps its key and its file.
    let moved: Vec<(String, String)> = document(&app, &f.director, &case, "roadmap", None)
        .await
        .body
        .rows("stage1")[0]
        .iter()
        .map(|(column, value)| (format!("fields[stage1-3-{column}]"), value.clone()))
        .collect();
    assert_eq!(
        save(&app, &f.director, &case, "roadmap", &moved, false)
            .await
            .status(),
        200
    );
    let d = document(&app, &f.director, &case, "roadmap", None).await;
    assert_eq!(names(&d, &format!("stage1:{key}")), ["фото.png"]);
    // Emptied: the row goes, and so does its file.
    let emptied = [("fields[stage1-0-key]".to_string(), key.clone())];
    assert_eq!(
        save(&app, &f.director, &case, "roadmap", &emptied, false)
            .await
            .status(),
        200
    );
    let d = document(&app, &f.director, &case, "roadmap", None).await;
    assert!(
        d.body.rows("stage1").is_empty() && d.files.is_empty(),
        "{:?}",
        d.files
    );
    assert_eq!(rows(&app).await, 0, "added in this draft, so forgotten");
}
