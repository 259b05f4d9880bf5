//! Support documents (issue 17): the workflow draft → submitted → returned with a field comment
//! → resubmitted → approved, its refusals, frozen versions and the diff, the e-mails of each
//! transition (delivered through a real SMTP server), the per-person opt-out, and the road
//! map's deadline job.

use std::time::Duration;

use app::support::documents::{
    DocState, DocumentList, DocumentView, GetSupportDocument, GetSupportDocuments, ReviewSupportDocument,
    SaveSupportDocument,
};
use app::support::SaveProfile;

use crate::certificates::json;
use crate::helpers::{spawn_app, spawn_app_with_smtp, TestApp};
use crate::mail::MailServer;
use crate::support::{curated_case, fixture, Fixture, SLUG};

pub(crate) const PROGRAMME: &str = "antirisk-staff";

/// The fixture's cases opened, 27-0201 (Троицкое) given to the fixture's curator, and its
/// director's priority risk «staff» saved; returns the case.
pub(crate) async fn with_priority(app: &TestApp, f: &Fixture) -> String {
    let case = curated_case(app, f).await;
    let saved = app
        .call::<SaveProfile>(
            &[("slug", SLUG), ("case", &case), ("priorities[staff]", "on")],
            &f.director,
        )
        .await;
    assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());
    case
}

/// A complete anti-risk programme's form, with the first measure's deadline.
pub(crate) fn programme(deadline: &str) -> Vec<(String, String)> {
    [
        (
            "goal",
            "Закрыть вакансии учителей физики и математики к 1 сентября",
        ),
        ("task-0-text", "Привлечь выпускников педагогического вуза"),
        ("measure-0-title", "Договор о целевом обучении"),
        ("measure-0-responsible", "Директор"),
        ("measure-0-deadline", deadline),
        ("indicator-0-name", "Вакансии учителей"),
        ("indicator-0-target", "0"),
    ]
    .into_iter()
    .map(|(k, v)| (format!("fields[{k}]"), v.to_string()))
    .collect()
}

pub(crate) async fn save(
    app: &TestApp,
    who: &str,
    case: &str,
    slot: &str,
    fields: &[(String, String)],
    submit: bool,
) -> reqwest::Response {
    let mut form: Vec<(&str, &str)> = vec![("slug", SLUG), ("case", case), ("slot", slot)];
    form.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if submit {
        form.push(("submit", "on"));
    }
    app.call::<SaveSupportDocument>(&form, who).await
}

/// Saves the case's programme with this deadline, submitted or as a draft; the answer's status.
pub(crate) async fn save_programme(
    app: &TestApp,
    who: &str,
    case: &str,
    deadline: &str,
    submit: bool,
) -> reqwest::StatusCode {
    save(app, who, case, PROGRAMME, &programme(deadline), submit)
        .await
        .status()
}

pub(crate) async fn review(
    app: &TestApp,
    who: &str,
    case: &str,
    decision: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut form: Vec<(&str, &str)> = vec![
        ("slug", SLUG),
        ("case", case),
        ("slot", PROGRAMME),
        ("decision", decision),
    ];
    form.extend_from_slice(extra);
    app.call::<ReviewSupportDocument>(&form, who).await
}

pub(crate) async fn document(
    app: &TestApp,
    who: &str,
    case: &str,
    slot: &str,
    version: Option<&str>,
) -> DocumentView {
    let mut form = vec![("slug", SLUG), ("case", case), ("slot", slot)];
    form.extend(version.map(|v| ("version", v)));
    json(app.call::<GetSupportDocument>(&form, who).await).await
}

