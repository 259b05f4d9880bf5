//! Autosave load: 1,000 test-takers answering every 5 s with bursts, then open-loop rates to
//! find the ceiling, then a count of the stored answers against what the server acknowledged.
//! Run by `scripts/bench-diagnostics.sh`, which starts the release server; arguments: the
//! server's address and the folder of its database socket.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::diagnostics::{Answer, SaveAnswer, StartAttempt};
use leptos::server_fn::ServerFn;
use uuid::Uuid;

const PEOPLE: usize = 1000;
mod common;

const PASSWORD: &str = "Нагрузка-автосохранения-2026";

/// One simulated person: their session, attempt, items and next sequence number.
struct Taker {
    cookie: String,
    attempt: String,
    items: Vec<String>,
    seq: i64,
}

/// The highest sequence number the server accepted for each (attempt, item).
type Acknowledged = Arc<Mutex<HashMap<(String, String), i64>>>;

struct Load {
    client: reqwest::Client,
    url: String,
    origin: String,
    acknowledged: Acknowledged,
}

impl Load {
    /// One autosave; returns its latency, or None on any error.
    async fn save(&self, cookie: &str, attempt: &str, item: &str, seq: i64) -> Option<Duration> {
        let started = Instant::now();
        let body = serde_json::json!({
            "slug": "khabarovsk", "attempt": attempt, "item": item, "seq": seq,
            "answer": Answer::Options { chosen: vec![(seq % 4) as usize] },
        });
        let response = self
            .client
            .post(&self.url)
            .header("origin", &self.origin)
            .header("cookie", cookie)
            .json(&body)
            .send()
            .await
            .ok()?;
        let ok = response.status().is_success();
        let _ = response.bytes().await.ok()?;
        let elapsed = started.elapsed();
        if !ok {
            return None;
        }
        let mut acknowledged = self.acknowledged.lock().expect("not poisoned");
        let entry = acknowledged
            .entry((attempt.to_string(), item.to_string()))
            .or_insert(0);
        *entry = (*entry).max(seq);
        Some(elapsed)
    }
}

/// CPU seconds used so far by this process (the load generator) and by the whole machine.
fn cpu_seconds() -> (f64, f64) {
    let ticks = 100.0;
    let own = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            // After the command name: state, ppid, …; utime and stime are the 12th and 13th.
            let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
            let ticks_of = |n: usize| fields.get(n).and_then(|f| f.parse::<f64>().ok());
            Some((ticks_of(11)? + ticks_of(12)?) / ticks)
        })
        .unwrap_or(f64::NAN);
    let machine = std::fs::read_to_string("/proc/stat")
        .ok()
        .and_then(|stat| {
            let fields: Vec<f64> = stat
                .lines()
                .next()?
                .split_whitespace()
                .skip(1)
                .filter_map(|f| f.parse().ok())
                .collect();
            let idle = fields.get(3)? + fields.get(4)?;
            Some((fields.iter().sum::<f64>() - idle) / ticks)
        })
        .unwrap_or(f64::NAN);
    (own, machine)
}

struct Report {
    cpu: (f64, f64),
    sent: usize,
    errors: usize,
    latencies: Vec<Duration>,
    wall: Duration,
}

impl Report {
    fn print(&mut self, label: &str) {
        self.latencies.sort_unstable();
        println!(
            "{label:<48} sent {:>6}  ok/s {:>5.0}  p50 {:>6.1} ms  p99 {:>6.1} ms  max {:>7.1} ms  errors {}  \
             CPU: generator {:>3.0} %, machine {:>3.0} % (of 2 cores)",
            self.sent,
            self.latencies.len() as f64 / self.wall.as_secs_f64(),
            common::percentile(&self.latencies, 0.50),
            common::percentile(&self.latencies, 0.99),
            self.latencies.last().map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0),
            self.errors,
            self.cpu.0 * 100.0,
            self.cpu.1 * 100.0,
        );
    }
}

/// Waits for the load tasks; CPU use is averaged over the wall time since `cpu_start`.
async fn collect(
    tasks: Vec<tokio::task::JoinHandle<Vec<Option<Duration>>>>,
    wall: Duration,
    cpu_start: ((f64, f64), Instant),
) -> Report {
    let mut report = Report {
        cpu: (0.0, 0.0),
        sent: 0,
        errors: 0,
        latencies: Vec::new(),
        wall,
    };
    for task in tasks {
        for outcome in task.await.expect("load task") {
            report.sent += 1;
            match outcome {
                Some(latency) => report.latencies.push(latency),
                None => report.errors += 1,
            }
        }
    }
    let ((own, machine), started) = cpu_start;
    let (own_now, machine_now) = cpu_seconds();
    let elapsed = started.elapsed().as_secs_f64();
    report.cpu = ((own_now - own) / elapsed, (machine_now - machine) / elapsed);
    report
}

