//! The demo's school support (issue 17): Khabarovsk's and Kuzbass's cases (the seven
//! Ленинск-Кузнецкий schools of seed 004), their curators, and risk profiles in every state —
//! confirmed with the curator's own assessment, submitted, a draft, not started. Written once:
//! a region that has cases is left alone.

use std::collections::BTreeMap;

use app::support::risk::{Questionnaire, TEMPLATE_500};
use sqlx::PgConnection;
use uuid::Uuid;

use super::people::{insert_person, NewPerson, DEMO_DOMAIN, NO_PASSWORD};
use super::SeedError;

/// How far a demo case's profile went.
#[derive(Clone, Copy, PartialEq)]
enum Profile {
    None,
    Draft,
    Submitted,
    Confirmed,
}

/// (school code, statuses, has the curator, profile).
type DemoCase = (&'static str, &'static [&'static str], bool, Profile);

const KHABAROVSK: [DemoCase; 4] = [
    ("27-0201", &["ШНРО"], true, Profile::Confirmed),
    ("27-0202", &["ШНРО", "ШНСУ"], true, Profile::Submitted),
    ("27-0301", &["ШНСУ"], true, Profile::Draft),
    ("27-0102", &["ШНРО"], false, Profile::None),
];
const KHABAROVSK_REASON: &str =
    "Школа включена в региональный перечень ШНРО/ШНСУ по итогам выявления 2025 года (демонстрационные данные)";

const KUZBASS: [DemoCase; 7] = [
    ("42-LK-01", &["ШНОР"], true, Profile::Confirmed),
    ("42-LK-02", &["ШНОР"], true, Profile::Confirmed),
    ("42-LK-03", &["ШНОР"], true, Profile::Submitted),
    ("42-LK-04", &["ШНОР"], true, Profile::Submitted),
    ("42-LK-05", &["ШНОР"], true, Profile::Draft),
    ("42-LK-06", &["ШНОР"], true, Profile::None),
    ("42-LK-07", &["ШНОР"], true, Profile::None),
];
const KUZBASS_REASON: &str = "Программа методического сопровождения ШНОР Ленинск-Кузнецкого \
                              муниципального округа: две и более процедуры с низкими результатами";

/// The curator's comment where they raise a factor's level.
const CURATOR_NOTE: &str = "По итогам выезда: в 5–9 классах нет учителя физики, уроки ведёт совместитель \
                            из соседнего села; риск выше, чем по анкете.";

/// Seeds the region's cases unless it has some; the curator is the demo sign-in `curator@…`
/// in Khabarovsk, and a demo person elsewhere.
pub async fn seed_support(conn: &mut PgConnection, tenant_id: Uuid, slug: &str) -> Result<(), SeedError> {
    let (cases, reason, curator_name): (&[DemoCase], &str, &str) = match slug {
        "khabarovsk" => (&KHABAROVSK, KHABAROVSK_REASON, "Соколова Марина Викторовна"),
        "kuzbass" => (&KUZBASS, KUZBASS_REASON, "Кравченко Ольга Николаевна"),
        _ => return Ok(()),
    };
    let seeded: bool = sqlx::query_scalar("select exists (select 1 from support_cases where tenant_id = $1)")
        .bind(tenant_id)
        .fetch_one(&mut *conn)
        .await?;
    if seeded {
        return Ok(());
    }
    let curator = curator(conn, tenant_id, slug, curator_name).await?;
    let body: serde_json::Value = serde_json::from_str(TEMPLATE_500)?;
    let questionnaire: Questionnaire = serde_json::from_value(body.clone())?;
    let questionnaire_id: Uuid = sqlx::query_scalar(
        "insert into support_questionnaires (tenant_id, version, body) values ($1, 1, $2) returning id",
    )
    .bind(tenant_id)
    .bind(&body)
    .fetch_one(&mut *conn)
    .await?;
    for (n, &(code, statuses, assigned, profile)) in cases.iter().enumerate() {
        let Some((school, director)) = school(conn, tenant_id, code).await? else {
            continue;
        };
        let statuses: Vec<String> = statuses.iter().map(|s| s.to_string()).collect();
        let state = match profile {
            Profile::Submitted => "profile_submitted",
            Profile::Confirmed => "profile_confirmed",
            _ => "opened",
        };
        let case: Uuid = sqlx::query_scalar(
            "insert into support_cases (tenant_id, school_id, year, statuses, reason, state, curator_id)
             values ($1, $2, 2026, $3, $4, $5, $6) returning id",
        )
        .bind(tenant_id)
        .bind(school)
        .bind(&statuses)
        .bind(reason)
        .bind(state)
        .bind(assigned.then_some(curator))
        .fetch_one(&mut *conn)
        .await?;
        if profile == Profile::None {
            continue;
        }
        let answers = answers(&questionnaire, code, n, profile == Profile::Draft);
        let priorities = priorities(&questionnaire, &answers);
        let assessment = if profile == Profile::Confirmed {
            serde_json::json!({ "staff": { "level": "high", "comment": CURATOR_NOTE } })
        } else {
            serde_json::json!({})
        };
        let submitted = matches!(profile, Profile::Submitted | Profile::Confirmed);
        sqlx::query(
            "insert into support_profiles (tenant_id, case_id, questionnaire_id, answers, priorities, assessment,
                                           submitted_at, submitted_by, confirmed_at, confirmed_by)
             values ($1, $2, $3, $4, $5, $6,
                     case when $7 then now() - interval '20 days' end, case when $7 then $8 end,
                     case when $9 then now() - interval '12 days' end, case when $9 then $10::uuid end)",
        )
        .bind(tenant_id)
        .bind(case)
        .bind(questionnaire_id)
        .bind(serde_json::json!(answers))
        .bind(&priorities)
        .bind(assessment)
        .bind(submitted)
        .bind(director)
        .bind(profile == Profile::Confirmed)
        .bind(curator)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The region's curator: the demo sign-in in Khabarovsk, a demo person elsewhere.
async fn curator(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    slug: &str,
    name: &str,
) -> Result<Uuid, SeedError> {
    let existing: Option<Uuid> = sqlx::query_scalar(
        "select g.user_id from role_grants g join users u on u.id = g.user_id
         where g.tenant_id = $1 and g.role = 'curator' order by u.email limit 1",
    )
    .bind(tenant_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(user) = existing {
        return Ok(user);
    }
    // Not `demo.…`: those are the people with diagnostics.
    let email = format!("curator.{slug}@{DEMO_DOMAIN}");
    let person = NewPerson {
        email: &email,
        full_name: name,
        password_hash: NO_PASSWORD,
        school: None,
        position: "methodologist",
        role: "curator",
        subjects: Vec::new(),
    };
    Ok(insert_person(conn, tenant_id, &person).await?)
}

/// The school's id and its director (if the demo people are there).
async fn school(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    code: &str,
) -> Result<Option<(Uuid, Option<Uuid>)>, sqlx::Error> {
    sqlx::query_as(
        "select s.id, (select m.user_id from memberships m
                       where m.tenant_id = s.tenant_id and m.school_id = s.id and m.position = 'director'
                       order by m.created_at limit 1)
         from schools s where s.tenant_id = $1 and s.code = $2",
    )
    .bind(tenant_id)
    .bind(code)
    .fetch_optional(conn)
    .await
}

/// Answers that differ from school to school but stay the same on every start: mostly low
/// and medium, with two or three factors clearly high. A draft stops halfway.
fn answers(questionnaire: &Questionnaire, code: &str, n: usize, draft: bool) -> BTreeMap<String, usize> {
    let seed = code
        .bytes()
        .fold(n as u64 + 7, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let all: Vec<_> = questionnaire.questions().collect();
    let take = if draft { all.len() / 2 } else { all.len() };
    all.into_iter()
        .take(take)
        .enumerate()
        .map(|(i, q)| {
            let roll = seed.wrapping_mul(i as u64 + 3).wrapping_add(i as u64 * 17) % 10;
            let option = match roll {
                0..=4 => 0,
                5..=7 => 1,
                _ => 2,
            };
            (q.code.clone(), option.min(q.options.len() - 1))
        })
        .collect()
}

/// The three highest-scoring factors.
fn priorities(questionnaire: &Questionnaire, answers: &BTreeMap<String, usize>) -> Vec<String> {
    let mut levels = questionnaire.score(answers, &BTreeMap::new());
    levels.sort_by_key(|l| std::cmp::Reverse(l.score * 100 / l.max.max(1)));
    levels.into_iter().take(3).map(|l| l.code).collect()
}
