//! Demo people (issue 15): directors and teachers of every demo school, each with a finished
//! first diagnostic; some with a route, its courses completed, a re-test and a certificate, so
//! the statistics, the growth report and the certificates show data.
//!
//! Written with the SQL the domain functions write: an attempt holds its drawn items, answers
//! and the result `scoring::score_attempt` computes; a route is what `recommend` proposes;
//! completions are confirmed as by a course administrator; certificates are queued as a bulk
//! job, which the worker issues after start-up like any other. Deterministic: a fixed seed per
//! region, so every demo looks the same.

use std::collections::{HashMap, HashSet};

use app::courses::recommend::Candidate;
use app::diagnostics::model::{AttemptResult, Framework, InstrumentBody, Item};
use rand::{rngs::StdRng, seq::SliceRandom, Rng, SeedableRng};
use sqlx::{types::Json, PgConnection};
use uuid::Uuid;

use super::attempts::{attempt, composition, draw};
use super::routes::{candidates, queue_certificate, route};

/// Not a PHC hash string: `password::verify` cannot parse it, so no password ever matches, and
/// seeding hundreds of people costs no argon2 hashing at start-up.
pub const NO_PASSWORD: &str = "!demo-person-without-password";

/// The reserved top-level domain (RFC 2606): no mailbox there can receive a reset link.
pub const DEMO_DOMAIN: &str = "demo.invalid";

const CONSENT_VERSION: &str = "2026-11-01";
const SURNAMES: [(&str, &str); 16] = [
    ("Иванов", "Иванова"),
    ("Петров", "Петрова"),
    ("Смирнов", "Смирнова"),
    ("Кузнецов", "Кузнецова"),
    ("Попов", "Попова"),
    ("Соколов", "Соколова"),
    ("Лебедев", "Лебедева"),
    ("Козлов", "Козлова"),
    ("Новиков", "Новикова"),
    ("Морозов", "Морозова"),
    ("Волков", "Волкова"),
    ("Соловьёв", "Соловьёва"),
    ("Васильев", "Васильева"),
    ("Зайцев", "Зайцева"),
    ("Павлов", "Павлова"),
    ("Семёнов", "Семёнова"),
];
const MEN: [&str; 8] = [
    "Алексей",
    "Андрей",
    "Дмитрий",
    "Сергей",
    "Игорь",
    "Михаил",
    "Николай",
    "Павел",
];
const WOMEN: [&str; 10] = [
    "Анна",
    "Елена",
    "Ольга",
    "Наталья",
    "Татьяна",
    "Ирина",
    "Светлана",
    "Марина",
    "Юлия",
    "Галина",
];
const PATRONYMICS: [(&str, &str); 8] = [
    ("Александрович", "Александровна"),
    ("Викторович", "Викторовна"),
    ("Сергеевич", "Сергеевна"),
    ("Николаевич", "Николаевна"),
    ("Иванович", "Ивановна"),
    ("Петрович", "Петровна"),
    ("Владимирович", "Владимировна"),
    ("Юрьевич", "Юрьевна"),
];
const SUBJECTS: [&str; 5] = ["математика", "русский язык", "история", "биология", "физика"];

/// What a region's people are drawn from, read once.
pub struct RegionData {
    pub tenant_id: Uuid,
    pub(super) framework: Framework,
    pub(super) bank: Vec<(Uuid, i32, Item)>,
    /// (id, body, time limit) of the teachers' and the directors' general instruments.
    pub(super) teacher: (Uuid, InstrumentBody, Option<i32>),
    pub(super) director: (Uuid, InstrumentBody, Option<i32>),
    pub(super) courses: Vec<(Uuid, String, Candidate)>,
    /// A fixed difficulty per competency, so the region's deficits have a shape.
    pub(super) difficulty: HashMap<String, f64>,
}

/// A person to write: who, where, and how able.
pub struct NewPerson<'a> {
    pub email: &'a str,
    pub full_name: &'a str,
    pub password_hash: &'a str,
    pub school: Option<(Uuid, Uuid)>,
    pub position: &'a str,
    pub role: &'a str,
    pub subjects: Vec<String>,
}

