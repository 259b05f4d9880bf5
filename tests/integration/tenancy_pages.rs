use crate::helpers::spawn_app;

const DEMO_REGIONS: [&str; 5] = [
    "Хабаровский край",
    "Рязанская область",
    "Кемеровская область — Кузбасс",
    "Оренбургская область",
    "Новосибирская область",
];

#[tokio::test]
async fn the_landing_page_lists_every_demo_region_with_a_link() {
    let app = spawn_app().await;
    let (status, body) = app.get_text("/").await;
    assert_eq!(status, 200);
    assert!(body.contains("<html lang=\"ru\""));
    for name in DEMO_REGIONS {
        assert!(body.contains(name), "landing page misses {name}");
    }
    for slug in ["khabarovsk", "ryazan", "kuzbass", "orenburg", "novosibirsk"] {
        assert!(
            body.contains(&format!("href=\"/r/{slug}\"")),
            "no link to /r/{slug}"
        );
    }
}

#[tokio::test]
async fn an_inactive_region_is_not_listed_and_its_page_is_not_found() {
    let app = spawn_app().await;
    sqlx::query("update tenants set active = false where slug = 'orenburg'")
        .execute(&app.owner)
        .await
        .unwrap();
    let (_, body) = app.get_text("/").await;
    assert!(!body.contains("Оренбургская область"));
    let (status, _) = app.get_text("/r/orenburg").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_kuzbass_page_lists_the_seven_leninsk_kuznetsky_schools_of_seed_004() {
    let app = spawn_app().await;
    let (status, body) = app.get_text("/r/kuzbass").await;
    assert_eq!(status, 200);
    assert!(body.contains("Ленинск-Кузнецкий муниципальный округ"));
    for school in [
        "Краснинская СОШ",
        "Ариничевская СОШ",
        "Демьяновская СОШ",
        "Панфиловская СОШ",
        "Подгорновская СОШ",
        "Свердловская ООШ",
        "Мирновская ООШ",
    ] {
        assert!(body.contains(school), "missing {school}");
    }
    assert!(body.contains("ШНОР"), "the region's own status label is shown");
}

#[tokio::test]
async fn a_region_page_shows_only_that_regions_schools() {
    let app = spawn_app().await;
    let (_, khabarovsk) = app.get_text("/r/khabarovsk").await;
    assert!(khabarovsk.contains("Нанайский муниципальный район"));
    assert!(
        !khabarovsk.contains("Краснинская СОШ"),
        "a Kuzbass school leaked into Khabarovsk"
    );
    assert!(!khabarovsk.contains("Ленинск-Кузнецкий"));
}

#[tokio::test]
async fn an_unknown_region_gets_a_russian_404_page() {
    let app = spawn_app().await;
    let (status, body) = app.get_text("/r/atlantida").await;
    assert_eq!(status, 404);
    assert!(body.contains("Регион не найден"), "{body}");
}

#[tokio::test]
async fn an_unknown_path_gets_a_russian_404_page() {
    let app = spawn_app().await;
    let (status, body) = app.get_text("/no/such/page").await;
    assert_eq!(status, 404);
    assert!(body.contains("Страница не найдена"), "{body}");
}

#[tokio::test]
async fn demo_seeding_twice_changes_nothing() {
    let app = spawn_app().await;
    let count = |table: &'static str| {
        let owner = app.owner.clone();
        async move {
            sqlx::query_scalar::<_, i64>(&format!("select count(*) from {table}"))
                .fetch_one(&owner)
                .await
                .unwrap()
        }
    };
    let before = (
        count("tenants").await,
        count("municipalities").await,
        count("schools").await,
    );
    server::seed::seed_demo(&app.owner).await.expect("second seeding");
    let after = (
        count("tenants").await,
        count("municipalities").await,
        count("schools").await,
    );
    assert_eq!(before, after);
    assert_eq!(before.0, 5);
}
