//! `/verify/{number}` under load: 50 connections for 20 s, each asking for issued numbers in
//! turn, against the release server that `scripts/bench-certificates.sh` started and filled
//! with a bulk issue. Prints p50 / p90 / p99 / max latency and the rate. Arguments: the
//! server's address and a file of issued numbers, one a line.
//!
//! `render [N]` instead draws N certificates without a server (the bulk issue's CPU part):
//! milliseconds per PDF on one thread and PDFs per second on every core, for profiling
//! (`perf record` on this binary).

use std::sync::Arc;
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 50;
const DURATION: Duration = Duration::from_secs(20);

/// What one connection measured: latencies of the answers with status 200, and failures.
type Measured = (Vec<Duration>, usize);

async fn connection(
    client: reqwest::Client,
    base: String,
    numbers: Arc<Vec<String>>,
    first: usize,
) -> Measured {
    let (mut latencies, mut failures) = (Vec::new(), 0);
    let end = Instant::now() + DURATION;
    let mut next = first;
    while Instant::now() < end {
        let url = format!("{base}/verify/{}", numbers[next % numbers.len()]);
        next += CONNECTIONS;
        let started = Instant::now();
        match client.get(&url).send().await {
            Ok(response) if response.status().is_success() => match response.bytes().await {
                Ok(body) if body.len() > 1000 => latencies.push(started.elapsed()),
                _ => failures += 1,
            },
            _ => failures += 1,
        }
    }
    (latencies, failures)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Draws `count` certificates on one thread, then on every core, and prints the rates.
fn render(count: usize) {
    use app::certificates::{pdf, text::Facts};
    let sheet = |n: usize| {
        let number = format!("27-2026-{n:06}");
        let facts = Facts {
            full_name: format!("Сертификатова Анна Бенчевна {n}"),
            programme: "Формирующее оценивание на уроке".into(),
            hours: 72,
            dates: "20.11.2026".into(),
            competencies: "Формирующее и критериальное оценивание".into(),
        };
        let url = format!("https://rost.example.ru/verify/{number}");
        let bytes = pdf::render(&pdf::Sheet {
            number: &number,
            facts: &facts,
            title: "СЕРТИФИКАТ",
            body: app::i18n::ru::CERTIFICATE_DEFAULT_BODY,
            signatory_name: "И. И. Иванов",
            signatory_position: "Руководитель",
            region_name: "Хабаровский край",
            issued_on: "30.11.2026",
            verify_url: &url,
            logo: None,
        })
        .expect("render");
        bytes.len()
    };
    sheet(0);
    let started = Instant::now();
    let bytes: usize = (0..count).map(sheet).sum();
    let one = started.elapsed();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for core in 0..cores {
            scope.spawn(move || (core..count).step_by(cores).map(sheet).sum::<usize>());
        }
    });
    let all = started.elapsed();
    println!(
        "render: {count} PDFs, {:.0} B each; one thread {:.2} ms/PDF ({:.0}/s); {cores} threads {:.0}/s",
        bytes as f64 / count as f64,
        ms(one) / count as f64,
        count as f64 / one.as_secs_f64(),
        count as f64 / all.as_secs_f64(),
    );
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let base = args.next().expect("the server's address");
    if base == "render" {
        return render(args.next().map_or(500, |n| n.parse().expect("a count")));
    }
    let numbers: Vec<String> = std::fs::read_to_string(args.next().expect("a file of issued numbers"))
        .expect("the numbers")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    assert!(!numbers.is_empty(), "no issued numbers");
    let numbers = Arc::new(numbers);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .build()
        .expect("a client");
    // One request per connection first, so connection set-up is not measured.
    let mut warm = tokio::task::JoinSet::new();
    for n in 0..CONNECTIONS {
        let (client, url) = (
            client.clone(),
            format!("{base}/verify/{}", numbers[n % numbers.len()]),
        );
        warm.spawn(async move { client.get(url).send().await.map(|_| ()) });
    }
    warm.join_all().await;
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..CONNECTIONS {
        tasks.spawn(connection(client.clone(), base.clone(), numbers.clone(), n));
    }
    let (mut all, mut failures) = (Vec::new(), 0);
    for (latencies, failed) in tasks.join_all().await {
        all.extend(latencies);
        failures += failed;
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    assert!(!all.is_empty(), "no successful request ({failures} failed)");
    let at = |p: f64| ms(all[((all.len() as f64 * p) as usize).min(all.len() - 1)]);
    println!(
        "verify: {CONNECTIONS} connections, {:.0} s: {} requests ({:.0}/s), {failures} failed; \
         p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        elapsed,
        all.len(),
        all.len() as f64 / elapsed,
        at(0.50),
        at(0.90),
        at(0.99),
        ms(*all.last().expect("not empty")),
    );
}
