//! Files of the support documents (issue 17): attached by the school to a document and to a
//! road-map activity as its evidence, checked by content, kept once in the region's folder,
//! downloaded byte for byte by whoever sees the case and by nobody else; changed only in an
//! editable version, so every version keeps the files it had; named in the case's exports.

use app::support::documents::{DocState, DocumentView};
use uuid::Uuid;

use crate::certificates::pdf_text;
use crate::club_files::{message, EXE, PDF};
use crate::helpers::{signed_in, spawn_app, tenant_id, TestApp};
use crate::support::{director_of, Fixture, SLUG};
use crate::support_documents::{document, save, status_and_text, with_priority};

pub(crate) const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";

/// Posts files as the upload form does, to the document or to one activity (stage, key).
pub(crate) async fn upload(
    app: &TestApp,
    who: &str,
    case: &str,
    slot: &str,
    activity: Option<(&str, &str)>,
    files: &[(&str, &[u8])],
) -> (u16, String) {
    let mut path = format!("/r/{SLUG}/support/{case}/documents/{slot}/files");
    if let Some((stage, key)) = activity {
        path.push_str(&format!("?stage={stage}&activity={key}"));
    }
    app.post_files(&path, who, &[], files).await
}

/// Removes a file as its button does.
pub(crate) async fn remove(app: &TestApp, who: &str, case: &str, file: &str) -> (u16, String) {
    app.post_files(
        &format!("/r/{SLUG}/support/{case}/files/{file}/remove"),
        who,
        &[],
        &[],
    )
    .await
}

pub(crate) async fn download(app: &TestApp, who: &str, case: &str, file: &str) -> (u16, Vec<u8>) {
    let response = app
        .get_with_cookies(&format!("/r/{SLUG}/support/{case}/files/{file}"), who)
        .await;
    let status = response.status().as_u16();
    (status, response.bytes().await.unwrap().to_vec())
}

/// Names of the files of a document's version at a place ("" for the document's own).
pub(crate) fn names(d: &DocumentView, place: &str) -> Vec<String> {
    d.files
        .iter()
        .filter(|f| f.place == place)
        .map(|f| f.name.clone())
        .collect()
}

pub(crate) fn id_of(d: &DocumentView, name: &str) -> String {
    d.files
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no file {name} in {:?}", d.files))
        .id
        .clone()
}

pub(crate) async fn rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from support_files")
        .fetch_one(&app.owner)
        .await
        .unwrap()
}

