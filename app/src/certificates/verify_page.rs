//! `/verify/{number}` as plain HTML. The page a QR code opens on a phone needs no WebAssembly:
//! its two forms are a GET (the surname) and a multipart POST answered by a redirect
//! (`files::check_file`). Answering it without a Leptos render keeps the public's checks cheap
//! (docs/benchmarks.md, «Certificates»).

use axum::{
    extract::{Path, Query, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use serde::Deserialize;

use super::{verify, Verification};
use crate::components::{escape_html as esc, percent_encode};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::{AppState, ClientIp};
use crate::Assets;

#[derive(Deserialize)]
pub struct VerifyQuery {
    #[serde(default)]
    surname: String,
    /// The tamper check's verdict, set by its redirect.
    check: Option<String>,
}

pub async fn verify_page(
    State(state): State<AppState>,
    Path(number): Path<String>,
    Query(query): Query<VerifyQuery>,
    ip: Option<Extension<ClientIp>>,
    assets: Option<Extension<Assets>>,
) -> Response {
    let found = verify::verify_certificate(&state, ip.map(|ip| ip.0 .0), &number, &query.surname).await;
    let (status, body) = match found {
        Ok(found) => (StatusCode::OK, certificate(&found, query.check.as_deref())),
        Err(AppError::NotFound) => (StatusCode::NOT_FOUND, alert(ru::VERIFY_NOT_FOUND)),
        Err(error) => (
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            alert(&error.to_string()),
        ),
    };
    let stylesheet = assets.and_then(|assets| assets.0.stylesheet);
    let mut response = (status, document(stylesheet.as_deref(), &body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

fn alert(text: &str) -> String {
    format!("<p class=\"error\" role=\"alert\">{}</p>", esc(text))
}

/// The site's frame around `body`: the same header, styles and footer as every page.
fn document(stylesheet: Option<&str>, body: &str) -> String {
    let stylesheet = stylesheet
        .map(|href| format!("<link rel=\"stylesheet\" href=\"{}\">", esc(href)))
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <link rel=\"icon\" type=\"image/svg+xml\" href=\"/favicon.svg\">{stylesheet}\
         <title>{title}</title></head><body>\
         <header class=\"site-header\"><div class=\"container\"><a href=\"/\" class=\"brand\">{name}</a>\
         <span class=\"tagline\">{tagline}</span></div></header>\
         <main class=\"container\"><h1>{title}</h1>{body}</main>\
         <footer class=\"site-footer\"><div class=\"container\">{footer}</div></footer></body></html>",
        title = esc(ru::VERIFY_TITLE),
        name = esc(ru::APP_NAME),
        tagline = esc(ru::APP_TAGLINE),
        footer = esc(ru::FOOTER),
    )
}

fn certificate(v: &Verification, check: Option<&str>) -> String {
    let status = match &v.revoked {
        None => format!(
            "<p class=\"notice verify-status\" role=\"status\">{}</p>",
            esc(ru::VERIFY_VALID)
        ),
        Some((on, category)) => format!(
            "<p class=\"error verify-status\" role=\"alert\">{}</p><p>{}: {}, {}</p>",
            esc(ru::VERIFY_REVOKED),
            esc(ru::VERIFY_REVOKED_ON),
            esc(on),
            esc(category)
        ),
    };
    let row = |label: &str, value: &str, class: &str| {
        format!("<dt>{}</dt><dd{class}>{}</dd>", esc(label), esc(value))
    };
    let rows = [
        row("№", &v.number, ""),
        row(ru::VERIFY_HOLDER, &v.holder, " class=\"holder\""),
        row(ru::VERIFY_PROGRAMME, &v.programme, ""),
        row(ru::VERIFY_HOURS, &format!("{}{}", v.hours, ru::CERT_HOURS), ""),
        row(ru::VERIFY_ISSUED, &v.issued_on, ""),
        row(ru::VERIFY_REGION, &v.region, ""),
    ]
    .concat();
    format!(
        "<section class=\"card verify\">{status}<dl>{rows}</dl>\
         <form method=\"get\" class=\"inline-form\"><label class=\"field\"><span>{surname}</span>\
         <input name=\"surname\" autocomplete=\"off\"></label><button type=\"submit\">{show}</button></form></section>\
         <section class=\"card\"><h2>{file_title}</h2><p class=\"muted\">{hint} {hint_json}</p>\
         <form method=\"post\" enctype=\"multipart/form-data\" action=\"/verify/{number}/file\">\
         <label class=\"field\"><span>{file}</span><input type=\"file\" name=\"file\" \
         accept=\"application/pdf,application/json,.pdf,.json\" required></label>\
         <button type=\"submit\" class=\"primary\">{check_label}</button></form></section>{verdict}",
        surname = esc(ru::VERIFY_SURNAME),
        show = esc(ru::VERIFY_SHOW),
        file_title = esc(ru::VERIFY_FILE_TITLE),
        hint = esc(ru::VERIFY_FILE_HINT),
        hint_json = esc(ru::VERIFY_FILE_HINT_JSON),
        number = percent_encode(&v.number),
        file = esc(ru::VERIFY_FILE),
        check_label = esc(ru::VERIFY_CHECK),
        verdict = check.map(verdict).unwrap_or_default(),
    )
}

/// The tamper check's verdict, under the forms.
fn verdict(check: &str) -> String {
    match check {
        "match" => format!(
            "<p class=\"notice file-verdict\" role=\"status\">{}</p>",
            esc(ru::VERIFY_MATCH)
        ),
        "mismatch" => format!(
            "<p class=\"error file-verdict\" role=\"alert\">{}</p>",
            esc(ru::VERIFY_MISMATCH)
        ),
        _ => format!(
            "<p class=\"error file-verdict\" role=\"alert\">{}</p>",
            esc(ru::VERIFY_NO_FILE)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found() -> Verification {
        Verification {
            number: "27-2026-000001".into(),
            holder: "<script>alert(1)</script>".into(),
            programme: "Формирующее \"оценивание\"".into(),
            hours: 72,
            issued_on: "01.11.2026".into(),
            region: "Хабаровский край".into(),
            revoked: None,
        }
    }

    #[test]
    fn every_value_is_escaped() {
        let page = certificate(&found(), None);
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
        assert!(!page.contains("<script>"));
        assert!(page.contains("Формирующее &quot;оценивание&quot;"));
        assert!(page.contains("action=\"/verify/27-2026-000001/file\""));
    }

    #[test]
    fn the_verdict_follows_the_redirect() {
        assert!(certificate(&found(), Some("match")).contains(ru::VERIFY_MATCH));
        assert!(certificate(&found(), Some("mismatch")).contains(ru::VERIFY_MISMATCH));
        assert!(certificate(&found(), Some("nofile")).contains(ru::VERIFY_NO_FILE));
        assert!(!certificate(&found(), None).contains("file-verdict"));
    }
}
