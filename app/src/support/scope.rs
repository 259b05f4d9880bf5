//! Which cases a reader sees: the operator every case, a municipal coordinator their
//! municipality's, a curator the cases assigned to them, a director their confirmed school's
//! (and, read-only, the cases their school partners), a member of a case's school team that
//! case. Reaches add up; a case outside all of them is «not found», so its existence is not
//! revealed.

use sqlx::PgConnection;
use uuid::Uuid;

use super::db::{self, CaseRecord};
use super::READERS;
use crate::access::{AuthUser, Person, Role, Staff};
use crate::error::AppError;
use crate::state::{parse_id, AppState};

/// The reader's reach, bound into the case queries (`db::CASE_SCOPE`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Viewer {
    pub operator: bool,
    pub municipality: Option<Uuid>,
    pub curator: Option<Uuid>,
    pub school: Option<Uuid>,
    /// The reader, for the school teams they are on.
    pub user: Uuid,
}

impl Viewer {
    pub async fn of(staff: &mut Staff) -> Result<Viewer, AppError> {
        let (tenant, user) = (staff.tenant.id, staff.user.user_id);
        let municipality = if staff.has(Role::MunicipalCoordinator) {
            db::own_municipality(&mut staff.tx, tenant, user).await?
        } else {
            None
        };
        let school = if staff.has(Role::Director) {
            db::confirmed_school(&mut staff.tx, tenant, user).await?
        } else {
            None
        };
        Ok(Viewer {
            operator: staff.has(Role::RegionalOperator),
            municipality,
            curator: staff.has(Role::Curator).then_some(user),
            school,
            user,
        })
    }

    /// Whether the reader may assign a curator to this case.
    pub fn assigns(&self, case: &CaseRecord) -> bool {
        self.operator || self.municipality == Some(case.municipality_id)
    }

    /// Whether the reader works on the case for the school (questionnaire, documents): its
    /// director or a member of its team.
    pub fn answers(&self, case: &CaseRecord) -> bool {
        self.school == Some(case.school_id) || case.on_team
    }

    /// Whether the reader is the director of the case's school, who names its team.
    pub fn directs(&self, case: &CaseRecord) -> bool {
        self.school == Some(case.school_id)
    }

    /// Whether the reader sees the case only as the director of its partner school, who reads
    /// its documents and nothing else.
    pub fn partner_only(&self, case: &CaseRecord) -> bool {
        self.school.is_some()
            && self.school == case.partner_school_id
            && !(self.operator
                || self.municipality == Some(case.municipality_id)
                || self.curates(case)
                || self.answers(case))
    }

    /// Whether the reader is the case's curator.
    pub fn curates(&self, case: &CaseRecord) -> bool {
        self.curator.is_some() && self.curator == case.curator_id
    }
}

/// The gate of every support function: one of [`READERS`], or a teacher on a school team of
/// the region (who then sees those cases only). Anyone else is refused.
pub async fn reader(slug: &str) -> Result<Staff, AppError> {
    admit(Staff::require(slug, &gates()).await?).await
}

/// [`reader`] for plain HTTP handlers (the case's exports), which take the person from the request.
pub async fn reader_of(state: AppState, slug: &str, user: Option<AuthUser>) -> Result<Staff, AppError> {
    admit(Staff::require_of(state, slug, &gates(), user).await?).await
}

fn gates() -> Vec<Role> {
    let mut gates = READERS.to_vec();
    gates.push(Role::Teacher);
    gates
}

async fn admit(mut staff: Staff) -> Result<Staff, AppError> {
    if READERS.iter().any(|role| staff.has(*role)) {
        return Ok(staff);
    }
    let (tenant, user) = (staff.tenant.id, staff.user.user_id);
    if on_team(&mut staff.tx, tenant, user).await? {
        Ok(staff)
    } else {
        staff.deny(READERS).await
    }
}

/// Whether `user` is on a school team of the region.
async fn on_team(conn: &mut PgConnection, tenant: Uuid, user: Uuid) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("select exists (select 1 from support_team where tenant_id = $1 and user_id = $2)")
        .bind(tenant)
        .bind(user)
        .fetch_one(conn)
        .await
}

/// Whether the signed-in person is on a school team of region `slug`: the menu then links the
/// support pages for a teacher, whose roles alone do not.
pub async fn on_a_team(slug: &str) -> Result<bool, AppError> {
    let mut person = Person::require(slug).await?;
    let (tenant, user) = (person.tenant.id, person.user.user_id);
    let on = on_team(&mut person.tx, tenant, user).await?;
    person.commit().await?;
    Ok(on)
}

/// [`visible_case`] for what a partner school may not open (the questionnaire, the chat).
pub async fn working_case(staff: &mut Staff, id: &str) -> Result<(Viewer, CaseRecord), AppError> {
    let (viewer, case) = visible_case(staff, id).await?;
    if viewer.partner_only(&case) {
        return Err(AppError::NotFound);
    }
    Ok((viewer, case))
}

/// The case named by `id` if the reader sees it, with the reader's reach; 404 otherwise.
pub async fn visible_case(staff: &mut Staff, id: &str) -> Result<(Viewer, CaseRecord), AppError> {
    let id = parse_id(id)?;
    let viewer = Viewer::of(staff).await?;
    let tenant = staff.tenant.id;
    db::case(&mut staff.tx, tenant, id, &viewer)
        .await?
        .map(|case| (viewer, case))
        .ok_or(AppError::NotFound)
}
