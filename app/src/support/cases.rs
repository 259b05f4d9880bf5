//! The case list, a case's page and the curator's assignment.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::json;
use uuid::Uuid;

use super::dashboard::{cache::Stamp, version};
use super::db::{self, CaseRecord};
use super::risk::{FactorLevel, Questionnaire};
use super::scope::{reader, visible_case, Viewer};
use super::team;
use super::{CaseList, CaseRow, CaseState, CaseView, Known, RunChoice, RunStatus, ASSIGNERS};
use crate::access::{Ctx, Role, Staff};
use crate::diagnostics::{privacy::rounded_share, GroupSize, MIN_GROUP};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

pub(super) fn state_of(case: &CaseRecord) -> CaseState {
    CaseState::from_code(&case.state).unwrap_or(CaseState::Opened)
}

fn row(case: CaseRecord) -> CaseRow {
    CaseRow {
        id: case.id.to_string(),
        state: state_of(&case),
        school: case.school,
        municipality: case.municipality,
        year: case.year,
        statuses: case.statuses,
        curator: case.curator,
    }
}

/// Cases on one page of the list: a region's thousand cases are read a page at a time.
pub const CASES_PER_PAGE: i64 = 50;

/// One page of a reader's case list as read, kept under the region's data version
/// (`dashboard::cache`), which every table the page shows bumps, curators' names included.
#[derive(Debug)]
pub struct CasePage {
    cases: Vec<CaseRecord>,
    total: i64,
    page: i64,
    pages: i64,
    municipalities: Vec<String>,
    runs: Vec<RunChoice>,
}

/// A page of one reader's list under its filters.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ListKey {
    tenant: Uuid,
    viewer: Viewer,
    state: Option<String>,
    municipality: Option<String>,
    page: i64,
}

pub type CaseListCache = crate::cache::Versioned<ListKey, Stamp, CasePage>;

pub async fn get_cases(
    slug: &str,
    state: Option<&str>,
    municipality: Option<&str>,
    page: Option<i64>,
) -> Result<CaseList, AppError> {
    let mut staff = reader(slug).await?;
    let viewer = Viewer::of(&mut staff).await?;
    let (tenant, zone) = (staff.tenant.id, staff.tenant.time_zone.clone());
    let key = ListKey {
        tenant,
        viewer,
        state: state
            .filter(|s| CaseState::from_code(s).is_some())
            .map(str::to_string),
        municipality: municipality
            .filter(|m| viewer.operator && !m.is_empty())
            .map(str::to_string),
        page: page.unwrap_or(1).max(1),
    };
    let stamp = version(&mut staff.tx, tenant, &zone).await?;
    let this_year = stamp.1.get(..4).and_then(|year| year.parse().ok());
    let cache = staff.state.support_case_lists.clone();
    let read = match cache.get(&key, &stamp) {
        Some(kept) => kept,
        None => {
            let read = Arc::new(read_page(&mut staff, &key).await?);
            cache.put(key, stamp, read.clone());
            read
        }
    };
    staff.commit().await?;
    Ok(CaseList {
        cases: read.cases.iter().cloned().map(row).collect(),
        total: read.total,
        page: read.page,
        pages: read.pages,
        municipalities: read.municipalities.clone(),
        can_create: viewer.operator,
        runs: read.runs.clone(),
        this_year: this_year.unwrap_or_default(),
        summary: viewer.operator || viewer.municipality.is_some(),
    })
}