/// Every person saves an answer every 5 s (starting at a moment of their own), and at the given
/// seconds everyone saves within `spread` (people react to the same moment within a second;
/// a zero spread is the worst case of all in the same instant).
async fn steady_with_bursts(
    load: Arc<Load>,
    takers: &mut [Taker],
    seconds: u64,
    bursts: &[u64],
    spread: Duration,
) -> Report {
    let started = Instant::now();
    let cpu_start = (cpu_seconds(), started);
    let mut tasks = Vec::new();
    for (n, taker) in takers.iter_mut().enumerate() {
        let load = load.clone();
        let (cookie, attempt, items) = (taker.cookie.clone(), taker.attempt.clone(), taker.items.clone());
        let first_seq = taker.seq;
        let bursts = bursts.to_vec();
        let saves = seconds / 5 + bursts.len() as u64;
        taker.seq += saves as i64 + 1;
        tasks.push(tokio::spawn(async move {
            let offset = Duration::from_millis((n as u64 * 4999) % 5000);
            let mut moments: Vec<Duration> = (0..seconds / 5)
                .map(|k| offset + Duration::from_secs(5 * k))
                .collect();
            let jitter = spread.mul_f64(n as f64 / PEOPLE as f64);
            moments.extend(bursts.iter().map(|s| Duration::from_secs(*s) + jitter));
            moments.sort();
            let mut out = Vec::new();
            for (k, moment) in moments.into_iter().enumerate() {
                tokio::time::sleep_until((started + moment).into()).await;
                let seq = first_seq + k as i64;
                let item = &items[seq as usize % items.len()];
                out.push(load.save(&cookie, &attempt, item, seq).await);
            }
            out
        }));
    }
    collect(tasks, Duration::from_secs(seconds), cpu_start).await
}

/// An open-loop rate: requests start on schedule whatever the latency of earlier ones.
async fn open_loop(load: Arc<Load>, takers: &mut [Taker], rate: usize, seconds: u64) -> Report {
    let total = rate * seconds as usize;
    let started = Instant::now();
    let cpu_start = (cpu_seconds(), started);
    let mut tasks = Vec::with_capacity(total / 50 + 1);
    // Requests are started in 1 ms slices, each slice by one task.
    let per_ms = rate as f64 / 1000.0;
    let mut planned = 0usize;
    let mut slice = 0u64;
    while planned < total {
        slice += 1;
        let due = ((slice as f64 * per_ms).round() as usize).min(total);
        let batch: Vec<(String, String, String, i64)> = (planned..due)
            .map(|n| {
                let taker = &mut takers[n % takers.len()];
                taker.seq += 1;
                let item = taker.items[taker.seq as usize % taker.items.len()].clone();
                (taker.cookie.clone(), taker.attempt.clone(), item, taker.seq)
            })
            .collect();
        planned = due;
        if batch.is_empty() {
            continue;
        }
        let load = load.clone();
        let at = started + Duration::from_millis(slice);
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(at.into()).await;
            let mut requests = tokio::task::JoinSet::new();
            for (cookie, attempt, item, seq) in batch {
                let load = load.clone();
                requests.spawn(async move { load.save(&cookie, &attempt, &item, seq).await });
            }
            requests.join_all().await
        }));
    }
    let report = collect(tasks, Duration::ZERO, cpu_start).await;
    Report {
        wall: started.elapsed(),
        ..report
    }
}

