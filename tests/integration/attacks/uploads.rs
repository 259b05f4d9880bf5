//! Attacks through uploads: files built to exhaust memory (a sheet whose corners are A1 and
//! XFD1048576, a zip bomb, 16,384 columns), a body larger than any cap, text that is not
//! UTF-8, and one region's uploads in parallel. Each must get a Russian refusal while
//! `/healthz` keeps answering and the process stays under 1 GB, and nothing stored changes.

use std::{
    io::{Cursor, Read, Write},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::Duration,
};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::attack;
use crate::attacks::{refused, Attack, Outcome};
use crate::helpers::{signed_in, spawn_app, spawn_app_with, TestApp};

pub fn attacks() -> Vec<Attack> {
    vec![
        attack!(a_sheet_spanning_a1_to_xfd1048576),
        attack!(a_zip_bomb_in_the_shared_strings),
        attack!(a_300_mb_upload),
        attack!(a_sheet_of_16384_columns),
        attack!(a_csv_that_is_not_utf8),
        attack!(parallel_uploads_of_one_region),
        attack!(a_stalled_upload_keeps_its_regions_slot),
    ]
}

/// The test process (the server runs inside it) must stay under this while an attack runs.
const RSS_LIMIT_MB: u64 = 1024;

/// The process's resident memory now. Sampled during the attack rather than read from
/// `VmHWM`, a high-water mark of the whole process that other tests running at the same time
/// also raise.
fn rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// Runs `attack` while `/healthz` is polled every 100 ms (and once more after the attack
/// ends) and memory is sampled; fails if the server stopped answering or memory passed the bound.
async fn while_watched<T>(app: &TestApp, attack: impl std::future::Future<Output = T>) -> Result<T, String> {
    let done = Arc::new(AtomicBool::new(false));
    let watcher = tokio::spawn({
        let (client, url, done) = (
            app.client.clone(),
            format!("{}/healthz", app.address),
            done.clone(),
        );
        async move {
            let (mut failures, mut polls, mut peak) = (Vec::new(), 0, 0);
            loop {
                let finished = done.load(Ordering::SeqCst);
                peak = rss_mb().max(peak);
                match client.get(&url).timeout(Duration::from_secs(5)).send().await {
                    Ok(response) if response.status() == 200 => {}
                    Ok(response) => failures.push(response.status().to_string()),
                    Err(error) => failures.push(error.to_string()),
                }
                polls += 1;
                if finished {
                    return (failures, polls, peak);
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    });
    let value = attack.await;
    done.store(true, Ordering::SeqCst);
    let (failures, polls, peak) = watcher.await.map_err(|e| e.to_string())?;
    refused(
        failures.is_empty(),
        format!(
            "/healthz failed {} of {polls} times: {failures:?}",
            failures.len()
        ),
    )?;
    refused(peak < RSS_LIMIT_MB, format!("the process grew to {peak} MB"))?;
    Ok(value)
}

/// A digest of everything an upload could change: indicator data, the registry, the item bank
/// and the configurations (with their external lists).
async fn stored(app: &TestApp) -> String {
    let mut digest = String::new();
    for table in [
        "indicator_years",
        "schools",
        "municipalities",
        "items",
        "identification_configs",
    ] {
        let sql =
            format!("select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from {table} t");
        let one: String = sqlx::query_scalar(&sql)
            .fetch_one(&app.owner)
            .await
            .expect("digest");
        digest.push_str(&one);
    }
    digest
}

/// Posts `bytes` as an identification upload of `kind`; the status and where it redirects.
async fn upload(
    app: &TestApp,
    cookies: &str,
    slug: &str,
    kind: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, String) {
    let response = app.post_upload(cookies, slug, kind, name, bytes).await;
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = response.text().await.unwrap_or_default();
    (status, if location.is_empty() { body } else { location })
}

/// The Russian error an identification upload was kept with (its preview shows it).
async fn upload_error(app: &TestApp, location: &str) -> Option<String> {
    let id = uuid::Uuid::parse_str(location.rsplit('/').next()?).ok()?;
    sqlx::query_scalar("select error from identification_uploads where id = $1")
        .bind(id)
        .fetch_one(&app.owner)
        .await
        .ok()?
}

/// An identification upload of a bad file: redirected to a preview that holds a refusal
/// containing every one of `expected`, with the server healthy and nothing else stored.
async fn refused_upload(kind: &str, name: &str, bytes: Vec<u8>, expected: &[&str]) -> Outcome {
    let app = spawn_app().await;
    let operator = signed_in(&app, "khabarovsk", "upl-op@example.ru", "regional_operator", None).await;
    let before = stored(&app).await;
    let (status, location) =
        while_watched(&app, upload(&app, &operator, "khabarovsk", kind, name, bytes)).await?;
    refused(status == 303, format!("{name}: answered {status}: {location}"))?;
    let error = upload_error(&app, &location).await.unwrap_or_default();
    refused(
        expected.iter().all(|part| error.contains(part)),
        format!("{name}: the refusal «{error}» lacks one of {expected:?}"),
    )?;
    refused(
        stored(&app).await == before,
        format!("{name}: stored data changed"),
    )
}

fn xlsx(fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    fill(book.add_worksheet());
    book.save_to_buffer().expect("workbook")
}

async fn a_sheet_spanning_a1_to_xfd1048576() -> Outcome {
    // The file of the review: 1.6 KB that asked calamine's dense range for 24 GB.
    let bomb = xlsx(|sheet| {
        sheet.write_string(0, 0, "school_id").expect("cell");
        sheet.write_number(1_048_575, 16_383, 1.0).expect("cell");
    });
    refused_upload(
        "indicators",
        "bomb.xlsx",
        bomb,
        &["не принят", "A1:XFD1048576", "Sheet1"],
    )
    .await
}

async fn a_sheet_of_16384_columns() -> Outcome {
    let wide = xlsx(|sheet| {
        for column in 0..16_384u16 {
            sheet.write_string(0, column, format!("c{column}")).expect("cell");
        }
    });
    refused_upload(
        "schools",
        "wide.xlsx",
        wide,
        &["не принят", "ячейка GS1", "200 столбцов"],
    )
    .await
}

async fn a_csv_that_is_not_utf8() -> Outcome {
    let mut csv = b"school_id;year;group;ege_ru\n27-1;2024;secondary;".to_vec();
    csv.extend_from_slice(b"\xff\xfe\xfd\n");
    refused_upload("indicators", "latin.csv", csv, &["UTF-8"]).await
}

/// A workbook whose shared strings are 48 MB of one repeated text, deflated to well under 1 MB.
fn zip_bomb() -> Vec<u8> {
    let book = xlsx(|sheet| {
        sheet.write_string(0, 0, "Код").expect("cell");
    });
    let mut archive = zip::ZipArchive::new(Cursor::new(book)).expect("workbook archive");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).expect("part");
        let name = part.name().expect("part name").to_string();
        out.start_file(name.as_str(), options).expect("start part");
        if name == "xl/sharedStrings.xml" {
            out.write_all(b"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">")
                .expect("write");
            let block = "<si><t>ZZZZZZZZZZZZZZZZZZZZZZZZ</t></si>".repeat(32_768);
            for _ in 0..48 {
                out.write_all(block.as_bytes()).expect("write");
            }
            out.write_all(b"</sst>").expect("write");
        } else {
            let mut content = Vec::new();
            part.read_to_end(&mut content).expect("read part");
            out.write_all(&content).expect("write");
        }
    }
    out.finish().expect("archive").into_inner()
}

async fn a_zip_bomb_in_the_shared_strings() -> Outcome {
    let bomb = tokio::task::spawn_blocking(zip_bomb)
        .await
        .map_err(|e| e.to_string())?;
    refused(bomb.len() < 1 << 20, format!("the bomb is {} bytes", bomb.len()))?;
    let app = spawn_app().await;
    let operator = signed_in(
        &app,
        "khabarovsk",
        "bomb-op@example.ru",
        "regional_operator",
        None,
    )
    .await;
    let before = stored(&app).await;
    let post = async {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bomb).file_name("bank.xlsx"),
        );
        app.client
            .post(format!(
                "{}/r/khabarovsk/admin/diagnostics/items/import",
                app.address
            ))
            .header("origin", &app.address)
            .header("cookie", &operator)
            .multipart(form)
            .send()
            .await
            .map_err(|e| e.to_string())
    };
    let response = while_watched(&app, post).await??;
    let location = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(crate::diagnostics::percent_decode)
        .unwrap_or_default();
    refused(
        location.contains("import_error")
            && location.contains("xl/sharedStrings.xml")
            && location.contains("zip-бомб"),
        format!("the import was answered {}: {location}", response.status()),
    )?;
    refused(stored(&app).await == before, "stored data changed")
}