/// The files in Khabarovsk's support folder.
async fn on_disk(app: &TestApp) -> Vec<String> {
    let dir = app
        .data_dir
        .join("support")
        .join(tenant_id(&app.owner, SLUG).await.to_string());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A road map of one activity in stage 1, saved as a draft by the director; returns the
/// activity's key.
pub(crate) async fn road_map(app: &TestApp, f: &Fixture, case: &str) -> String {
    let fields: Vec<(String, String)> = [
        ("stage1-0-title", "Диагностика профессиональных дефицитов"),
        ("stage1-0-deadline", "2027-02-01"),
        ("stage1-0-responsible", "Заместитель директора по УВР"),
        ("stage1-0-status", "in_progress"),
        ("stage1-0-evidence", "https://school.example.ru/diagnostika"),
    ]
    .into_iter()
    .map(|(k, v)| (format!("fields[{k}]"), v.to_string()))
    .collect();
    let (status, text) = status_and_text(save(app, &f.director, case, "roadmap", &fields, false).await).await;
    assert_eq!(status, 200, "{text}");
    let d = document(app, &f.director, case, "roadmap", None).await;
    let key = d.body.rows("stage1")[0]["key"].clone();
    assert_eq!(key.len(), 12, "a saved activity gets its key: {key}");
    key
}

#[tokio::test]
async fn the_director_attaches_to_a_draft_and_an_activity_and_the_cases_readers_download_them() {
    let app = spawn_app().await;
    let f = crate::support::fixture(&app).await;
    let case = with_priority(&app, &f).await;
    let key = road_map(&app, &f, &case).await;

    let plan = "План «Точка роста» 2027.pdf";
    let (status, location) = upload(&app, &f.director, &case, "roadmap", None, &[(plan, PDF)]).await;
    assert_eq!(status, 303, "{location}");
    assert_eq!(
        message(&location, "attached").as_deref(),
        Some("Приложено файлов: 1.")
    );
    assert!(
        location.starts_with(&format!("/r/{SLUG}/support/{case}/documents/roadmap?"))
            && location.ends_with("#files"),
        "{location}"
    );
    let evidence = Some(("stage1", key.as_str()));
    let (status, location) = upload(
        &app,
        &f.director,
        &case,
        "roadmap",
        evidence,
        &[("протокол.png", PNG)],
    )
    .await;
    assert_eq!(status, 303);
    assert!(message(&location, "attached").is_some(), "{location}");
    assert!(location.ends_with(&format!("#files-stage1-{key}")), "{location}");

    let d = document(&app, &f.curator, &case, "roadmap", None).await;
    assert_eq!(
        (d.version, d.state),
        (1, Some(DocState::Draft)),
        "no new version for a draft"
    );
    assert_eq!(names(&d, ""), [plan]);
    assert_eq!(names(&d, &format!("stage1:{key}")), ["протокол.png"]);
    assert!(
        !d.can_attach,
        "the curator reads the files, he does not change them"
    );
    assert!(
        document(&app, &f.director, &case, "roadmap", None)
            .await
            .can_attach
    );

    let response = app
        .get_with_cookies(
            &format!("/r/{SLUG}/support/{case}/files/{}", id_of(&d, plan)),
            &f.curator,
        )
        .await;
    assert_eq!(response.status(), 200);
    let header = |n: &str| response.headers()[n].to_str().unwrap().to_string();
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert!(
        header("content-disposition").contains("filename*=UTF-8''%D0%9F%D0%BB%D0%B0%D0%BD"),
        "{}",
        header("content-disposition")
    );
    assert_eq!(response.bytes().await.unwrap().as_ref(), PDF, "byte for byte");
    let png = id_of(&d, "протокол.png");
    for (who, cookies) in [
        ("curator", &f.curator),
        ("coordinator", &f.coordinator),
        ("operator", &f.operator),
        ("director", &f.director),
    ] {
        let (status, bytes) = download(&app, cookies, &case, &png).await;
        assert_eq!((status, bytes.as_slice()), (200, PNG), "{who}");
    }

    let tenant = tenant_id(&app.owner, SLUG).await;
    let mut hashes = vec![
        crate::club_files::sha256(&app, PDF).await,
        crate::club_files::sha256(&app, PNG).await,
    ];
    hashes.sort();
    assert_eq!(on_disk(&app).await, hashes, "under support/{tenant}/<sha256>");
    let audited: Vec<String> = sqlx::query_scalar(
        "select action from audit_log where tenant_id = $1 and action like 'support_file%' order by id",
    )
    .bind(tenant)
    .fetch_all(&app.owner)
    .await
    .unwrap();
    assert_eq!(
        audited.iter().filter(|a| *a == "support_files_attached").count(),
        2
    );
    assert_eq!(
        audited.iter().filter(|a| *a == "support_file_downloaded").count(),
        5
    );
}

#[tokio::test]
async fn the_exports_name_the_files_and_the_evidence_column_names_the_activitys() {
    let app = spawn_app().await;
    let f = crate::support::fixture(&app).await;
    let case = with_priority(&app, &f).await;
    let key = road_map(&app, &f, &case).await;
    upload(
        &app,
        &f.director,
        &case,
        "roadmap",
        None,
        &[("План работы.pdf", PDF)],
    )
    .await;
    let evidence = Some(("stage1", key.as_str()));
    upload(
        &app,
        &f.director,
        &case,
        "roadmap",
        evidence,
        &[("Приказ о диагностике.png", PNG)],
    )
    .await;

    let response = app
        .get_with_cookies(&format!("/r/{SLUG}/support/{case}/export.pdf"), &f.curator)
        .await;
    assert_eq!(response.status(), 200);
    let text = pdf_text(&response.bytes().await.unwrap());
    for part in [
        "Приложенные файлы",
        "План работы.pdf",
        "Этап 1, мероприятие 1: Приказ о диагностике.png",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
    let response = app
        .get_with_cookies(&format!("/r/{SLUG}/support/{case}/export.xlsx"), &f.curator)
        .await;
    assert_eq!(response.status(), 200);
    let book = response.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(book.to_vec())).unwrap();
    let mut strings = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/sharedStrings.xml").unwrap(),
        &mut strings,
    )
    .unwrap();
    assert!(strings.contains("Подтверждение"), "{strings}");
    assert!(
        strings.contains("https://school.example.ru/diagnostika; Приказ о диагностике.png"),
        "the links, then the files: {strings}"
    );
    assert!(
        !strings.contains("План работы.pdf"),
        "the document's own file is no activity's evidence"
    );
}

