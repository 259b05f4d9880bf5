//! A case's school team and partner school. The director names the team from the confirmed
//! members of the school; team members then work on the case as the director does. The operator
//! pairs the case with a school of stable high results of the latest published list (an
//! internship and mentoring site), whose director then reads the case's documents.

use serde_json::json;
use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use super::db::CaseRecord;
use super::scope::{visible_case, Viewer};
use crate::access::{Role, Staff};
use crate::error::AppError;
use crate::i18n::ru;
use crate::notifications::{self, templates};
use crate::state::parse_id;

/// The status of the latest published list a partner school must hold.
const PARTNER_STATUS: &str = "stable_high";

#[derive(FromRow, Debug, Clone)]
pub struct Person {
    pub id: Uuid,
    pub full_name: String,
    pub email: String,
}

/// The case's team, by name.
pub async fn team(conn: &mut PgConnection, tenant: Uuid, case: Uuid) -> Result<Vec<Person>, sqlx::Error> {
    sqlx::query_as(
        "select u.id, u.full_name, u.email from support_team t join users u on u.id = t.user_id
         where t.tenant_id = $1 and t.case_id = $2 order by u.full_name, u.id",
    )
    .bind(tenant)
    .bind(case)
    .fetch_all(conn)
    .await
}

/// Who the director may add: active, confirmed members of the school with a confirmed address,
/// not on the team yet, the director themselves excepted.
pub async fn candidates(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: &CaseRecord,
    director: Uuid,
) -> Result<Vec<Person>, sqlx::Error> {
    sqlx::query_as(
        "select u.id, u.full_name, u.email from memberships m join users u on u.id = m.user_id
         where m.tenant_id = $1 and m.school_id = $2 and m.school_status = 'confirmed' and m.active
           and u.active and u.email_confirmed_at is not null and u.id <> $4
           and not exists (select 1 from support_team t
                           where t.tenant_id = m.tenant_id and t.case_id = $3 and t.user_id = m.user_id)
         order by u.full_name, u.id",
    )
    .bind(tenant)
    .bind(case.school_id)
    .bind(case.id)
    .bind(director)
    .fetch_all(conn)
    .await
}

/// The schools holding [`PARTNER_STATUS`] in the latest published list, as (id, name, municipality).
pub async fn partner_candidates(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: &CaseRecord,
) -> Result<Vec<(Uuid, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "select s.id, s.name, mu.name from schools s
         join municipalities mu on mu.tenant_id = s.tenant_id and mu.id = s.municipality_id
         where s.tenant_id = $1 and s.id <> $2 and s.code in (
             select x->>'school_id'
             from (select published from identification_runs r
                   where r.tenant_id = $1 and r.published_at is not null
                   order by r.published_at desc limit 1) r,
                  json_array_elements(r.published->'schools') x,
                  json_array_elements_text(x->'statuses') st
             where st = $3)
         order by s.name, s.id",
    )
    .bind(tenant)
    .bind(case.school_id)
    .bind(PARTNER_STATUS)
    .fetch_all(conn)
    .await
}

/// The confirmed directors of a school, to tell them of a partnership.
pub(in crate::support) async fn directors(
    conn: &mut PgConnection,
    tenant: Uuid,
    school: Uuid,
) -> Result<Vec<Person>, sqlx::Error> {
    sqlx::query_as(
        "select distinct u.id, u.full_name, u.email from role_grants g
         join users u on u.id = g.user_id
         join memberships m on m.tenant_id = g.tenant_id and m.user_id = g.user_id
         where g.tenant_id = $1 and g.role = 'director' and m.school_id = $2
           and m.school_status = 'confirmed' and m.active and u.active and u.email_confirmed_at is not null",
    )
    .bind(tenant)
    .bind(school)
    .fetch_all(conn)
    .await
}

/// The case page's team and partner choices, as (id, label), for this reader.
pub struct TeamView {
    pub team: Vec<(String, String)>,
    /// Whom the school's director may add; empty for everyone else.
    pub candidates: Vec<(String, String)>,
    /// The schools the operator may pair the case with; empty for everyone else.
    pub partners: Vec<(String, String)>,
}

pub async fn view_of(staff: &mut Staff, viewer: &Viewer, case: &CaseRecord) -> Result<TeamView, AppError> {
    let tenant = staff.tenant.id;
    let people = |people: Vec<Person>| -> Vec<(String, String)> {
        people
            .into_iter()
            .map(|p| (p.id.to_string(), p.full_name))
            .collect()
    };
    let team = people(team(&mut staff.tx, tenant, case.id).await?);
    let candidates = if viewer.directs(case) {
        people(candidates(&mut staff.tx, tenant, case, viewer.user).await?)
    } else {
        Vec::new()
    };
    let partners = if viewer.operator {
        partner_candidates(&mut staff.tx, tenant, case)
            .await?
            .into_iter()
            .map(|(id, name, municipality)| (id.to_string(), format!("{name}, {municipality}")))
            .collect()
    } else {
        Vec::new()
    };
    Ok(TeamView {
        team,
        candidates,
        partners,
    })
}