/// An upload over a raw connection: the form's `kind` and the start of a file, then whatever
/// the attack sends; the answer is read while sending, so a server that refuses early is heard.
struct RawUpload {
    writer: tokio::net::tcp::OwnedWriteHalf,
    answer: tokio::task::JoinHandle<String>,
}

const BOUNDARY: &str = "rost-attack-boundary";

impl RawUpload {
    /// Starts a chunked upload (no declared length, so only counting can stop it).
    async fn start(app: &TestApp, cookies: &str, slug: &str, kind: &str) -> std::io::Result<RawUpload> {
        let host = app.address.trim_start_matches("http://").to_string();
        let (mut reader, writer) = tokio::net::TcpStream::connect(&host).await?.into_split();
        let answer = tokio::spawn(async move {
            let mut answer = Vec::new();
            let mut buffer = [0u8; 8192];
            // A reset after the answer is how an early refusal may end: keep what came.
            while let Ok(n @ 1..) = reader.read(&mut buffer).await {
                answer.extend_from_slice(&buffer[..n]);
            }
            String::from_utf8_lossy(&answer).into_owned()
        });
        let mut upload = RawUpload { writer, answer };
        let head = format!(
            "POST /r/{slug}/admin/identification/upload HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\n\
             Cookie: {cookies}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
             Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
            origin = app.address
        );
        upload.writer.write_all(head.as_bytes()).await?;
        let preamble = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n--{BOUNDARY}\r\n\
             Content-Disposition: form-data; name=\"file\"; filename=\"data.csv\"\r\n\
             Content-Type: text/csv\r\n\r\nschool_id;year;ege_ru\n"
        );
        upload.send(preamble.as_bytes()).await?;
        Ok(upload)
    }

    async fn send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.writer
            .write_all(format!("{:x}\r\n", bytes.len()).as_bytes())
            .await?;
        self.writer.write_all(bytes).await?;
        self.writer.write_all(b"\r\n").await
    }

    /// Ends the form and the body (if the server still listens) and returns its answer.
    async fn finish(mut self) -> String {
        let end = format!("\r\n--{BOUNDARY}--\r\n");
        if self.send(end.as_bytes()).await.is_ok() {
            let _ = self.writer.write_all(b"0\r\n\r\n").await;
        }
        tokio::time::timeout(Duration::from_secs(60), self.answer)
            .await
            .map_or_else(|_| "no answer in 60 s".into(), |a| a.unwrap_or_default())
    }
}

