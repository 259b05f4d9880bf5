//! `get_dashboard`: every view of the reader's scope, computed in one tenant transaction (or
//! taken from `cache` when the region's figures have not changed since).

use std::sync::Arc;

use super::cache::{self, Key};
use super::db::{self, Grouping};
use super::db_support;
use super::figures::{certificate_rows, coverage_row, coverage_rows, deficit_map, growth_rows, uptake_rows};
use super::kpi;
use super::scope::{scope_of, Scope, READERS};
use super::support::{identification_years, trained_schools, SchoolFilter, TRAINED_HOURS};
use super::{Dashboard, ScopeKind, Support};
use crate::access::{Role, Staff};
use crate::courses::recommend::COVERS_FROM;
use crate::diagnostics::{GroupSize, MIN_GROUP};
use crate::error::AppError;
use crate::i18n::ru;

/// A group's label: a position's Russian name, «не указано» for people without one.
fn label(grouping: Grouping) -> impl Fn(&str) -> String {
    move |grp: &str| match (grouping, grp) {
        (_, "") => ru::DASH_NOT_SET.to_string(),
        (Grouping::Position, code) => ru::label(&ru::POSITIONS, code).to_string(),
        (Grouping::Support, code) => ru::label(&ru::DASH_SUPPORT_GROUPS, code).to_string(),
        (_, name) => name.to_string(),
    }
}

/// The dashboard as the reader may see it; the look is audited.
pub async fn get_dashboard(slug: &str, narrow: Option<&str>) -> Result<Dashboard, AppError> {
    let mut staff = Staff::require(slug, READERS).await?;
    let scope = scope_of(&mut staff, narrow).await?;
    let dashboard = cached(&mut staff, &scope).await?;
    staff
        .audit(
            "dashboard_viewed",
            serde_json::json!({ "scope": scope.name, "municipality": scope.limits.municipality,
                                "school": scope.limits.school }),
        )
        .await?;
    staff.commit().await?;
    Ok(Arc::unwrap_or_clone(dashboard))
}

/// The dashboard of `scope`, built once per data version of the region (see `cache`).
pub async fn cached(staff: &mut Staff, scope: &Scope) -> Result<Arc<Dashboard>, AppError> {
    let tenant_id = staff.tenant.id;
    let key = Key::of(tenant_id, scope, staff.has(Role::RegionalOperator));
    let version = cache::version(&mut staff.tx, tenant_id).await?;
    if let Some(dashboard) = staff.state.dashboards.get(&key, &version) {
        return Ok(dashboard);
    }
    let dashboard = Arc::new(build(staff, scope).await?);
    staff.state.dashboards.put(key, version, dashboard.clone());
    Ok(dashboard)
}

/// Every view of `scope`, in the gate's transaction.
async fn build(staff: &mut Staff, scope: &Scope) -> Result<Dashboard, AppError> {
    let tenant_id = staff.tenant.id;
    let (limits, grouping) = (scope.limits, scope.grouping());
    let conn = &mut *staff.tx;
    let by_group = label(grouping);
    db::tune(conn).await?;
    let groups = db::groups(conn, tenant_id, limits, grouping).await?;
    let registry = db::staff(conn, tenant_id, limits, grouping).await?;
    let (deficits, support_deficits) = db::deficits(conn, tenant_id, limits, grouping).await?;
    let courses = db::covering_courses(conn, tenant_id, COVERS_FROM).await?;
    let growth = db::growth(conn, tenant_id, limits).await?;
    let municipalities = if staff.has(Role::RegionalOperator) {
        db::municipalities(&mut staff.tx, tenant_id).await?
    } else {
        Vec::new()
    };
    let retested = groups.total.retested;
    let growth = if retested >= MIN_GROUP as i64 {
        growth_rows(&growth)
    } else {
        Vec::new()
    };
    let (years, movements) = identification(staff, scope).await?;
    let support = support(staff, scope, &groups, &support_deficits, &courses).await?;
    let total = coverage_row(ru::DASH_TOTAL.to_string(), Some(&groups.total), registry.staff);
    let done = kpi::Done {
        hours: groups.total.hours,
        completed: groups.total.completed,
        certificates: groups.total.issued - groups.total.revoked,
        schools: registry.schools,
    };
    let region = scope.kind == ScopeKind::Region;
    let (kpis, form) = kpi::kpis(staff, &done, &total, region).await?;
    let kpi_form = (region && staff.has(Role::RegionalOperator)).then_some(form);
    let uptake: Vec<db::UptakeCount> = groups
        .by_group
        .iter()
        .filter_map(db::GroupCount::uptake)
        .collect();
    let certificates: Vec<db::CertificateCount> = groups
        .by_group
        .iter()
        .filter_map(db::GroupCount::certificates)
        .collect();
    Ok(Dashboard {
        kind: scope.kind,
        scope: scope.name.clone(),
        municipalities,
        group_title: match scope.kind {
            ScopeKind::Region => ru::DASH_GROUP_MUNICIPALITY,
            ScopeKind::Municipality => ru::DASH_GROUP_SCHOOL,
            ScopeKind::School => ru::DASH_GROUP_POSITION,
        }
        .to_string(),
        coverage: coverage_rows(&groups.by_group, &registry.by_group, &by_group),
        total,
        positions: coverage_rows(&groups.positions, &[], &label(Grouping::Position)),
        deficits: deficit_map(&deficits, &courses, &by_group),
        growth_people: GroupSize::of(usize::try_from(retested).unwrap_or(0)),
        growth,
        uptake: uptake_rows(&uptake, &by_group),
        certificates: certificate_rows(&certificates, &by_group),
        years,
        movements,
        support,
        kpis,
        kpi_form,
    })
}

/// The published runs by year and the movement between them, limited to the scope's schools.
async fn identification(
    staff: &mut Staff,
    scope: &Scope,
) -> Result<(Vec<super::PublishedYear>, Vec<super::Movement>), AppError> {
    let (tenant_id, zone) = (staff.tenant.id, staff.tenant.time_zone.clone());
    let filter = match (scope.kind, scope.limits.school) {
        (ScopeKind::Region, _) => SchoolFilter::All,
        (ScopeKind::School, Some(id)) => {
            SchoolFilter::School(db_support::school_code(&mut staff.tx, tenant_id, id).await?)
        }
        _ => SchoolFilter::Municipality(scope.name.clone()),
    };
    let runs = db_support::published_runs(&mut staff.tx, tenant_id, &zone).await?;
    Ok(identification_years(&runs, &filter))
}

/// Identified schools against the others (from the scope's coverage and heat map), and the
/// targets of seeds 004 and 001.
async fn support(
    staff: &mut Staff,
    scope: &Scope,
    coverage: &db::GroupSets,
    deficits: &[db::DeficitCount],
    courses: &[db::CoveringCourse],
) -> Result<Support, AppError> {
    let (tenant_id, limits) = (staff.tenant.id, scope.limits);
    let by_support = label(Grouping::Support);
    let trained = db_support::trained_in_low_results(&mut staff.tx, tenant_id, limits, TRAINED_HOURS).await?;
    Ok(Support {
        coverage: coverage_rows(&coverage.support, &[], &by_support),
        deficits: deficit_map(deficits, courses, &by_support),
        low_teachers: coverage_row(
            ru::DASH_LOW_TEACHERS.to_string(),
            coverage.low.iter().find(|c| c.grp == "low"),
            None,
        ),
        trained: trained_schools(&trained),
    })
}
