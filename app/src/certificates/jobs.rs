//! The bulk-issue worker: issues the pending rows of every region's jobs in batches. A batch is
//! claimed (`skip locked`), checked, numbered with one counter update, drawn on every core,
//! recorded and marked done in one transaction, so a crash rolls the whole batch back and a
//! restart resumes without issuing twice, and the numbers stay gap-free.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use uuid::Uuid;

use super::db::EligibleRow;
use super::issue::{issue_in, record, Context, Issue, Made};
use super::{db, evidence, text, text::Facts};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::{begin_tenant, AppState};
use crate::tenancy::db::TenantRow;

/// Rows per transaction: enough to keep every core drawing, few enough that the region's
/// counter row (locked until the commit) is not held for long.
const BATCH: i64 = 64;

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
        while let Some(done) = next_batch(state, &tenant).await? {
            issued += done;
        }
    }
    Ok(issued)
}

/// A claimed job row.
#[derive(sqlx::FromRow)]
struct Claimed {
    job_id: Uuid,
    user_id: Uuid,
    created_by: Option<Uuid>,
}

/// Handles up to [`BATCH`] pending rows of the region: `None` when there is none, else how
/// many it issued.
async fn next_batch(state: &AppState, tenant: &TenantRow) -> Result<Option<usize>, AppError> {
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let claimed: Vec<Claimed> = sqlx::query_as(
        "select i.job_id, i.user_id, j.created_by from certificate_job_items i
         join certificate_jobs j on j.tenant_id = i.tenant_id and j.id = i.job_id
         where i.tenant_id = $1 and i.status = 'pending'
         order by j.created_at, i.user_id limit $2 for update of i skip locked",
    )
    .bind(tenant.id)
    .bind(BATCH)
    .fetch_all(&mut *tx)
    .await?;
    if claimed.is_empty() {
        return Ok(None);
    }
    let context = Arc::new(Context::load(&mut tx, tenant, state).await?);
    let (issues, failures) = sort(&mut tx, tenant, &context, &claimed).await?;
    let mut drawn = draw(&mut tx, tenant, context, &issues).await?;
    let mut rows = issues.iter();
    while let Some(chunk) = drawn.recv().await {
        let Ok(chunk) = chunk else {
            tx.rollback().await?;
            return one_by_one(state, tenant, claimed.len()).await.map(Some);
        };
        for (made, (row, issue)) in chunk.into_iter().zip(rows.by_ref()) {
            let number = made.number.clone();
            record(&mut tx, tenant, &state.public_url, issue, made).await?;
            mark(&mut tx, tenant, row, Ok(&number)).await?;
        }
    }
    if rows.next().is_some() {
        return Err(AppError::internal("the certificate renderer stopped"));
    }
    for (row, error) in &failures {
        mark(&mut tx, tenant, row, Err(error)).await?;
    }
    tx.commit().await?;
    if !issues.is_empty() {
        state.outbox.wake();
    }
    Ok(Some(issues.len()))
}

/// Splits the claimed rows into the certificates to issue and the failures with their reasons:
/// the rule in force must still make the person eligible (once per batch, so a person listed in
/// two jobs gets one certificate per basis), and the template must fill with their facts.
async fn sort<'a>(
    tx: &mut sqlx::PgConnection,
    tenant: &TenantRow,
    context: &Context,
    claimed: &'a [Claimed],
) -> Result<(Vec<(&'a Claimed, Issue)>, Vec<(&'a Claimed, String)>), AppError> {
    let rule = db::rule(tx, tenant.id).await?;
    let mut eligible: HashMap<Uuid, Vec<EligibleRow>> = HashMap::new();
    if rule.kind != "manual" {
        let users: Vec<Uuid> = claimed.iter().map(|row| row.user_id).collect();
        for candidate in evidence::eligible(tx, tenant.id, &rule, Some(&users)).await? {
            eligible
                .entry(candidate.row.user_id)
                .or_default()
                .push(candidate.row);
        }
        eligible.values_mut().for_each(|rows| rows.reverse());
    }
    let (mut issues, mut failures) = (Vec::new(), Vec::new());
    for row in claimed {
        let Some(found) = eligible.get_mut(&row.user_id).and_then(Vec::pop) else {
            failures.push((row, ru::CERTIFICATE_NOT_ELIGIBLE.to_string()));
            continue;
        };
        let issue = Issue {
            user_id: row.user_id,
            facts: facts(
                found.full_name,
                found.programme,
                found.hours,
                found.dates,
                found.competencies,
            ),
            basis: Some(found.basis),
            reason: None,
            rule_version: Some(rule.version),
            by: row.created_by,
        };
        match context.check(&issue.facts) {
            Ok(()) => issues.push((row, issue)),
            Err(message) => failures.push((row, message)),
        }
    }
    Ok((issues, failures))
}

