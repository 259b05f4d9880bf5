//! Registration for an event: within its capacity, before it starts.

use uuid::Uuid;

use crate::{access::ClubMember, error::AppError, i18n::ru};

pub async fn register_event(club: &str, id: &str) -> Result<(), AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let club_id = ctx.club_id();
    // The event's row is locked, so two members taking the last seat are counted one by one.
    let event: Option<(Option<i32>, bool)> = sqlx::query_as(
        "select capacity, starts_at <= now() from club_events where club_id = $1 and id = $2 for update",
    )
    .bind(club_id)
    .bind(id)
    .fetch_optional(ctx.conn())
    .await?;
    let (capacity, started) = event.ok_or(AppError::NotFound)?;
    if started {
        return Err(AppError::invalid("id", ru::CLUB_EVENT_STARTED));
    }
    let taken: i64 = sqlx::query_scalar(
        "select count(*) from club_event_registrations where club_id = $1 and event_id = $2 and user_id <> $3",
    )
    .bind(club_id)
    .bind(id)
    .bind(ctx.user.user_id)
    .fetch_one(ctx.conn())
    .await?;
    if capacity.is_some_and(|capacity| taken >= i64::from(capacity)) {
        return Err(AppError::invalid("id", ru::CLUB_EVENT_FULL));
    }
    sqlx::query(
        "insert into club_event_registrations (club_id, event_id, user_id) values ($1, $2, $3)
         on conflict do nothing",
    )
    .bind(club_id)
    .bind(id)
    .bind(ctx.user.user_id)
    .execute(ctx.conn())
    .await?;
    ctx.audit("club_event_registered", serde_json::json!({ "event": id }))
        .await?;
    ctx.commit().await
}

pub async fn unregister_event(club: &str, id: &str) -> Result<(), AppError> {
    let mut ctx = ClubMember::require(club).await?;
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    sqlx::query("delete from club_event_registrations where club_id = $1 and event_id = $2 and user_id = $3")
        .bind(ctx.club_id())
        .bind(id)
        .bind(ctx.user.user_id)
        .execute(ctx.conn())
        .await?;
    ctx.audit("club_event_unregistered", serde_json::json!({ "event": id }))
        .await?;
    ctx.commit().await
}
