//! The bulk issue's CPU part without a server: draws N certificates (argument `render [N]`,
//! default 500) on one thread, then on every core, and prints milliseconds per PDF and PDFs per
//! second, for profiling (`perf record` on this binary). `/verify/{number}` under load is
//! measured by `scripts/bench-certificates.sh` with `wrk`.

use std::time::{Duration, Instant};

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

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench" && a != "render");
    render(args.next().map_or(500, |n| n.parse().expect("a count")));
}
