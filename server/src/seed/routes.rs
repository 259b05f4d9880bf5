//! The demo people's routes, as `accept_route` stores what `recommend` proposes, and their
//! certificates, queued as a bulk-issue job.

use app::courses::recommend::{by_severity, recommend, Candidate, Deficit, Learner};
use app::courses::Covered;
use app::diagnostics::model::AttemptResult;
use sqlx::{types::Json, PgConnection};
use uuid::Uuid;

use super::people::RegionData;

/// The region's courses as the recommender sees them: (id, title, candidate).
pub async fn candidates(
    conn: &mut PgConnection,
    tenant_id: Uuid,
) -> Result<Vec<(Uuid, String, Candidate)>, sqlx::Error> {
    type Row = (
        Uuid,
        String,
        String,
        String,
        Option<String>,
        Vec<String>,
        Option<String>,
        Option<i32>,
        i32,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select id, code, title, kind, subject, audience, ends_on::text, capacity, hours
         from courses where tenant_id = $1 order by code",
    )
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    let weights: Vec<(Uuid, String, f64)> = sqlx::query_as(
        "select course_id, code, weight from course_competencies where tenant_id = $1 order by code",
    )
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, code, title, kind, subject, audience, ends_on, capacity, hours)| {
                let competencies = weights
                    .iter()
                    .filter(|(course, _, _)| *course == id)
                    .map(|(_, code, weight)| (code.clone(), *weight))
                    .collect();
                let candidate = Candidate {
                    code,
                    kind,
                    subject,
                    audience,
                    ends_on,
                    seats_left: capacity.map(i64::from),
                    hours,
                    competencies,
                };
                (id, title, candidate)
            },
        )
        .collect())
}

/// The route the recommender proposes for the attempt's deficits, accepted; returns its
/// courses with their hours, or `None` when nothing is to be proposed.
#[allow(clippy::too_many_arguments)]
pub async fn route(
    conn: &mut PgConnection,
    region: &RegionData,
    user: Uuid,
    position: &str,
    subjects: &[String],
    attempt: Uuid,
    result: &AttemptResult,
    days_ago: i32,
) -> Result<Option<Vec<(Uuid, i32)>>, sqlx::Error> {
    let (low, high) = (result.thresholds.low, result.thresholds.high);
    let mut deficits: Vec<Deficit> = result
        .competencies
        .iter()
        .filter(|c| c.score < high)
        .map(|c| Deficit {
            code: c.code.clone(),
            title: c.title.clone(),
            score: c.score,
            pronounced: c.score < low,
            severity: high - c.score,
        })
        .collect();
    by_severity(&mut deficits);
    let learner = Learner {
        position: position.to_string(),
        subjects: subjects.to_vec(),
        today: "2026-09-01".into(),
    };
    let candidates: Vec<Candidate> = region.courses.iter().map(|(_, _, c)| c.clone()).collect();
    let proposal = recommend(&learner, &deficits, &candidates);
    if proposal.picks.is_empty() {
        return Ok(None);
    }
    let route: Uuid = sqlx::query_scalar(
        "insert into routes (tenant_id, user_id, attempt_id, accepted_at) values ($1, $2, $3, now() - make_interval(days => $4))
         returning id",
    )
    .bind(region.tenant_id)
    .bind(user)
    .bind(attempt)
    .bind(days_ago)
    .fetch_one(&mut *conn)
    .await?;
    let mut courses = Vec::new();
    for (position, pick) in proposal.picks.iter().enumerate() {
        let (course, title, candidate) = &region.courses[pick.course];
        let covers: Vec<Covered> = pick
            .covers
            .iter()
            .map(|d| Covered {
                code: d.code.clone(),
                title: d.title.clone(),
                score: d.score,
            })
            .collect();
        sqlx::query(
            "insert into route_items (tenant_id, route_id, course_id, position, covers) values ($1, $2, $3, $4, $5)",
        )
        .bind(region.tenant_id)
        .bind(route)
        .bind(course)
        .bind(position as i32)
        .bind(Json(&covers))
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "insert into route_history (tenant_id, route_id, action, course) values ($1, $2, 'accepted', $3)",
        )
        .bind(region.tenant_id)
        .bind(route)
        .bind(title)
        .execute(&mut *conn)
        .await?;
        courses.push((*course, candidate.hours));
    }
    Ok(Some(courses))
}

/// Queues the person in the region's demo bulk-issue job; the worker issues the certificate.
pub async fn queue_certificate(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user: Uuid,
) -> Result<(), sqlx::Error> {
    let job: Uuid = sqlx::query_scalar(
        "with found as (select id from certificate_jobs where tenant_id = $1 and created_by is null order by created_at limit 1),
              made as (insert into certificate_jobs (tenant_id) select $1 where not exists (select 1 from found) returning id)
         select id from found union all select id from made",
    )
    .bind(tenant_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("insert into certificate_job_items (tenant_id, job_id, user_id) values ($1, $2, $3)")
        .bind(tenant_id)
        .bind(job)
        .bind(user)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
