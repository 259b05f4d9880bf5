//! Attacks on the privacy of group averages (issue 10): a self-declared director, fake
//! colleagues with empty attempts that make the school's average one person's score divided by
//! five, and the difference of two averages around a newcomer.

use app::accounts::{confirmations::GetConfirmationQueue, GetProfile, Profile};
use app::diagnostics::{GetResult, GetSchoolAggregate, ResultView, SchoolAggregate};

use crate::attack;
use crate::attacks::{refused, Attack, Outcome};
use crate::confirmations::{confirm, registered, roles, school_status, SLUG};
use crate::diagnostics::{
    finish, json, keys, person, result, right, saved, start_teacher, take_teacher_diagnostic,
};
use crate::helpers::{signed_in, spawn_app, user_id, TestApp};

pub fn attacks() -> Vec<Attack> {
    vec![
        attack!(self_registered_director_gets_no_director_rights),
        attack!(four_unconfirmed_fakes_with_empty_attempts_dilute_the_school_average),
        attack!(four_confirmed_accounts_answering_almost_nothing_dilute_the_school_average),
        attack!(difference_of_two_averages_reveals_a_newcomers_score),
        attack!(self_declared_director_confirms_his_accomplices),
        attack!(a_colleague_answers_anothers_micro_check_or_reads_a_route_not_shared_with_him),
        attack!(a_colleague_reads_a_growth_report_by_its_id),
    ]
}

const SCHOOL: &str = "27-0001";

fn school_scores(view: &ResultView) -> Option<&Vec<(String, f64)>> {
    view.comparison
        .iter()
        .find(|g| g.group == "Школа")
        .map(|g| &g.scores)
        .filter(|scores| !scores.is_empty())
}

/// A real teacher of the school who took the whole diagnostic; returns her attempt.
async fn victim(app: &TestApp) -> (String, String) {
    let cookies = person(app, "victim@example.ru", "teacher", "teacher", Some(SCHOOL)).await;
    let attempt = take_teacher_diagnostic(app, &cookies, &["MET-2", "PSY-3"]).await;
    (cookies, attempt)
}

/// Starts the teacher diagnostic, answers `answers` items and finishes it.
async fn thin_attempt(app: &TestApp, cookies: &str, answers: usize) -> String {
    let id = start_teacher(app, cookies).await;
    for (n, (item, body)) in keys(app, &id).await.iter().take(answers).enumerate() {
        saved(app, cookies, &id, item, 10 + n as i64, &right(body)).await;
    }
    finish(app, cookies, &id).await;
    id
}

async fn self_registered_director_gets_no_director_rights() -> Outcome {
    let app = spawn_app().await;
    victim(&app).await;
    let fake = registered(&app, "fake-head@example.ru", "director", SCHOOL).await;
    refused(
        !roles(&app, "fake-head@example.ru")
            .await
            .contains(&"director".to_string()),
        "registration as a director granted the director role",
    )?;
    let profile: Option<Profile> = json(app.call::<GetProfile>(&[("slug", SLUG)], &fake).await).await;
    refused(
        profile.is_some_and(|p| !p.roles.iter().any(|r| r == "director")),
        "the cabinet lists the director role",
    )?;
    let school = app.call::<GetSchoolAggregate>(&[("slug", SLUG)], &fake).await;
    refused(
        school.status() == 403,
        format!("the school's page answered {}", school.status()),
    )?;
    let queue = app.call::<GetConfirmationQueue>(&[("slug", SLUG)], &fake).await;
    refused(
        queue.status() == 403,
        format!("the confirmation queue answered {}", queue.status()),
    )?;
    let cabinet = app.get_with_cookies("/r/khabarovsk/cabinet", &fake).await;
    let html = cabinet.text().await.unwrap_or_default();
    refused(
        !html.contains("/r/khabarovsk/confirmations") && !html.contains("school-aggregate"),
        "the cabinet shows director pages",
    )
}

async fn four_unconfirmed_fakes_with_empty_attempts_dilute_the_school_average() -> Outcome {
    let app = spawn_app().await;
    let (victim_cookies, victim_attempt) = victim(&app).await;
    let director = person(&app, "head@example.ru", "director", "director", Some(SCHOOL)).await;
    for n in 0..4 {
        let fake = registered(&app, &format!("fake{n}@example.ru"), "teacher", SCHOOL).await;
        let own = result(&app, &fake, &thin_attempt(&app, &fake, 0).await).await;
        refused(
            own.comparison.iter().all(|g| g.group != "Школа"),
            "an unconfirmed person is compared with the school they merely chose",
        )?;
    }
    let view = result(&app, &victim_cookies, &victim_attempt).await;
    refused(
        school_scores(&view).is_none(),
        format!("the school average is shown: {:?}", school_scores(&view)),
    )?;
    let aggregate: SchoolAggregate =
        json(app.call::<GetSchoolAggregate>(&[("slug", SLUG)], &director).await).await;
    refused(
        aggregate.instruments.iter().all(|i| i.average.scores.is_empty()),
        "the director's page shows the school average",
    )
}

