//! Certificates (issue 13): rule → queue → bulk issue → e-mail with the PDF at a real SMTP
//! server → public verify → tamper check → revoke; gap-free numbers under 50 parallel issues; a
//! job that survives a restart without issuing twice; who may do what.

use std::time::Duration;

use app::certificates::*;
use base64::{engine::general_purpose::STANDARD, Engine};
use uuid::Uuid;

use crate::helpers::{restart, signed_in, spawn_app, spawn_app_with_smtp, tenant_id, TestApp};
use crate::mail::MailServer;

pub(crate) const SLUG: &str = "khabarovsk";
const NAME: &str = "Иванова Мария Петровна";

/// A diagnostic result with one competency at `score`, as stored in `attempts.result`.
fn result(score: f64) -> serde_json::Value {
    let level = if score < 0.6 { "pronounced" } else { "minimal" };
    serde_json::json!({
        "points": 0.0, "max_points": 0.0, "thresholds": { "low": 0.6, "high": 0.8 },
        "competencies": [{ "code": "MET-2", "title": "Формирующее оценивание", "area": "MET",
                           "score": score, "level": level, "description": "", "deficit_meaning": "" }],
        "deficits": if score < 0.6 { vec!["MET-2"] } else { vec![] },
    })
}

/// A teacher's first diagnostic with a deficit and the re-test that closed it; the first's id.
async fn diagnosed(app: &TestApp, tenant: Uuid, user: Uuid) -> Uuid {
    sqlx::query_scalar(
        "with i as (select id from instruments where tenant_id = $1 order by title limit 1),
              b as (insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, finished_at, finished_by, result)
                    select $1, i.id, $2, '{}', '[]', now() - interval '30 days', 'person', $3 from i returning id, instrument_id),
              a as (insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, finished_at, finished_by, result, retest_of)
                    select $1, b.instrument_id, $2, '{}', '[]', now() - interval '1 day', 'person', $4, b.id from b)
         select id from b",
    )
    .bind(tenant)
    .bind(user)
    .bind(result(0.3))
    .bind(result(0.9))
    .fetch_one(&app.owner)
    .await
    .expect("the diagnostic and its re-test")
}

/// A teacher whose route of one 72-hour course is complete and whose deficit closed on the
/// re-test; returns (user id, cookies).
pub(crate) async fn graduate(app: &TestApp, email: &str, name: &str) -> (Uuid, String) {
    let cookies = signed_in(app, SLUG, email, "teacher", None).await;
    let user: Uuid = sqlx::query_scalar("update users set full_name = $2 where email = $1 returning id")
        .bind(email)
        .bind(name)
        .fetch_one(&app.owner)
        .await
        .expect("holder");
    let tenant = tenant_id(&app.owner, SLUG).await;
    let course: Uuid = sqlx::query_scalar(
        "insert into courses (tenant_id, code, title, provider, kind, format, hours)
         values ($1, 'CERT-' || substr(md5(random()::text), 1, 8), 'Формирующее оценивание', 'ХК ИРО', 'soft', 'дистанционно', 72)
         returning id",
    )
    .bind(tenant)
    .fetch_one(&app.owner)
    .await
    .expect("course");
    sqlx::query(
        "insert into course_competencies (tenant_id, course_id, code, weight) values ($1, $2, 'MET-2', 1)",
    )
    .bind(tenant)
    .bind(course)
    .execute(&app.owner)
    .await
    .expect("the course's competency");
    let first = diagnosed(app, tenant, user).await;
    sqlx::query(
        "with r as (insert into routes (tenant_id, user_id, attempt_id) values ($1, $2, $4) returning id)
         insert into route_items (tenant_id, route_id, course_id, position) select $1, r.id, $3, 0 from r",
    )
    .bind(tenant)
    .bind(user)
    .bind(course)
    .bind(first)
    .execute(&app.owner)
    .await
    .expect("route");
    sqlx::query(
        "insert into enrolments (tenant_id, course_id, user_id, status, completed_via, completed_on, hours)
         values ($1, $2, $3, 'completed', 'admin', date '2026-11-20', 72)",
    )
    .bind(tenant)
    .bind(course)
    .bind(user)
    .execute(&app.owner)
    .await
    .expect("completion");
    (user, cookies)
}

