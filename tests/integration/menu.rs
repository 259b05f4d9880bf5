//! The header's menu: who is signed in and the pages their roles open, in the page's region only
//! if they belong to it, never another region's links, and nothing for a visitor.

use app::menu::{GetMenu, Menu};
use serde::de::DeserializeOwned;

use crate::helpers::{signed_in, spawn_app, TestApp};

async fn json<T: DeserializeOwned>(response: reqwest::Response) -> T {
    let status = response.status();
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status}: {e}: {text}"))
}

async fn menu(app: &TestApp, path: &str, cookies: &str) -> Option<Menu> {
    json(app.call::<GetMenu>(&[("path", path)], cookies).await).await
}

fn hrefs(menu: &Menu) -> Vec<&str> {
    menu.links.iter().map(|link| link.href.as_str()).collect()
}

#[tokio::test]
async fn the_menu_names_the_person_and_what_their_roles_open() {
    let app = spawn_app().await;
    assert_eq!(
        menu(&app, "/r/khabarovsk/cabinet", "").await,
        None,
        "a visitor has no menu"
    );

    let teacher = signed_in(&app, "khabarovsk", "menu-teacher@example.ru", "teacher", None).await;
    let mine = menu(&app, "/r/khabarovsk/cabinet", &teacher)
        .await
        .expect("a teacher's menu");
    assert_eq!(mine.full_name, "Проверяющий Пользователь");
    assert_eq!(mine.region.as_deref(), Some("Хабаровский край"));
    assert_eq!(hrefs(&mine), ["/r/khabarovsk/cabinet"]);

    let operator = signed_in(
        &app,
        "khabarovsk",
        "menu-operator@example.ru",
        "regional_operator",
        None,
    )
    .await;
    let theirs = menu(&app, "/r/khabarovsk/admin/people", &operator)
        .await
        .expect("an operator's menu");
    for href in [
        "/r/khabarovsk/admin/identification",
        "/r/khabarovsk/admin/people",
        "/r/khabarovsk/confirmations",
    ] {
        assert!(hrefs(&theirs).contains(&href), "{href} in {:?}", hrefs(&theirs));
    }
    assert!(
        !hrefs(&theirs).contains(&"/admin"),
        "not a platform administrator"
    );
}

#[tokio::test]
async fn another_regions_page_shows_only_the_persons_own_region() {
    let app = spawn_app().await;
    let operator = signed_in(
        &app,
        "khabarovsk",
        "menu-khv@example.ru",
        "regional_operator",
        None,
    )
    .await;
    for path in ["/r/kuzbass/cabinet", "/club", "/verify/27-2026-000001"] {
        let menu = menu(&app, path, &operator).await.expect("the operator's menu");
        assert_eq!(menu.region.as_deref(), Some("Хабаровский край"), "{path}");
        assert!(
            hrefs(&menu).iter().all(|href| !href.starts_with("/r/kuzbass")),
            "{path}: {:?}",
            hrefs(&menu)
        );
        assert!(
            hrefs(&menu).contains(&"/r/khabarovsk/admin/identification"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_platform_administrator_gets_the_administration_link() {
    let app = spawn_app().await;
    let cookies = signed_in(&app, "orenburg", "menu-admin@example.ru", "teacher", None).await;
    let before = menu(&app, "/admin", &cookies).await.expect("menu");
    assert!(!hrefs(&before).contains(&"/admin"));
    sqlx::query(
        "insert into platform_admins (user_id) select id from users where email = 'menu-admin@example.ru'",
    )
    .execute(&app.owner)
    .await
    .unwrap();
    let after = menu(&app, "/admin", &cookies).await.expect("menu");
    assert!(hrefs(&after).contains(&"/admin"), "{:?}", hrefs(&after));
    assert_eq!(after.region.as_deref(), Some("Оренбургская область"));
}