async fn four_confirmed_accounts_answering_almost_nothing_dilute_the_school_average() -> Outcome {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "op@example.ru", "regional_operator", None).await;
    let (victim_cookies, victim_attempt) = victim(&app).await;
    for n in 0..4 {
        let email = format!("fake{n}@example.ru");
        let fake = registered(&app, &email, "teacher", SCHOOL).await;
        refused(
            confirm(&app, &operator, &email).await == 200,
            "the operator could not confirm",
        )?;
        // An empty attempt and ones with a single answer: both well under half of the items.
        thin_attempt(&app, &fake, n.min(1)).await;
    }
    let view = result(&app, &victim_cookies, &victim_attempt).await;
    refused(
        school_scores(&view).is_none(),
        format!("the school average is shown: {:?}", school_scores(&view)),
    )
}

/// The result as the browser receives it, before any page formats it.
async fn raw_result(app: &TestApp, cookies: &str, attempt: &str) -> serde_json::Value {
    json(
        app.call::<GetResult>(&[("slug", SLUG), ("id", attempt)], cookies)
            .await,
    )
    .await
}

async fn difference_of_two_averages_reveals_a_newcomers_score() -> Outcome {
    let app = spawn_app().await;
    let weak: [&[&str]; 6] = [&[], &["MET-2"], &["PSY-3"], &[], &["MET-2", "COM-1"], &["DIG-1"]];
    let mut observer = Default::default();
    for (n, weak) in weak.iter().enumerate() {
        let cookies = person(
            &app,
            &format!("t{n}@example.ru"),
            "teacher",
            "teacher",
            Some(SCHOOL),
        )
        .await;
        observer = (
            cookies.clone(),
            take_teacher_diagnostic(&app, &cookies, weak).await,
        );
    }
    let (cookies, attempt) = observer;
    let before = raw_result(&app, &cookies, &attempt).await;
    let newcomer = person(&app, "new@example.ru", "teacher", "teacher", Some(SCHOOL)).await;
    take_teacher_diagnostic(&app, &newcomer, &["MET-2", "PSY-3", "COM-1", "DIG-1"]).await;
    let after = raw_result(&app, &cookies, &attempt).await;
    for view in [&before, &after] {
        let school = view["comparison"]
            .as_array()
            .and_then(|groups| groups.iter().find(|g| g["group"] == "Школа"))
            .ok_or("no school group")?;
        refused(
            school["people"] == "5-9",
            format!("the head count is not a band: {}", school["people"]),
        )?;
        let whole = school["scores"].as_array().is_some_and(|scores| {
            !scores.is_empty()
                && scores.iter().all(|pair| {
                    let percent = pair[1].as_f64().unwrap_or(f64::NAN) * 100.0;
                    (percent - percent.round()).abs() < 1e-6
                })
        });
        refused(
            whole,
            format!("averages finer than whole percents: {}", school["scores"]),
        )?;
    }
    // The page says the same band, never "6 чел." or "7 чел.".
    let path = format!("/r/khabarovsk/diagnostics/{attempt}/result");
    let html = app
        .get_with_cookies(&path, &cookies)
        .await
        .text()
        .await
        .unwrap_or_default();
    refused(
        html.contains("Школа: участников 5–9") && !html.contains(" чел."),
        "the result page shows an exact head count",
    )
}

async fn self_declared_director_confirms_his_accomplices() -> Outcome {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "op@example.ru", "regional_operator", None).await;
    let head = registered(&app, "fake-head@example.ru", "director", SCHOOL).await;
    registered(&app, "accomplice@example.ru", "teacher", SCHOOL).await;
    registered(&app, "far@example.ru", "teacher", "27-0002").await;
    registered(&app, "deputy@example.ru", "deputy_director", SCHOOL).await;
    let status = confirm(&app, &head, "accomplice@example.ru").await;
    refused(
        status == 403 && school_status(&app, "accomplice@example.ru").await == "pending",
        format!("an unconfirmed director confirmed a teacher of his school ({status})"),
    )?;
    let status = confirm(&app, &head, "far@example.ru").await;
    refused(
        status == 403 && school_status(&app, "far@example.ru").await == "pending",
        format!("an unconfirmed director confirmed a teacher of another school ({status})"),
    )?;
    // Confirmed by the operator, he decides for his own school's teachers only.
    refused(
        confirm(&app, &operator, "fake-head@example.ru").await == 200,
        "the operator could not confirm",
    )?;
    let status = confirm(&app, &head, "far@example.ru").await;
    refused(
        status == 403 && school_status(&app, "far@example.ru").await == "pending",
        format!("a director confirmed a teacher of another school ({status})"),
    )?;
    let status = confirm(&app, &head, "deputy@example.ru").await;
    refused(
        status == 403 && roles(&app, "deputy@example.ru").await.is_empty(),
        format!("a director made another director ({status})"),
    )?;
    let denied: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action = 'access_denied' and user_id = $1::uuid",
    )
    .bind(user_id(&app, "fake-head@example.ru").await)
    .fetch_one(&app.owner)
    .await
    .map_err(|e| e.to_string())?;
    refused(denied == 4, format!("{denied} refusals audited, not 4"))?;
    // The positive control: his own teacher he may confirm.
    let status = confirm(&app, &head, "accomplice@example.ru").await;
    refused(
        status == 200,
        format!("the confirmed director could not confirm his teacher ({status})"),
    )
}

