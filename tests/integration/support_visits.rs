//! Curators' visits (issue 17): the case's curator records a visit with targeted
//! recommendations, the school's director is told by e-mail and accepts one into its road map
//! or declines it with a reason; every refusal names its field and stores nothing.

use std::time::Duration;

use app::support::visits::{DecideRecommendation, GetVisits, RecordVisit, Visits};

use crate::certificates::json;
use crate::helpers::{spawn_app_with_smtp, TestApp};
use crate::mail::MailServer;
use crate::support::{curated_case, fixture, SLUG};
use crate::support_documents::status_and_text;

async fn visits(app: &TestApp, who: &str, case: &str) -> Visits {
    json(
        app.call::<GetVisits>(&[("slug", SLUG), ("case", case)], who)
            .await,
    )
    .await
}

async fn record(app: &TestApp, who: &str, case: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let mut form = vec![("slug", SLUG), ("case", case)];
    form.extend_from_slice(fields);
    status_and_text(app.call::<RecordVisit>(&form, who).await).await
}

async fn decide(app: &TestApp, who: &str, case: &str, id: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let mut form = vec![("slug", SLUG), ("case", case), ("recommendation", id)];
    form.extend_from_slice(fields);
    status_and_text(app.call::<DecideRecommendation>(&form, who).await).await
}

const VISIT: [(&str, &str); 4] = [
    ("form[visited_on]", "2026-11-20"),
    ("form[purpose]", "Посещение уроков математики в 7–9 классах"),
    (
        "form[findings]",
        "Уроки ведутся по устаревшим планам; формирующее оценивание не применяется.",
    ),
    (
        "form[recommendations]",
        "Провести методический семинар по формирующему оцениванию\n\nНаправить двух учителей на курсы ≥ 32 ч",
    ),
];

#[tokio::test]
async fn a_curators_visit_becomes_road_map_actions_the_school_accepts() {
    let mail = MailServer::start();
    let app = spawn_app_with_smtp(Some(mail.url())).await;
    let f = fixture(&app).await;
    let case = curated_case(&app, &f).await;

    let (status, text) = record(
        &app,
        &f.curator,
        &case,
        &[("form[visited_on]", "31.11.2026"), VISIT[1], VISIT[2]],
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        text.contains("Дата визита") && text.contains("31.11.2026"),
        "{text}"
    );
    let (status, text) = record(
        &app,
        &f.curator,
        &case,
        &[VISIT[0], VISIT[1], ("form[findings]", "  ")],
    )
    .await;
    assert_eq!(status, 400);
    assert!(text.contains("Выводы"), "{text}");
    assert_eq!(
        record(&app, &f.director, &case, &VISIT).await.0,
        403,
        "the curator's log"
    );
    assert_eq!(
        record(&app, &f.other_curator, &case, &VISIT).await.0,
        404,
        "another curator's case"
    );
    assert!(
        visits(&app, &f.curator, &case).await.visits.is_empty(),
        "nothing stored"
    );

    assert_eq!(record(&app, &f.curator, &case, &VISIT).await.0, 200);
    let mails = mail
        .wait_for("director@support.ru", 1, Duration::from_secs(20))
        .await;
    assert!(mails.iter().any(|m| m.contains("Визит куратора")), "{mails:?}");

    let seen = visits(&app, &f.director, &case).await;
    assert!(seen.can_decide && !seen.can_record);
    assert_eq!(seen.visits.len(), 1);
    let visit = &seen.visits[0];
    assert_eq!(visit.visited_on, "20.11.2026");
    let texts: Vec<&str> = visit.recommendations.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Провести методический семинар по формирующему оцениванию",
            "Направить двух учителей на курсы ≥ 32 ч"
        ]
    );
    let (first, second) = (
        visit.recommendations[0].id.clone(),
        visit.recommendations[1].id.clone(),
    );

    let accept = [
        ("form[decision]", "accept"),
        ("form[stage]", "stage1"),
        ("form[deadline]", "2027-01-15"),
        ("form[responsible]", "Заместитель директора по УВР"),
    ];
    assert_eq!(
        decide(&app, &f.curator, &case, &first, &accept).await.0,
        403,
        "the school decides"
    );
    let (status, text) = decide(
        &app,
        &f.director,
        &case,
        &first,
        &[accept[0], ("form[stage]", "stage3"), accept[2], accept[3]],
    )
    .await;
    assert_eq!(status, 400);
    assert!(text.contains("этап"), "{text}");
    assert_eq!(decide(&app, &f.director, &case, &first, &accept).await.0, 200);
    let (status, text) = decide(&app, &f.director, &case, &first, &accept).await;
    assert_eq!(status, 400, "decided once: {text}");

    let row: (i32, String, serde_json::Value) = sqlx::query_as(
        "select v.version, v.state, v.body->'tables'->'stage1'->0 from support_document_versions v
         join support_documents d on d.tenant_id = v.tenant_id and d.id = v.document_id
         where d.case_id = $1::uuid and d.kind = 'roadmap'",
    )
    .bind(&case)
    .fetch_one(&app.owner)
    .await
    .expect("the road map");
    assert_eq!((row.0, row.1.as_str()), (1, "draft"));
    let mut activity = row.2;
    let key = activity.as_object_mut().and_then(|a| a.remove("key"));
    assert!(
        key.as_ref()
            .and_then(|k| k.as_str())
            .is_some_and(|k| k.len() == 12),
        "the activity gets its key, which its evidence files name: {key:?}"
    );
    assert_eq!(
        activity,
        serde_json::json!({ "title": "Провести методический семинар по формирующему оцениванию",
                            "deadline": "2027-01-15", "responsible": "Заместитель директора по УВР",
                            "status": "planned" })
    );

    let (status, text) = decide(
        &app,
        &f.director,
        &case,
        &second,
        &[("form[decision]", "decline")],
    )
    .await;
    assert_eq!(status, 400);
    assert!(text.contains("Причина отказа"), "{text}");
    let declined = [
        ("form[decision]", "decline"),
        ("form[reason]", "Учителя уже прошли курсы в 2026 году"),
    ];
    assert_eq!(decide(&app, &f.director, &case, &second, &declined).await.0, 200);
    let seen = visits(&app, &f.curator, &case).await;
    let states: Vec<(&str, Option<&str>)> = seen.visits[0]
        .recommendations
        .iter()
        .map(|r| (r.state.as_str(), r.outcome.as_deref()))
        .collect();
    assert_eq!(
        states,
        [
            ("accepted", Some("в дорожной карте: этап 1, версия 1")),
            ("declined", Some("причина: Учителя уже прошли курсы в 2026 году")),
        ]
    );
}
