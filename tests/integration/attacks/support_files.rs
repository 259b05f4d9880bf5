//! Reaching past one's files in school support (issue 17): another region's operator fetching
//! or removing a case's file by its id, a director fetching another case's file through his own
//! case, a file name or a place that climbs out of the data folder, and the school changing the
//! files of a version the curator is reviewing. Every refusal leaves the files as they were.

use crate::attack;
use crate::attacks::{refused, Attack, Outcome};
use crate::club_files::{message, PDF};
use crate::helpers::{signed_in, spawn_app, TestApp};
use crate::support::{director_of, fixture, Fixture, SLUG};
use crate::support_documents::{document, programme, save, with_priority, PROGRAMME};
use crate::support_files::{download, remove, road_map, rows, upload};

pub fn attacks() -> Vec<Attack> {
    vec![
        attack!(another_regions_operator_takes_a_support_file_by_its_id),
        attack!(a_director_takes_another_cases_file_through_his_own_case),
        attack!(a_file_name_or_a_place_climbs_out_of_the_data_folder),
        attack!(the_school_changes_the_files_the_curator_is_reviewing),
    ]
}

/// Троицкое's road map with one activity whose evidence is a PDF: (fixture, case, file id).
async fn with_evidence(app: &TestApp) -> Result<(Fixture, String, String), String> {
    let f = fixture(app).await;
    let case = with_priority(app, &f).await;
    let key = road_map(app, &f, &case).await;
    let (_, location) = upload(
        app,
        &f.director,
        &case,
        "roadmap",
        Some(("stage1", &key)),
        &[("отчёт.pdf", PDF)],
    )
    .await;
    refused(
        message(&location, "attached").is_some(),
        format!("the director could not attach: {location}"),
    )?;
    let d = document(app, &f.director, &case, "roadmap", None).await;
    Ok((f, case, d.files[0].id.clone()))
}

/// The support files' rows, to show that a refused call changed nothing.
async fn snapshot(app: &TestApp) -> String {
    sqlx::query_scalar(
        "select coalesce(string_agg(concat_ws('|', id, file_name, added_in, removed_in), ';' order by id), '')
         from support_files",
    )
    .fetch_one(&app.owner)
    .await
    .expect("the files")
}

async fn another_regions_operator_takes_a_support_file_by_its_id() -> Outcome {
    let app = spawn_app().await;
    let (_, case, file) = with_evidence(&app).await?;
    let ryazan = signed_in(&app, "ryazan", "op@ryazan.ru", "regional_operator", None).await;
    let before = snapshot(&app).await;
    let mut wrong = Vec::new();
    for (slug, expected) in [("ryazan", 404), (SLUG, 403)] {
        let response = app
            .get_with_cookies(&format!("/r/{slug}/support/{case}/files/{file}"), &ryazan)
            .await;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.unwrap_or_default();
        if status != expected || bytes.as_ref() == PDF {
            wrong.push(format!("the download under {slug} answered {status}"));
        }
        let path = format!("/r/{slug}/support/{case}/files/{file}/remove");
        let (status, _) = app.post_files(&path, &ryazan, &[], &[]).await;
        if status != expected {
            wrong.push(format!("the removal under {slug} answered {status}"));
        }
    }
    refused(wrong.is_empty(), wrong.join("; "))?;
    refused(snapshot(&app).await == before, "the files changed")
}

async fn a_director_takes_another_cases_file_through_his_own_case() -> Outcome {
    let app = spawn_app().await;
    let (_, _, file) = with_evidence(&app).await?;
    let khabarovsk = director_of(&app, SLUG, "gym5@support.ru", "27-0001").await;
    let own: uuid::Uuid = sqlx::query_scalar(
        "select c.id from support_cases c join schools s on s.tenant_id = c.tenant_id and s.id = c.school_id
         where s.code = '27-0001'",
    )
    .fetch_one(&app.owner)
    .await
    .expect("the case of 27-0001");
    let own = own.to_string();
    let before = snapshot(&app).await;
    let (status, bytes) = download(&app, &khabarovsk, &own, &file).await;
    refused(
        status == 404 && bytes.as_slice() != PDF,
        format!("the download through his own case answered {status}"),
    )?;
    let (status, _) = remove(&app, &khabarovsk, &own, &file).await;
    refused(
        status == 404,
        format!("the removal through his own case answered {status}"),
    )?;
    refused(snapshot(&app).await == before, "the files changed")
}

