//! Club search: word forms, ranking, highlighting, filters, and answers shared by members
//! that follow the club's changes.

use app::club::*;
use serde_json::Value;

use crate::club::{call, people, DEMO};
use crate::helpers::{spawn_app, TestApp};

async fn search(app: &TestApp, cookies: &str, q: &str) -> Vec<Value> {
    let (status, hits) = call::<SearchClub>(
        app,
        &[("club", DEMO), ("q", q), ("solved_only", "false")],
        cookies,
    )
    .await;
    assert_eq!(status, 200, "{hits}");
    hits.as_array().unwrap().clone()
}

#[tokio::test]
async fn search_finds_word_forms_ranks_and_highlights() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let new = |title: &'static str, body: &'static str| {
        let cookies = p.khabarovsk.clone();
        let app = &app;
        async move {
            let (status, id) = call::<CreateClubThread>(
                app,
                &[
                    ("club", DEMO),
                    ("section", "corporate-learning"),
                    ("title", title),
                    ("body", body),
                ],
                &cookies,
            )
            .await;
            assert_eq!(status, 200, "{id}");
            id.as_str().unwrap().to_string()
        }
    };
    let school = new(
        "Опорная площадка",
        "Наша школа открыла опорную площадку для района.",
    )
    .await;
    let franchise = new("Тиражирование", "Модель франчайзинг для сельских филиалов.").await;
    let hits = search(&app, &p.novosibirsk, "школы").await;
    assert!(
        hits.iter().any(|h| h["thread_id"] == school.as_str()),
        "«школы» finds «школа»"
    );
    let hits = search(&app, &p.novosibirsk, "франчайзинга").await;
    assert!(
        hits.iter().any(|h| h["thread_id"] == franchise.as_str()),
        "«франчайзинга» finds «франчайзинг»"
    );
    assert!(
        hits.iter()
            .any(|h| h["snippet"].as_str().unwrap().contains("<b>франчайзинг</b>")),
        "{hits:?}"
    );
    // Ranking: the thread about kaizen in its title and body outranks a passing mention.
    let passing = new(
        "Разное",
        "Между делом: кайдзен упоминали на совещании, но обсуждали другое расписание уроков и питание.",
    )
    .await;
    let focused = new(
        "Кайдзен в школе",
        "Кайдзен: маленькие улучшения каждый день. Кайдзен-доска в учительской.",
    )
    .await;
    let hits = search(&app, &p.novosibirsk, "кайдзен").await;
    let rank = |id: &str| hits.iter().position(|h| h["thread_id"] == id).unwrap();
    assert!(rank(&focused) < rank(&passing), "{hits:?}");
    // Filters: by section and «с решением».
    let (_, hits) = call::<SearchClub>(
        &app,
        &[
            ("club", DEMO),
            ("q", "кайдзен"),
            ("section", "franchising"),
            ("solved_only", "false"),
        ],
        &p.novosibirsk,
    )
    .await;
    assert!(hits.as_array().unwrap().is_empty());
    let (_, hits) = call::<SearchClub>(
        &app,
        &[("club", DEMO), ("q", "практика"), ("solved_only", "true")],
        &p.novosibirsk,
    )
    .await;
    assert!(hits.as_array().unwrap().iter().all(|h| h["solved"] == true));
    // Markup in a post never reaches the snippet as markup.
    new("Проверка", "<img src=x onerror=alert(1)> школа").await;
    for hit in search(&app, &p.novosibirsk, "школа").await {
        let snippet = hit["snippet"].as_str().unwrap();
        assert!(!snippet.contains("<img"), "{snippet}");
    }
}

/// Search answers are shared by members asking the same words, and a new post, an edit or a
/// hidden thread shows in the next answer at once.
#[tokio::test]
async fn search_answers_follow_new_edited_and_hidden_posts() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let word = "ресурсосбережение";
    assert!(search(&app, &p.novosibirsk, word).await.is_empty());
    let (status, thread) = call::<CreateClubThread>(
        &app,
        &[
            ("club", DEMO),
            ("section", "corporate-learning"),
            ("title", "Энергетика здания"),
            ("body", "Ресурсосбережение в школе: счётчики и датчики."),
        ],
        &p.khabarovsk,
    )
    .await;
    assert_eq!(status, 200, "{thread}");
    let thread = thread.as_str().unwrap().to_string();
    let hits = search(&app, &p.novosibirsk, word).await;
    assert_eq!(hits.len(), 1, "a new thread after an empty answer: {hits:?}");
    assert_eq!(
        search(&app, &p.moderator, word).await,
        hits,
        "another member, the same answer"
    );
    // An edit changes the snippet.
    let (_, page) = call::<GetClubThread>(
        &app,
        &[("club", DEMO), ("thread", thread.as_str())],
        &p.khabarovsk,
    )
    .await;
    let post = page["posts"][0]["id"].as_str().unwrap().to_string();
    let edit = [
        ("club", DEMO),
        ("post", post.as_str()),
        ("body", "Ресурсосбережение и солнечные панели на крыше."),
    ];
    assert_eq!(call::<EditClubPost>(&app, &edit, &p.khabarovsk).await.0, 200);
    let hits = search(&app, &p.novosibirsk, word).await;
    assert!(
        hits[0]["snippet"].as_str().unwrap().contains("панели"),
        "{hits:?}"
    );
    // A reply adds a hit; a hidden thread takes all its hits away.
    let reply = [
        ("club", DEMO),
        ("thread", thread.as_str()),
        ("body", "У нас ресурсосбережение дало экономию."),
    ];
    assert_eq!(call::<ReplyClubThread>(&app, &reply, &p.novosibirsk).await.0, 200);
    assert_eq!(search(&app, &p.novosibirsk, word).await.len(), 2);
    let hide = [
        ("club", DEMO),
        ("thread", thread.as_str()),
        ("action", "hide"),
        ("reason", "Дубль темы"),
    ];
    assert_eq!(call::<ModerateClubThread>(&app, &hide, &p.moderator).await.0, 200);
    assert!(search(&app, &p.novosibirsk, word).await.is_empty());
}
