//! The region's KPI targets (share diagnosed, hours per school, certificates), set by its
//! operator, and the actual figures of a scope against them.

use super::db;
use super::{CoverageRow, Kpi, KpiForm};
use crate::access::{Staff, OPERATOR};
use crate::diagnostics::MIN_GROUP;
use crate::error::AppError;
use crate::i18n::ru;

/// The metrics, in the order the table lists them.
pub const METRICS: [&str; 3] = ["share_diagnosed", "hours_per_school", "certificates"];

/// A target as typed: empty clears it; else a non-negative number (a share at most 100 %),
/// with a decimal point or comma.
pub fn parse_target(field: &str, text: &str) -> Result<Option<f64>, AppError> {
    let text = text.trim().trim_end_matches('%').trim();
    if text.is_empty() {
        return Ok(None);
    }
    let name = format!("form[{field}]");
    let value: f64 = text
        .replace(',', ".")
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| {
            AppError::invalid(
                &name,
                ru::dash_target_not_a_number(ru::label(&ru::DASH_KPI_LABELS, field)),
            )
        })?;
    if field == "share_diagnosed" && value > 100.0 {
        return Err(AppError::invalid(&name, ru::DASH_TARGET_SHARE_OVER_100));
    }
    Ok(Some(value))
}

/// Saves the three targets at once (or none, on a mistake); audited.
pub async fn save_kpi_targets(slug: &str, form: KpiForm) -> Result<(), AppError> {
    let mut staff = Staff::require(slug, OPERATOR).await?;
    let values = [
        parse_target(METRICS[0], &form.share_diagnosed)?,
        parse_target(METRICS[1], &form.hours_per_school)?,
        parse_target(METRICS[2], &form.certificates)?,
    ];
    let (tenant_id, user_id) = (staff.tenant.id, staff.user.user_id);
    for (metric, value) in METRICS.iter().zip(values) {
        db::set_target(&mut staff.tx, tenant_id, metric, value, user_id).await?;
    }
    staff
        .audit(
            "kpi_targets_saved",
            serde_json::json!({ "share_diagnosed": values[0], "hours_per_school": values[1], "certificates": values[2] }),
        )
        .await?;
    staff.commit().await
}

/// What the KPIs are measured from, over the scope's people and schools.
#[derive(Debug, Clone)]
pub struct Done {
    /// Hours of completed courses, and the people who completed at least one.
    pub hours: i64,
    pub completed: i64,
    /// Unrevoked certificates.
    pub certificates: i64,
    /// Schools of the registry in the scope.
    pub schools: i64,
}

fn number(value: f64) -> String {
    let text = format!("{value:.1}");
    text.trim_end_matches(".0").replace('.', ",")
}

/// Planned against actual for the scope. The share diagnosed is of the registry's staff
/// (of the registered people without staff numbers); hours per school and certificates only
/// for at least five people, and certificates (a regional total) only for the region.
pub async fn kpis(
    staff: &mut Staff,
    done: &Done,
    total: &CoverageRow,
    region: bool,
) -> Result<(Vec<Kpi>, KpiForm), AppError> {
    let tenant_id = staff.tenant.id;
    let targets = db::targets(&mut staff.tx, tenant_id).await?;
    let target = |metric: &str| targets.iter().find(|(m, _)| m == metric).map(|(_, v)| *v);
    let enough = done.completed >= MIN_GROUP as i64;
    let hours = (enough && done.schools > 0).then(|| done.hours as f64 / done.schools as f64);
    let certificates = (done.certificates >= MIN_GROUP as i64).then_some(done.certificates as f64);
    let share = total.of_staff.or(total.of_registered).map(|s| s * 100.0);
    let mut rows = vec![(METRICS[0], share, " %"), (METRICS[1], hours, "")];
    if region {
        rows.push((METRICS[2], certificates, ""));
    }
    let kpis = rows
        .into_iter()
        .map(|(metric, actual, unit)| {
            let planned = target(metric);
            Kpi {
                label: ru::label(&ru::DASH_KPI_LABELS, metric).to_string(),
                target: planned.map(|v| format!("{}{unit}", number(v))),
                actual: actual.map(|v| format!("{}{unit}", number(v))),
                met: planned.zip(actual).map(|(p, a)| a >= p),
            }
        })
        .collect();
    let typed = |metric: &str| target(metric).map(number).unwrap_or_default();
    let form = KpiForm {
        share_diagnosed: typed(METRICS[0]),
        hours_per_school: typed(METRICS[1]),
        certificates: typed(METRICS[2]),
    };
    Ok((kpis, form))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_is_a_non_negative_number_and_a_share_at_most_a_hundred() {
        assert_eq!(parse_target("hours_per_school", " 40,5 ").unwrap(), Some(40.5));
        assert_eq!(parse_target("share_diagnosed", "80 %").unwrap(), Some(80.0));
        assert_eq!(parse_target("certificates", "").unwrap(), None);
        let error = parse_target("certificates", "-3").unwrap_err();
        assert!(matches!(&error, AppError::Invalid { field, .. } if field == "form[certificates]"));
        assert_eq!(
            error.to_string(),
            "«Сертификатов выдано»: укажите неотрицательное число"
        );
        let error = parse_target("share_diagnosed", "150").unwrap_err();
        assert_eq!(error.to_string(), ru::DASH_TARGET_SHARE_OVER_100);
        assert_eq!(number(77.333), "77,3");
        assert_eq!(number(80.0), "80");
    }
}
