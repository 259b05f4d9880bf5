//! The regional registry of schools.

use super::{db, RegistryRow};
use crate::access::{Staff, OPERATOR};
use crate::error::AppError;

pub async fn get_schools(slug: &str) -> Result<Vec<RegistryRow>, AppError> {
    let mut ctx = Staff::require(slug, OPERATOR).await?;
    let rows = db::schools(&mut ctx).await?;
    ctx.commit().await?;
    Ok(rows)
}