async fn a_file_name_or_a_place_climbs_out_of_the_data_folder() -> Outcome {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let case = with_priority(&app, &f).await;
    let key = road_map(&app, &f, &case).await;
    let names = [
        "../../../../escape.pdf",
        "..\\..\\..\\escape-win.pdf",
        "/etc/cron.d/escape.pdf",
    ];
    let contents: Vec<Vec<u8>> = (0..names.len())
        .map(|i| [PDF, &[b'%', b'0' + i as u8]].concat())
        .collect();
    let files: Vec<(&str, &[u8])> = names
        .iter()
        .copied()
        .zip(contents.iter().map(Vec::as_slice))
        .collect();
    let (_, location) = upload(&app, &f.director, &case, "roadmap", None, &files).await;
    refused(
        message(&location, "attached").is_some(),
        format!("the upload was not taken: {location}"),
    )?;
    let kept: Vec<String> = sqlx::query_scalar("select file_name from support_files order by file_name")
        .fetch_all(&app.owner)
        .await
        .unwrap();
    let pathless = kept
        .iter()
        .all(|n| !n.contains(['/', '\\']) && !n.starts_with('.') && n.ends_with(".pdf"));
    refused(
        kept.len() == 3 && pathless,
        format!("the names kept a path: {kept:?}"),
    )?;
    let escaped = ["escape.pdf", "escape-win.pdf"]
        .iter()
        .flat_map(|n| [app.data_dir.join(n), app.data_dir.parent().unwrap().join(n)])
        .find(|p| p.exists());
    refused(escaped.is_none(), format!("a file was written at {escaped:?}"))?;
    let mut outside = 0;
    for entry in walk(&app.data_dir.join("support")) {
        let tenant_folder = entry.parent().and_then(|p| p.parent()) == Some(&app.data_dir.join("support"));
        if !tenant_folder {
            outside += 1;
        }
    }
    refused(
        outside == 0,
        format!("{outside} files outside the region's folder"),
    )?;
    for activity in ["../../x", "..%2F..%2Fx", &format!("{key}/../{key}")] {
        let path =
            format!("/r/{SLUG}/support/{case}/documents/roadmap/files?stage=stage1&activity={activity}");
        let (status, _) = app.post_files(&path, &f.director, &[], &[("x.pdf", PDF)]).await;
        refused(status == 404, format!("the place {activity} answered {status}"))?;
    }
    refused(rows(&app).await == 3, "a place that is no activity took a file")
}

/// Every file under `dir`, however deep.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

async fn the_school_changes_the_files_the_curator_is_reviewing() -> Outcome {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let case = with_priority(&app, &f).await;
    let saved = save(
        &app,
        &f.director,
        &case,
        PROGRAMME,
        &programme("2027-06-01"),
        false,
    )
    .await;
    refused(saved.status() == 200, "the draft was not saved")?;
    let (_, location) = upload(&app, &f.director, &case, PROGRAMME, None, &[("план.pdf", PDF)]).await;
    refused(
        message(&location, "attached").is_some(),
        format!("the draft took no file: {location}"),
    )?;
    let submitted = save(
        &app,
        &f.director,
        &case,
        PROGRAMME,
        &programme("2027-06-01"),
        true,
    )
    .await;
    refused(submitted.status() == 200, "the programme was not submitted")?;
    let file = document(&app, &f.curator, &case, PROGRAMME, None).await.files[0]
        .id
        .clone();
    let before = snapshot(&app).await;
    let (_, added) = upload(
        &app,
        &f.director,
        &case,
        PROGRAMME,
        None,
        &[("подмена.pdf", b"%PDF-1.4\n")],
    )
    .await;
    let (_, removed) = remove(&app, &f.director, &case, &file).await;
    refused(
        message(&added, "attach_error").is_some() && message(&removed, "attach_error").is_some(),
        format!("the files of a submitted version changed: {added} / {removed}"),
    )?;
    refused(snapshot(&app).await == before, "the files changed")
}
