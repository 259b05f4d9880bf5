//! The case list of a region with many cases: read a page at a time, within the reader's reach
//! and the filters.

use std::collections::BTreeSet;

use app::support::{AssignCurator, CaseList, CaseState, GetCases};

use crate::certificates::json;
use crate::helpers::{spawn_app, user_id, TestApp};
use crate::support::{curated_case, fixture, teacher_at, NANAI, SLUG};

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

/// The cases of the list named like `part`: (state, curator).
fn shown(list: &CaseList, part: &str) -> Vec<(CaseState, Option<String>)> {
    list.cases
        .iter()
        .filter(|c| c.school.contains(part))
        .map(|c| (c.state, c.curator.clone()))
        .collect()
}

/// The list is kept per reader under the region's data version; whatever it shows that changes
/// (a case, a curator's name, a team) shows on the next view.
#[tokio::test]
async fn a_kept_case_list_shows_every_change_on_the_next_view() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let case = curated_case(&app, &f).await;
    let kept = page(&app, &f.operator, &[]).await;
    let curator = "Куратор Фикстуры".to_string();
    sqlx::query("update users set full_name = $1 where email = 'curator@support.ru'")
        .bind(&curator)
        .execute(&app.owner)
        .await
        .unwrap();
    assert_ne!(
        shown(&kept, "Троицкое"),
        [(CaseState::Opened, Some(curator.clone()))]
    );
    let renamed = page(&app, &f.operator, &[]).await;
    assert_eq!(
        shown(&renamed, "Троицкое"),
        [(CaseState::Opened, Some(curator.clone()))]
    );
    assert_eq!(page(&app, &f.operator, &[]).await, renamed, "kept as it was read");

    let reassigned = app
        .call::<AssignCurator>(
            &[
                ("slug", SLUG),
                ("case", &case),
                ("curator", &user_id(&app, "curator2@support.ru").await.to_string()),
            ],
            &f.operator,
        )
        .await;
    assert_eq!(reassigned.status(), 200);
    let moved = page(&app, &f.operator, &[]).await;
    assert_ne!(shown(&moved, "Троицкое"), shown(&renamed, "Троицкое"));
    assert_eq!(
        page(&app, &f.curator, &[]).await.total,
        0,
        "no longer the first curator's"
    );

    // A teacher on one school's team sees that case; put on another team, both.
    let teacher = teacher_at(&app, "kept@support.ru", "27-0201").await;
    on_team(&app, "kept@support.ru", "Троицкое").await;
    assert_eq!(page(&app, &teacher, &[]).await.total, 1);
    let listed = page(&app, &f.operator, &[]).await.cases;
    let other = listed.iter().find(|c| !c.school.contains("Троицкое")).unwrap();
    on_team(&app, "kept@support.ru", &other.school).await;
    assert_eq!(page(&app, &teacher, &[]).await.total, 2);
}

/// Puts the person on the team of the case of the school named like `school`, as the owner.
async fn on_team(app: &TestApp, email: &str, school: &str) {
    sqlx::query(
        "insert into support_team (tenant_id, case_id, user_id, added_by)
         select c.tenant_id, c.id, u.id, u.id from support_cases c join schools s on s.id = c.school_id, users u
         where strpos(s.name, $1) > 0 and u.email = $2",
    )
    .bind(school)
    .bind(email)
    .execute(&app.owner)
    .await
    .unwrap();
}
