//! `get_dashboard`: every view of the reader's scope, computed in one tenant transaction.

use super::db::{self, Grouping};
use super::db_support;
use super::figures::{certificate_rows, coverage_row, coverage_rows, deficit_map, uptake_rows};
use super::kpi;
use super::scope::{scope_of, Scope, READERS};
use super::support::{identification_years, trained_schools, SchoolFilter, TRAINED_HOURS};
use super::{Dashboard, ScopeKind, Support};
use crate::access::Staff;
use crate::courses::recommend::COVERS_FROM;
use crate::diagnostics::{GroupSize, MIN_GROUP};
use crate::error::AppError;
use crate::growth::aggregates::by_competency;
use crate::i18n::ru;

/// A group's label: a position's Russian name, «не указано» for people without one.
fn label(grouping: Grouping) -> impl Fn(&str) -> String {
    move |grp: &str| match (grouping, grp) {
        (_, "") => ru::DASH_NOT_SET.to_string(),
        (Grouping::Position, code) => ru::label(&ru::POSITIONS, code).to_string(),
        (Grouping::Support | Grouping::LowResultsTeachers, code) => {
            ru::label(&ru::DASH_SUPPORT_GROUPS, code).to_string()
        }
        (_, name) => name.to_string(),
    }
}

/// The dashboard as the reader may see it; the look is audited.
pub async fn get_dashboard(slug: &str, narrow: Option<&str>) -> Result<Dashboard, AppError> {
    let mut staff = Staff::require(slug, READERS).await?;
    let scope = scope_of(&mut staff, narrow).await?;
    let dashboard = build(&mut staff, &scope).await?;
    staff
        .audit(
            "dashboard_viewed",
            serde_json::json!({ "scope": scope.name, "municipality": scope.limits.municipality,
                                "school": scope.limits.school }),
        )
        .await?;
    staff.commit().await?;
    Ok(dashboard)
}

/// Every view of `scope`, in the gate's transaction.
pub async fn build(staff: &mut Staff, scope: &Scope) -> Result<Dashboard, AppError> {
    let tenant_id = staff.tenant.id;
    let (limits, grouping) = (scope.limits, scope.grouping());
    let conn = &mut *staff.tx;
    let by_group = label(grouping);
    let counts = db::coverage(conn, tenant_id, limits, grouping).await?;
    let staff_counts = db::staff(conn, tenant_id, limits, grouping).await?;
    let total = db::coverage(conn, tenant_id, limits, Grouping::Total).await?;
    let total_staff = db::staff(conn, tenant_id, limits, Grouping::Total).await?;
    let positions = db::coverage(conn, tenant_id, limits, Grouping::Position).await?;
    let deficits = db::deficits(conn, tenant_id, limits, grouping).await?;
    let courses = db::covering_courses(conn, tenant_id, COVERS_FROM).await?;
    let facts = db::growth_facts(conn, tenant_id, limits).await?;
    let uptake = db::uptake(conn, tenant_id, limits, grouping).await?;
    let certificates = db::certificates(conn, tenant_id, limits, grouping).await?;
    let municipalities = if staff.has(crate::access::Role::RegionalOperator) {
        db::municipalities(&mut staff.tx, tenant_id).await?
    } else {
        Vec::new()
    };
    let growth = if facts.len() >= MIN_GROUP {
        by_competency(&facts)
    } else {
        Vec::new()
    };
    let (years, movements) = identification(staff, scope).await?;
    let support = support(staff, scope, &courses).await?;
    let total = coverage_row(
        ru::DASH_TOTAL.to_string(),
        total.first(),
        total_staff.first().and_then(|s| s.staff),
    );
    let region = scope.kind == ScopeKind::Region;
    let (kpis, form) = kpi::kpis(staff, limits, &total, region).await?;
    let kpi_form = (region && staff.has(crate::access::Role::RegionalOperator)).then_some(form);
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
        coverage: coverage_rows(&counts, &staff_counts, &by_group),
        total,
        positions: coverage_rows(&positions, &[], &label(Grouping::Position)),
        deficits: deficit_map(&deficits, &courses, &by_group),
        growth_people: GroupSize::of(facts.len()),
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

/// Identified schools against the others, and the targets of seeds 004 and 001.
async fn support(
    staff: &mut Staff,
    scope: &Scope,
    courses: &[db::CoveringCourse],
) -> Result<Support, AppError> {
    let (tenant_id, limits) = (staff.tenant.id, scope.limits);
    let conn = &mut *staff.tx;
    let by_support = label(Grouping::Support);
    let coverage = db::coverage(conn, tenant_id, limits, Grouping::Support).await?;
    let deficits = db::deficits(conn, tenant_id, limits, Grouping::Support).await?;
    let low = db::coverage(conn, tenant_id, limits, Grouping::LowResultsTeachers).await?;
    let trained = db_support::trained_in_low_results(conn, tenant_id, limits, TRAINED_HOURS).await?;
    Ok(Support {
        coverage: coverage_rows(&coverage, &[], &by_support),
        deficits: deficit_map(&deficits, courses, &by_support),
        low_teachers: coverage_row(
            ru::DASH_LOW_TEACHERS.to_string(),
            low.iter().find(|c| c.grp == "low"),
            None,
        ),
        trained: trained_schools(&trained),
    })
}
