//! The public check of a certificate by its number, without signing in: valid or revoked,
//! the holder's name masked unless the visitor types the surname, and the uploaded-file check.

use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::issue::hex;
use super::verify_cache::Record;
use super::{db, revoke_category_label, signing, text, Verification};
use crate::access::Visitor;
use crate::accounts::rate_limit::{client_key, Action};
use crate::error::AppError;
use crate::state::AppState;
use crate::tenancy::db::{tenant_by_code, TenantRow};

/// Counts one check against the client's limit.
pub fn limit(state: &AppState, ip: Option<std::net::IpAddr>) -> Result<(), AppError> {
    let key = ip.map_or_else(|| "unknown".to_string(), client_key);
    state
        .limits
        .check(Action::Verify, &key)
        .map_err(|retry_after| AppError::RateLimited { retry_after })
}

/// The region whose code starts a well-formed number.
async fn region_of(state: &AppState, number: &str) -> Result<TenantRow, AppError> {
    let code = text::region_of(number).ok_or(AppError::NotFound)?;
    tenant_by_code(&state.db, code).await?.ok_or(AppError::NotFound)
}

/// What `/verify/{number}` shows; `surname`, when it is the holder's, unmasks the name.
pub async fn verify_certificate(
    state: &AppState,
    ip: Option<std::net::IpAddr>,
    number: &str,
    surname: &str,
) -> Result<Verification, AppError> {
    limit(state, ip)?;
    let record = match state.verifications.get(number) {
        Some(record) => record,
        None => record_of(state, number).await?,
    };
    let holder = if text::surname_matches(&record.full_name, surname) {
        record.full_name.clone()
    } else {
        text::masked_name(&record.full_name)
    };
    Ok(Verification {
        number: number.to_string(),
        holder,
        programme: record.programme.clone(),
        hours: record.hours,
        issued_on: record.issued_on.clone(),
        region: record.region.clone(),
        revoked: record.revoked.clone(),
    })
}

/// Reads `number`'s record and keeps it for the next check (see `verify_cache`).
async fn record_of(state: &AppState, number: &str) -> Result<Arc<Record>, AppError> {
    let epoch = state.verifications.epoch();
    // One query finds the region and one transaction reads the certificate, the fewest round
    // trips to the database the row-level security allows.
    let tenant = region_of(state, number).await?;
    let mut visitor = Visitor::anonymous_in(state.clone(), tenant).await?;
    let (tenant_id, zone) = (visitor.tenant_id(), visitor.tenant.time_zone.clone());
    let found = db::by_number(visitor.conn(), tenant_id, &zone, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let region = visitor.tenant.card.name.clone();
    visitor.commit().await?;
    let revoked = found.revoked_on.map(|on| {
        let category = found
            .revoke_category
            .as_deref()
            .map(revoke_category_label)
            .unwrap_or_default();
        (on, category.to_string())
    });
    let record = Arc::new(Record {
        full_name: found.full_name,
        programme: found.programme,
        hours: found.hours,
        issued_on: found.issued_on,
        region,
        revoked,
    });
    state.verifications.put(number, record.clone(), epoch);
    Ok(record)
}

/// The verdict on an uploaded file for `number`: `match` when it is byte for byte the issued
/// PDF (its SHA-256 is the stored one) or a JSON twin whose signature and content hold,
/// `signature` for a twin whose signature or content does not, `mismatch` otherwise.
pub async fn check_file(state: &AppState, number: &str, file: &[u8]) -> Result<&'static str, AppError> {
    let tenant_id = tenant_of(state, number).await?;
    let mut tx = crate::state::begin_tenant(&state.db, tenant_id).await?;
    let stored: Option<String> =
        sqlx::query_scalar("select sha256 from certificates where tenant_id = $1 and number = $2")
            .bind(tenant_id)
            .bind(number)
            .fetch_optional(&mut *tx)
            .await?;
    let public_key: Option<Vec<u8>> =
        sqlx::query_scalar("select public_key from certificate_keys where tenant_id = $1")
            .bind(tenant_id)
            .fetch_optional(&mut *tx)
            .await?;
    tx.commit().await?;
    let stored = stored.ok_or(AppError::NotFound)?;
    let twin = public_key.and_then(|key| signing::check_twin(&key, number, file));
    Ok(match twin {
        Some(true) => "match",
        Some(false) => "signature",
        None if hex(&Sha256::digest(file)) == stored => "match",
        None => "mismatch",
    })
}

/// The region whose code starts a well-formed number.
async fn tenant_of(state: &AppState, number: &str) -> Result<uuid::Uuid, AppError> {
    region_of(state, number).await.map(|tenant| tenant.id)
}

async fn tenant_id_by_code(state: &AppState, code: &str) -> Result<uuid::Uuid, AppError> {
    let tenant = tenant_by_code(&state.db, code).await?;
    tenant.map(|tenant| tenant.id).ok_or(AppError::NotFound)
}

/// The region's published key set (an empty set before its first certificate).
pub async fn jwks(state: &AppState, code: &str) -> Result<serde_json::Value, AppError> {
    let tenant_id = tenant_id_by_code(state, code).await?;
    let mut tx = crate::state::begin_tenant(&state.db, tenant_id).await?;
    let key: Option<(String, Vec<u8>)> =
        sqlx::query_as("select kid, public_key from certificate_keys where tenant_id = $1")
            .bind(tenant_id)
            .fetch_optional(&mut *tx)
            .await?;
    tx.commit().await?;
    Ok(match key {
        Some((kid, public_key)) => signing::jwks(&kid, &public_key),
        None => serde_json::json!({ "keys": [] }),
    })
}
