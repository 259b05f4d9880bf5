//! The operator's page of the diagnostics: the framework, the bank, instruments and campaigns.

use super::db;
use super::{CampaignRow, DiagnosticsAdmin, InstrumentRow, ItemRow};
use crate::access::{Staff, OPERATOR};
use crate::error::AppError;

pub async fn get_diagnostics_admin(slug: &str) -> Result<DiagnosticsAdmin, AppError> {
    let mut staff = Staff::require(slug, OPERATOR).await?;
    let tenant = staff.tenant.clone();
    let framework = db::framework_of(&mut staff.tx, tenant.id).await?;
    let mut items = Vec::new();
    let mut instruments = Vec::new();
    let mut campaigns = Vec::new();
    if let Some(framework) = &framework {
        let frozen = db::frozen_versions(&mut staff.tx, tenant.id, None).await?;
        items = db::current_items(&mut staff.tx, tenant.id, framework.id)
            .await?
            .into_iter()
            .map(|b| ItemRow {
                id: b.id.to_string(),
                version: b.version,
                frozen: frozen.contains(&(b.id, b.version)),
                item: b.item,
            })
            .collect();
        instruments = db::instruments(&mut staff.tx, tenant.id, &tenant.time_zone)
            .await?
            .into_iter()
            .map(|row| InstrumentRow {
                id: row.id.to_string(),
                title: row.title,
                body: row.body,
                time_limit_minutes: row.time_limit_minutes,
                opens_at: row.opens_at,
                closes_at: row.closes_at,
                finished_attempts: row.finished as usize,
            })
            .collect();
        campaigns = db::campaigns(&mut staff.tx, tenant.id, &tenant.time_zone)
            .await?
            .into_iter()
            .map(|row| CampaignRow {
                id: row.id.to_string(),
                title: row.title,
                instrument: row.instrument,
                due_at: row.due_at,
                assigned: row.assigned as usize,
                finished: row.finished as usize,
            })
            .collect();
    }
    let municipalities = db::municipalities(&mut staff.tx, tenant.id).await?;
    staff.commit().await?;
    Ok(DiagnosticsAdmin {
        framework: framework.map(|f| f.body),
        items,
        instruments,
        campaigns,
        municipalities,
    })
}
