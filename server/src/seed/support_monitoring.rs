//! The demo's monitoring (issue 17): the region's three stages with dates and the default
//! rubric; every case with a curator has its entry stage fixed from the demo's own data, the
//! first two a manual indicator with its entry value, and the first the curator's filled rubric.
//! Written once: a region with a snapshot is left alone.

use app::i18n::ru;
use app::support::monitoring::figures::compute;
use sqlx::types::Json;
use sqlx::PgConnection;
use uuid::Uuid;

use super::SeedError;

const STAGE_DATES: [&str; 3] = ["2026-09-15", "2027-01-20", "2027-05-25"];

/// (score, comment) for each default criterion, in order.
const RUBRIC: [(i32, &str); 6] = [
    (3, "Мероприятия дорожной карты прямо вытекают из приоритетных рисков профиля: дефицит кадров и низкая мотивация обучающихся."),
    (2, "Два мероприятия первого этапа выполнены в срок, семинар по формирующему оцениванию перенесён на декабрь."),
    (2, "Диагностику прошли почти все учителя-предметники; на курсы ≥ 32 ч записаны трое, нужно не менее пяти."),
    (1, "По итогам ВПР изменений пока нет: оценка возможна после весенних процедур."),
    (2, "Рекомендации по итогам визита приняты в дорожную карту; стажировка в школе-партнёре запланирована."),
    (1, "Решения педсовета пока не закреплены в локальных актах школы."),
];

pub async fn seed_monitoring(conn: &mut PgConnection, tenant_id: Uuid) -> Result<(), SeedError> {
    let seeded: bool =
        sqlx::query_scalar("select exists (select 1 from support_stage_snapshots where tenant_id = $1)")
            .bind(tenant_id)
            .fetch_one(&mut *conn)
            .await?;
    if seeded {
        return Ok(());
    }
    let stages = stages(conn, tenant_id).await?;
    let criteria = criteria(conn, tenant_id).await?;
    let cases: Vec<(Uuid, Uuid, Option<Uuid>)> = sqlx::query_as(
        "select c.id, c.curator_id, (select m.user_id from memberships m
                                      where m.tenant_id = c.tenant_id and m.school_id = c.school_id
                                        and m.position = 'director' and m.school_status = 'confirmed' limit 1)
         from support_cases c where c.tenant_id = $1 and c.curator_id is not null
         order by (c.state = 'profile_confirmed') desc, c.created_at, c.id",
    )
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?;
    for (n, (case, curator, director)) in cases.into_iter().enumerate() {
        let figures = compute(conn, tenant_id, case).await?;
        sqlx::query(
            "insert into support_stage_snapshots (tenant_id, case_id, stage_id, figures, taken_by, taken_at)
             values ($1, $2, $3, $4, $5, now() - interval '60 days')",
        )
        .bind(tenant_id)
        .bind(case)
        .bind(stages[0])
        .bind(Json(&figures))
        .bind(curator)
        .execute(&mut *conn)
        .await?;
        if n < 2 {
            indicator(conn, tenant_id, case, stages[0], director.unwrap_or(curator)).await?;
        }
        if n == 0 {
            rubric(conn, tenant_id, case, stages[0], &criteria, curator).await?;
        }
    }
    Ok(())
}

/// The region's stages (written with dates unless it has some), in order.
async fn stages(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<Uuid>, SeedError> {
    let titles: Vec<&str> = ru::MON_DEFAULT_STAGES.to_vec();
    let dates: Vec<chrono::NaiveDate> = STAGE_DATES.iter().filter_map(|d| d.parse().ok()).collect();
    sqlx::query(
        "insert into support_monitoring_stages (tenant_id, position, title, planned_on)
         select $1, t.position, t.title, t.planned_on
         from unnest($2::text[], $3::date[]) with ordinality as t(title, planned_on, position)
         where not exists (select 1 from support_monitoring_stages where tenant_id = $1)",
    )
    .bind(tenant_id)
    .bind(&titles)
    .bind(&dates)
    .execute(&mut *conn)
    .await?;
    Ok(
        sqlx::query_scalar("select id from support_monitoring_stages where tenant_id = $1 order by position")
            .bind(tenant_id)
            .fetch_all(&mut *conn)
            .await?,
    )
}

async fn criteria(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Vec<(Uuid, i32)>, SeedError> {
    let (titles, max): (Vec<&str>, Vec<i32>) = ru::MON_DEFAULT_CRITERIA.iter().copied().unzip();
    sqlx::query(
        "insert into support_rubric_criteria (tenant_id, position, title, max_score)
         select $1, t.position, t.title, t.max from unnest($2::text[], $3::int[]) with ordinality as t(title, max, position)
         where not exists (select 1 from support_rubric_criteria where tenant_id = $1)",
    )
    .bind(tenant_id)
    .bind(&titles)
    .bind(&max)
    .execute(&mut *conn)
    .await?;
    Ok(sqlx::query_as(
        "select id, max_score from support_rubric_criteria where tenant_id = $1 order by position",
    )
    .bind(tenant_id)
    .fetch_all(&mut *conn)
    .await?)
}

async fn indicator(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    case: Uuid,
    stage: Uuid,
    by: Uuid,
) -> Result<(), SeedError> {
    sqlx::query(
        "with i as (insert into support_manual_indicators (tenant_id, case_id, name, unit, baseline, target, created_by)
                    values ($1, $2, 'Доля обучающихся 5–9 классов с отметкой «2» по ВПР по математике', '%', 23.5, 12, $4)
                    returning id)
         insert into support_manual_values (tenant_id, indicator_id, stage_id, value, entered_by)
         select $1, id, $3, 23.5, $4 from i",
    )
    .bind(tenant_id)
    .bind(case)
    .bind(stage)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(())
}

async fn rubric(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    case: Uuid,
    stage: Uuid,
    criteria: &[(Uuid, i32)],
    curator: Uuid,
) -> Result<(), SeedError> {
    for ((criterion, max), (score, comment)) in criteria.iter().zip(RUBRIC) {
        sqlx::query(
            "insert into support_rubric_scores (tenant_id, case_id, stage_id, criterion_id, score, comment, scored_by, scored_at)
             values ($1, $2, $3, $4, $5, $6, $7, now() - interval '55 days')",
        )
        .bind(tenant_id)
        .bind(case)
        .bind(stage)
        .bind(criterion)
        .bind(score.min(*max))
        .bind(comment)
        .bind(curator)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