pub(crate) async fn json<T: serde::de::DeserializeOwned>(response: reqwest::Response) -> T {
    let status = response.status();
    let body = response.text().await.expect("body");
    assert!(status.is_success(), "{status}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

pub(crate) async fn wait_for_job(app: &TestApp, admin: &str, job: &str) -> JobProgress {
    for _ in 0..300 {
        let progress: JobProgress = json(
            app.call::<GetCertificateJob>(&[("slug", SLUG), ("id", job)], admin)
                .await,
        )
        .await;
        if progress.finished() {
            return progress;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the job did not finish");
}

/// The first PDF attached to a raw message.
fn attached_pdf(raw: &str) -> Vec<u8> {
    let raw = raw.replace("\r\n", "\n");
    let start = raw.find("Content-Type: application/pdf").expect("a PDF part");
    let body = &raw[start..];
    let body = &body[body.find("\n\n").expect("the part's body") + 2..];
    let encoded: String = body
        .lines()
        .take_while(|l| !l.starts_with("--") && !l.is_empty())
        .collect();
    STANDARD.decode(encoded).expect("base64")
}

pub(crate) fn pdf_text(bytes: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("cert-{}.pdf", Uuid::new_v4().simple()));
    std::fs::write(&path, bytes).expect("write the PDF");
    let output = std::process::Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let _ = std::fs::remove_file(&path);
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8(output.stdout).expect("UTF-8 text")
}

async fn upload(app: &TestApp, number: &str, bytes: Vec<u8>) -> String {
    let (status, location) = app
        .post_files(&format!("/verify/{number}/file"), "", &[], &[("c.pdf", &bytes)])
        .await;
    assert_eq!(status, 303);
    location
}

/// A PDF drawn like the issued one but with other facts: what a forger would produce.
fn forged(number: &str, name: &str, hours: i32) -> Vec<u8> {
    let facts = text::Facts {
        full_name: name.into(),
        programme: "Формирующее оценивание".into(),
        hours,
        dates: "20.11.2026".into(),
        competencies: String::new(),
    };
    pdf::render(&pdf::Sheet {
        number,
        facts: &facts,
        title: "СЕРТИФИКАТ",
        body: app::i18n::ru::CERTIFICATE_DEFAULT_BODY,
        signatory_name: "И. И. Иванов",
        signatory_position: "Руководитель",
        region_name: "Хабаровский край",
        issued_on: "30.11.2026",
        verify_url: "http://localhost/verify/x",
        logo: None,
    })
    .expect("render")
}

#[tokio::test]
async fn a_route_completed_is_issued_mailed_verified_and_revoked() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let admin = signed_in(&app, SLUG, "cert-admin@khabarovsk.ru", "certificate_admin", None).await;
    let (user, holder) = graduate(&app, "ivanova@school.ru", NAME).await;

    let saved = app
        .call::<SaveCertificateRule>(&[("slug", SLUG), ("form[kind]", "route")], &admin)
        .await;
    assert!(saved.status().is_success(), "{}", saved.status());
    let queue: Vec<Eligible> = json(app.call::<GetEligible>(&[("slug", SLUG)], &admin).await).await;
    assert_eq!(queue.len(), 1);
    assert_eq!((queue[0].full_name.as_str(), queue[0].hours), (NAME, 72));
    let growth = &queue[0].growth;
    assert_eq!(growth.len(), 1, "the evidence: the deficit before and after");
    assert_eq!((growth[0].before, growth[0].after), (0.3, Some(0.9)));
    assert_eq!(queue[0].user_id, user.to_string());

    let job: String = json(
        app.call::<IssueEligible>(&[("slug", SLUG), ("users[0]", &user.to_string())], &admin)
            .await,
    )
    .await;
    let progress = wait_for_job(&app, &admin, &job).await;
    assert_eq!(
        (progress.done, progress.failed),
        (1, 0),
        "{:?}",
        progress.failures
    );
    let queue: Vec<Eligible> = json(app.call::<GetEligible>(&[("slug", SLUG)], &admin).await).await;
    assert!(queue.is_empty(), "issued once, the person leaves the queue");

    let (number, stored, hash_ok): (String, Vec<u8>, bool) = sqlx::query_as(
        "select number, pdf, encode(sha256(pdf), 'hex') = sha256 from certificates where user_id = $1",
    )
    .bind(user)
    .fetch_one(&app.owner)
    .await
    .expect("the certificate");
    assert!(hash_ok, "the stored SHA-256 is the PDF's");
    assert!(
        number.starts_with("27-20") && number.ends_with("-000001"),
        "{number}"
    );
    assert!(stored.len() < 150_000, "{} bytes", stored.len());

    let raw = mail
        .wait_for("ivanova@school.ru", 1, Duration::from_secs(20))
        .await;
    assert!(raw[0].contains("Вам выдан сертификат"), "{}", raw[0]);
    let raw = mail.raw_messages_to("ivanova@school.ru");
    assert_eq!(attached_pdf(&raw[0]), stored, "the attachment is the issued PDF");

    let text = pdf_text(&stored);
    assert!(text.contains(NAME), "{text}");
    assert!(text.contains(&number), "{text}");
    assert!(text.contains("72 ч"), "{text}");
    assert!(
        text.contains("Развиваемые компетенции: Формирующее и критериальное оценивание.")
            && !text.contains("MET-2"),
        "competencies by their titles: {text}"
    );

    let mine = app
        .get_with_cookies(&format!("/r/{SLUG}/certificates/{number}/pdf"), &holder)
        .await;
    assert_eq!(mine.status().as_u16(), 200);
    assert_eq!(mine.bytes().await.unwrap().to_vec(), stored);

    let (status, page) = app.get_text(&format!("/verify/{number}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Сертификат действителен"), "{page}");
    assert!(
        page.contains("Ив***") && !page.contains(NAME),
        "the name is masked"
    );
    let surname = app::downloads::percent_encode("Иванова");
    let (_, page) = app.get_text(&format!("/verify/{number}?surname={surname}")).await;
    assert!(page.contains(NAME), "the full surname unmasks the name");
    let (status, _) = app.get_text("/verify/27-2026-999999").await;
    assert_eq!(status, 404);

    assert!(upload(&app, &number, stored.clone())
        .await
        .ends_with("?check=match"));
    let renamed = forged(&number, "Петрова Мария Петровна", 72);
    assert!(upload(&app, &number, renamed).await.ends_with("?check=mismatch"));
    let more_hours = forged(&number, NAME, 144);
    assert!(upload(&app, &number, more_hours)
        .await
        .ends_with("?check=mismatch"));
    let mut edited = stored.clone();
    let middle = edited.len() / 2;
    edited[middle] ^= 1;
    assert!(upload(&app, &number, edited).await.ends_with("?check=mismatch"));

    signed_twin_is_checked(&app, &number, &holder).await;

    let revoked = app
        .call::<RevokeCertificate>(
            &[
                ("slug", SLUG),
                ("form[number]", &number),
                ("form[category]", "error"),
                ("form[reason]", "Ошибка в фамилии"),
            ],
            &admin,
        )
        .await;
    assert!(revoked.status().is_success(), "{}", revoked.status());
    let (_, page) = app.get_text(&format!("/verify/{number}")).await;
    assert!(
        page.contains("Сертификат отозван") && page.contains("ошибка в данных"),
        "{page}"
    );
    let mails = mail
        .wait_for("ivanova@school.ru", 2, Duration::from_secs(20))
        .await;
    assert!(mails.iter().any(|m| m.contains("отозван")));
    let history: Vec<String> = sqlx::query_scalar(
        "select action from certificate_events e join certificates c on c.id = e.certificate_id
         where c.number = $1 order by e.id",
    )
    .bind(&number)
    .fetch_all(&app.owner)
    .await
    .unwrap();
    assert_eq!(history, ["issued", "revoked"]);
    let registry: Vec<CertificateRow> = json(
        app.call::<GetCertificateRegistry>(&[("slug", SLUG), ("query", "иванова")], &admin)
            .await,
    )
    .await;
    assert_eq!(registry.len(), 1);
    assert!(registry[0].revoked.is_some());
    let export = app
        .get_with_cookies(&format!("/r/{SLUG}/admin/certificates/export.xlsx?q=27"), &admin)
        .await;
    assert_eq!(export.status().as_u16(), 200);
}

#[tokio::test]
async fn fifty_parallel_issues_get_fifty_consecutive_numbers() {
    let app = spawn_app().await;
    let admin = signed_in(&app, SLUG, "cert-admin@khabarovsk.ru", "certificate_admin", None).await;
    graduate(&app, "holder@school.ru", NAME).await;
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..50 {
        let (client, address, admin) = (app.client.clone(), app.address.clone(), admin.clone());
        calls.spawn(async move {
            let form = [
                ("slug", SLUG.to_string()),
                ("form[email]", "holder@school.ru".into()),
                ("form[programme]", format!("Программа {i}")),
                ("form[hours]", "36".into()),
                ("form[reason]", "Перенос из старого реестра".into()),
            ];
            let response = client
                .post(format!(
                    "{address}{}",
                    <IssueManual as leptos::server_fn::ServerFn>::PATH
                ))
                .header("origin", &address)
                .header("accept", "application/json")
                .header("cookie", admin)
                .form(&form)
                .send()
                .await
                .expect("issue");
            assert!(response.status().is_success(), "{}", response.status());
            serde_json::from_str::<String>(&response.text().await.unwrap()).unwrap()
        });
    }
    let mut sequences: Vec<u32> = calls
        .join_all()
        .await
        .iter()
        .map(|number| number.rsplit('-').next().unwrap().parse().unwrap())
        .collect();
    sequences.sort();
    assert_eq!(sequences, (1..=50).collect::<Vec<u32>>());
    let audited: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action = 'certificate_issued'")
            .fetch_one(&app.owner)
            .await
            .unwrap();
    assert_eq!(audited, 50);
}

#[tokio::test]
async fn a_bulk_job_resumes_after_a_restart_and_never_issues_twice() {
    let app = spawn_app().await;
    let admin = signed_in(&app, SLUG, "cert-admin@khabarovsk.ru", "certificate_admin", None).await;
    let mut people = Vec::new();
    for i in 0..3 {
        people.push(
            graduate(&app, &format!("g{i}@school.ru"), &format!("Выпускник{i} Иван"))
                .await
                .0,
        );
    }
    let tenant = tenant_id(&app.owner, SLUG).await;
    let job: Uuid = sqlx::query_scalar("insert into certificate_jobs (tenant_id) values ($1) returning id")
        .bind(tenant)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    sqlx::query(
        "insert into certificate_job_items (tenant_id, job_id, user_id) select $1, $2, unnest($3::uuid[])",
    )
    .bind(tenant)
    .bind(job)
    .bind(&people)
    .execute(&app.owner)
    .await
    .unwrap();
    let app = restart(app).await;
    let progress = wait_for_job(&app, &admin, &job.to_string()).await;
    assert_eq!((progress.done, progress.failed), (3, 0));

    let users: Vec<String> = people.iter().map(Uuid::to_string).collect();
    let form: Vec<(String, String)> = std::iter::once(("slug".to_string(), SLUG.to_string()))
        .chain(
            users
                .iter()
                .enumerate()
                .map(|(i, u)| (format!("users[{i}]"), u.clone())),
        )
        .collect();
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let again: String = json(app.call::<IssueEligible>(&form, &admin).await).await;
    let progress = wait_for_job(&app, &admin, &again).await;
    assert_eq!(
        (progress.done, progress.failed),
        (0, 3),
        "already issued: refused"
    );
    let count: i64 = sqlx::query_scalar("select count(*) from certificates")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(count, 3);
}

#[tokio::test]
async fn teachers_cannot_issue_and_another_regions_administrator_cannot_revoke() {
    let app = spawn_app().await;
    let admin = signed_in(&app, SLUG, "cert-admin@khabarovsk.ru", "certificate_admin", None).await;
    let (_, holder) = graduate(&app, "holder@school.ru", NAME).await;
    let manual = |email: &'static str| {
        [
            ("slug", SLUG),
            ("form[email]", email),
            ("form[programme]", "Программа"),
            ("form[hours]", "36"),
            ("form[reason]", "Причина"),
        ]
    };
    let teacher = app
        .call::<IssueManual>(&manual("holder@school.ru"), &holder)
        .await;
    assert_eq!(teacher.status().as_u16(), 403);
    let no_reason = app
        .call::<IssueManual>(
            &[
                ("slug", SLUG),
                ("form[email]", "holder@school.ru"),
                ("form[programme]", "П"),
                ("form[hours]", "3"),
            ],
            &admin,
        )
        .await;
    assert_eq!(no_reason.status().as_u16(), 400, "a manual issue needs a reason");
    let number: String = json(app.call::<IssueManual>(&manual("holder@school.ru"), &admin).await).await;
    let stored: Vec<u8> = sqlx::query_scalar("select pdf from certificates where number = $1")
        .bind(&number)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    let text = pdf_text(&stored);
    assert!(
        text.contains("36 ч") && !text.contains("компетенции"),
        "no competencies, no line about them: {text}"
    );

    let ryazan = signed_in(&app, "ryazan", "cert-admin@ryazan.ru", "certificate_admin", None).await;
    let revoke = |slug: &'static str| {
        [
            ("slug", slug.to_string()),
            ("form[number]", number.clone()),
            ("form[category]", "fraud".to_string()),
            ("form[reason]", "Взлом".to_string()),
        ]
    };
    let form = revoke(SLUG);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        app.call::<RevokeCertificate>(&form, &ryazan)
            .await
            .status()
            .as_u16(),
        403
    );
    let form = revoke("ryazan");
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        app.call::<RevokeCertificate>(&form, &ryazan)
            .await
            .status()
            .as_u16(),
        404
    );
    let other = signed_in(&app, SLUG, "colleague@school.ru", "teacher", None).await;
    let pdf = app
        .get_with_cookies(&format!("/r/{SLUG}/certificates/{number}/pdf"), &other)
        .await;
    assert_eq!(pdf.status().as_u16(), 403, "someone else's certificate");
    let (_, page) = app.get_text(&format!("/verify/{number}")).await;
    assert!(page.contains("Сертификат действителен"));
}

