//! Support documents' road map (issue 17): the deadline job's reminders (sent once, not for
//! done activities, each person's choice respected, again after a moved deadline), a bad road
//! map refused by stage, row and column, and the demo's documents.

use app::support::documents::{DocumentList, GetSupportDocuments, SetSupportMail};
use chrono::{Duration as Days, Utc};

use crate::certificates::json;
use crate::helpers::{spawn_app, TestApp};
use crate::support::{fixture, SLUG};
use crate::support_documents::{save, status_and_text, with_priority};

/// A road map with an overdue activity (in progress), one due in five days, and one overdue
/// but done.
fn road_map(today: chrono::NaiveDate, overdue: i64) -> Vec<(String, String)> {
    let day = |d: i64| (today + Days::days(d)).format("%Y-%m-%d").to_string();
    let activity = |n: usize, title: &str, deadline: String, status: &str| {
        [
            ("title", title.to_string()),
            ("deadline", deadline),
            ("responsible", "Завуч".to_string()),
            ("status", status.to_string()),
        ]
        .into_iter()
        .map(move |(c, v)| (format!("fields[stage1-{n}-{c}]"), v))
    };
    activity(0, "Диагностика дефицитов", day(-overdue), "in_progress")
        .chain(activity(1, "Семинар наставников", day(5), "planned"))
        .chain(activity(2, "Приказ о рабочей группе", day(-30), "done"))
        .collect()
}

async fn queued(app: &TestApp, to: &str, subject_part: &str) -> i64 {
    sqlx::query_scalar("select count(*) from outbox where recipient = $1 and subject like '%' || $2 || '%'")
        .bind(to)
        .bind(subject_part)
        .fetch_one(&app.owner)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_deadline_job_mails_each_reminder_once_and_respects_each_persons_choice() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let case = with_priority(&app, &f).await;
    let today = Utc::now().date_naive();
    let (status, text) =
        status_and_text(save(&app, &f.director, &case, "roadmap", &road_map(today, 3), false).await).await;
    assert_eq!(status, 200, "{text}");
    let run = || app::support::documents::jobs::run_due(&app.app_role, "http://rost.test", Utc::now());
    run().await.unwrap();
    assert_eq!(
        queued(
            &app,
            "director@support.ru",
            "Просрочено мероприятие дорожной карты: Диагностика дефицитов"
        )
        .await,
        1
    );
    assert_eq!(
        queued(&app, "curator@support.ru", "Просрочено").await,
        1,
        "the curator hears of overdue activities"
    );
    assert_eq!(
        queued(
            &app,
            "director@support.ru",
            "Через 7 дней срок мероприятия: Семинар наставников"
        )
        .await,
        1
    );
    assert_eq!(queued(&app, "curator@support.ru", "Через 7 дней").await, 0);
    assert_eq!(
        queued(&app, "director@support.ru", "Приказ о рабочей группе").await,
        0,
        "a done activity is not reminded"
    );

    // Running again sends nothing more.
    run().await.unwrap();
    assert_eq!(queued(&app, "director@support.ru", "Просрочено").await, 1);
    assert_eq!(queued(&app, "director@support.ru", "Через 7 дней").await, 1);

    // The curator turns overdue mail off; a moved deadline is reminded again, to the director only.
    let off = app
        .call::<SetSupportMail>(
            &[
                ("slug", SLUG),
                ("on[submitted]", "on"),
                ("on[deadline_soon]", "on"),
            ],
            &f.curator,
        )
        .await;
    assert_eq!(off.status(), 200);
    assert_eq!(
        save(&app, &f.director, &case, "roadmap", &road_map(today, 2), false)
            .await
            .status(),
        200
    );
    run().await.unwrap();
    assert_eq!(queued(&app, "director@support.ru", "Просрочено").await, 2);
    assert_eq!(queued(&app, "curator@support.ru", "Просрочено").await, 1);
    let list: DocumentList = json(
        app.call::<GetSupportDocuments>(&[("slug", SLUG), ("case", &case)], &f.curator)
            .await,
    )
    .await;
    let overdue = list.mail.iter().find(|m| m.kind == "overdue").unwrap();
    assert!(!overdue.on);
    let unknown = app
        .call::<SetSupportMail>(&[("slug", SLUG), ("on[spam]", "on")], &f.curator)
        .await;
    assert_eq!(unknown.status(), 400);
}

#[tokio::test]
async fn a_bad_road_map_is_refused_naming_the_stage_row_and_column_and_changes_nothing() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let case = with_priority(&app, &f).await;
    let mut form = road_map(Utc::now().date_naive(), 3);
    form.push(("fields[stage2-0-title]".into(), "Отчёт".into()));
    form.push(("fields[stage2-0-deadline]".into(), "2027-01-01".into()));
    form.push(("fields[stage2-0-responsible]".into(), "Директор".into()));
    form.push(("fields[stage2-0-status]".into(), "done".into()));
    form.push((
        "fields[stage2-0-evidence]".into(),
        "https://school.ru/otchet.pdf ftp://x".into(),
    ));
    let (status, text) = status_and_text(save(&app, &f.director, &case, "roadmap", &form, false).await).await;
    assert_eq!(status, 400);
    assert!(
        text.contains("Этап 2, строка 1") && text.contains("ftp://x"),
        "{text}"
    );
    let versions: i64 = sqlx::query_scalar("select count(*) from support_document_versions")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(versions, 0);
}

#[tokio::test]
async fn the_demo_has_programmes_in_every_state_and_a_road_map_with_an_overdue_activity() {
    let app = crate::helpers::spawn_app_with(&[("ROST_DEMO_PEOPLE", "true".into())]).await;
    for slug in ["khabarovsk", "kuzbass"] {
        let states: Vec<String> = sqlx::query_scalar(
            "select distinct v.state from support_document_versions v
             join support_documents d on d.tenant_id = v.tenant_id and d.id = v.document_id
             join tenants t on t.id = d.tenant_id
             where t.slug = $1 and d.kind = 'antirisk' order by v.state",
        )
        .bind(slug)
        .fetch_all(&app.owner)
        .await
        .unwrap();
        assert_eq!(states, ["approved", "draft", "returned", "submitted"], "{slug}");
        let overdue: i64 = sqlx::query_scalar(
            "select count(*) from support_documents d join tenants t on t.id = d.tenant_id
             join support_document_versions v on v.tenant_id = d.tenant_id and v.document_id = d.id,
             jsonb_array_elements(v.body->'tables'->'stage1') a
             where t.slug = $1 and d.kind = 'roadmap' and a->>'status' <> 'done'
               and (a->>'deadline')::date < current_date",
        )
        .bind(slug)
        .fetch_one(&app.owner)
        .await
        .unwrap();
        assert_eq!(overdue, 1, "{slug}");
    }
    // The demo's reminders count as sent: a fresh demo mails nobody.
    app::support::documents::jobs::run_due(&app.app_role, "http://rost.test", Utc::now())
        .await
        .unwrap();
    let mailed: i64 = sqlx::query_scalar("select count(*) from outbox where subject like 'Просрочено%'")
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(mailed, 0);
}