fn facts(full_name: String, programme: String, hours: i32, dates: String, competencies: String) -> Facts {
    Facts {
        full_name,
        programme,
        hours,
        dates,
        competencies,
    }
}

/// Certificates drawn at once on every core: the recording of one chunk overlaps the drawing
/// of the next.
const CHUNK: usize = 8;

/// A chunk of drawn certificates in the batch's order, or the first that could not be drawn.
type Drawn = Result<Vec<Made>, AppError>;

/// Takes the batch's numbers and draws its certificates in parallel on a blocking thread,
/// handing them over chunk by chunk; an `Err` chunk ends it (the caller rolls back: no number
/// is lost).
async fn draw(
    tx: &mut sqlx::PgConnection,
    tenant: &TenantRow,
    context: Arc<Context>,
    issues: &[(&Claimed, Issue)],
) -> Result<tokio::sync::mpsc::Receiver<Drawn>, AppError> {
    let (sender, receiver) = tokio::sync::mpsc::channel(2);
    if issues.is_empty() {
        return Ok(receiver);
    }
    let count = i32::try_from(issues.len()).map_err(AppError::internal)?;
    let (year, last) = db::next_sequences(tx, tenant.id, &tenant.time_zone, count).await?;
    let work: Vec<(String, Facts)> = issues
        .iter()
        .zip(last - count + 1..=last)
        .map(|((_, issue), sequence)| {
            let number = text::number(&tenant.card.region_code, year, sequence);
            (number, issue.facts.clone())
        })
        .collect();
    tokio::task::spawn_blocking(move || {
        for chunk in work.chunks(CHUNK) {
            let drawn: Drawn = chunk
                .par_iter()
                .map(|(number, facts)| context.make(number.clone(), facts))
                .collect();
            let failed = drawn.is_err();
            if sender.blocking_send(drawn).is_err() || failed {
                break;
            }
        }
    });
    Ok(receiver)
}

/// Marks a claimed row done with its number or failed with the reason; audits an issue.
async fn mark(
    tx: &mut sqlx::PgConnection,
    tenant: &TenantRow,
    row: &Claimed,
    outcome: Result<&str, &str>,
) -> Result<(), AppError> {
    let (status, number, error) = match outcome {
        Ok(number) => ("done", Some(number), None),
        Err(error) => ("failed", None, Some(error)),
    };
    sqlx::query(
        "update certificate_job_items set status = $4, number = $5, error = $6
         where tenant_id = $1 and job_id = $2 and user_id = $3 and status = 'pending'",
    )
    .bind(tenant.id)
    .bind(row.job_id)
    .bind(row.user_id)
    .bind(status)
    .bind(number)
    .bind(error)
    .execute(&mut *tx)
    .await?;
    if let Some(number) = number {
        crate::access::audit(
            tx,
            Some(tenant.id),
            row.created_by,
            "certificate_issued",
            serde_json::json!({ "number": number, "job": row.job_id }),
        )
        .await?;
    }
    Ok(())
}

/// A batch in which one certificate could not be drawn is issued again one row per
/// transaction, so that row fails with its reason and the others are issued.
async fn one_by_one(state: &AppState, tenant: &TenantRow, rows: usize) -> Result<usize, AppError> {
    let mut issued = 0;
    for _ in 0..rows {
        match next(state, tenant).await? {
            Some(done) => issued += usize::from(done),
            None => break,
        }
    }
    Ok(issued)
}

/// Handles one pending row of the region in its own transaction: `None` when there is none,
/// else whether it issued.
async fn next(state: &AppState, tenant: &TenantRow) -> Result<Option<bool>, AppError> {
    let mut tx = begin_tenant(&state.db, tenant.id).await?;
    let claimed: Option<Claimed> = sqlx::query_as(
        "select i.job_id, i.user_id, j.created_by from certificate_job_items i
         join certificate_jobs j on j.tenant_id = i.tenant_id and j.id = i.job_id
         where i.tenant_id = $1 and i.status = 'pending'
         order by j.created_at, i.user_id limit 1 for update of i skip locked",
    )
    .bind(tenant.id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = claimed else {
        return Ok(None);
    };
    let outcome = attempt(&mut tx, tenant, state, row.user_id, row.created_by).await?;
    if outcome.is_err() {
        tx.rollback().await?;
        tx = begin_tenant(&state.db, tenant.id).await?;
    }
    mark(&mut tx, tenant, &row, outcome.as_deref().map_err(String::as_str)).await?;
    tx.commit().await?;
    if outcome.is_ok() {
        state.outbox.wake();
    }
    Ok(Some(outcome.is_ok()))
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
        facts: facts(
            row.full_name,
            row.programme,
            row.hours,
            row.dates,
            row.competencies,
        ),
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
