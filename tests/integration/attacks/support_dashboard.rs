//! Reaching past one's cases through the support summary and a case's exports (issue 17): a
//! curator, another school's director, a teacher on no team, a visitor and another region's
//! operator download a case's PDF and XLSX, and a coordinator sets the region's target.

use app::support::dashboard::{GetSupportSummary, SaveSupportTarget};

use crate::attack;
use crate::attacks::support::with_cases;
use crate::attacks::{refused, Attack, Outcome};
use crate::helpers::{signed_in, spawn_app};
use crate::support::{director_of, SLUG};

pub fn attacks() -> Vec<Attack> {
    vec![
        attack!(strangers_to_a_case_download_its_pdf_and_workbook),
        attack!(a_coordinator_sets_the_regions_target_or_reads_another_regions_summary),
    ]
}

async fn strangers_to_a_case_download_its_pdf_and_workbook() -> Outcome {
    let app = spawn_app().await;
    let (f, case) = with_cases(&app).await;
    let jari = director_of(&app, SLUG, "jari@support.ru", "27-0202").await;
    let ryazan = signed_in(&app, "ryazan", "op@ryazan.ru", "regional_operator", None).await;
    let mut through = Vec::new();
    for (who, cookies, slug, allowed) in [
        ("another curator", f.other_curator.as_str(), SLUG, 404),
        ("another school's director", jari.as_str(), SLUG, 404),
        ("a teacher on no team", f.teacher.as_str(), SLUG, 403),
        ("a visitor", "", SLUG, 401),
        ("another region's operator", ryazan.as_str(), SLUG, 403),
        (
            "another region's operator under his region",
            ryazan.as_str(),
            "ryazan",
            404,
        ),
    ] {
        for format in ["pdf", "xlsx"] {
            let path = format!("/r/{slug}/support/{case}/export.{format}");
            let status = app.get_with_cookies(&path, cookies).await.status().as_u16();
            if status != allowed {
                through.push(format!("{who}: {format} answered {status}"));
            }
        }
    }
    refused(through.is_empty(), through.join("; "))
}

async fn a_coordinator_sets_the_regions_target_or_reads_another_regions_summary() -> Outcome {
    let app = spawn_app().await;
    let (f, _) = with_cases(&app).await;
    let set = app
        .call::<SaveSupportTarget>(&[("slug", SLUG), ("left_percent", "5")], &f.coordinator)
        .await
        .status()
        .as_u16();
    refused(set == 403, format!("the coordinator's target answered {set}"))?;
    let stored: i64 = sqlx::query_scalar("select count(*) from support_targets")
        .fetch_one(&app.owner)
        .await
        .map_err(|e| e.to_string())?;
    refused(stored == 0, "a target was stored")?;
    let read = app
        .call::<GetSupportSummary>(&[("slug", "ryazan")], &f.coordinator)
        .await
        .status()
        .as_u16();
    refused(read == 403, format!("another region's summary answered {read}"))
}