/// A colleague sends right answers to another teacher's open micro-course check (to complete
/// it for her or learn her score), gets himself chosen as a route's reader, and reads a route
/// shared with the director.
async fn a_colleague_answers_anothers_micro_check_or_reads_a_route_not_shared_with_him() -> Outcome {
    use crate::micro_courses as micro;
    let app = spawn_app().await;
    let (teacher, _) = victim(&app).await;
    let colleague = person(&app, "nosy@example.ru", "teacher", "teacher", Some(SCHOOL)).await;
    let director = person(&app, "head@example.ru", "director", "director", Some(SCHOOL)).await;
    let course = micro::course_id(&app, SLUG, "K-041").await;
    for lesson in 1..=4 {
        let n = lesson.to_string();
        app.call::<app::courses::MarkLessonRead>(
            &[("slug", SLUG), ("course", &course), ("lesson", &n)],
            &teacher,
        )
        .await;
    }
    let (check, _) = micro::start(&app, &teacher, &course).await;
    let answers: Vec<_> = micro::keys(&app, &check.attempt)
        .await
        .iter()
        .map(|(id, item)| (id.clone(), right(item)))
        .collect();
    let status = micro::submit(&app, &colleague, &check.attempt, &answers)
        .await
        .status();
    refused(
        status == 404,
        format!("the colleague's answers were taken: {status}"),
    )?;
    let completed = micro::enrolment(&app, "victim@example.ru", &course).await;
    refused(
        completed.is_none(),
        "the victim's course was completed by someone else",
    )?;

    let _: String = json(
        app.call::<app::courses::AcceptRoute>(&[("slug", SLUG)], &teacher)
            .await,
    )
    .await;
    let status = micro::share(
        &app,
        &teacher,
        &user_id(&app, "nosy@example.ru").await.to_string(),
        "share",
    )
    .await
    .status();
    refused(
        status == 403,
        format!("a plain colleague was chosen as a reader: {status}"),
    )?;
    let director_id = user_id(&app, "head@example.ru").await.to_string();
    micro::share(&app, &teacher, &director_id, "share").await;
    refused(
        micro::shared(&app, &director).await.len() == 1,
        "the director does not see the route",
    )?;
    let seen = micro::shared(&app, &colleague).await;
    refused(
        seen.is_empty(),
        format!("the colleague read {} shared route(s)", seen.len()),
    )
}

/// Issue 12: a growth report shows one person's scores before and after; a colleague (or the
/// region's operator) who learns its id from a shared screen gets nothing.
async fn a_colleague_reads_a_growth_report_by_its_id() -> Outcome {
    use app::growth::{GetGrowthReport, GetMyGrowth, MyGrowth};
    let app = spawn_app().await;
    let owner = person(&app, "grower@example.ru", "teacher", "teacher", Some(SCHOOL)).await;
    take_teacher_diagnostic(&app, &owner, &["MET-2"]).await;
    json::<String>(
        app.call::<app::courses::AcceptRoute>(&[("slug", SLUG)], &owner)
            .await,
    )
    .await;
    crate::growth::complete_route(&app, "grower@example.ru").await;
    crate::growth::my_growth(&app, &owner).await;
    let report = crate::growth::take_retest(&app, &owner, &[]).await;
    let colleague = person(&app, "peer@example.ru", "teacher", "teacher", Some(SCHOOL)).await;
    let operator = signed_in(&app, SLUG, "growth-op@example.ru", "regional_operator", None).await;
    for cookies in [&colleague, &operator] {
        let status = app
            .call::<GetGrowthReport>(&[("slug", SLUG), ("id", &report)], cookies)
            .await
            .status();
        refused(
            status == 404,
            format!("another person's growth report answered {status}"),
        )?;
        let theirs: MyGrowth = json(app.call::<GetMyGrowth>(&[("slug", SLUG)], cookies).await).await;
        refused(
            theirs.reports.is_empty(),
            "another person's report is listed as theirs",
        )?;
    }
    Ok(())
}