/// Sends `megabytes` of indicator rows, stopping when the server stops listening.
async fn send_rows(upload: &mut RawUpload, megabytes: usize) -> usize {
    let block = "27-1;2024;55.5\n".repeat(65_536 / 15);
    let mut sent = 0;
    while sent < megabytes << 20 && upload.send(block.as_bytes()).await.is_ok() {
        sent += block.len();
    }
    sent
}

async fn a_300_mb_upload() -> Outcome {
    let app = spawn_app().await;
    let operator = signed_in(&app, "khabarovsk", "big-op@example.ru", "regional_operator", None).await;
    let before = stored(&app).await;
    let uploads_before: i64 = sqlx::query_scalar("select count(*) from identification_uploads")
        .fetch_one(&app.owner)
        .await
        .map_err(|e| e.to_string())?;
    let attack = async {
        let mut upload = RawUpload::start(&app, &operator, "khabarovsk", "indicators")
            .await
            .map_err(|e| e.to_string())?;
        let sent = send_rows(&mut upload, 300).await;
        Ok::<_, String>((sent, upload.finish().await))
    };
    let (sent, answer) = while_watched(&app, attack).await??;
    refused(
        answer.starts_with("HTTP/1.1 413") && answer.contains("больше допустимых 100 МБ"),
        format!(
            "after {} MB the answer was: {}",
            sent >> 20,
            answer.chars().take(300).collect::<String>()
        ),
    )?;
    refused(sent < 300 << 20, "the server read all 300 MB")?;
    let uploads_after: i64 = sqlx::query_scalar("select count(*) from identification_uploads")
        .fetch_one(&app.owner)
        .await
        .map_err(|e| e.to_string())?;
    refused(uploads_after == uploads_before, "an upload was stored")?;
    let spool = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("app-{}", app.database))
        .join("uploads");
    let left = std::fs::read_dir(&spool).map_or(0, |files| files.count());
    refused(
        left == 0,
        format!("{left} temporary files left in {}", spool.display()),
    )?;
    refused(stored(&app).await == before, "stored data changed")
}

