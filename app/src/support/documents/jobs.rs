//! The road maps' deadline mail: a week before an activity's deadline, and once it has passed
//! while the activity is not done, its school's directors (and, when overdue, the case's
//! curator) get an e-mail. Each (activity, kind, deadline) is recorded in
//! `support_deadline_mail` in the transaction that queues its mail, so it goes once however
//! often the job runs; a moved deadline is reminded again.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::body::Body;
use super::mail::{compose, link};
use crate::error::AppError;
use crate::i18n::ru;
use crate::notifications;
use crate::state::begin_tenant;

/// How many days before its deadline an activity is reminded.
pub const SOON_DAYS: i64 = 7;

#[derive(sqlx::FromRow)]
struct RoadMap {
    document_id: Uuid,
    case_id: Uuid,
    school_id: Uuid,
    school: String,
    curator_id: Option<Uuid>,
    body: Json<Body>,
}

struct Region {
    id: Uuid,
    slug: String,
    name: String,
    today: NaiveDate,
}

/// Queues the deadline mail due at `now` in every region; returns how many messages (the
/// caller wakes the outbox).
pub async fn run_due(db: &PgPool, public_url: &str, now: DateTime<Utc>) -> Result<usize, AppError> {
    let regions: Vec<(Uuid, String, String, NaiveDate)> =
        sqlx::query_as("select id, slug, name, ($1 at time zone time_zone)::date from tenants where active")
            .bind(now)
            .fetch_all(db)
            .await?;
    let mut queued = 0;
    for (id, slug, name, today) in regions {
        let region = Region {
            id,
            slug,
            name,
            today,
        };
        let mut tx = begin_tenant(db, id).await?;
        let maps: Vec<RoadMap> = sqlx::query_as(
            "select distinct on (d.id) d.id as document_id, c.id as case_id, c.school_id, s.name as school,
                    c.curator_id, v.body
             from support_documents d
             join support_cases c on c.tenant_id = d.tenant_id and c.id = d.case_id
             join schools s on s.tenant_id = c.tenant_id and s.id = c.school_id
             join support_document_versions v on v.tenant_id = d.tenant_id and v.document_id = d.id
             where d.tenant_id = $1 and d.kind = 'roadmap'
             order by d.id, v.version desc",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        for map in &maps {
            queued += remind(&mut tx, public_url, &region, map).await?;
        }
        tx.commit().await?;
    }
    Ok(queued)
}

/// Queues the reminders of one road map's activities not yet mailed.
async fn remind(
    conn: &mut PgConnection,
    public_url: &str,
    region: &Region,
    map: &RoadMap,
) -> Result<usize, AppError> {
    let href = link(public_url, &region.slug, map.case_id, "roadmap");
    let mut queued = 0;
    for activity in map.body.0.activities() {
        let cell = |c: &str| activity.cell(c);
        let Some(deadline) = activity.deadline() else {
            continue;
        };
        let days = (deadline - region.today).num_days();
        let kind = match days {
            _ if activity.done() => continue,
            d if d < 0 => "overdue",
            d if d <= SOON_DAYS => "deadline_soon",
            _ => continue,
        };
        let key = format!("{}:{}", activity.stage, cell("title"));
        let claimed: Option<i32> = sqlx::query_scalar(
            "insert into support_deadline_mail (tenant_id, document_id, activity, kind, deadline)
             values ($1, $2, $3, $4, $5) on conflict do nothing returning 1",
        )
        .bind(region.id)
        .bind(map.document_id)
        .bind(&key)
        .bind(kind)
        .bind(deadline)
        .fetch_optional(&mut *conn)
        .await?;
        if claimed.is_none() {
            continue;
        }
        let subject = match kind {
            "overdue" => ru::sdoc_mail_overdue_subject(cell("title")),
            _ => ru::sdoc_mail_soon_subject(cell("title")),
        };
        let shown = deadline.format("%d.%m.%Y").to_string();
        let text = vec![ru::sdoc_mail_activity_text(
            &map.school,
            cell("title"),
            &shown,
            cell("responsible"),
        )];
        let mut people: Vec<Uuid> = super::db::directors(conn, region.id, map.school_id)
            .await?
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        if kind == "overdue" {
            people.extend(map.curator_id);
        }
        for user in people {
            let composed = compose(
                conn,
                region.id,
                &region.name,
                user,
                kind,
                &subject,
                text.clone(),
                &href,
            )
            .await?;
            if let Some((address, email)) = composed {
                notifications::enqueue(conn, Some(region.id), &address, email).await?;
                queued += 1;
            }
        }
    }
    Ok(queued)
}
