//! Dashboards kept under the region's data version (`dashboards::cache`, migration
//! 20261211000002): a view with unchanged figures is not built again, and a change committed
//! anywhere (through the server, or by another process outside any region) shows on the next view.

use app::dashboards::SaveKpiTargets;

use crate::dashboards::{dashboard, SLUG};
use crate::helpers::{signed_in, spawn_app, TestApp};

async fn certificates_target(app: &TestApp, operator: &str) -> String {
    let form = dashboard(app, operator, None)
        .await
        .kpi_form
        .expect("the operator's form");
    form.certificates
}

#[tokio::test]
async fn a_dashboard_is_built_again_only_after_its_figures_change() {
    let app = spawn_app().await;
    let operator = signed_in(&app, SLUG, "op@dash-cache.ru", "regional_operator", None).await;
    assert_eq!(certificates_target(&app, &operator).await, "");

    let fields = [("slug", SLUG), ("form[certificates]", "1000")];
    let saved = app.call::<SaveKpiTargets>(&fields, &operator).await;
    assert_eq!(saved.status(), 200);
    assert_eq!(
        certificates_target(&app, &operator).await,
        "1000",
        "saved through the server"
    );

    // A write that bumps no version (its trigger off) is not seen: the kept dashboard is shown.
    let mut tx = app.owner.begin().await.unwrap();
    for statement in [
        "alter table kpi_targets disable trigger kpi_targets_dash_touch",
        "update kpi_targets set target = 5 where metric = 'certificates'",
        "alter table kpi_targets enable trigger kpi_targets_dash_touch",
    ] {
        sqlx::query(statement).execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    assert_eq!(certificates_target(&app, &operator).await, "1000", "kept");

    // Another process, outside any region's transaction: every region's dashboards change.
    sqlx::query("update kpi_targets set target = 7 where metric = 'certificates'")
        .execute(&app.owner)
        .await
        .unwrap();
    assert_eq!(certificates_target(&app, &operator).await, "7");
}