/// While one upload of a region is in progress, another of the same region is told to retry
/// (503) instead of queuing, another region is not held up, and the region may upload again
/// once the first ends.
async fn parallel_uploads_of_one_region() -> Outcome {
    let app = spawn_app().await;
    let khabarovsk = signed_in(&app, "khabarovsk", "par-op@example.ru", "regional_operator", None).await;
    let ryazan = signed_in(&app, "ryazan", "par-op2@example.ru", "regional_operator", None).await;
    let csv = || b"school_id;year;ege_ru\n27-1;2024;55.5\n".to_vec();
    let mut slow = RawUpload::start(&app, &khabarovsk, "khabarovsk", "indicators")
        .await
        .map_err(|e| e.to_string())?;
    send_rows(&mut slow, 1).await;
    wait_until_spooling(&app).await;
    let second = upload(&app, &khabarovsk, "khabarovsk", "indicators", "d.csv", csv()).await;
    refused(
        second.0 == 503 && second.1.contains("Повторите загрузку через минуту"),
        format!(
            "a second upload of the region was answered {}: {}",
            second.0, second.1
        ),
    )?;
    let other = upload(&app, &ryazan, "ryazan", "indicators", "d.csv", csv()).await;
    refused(
        other.0 == 303,
        format!("another region's upload was answered {other:?}"),
    )?;
    let first = slow.finish().await;
    refused(
        first.starts_with("HTTP/1.1 303"),
        format!("the slow upload ended with {first}"),
    )?;
    let again = upload(&app, &khabarovsk, "khabarovsk", "indicators", "d.csv", csv()).await;
    refused(
        again.0 == 303,
        format!("the region could not upload again: {again:?}"),
    )
}

/// Waits until an upload holds its region's slot, which it does once the server spools it to a
/// temporary file.
async fn wait_until_spooling(app: &TestApp) {
    let spool = app.data_dir.join("uploads");
    for _ in 0..300 {
        if std::fs::read_dir(&spool).is_ok_and(|mut files| files.next().is_some()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// An upload that stops sending (a lost connection, or a stolen operator session) must not
/// keep its region's one upload slot: after the idle limit it is refused with a Russian
/// message and the region can upload again.
async fn a_stalled_upload_keeps_its_regions_slot() -> Outcome {
    let app = spawn_app_with(&[("ROST_UPLOAD_IDLE_SECS", "1".to_string())]).await;
    let operator = signed_in(
        &app,
        "khabarovsk",
        "stall-op@example.ru",
        "regional_operator",
        None,
    )
    .await;
    let csv = || b"school_id;year;ege_ru\n27-1;2024;55.5\n".to_vec();
    let stalled = RawUpload::start(&app, &operator, "khabarovsk", "indicators")
        .await
        .map_err(|e| e.to_string())?;
    wait_until_spooling(&app).await;
    let meanwhile = upload(&app, &operator, "khabarovsk", "indicators", "d.csv", csv()).await;
    refused(
        meanwhile.0 == 503,
        format!("the stalled upload did not hold the slot: {meanwhile:?}"),
    )?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let answer = stalled.finish().await;
    refused(
        answer.starts_with("HTTP/1.1 400") && answer.contains("перестал передаваться"),
        format!("the stalled upload was answered {answer}"),
    )?;
    let again = upload(&app, &operator, "khabarovsk", "indicators", "d.csv", csv()).await;
    refused(
        again.0 == 303,
        format!("the region's slot stayed taken after the stalled upload: {again:?}"),
    )
}
