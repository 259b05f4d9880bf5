//! SQL of the case's exports: the latest version of each of its documents (their files come
//! from `documents::files`).

use sqlx::types::Json;
use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use crate::support::documents::body::Body;

#[derive(FromRow)]
pub struct LatestDoc {
    pub id: Uuid,
    pub kind: String,
    pub factor: String,
    pub version: i32,
    pub state: String,
    pub body: Json<Body>,
}

pub async fn latest_documents(
    conn: &mut PgConnection,
    tenant: Uuid,
    case: Uuid,
) -> Result<Vec<LatestDoc>, sqlx::Error> {
    sqlx::query_as(
        "select distinct on (d.id) d.id, d.kind, d.factor, v.version, v.state, v.body
         from support_documents d
         join support_document_versions v on v.tenant_id = d.tenant_id and v.document_id = d.id
         where d.tenant_id = $1 and d.case_id = $2
         order by d.id, v.version desc",
    )
    .bind(tenant)
    .bind(case)
    .fetch_all(conn)
    .await
}
