//! Recommending a route for one person among 500 courses (issue 12: < 5 ms), and re-routing a
//! cohort of 20,000 people after a catalogue change (< 10 s), on one core. `cargo bench -p app
//! --bench recommend`; the figures go to docs/benchmarks.md.

use std::hint::black_box;
use std::time::Instant;

use app::courses::recommend::{recommend, Candidate, Deficit, Learner};

const AREAS: [(&str, usize); 7] = [
    ("NPA", 3),
    ("SUB", 3),
    ("MET", 5),
    ("PSY", 4),
    ("COM", 4),
    ("DIG", 3),
    ("MGT", 5),
];

/// A small deterministic generator, so every run measures the same catalogue.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below
    }
}

fn competencies() -> Vec<String> {
    AREAS
        .iter()
        .flat_map(|(area, n)| (1..=*n).map(move |i| format!("{area}-{i}")))
        .collect()
}

fn catalogue(rng: &mut Lcg, codes: &[String]) -> Vec<Candidate> {
    let weights = [1.0, 0.8, 0.6, 0.5, 0.4, 0.3];
    (0..500)
        .map(|n| {
            let links = 1 + rng.next(4);
            let mut competencies: Vec<(String, f64)> = Vec::new();
            for _ in 0..links {
                let code = codes[rng.next(codes.len())].clone();
                if !competencies.iter().any(|(c, _)| *c == code) {
                    competencies.push((code, weights[rng.next(weights.len())]));
                }
            }
            let subject = n % 5 == 0;
            Candidate {
                code: format!("K-{n:04}"),
                kind: if subject { "subject" } else { "soft" }.into(),
                subject: subject.then(|| ["математика", "русский язык"][rng.next(2)].to_string()),
                audience: if n % 7 == 0 {
                    vec!["director".into()]
                } else {
                    vec![]
                },
                ends_on: (n % 11 == 0).then(|| "2026-06-01".to_string()),
                seats_left: (n % 13 == 0).then_some(rng.next(3) as i64),
                hours: [16, 24, 36, 72][rng.next(4)],
                competencies,
            }
        })
        .collect()
}

fn person(rng: &mut Lcg, codes: &[String]) -> Vec<Deficit> {
    codes
        .iter()
        .filter_map(|code| {
            let score = rng.next(101) as f64 / 100.0;
            (score <= 0.8).then(|| Deficit {
                code: code.clone(),
                title: code.clone(),
                score,
                pronounced: score < 0.6,
                severity: 0.8 - score,
            })
        })
        .collect()
}

fn main() {
    let mut rng = Lcg(12);
    let codes = competencies();
    let courses = catalogue(&mut rng, &codes);
    let learner = Learner {
        position: "teacher".into(),
        subjects: vec!["математика".into()],
        today: "2026-11-30".into(),
    };
    let people: Vec<Vec<Deficit>> = (0..20_000).map(|_| person(&mut rng, &codes)).collect();

    // One person (the one with the most deficits), many runs.
    let worst = people.iter().max_by_key(|d| d.len()).expect("people");
    let runs = 2_000;
    let started = Instant::now();
    let mut picked = 0;
    for _ in 0..runs {
        picked += black_box(recommend(&learner, black_box(worst), &courses))
            .picks
            .len();
    }
    let one = started.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
    println!(
        "recommend: 1 person ({} deficits) x 500 courses: {one:.3} ms per route ({} courses picked)",
        worst.len(),
        picked / runs as usize
    );

    let started = Instant::now();
    let mut total = 0;
    for deficits in &people {
        total += black_box(recommend(&learner, deficits, &courses)).picks.len();
    }
    let cohort = started.elapsed().as_secs_f64();
    println!("recommend: cohort of 20,000 people x 500 courses: {cohort:.2} s ({total} courses picked)");
}
