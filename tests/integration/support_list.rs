//! The case list of a region with many cases: read a page at a time, within the reader's reach
//! and the filters.

use std::collections::BTreeSet;

use app::support::{CaseList, GetCases};

use crate::certificates::json;
use crate::helpers::{spawn_app, TestApp};
use crate::support::{fixture, NANAI, SLUG};

async fn page(app: &TestApp, cookies: &str, extra: &[(&str, &str)]) -> CaseList {
    let mut args = vec![("slug", SLUG)];
    args.extend_from_slice(extra);
    json(app.call::<GetCases>(&args, cookies).await).await
}

fn ids(list: &CaseList) -> Vec<String> {
    list.cases.iter().map(|c| c.id.clone()).collect()
}

/// 120 schools of the coordinator's municipality and as many elsewhere, each with a case.
async fn many_cases(app: &TestApp) {
    sqlx::query(
        "with places as (
             select m.tenant_id, m.id, m.name = $2 as nanai from municipalities m join tenants t on t.id = m.tenant_id
             where t.slug = $1 and m.id in (select municipality_id from schools)
             order by m.name = $2 desc, m.name limit 2),
         added as (
             insert into schools (tenant_id, code, name, municipality_id, school_group, is_rural)
             select p.tenant_id, case when p.nanai then 'N-' else 'O-' end || lpad(i::text, 3, '0'),
                    'Школа № ' || i, p.id, 'средняя', false
             from places p, generate_series(1, 120) i
             returning tenant_id, id)
         insert into support_cases (tenant_id, school_id, year, statuses, reason)
         select tenant_id, id, 2026, '{ШНРО}', 'Список края' from added",
    )
    .bind(SLUG)
    .bind(NANAI)
    .execute(&app.owner)
    .await
    .unwrap();
}

#[tokio::test]
async fn a_long_case_list_is_read_a_page_at_a_time_within_the_readers_reach() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    many_cases(&app).await;

    let first = page(&app, &f.operator, &[]).await;
    assert_eq!((first.total, first.page, first.pages), (240, 1, 5));
    assert_eq!(first.cases.len(), 50);
    let mut seen = BTreeSet::new();
    for number in 1..=5 {
        let list = page(&app, &f.operator, &[("page", &number.to_string())]).await;
        assert_eq!(list.page, number);
        assert_eq!(list.cases.len(), if number < 5 { 50 } else { 40 });
        seen.extend(ids(&list));
    }
    assert_eq!(seen.len(), 240, "the pages together hold every case once");

    let past = page(&app, &f.operator, &[("page", "99")]).await;
    assert_eq!(past.page, 5, "a page past the end shows the last one");
    assert_eq!(past.cases.len(), 40);
    let before = page(&app, &f.operator, &[("page", "-3")]).await;
    assert_eq!((before.page, ids(&before)), (1, ids(&first)));

    let nanai = page(&app, &f.operator, &[("municipality", NANAI), ("page", "3")]).await;
    assert_eq!((nanai.total, nanai.pages, nanai.cases.len()), (120, 3, 20));
    assert!(nanai.cases.iter().all(|c| c.municipality == NANAI));
    let confirmed = page(&app, &f.operator, &[("state", "profile_confirmed")]).await;
    assert_eq!(
        (confirmed.total, confirmed.pages, confirmed.cases.len()),
        (0, 1, 0)
    );

    // A coordinator counts and pages through their municipality only, whatever the address asks.
    let coordinator = page(&app, &f.coordinator, &[("page", "2")]).await;
    assert_eq!((coordinator.total, coordinator.pages), (120, 3));
    assert!(coordinator.cases.iter().all(|c| c.municipality == NANAI));
    let curator = page(&app, &f.curator, &[]).await;
    assert_eq!(
        (curator.total, curator.cases.len()),
        (0, 0),
        "no case is assigned to the curator"
    );
}