async fn prepare(base: &str, db: &sqlx::PgPool, client: &reqwest::Client) -> Vec<Taker> {
    let hash = app::accounts::password::hash(PASSWORD);
    sqlx::query(
        "with t as (select id from tenants where slug = 'khabarovsk'),
              s as (select id, municipality_id from schools where tenant_id = (select id from t) order by code limit 1),
              u as (insert into users (email, password_hash, full_name, email_confirmed_at)
                    select format('load%s@bench.ru', n), $1, format('Нагрузочный Педагог %s', n), now()
                    from generate_series(1, $2) n returning id),
              m as (insert into memberships (tenant_id, user_id, position, school_id, municipality_id)
                    select (select id from t), u.id, 'teacher', (select id from s), (select municipality_id from s) from u
                    returning tenant_id, user_id)
         insert into role_grants (tenant_id, user_id, role) select tenant_id, user_id, 'teacher' from m",
    )
    .bind(&hash)
    .bind(PEOPLE as i32)
    .execute(db)
    .await
    .expect("test-takers");
    let instrument: Uuid = sqlx::query_scalar(
        "select i.id from instruments i join tenants t on t.id = i.tenant_id
         where t.slug = 'khabarovsk' and i.title like 'Диагностика профессиональных%'",
    )
    .fetch_one(db)
    .await
    .expect("the demo teacher instrument");
    let start_url = format!("{base}{}", <StartAttempt as ServerFn>::PATH);
    let started = Instant::now();
    let mut takers = Vec::with_capacity(PEOPLE);
    let semaphore = Arc::new(tokio::sync::Semaphore::new(8));
    let mut tasks = Vec::new();
    for n in 1..=PEOPLE {
        let (client, start_url, base) = (client.clone(), start_url.clone(), base.to_string());
        let semaphore = semaphore.clone();
        tasks.push(tokio::spawn(async move {
            let _permit = semaphore.acquire().await.expect("open semaphore");
            let email = format!("load{n}@bench.ru");
            let cookie = common::sign_in(&client, &base, &email, PASSWORD).await;
            let attempt: String = client
                .post(&start_url)
                .header("origin", &base)
                .header("accept", "application/json")
                .header("cookie", &cookie)
                .form(&[
                    ("slug", "khabarovsk"),
                    ("instrument", instrument.to_string().as_str()),
                ])
                .send()
                .await
                .expect("start")
                .json()
                .await
                .expect("attempt id");
            (cookie, attempt)
        }));
    }
    for task in tasks {
        let (cookie, attempt) = task.await.expect("set-up task");
        takers.push(Taker {
            cookie,
            attempt,
            items: Vec::new(),
            seq: 1,
        });
    }
    let items: HashMap<String, Vec<String>> =
        sqlx::query_as::<_, (Uuid, Vec<Uuid>)>("select id, item_ids from attempts")
            .fetch_all(db)
            .await
            .expect("attempt items")
            .into_iter()
            .map(|(id, items)| (id.to_string(), items.iter().map(Uuid::to_string).collect()))
            .collect();
    for taker in &mut takers {
        taker.items = items[&taker.attempt].clone();
    }
    println!(
        "set-up: {PEOPLE} people signed in with an attempt each in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    takers
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let (Some(base), Some(socket)) = (args.next(), args.next()) else {
        eprintln!(
            "usage: autosave <server address> <database socket folder> (see scripts/bench-diagnostics.sh)"
        );
        return;
    };
    let rates: Vec<usize> = args.filter_map(|a| a.parse().ok()).collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let db = common::owner_pool(&socket, 2).await;
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(2048)
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client");
        let mut takers = prepare(&base, &db, &client).await;
        let load = Arc::new(Load {
            client,
            url: format!("{base}{}", <SaveAnswer as ServerFn>::PATH),
            origin: base.clone(),
            acknowledged: Arc::default(),
        });

        if std::env::var("BENCH_STEADY").as_deref() != Ok("0") {
            steady_with_bursts(load.clone(), &mut takers, 60, &[20, 40], Duration::from_secs(1))
                .await
                .print("1,000 people every 5 s + 2 bursts (all in 1 s)");
            steady_with_bursts(load.clone(), &mut takers, 20, &[10], Duration::ZERO)
                .await
                .print("1,000 people every 5 s + all at one instant");
        }
        let rates = if rates.is_empty() { vec![1000, 2000, 3000, 4000, 5000, 6000] } else { rates };
        for rate in rates {
            open_loop(load.clone(), &mut takers, rate, 10)
                .await
                .print(&format!("open loop {rate}/s for 10 s"));
        }

        let stored: HashMap<(String, String), i64> =
            sqlx::query_as::<_, (Uuid, Uuid, i64)>("select attempt_id, item_id, seq from attempt_answers")
                .fetch_all(&db)
                .await
                .expect("stored answers")
                .into_iter()
                .map(|(a, i, s)| ((a.to_string(), i.to_string()), s))
                .collect();
        let acknowledged = load.acknowledged.lock().expect("not poisoned").clone();
        let lost = acknowledged
            .iter()
            .filter(|(key, seq)| stored.get(*key).is_none_or(|s| s < seq))
            .count();
        println!(
            "acknowledged (attempt, item) answers: {}; stored rows: {}; lost or older than acknowledged: {lost}",
            acknowledged.len(),
            stored.len()
        );
    });
}
