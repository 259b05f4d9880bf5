//! SQL of visits and their recommendations.

use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

#[derive(FromRow, Debug, Clone)]
pub struct VisitRow {
    pub id: Uuid,
    pub visited_on: String,
    pub curator: String,
    pub purpose: String,
    pub findings: String,
}

#[derive(FromRow, Debug, Clone)]
pub struct RecommendationRow {
    pub id: Uuid,
    pub visit_id: Uuid,
    pub text: String,
    pub state: String,
    pub stage: Option<String>,
    pub roadmap_version: Option<i32>,
    pub reason: Option<String>,
}

pub async fn visits(conn: &mut PgConnection, tenant: Uuid, case: Uuid) -> Result<Vec<VisitRow>, sqlx::Error> {
    sqlx::query_as(
        "select v.id, to_char(v.visited_on, 'DD.MM.YYYY') as visited_on, u.full_name as curator, v.purpose,
                v.findings
         from support_visits v join users u on u.id = v.created_by
         where v.tenant_id = $1 and v.case_id = $2
         order by v.visited_on desc, v.created_at desc",
    )
    .bind(tenant)
    .bind(case)
    .fetch_all(conn)
    .await
}

pub async fn recommendations(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
) -> Result<Vec<RecommendationRow>, sqlx::Error> {
    sqlx::query_as(
        "select r.id, r.visit_id, r.text, r.state, r.stage, r.roadmap_version, r.reason
         from support_recommendations r join support_visits v on v.tenant_id = r.tenant_id and v.id = r.visit_id
         where r.tenant_id = $1 and v.case_id = $2
         order by r.visit_id, r.position",
    )
    .bind(tenant)
    .bind(case)
    .fetch_all(conn)
    .await
}

pub async fn insert_visit(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
    visited_on: chrono::NaiveDate,
    purpose: &str,
    findings: &str,
    by: Uuid,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "insert into support_visits (tenant_id, case_id, visited_on, purpose, findings, created_by)
         values ($1, $2, $3, $4, $5, $6) returning id",
    )
    .bind(tenant)
    .bind(case)
    .bind(visited_on)
    .bind(purpose)
    .bind(findings)
    .bind(by)
    .fetch_one(conn)
    .await
}

pub async fn insert_recommendations(
    conn: &mut PgConnection,
    tenant: Uuid,
    visit: Uuid,
    texts: &[&str],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into support_recommendations (tenant_id, visit_id, position, text)
         select $1, $2, t.position, t.text from unnest($3::text[]) with ordinality as t(text, position)",
    )
    .bind(tenant)
    .bind(visit)
    .bind(texts)
    .execute(conn)
    .await
    .map(|_| ())
}

/// A proposed recommendation of the case, locked while it is decided.
pub async fn lock_proposed(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
    id: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "select r.text from support_recommendations r
         join support_visits v on v.tenant_id = r.tenant_id and v.id = r.visit_id
         where r.tenant_id = $1 and v.case_id = $2 and r.id = $3 and r.state = 'proposed'
         for update of r",
    )
    .bind(tenant)
    .bind(case)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Records the decision: `stage` and `version` for an accepted one, `reason` for a declined one.
pub async fn decide(
    conn: &mut PgConnection,
    tenant: Uuid,
    id: Uuid,
    accepted: Option<(&str, i32)>,
    reason: Option<&str>,
    by: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update support_recommendations
         set state = case when $3::text is null then 'declined' else 'accepted' end,
             stage = $3, roadmap_version = $4, reason = $5, decided_by = $6, decided_at = now()
         where tenant_id = $1 and id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(accepted.map(|a| a.0))
    .bind(accepted.map(|a| a.1))
    .bind(reason)
    .bind(by)
    .execute(conn)
    .await
    .map(|_| ())
}
