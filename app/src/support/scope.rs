//! Which cases a reader sees, from their roles alone: the operator every case, a municipal
//! coordinator their municipality's, a curator the cases assigned to them, a director their
//! confirmed school's. Roles add up; a case outside all of them is «not found», so its
//! existence is not revealed.

use uuid::Uuid;

use super::db::{self, CaseRecord};
use crate::access::{Role, Staff};
use crate::error::AppError;
use crate::state::parse_id;

/// The reader's reach, bound into the case queries (`db::CASE_SCOPE`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Viewer {
    pub operator: bool,
    pub municipality: Option<Uuid>,
    pub curator: Option<Uuid>,
    pub school: Option<Uuid>,
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
        })
    }

    /// Whether the reader may assign a curator to this case.
    pub fn assigns(&self, case: &CaseRecord) -> bool {
        self.operator || self.municipality == Some(case.municipality_id)
    }

    /// Whether the reader answers the case's questionnaire for the school.
    pub fn answers(&self, case: &CaseRecord) -> bool {
        self.school == Some(case.school_id)
    }

    /// Whether the reader is the case's curator.
    pub fn curates(&self, case: &CaseRecord) -> bool {
        self.curator.is_some() && self.curator == case.curator_id
    }
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