pub(crate) async fn status_and_text(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn a_programme_goes_from_draft_through_a_return_to_approval_with_every_version_kept() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let f = fixture(&app).await;
    let case = with_priority(&app, &f).await;

    // A draft is written over; the curator cannot decide on it.
    assert_eq!(
        save(
            &app,
            &f.director,
            &case,
            PROGRAMME,
            &programme("2027-06-01")[..1],
            false
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        save(
            &app,
            &f.director,
            &case,
            PROGRAMME,
            &programme("2027-06-01")[..2],
            false
        )
        .await
        .status(),
        200
    );
    let draft = document(&app, &f.curator, &case, PROGRAMME, None).await;
    assert_eq!((draft.version, draft.state), (1, Some(DocState::Draft)));
    assert!(!draft.can_review);
    let (status, text) = status_and_text(review(&app, &f.curator, &case, "approve", &[]).await).await;
    assert_eq!(status, 400, "{text}");

    // Submitting needs every part; the message names the table and row.
    let (status, text) = status_and_text(
        save(
            &app,
            &f.director,
            &case,
            PROGRAMME,
            &programme("2027-06-01")[..3],
            true,
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(text.contains("Мероприятия, строка 1 — Ответственный"), "{text}");
    let (status, text) = status_and_text(
        save(
            &app,
            &f.director,
            &case,
            PROGRAMME,
            &programme("01.06.2027"),
            true,
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(text.contains("не дата"), "{text}");
    assert_eq!(
        save_programme(&app, &f.director, &case, "2027-06-01", true).await,
        200
    );
    let to_curator = mail
        .wait_for("curator@support.ru", 1, Duration::from_secs(20))
        .await;
    assert!(to_curator[0].contains("На согласование"), "{}", to_curator[0]);

    // While it waits, the school changes nothing; only the case's curator decides.
    assert_eq!(
        save_programme(&app, &f.director, &case, "2027-07-01", false).await,
        400
    );
    assert_eq!(
        review(&app, &f.other_curator, &case, "approve", &[])
            .await
            .status(),
        404
    );
    assert_eq!(
        review(&app, &f.coordinator, &case, "approve", &[]).await.status(),
        403
    );
    assert_eq!(
        review(&app, &f.director, &case, "approve", &[]).await.status(),
        403
    );
    assert_eq!(
        review(&app, &f.curator, &case, "return", &[]).await.status(),
        400,
        "a return needs a comment"
    );
    assert_eq!(
        review(
            &app,
            &f.curator,
            &case,
            "return",
            &[("field", "measure-7-title"), ("field_comment", "x")]
        )
        .await
        .status(),
        400,
        "a comment on a field the document lacks"
    );

    // The curator returns it with a comment on one field; the director is told.
    let comment = "Срок педсовета — до конца первой четверти";
    let returned = review(
        &app,
        &f.curator,
        &case,
        "return",
        &[("field", "measure-0-deadline"), ("field_comment", comment)],
    )
    .await;
    assert_eq!(returned.status(), 200);
    let to_director = mail
        .wait_for("director@support.ru", 1, Duration::from_secs(20))
        .await;
    assert!(
        to_director[0].contains("Мероприятия, строка 1 — Срок") && to_director[0].contains(comment),
        "{}",
        to_director[0]
    );
    let seen = document(&app, &f.director, &case, PROGRAMME, None).await;
    assert_eq!(seen.state, Some(DocState::Returned));
    assert_eq!(
        seen.review.as_ref().unwrap().by_key["measure-0-deadline"],
        comment
    );
    assert!(seen.can_edit);

    // The submitted version is frozen, even for the database's owner.
    let frozen = sqlx::query("update support_document_versions set body = '{}' where version = 1")
        .execute(&app.owner)
        .await;
    assert!(frozen.is_err(), "a submitted version's body cannot change");

    // Resubmitted as version 2; the diff names the changed field; approved.
    assert_eq!(
        save_programme(&app, &f.director, &case, "2026-10-30", true).await,
        200
    );
    let second = document(&app, &f.curator, &case, PROGRAMME, None).await;
    assert_eq!(
        (second.version, second.versions.len(), second.state),
        (2, 2, Some(DocState::Submitted))
    );
    assert_eq!(second.changes.len(), 1, "{:?}", second.changes);
    assert_eq!(
        (
            second.changes[0].label.as_str(),
            second.changes[0].before.as_str(),
            second.changes[0].after.as_str()
        ),
        ("Мероприятия, строка 1 — Срок", "2027-06-01", "2026-10-30")
    );
    assert!(second.can_review);
    assert_eq!(
        review(&app, &f.curator, &case, "approve", &[("comment", "Согласовано")])
            .await
            .status(),
        200
    );
    let approved = mail
        .wait_for("director@support.ru", 2, Duration::from_secs(20))
        .await;
    assert!(approved.iter().any(|m| m.contains("Согласован")), "{approved:?}");

    // Editing the approved document starts version 3; version 2 stays approved.
    assert_eq!(
        save_programme(&app, &f.director, &case, "2026-11-15", false).await,
        200
    );
    let third = document(&app, &f.director, &case, PROGRAMME, None).await;
    assert_eq!((third.version, third.state), (3, Some(DocState::Draft)));
    let kept = document(&app, &f.director, &case, PROGRAMME, Some("2")).await;
    assert_eq!(kept.state, Some(DocState::Approved));
    assert!(kept.fields.iter().any(|f| f.value == "2026-10-30"));
    let list: DocumentList = json(
        app.call::<GetSupportDocuments>(&[("slug", SLUG), ("case", &case)], &f.coordinator)
            .await,
    )
    .await;
    let row = list.documents.iter().find(|d| d.slot == PROGRAMME).unwrap();
    assert_eq!((row.version, row.state), (3, Some(DocState::Draft)));

    let audited: Vec<String> =
        sqlx::query_scalar("select action from audit_log where action like 'support_document_%' order by id")
            .fetch_all(&app.owner)
            .await
            .unwrap();
    let transitions: Vec<&str> = audited
        .iter()
        .map(String::as_str)
        .filter(|a| *a != "support_document_saved")
        .collect();
    assert_eq!(
        transitions,
        [
            "support_document_submitted",
            "support_document_returned",
            "support_document_submitted",
            "support_document_approved"
        ]
    );
}

#[tokio::test]
async fn only_priority_risks_get_programmes_and_a_reviewer_never_approves_their_own() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let case = with_priority(&app, &f).await;
    let (status, text) = status_and_text(
        save(
            &app,
            &f.director,
            &case,
            "antirisk-parents",
            &programme("2027-06-01"),
            false,
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(text.contains("приоритетному риску"), "{text}");
    assert_eq!(
        save_programme(&app, &f.curator, &case, "2027-06-01", false).await,
        403
    );
    assert_eq!(
        save_programme(&app, &f.teacher, &case, "2027-06-01", false).await,
        403
    );

    // The director made the case's curator too: his own submission is not his to approve.
    sqlx::query(
        "insert into role_grants (tenant_id, user_id, role)
         select tenant_id, user_id, 'curator' from memberships m join users u on u.id = m.user_id
         where u.email = 'director@support.ru'",
    )
    .execute(&app.owner)
    .await
    .unwrap();
    sqlx::query("update support_cases set curator_id = (select id from users where email = 'director@support.ru') where id = $1::uuid")
        .bind(&case)
        .execute(&app.owner)
        .await
        .unwrap();
    assert_eq!(
        save_programme(&app, &f.director, &case, "2027-06-01", true).await,
        200
    );
    let (status, text) = status_and_text(review(&app, &f.director, &case, "approve", &[]).await).await;
    assert_eq!(status, 400);
    assert!(text.contains("отправили сами"), "{text}");
    assert!(
        !document(&app, &f.director, &case, PROGRAMME, None)
            .await
            .can_review
    );
    // The operator may decide instead.
    assert_eq!(
        review(&app, &f.operator, &case, "approve", &[]).await.status(),
        200
    );
}
