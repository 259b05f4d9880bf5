//! Reading figures past one's scope on the dashboards (issue 15): the scope comes from the
//! reader's role, so naming another municipality, or exporting, never widens it.

use app::dashboards::GetDashboard;

use crate::attack;
use crate::attacks::{refused, Attack, Outcome};
use crate::dashboards::{dashboard, fixture, MUNICIPALITY};
use crate::helpers::{signed_in, spawn_app};

pub fn attacks() -> Vec<Attack> {
    vec![
        attack!(a_director_names_a_municipality_to_read_past_his_school),
        attack!(a_coordinator_names_another_municipality),
        attack!(strangers_download_a_dashboard_export),
    ]
}

async fn a_director_names_a_municipality_to_read_past_his_school() -> Outcome {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let d = dashboard(&app, &f.beta_director, Some(MUNICIPALITY)).await;
    refused(
        d.scope == "Школа Бета",
        format!("the director read «{}»", d.scope),
    )?;
    let csv = app
        .get_with_cookies(
            "/r/khabarovsk/dashboard/export/coverage/csv?municipality=%D0%A2%D0%B5%D1%81%D1%82%D0%BE%D0%B2%D1%8B%D0%B9%20%D0%BE%D0%BA%D1%80%D1%83%D0%B3",
            &f.beta_director,
        )
        .await
        .text()
        .await
        .unwrap_or_default();
    refused(
        !csv.contains("Школа Альфа"),
        "the director's export held another school",
    )
}

async fn a_coordinator_names_another_municipality() -> Outcome {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let d = dashboard(&app, &f.coordinator, Some("Нанайский муниципальный район")).await;
    refused(
        d.scope == MUNICIPALITY,
        format!("the coordinator read «{}»", d.scope),
    )
}

async fn strangers_download_a_dashboard_export() -> Outcome {
    let app = spawn_app().await;
    let strangers = [
        String::new(),
        signed_in(&app, "khabarovsk", "t@dash-attack.ru", "teacher", None).await,
        signed_in(&app, "ryazan", "op@dash-attack.ru", "regional_operator", None).await,
        signed_in(&app, "khabarovsk", "cm@dash-attack.ru", "course_admin", None).await,
    ];
    let mut reached = Vec::new();
    for cookies in &strangers {
        for view in [
            "coverage",
            "deficits",
            "growth",
            "courses",
            "certificates",
            "positions",
        ] {
            let path = format!("/r/khabarovsk/dashboard/export/{view}/xlsx");
            let status = app.get_with_cookies(&path, cookies).await.status().as_u16();
            if !(status == 401 || status == 403) {
                reached.push(format!("GET {path} answered {status}"));
            }
        }
        let status = app
            .call::<GetDashboard>(&[("slug", "khabarovsk")], cookies)
            .await
            .status()
            .as_u16();
        if !(status == 401 || status == 403) {
            reached.push(format!("get_dashboard answered {status}"));
        }
    }
    refused(reached.is_empty(), reached.join("; "))
}