impl RegionData {
    pub async fn load(conn: &mut PgConnection, tenant_id: Uuid, seed: u64) -> Result<Self, sqlx::Error> {
        let (framework_id, Json(framework)): (Uuid, Json<Framework>) = sqlx::query_as(
            "select id, body from frameworks where tenant_id = $1 order by updated_at limit 1",
        )
        .bind(tenant_id)
        .fetch_one(&mut *conn)
        .await?;
        let bank: Vec<(Uuid, i32, Json<Item>)> = sqlx::query_as(
            "select id, version, body from (
                 select distinct on (id) id, version, body, retired from items
                 where tenant_id = $1 and framework_id = $2 order by id, version desc) latest
             where not retired order by body->>'code'",
        )
        .bind(tenant_id)
        .bind(framework_id)
        .fetch_all(&mut *conn)
        .await?;
        let instruments: Vec<(Uuid, Json<InstrumentBody>, Option<i32>)> = sqlx::query_as(
            "select id, body, time_limit_minutes from instruments where tenant_id = $1 order by created_at, title",
        )
        .bind(tenant_id)
        .fetch_all(&mut *conn)
        .await?;
        let general = |position: &str| {
            instruments
                .iter()
                .find(|(_, body, _)| body.subjects.is_empty() && body.positions.iter().any(|p| p == position))
                .map(|(id, Json(body), limit)| (*id, body.clone(), *limit))
                .ok_or_else(|| sqlx::Error::RowNotFound)
        };
        let (teacher, director) = (general("teacher")?, general("director")?);
        let courses = candidates(conn, tenant_id).await?;
        let mut rng = StdRng::seed_from_u64(seed);
        let difficulty = framework
            .competencies
            .iter()
            .map(|c| (c.code.clone(), rng.gen_range(-0.22..0.12)))
            .collect();
        Ok(RegionData {
            tenant_id,
            framework,
            bank: bank
                .into_iter()
                .map(|(id, v, Json(item))| (id, v, item))
                .collect(),
            teacher,
            director,
            courses,
            difficulty,
        })
    }
}

/// Writes the account, membership, role and consent; returns the user's id.
pub async fn insert_person(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    person: &NewPerson<'_>,
) -> Result<Uuid, sqlx::Error> {
    let user: Uuid = sqlx::query_scalar(
        "insert into users (email, password_hash, full_name, email_confirmed_at)
         values ($1, $2, $3, now() - interval '90 days') returning id",
    )
    .bind(person.email)
    .bind(person.password_hash)
    .bind(person.full_name)
    .fetch_one(&mut *conn)
    .await?;
    let (school, municipality) = person.school.unzip();
    sqlx::query(
        "insert into memberships (tenant_id, user_id, municipality_id, school_id, position, subjects, experience_years)
         values ($1, $2, $3, $4, $5, $6, 12)",
    )
    .bind(tenant_id)
    .bind(user)
    .bind(municipality)
    .bind(school)
    .bind(person.position)
    .bind(&person.subjects)
    .execute(&mut *conn)
    .await?;
    sqlx::query("insert into role_grants (tenant_id, user_id, role) values ($1, $2, $3)")
        .bind(tenant_id)
        .bind(user)
        .bind(person.role)
        .execute(&mut *conn)
        .await?;
    sqlx::query("insert into consents (tenant_id, user_id, text_version) values ($1, $2, $3)")
        .bind(tenant_id)
        .bind(user)
        .bind(CONSENT_VERSION)
        .execute(&mut *conn)
        .await?;
    Ok(user)
}

/// How far a person's learning went in the demo.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
pub enum Stage {
    Diagnosed,
    Routed,
    Completed,
    Retested,
}

/// Counts of what [`history`] wrote, for the log.
#[derive(Default, Debug)]
pub struct Written {
    pub people: usize,
    pub routes: usize,
    pub completions: usize,
    pub retests: usize,
    pub certificates: usize,
}

/// The person's first diagnostic and, up to `stage`, route, completions and re-test; queues a
/// certificate when the re-test closed every pronounced deficit.
#[allow(clippy::too_many_arguments)]
pub async fn history(
    conn: &mut PgConnection,
    region: &RegionData,
    rng: &mut StdRng,
    user: Uuid,
    position: &str,
    subjects: &[String],
    ability: f64,
    stage: Stage,
    written: &mut Written,
) -> Result<(), sqlx::Error> {
    let instrument = if position == "director" {
        &region.director
    } else {
        &region.teacher
    };
    let days_ago = rng.gen_range(40..90);
    let fits: Vec<&(Uuid, i32, Item)> = region
        .bank
        .iter()
        .filter(|(_, _, i)| i.fits_subjects(subjects))
        .collect();
    let first_items = draw(&instrument.1, &fits, &HashSet::new(), None, rng);
    let (first, first_result) = attempt(
        conn,
        region,
        instrument,
        user,
        &first_items,
        ability,
        days_ago,
        None,
        rng,
    )
    .await?;
    if stage == Stage::Diagnosed {
        return Ok(());
    }
    let Some(courses) = route(
        conn,
        region,
        user,
        position,
        subjects,
        first,
        &first_result,
        days_ago - 3,
    )
    .await?
    else {
        return Ok(());
    };
    written.routes += 1;
    if stage == Stage::Routed {
        return Ok(());
    }
    complete(conn, region.tenant_id, user, &courses, days_ago - 5).await?;
    written.completions += 1;
    if stage == Stage::Completed {
        return Ok(());
    }
    let retest = Retest {
        instrument,
        fits: &fits,
        first_items: &first_items,
        first,
        first_result: &first_result,
        ability: ability + 0.3,
    };
    if retest.write(conn, region, rng, user).await? {
        queue_certificate(conn, region.tenant_id, user).await?;
        written.certificates += 1;
    }
    written.retests += 1;
    Ok(())
}

