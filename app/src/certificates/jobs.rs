//! The bulk-issue worker: issues the pending rows of every region's jobs, one person per
//! transaction. The row is claimed, the certificate issued and the row marked done in the same
//! transaction, so a crash rolls all three back and a restart resumes without issuing twice.

use uuid::Uuid;

use super::issue::{issue_in, Issue};
use super::{db, evidence, text::Facts};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::{begin_tenant, AppState};
use crate::tenancy::db::TenantRow;

/// Issues every pending job row; returns how many certificates it issued.
pub async fn run_due(state: &AppState) -> Result<usize, AppError> {
    let tenants: Vec<TenantRow> = sqlx::query_as(
        "select id, slug, name, region_code, time_zone, status_labels from tenants
         where active and id in (select rost_certificate_job_tenants())",
    )
    .fetch_all(&state.db)
    .await?;
    let mut issued = 0;
    for tenant in tenants {
        while let Some(done) = next(state, &tenant).await? {
            issued += usize::from(done);
        }
    }
    Ok(issued)
}

/// Handles one pending row of the region: `None` when there is none, else whether it issued.
async fn next(state: &AppState, tenant: &TenantRow) -> Result<Option<bool>, AppError> {
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let claimed: Option<(Uuid, Uuid, Option<Uuid>)> = sqlx::query_as(
        "select i.job_id, i.user_id, j.created_by from certificate_job_items i
         join certificate_jobs j on j.tenant_id = i.tenant_id and j.id = i.job_id
         where i.tenant_id = $1 and i.status = 'pending'
         order by j.created_at, i.user_id limit 1 for update of i skip locked",
    )
    .bind(tenant.id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((job, user, by)) = claimed else {
        return Ok(None);
    };
    let outcome = attempt(&mut tx, tenant, state, user, by).await?;
    let issued = outcome.is_ok();
    let (number, error) = match outcome {
        Ok(number) => (Some(number), None),
        Err(error) => (None, Some(error)),
    };
    if !issued {
        tx.rollback().await?;
        tx = begin_tenant(&state.db, tenant.id).await?;
    }
    sqlx::query(
        "update certificate_job_items set status = $4, number = $5, error = $6
         where tenant_id = $1 and job_id = $2 and user_id = $3 and status = 'pending'",
    )
    .bind(tenant.id)
    .bind(job)
    .bind(user)
    .bind(if issued { "done" } else { "failed" })
    .bind(&number)
    .bind(&error)
    .execute(&mut *tx)
    .await?;
    if let Some(number) = &number {
        crate::access::audit(
            &mut tx,
            Some(tenant.id),
            by,
            "certificate_issued",
            serde_json::json!({ "number": number, "job": job }),
        )
        .await?;
    }
    tx.commit().await?;
    if issued {
        state.outbox.wake();
    }
    Ok(Some(issued))
}

/// Issues to `user` if the rule in force still makes them eligible: `Ok(Err(message))` when it
/// does not or the template fails, an `Err` only for a fault.
async fn attempt(
    tx: &mut sqlx::PgConnection,
    tenant: &TenantRow,
    state: &AppState,
    user: Uuid,
    by: Option<Uuid>,
) -> Result<Result<String, String>, AppError> {
    let rule = db::rule(tx, tenant.id).await?;
    let row = if rule.kind == "manual" {
        None
    } else {
        evidence::eligible(tx, tenant.id, &rule, Some(&[user]))
            .await?
            .into_iter()
            .next()
            .map(|candidate| candidate.row)
    };
    let Some(row) = row else {
        return Ok(Err(ru::CERTIFICATE_NOT_ELIGIBLE.to_string()));
    };
    let issue = Issue {
        user_id: user,
        facts: Facts {
            full_name: row.full_name,
            programme: row.programme,
            hours: row.hours,
            dates: row.dates,
            competencies: row.competencies,
        },
        basis: Some(row.basis),
        reason: None,
        rule_version: Some(rule.version),
        by,
    };
    match issue_in(tx, tenant, state, issue).await {
        Ok(number) => Ok(Ok(number)),
        Err(AppError::Invalid { message, .. }) => Ok(Err(message)),
        Err(error) => Err(error),
    }
}
