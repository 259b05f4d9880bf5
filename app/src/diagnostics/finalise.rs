//! Finishing attempts: by the person, on a page that finds one past its deadline, or by the
//! deadline job. Scoring happens here, once.

use std::collections::HashMap;

use sqlx::PgConnection;
use uuid::Uuid;

use super::db;
use super::model::{Answer, Item};
use super::scoring;
use crate::access::{audit, Ctx};
use crate::error::AppError;
use crate::state::{begin_tenant, AppState};

/// Scores and closes an attempt in the context's transaction; see [`finalise_in`].
pub(super) async fn finalise(ctx: &mut Ctx, attempt_id: Uuid, by: &str) -> Result<(), AppError> {
    let (tenant_id, public_url) = (ctx.tenant.id, ctx.state.public_url.clone());
    if finalise_in(&mut ctx.tx, tenant_id, &public_url, attempt_id, by).await? {
        ctx.mail_queued();
    }
    Ok(())
}

/// Scores and closes an attempt once; later calls do nothing. The exclusive advisory lock
/// (saves take it shared, see `rost_save_answer`) makes it wait for autosaves in flight, so
/// every answer saved before it is counted and none is saved after. Returns whether it queued
/// the e-mail about the result.
async fn finalise_in(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    public_url: &str,
    attempt_id: Uuid,
    by: &str,
) -> Result<bool, AppError> {
    let row = db::lock_attempt(conn, tenant_id, attempt_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.finished {
        return Ok(false);
    }
    let framework = db::framework_body(conn, tenant_id, row.framework_id).await?;
    let bank = db::item_versions(conn, tenant_id, row.items.iter().map(|d| (d.id, d.version))).await?;
    let answers: HashMap<Uuid, Answer> = db::answers(conn, tenant_id, attempt_id)
        .await?
        .into_iter()
        .map(|a| (a.item_id, a.answer))
        .collect();
    let scored: Vec<(&Item, Option<&Answer>)> = row
        .items
        .iter()
        .filter_map(|d| Some((bank.get(&(d.id, d.version))?, answers.get(&d.id))))
        .collect();
    let result = scoring::score_attempt(&framework, &scored);
    db::close_attempt(conn, tenant_id, attempt_id, by, &result).await?;
    let mail = super::retest::result_mail(conn, tenant_id, public_url, attempt_id, &row).await?;
    crate::notifications::enqueue(conn, Some(tenant_id), &row.email, mail).await?;
    // The attempt's person, also when the deadline job finishes it (it has no person of its own).
    let details = serde_json::json!({ "attempt": attempt_id, "by": by });
    audit(
        conn,
        Some(tenant_id),
        Some(row.user_id),
        "attempt_finished",
        details,
    )
    .await?;
    Ok(true)
}

/// Finishes the person's attempts whose deadline has passed, so a page never shows an attempt
/// that the deadline job has not reached yet as still open.
pub(super) async fn finalise_overdue_of(ctx: &mut Ctx, user_id: Uuid) -> Result<(), AppError> {
    let tenant_id = ctx.tenant.id;
    for id in db::overdue(&mut ctx.tx, tenant_id, Some(user_id)).await? {
        finalise(ctx, id, "deadline").await?;
    }
    Ok(())
}

/// The deadline job: finishes every attempt whose deadline has passed, in every region, each
/// in its own transaction (there is no request, so no gate). Returns how many it finished.
pub async fn finalise_due(state: &AppState) -> Result<usize, AppError> {
    let tenants: Vec<Uuid> = sqlx::query_scalar("select id from tenants")
        .fetch_all(&state.db)
        .await?;
    let mut finished = 0;
    for tenant_id in tenants {
        let due = db::overdue(&mut *begin_tenant(&state.db, tenant_id).await?, tenant_id, None).await?;
        for id in due {
            let mut tx = begin_tenant(&state.db, tenant_id).await?;
            let mailed = finalise_in(&mut tx, tenant_id, &state.public_url, id, "deadline").await?;
            tx.commit().await?;
            if mailed {
                state.outbox.wake();
            }
            finished += 1;
        }
    }
    Ok(finished)
}
