//! A member's subscriptions: one per thread or section, each with its own delivery.

use base64::Engine;
use uuid::Uuid;

use super::{SubscriptionView, DELIVERIES};
use crate::{
    access::{ClubCtx, ClubMember},
    error::AppError,
    i18n::ru,
};

/// The one-click unsubscribe link's secret: 32 random bytes, URL-safe.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The thread (by its id) or the section (by its slug) of the club a subscription follows.
async fn target(ctx: &mut ClubCtx, scope: &str, target: &str) -> Result<Uuid, AppError> {
    let missing = || AppError::invalid("target", ru::CLUB_SUBSCRIBE_NOT_FOUND);
    let club_id = ctx.club_id();
    let found: Option<Uuid> = match scope {
        "thread" => {
            let id: Uuid = target.parse().map_err(|_| missing())?;
            sqlx::query_scalar("select id from club_threads where club_id = $1 and id = $2")
                .bind(club_id)
                .bind(id)
                .fetch_optional(ctx.conn())
                .await?
        }
        "section" => {
            sqlx::query_scalar("select id from club_sections where club_id = $1 and slug = $2")
                .bind(club_id)
                .bind(target)
                .fetch_optional(ctx.conn())
                .await?
        }
        _ => None,
    };
    found.ok_or_else(missing)
}

pub async fn get_subscription(club: &str, scope: &str, target_id: &str) -> Result<String, AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let target_id = target(&mut ctx, scope, target_id).await?;
    let delivery: Option<String> = sqlx::query_scalar(
        "select delivery from club_subscriptions
         where club_id = $1 and user_id = $2 and scope = $3 and coalesce(thread_id, section_id) = $4",
    )
    .bind(ctx.club_id())
    .bind(ctx.user.user_id)
    .bind(scope)
    .bind(target_id)
    .fetch_optional(ctx.conn())
    .await?;
    ctx.commit().await?;
    Ok(delivery.unwrap_or_else(|| "off".to_string()))
}

pub async fn set_subscription(
    club: &str,
    scope: &str,
    target_id: &str,
    delivery: &str,
) -> Result<(), AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let target_id = target(&mut ctx, scope, target_id).await?;
    if !DELIVERIES.contains(&delivery) {
        return Err(AppError::invalid("delivery", ru::CLUB_DELIVERY_INVALID));
    }
    let (thread, section) = if scope == "thread" {
        (Some(target_id), None)
    } else {
        (None, Some(target_id))
    };
    sqlx::query(
        "insert into club_subscriptions (club_id, user_id, scope, thread_id, section_id, delivery, token)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (club_id, user_id, scope, coalesce(thread_id, section_id, club_id))
         do update set delivery = excluded.delivery, updated_at = now()",
    )
    .bind(ctx.club_id())
    .bind(ctx.user.user_id)
    .bind(scope)
    .bind(thread)
    .bind(section)
    .bind(delivery)
    .bind(new_token())
    .execute(ctx.conn())
    .await?;
    // Items waiting for a digest follow the subscription's new delivery.
    sqlx::query(
        "update club_notifications n set delivery = nullif($3, 'off')
         from club_subscriptions s
         where s.club_id = $1 and s.user_id = $2 and s.scope = $4 and coalesce(s.thread_id, s.section_id) = $5
           and n.club_id = s.club_id and n.subscription_id = s.id and n.mailed_at is null",
    )
    .bind(ctx.club_id())
    .bind(ctx.user.user_id)
    .bind(delivery)
    .bind(scope)
    .bind(target_id)
    .execute(ctx.conn())
    .await?;
    ctx.audit(
        "club_subscription_set",
        serde_json::json!({ "scope": scope, "target": target_id, "delivery": delivery }),
    )
    .await?;
    ctx.commit().await
}

#[derive(sqlx::FromRow)]
struct Row {
    scope: String,
    target: Option<Uuid>,
    title: Option<String>,
    delivery: String,
}

pub async fn get_subscriptions(club: &str) -> Result<Vec<SubscriptionView>, AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let rows: Vec<Row> = sqlx::query_as(
        "select s.scope, coalesce(s.thread_id, s.section_id) as target, coalesce(t.title, sec.title) as title,
                s.delivery
         from club_subscriptions s
         left join club_threads t on t.club_id = s.club_id and t.id = s.thread_id
         left join club_sections sec on sec.club_id = s.club_id and sec.id = s.section_id
         where s.club_id = $1 and s.user_id = $2
         order by s.scope, title",
    )
    .bind(ctx.club_id())
    .bind(ctx.user.user_id)
    .fetch_all(ctx.conn())
    .await?;
    ctx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|row| SubscriptionView {
            scope: row.scope,
            target: row.target.map(|id| id.to_string()).unwrap_or_default(),
            title: row.title.unwrap_or_default(),
            delivery: row.delivery,
        })
        .collect())
}