async fn read_page(staff: &mut Staff, key: &ListKey) -> Result<CasePage, AppError> {
    let (tenant, zone) = (staff.tenant.id, staff.tenant.time_zone.clone());
    let viewer = &key.viewer;
    let filter = (key.state.as_deref(), key.municipality.as_deref());
    let window = |page: i64| (CASES_PER_PAGE, (page - 1) * CASES_PER_PAGE);
    let mut page = key.page;
    let (mut cases, total) = db::cases(&mut staff.tx, tenant, viewer, filter, window(page)).await?;
    let pages = (total + CASES_PER_PAGE - 1).div_euclid(CASES_PER_PAGE).max(1);
    if page > pages {
        // A page past the end (the list shrank, or a typed address) shows the last one.
        page = pages;
        cases = db::cases(&mut staff.tx, tenant, viewer, filter, window(page))
            .await?
            .0;
    }
    let (municipalities, runs) = if viewer.operator {
        let runs = db::published_runs(&mut staff.tx, tenant, &zone, None).await?;
        (
            db::municipality_names(&mut staff.tx, tenant).await?,
            runs.into_iter().map(run_choice).collect(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(CasePage {
        cases,
        total,
        page,
        pages,
        municipalities,
        runs,
    })
}

fn run_choice(run: db::PublishedRun) -> RunChoice {
    let summary = run.summary.0;
    let statuses = summary
        .labels
        .into_iter()
        .map(|(code, label)| RunStatus {
            schools: summary.counts.get(&code).copied().unwrap_or(0),
            code,
            label,
        })
        .collect();
    RunChoice {
        id: run.id.to_string(),
        title: summary.title,
        published_at: run.published_at,
        statuses,
    }
}

/// What Rost knows beside factors 2 and 3: the registry's staff and the teachers' deficits.
pub(super) async fn known(ctx: &mut Ctx, case: &CaseRecord) -> Result<Known, AppError> {
    let tenant = ctx.tenant_id();
    let (measured, pronounced) = db::teacher_deficits(ctx.conn(), tenant, case.school_id).await?;
    let enough = measured >= MIN_GROUP as i64;
    Ok(Known {
        staff_count: case.staff_count,
        teachers_measured: GroupSize::of(measured as usize),
        pronounced_share: enough.then(|| rounded_share(pronounced as f64 / measured as f64)),
    })
}

/// The profile's questionnaire, answers and the curator's assessment, scored.
pub(super) struct Scored {
    pub questionnaire: Questionnaire,
    pub version: i32,
    pub answers: BTreeMap<String, usize>,
    pub levels: Vec<FactorLevel>,
    pub priorities: Vec<String>,
    pub profile: Option<db::ProfileRecord>,
}

/// The case's profile, or the region's current questionnaire with no answers yet.
pub(super) async fn scored(ctx: &mut Ctx, case: Uuid) -> Result<Scored, AppError> {
    let (tenant, zone) = (ctx.tenant_id(), ctx.tenant.time_zone.clone());
    let profile = db::profile(ctx.conn(), tenant, &zone, case).await?;
    let (version, body, answers, assessment, priorities) = match &profile {
        Some(p) => (
            p.version,
            p.body.clone(),
            serde_json::from_value(p.answers.clone()).map_err(AppError::internal)?,
            serde_json::from_value(p.assessment.clone()).map_err(AppError::internal)?,
            p.priorities.clone(),
        ),
        None => {
            let (_, version, body) = db::questionnaire(ctx.conn(), tenant, &template()?).await?;
            (version, body, BTreeMap::new(), BTreeMap::new(), Vec::new())
        }
    };
    let questionnaire: Questionnaire = serde_json::from_value(body).map_err(AppError::internal)?;
    let levels = questionnaire.score(&answers, &assessment);
    Ok(Scored {
        questionnaire,
        version,
        answers,
        levels,
        priorities,
        profile,
    })
}

/// The 500+ template a region's first questionnaire is made from.
pub(super) fn template() -> Result<serde_json::Value, AppError> {
    serde_json::from_str(super::risk::TEMPLATE_500).map_err(AppError::internal)
}

pub async fn get_case(slug: &str, id: &str) -> Result<CaseView, AppError> {
    let mut staff = reader(slug).await?;
    let (viewer, case) = visible_case(&mut staff, id).await?;
    let tenant = staff.tenant.id;
    let zone = staff.tenant.time_zone.clone();
    let run = match case.run_id {
        Some(run) => db::published_runs(&mut staff.tx, tenant, &zone, Some(run))
            .await?
            .pop(),
        None => None,
    };
    let curators = if viewer.assigns(&case) {
        db::curators(&mut staff.tx, tenant).await?
    } else {
        Vec::new()
    };
    let partner_only = viewer.partner_only(&case);
    let (known, scored) = if partner_only {
        let nothing = Known {
            staff_count: None,
            teachers_measured: crate::diagnostics::GroupSize::of(0),
            pronounced_share: None,
        };
        (nothing, None)
    } else {
        (
            known(&mut staff, &case).await?,
            Some(scored(&mut staff, case.id).await?),
        )
    };
    let people = team::view_of(&mut staff, &viewer, &case).await?;
    staff.commit().await?;
    let explanation = case.run_id.filter(|_| viewer.operator).map(|run| {
        format!(
            "/r/{slug}/admin/identification/runs/{run}?school={}",
            crate::components::percent_encode(&case.school_code)
        )
    });
    let (levels, priorities) = scored.map(|s| (s.levels, s.priorities)).unwrap_or_default();
    Ok(CaseView {
        id: case.id.to_string(),
        state: state_of(&case),
        run: run.map(|r| ru::sup_run_line(&r.summary.0.title, &r.published_at)),
        explanation,
        curators: curators
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect(),
        levels,
        priorities,
        known,
        team: people.team,
        team_candidates: people.candidates,
        can_name_team: viewer.directs(&case),
        partner: case.partner.clone(),
        partner_candidates: people.partners,
        can_set_partner: viewer.operator,
        partner_only,
        school: case.school,
        school_code: case.school_code,
        municipality: case.municipality,
        year: case.year,
        statuses: case.statuses,
        reason: case.reason,
        curator: case.curator,
    })
}

pub async fn assign_curator(slug: &str, case: &str, curator: &str) -> Result<(), AppError> {
    let mut staff = Staff::require(slug, ASSIGNERS).await?;
    let (viewer, record) = visible_case(&mut staff, case).await?;
    if !viewer.assigns(&record) {
        return Err(AppError::Forbidden);
    }
    let tenant = staff.tenant.id;
    let curator = parse_id(curator).map_err(|_| AppError::invalid("curator", ru::SUP_CURATOR_UNKNOWN))?;
    let name = db::curators(&mut staff.tx, tenant)
        .await?
        .into_iter()
        .find(|(id, _)| *id == curator)
        .ok_or_else(|| AppError::invalid("curator", ru::SUP_CURATOR_UNKNOWN))?
        .1;
    db::set_curator(&mut staff.tx, tenant, record.id, curator).await?;
    let by = if viewer.operator {
        Role::RegionalOperator
    } else {
        Role::MunicipalCoordinator
    };
    staff
        .audit(
            "support_curator_assigned",
            json!({ "case": record.id, "school": record.school_code, "curator": curator, "name": name, "by": by.code() }),
        )
        .await?;
    staff.commit().await
}
