//! The catalogue of a demo region.

use sqlx::PgConnection;
use uuid::Uuid;

use super::db;

/// Gives a demo region the template catalogue, if it has no courses, and the lessons of its
/// platform courses.
pub async fn seed_region(conn: &mut PgConnection, tenant_id: Uuid) -> Result<(), sqlx::Error> {
    let any: bool = sqlx::query_scalar("select exists (select 1 from courses where tenant_id = $1)")
        .bind(tenant_id)
        .fetch_one(&mut *conn)
        .await?;
    if !any {
        for course in super::templates::courses() {
            db::save_course(conn, tenant_id, None, &course).await?;
        }
    }
    super::micro::content::seed_lessons(conn, tenant_id).await
}
