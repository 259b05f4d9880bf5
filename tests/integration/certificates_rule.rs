//! The default issuing rule (issue 13): a completed route is not enough; every deficit of the
//! diagnostic the route was proposed from must be closed on a re-test, and the queue shows the
//! evidence, each deficit before and after.

use app::certificates::{Eligible, GetEligible};
use app::courses::AcceptRoute;
use app::growth::{GetGrowthAdmin, GrowthAdmin, OpenRetests};

use crate::diagnostics::{json, person, take_teacher_diagnostic};
use crate::growth::{complete_route, take_retest};
use crate::helpers::{signed_in, spawn_app, TestApp};

const SLUG: &str = "khabarovsk";
const EMAIL: &str = "route-cert@example.ru";

async fn queue(app: &TestApp, admin: &str) -> Vec<Eligible> {
    json(app.call::<GetEligible>(&[("slug", SLUG)], admin).await).await
}

/// An operator's re-test campaign of the teachers' instrument: re-tests the latest attempt.
async fn open_retest(app: &TestApp) {
    let operator = signed_in(app, SLUG, "cert-op@example.ru", "regional_operator", None).await;
    let admin: GrowthAdmin = json(app.call::<GetGrowthAdmin>(&[("slug", SLUG)], &operator).await).await;
    let instrument = admin
        .instruments
        .iter()
        .find(|(_, t)| t.starts_with("Диагностика профессиональных дефицитов"))
        .unwrap()
        .0
        .clone();
    let fields = [
        ("slug", SLUG),
        ("form[title]", "Повторная"),
        ("form[instrument]", instrument.as_str()),
    ];
    assert_eq!(
        json::<usize>(app.call::<OpenRetests>(&fields, &operator).await).await,
        1
    );
}

#[tokio::test]
async fn a_completed_route_is_eligible_only_once_every_deficit_closed_on_the_re_test() {
    let app = spawn_app().await;
    let admin = signed_in(&app, SLUG, "cert-admin@khabarovsk.ru", "certificate_admin", None).await;
    let teacher = person(&app, EMAIL, "teacher", "teacher", Some("27-0001")).await;
    sqlx::query("update memberships m set subjects = '{Математика}' from users u where u.id = m.user_id and u.email = $1")
        .bind(EMAIL)
        .execute(&app.owner)
        .await
        .unwrap();
    take_teacher_diagnostic(&app, &teacher, &["MET-2", "PSY-2"]).await;
    let route: String = json(app.call::<AcceptRoute>(&[("slug", SLUG)], &teacher).await).await;
    assert!(!route.is_empty());
    complete_route(&app, EMAIL).await;
    assert!(
        queue(&app, &admin).await.is_empty(),
        "the route is complete, but no re-test has closed the deficits"
    );

    take_retest(&app, &teacher, &["PSY-2"]).await;
    assert!(
        queue(&app, &admin).await.is_empty(),
        "PSY-2 is still a deficit on the re-test"
    );

    open_retest(&app).await;
    take_retest(&app, &teacher, &[]).await;
    let queue = queue(&app, &admin).await;
    assert_eq!(queue.len(), 1, "every deficit closed");
    let growth: Vec<(&str, bool, bool)> = queue[0]
        .growth
        .iter()
        .map(|g| (g.code.as_str(), g.before < 0.6, g.after.is_some_and(|a| a >= 0.6)))
        .collect();
    assert!(growth.contains(&("MET-2", true, true)), "{growth:?}");
    assert!(growth.contains(&("PSY-2", true, true)), "{growth:?}");
    assert!(queue[0].growth.iter().all(|g| !g.title.is_empty()));
}
