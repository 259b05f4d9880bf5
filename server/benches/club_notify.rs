//! Posting under subscribers (issue 14): replies written through the club's server function
//! while 500 members follow the section (a third each at once, daily and weekly), so every post
//! is fanned out to 500 notifications in its own transaction and the mail job runs beside.
//! Run by `scripts/bench-club-notify.sh`, which starts the release server; arguments: the
//! server's address and the folder of its database socket.

use std::time::{Duration, Instant};

use app::club::{CreateClubThread, ReplyClubThread};
use leptos::server_fn::ServerFn;

mod common;

const PASSWORD: &str = "Нагрузка-уведомлений-2026";
const CLUB: &str = "leadership-sib-dv";
const SECTION: &str = "franchising";
const SUBSCRIBERS: i32 = 500;
const CONNECTIONS: usize = 8;
const SECONDS: u64 = 20;

/// The poster (a Khabarovsk director), signed in, and 500 followers of the section.
async fn arrange(base: &str, db: &sqlx::PgPool, client: &reqwest::Client) -> String {
    let hash = app::accounts::password::hash(PASSWORD);
    sqlx::query(
        "with u as (insert into users (email, password_hash, full_name, email_confirmed_at)
                    select format('follower-%s@bench.ru', n), 'x', format('Подписчик%s Нагрузочный', n), now()
                    from generate_series(1, $1) n
                    union all
                    select 'poster@bench.ru', $2, 'Автор Нагрузочный', now() returning id, email),
              m as (insert into memberships (tenant_id, user_id, position)
                    select t.id, u.id, 'director' from tenants t, u where t.slug = 'khabarovsk'
                    returning tenant_id, user_id)
         insert into role_grants (tenant_id, user_id, role) select tenant_id, user_id, 'director' from m",
    )
    .bind(SUBSCRIBERS)
    .bind(&hash)
    .execute(db)
    .await
    .expect("members");
    sqlx::query(
        "insert into club_subscriptions (club_id, user_id, scope, section_id, delivery, token)
         select c.id, u.id, 'section', s.id, (array['immediate', 'daily', 'weekly'])[1 + row_number() over () % 3],
                md5(u.id::text) || md5(random()::text)
         from clubs c join club_sections s on s.club_id = c.id and s.slug = $2, users u
         where c.slug = $1 and u.email like 'follower-%@bench.ru'",
    )
    .bind(CLUB)
    .bind(SECTION)
    .execute(db)
    .await
    .expect("subscriptions");
    common::sign_in(client, base, "poster@bench.ru", PASSWORD).await
}

fn post(
    client: &reqwest::Client,
    base: &str,
    cookie: &str,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::RequestBuilder {
    client
        .post(format!("{base}{path}"))
        .header("origin", base)
        .header("accept", "application/json")
        .header("cookie", cookie)
        .form(form)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let (base, socket) = (args[0].clone(), args[1].clone());
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(async move {
            let db = common::owner_pool(&socket, 2).await;
            let client = reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .expect("client");
            let cookie = arrange(&base, &db, &client).await;
            // One thread per connection: replies to one thread are serialised by its counter.
            let mut threads = Vec::new();
            for n in 0..CONNECTIONS {
                let title = format!("Нагрузочная тема {n}");
                let form = [
                    ("club", CLUB),
                    ("section", SECTION),
                    ("title", &title),
                    ("body", "Вопрос"),
                ];
                let response = post(
                    &client,
                    &base,
                    &cookie,
                    <CreateClubThread as ServerFn>::PATH,
                    &form,
                )
                .send()
                .await
                .expect("thread");
                threads.push(response.json::<String>().await.expect("thread id"));
            }
            let started = Instant::now();
            let end = started + Duration::from_secs(SECONDS);
            let mut tasks = Vec::new();
            for thread in threads {
                let (client, base, cookie) = (client.clone(), base.clone(), cookie.clone());
                tasks.push(tokio::spawn(async move {
                    let (mut latencies, mut errors, mut n) = (Vec::new(), 0usize, 0usize);
                    while Instant::now() < end {
                        let body = format!(
                            "Ответ {n}: опыт франчайзинга школьных практик, @Подписчик{}",
                            n % 500
                        );
                        let form = [
                            ("club", CLUB),
                            ("thread", thread.as_str()),
                            ("body", body.as_str()),
                        ];
                        let sent = Instant::now();
                        let request = post(
                            &client,
                            &base,
                            &cookie,
                            <ReplyClubThread as ServerFn>::PATH,
                            &form,
                        );
                        let ok = match request.send().await {
                            Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                            Err(_) => false,
                        };
                        if ok {
                            latencies.push(sent.elapsed());
                        } else {
                            errors += 1;
                        }
                        n += 1;
                    }
                    (latencies, errors)
                }));
            }
            let (mut latencies, mut errors) = (Vec::new(), 0);
            for task in tasks {
                let (l, e) = task.await.expect("load task");
                latencies.extend(l);
                errors += e;
            }
            latencies.sort_unstable();
            let wall = started.elapsed().as_secs_f64();
            let notifications: i64 = sqlx::query_scalar("select count(*) from club_notifications")
                .fetch_one(&db)
                .await
                .expect("count");
            println!(
                "replies with {SUBSCRIBERS} section followers, {CONNECTIONS} connections: {} posts, {:.0}/s, \
                 p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, errors {errors}, notifications {notifications}",
                latencies.len(),
                latencies.len() as f64 / wall,
                common::percentile(&latencies, 0.50),
                common::percentile(&latencies, 0.99),
                latencies.last().map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0),
            );
        });
}
