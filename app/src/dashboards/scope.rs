//! Whose figures a reader sees, from their roles alone: the operator the region (or a
//! municipality of it they choose), a municipal coordinator their municipality, a director
//! their confirmed school. A parameter from the browser only narrows an operator's view.

use uuid::Uuid;

use super::db::{self, Grouping, Limits};
use super::ScopeKind;
use crate::access::{Role, Staff};
use crate::error::AppError;

/// Everyone who reads a dashboard.
pub const READERS: &[Role] = &[Role::RegionalOperator, Role::MunicipalCoordinator, Role::Director];

pub struct Scope {
    pub kind: ScopeKind,
    pub name: String,
    pub limits: Limits,
}

impl Scope {
    /// What the rows of the scope's views are.
    pub fn grouping(&self) -> Grouping {
        match self.kind {
            ScopeKind::Region => Grouping::Municipality,
            ScopeKind::Municipality => Grouping::School,
            ScopeKind::School => Grouping::Position,
        }
    }

    fn municipality((id, name): (Uuid, String)) -> Scope {
        Scope {
            kind: ScopeKind::Municipality,
            name,
            limits: Limits {
                municipality: Some(id),
                school: None,
            },
        }
    }
}

/// The widest scope the reader's roles give; `narrow` (a municipality's name) applies to an
/// operator only, and an unknown name is a 404.
pub async fn scope_of(staff: &mut Staff, narrow: Option<&str>) -> Result<Scope, AppError> {
    let (tenant_id, user_id) = (staff.tenant.id, staff.user.user_id);
    if staff.has(Role::RegionalOperator) {
        return match narrow.filter(|n| !n.is_empty()) {
            Some(name) => db::municipality_named(&mut staff.tx, tenant_id, name)
                .await?
                .map(Scope::municipality)
                .ok_or(AppError::NotFound),
            None => Ok(Scope {
                kind: ScopeKind::Region,
                name: staff.tenant.card.name.clone(),
                limits: Limits::default(),
            }),
        };
    }
    if staff.has(Role::MunicipalCoordinator) {
        if let Some(own) = db::own_municipality(&mut staff.tx, tenant_id, user_id).await? {
            return Ok(Scope::municipality(own));
        }
    }
    if staff.has(Role::Director) {
        if let Some((id, name)) =
            crate::growth::db::confirmed_school(&mut staff.tx, tenant_id, user_id).await?
        {
            return Ok(Scope {
                kind: ScopeKind::School,
                name,
                limits: Limits {
                    municipality: None,
                    school: Some(id),
                },
            });
        }
    }
    Err(AppError::Forbidden)
}