#[tokio::test]
async fn a_disguised_or_oversized_file_is_refused_by_name_and_nothing_is_kept() {
    let app = spawn_app().await;
    let f = crate::support::fixture(&app).await;
    let case = with_priority(&app, &f).await;
    let key = road_map(&app, &f, &case).await;
    let evidence = Some(("stage1", key.as_str()));

    let (status, location) = upload(
        &app,
        &f.director,
        &case,
        "roadmap",
        evidence,
        &[("отчёт.pdf", PDF), ("справка.pdf", EXE)],
    )
    .await;
    assert_eq!(status, 303, "{location}");
    let error = message(&location, "attach_error").unwrap_or_default();
    assert!(
        error.starts_with("Файл «справка.pdf» — исполняемая программа")
            && error.contains("ни один файл не прикреплён"),
        "{error}"
    );
    let (_, location) = upload(
        &app,
        &f.director,
        &case,
        "roadmap",
        None,
        &[("анкета.docx", b"<html><script>")],
    )
    .await;
    let error = message(&location, "attach_error").unwrap_or_default();
    assert!(
        error.contains("«анкета.docx» по содержимому не является документом"),
        "{error}"
    );
    let mut big = PDF.to_vec();
    big.resize(20 * 1024 * 1024 + 1, b' ');
    let (status, location) = upload(
        &app,
        &f.director,
        &case,
        "roadmap",
        None,
        &[("большой.pdf", &big)],
    )
    .await;
    assert_eq!(status, 303, "{location}");
    let error = message(&location, "attach_error").unwrap_or_default();
    assert!(error.contains("«большой.pdf» больше допустимых 20 МБ"), "{error}");
    let six: Vec<(String, Vec<u8>)> = (0..6)
        .map(|i| (format!("скан {i}.png"), [PNG, &[i as u8]].concat()))
        .collect();
    let six: Vec<(&str, &[u8])> = six.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let (_, location) = upload(&app, &f.director, &case, "roadmap", None, &six).await;
    let error = message(&location, "attach_error").unwrap_or_default();
    assert!(error.contains("не больше 5 файлов"), "{error}");

    assert_eq!(
        rows(&app).await,
        0,
        "all or nothing: the good file of a batch is not attached"
    );
    assert!(on_disk(&app).await.is_empty(), "nothing kept on disk");
    let d = document(&app, &f.director, &case, "roadmap", None).await;
    assert!(d.files.is_empty());
}

#[tokio::test]
async fn only_the_school_attaches_and_only_the_cases_readers_download() {
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
        &[("отчёт.pdf", PDF)],
    )
    .await;
    let file = id_of(
        &document(&app, &f.director, &case, "roadmap", None).await,
        "отчёт.pdf",
    );
    let other_school = director_of(&app, SLUG, "jari@support.ru", "27-0202").await;
    let ryazan = signed_in(&app, "ryazan", "op@ryazan.ru", "regional_operator", None).await;

    for (who, cookies, expected) in [
        ("curator of another school", &f.other_curator, 404),
        ("director of another school", &other_school, 404),
        ("teacher", &f.teacher, 403),
        ("another region's operator", &ryazan, 403),
        ("anonymous", &String::new(), 401),
    ] {
        let (status, bytes) = download(&app, cookies, &case, &file).await;
        assert_eq!(status, expected, "{who} downloads");
        assert_ne!(bytes.as_slice(), PDF, "{who}");
        let (status, _) = upload(&app, cookies, &case, "roadmap", evidence, &[("чужое.pdf", PNG)]).await;
        assert_eq!(status, expected, "{who} uploads");
        let (status, _) = remove(&app, cookies, &case, &file).await;
        assert_eq!(status, expected, "{who} removes");
    }
    let under_own = app
        .get_with_cookies(&format!("/r/ryazan/support/{case}/files/{file}"), &ryazan)
        .await;
    assert_eq!(
        under_own.status(),
        404,
        "another region's operator in his own region"
    );
    // Those who read the case but do not write the school's documents.
    for (who, cookies) in [
        ("curator", &f.curator),
        ("coordinator", &f.coordinator),
        ("operator", &f.operator),
    ] {
        let (status, _) = upload(&app, cookies, &case, "roadmap", evidence, &[("чужое.pdf", PNG)]).await;
        assert_eq!(status, 403, "{who} uploads");
        let (status, _) = remove(&app, cookies, &case, &file).await;
        assert_eq!(status, 403, "{who} removes");
    }
    // A place that is no activity of the road map, and a file that is not the case's.
    let (status, _) = upload(
        &app,
        &f.director,
        &case,
        "roadmap",
        Some(("stage2", &key)),
        &[("x.pdf", PNG)],
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = download(&app, &f.director, &case, &Uuid::new_v4().to_string()).await;
    assert_eq!(status, 404);
    assert_eq!(rows(&app).await, 1);
}

