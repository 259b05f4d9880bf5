//! The catalogue of a demo region.

use sqlx::PgConnection;
use uuid::Uuid;

use super::db;

/// Gives a demo region the template catalogue; does nothing if it has courses.
pub async fn seed_region(conn: &mut PgConnection, tenant_id: Uuid) -> Result<(), sqlx::Error> {
    let any: bool = sqlx::query_scalar("select exists (select 1 from courses where tenant_id = $1)")
        .bind(tenant_id)
        .fetch_one(&mut *conn)
        .await?;
    if any {
        return Ok(());
    }
    for course in super::templates::courses() {
        db::save_course(conn, tenant_id, None, &course).await?;
    }
    Ok(())
}
