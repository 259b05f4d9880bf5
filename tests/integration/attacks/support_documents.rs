//! Reaching past one's documents in school support (issue 17): a director writing another
//! school's programme, a curator deciding on a case not his, a director or a coordinator
//! approving the school's own programme, another region's operator naming a case's document.
//! Every refusal leaves the documents as they were.

use app::support::documents::{
    GetSupportDocument, GetSupportDocuments, ReviewSupportDocument, SaveSupportDocument,
};

use crate::attack;
use crate::attacks::{refused, Attack, Outcome};
use crate::helpers::{signed_in, spawn_app, TestApp};
use crate::support::{director_of, fixture, Fixture, SLUG};
use crate::support_documents::{programme, save, with_priority, PROGRAMME};

pub fn attacks() -> Vec<Attack> {
    vec![
        attack!(a_director_writes_another_schools_programme),
        attack!(a_curator_decides_on_a_programme_of_a_case_not_his),
        attack!(a_director_or_a_coordinator_approves_the_schools_own_programme),
        attack!(another_regions_operator_names_a_cases_documents),
    ]
}

/// Троицкое's case with its «staff» programme submitted to the fixture's curator.
async fn submitted(app: &TestApp) -> (Fixture, String) {
    let f = fixture(app).await;
    let case = with_priority(app, &f).await;
    let response = save(app, &f.director, &case, PROGRAMME, &programme("2027-06-01"), true).await;
    assert_eq!(response.status(), 200);
    (f, case)
}

/// Every version of every document, to show that a refused call changed nothing.
async fn snapshot(app: &TestApp) -> String {
    sqlx::query_scalar(
        "select coalesce(string_agg(concat_ws('|', version, state, body::text, field_comments::text), ';'
                                    order by document_id, version), '')
         from support_document_versions",
    )
    .fetch_one(&app.owner)
    .await
    .expect("the versions")
}

/// (function, status) of each call of the document functions on `case` under `slug`.
async fn calls(app: &TestApp, cookies: &str, slug: &str, case: &str) -> Vec<(&'static str, u16)> {
    let base = [("slug", slug), ("case", case)];
    let with_slot = [("slug", slug), ("case", case), ("slot", PROGRAMME)];
    let mut form: Vec<(&str, &str)> = with_slot.to_vec();
    let fields = programme("2027-06-01");
    form.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let mut decide = with_slot.to_vec();
    decide.push(("decision", "approve"));
    vec![
        (
            "get_support_documents",
            app.call::<GetSupportDocuments>(&base, cookies)
                .await
                .status()
                .as_u16(),
        ),
        (
            "get_support_document",
            app.call::<GetSupportDocument>(&with_slot, cookies)
                .await
                .status()
                .as_u16(),
        ),
        (
            "save_support_document",
            app.call::<SaveSupportDocument>(&form, cookies)
                .await
                .status()
                .as_u16(),
        ),
        (
            "review_support_document",
            app.call::<ReviewSupportDocument>(&decide, cookies)
                .await
                .status()
                .as_u16(),
        ),
    ]
}

fn through(got: &[(&str, u16)], expected: u16, skip: &[&str]) -> Vec<String> {
    got.iter()
        .filter(|(name, status)| *status != expected && !skip.contains(name))
        .map(|(name, status)| format!("{name} answered {status}"))
        .collect()
}

async fn a_director_writes_another_schools_programme() -> Outcome {
    let app = spawn_app().await;
    let (_, case) = submitted(&app).await;
    let other = director_of(&app, SLUG, "jari@support.ru", "27-0202").await;
    let before = snapshot(&app).await;
    let got = calls(&app, &other, SLUG, &case).await;
    let wrong = through(&got, 404, &[]);
    refused(wrong.is_empty(), wrong.join("; "))?;
    refused(snapshot(&app).await == before, "the documents changed")
}

async fn a_curator_decides_on_a_programme_of_a_case_not_his() -> Outcome {
    let app = spawn_app().await;
    let (f, case) = submitted(&app).await;
    let before = snapshot(&app).await;
    let got = calls(&app, &f.other_curator, SLUG, &case).await;
    let wrong = through(&got, 404, &[]);
    refused(wrong.is_empty(), wrong.join("; "))?;
    refused(snapshot(&app).await == before, "the documents changed")
}

async fn a_director_or_a_coordinator_approves_the_schools_own_programme() -> Outcome {
    let app = spawn_app().await;
    let (f, case) = submitted(&app).await;
    let before = snapshot(&app).await;
    let mut wrong = Vec::new();
    for (who, cookies) in [("director", &f.director), ("coordinator", &f.coordinator)] {
        let got = calls(&app, cookies, SLUG, &case).await;
        let review = got
            .iter()
            .find(|(name, _)| *name == "review_support_document")
            .map(|(_, s)| *s);
        if review != Some(403) {
            wrong.push(format!("the {who}'s approval answered {review:?}"));
        }
    }
    refused(wrong.is_empty(), wrong.join("; "))?;
    // The director's own save is refused too (the version waits for the curator): 400.
    refused(snapshot(&app).await == before, "the documents changed")
}

async fn another_regions_operator_names_a_cases_documents() -> Outcome {
    let app = spawn_app().await;
    let (_, case) = submitted(&app).await;
    let ryazan = signed_in(&app, "ryazan", "op@ryazan.ru", "regional_operator", None).await;
    let before = snapshot(&app).await;
    let mut wrong = Vec::new();
    for (slug, expected) in [("ryazan", 404), (SLUG, 403)] {
        let got = calls(&app, &ryazan, slug, &case).await;
        wrong.extend(
            through(&got, expected, &[])
                .into_iter()
                .map(|w| format!("{w} under {slug}")),
        );
    }
    refused(wrong.is_empty(), wrong.join("; "))?;
    refused(snapshot(&app).await == before, "the documents changed")
}
