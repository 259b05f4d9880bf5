//! Reproducible identification runs (issue 16 §2): another region's run can be neither
//! reproduced nor compared with the current data, under either region's name.

use app::identification::{DiffWithCurrent, ReproduceRun};

use super::{call, entry, Gate};
use crate::attack;
use crate::attacks::{refused, Attack, Outcome};
use crate::helpers::{signed_in, spawn_app};

pub fn attacks() -> Vec<Attack> {
    vec![attack!(an_operator_reproduces_or_diffs_another_regions_run)]
}

/// Khabarovsk has a run; Ryazan's operator names its id under Ryazan (not found) and under
/// Khabarovsk (not his region).
async fn an_operator_reproduces_or_diffs_another_regions_run() -> Outcome {
    let app = spawn_app().await;
    let owner = signed_in(&app, "khabarovsk", "op@khkiro.ru", "regional_operator", None).await;
    let (run, _) = crate::identification::run_fixture(&app, &owner).await;
    let ryazan = signed_in(&app, "ryazan", "operator@ryazan.ru", "regional_operator", None).await;
    let mut reached = Vec::new();
    for (slug, expected) in [("ryazan", 404), ("khabarovsk", 403)] {
        for entry in [
            entry::<ReproduceRun>(Gate::Operator, &[("slug", slug), ("run", &run)]),
            entry::<DiffWithCurrent>(Gate::Operator, &[("slug", slug), ("run", &run)]),
        ] {
            let status = call(&app, &entry, slug, &ryazan).await;
            if status != expected {
                reached.push(format!("{} under {slug} answered {status}", entry.path));
            }
        }
    }
    refused(reached.is_empty(), reached.join("; "))
}
