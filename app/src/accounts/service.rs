//! The old entry points of the account checks, over [`crate::access`].

use crate::{
    access::{signed_in_user, AuthUser, Role, Staff},
    error::AppError,
    state::AppState,
    tenancy::db::TenantRow,
};

/// Kept until every domain uses access; removed after the merge.
pub use crate::access::audit;

/// [`Staff::require`] with role names, answering the region and the person.
///
/// Kept until every domain uses access; removed after the merge.
pub async fn require_role(
    state: &AppState,
    slug: &str,
    roles: &[&str],
) -> Result<(TenantRow, AuthUser), AppError> {
    require_role_of(state, slug, roles, signed_in_user()).await
}

/// [`Staff::require_of`] with role names, answering the region and the person.
///
/// Kept until every domain uses access; removed after the merge.
pub async fn require_role_of(
    state: &AppState,
    slug: &str,
    roles: &[&str],
    user: Option<AuthUser>,
) -> Result<(TenantRow, AuthUser), AppError> {
    let roles: Vec<Role> = roles.iter().filter_map(|code| Role::from_code(code)).collect();
    let staff = Staff::require_of(state.clone(), slug, &roles, user).await?;
    let (tenant, user) = (staff.tenant.clone(), staff.user.clone());
    staff.commit().await?;
    Ok((tenant, user))
}
