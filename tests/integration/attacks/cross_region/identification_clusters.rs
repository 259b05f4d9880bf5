//! Clusters of schools (issue 16 §3): another region's operator can set no cluster on a school
//! of this region, neither under this region's name nor by its code under their own region.

use app::identification::clusters::SetSchoolCluster;

use super::{call, entry, Gate};
use crate::attack;
use crate::attacks::{refused, Attack, Outcome};
use crate::helpers::{signed_in, spawn_app};

pub fn attacks() -> Vec<Attack> {
    vec![attack!(an_operator_sets_the_cluster_of_another_regions_school)]
}

/// Ryazan's operator names Khabarovsk's school 27-0001 under Khabarovsk (not his region) and
/// under Ryazan (no such school there); the school keeps no cluster.
async fn an_operator_sets_the_cluster_of_another_regions_school() -> Outcome {
    let app = spawn_app().await;
    let ryazan = signed_in(&app, "ryazan", "operator@ryazan.ru", "regional_operator", None).await;
    let mut reached = Vec::new();
    for (slug, expected) in [("khabarovsk", 403), ("ryazan", 400)] {
        let entry = entry::<SetSchoolCluster>(
            Gate::Operator,
            &[("slug", slug), ("school", "27-0001"), ("cluster", "Взлом")],
        );
        let status = call(&app, &entry, slug, &ryazan).await;
        if status != expected {
            reached.push(format!("{} under {slug} answered {status}", entry.path));
        }
    }
    let cluster: Option<String> = sqlx::query_scalar(
        "select s.cluster from schools s join tenants t on t.id = s.tenant_id
         where t.slug = 'khabarovsk' and s.code = '27-0001'",
    )
    .fetch_one(&app.owner)
    .await
    .expect("the school");
    if cluster.is_some() {
        reached.push(format!("27-0001 got the cluster {cluster:?}"));
    }
    refused(reached.is_empty(), reached.join("; "))
}