/// The route's courses, completed as a course administrator confirms them.
async fn complete(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user: Uuid,
    courses: &[(Uuid, i32)],
    days_ago: i32,
) -> Result<(), sqlx::Error> {
    for (course, hours) in courses {
        sqlx::query(
            "insert into enrolments (tenant_id, course_id, user_id, status, enrolled_at, completed_via, completed_on, hours)
             values ($1, $2, $3, 'completed', now() - make_interval(days => $4), 'admin', current_date - 10, $5)",
        )
        .bind(tenant_id)
        .bind(course)
        .bind(user)
        .bind(days_ago)
        .bind(hours)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A re-test of the first attempt after the completed route, on unseen items.
struct Retest<'a, 'b> {
    instrument: &'a (Uuid, InstrumentBody, Option<i32>),
    fits: &'b [&'a (Uuid, i32, Item)],
    first_items: &'b [(Uuid, i32, &'a Item)],
    first: Uuid,
    first_result: &'b AttemptResult,
    ability: f64,
}

impl Retest<'_, '_> {
    /// Writes the re-test as the route opened it; returns whether it closed every pronounced
    /// deficit of the first attempt (what the certificate rule asks).
    async fn write(
        &self,
        conn: &mut PgConnection,
        region: &RegionData,
        rng: &mut StdRng,
        user: Uuid,
    ) -> Result<bool, sqlx::Error> {
        let seen: HashSet<Uuid> = self.first_items.iter().map(|(id, _, _)| *id).collect();
        let needed = composition(self.first_items);
        let items = draw(&self.instrument.1, self.fits, &seen, Some(&needed), rng);
        let (second, result) = attempt(
            conn,
            region,
            self.instrument,
            user,
            &items,
            self.ability,
            5,
            Some(self.first),
            rng,
        )
        .await?;
        sqlx::query(
            "insert into retests (tenant_id, previous_attempt_id, user_id, instrument_id, opened_by, opened_at, attempt_id)
             values ($1, $2, $3, $4, 'route', now() - interval '9 days', $5)",
        )
        .bind(region.tenant_id)
        .bind(self.first)
        .bind(user)
        .bind(self.instrument.0)
        .bind(second)
        .execute(&mut *conn)
        .await?;
        let low = self.first_result.thresholds.low;
        Ok(self
            .first_result
            .competencies
            .iter()
            .filter(|c| c.score < low)
            .all(|c| {
                result
                    .competencies
                    .iter()
                    .any(|s| s.code == c.code && s.score >= low)
            }))
    }
}

/// A demo name: (full name, e-mail local part is up to the caller).
fn full_name(rng: &mut StdRng) -> String {
    let woman = rng.gen_bool(0.8);
    let (he, she) = *SURNAMES.choose(rng).expect("names");
    let (p_he, p_she) = *PATRONYMICS.choose(rng).expect("names");
    if woman {
        format!("{she} {} {p_she}", WOMEN.choose(rng).expect("names"))
    } else {
        format!("{he} {} {p_he}", MEN.choose(rng).expect("names"))
    }
}

/// The region's demo people: a director and `per_school − 1` teachers in every school, unless
/// the region has them already. Returns what was written.
pub async fn seed_region_people(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    slug: &str,
    per_school: usize,
) -> Result<Written, sqlx::Error> {
    let mut written = Written::default();
    let prefix = format!("demo.{slug}.");
    let done: bool = sqlx::query_scalar("select exists (select 1 from users where email like $1 || '%')")
        .bind(&prefix)
        .fetch_one(&mut *conn)
        .await?;
    if done {
        return Ok(written);
    }
    let seed = slug
        .bytes()
        .fold(27u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let region = RegionData::load(conn, tenant_id, seed).await?;
    let schools: Vec<(Uuid, Uuid)> =
        sqlx::query_as("select id, municipality_id from schools where tenant_id = $1 order by code")
            .bind(tenant_id)
            .fetch_all(&mut *conn)
            .await?;
    let mut rng = StdRng::seed_from_u64(seed);
    let mut n = 0;
    for school in schools {
        let school_level = rng.gen_range(-0.12..0.12);
        for k in 0..per_school {
            n += 1;
            let (position, role) = if k == 0 {
                ("director", "director")
            } else {
                ("teacher", "teacher")
            };
            let subjects = if k == 0 {
                Vec::new()
            } else {
                vec![SUBJECTS.choose(&mut rng).expect("subjects").to_string()]
            };
            let email = format!("{prefix}{n:04}@{DEMO_DOMAIN}");
            let name = full_name(&mut rng);
            let person = NewPerson {
                email: &email,
                full_name: &name,
                password_hash: NO_PASSWORD,
                school: Some(school),
                position,
                role,
                subjects: subjects.clone(),
            };
            let user = insert_person(conn, tenant_id, &person).await?;
            written.people += 1;
            let stage = match rng.gen_range(0..100) {
                0..=54 => Stage::Diagnosed,
                55..=74 => Stage::Routed,
                75..=82 => Stage::Completed,
                _ => Stage::Retested,
            };
            let ability = 0.7 + school_level + rng.gen_range(-0.15..0.15);
            history(
                conn,
                &region,
                &mut rng,
                user,
                position,
                &subjects,
                ability,
                stage,
                &mut written,
            )
            .await?;
        }
    }
    Ok(written)
}