#[tokio::test]
async fn an_unknown_placeholder_is_refused_with_its_name() {
    let app = spawn_app().await;
    let admin = signed_in(&app, SLUG, "cert-admin@khabarovsk.ru", "certificate_admin", None).await;
    let response = app
        .call::<SaveCertificateTemplate>(
            &[
                ("slug", SLUG),
                ("form[title]", "СЕРТИФИКАТ"),
                ("form[body]", "{ФИО} прошёл {курс}"),
                ("form[signatory_name]", "А. Б. Директоров"),
                ("form[signatory_position]", "Ректор"),
            ],
            &admin,
        )
        .await;
    assert_eq!(response.status().as_u16(), 400);
    assert!(response.text().await.unwrap().contains("{курс}"));
}

/// The JSON twin: downloaded by its holder, accepted as issued, refused once its clear text or
/// its signature is changed; the region's public key is published and verifies it.
async fn signed_twin_is_checked(app: &TestApp, number: &str, holder: &str) {
    let twin = app
        .get_with_cookies(&format!("/r/{SLUG}/certificates/{number}/json"), holder)
        .await;
    assert_eq!(twin.status().as_u16(), 200);
    let bytes = twin.bytes().await.unwrap().to_vec();
    let document: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let credential = &document["credential"];
    assert_eq!(credential["credentialSubject"]["name"], NAME);
    assert_eq!(credential["credentialSubject"]["creditsEarned"], 72);
    assert!(credential["type"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "OpenBadgeCredential"));
    assert!(upload(app, number, bytes.clone()).await.ends_with("?check=match"));

    let edited = String::from_utf8(bytes)
        .unwrap()
        .replace("\"creditsEarned\": 72", "\"creditsEarned\": 144");
    assert!(edited.contains("144"));
    assert!(upload(app, number, edited.into_bytes())
        .await
        .ends_with("?check=signature"));
    let jwt = document["jwt"].as_str().unwrap();
    let at = jwt.rfind('.').unwrap() + 10;
    let flipped = if &jwt[at..=at] == "A" { "B" } else { "A" };
    let mut broken = document.clone();
    broken["jwt"] = format!("{}{flipped}{}", &jwt[..at], &jwt[at + 1..]).into();
    let broken = serde_json::to_vec(&broken).unwrap();
    assert!(upload(app, number, broken).await.ends_with("?check=signature"));

    let jwks: serde_json::Value = json(app.get("/.well-known/rost/27/jwks.json").await).await;
    let key = &jwks["keys"][0];
    assert_eq!(
        (key["kty"].as_str(), key["crv"].as_str()),
        (Some("OKP"), Some("Ed25519"))
    );
    assert!(key.get("d").is_none(), "the private key is never published");
    let x = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(key["x"].as_str().unwrap())
        .unwrap();
    assert!(
        signing::verified(&x, jwt).is_some(),
        "the published key verifies the twin"
    );
}
