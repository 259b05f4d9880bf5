//! Plain HTTP routes: the PDF for its holder or the administrator, the registry as XLSX, the
//! template's logo upload, and the public tamper check, which takes an uploaded file and
//! answers by redirect.

use axum::{
    extract::{Multipart, Path, Query, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    Extension,
};
use serde::Deserialize;

use super::{db, logo, registry, signing, verify, CERTIFICATE_ADMIN};
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
/// The logo route's body limit: the logo and the form around it.
pub const LOGO_BODY_LIMIT: usize = (logo::LOGO_CAP + 64 * 1024) as usize;

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

/// `POST /r/{slug}/admin/certificates/logo`: the template's logo (`file`), or its removal
/// (`remove`). The file is spooled under [`logo::LOGO_CAP`] and checked by content on a blocking
/// thread; the answer is a redirect to the settings page with `?logo=saved|removed|<error code>`.
pub async fn upload_logo(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: Option<Extension<AuthUser>>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let back = |outcome: &str| Redirect::to(&format!("/r/{slug}/admin/certificates?logo={outcome}#template"));
    let result = receive_logo(&state, &slug, user.map(|u| u.0), &headers, form).await;
    match result {
        Ok(Ok(outcome)) => back(outcome).into_response(),
        Ok(Err(refused)) => back(refused.code()).into_response(),
        Err(AppError::TooLarge { .. }) => back(logo::LogoError::TooLarge.code()).into_response(),
        Err(AppError::Invalid { .. }) => back(logo::LogoError::Empty.code()).into_response(),
        Err(error) => failure(error),
    }
}

/// `Ok(Err(..))` is a logo refused for its content; nothing is stored then.
async fn receive_logo(
    state: &AppState,
    slug: &str,
    user: Option<AuthUser>,
    headers: &HeaderMap,
    mut form: Multipart,
) -> Result<Result<&'static str, logo::LogoError>, AppError> {
    // No transaction stays open while the file streams in or is checked.
    let gate = Staff::require_of(state.clone(), slug, CERTIFICATE_ADMIN, user.clone()).await?;
    let tenant = gate.tenant_id();
    gate.commit().await?;
    uploads::refuse_declared_length(headers, logo::LOGO_CAP)?;
    let region = state.uploads.region_slot(tenant)?;
    let (mut file, mut remove) = (None, false);
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| uploads::field_error(e, logo::LOGO_CAP))?
    {
        match field.name() {
            Some("file") => file = Some(state.uploads.receive(field, logo::LOGO_CAP).await?),
            Some("remove") => remove = true,
            _ => {}
        }
    }
    let checked = match file.filter(|file| !remove && file.size > 0) {
        Some(file) => Some(
            state
                .uploads
                .parse(region, move || {
                    let mut bytes = Vec::new();
                    std::io::Read::read_to_end(&mut file.open()?, &mut bytes)?;
                    Ok::<_, std::io::Error>(logo::check(&bytes).map(|kind| (kind, bytes)))
                })
                .await?
                .map_err(AppError::internal)?,
        ),
        None if remove => None,
        None => return Ok(Err(logo::LogoError::Empty)),
    };
    let stored = match checked {
        Some(Err(refused)) => return Ok(Err(refused)),
        Some(Ok((kind, bytes))) => Some((kind.content_type(), bytes)),
        None => None,
    };
    let mut staff = Staff::require_of(state.clone(), slug, CERTIFICATE_ADMIN, user).await?;
    let by = staff.user.user_id;
    let logo = stored.as_ref().map(|(kind, bytes)| (bytes.as_slice(), *kind));
    db::set_logo(staff.conn(), tenant, logo, by).await?;
    let details = match &stored {
        Some((kind, bytes)) => {
            serde_json::json!({ "type": kind, "bytes": bytes.len(), "sha256": hex_sha256(bytes) })
        }
        None => serde_json::json!({ "removed": true }),
    };
    let action = if stored.is_some() {
        "certificate_logo_uploaded"
    } else {
        "certificate_logo_removed"
    };
    staff.audit(action, details).await?;
    staff.commit().await?;
    Ok(Ok(if stored.is_some() { "saved" } else { "removed" }))
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// `GET /.well-known/rost/{region code}/jwks.json`: the region's public signing key, public.
pub async fn jwks(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    match verify::jwks(&state, &code).await {
        Ok(keys) => axum::Json(keys).into_response(),
        Err(error) => failure(error),
    }
}
