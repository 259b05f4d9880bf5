//! Results: a person's result with group comparisons, and a director's school aggregate.

use super::db::{self, Group, ResultRow};
use super::finalise::finalise_overdue_of;
use super::privacy::{rounded_share, GroupSize};
use super::{GroupAverage, ResultView, SchoolAggregate, SchoolInstrument};
use crate::access::{Ctx, Member, Role, Staff, OPERATOR};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

/// The average of a group, its scores left out when fewer than [`super::MIN_GROUP`] people
/// remain; the count leaves as a band.
async fn group_average(ctx: &mut Ctx, name: String, group: Group) -> Result<GroupAverage, AppError> {
    let tenant_id = ctx.tenant.id;
    let rows = db::group_means(&mut ctx.tx, tenant_id, &group).await?;
    let people = GroupSize::of(rows.first().map_or(0, |r| r.people as usize));
    Ok(GroupAverage {
        group: name,
        people,
        scores: if people.large_enough() {
            rows.into_iter()
                .map(|row| (row.code, rounded_share(row.mean)))
                .collect()
        } else {
            Vec::new()
        },
    })
}

/// The person's school, municipality and region, as far as they may be compared with.
async fn comparison(ctx: &mut Ctx, row: &ResultRow) -> Result<Vec<GroupAverage>, AppError> {
    let mut groups = Vec::new();
    // A school (and its municipality) that nobody has confirmed yet is only the person's own
    // claim: its averages are for the school's confirmed staff, not for whoever chose it.
    if row.confirmed && row.school.is_some() {
        groups.push((ru::DIAG_GROUP_SCHOOL, row.school, None));
    }
    if row.confirmed && row.municipality.is_some() {
        groups.push((ru::DIAG_GROUP_MUNICIPALITY, None, row.municipality));
    }
    groups.push((ru::DIAG_GROUP_REGION, None, None));
    let mut averages = Vec::new();
    for (name, school, municipality) in groups {
        let group = Group {
            instrument_id: row.instrument_id,
            school,
            municipality,
        };
        averages.push(group_average(ctx, name.into(), group).await?);
    }
    Ok(averages)
}

/// A result for the person who took it, or for the region's operator (audited).
pub async fn get_result(slug: &str, id: &str) -> Result<ResultView, AppError> {
    let mut member = Member::require(slug).await?;
    let attempt_id = parse_id(id)?;
    let user_id = member.user.user_id;
    finalise_overdue_of(&mut member, user_id).await?;
    let (tenant_id, time_zone) = (member.tenant.id, member.tenant.time_zone.clone());
    let row = db::result_of(&mut member.tx, tenant_id, attempt_id, &time_zone)
        .await?
        .ok_or(AppError::NotFound)?;
    // Someone else's result is the operator's to see: the person's context ends here and the
    // operator's gate (which audits a refusal) takes over.
    let mut ctx = if row.owner == user_id {
        member.ctx
    } else {
        member.commit().await?;
        let mut staff = Staff::require(slug, OPERATOR).await?;
        let details = serde_json::json!({ "attempt": attempt_id, "person": row.owner });
        staff.audit("individual_result_viewed", details).await?;
        staff.ctx
    };
    let comparison = match &row.result {
        Some(_) => comparison(&mut ctx, &row).await?,
        None => Vec::new(),
    };
    ctx.commit().await?;
    let result = row
        .result
        .ok_or_else(|| AppError::invalid("attempt", ru::DIAG_NOT_FINISHED))?;
    Ok(ResultView {
        attempt_id: attempt_id.to_string(),
        title: row.title,
        person: row.person,
        finished_at: row.finished_at,
        finished_by_deadline: row.finished_by.as_deref() == Some("deadline"),
        result,
        comparison,
    })
}

/// A director's view of the school: per instrument, averages for groups of at least five
/// confirmed people.
pub async fn get_school_aggregate(slug: &str) -> Result<SchoolAggregate, AppError> {
    let mut staff = Staff::require(slug, &[Role::Director]).await?;
    let (tenant_id, user_id) = (staff.tenant.id, staff.user.user_id);
    // The director role comes with a confirmed membership; checking it again here keeps a role
    // granted by hand from opening a school the person was never confirmed at.
    let school = db::confirmed_school(&mut staff.tx, tenant_id, user_id)
        .await?
        .ok_or(AppError::Forbidden)?;
    let taken = db::school_instruments(&mut staff.tx, tenant_id, school.id).await?;
    let mut instruments = Vec::new();
    for instrument in taken {
        let group = Group {
            instrument_id: instrument.id,
            school: Some(school.id),
            municipality: None,
        };
        let average = group_average(&mut staff, school.name.clone(), group).await?;
        let framework = db::framework_body(&mut staff.tx, tenant_id, instrument.framework_id).await?;
        let titles = average
            .scores
            .iter()
            .map(|(code, _)| {
                let title = framework
                    .competency(code)
                    .map_or(code.clone(), |c| c.title.clone());
                (code.clone(), title)
            })
            .collect();
        instruments.push(SchoolInstrument {
            title: instrument.title,
            average,
            titles,
        });
    }
    staff.commit().await?;
    Ok(SchoolAggregate {
        school: school.name,
        instruments,
    })
}
