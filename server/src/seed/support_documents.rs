//! The demo's support documents (issue 17): in each region the first two cases with priority
//! risks (a confirmed profile first) get anti-risk programmes in every state — approved, returned with a
//! field comment, submitted, a draft — and the first case a road map with an overdue activity.
//! The demo's deadline reminders count as already sent, so a fresh demo mails nobody. Written
//! once: a region that has documents is left alone.

use app::support::documents::body::Body;
use app::support::risk::{Questionnaire, TEMPLATE_500};
use chrono::{Duration, NaiveDate, Utc};
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use super::SeedError;

#[derive(sqlx::FromRow)]
struct Confirmed {
    id: Uuid,
    priorities: Vec<String>,
    director: Option<Uuid>,
    curator: Option<Uuid>,
}

/// How far a demo document went.
#[derive(Clone, Copy)]
enum Went {
    Draft,
    Submitted,
    Returned,
    Approved,
}

fn rows(rows: &[&[(&str, &str)]]) -> Vec<std::collections::BTreeMap<String, String>> {
    rows.iter()
        .map(|r| r.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
        .collect()
}

fn antirisk(factor: &str, deadline: NaiveDate) -> Result<Body, serde_json::Error> {
    let d = deadline.format("%Y-%m-%d").to_string();
    let goal = format!(
        "Снизить риск «{factor}» до среднего уровня к концу учебного года за счёт адресных мер и работы с педагогами."
    );
    serde_json::from_value(json!({
        "sections": { "goal": goal },
        "tables": {
            "task": rows(&[
                &[("text", "Провести самообследование по фактору риска и определить первоочередные причины")],
                &[("text", "Включить меры по снижению риска в план методической работы школы")],
            ]),
            "measure": rows(&[
                &[("title", "Педагогический совет по результатам рискового профиля"), ("responsible", "Директор"), ("deadline", &d)],
                &[("title", "Стажировка двух учителей на базе школы-партнёра"), ("responsible", "Заместитель директора по УВР"), ("deadline", &d)],
            ]),
            "indicator": rows(&[
                &[("name", "Доля учителей, прошедших курсы ≥ 32 ч по профилю"), ("target", "не менее 80 %"), ("deadline", &d)],
                &[("name", "Доля обучающихся, не достигших базового уровня по ВПР"), ("target", "не более 15 %"), ("deadline", "")],
            ]),
        }
    }))
}

fn roadmap(today: NaiveDate) -> Result<Body, serde_json::Error> {
    let day = |days: i64| (today + Duration::days(days)).format("%Y-%m-%d").to_string();
    serde_json::from_value(json!({
        "tables": {
            "stage1": rows(&[
                &[("title", "Утвердить рабочую группу по реализации программы"), ("deadline", &day(-60)),
                  ("responsible", "Директор"), ("status", "done"), ("evidence", "https://school.example.ru/prikaz-rg.pdf"), ("key", "demo11")],
                &[("title", "Диагностика профессиональных дефицитов учителей математики"), ("deadline", &day(-10)),
                  ("responsible", "Заместитель директора по УВР"), ("status", "in_progress"), ("evidence", ""), ("key", "demo12")],
            ]),
            "stage2": rows(&[
                &[("title", "Открытые уроки учителей-наставников школы-партнёра"), ("deadline", &day(75)),
                  ("responsible", "Руководитель методического объединения"), ("status", "planned"), ("evidence", ""), ("key", "demo21")],
            ]),
        }
    }))
}

/// Seeds the region's documents unless it has some.
pub async fn seed_documents(conn: &mut PgConnection, tenant_id: Uuid) -> Result<(), SeedError> {
    let seeded: bool =
        sqlx::query_scalar("select exists (select 1 from support_documents where tenant_id = $1)")
            .bind(tenant_id)
            .fetch_one(&mut *conn)
            .await?;
    if seeded {
        return Ok(());
    }
    let cases: Vec<Confirmed> = sqlx::query_as(
        "select c.id, p.priorities, c.curator_id as curator,
                (select m.user_id from memberships m where m.tenant_id = s.tenant_id and m.school_id = s.id
                 and m.position = 'director' order by m.created_at limit 1) as director
         from support_cases c
         join support_profiles p on p.tenant_id = c.tenant_id and p.case_id = c.id
         join schools s on s.tenant_id = c.tenant_id and s.id = c.school_id
         where c.tenant_id = $1 and c.state in ('profile_confirmed', 'profile_submitted')
         order by c.state = 'profile_confirmed' desc, s.code limit 2",
    )
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    let questionnaire: Questionnaire = serde_json::from_str(TEMPLATE_500)?;
    let today = Utc::now().date_naive();
    let plan = [
        [Went::Approved, Went::Returned, Went::Draft],
        [Went::Submitted, Went::Draft, Went::Draft],
    ];
    for (case, went) in cases.iter().zip(plan) {
        let (Some(director), Some(curator)) = (case.director, case.curator) else {
            continue;
        };
        let people = (director, curator);
        for (factor, went) in case.priorities.iter().zip(went) {
            let title = questionnaire
                .factors
                .iter()
                .find(|f| &f.code == factor)
                .map_or(factor.as_str(), |f| f.title.as_str());
            let body = antirisk(&title.to_lowercase(), today + Duration::days(120))?;
            write(
                conn,
                tenant_id,
                case.id,
                ("antirisk", factor),
                &body,
                went,
                people,
            )
            .await?;
        }
    }
    if let Some(case) = cases.first() {
        if let (Some(director), Some(curator)) = (case.director, case.curator) {
            let body = roadmap(today)?;
            let id = write(
                conn,
                tenant_id,
                case.id,
                ("roadmap", ""),
                &body,
                Went::Approved,
                (director, curator),
            )
            .await?;
            sqlx::query(
                "insert into support_deadline_mail (tenant_id, document_id, activity, kind, deadline)
                 values ($1, $2, $3, 'overdue', $4)",
            )
            .bind(tenant_id)
            .bind(id)
            .bind("stage1:Диагностика профессиональных дефицитов учителей математики")
            .bind(today - Duration::days(10))
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// A document with its history up to `went`; a returned one carries the curator's comment on
/// the first measure's deadline. Returns the document's id.
async fn write(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    case: Uuid,
    (kind, factor): (&str, &str),
    body: &Body,
    went: Went,
    (director, curator): (Uuid, Uuid),
) -> Result<Uuid, SeedError> {
    let id: Uuid = sqlx::query_scalar(
        "insert into support_documents (tenant_id, case_id, kind, factor) values ($1, $2, $3, $4) returning id",
    )
    .bind(tenant_id)
    .bind(case)
    .bind(kind)
    .bind(factor)
    .fetch_one(&mut *conn)
    .await?;
    let (state, comment, fields) = match went {
        Went::Draft => ("draft", None, json!({})),
        Went::Submitted => ("submitted", None, json!({})),
        Went::Returned => (
            "returned",
            Some("Программа в целом принимается; уточните сроки, чтобы они совпадали с дорожной картой."),
            json!({ "measure-0-deadline": "Педсовет нужно провести до конца первой четверти, а не в конце года." }),
        ),
        Went::Approved => (
            "approved",
            Some("Согласовано. Отчёт о выполнении — по итогам полугодия."),
            json!({}),
        ),
    };
    let submitted = !matches!(went, Went::Draft);
    let reviewed = matches!(went, Went::Returned | Went::Approved);
    sqlx::query(
        "insert into support_document_versions
             (tenant_id, document_id, version, body, state, edited_by, edited_at, submitted_at, submitted_by,
              reviewed_at, reviewed_by, comment, field_comments)
         values ($1, $2, 1, $3, $4, $5, now() - interval '9 days',
                 case when $6 then now() - interval '8 days' end, case when $6 then $5 end,
                 case when $7 then now() - interval '5 days' end, case when $7 then $8::uuid end, $9, $10)",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(json!(body))
    .bind(state)
    .bind(director)
    .bind(submitted)
    .bind(reviewed)
    .bind(curator)
    .bind(comment)
    .bind(fields)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}
