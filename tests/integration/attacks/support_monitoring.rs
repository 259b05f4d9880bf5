//! Reaching past a case's monitoring (issue 17): a partner school's director or another curator
//! reading or scoring it, the school scoring itself, and forged ids — another region's stage,
//! another case's indicator. Every refusal stores nothing.

use app::support::monitoring::{
    AddIndicator, FixStage, GetMonitoring, GetMonitoringSetup, SaveRubric, SetIndicatorValue, Setup,
};

use crate::attack;
use crate::attacks::support::{all_refused, with_cases, with_partner};
use crate::attacks::{refused, Attack, Outcome};
use crate::certificates::json;
use crate::helpers::{signed_in, spawn_app, TestApp};
use crate::support::{case_of, SLUG};
use crate::support_monitoring::monitoring;

pub fn attacks() -> Vec<Attack> {
    vec![
        attack!(a_partner_director_or_another_curator_reads_or_scores_the_monitoring),
        attack!(forged_ids_name_another_regions_stage_or_another_cases_indicator),
    ]
}

async fn stored(app: &TestApp) -> i64 {
    sqlx::query_scalar(
        "select (select count(*) from support_stage_snapshots) + (select count(*) from support_rubric_scores)
              + (select count(*) from support_manual_values)",
    )
    .fetch_one(&app.owner)
    .await
    .unwrap()
}

async fn a_partner_director_or_another_curator_reads_or_scores_the_monitoring() -> Outcome {
    let app = spawn_app().await;
    let (f, case, partner) = with_partner(&app).await?;
    let m = monitoring(&app, &f.curator, &case).await;
    let (stage, criterion) = (m.stages[0].id.as_str(), format!("scores[c{}]", m.criteria[0].id));
    let c = case.as_str();
    let mut got = Vec::new();
    for (who, name) in [
        (&partner, "partner"),
        (&f.other_curator, "other curator"),
        (&f.director, "director"),
    ] {
        let read = app
            .call::<GetMonitoring>(&[("slug", SLUG), ("case", c)], who)
            .await
            .status()
            .as_u16();
        let fix = app
            .call::<FixStage>(&[("slug", SLUG), ("case", c), ("stage", stage)], who)
            .await;
        let score = app
            .call::<SaveRubric>(
                &[
                    ("slug", SLUG),
                    ("case", c),
                    ("stage", stage),
                    (criterion.as_str(), "3"),
                ],
                who,
            )
            .await;
        if name != "director" {
            got.push((format!("{name} reads"), read));
        }
        got.push((format!("{name} fixes"), fix.status().as_u16()));
        got.push((format!("{name} scores"), score.status().as_u16()));
    }
    all_refused(&got, &[403, 404])?;
    refused(stored(&app).await == 0, "something was stored")
}

async fn forged_ids_name_another_regions_stage_or_another_cases_indicator() -> Outcome {
    let app = spawn_app().await;
    let (f, case) = with_cases(&app).await;
    let kuzbass = signed_in(&app, "kuzbass", "op@kuzbass-attack.ru", "regional_operator", None).await;
    let setup: Setup = json(
        app.call::<GetMonitoringSetup>(&[("slug", "kuzbass")], &kuzbass)
            .await,
    )
    .await;
    let foreign = setup.stages[0].id.clone();
    let fixed = app
        .call::<FixStage>(
            &[
                ("slug", SLUG),
                ("case", case.as_str()),
                ("stage", foreign.as_str()),
            ],
            &f.curator,
        )
        .await
        .status()
        .as_u16();
    let other = case_of(&app, &f.operator, "Кобелева").await;
    let indicator = [
        ("slug", SLUG),
        ("case", other.as_str()),
        ("form[name]", "Чужой показатель"),
        ("form[target]", "10"),
    ];
    refused(
        app.call::<AddIndicator>(&indicator, &f.operator).await.status() == 200,
        "the operator could not add an indicator",
    )?;
    let theirs = monitoring(&app, &f.operator, &other).await.manual[0].id.clone();
    let stage = monitoring(&app, &f.curator, &case).await.stages[0].id.clone();
    let value = [
        ("slug", SLUG),
        ("case", case.as_str()),
        ("form[indicator]", theirs.as_str()),
        ("form[stage]", stage.as_str()),
        ("form[value]", "5"),
    ];
    let entered = app
        .call::<SetIndicatorValue>(&value, &f.curator)
        .await
        .status()
        .as_u16();
    all_refused(
        &[
            ("another region's stage".into(), fixed),
            ("another case's indicator".into(), entered),
        ],
        &[400, 404],
    )?;
    refused(stored(&app).await == 0, "something was stored")
}
