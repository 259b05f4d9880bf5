//! Plain HTTP routes: the PDF for its holder or the administrator, the registry as XLSX, and
//! the public tamper check, which takes an uploaded file and answers by redirect.

use axum::{
    extract::{Multipart, Path, Query, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    Extension,
};
use serde::Deserialize;

use super::{db, registry, signing, verify, CERTIFICATE_ADMIN};
use crate::access::{AuthUser, Person, Staff};
use crate::downloads::{download, failure, xlsx};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::{AppState, ClientIp};
use crate::uploads;

/// The largest file the tamper check reads: an issued PDF is far smaller.
pub const CHECK_CAP: u64 = 2 * 1024 * 1024;
/// The route's body limit: the file and the form around it.
pub const CHECK_BODY_LIMIT: usize = (CHECK_CAP + 64 * 1024) as usize;

/// `GET /r/{slug}/certificates/{number}/{pdf|json}`: the holder's own certificate (the PDF
/// or its signed JSON twin), or any of the region's for its certificate administrator.
pub async fn certificate_file(
    State(state): State<AppState>,
    Path((slug, number, kind)): Path<(String, String, String)>,
    user: Option<Extension<AuthUser>>,
) -> Response {
    let result = async {
        let user = user.map(|u| u.0);
        let mut person = Person::require_of(state.clone(), &slug, user.clone()).await?;
        let tenant_id = person.tenant_id();
        if kind != "pdf" && kind != "json" {
            return Err(AppError::NotFound);
        }
        let (holder, bytes, jwt) = db::pdf(person.conn(), tenant_id, &number)
            .await?
            .ok_or(AppError::NotFound)?;
        let own = holder == person.user.user_id;
        person.commit().await?;
        if !own {
            // Someone else's certificate: only the administrator may, and a refusal is audited.
            Staff::require_of(state, &slug, CERTIFICATE_ADMIN, user)
                .await?
                .commit()
                .await?;
        }
        let name = format!("{}-{number}", ru::CERTIFICATE_FILE_PREFIX);
        if kind == "json" {
            let twin =
                signing::twin(&jwt).ok_or_else(|| AppError::internal("a stored JWT does not decode"))?;
            let body = serde_json::to_vec_pretty(&twin).map_err(AppError::internal)?;
            return Ok(download("application/json", &format!("{name}.json"), body));
        }
        Ok::<_, AppError>(download("application/pdf", &format!("{name}.pdf"), bytes))
    }
    .await;
    result.unwrap_or_else(failure)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExportQuery {
    pub q: String,
}

/// `GET /r/{slug}/admin/certificates/export.xlsx?q=…`: the registry as searched, formulas
/// neutralised by [`crate::downloads::xlsx`].
pub async fn registry_export(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<ExportQuery>,
    user: Option<Extension<AuthUser>>,
) -> Response {
    let result = async {
        let mut staff = Staff::require_of(state, &slug, CERTIFICATE_ADMIN, user.map(|u| u.0)).await?;
        let (tenant_id, zone) = (staff.tenant_id(), staff.tenant.time_zone.clone());
        let rows = db::search(staff.conn(), tenant_id, &zone, &query.q).await?;
        staff
            .audit(
                "certificate_registry_exported",
                serde_json::json!({ "query": query.q, "rows": rows.len() }),
            )
            .await?;
        staff.commit().await?;
        let header: Vec<String> = ru::CERTIFICATE_EXPORT_HEADER
            .iter()
            .map(|h| h.to_string())
            .collect();
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .map(registry::row)
            .map(|r| {
                vec![
                    r.number,
                    r.full_name,
                    r.school.unwrap_or_default(),
                    r.programme,
                    r.hours.to_string(),
                    r.issued_on,
                    r.revoked.unwrap_or_default(),
                ]
            })
            .collect();
        let bytes = xlsx(&header, &rows).map_err(AppError::internal)?;
        Ok::<_, AppError>(download(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("{}.xlsx", ru::CERTIFICATE_EXPORT_NAME),
            bytes,
        ))
    }
    .await;
    result.unwrap_or_else(failure)
}

/// `POST /verify/{number}` with a file: redirects to the page with `?check=match` when the file
/// is exactly the issued PDF, `?check=mismatch` otherwise. Public and rate-limited.
pub async fn check_file(
    State(state): State<AppState>,
    Path(number): Path<String>,
    ip: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let result = async {
        verify::limit(&state, ip.map(|ip| ip.0 .0))?;
        uploads::refuse_declared_length(&headers, CHECK_CAP)?;
        let file = read_file(form).await?;
        verify::check_file(&state, &number, &file).await
    }
    .await;
    let back = format!("/verify/{}", crate::downloads::percent_encode(&number));
    match result {
        Ok(verdict) => Redirect::to(&format!("{back}?check={verdict}")).into_response(),
        Err(AppError::Invalid { .. }) => Redirect::to(&format!("{back}?check=nofile")).into_response(),
        Err(error) => failure(error),
    }
}

/// The form's `file`, in memory (it is at most [`CHECK_CAP`]), refused once it passes the cap
/// or stalls.
async fn read_file(mut form: Multipart) -> Result<Vec<u8>, AppError> {
    let stalled = || AppError::invalid("file", ru::UPLOAD_STALLED);
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|e| uploads::field_error(e, CHECK_CAP))?
    {
        if field.name() != Some("file") {
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = tokio::time::timeout(std::time::Duration::from_secs(30), field.chunk())
            .await
            .map_err(|_| stalled())?
            .map_err(|e| uploads::field_error(e, CHECK_CAP))?
        {
            if (bytes.len() + chunk.len()) as u64 > CHECK_CAP {
                return Err(AppError::TooLarge { limit: CHECK_CAP });
            }
            bytes.extend_from_slice(&chunk);
        }
        if !bytes.is_empty() {
            return Ok(bytes);
        }
    }
    Err(AppError::invalid("file", ru::UPLOAD_NO_FILE))
}

/// `GET /.well-known/rost/{region code}/jwks.json`: the region's public signing key, public.
pub async fn jwks(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    match verify::jwks(&state, &code).await {
        Ok(keys) => axum::Json(keys).into_response(),
        Err(error) => failure(error),
    }
}