/// Khabarovsk's stored bytes as the platform administrator's usage counts them (the fixture's
/// operator made an administrator for it).
async fn stored_bytes(app: &TestApp) -> i64 {
    sqlx::query(
        "insert into platform_admins (user_id) select id from users where email = 'op@support.ru'
         on conflict do nothing",
    )
    .execute(&app.owner)
    .await
    .unwrap();
    sqlx::query_scalar(
        "select u.storage_bytes from rost_platform_usage((select id from users where email = 'op@support.ru')) u
         join tenants t on t.id = u.region_id where t.slug = $1",
    )
    .bind(SLUG)
    .fetch_one(&app.owner)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_refused_batch_leaves_a_file_that_the_sweep_removes_once_it_is_old() {
    use app::files::sweep::GRACE;
    use app::support::documents::files::routes::sweep;
    let app = spawn_app().await;
    let f = crate::support::fixture(&app).await;
    let case = with_priority(&app, &f).await;
    let key = road_map(&app, &f, &case).await;
    let before = stored_bytes(&app).await;
    let (_, kept) = upload(&app, &f.director, &case, "roadmap", None, &[("план.pdf", PDF)]).await;
    assert!(message(&kept, "attached").is_some(), "{kept}");
    let evidence = Some(("stage1", key.as_str()));
    let (_, again) = upload(
        &app,
        &f.director,
        &case,
        "roadmap",
        evidence,
        &[("план (копия).pdf", PDF)],
    )
    .await;
    assert!(message(&again, "attached").is_some(), "{again}");
    assert_eq!(
        stored_bytes(&app).await - before,
        PDF.len() as i64,
        "the platform counts a content once, as it is kept"
    );
    // The same content twice in one batch: stored, then refused by the batch's check.
    let orphan: &[u8] = b"%PDF-1.7\n% the plan nobody attached\n%%EOF\n";
    let (_, twice) = upload(
        &app,
        &f.director,
        &case,
        "roadmap",
        None,
        &[("справка.pdf", orphan), ("справка (копия).pdf", orphan)],
    )
    .await;
    let error = message(&twice, "attach_error").unwrap_or_default();
    assert!(
        error.contains("«справка (копия).pdf» с тем же содержимым"),
        "{error}"
    );
    assert_eq!(
        on_disk(&app).await.len(),
        2,
        "the refused batch's file is on disk"
    );

    assert_eq!(
        sweep(&app.app_role, &app.data_dir, GRACE).await.unwrap(),
        0,
        "young files stay"
    );
    assert_eq!(
        sweep(&app.app_role, &app.data_dir, std::time::Duration::ZERO)
            .await
            .unwrap(),
        1
    );
    assert_eq!(on_disk(&app).await, [crate::club_files::sha256(&app, PDF).await]);
    let d = document(&app, &f.curator, &case, "roadmap", None).await;
    let (status, bytes) = download(&app, &f.curator, &case, &id_of(&d, "план.pdf")).await;
    assert_eq!((status, bytes.as_slice()), (200, PDF));
}