fn case_link(staff: &Staff, case: Uuid) -> String {
    format!(
        "{}/r/{}/support/{case}",
        staff.state.public_url, staff.tenant.card.slug
    )
}

/// The director puts a member of the school on the case's team, who is told by e-mail.
pub async fn add_team_member(slug: &str, case: &str, user: &str) -> Result<(), AppError> {
    let mut staff = Staff::require(slug, &[Role::Director]).await?;
    let (viewer, record) = visible_case(&mut staff, case).await?;
    if !viewer.directs(&record) {
        return Err(AppError::Forbidden);
    }
    let (tenant, me) = (staff.tenant.id, staff.user.user_id);
    let unknown = || AppError::invalid("user", ru::TEAM_UNKNOWN);
    let user = parse_id(user).map_err(|_| unknown())?;
    let person = candidates(&mut staff.tx, tenant, &record, me)
        .await?
        .into_iter()
        .find(|p| p.id == user)
        .ok_or_else(unknown)?;
    sqlx::query("insert into support_team (tenant_id, case_id, user_id, added_by) values ($1, $2, $3, $4)")
        .bind(tenant)
        .bind(record.id)
        .bind(user)
        .bind(me)
        .execute(&mut *staff.tx)
        .await?;
    staff
        .audit(
            "support_team_added",
            json!({ "case": record.id, "school": record.school_code, "user": user }),
        )
        .await?;
    let director: Option<String> = sqlx::query_scalar("select full_name from users where id = $1")
        .bind(me)
        .fetch_optional(&mut *staff.tx)
        .await?;
    let mail = templates::support_team_added(
        &staff.tenant.card.name,
        &person.full_name,
        &director.unwrap_or_default(),
        &record.school,
        &case_link(&staff, record.id),
    );
    notifications::send(&mut staff, &person.email, mail).await?;
    staff.commit().await
}

/// The director takes a member off the case's team.
pub async fn remove_team_member(slug: &str, case: &str, user: &str) -> Result<(), AppError> {
    let mut staff = Staff::require(slug, &[Role::Director]).await?;
    let (viewer, record) = visible_case(&mut staff, case).await?;
    if !viewer.directs(&record) {
        return Err(AppError::Forbidden);
    }
    let tenant = staff.tenant.id;
    let not_member = || AppError::invalid("user", ru::TEAM_NOT_MEMBER);
    let user = parse_id(user).map_err(|_| not_member())?;
    let removed =
        sqlx::query("delete from support_team where tenant_id = $1 and case_id = $2 and user_id = $3")
            .bind(tenant)
            .bind(record.id)
            .bind(user)
            .execute(&mut *staff.tx)
            .await?
            .rows_affected();
    if removed == 0 {
        return Err(not_member());
    }
    staff
        .audit(
            "support_team_removed",
            json!({ "case": record.id, "school": record.school_code, "user": user }),
        )
        .await?;
    staff.commit().await
}

/// The operator pairs the case with a partner school (an empty `school` removes the pairing);
/// the partner's directors are told by e-mail.
pub async fn set_partner(slug: &str, case: &str, school: &str) -> Result<(), AppError> {
    let mut staff = Staff::require(slug, &[Role::RegionalOperator]).await?;
    let (_, record) = visible_case(&mut staff, case).await?;
    let tenant = staff.tenant.id;
    let partner = if school.trim().is_empty() {
        None
    } else {
        let unknown = || AppError::invalid("school", ru::PARTNER_UNKNOWN);
        let id = parse_id(school).map_err(|_| unknown())?;
        let known = partner_candidates(&mut staff.tx, tenant, &record).await?;
        Some(known.into_iter().find(|(s, ..)| *s == id).ok_or_else(unknown)?.0)
    };
    sqlx::query("update support_cases set partner_school_id = $3 where tenant_id = $1 and id = $2")
        .bind(tenant)
        .bind(record.id)
        .bind(partner)
        .execute(&mut *staff.tx)
        .await?;
    staff
        .audit(
            "support_partner_set",
            json!({ "case": record.id, "school": record.school_code, "partner": partner }),
        )
        .await?;
    if let Some(partner) = partner.filter(|p| Some(*p) != record.partner_school_id) {
        let link = case_link(&staff, record.id);
        for director in directors(&mut staff.tx, tenant, partner).await? {
            let mail = templates::support_partner(
                &staff.tenant.card.name,
                &director.full_name,
                &record.school,
                &link,
            );
            notifications::send(&mut staff, &director.email, mail).await?;
        }
    }
    staff.commit().await
}
