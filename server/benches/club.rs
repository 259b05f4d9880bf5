//! Club load data (issue 14): a thread of 5,000 posts and 100,000 posts to search, written
//! straight into the database, and a signed-in member. Run by `scripts/bench-club.sh`, which
//! starts the release server and then loads it with `wrk`; arguments: the server's address,
//! the folder of its database socket, and the folder to write what wrk needs (the cookie, the
//! thread's path and page count, the search path and queries).

use std::path::PathBuf;
use std::time::Instant;

use app::club::{SearchClub, PER_PAGE};
use leptos::server_fn::ServerFn;
use uuid::Uuid;

mod common;

const PASSWORD: &str = "Нагрузка-клуба-2026";
const CLUB: &str = "leadership-sib-dv";
const THREAD_POSTS: i32 = 5_000;
const SEARCH_POSTS: i32 = 100_000;

/// Sentences that the generated posts are made of, so that search has real Russian to stem.
const SENTENCES: [&str; 16] = [
    "Наша школа перешла на наставничество для молодых учителей.",
    "Франчайзинг успешных практик помогает сельским школам.",
    "Методический день проводим в формате мастерских.",
    "Сбалансированная система показателей связала цели школы и бюджет.",
    "Кайдзен-доска в учительской собирает предложения коллектива.",
    "Горизонтальный рост: учитель ведёт проект вместо повышения в должности.",
    "Управление изменениями начинается с команды изменений.",
    "Корпоративное обучение строим вокруг реальных задач школы.",
    "Agile-спринты по две недели для подготовки к аттестации.",
    "Родители участвуют в управляющем совете и оценивают изменения.",
    "Директор обсуждает с заместителями показатели качества образования.",
    "Педагогический совет принял решение о переходе на новую модель.",
    "Сетевое взаимодействие школ района экономит ресурсы.",
    "Мы тиражировали модель медиацентра в три школы.",
    "Оценка эффективности проектов проводится каждый триместр.",
    "Молодые специалисты остаются в школе благодаря наставникам.",
];

const QUERIES: [&str; 8] = [
    "школы",
    "франчайзинга",
    "наставничество",
    "кайдзен",
    "показатели качества",
    "управление изменениями",
    "методический день",
    "сетевое взаимодействие",
];

/// A member (a Khabarovsk director), signed in; returns the cookie header.
async fn member(base: &str, db: &sqlx::PgPool, client: &reqwest::Client) -> (Uuid, String) {
    let hash = app::accounts::password::hash(PASSWORD);
    let user: Uuid = sqlx::query_scalar(
        "with u as (insert into users (email, password_hash, full_name, email_confirmed_at)
                    values ('club-load@bench.ru', $1, 'Нагрузочный Директор', now()) returning id),
              m as (insert into memberships (tenant_id, user_id, position)
                    select t.id, u.id, 'director' from tenants t, u where t.slug = 'khabarovsk'
                    returning tenant_id, user_id)
         insert into role_grants (tenant_id, user_id, role) select tenant_id, user_id, 'director' from m
         returning user_id",
    )
    .bind(&hash)
    .fetch_one(db)
    .await
    .expect("member");
    let cookie = common::sign_in(client, base, "club-load@bench.ru", PASSWORD).await;
    (user, cookie)
}

/// `threads` threads of `posts` posts each, written straight into the tables (as the owner),
/// with the same rendering and search vector as posts written through the server.
async fn generate(db: &sqlx::PgPool, author: Uuid, threads: i32, posts: i32) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for t in 0..threads {
        let id: Uuid = sqlx::query_scalar(
            "insert into club_threads (club_id, section_id, author_id, title, posts_count)
             select c.id, s.id, $2, format('Нагрузочная тема %s', $1::int), $3
             from clubs c join club_sections s on s.club_id = c.id
             where c.slug = $4 order by s.position offset ($1 % 2) limit 1 returning id",
        )
        .bind(t)
        .bind(author)
        .bind(posts)
        .bind(CLUB)
        .fetch_one(db)
        .await
        .expect("thread");
        sqlx::query(
            "with c as (select id from clubs where slug = $5),
                  b as (select n, $4[1 + (n * 7 + $6) % 16] || ' ' || $4[1 + (n * 13 + $6 * 3) % 16] || ' Сообщение ' || n as body
                        from generate_series(1, $3) n)
             insert into club_posts (club_id, thread_id, number, author_id, body, html, created_at, search)
             select c.id, $1, b.n, $2, b.body, '<p>' || b.body || '</p>', now() - ($3 - b.n) * interval '1 minute',
                    setweight(to_tsvector('russian', b.body), 'B')
             from c, b",
        )
        .bind(id)
        .bind(author)
        .bind(posts)
        .bind(SENTENCES.to_vec())
        .bind(CLUB)
        .bind(t)
        .execute(db)
        .await
        .expect("posts");
        ids.push(id);
    }
    sqlx::query("analyze club_posts")
        .execute(db)
        .await
        .expect("analyze");
    ids
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let (base, socket, out) = (args[0].clone(), args[1].clone(), PathBuf::from(&args[2]));
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(async move {
            let db = common::owner_pool(&socket, 4).await;
            let client = reqwest::Client::new();
            let (user, cookie) = member(&base, &db, &client).await;
            let started = Instant::now();
            let long = generate(&db, user, 1, THREAD_POSTS).await[0];
            generate(&db, user, SEARCH_POSTS / 200 - 1, 200).await;
            println!(
                "generated {} posts in {:.0} s",
                THREAD_POSTS + SEARCH_POSTS - 200,
                started.elapsed().as_secs_f64()
            );
            let pages = (THREAD_POSTS + PER_PAGE - 1) / PER_PAGE;
            let write = |name: &str, text: String| std::fs::write(out.join(name), text).expect("write");
            write("cookie", cookie);
            write("thread", format!("/club/{CLUB}/t/{long}\n{pages}\n"));
            write("search", format!("{}\n{CLUB}\n", <SearchClub as ServerFn>::PATH));
            write("queries", QUERIES.join("\n") + "\n");
        });
}
